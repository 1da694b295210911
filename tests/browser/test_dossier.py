from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from brug.families.models import Family
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_supporter_creates_a_family_records_mandate_and_consent_on_a_phone(
    world, live_server, phone
):
    log_in(phone, live_server, "alice", PASSWORD)
    phone.click("header.top summary")  # on a phone the menu is folded under "Menu"
    phone.click("text=Nieuw gezin")
    phone.fill("#id_display_name", "Gezin Browser")
    phone.fill("#id_postcode", "9000")
    phone.fill("#id_municipality", "Demostad")
    phone.select_option("#id_m-0-role", "parent")
    phone.fill("#id_m-0-first_name", "Sanne")
    phone.fill("#id_m-0-birth_date", "1995-04-12")
    phone.select_option("#id_m-1-role", "expected_child")
    due = (timezone.localdate() + timedelta(days=90)).isoformat()
    phone.fill("#id_m-1-due_date", due)
    # The page fits a 360 px screen: nothing wider than the viewport.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("button.primary")

    phone.wait_for_selector("text=Het gezin is aangemaakt")
    phone.click("text=Mandaat vastleggen")
    phone.select_option("#id_form", "written")
    phone.fill("#id_programme", "VONK")
    phone.fill("#id_scope", "Hulp bij de geboorte en de papieren")
    phone.click("button.primary")
    phone.wait_for_selector("text=Het mandaat is vastgelegd")
    assert phone.is_visible("text=Sanne")

    phone.click("text=Toestemming om te delen vastleggen")
    phone.select_option("#id_organisation", label="CAW Test")
    phone.check("input[name=category_choices][value=identity]")
    phone.check("input[name=category_choices][value=household]")
    phone.fill("#id_purpose", "Samen een woning zoeken")
    phone.select_option("#id_given_by", label="Sanne")
    phone.click("button.primary")
    phone.wait_for_selector("text=De toestemming is vastgelegd")
    assert phone.is_visible("text=CAW: identiteit, gezinssituatie")

    phone.click("nav.tabs >> text=Overzicht")
    assert phone.is_visible("text=verwacht kind")
    phone.click("nav.tabs >> text=Logboek")
    log = phone.inner_text("ol.audit")
    assert "Alice Aerts (OCMW) maakte aan de toestemmingen" in log
    assert "bekeek de gezinssituatie" in log

    family = Family.objects.get(display_name="Gezin Browser")
    assert family.mandates.filter(programme="VONK", ended_on__isnull=True).exists()
    assert family.consents.get().organisation.short_name == "CAW"
