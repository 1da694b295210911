"""Two simultaneous identical creations: the second gets a clear Dutch message, never a 500.

The race is reproduced deterministically: the service's checks pass, and the competing row
is inserted just before the service's own insert, as a request committing in between would.
(The competitor is inserted in the same transaction here, so the service's rollback takes it
away again; what the test holds is the answer to the losing request.)
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from brug.consent.models import Mandate
from brug.core.models import AuditEvent
from brug.rights.models import RightClaim


def _competitor_inserted_before_the_insert(monkeypatch, model, competitor) -> list:
    original, inserted = model.save, []

    def save(self, *args, **kwargs):
        if self.pk is None and not inserted:
            inserted.append(model.objects.bulk_create([competitor()]))  # bulk: no save()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(model, "save", save)
    return inserted


def test_a_mandate_recorded_twice_at_once_answers_the_second_with_a_message(
        world, as_alice, monkeypatch):
    today = timezone.localdate()
    Mandate.objects.filter(pk=world.mandate.pk).update(ended_on=today - timedelta(days=1))
    inserted = _competitor_inserted_before_the_insert(monkeypatch, Mandate, lambda: Mandate(
        family=world.family, given_by=world.parent, given_on=today, form="oral",
        scope="begeleiding", recorded_by=world.bob))
    created = AuditEvent.objects.filter(action="create", category="consent")
    before = created.count()
    response = as_alice.post(reverse("consent:mandate-create", args=[world.family.pk]), {
        "given_by": world.parent.pk, "given_on": today.isoformat(), "form": "oral",
        "scope": "begeleiding door Alice"})
    assert inserted  # the checks passed; the database refused the insert
    assert response.status_code == 200
    assert "Er loopt al een mandaat voor dit gezin." in response.content.decode()
    assert "begeleiding door Alice" in response.content.decode()  # what was typed stays
    assert not Mandate.objects.filter(recorded_by=world.alice, ended_on__isnull=True).exists()
    assert created.count() == before  # no trace of a mandate that was not recorded


def test_a_right_claim_started_twice_at_once_answers_the_second_with_a_message(
        world, as_alice, monkeypatch):
    today = timezone.localdate()
    inserted = _competitor_inserted_before_the_insert(monkeypatch, RightClaim, lambda: RightClaim(
        family=world.family, right_id="huurpremie", status="discussed", status_on=today))
    response = as_alice.post(reverse("rights:claim", args=[world.family.pk, "huurpremie"]), {
        "status": "discussed", "happened_on": today.isoformat(), "note": "bij huisbezoek"})
    assert inserted
    assert response.status_code == 200
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in response.content.decode()
    assert "bij huisbezoek" in response.content.decode()  # what was typed stays
