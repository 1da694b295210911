"""The audit trail keeps purposes in the source language, whatever the writer's language, and
shows them in the reader's: a French-speaking worker's read must not leave French in the
trail that a Dutch colleague, the family's log and `audit_verify` read later."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from brug.core.audit import describe
from brug.core.models import AuditEvent
from tests.conftest import login


def test_a_read_by_a_french_speaking_worker_is_stored_in_dutch_and_shown_in_english(world):
    client = login(world.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get(f"/gezinnen/{world.family.pk}/toestemming/").status_code == 200
    event = AuditEvent.objects.filter(family_id=world.family.pk).latest("id")
    assert event.purpose == "toestemmingen bekijken"
    with translation.override("en"):
        assert "purpose: view the consents" in describe(event)
