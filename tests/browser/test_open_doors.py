"""On a phone: a walk-in visit referred to a service of the sociale kaart, and a session's
attendance recorded (a known family and anonymous counts)."""

from __future__ import annotations

import pytest

from brug.activities.models import Attendance, Session
from brug.walkin.models import Visit
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.network_world import make_service
from tests.open_doors_world import build_open_doors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_walk_in_visit_is_referred_to_a_service(world, live_server, phone):
    doors = build_open_doors(world)
    make_service(world.network, org=world.partner_org, name="Budgetbegeleiding")
    log_in(phone, live_server, "alice", PASSWORD)
    phone.goto(f"{live_server.url}/inloop/{doors.hour.pk}/")
    phone.fill("#find-service", "budget")
    phone.get_by_role("button", name="Zoeken").click()
    phone.wait_for_url("**dienst=budget")
    phone.fill("textarea[name=question]", "Schulden bij de energieleverancier")
    phone.get_by_label("inkomen").check()
    phone.get_by_label("doorverwezen naar een dienst").check()
    phone.select_option("select[name=service]", label="Budgetbegeleiding — CAW Test")
    phone.get_by_role("button", name="Bezoek bewaren").click()
    phone.wait_for_selector("text=Het bezoek is bewaard, zonder dossier.")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    visit = Visit.objects.get(question="Schulden bij de energieleverancier")
    assert visit.service.name == "Budgetbegeleiding" and visit.family_id is None


def test_a_sessions_attendance_is_recorded(world, live_server, phone):
    doors = build_open_doors(world)
    Attendance.objects.all().delete()
    log_in(phone, live_server, "alice", PASSWORD)
    phone.goto(f"{live_server.url}/activiteiten/sessie/{doors.session.pk}/")
    phone.fill("input[name=anonymous_families]", "3")
    phone.fill("input[name=anonymous_adults]", "4")
    phone.fill("input[name=anonymous_children]", "6")
    phone.get_by_role("button", name="Aantallen bewaren").click()
    phone.wait_for_selector("text=De aantallen zijn bewaard.")
    phone.fill("#find-family", "Gezin Test")
    phone.get_by_role("button", name="Zoeken").click()
    phone.fill(f"#children-{world.family.pk}", "2")
    phone.get_by_role("button", name="Aanwezig").click()
    phone.wait_for_selector("text=Aanwezigheid bewaard.")
    assert "2 kinderen mee" in phone.content()
    session = Session.objects.get(pk=doors.session.pk)
    assert (session.anonymous_families, session.anonymous_adults,
            session.anonymous_children) == (3, 4, 6)
    assert Attendance.objects.get(session=session).children == 2
