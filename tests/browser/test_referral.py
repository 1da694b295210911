"""In the browser: find a service by life domain, refer a family with its consent, accept as
the receiving worker, close with an outcome, see it on the family's dossier."""

from __future__ import annotations

import pytest

from brug.referrals.models import Referral, ReferralStatus
from tests.conftest import PASSWORD
from tests.network_world import make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def _login(browser, live_server, username):
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="nl-BE")
    page = context.new_page()
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")
    return page


def test_refer_accept_close_and_see_it_on_the_dossier(world, live_server, browser):
    make_service(world.network, org=world.partner_org, name="Woonbegeleiding CAW")
    make_service(world.network, org=world.partner_org, name="Speelotheek", domains=",vrije_tijd,")

    alice = _login(browser, live_server, "alice")
    alice.goto(f"{live_server.url}/gezinnen/{world.family.pk}/doorverwijzingen/")
    alice.click("text=Nieuwe doorverwijzing: zoek een dienst")
    alice.select_option("select[name=domain]", "huisvesting")
    alice.click("form.search button[type=submit]")
    alice.wait_for_selector("text=1 dienst gevonden")
    assert alice.locator("text=Speelotheek").count() == 0
    alice.click("text=Woonbegeleiding CAW")
    alice.click("text=doorverwijzen naar deze dienst")
    alice.fill("textarea[name=question]", "Het gezin zoekt een betaalbare woning voor 4 personen.")
    alice.check("input[name=consent_now]")
    alice.select_option("select[name=given_by]", str(world.parent.pk))
    alice.click("text=Doorverwijzing versturen")
    alice.wait_for_selector("#referral-status")
    assert alice.inner_text("#referral-status") == "verstuurd"
    referral = Referral.objects.get()

    charlie = _login(browser, live_server, "charlie")
    charlie.goto(f"{live_server.url}/doorverwijzingen/")
    charlie.click("text=Gezin Test")
    assert "betaalbare woning" in charlie.content()
    charlie.click("button:has-text('Aanvaarden')")
    charlie.wait_for_selector("#referral-status:has-text('aanvaard')")
    charlie.check("input[name=outcome][value=helped]")
    charlie.click("text=Afsluiten met dit resultaat")
    charlie.wait_for_selector("#referral-outcome")
    assert "geholpen" in charlie.inner_text("#referral-outcome")

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    alice.goto(f"{live_server.url}/gezinnen/{world.family.pk}/doorverwijzingen/")
    tab = alice.inner_text("main")
    assert "Woonbegeleiding CAW" in tab and "afgesloten" in tab and "geholpen" in tab
    # the receiving worker's access ended with the referral
    charlie.goto(f"{live_server.url}/gezinnen/{world.family.pk}/")
    assert "niet gevonden" in charlie.content().lower() or "404" in charlie.content()
