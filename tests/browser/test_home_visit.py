"""A supporter records a home visit on a 360 px wide phone screen and sees it counted."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.trajectories.factories import trajectory_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

@pytest.fixture
def page(browser):
    """A touch phone 360 px wide, from the shared headless Chromium."""
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  is_mobile=True, has_touch=True, locale="nl-BE")
    yield context.new_page()
    context.close()


def test_it_records_a_home_visit_on_a_phone(world, live_server, page):
    trajectory_world(world)  # one earlier contact of 45 minutes today
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/gezinnen/{world.family.pk}/contacten/nieuw/?next=agenda")
    # Nothing wider than the screen: no sideways scrolling during a visit.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("huisbezoek").check()
    page.fill("input[name=minutes]", "35")
    page.fill("textarea[name=note]", "Samen het huurcontract doorgenomen")
    button = page.get_by_role("button", name="Contact bewaren")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # big enough for one thumb
    button.click()
    page.wait_for_url("**/agenda/")
    agenda = page.content()
    assert "Het contact is bewaard." in agenda
    assert "80 minuten" in agenda  # 45 earlier + 35 now
    assert "huisbezoek, 35 min" in agenda
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{live_server.url}/gezinnen/{world.family.pk}/trajecten/")
    assert "80 minuten in 2 contacten" in page.content()
    assert timezone.localdate()
