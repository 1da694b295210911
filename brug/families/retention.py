"""The retention process: the only thing that still changes a read-only dossier.

After the family ended its mandate and the retention period (settings.RETENTION_YEARS) has
passed without a new mandate, the family's identifying data is removed, and every app clears
the free text it holds about the family (anonymisers registered in `brug.core.retention`).
What stays: the family row (so counts and anonymous reports keep adding up), birth years of
the members, the dates, kinds and counts other apps keep, and the audit trail (which names
workers, not the family).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from brug.consent.models import Mandate
from brug.core import retention
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.models import AuditAction
from brug.families.models import Family, Member, Note


def families_due(today: date | None = None):
    """Families whose last mandate ended more than the retention period ago, none running."""
    today = today or timezone.localdate()
    cutoff = today.replace(year=today.year - settings.RETENTION_YEARS)
    running = Mandate.objects.filter(family_id=OuterRef("pk"), ended_on__isnull=True)
    return (
        Family.objects.filter(anonymised_at__isnull=True)
        .annotate(last_end=Max("mandates__ended_on"))
        .filter(last_end__lt=cutoff)
        .exclude(Exists(running))
    )


@transaction.atomic
def family_anonymise(*, family: Family) -> None:
    """Remove what identifies the family. Run by the retention process (actor: Brug)."""
    family.display_name = "Gezin (geanonimiseerd)"
    family.street_address = family.phone = family.email = family.neighbourhood = ""
    family.contact_worker = None
    family.anonymised_at = timezone.now()
    family.save()
    for member in Member.objects.filter(family=family):
        member.first_name = member.last_name = member.languages = ""
        if member.birth_date:
            member.birth_date = member.birth_date.replace(month=1, day=1)
        member.save()
    Note.objects.filter(family=family).delete()
    # Contacts, goals, minutes, reasons, notes… of the other apps (mandates: consent app).
    retention.anonymise_free_text(family.pk)
    audit_record(actor=None, family_id=family.pk, category=Category.IDENTITY,
                 action=AuditAction.ANONYMISE, detail="bewaartermijn verstreken")


def apply_retention(today: date | None = None) -> int:
    count = 0
    for family in families_due(today).iterator():
        family_anonymise(family=family)
        count += 1
    return count
