from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from brug.core.audit import verify_chains
from brug.core.models import AuditEvent
from brug.families.models import Family
from brug.families.retention import apply_retention
from tests.conftest import login

TODAY = timezone.localdate


def _end_mandate(world, days_ago: int):
    world.mandate.given_on = TODAY() - timedelta(days=days_ago + 10)
    world.mandate.ended_on = TODAY() - timedelta(days=days_ago)
    world.mandate.save()


def test_it_anonymises_a_dossier_after_the_retention_period(world, settings):
    settings.RETENTION_YEARS = 5
    _end_mandate(world, days_ago=6 * 366)
    call_command("apply_retention")
    family = Family.objects.get(pk=world.family.pk)
    assert family.anonymised_at is not None
    assert family.display_name == "Gezin (geanonimiseerd)" and family.street_address == ""
    assert set(family.members.values_list("first_name", flat=True)) == {""}
    assert family.members.get(role="parent").birth_date.month == 1
    assert AuditEvent.objects.filter(family_id=family.pk, action="anonymise").exists()
    assert verify_chains()[1] == []
    assert login(world.alice).get(f"/gezinnen/{family.pk}/").status_code == 404


def test_it_keeps_a_dossier_within_the_retention_period(world, settings):
    settings.RETENTION_YEARS = 5
    _end_mandate(world, days_ago=4 * 365)
    assert apply_retention() == 0
    assert Family.objects.get(pk=world.family.pk).display_name == "Gezin Test"


def test_it_never_touches_a_family_with_a_running_mandate(world, settings):
    settings.RETENTION_YEARS = 5
    assert apply_retention(TODAY() + timedelta(days=20 * 365)) == 0
