"""A parent on a phone: activation code, Arabic, the plan, withdrawing a consent — and the
partner organisation loses the dossier at once."""

from __future__ import annotations

import pytest

from brug.portal import services as portal_services
from tests.conftest import give_consent, login
from tests.trajectories.factories import trajectory_world

pytestmark = pytest.mark.browser

PIN = "582947"


def test_a_parent_activates_reads_the_plan_in_arabic_and_withdraws_a_consent(
    world, live_server, phone
):
    t = trajectory_world(world)
    consent = give_consent(world.family, world.partner_org, ["identity", "plan"], world.alice)
    account, code = portal_services.account_create(actor=world.alice, family=world.family,
                                                   member=world.parent)
    charlie = login(world.charlie)
    assert charlie.get(f"/gezinnen/{world.family.pk}/").status_code == 200

    # The handover sheet's code: activate and choose a PIN.
    phone.goto(f"{live_server.url}/gezin/activeren/")
    phone.fill("#id_login_name", account.user.username)
    phone.fill("#id_code", code)
    phone.fill("#id_secret", PIN)
    phone.fill("#id_secret_again", PIN)
    phone.click("button.p-primary")
    phone.wait_for_url(f"{live_server.url}/gezin/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # Arabic: the whole page turns right-to-left, and stays so on the next page.
    phone.select_option("#p-lang-select", "ar")
    phone.click("form.p-lang button")
    phone.wait_for_selector("html[lang=ar][dir=rtl]")
    phone.goto(f"{live_server.url}/gezin/plan/")
    assert phone.get_attribute("html", "dir") == "rtl"
    assert t.goal.family_wording in phone.inner_text("main")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # Withdraw the consent to the CAW, with the confirmation page.
    phone.goto(f"{live_server.url}/gezin/toestemming/{consent.pk}/intrekken/")
    phone.click("button.p-danger")
    phone.wait_for_url(f"{live_server.url}/gezin/toestemming/")
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None

    # The CAW's worker no longer finds the family: not even that it exists.
    assert charlie.get(f"/gezinnen/{world.family.pk}/").status_code == 404
    # And the contact person was told, in the dossier's portal tab.
    assert world.family.portal_messages.filter(kind="notice", to_worker=world.alice).exists()
