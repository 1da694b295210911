"""Writes for the rights pages: facts and claims, each with its audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.errors import require
from brug.core.locking import StaleEdit, save_versioned
from brug.core.models import AuditAction
from brug.notifications import services as notifications
from brug.notifications.models import Kind
from brug.rights import selectors
from brug.rights.engine import FactValidationError
from brug.rights.engine.vocabulary import FACTS
from brug.rights.models import (
    MEMBER_PREFIX,
    NEXT_STATUS,
    RECEIVED_PREFIX,
    ClaimStatus,
    FamilyFact,
    RightClaim,
    RightClaimEvent,
)

# The statuses that are an institution's decision on a claim.
DECISIONS = (ClaimStatus.GRANTED, ClaimStatus.REFUSED)


def _require_change(actor, family) -> None:
    require(policy.access_for(actor, family).can_change(Category.RIGHTS))


def storable_key(family, key: str) -> bool:
    if key.startswith(RECEIVED_PREFIX):
        return key[len(RECEIVED_PREFIX):] in selectors.catalogue().by_id
    if key.startswith(MEMBER_PREFIX):
        parts = key.split(":")
        return (len(parts) == 3 and parts[1].isdecimal()
                and parts[2] in selectors.MEMBER_FACT_FIELDS
                and family.members.filter(pk=int(parts[1])).exists())
    return key in FACTS and not FACTS[key].derived


@transaction.atomic
def fact_record(*, actor, family, key: str, value: Any, on: date | None = None) -> FamilyFact:
    """Record one fact. Refused (ValidationError with the engine's Dutch message) when the
    household it leads to is impossible; nothing is stored then."""
    _require_change(actor, family)
    if not storable_key(family, key):
        raise ValidationError(_("Dit gegeven kent Brug niet."))
    on = on or timezone.localdate()
    # Checked as the actor's page evaluates it: a refusal never rests on a field the actor
    # is not granted (e.g. the postcode without `contact`).
    categories = policy.access_for(actor, family).categories
    dossier = selectors.dossier_of(family, on, categories=categories)
    row = FamilyFact(family=family, key=key, value=value, recorded_by=actor)
    dossier_facts = dict(dossier.facts)
    dossier_facts[key] = row
    candidate = selectors.build_household_input(
        family, list(family.members.order_by("id")), dossier_facts, dossier.claims, on,
        categories=categories)
    try:
        selectors.validate(candidate, on)
    except FactValidationError as exc:
        raise ValidationError([message for _field, message in exc.errors]) from None
    row.full_clean()
    row.save()
    audit_record(actor=actor, family_id=family.pk, category=Category.RIGHTS,
                 action=AuditAction.CHANGE,
                 detail=gettext_noop("gegeven voor rechten: %(key)s") % {"key": key})
    return row


@transaction.atomic
def claim_change(*, actor, family, right_id: str, status: str, happened_on: date,
                 note: str = "", expected_version: int | None = None) -> RightClaim:
    """Start or move a claim along besproken → aangevraagd → toegekend / geweigerd → bezwaar.

    `expected_version` is the version the form was shown with (None for a new claim); a claim
    changed by someone else in between raises StaleEdit.
    """
    _require_change(actor, family)
    selectors.right_get(right_id)
    claim = RightClaim.objects.select_for_update().filter(family=family, right_id=right_id).first()
    current = claim.status if claim else None
    if claim is not None and expected_version is None:
        raise StaleEdit()
    if claim is None and expected_version is not None:
        raise StaleEdit()
    if status not in NEXT_STATUS.get(current, ()):
        raise ValidationError(_("Van „%(a)s” kan je niet naar „%(b)s”.") % {
            "a": ClaimStatus(current).label if current else _("nieuw"),
            "b": ClaimStatus(status).label if status in ClaimStatus.values else status})
    if happened_on > timezone.localdate():
        raise ValidationError(_("Die datum ligt in de toekomst."))
    if claim is None:
        claim = RightClaim(family=family, right_id=right_id, status=status, status_on=happened_on,
                           note=note)
        claim.full_clean()
        try:
            with transaction.atomic():  # a savepoint: the transaction stays usable
                claim.save()
        except IntegrityError:
            # Another request started this claim between the read above and this insert
            # (one claim per right): as when it had been there already, a stale edit.
            raise StaleEdit() from None
        action = AuditAction.CREATE
    else:
        claim.status, claim.status_on = status, happened_on
        if note:
            claim.note = note
        claim.full_clean()
        save_versioned(claim, expected_version=expected_version,
                       fields=["status", "status_on", "note"])
        action = AuditAction.CHANGE
    event = RightClaimEvent(claim=claim, status=status, happened_on=happened_on, note=note,
                            recorded_by=actor)
    event.full_clean()
    event.save()
    audit_record(actor=actor, family_id=family.pk, category=Category.RIGHTS, action=action,
                 detail=gettext_noop("aanvraag %(right)s: %(status)s") % {
                     "right": right_id, "status": ClaimStatus(status).label})
    if status in DECISIONS:
        # A decision recorded by a colleague: the family's contact person is told (`notify`
        # skips the actor, so the contact person recording it is not).
        notifications.notify(recipients=[family.contact_worker], kind=Kind.CLAIM_DECIDED,
                             family_id=family.pk, object_id=claim.pk, actor=actor)
    return claim


# Facts answered in words (not numbers, choices or yes/no).
TEXT_FACTS = tuple(key for key, fact in FACTS.items() if fact.type == "text")


def free_text_clear(family_id: int) -> None:
    """Retention: clear claim notes and facts answered in words; statuses and dates stay."""
    RightClaim.objects.filter(family_id=family_id).update(note="")
    RightClaimEvent.objects.filter(claim__family_id=family_id).update(note="")
    FamilyFact.objects.filter(family_id=family_id, key__in=TEXT_FACTS).update(value=None)
