"""A volunteer matched with a family after the family's consent logs a visit on a phone."""

from __future__ import annotations

import pytest
from django.utils import timezone

from brug.volunteers import services
from brug.volunteers.models import VisitLog, VolunteerProfile, VolunteerRequest
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_a_matched_volunteer_logs_a_visit(world, live_server, phone):
    VolunteerProfile.objects.create(worker=world.vera, languages="Nederlands, Arabisch",
                                    availability=",wed_pm,", skills=",paperwork,")
    request = services.request_create(actor=world.alice, family=world.family,
                                      request=VolunteerRequest(
                                          help_kinds=",paperwork,", languages="Arabisch",
                                          times=",wed_pm,", description="Brieven lezen"))
    # The supporter picks the suggestion and records the family's consent with the match.
    _log_in(phone, live_server, "alice")
    phone.goto(f"{live_server.url}/gezinnen/{world.family.pk}/vrijwilliger/vraag/{request.pk}/")
    assert "spreekt Arabisch" in phone.content()
    phone.get_by_role("link", name="Deze vrijwilliger kiezen").click()
    phone.select_option("select[name=consent_given_by]", str(world.parent.pk))
    phone.get_by_role("button", name="Koppelen").click()
    phone.wait_for_url("**/vrijwilliger/#koppelen")  # the fragment survives the redirect
    assert "De vrijwilliger is gekoppeld aan het gezin." in phone.content()
    phone.context.clear_cookies()
    # The volunteer finds the family and logs a visit with a concern.
    _log_in(phone, live_server, "vera")
    phone.goto(f"{live_server.url}/vrijwilligers/mijn-gezinnen/")
    phone.get_by_role("link", name="Gezin Test").click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.fill("input[name=minutes]", "90")
    phone.fill("textarea[name=what_done]", "Samen de brief van de school gelezen")
    phone.fill("textarea[name=concern]", "Mama is erg moe")
    phone.get_by_role("button", name="Bezoek bewaren").click()
    phone.wait_for_load_state()
    body = phone.content()
    assert "Het bezoek is bewaard." in body and "Alice Aerts" in body
    visit = VisitLog.objects.get()
    assert visit.visited_on == timezone.localdate() and visit.has_open_concern
