"""On a 360 px phone: a partner worker corrects its service's description and opening hours."""

from __future__ import annotations

import pytest

from brug.directory.models import Schedule, Service
from tests.browser.test_referral import _login
from tests.network_world import make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partner_worker_edits_its_service_on_a_phone(world, live_server, browser):
    service = make_service(world.network, org=world.partner_org, name="Woonbegeleiding CAW")
    charlie = _login(browser, live_server, "charlie")
    charlie.goto(f"{live_server.url}/sociale-kaart/diensten/{service.pk}/")
    charlie.click("text=bewerken")
    charlie.wait_for_selector("h1:has-text('bewerken')")
    # nothing sticks out sideways on a small phone
    assert charlie.evaluate("document.documentElement.scrollWidth") <= 360
    charlie.fill("textarea[name=description]", "Samen zoeken naar een woning, ook op zaterdag.")
    charlie.select_option("select[name=uren-1-weekday]", "SA")
    charlie.fill("input[name=uren-1-opens_at]", "10:00")
    charlie.fill("input[name=uren-1-closes_at]", "12:30")
    charlie.click("button:has-text('Bewaren')")
    charlie.wait_for_selector("text=De dienst is bewaard.")
    assert "zaterdag" in charlie.inner_text("ul.hours")
    assert Service.objects.get(pk=service.pk).description.endswith("ook op zaterdag.")
    assert Schedule.objects.filter(service=service, weekday="SA").exists()
