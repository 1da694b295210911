"""Writes of concerns: each one transaction with its audit event (category `concern`, detail
`zorg <id>`, so the family's log can withhold it; `Concern.audit_detail`)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.concerns.models import Concern, ConcernReview, ConcernStatus, FamilyTold
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.errors import require
from brug.core.locking import save_versioned
from brug.core.models import AuditAction


def _audit(actor, concern: Concern, action: str, purpose: str) -> None:
    audit_record(actor=actor, family_id=concern.family_id, category=Category.CONCERN,
                 action=action, purpose=purpose, detail=concern.audit_detail)


def _check(concern: Concern) -> None:
    errors = {}
    today = timezone.localdate()
    if concern.observed_on and concern.observed_on > today:
        errors["observed_on"] = _("Deze datum ligt in de toekomst.")
    if concern.withheld:
        if not concern.withheld_reason.strip():
            errors["withheld_reason"] = _(
                "Schrijf waarom het gezin dit nu niet mag weten: het kind zou in gevaar komen.")
        if concern.review_on is None:
            errors["review_on"] = _("Kies wanneer deze beslissing opnieuw bekeken wordt.")
        elif concern.review_on < today:
            errors["review_on"] = _("Deze datum ligt in het verleden.")
    else:
        concern.withheld_reason = ""
        concern.review_on = None
    if concern.child_id and concern.child.family_id != concern.family_id:
        errors["child"] = _("Dit kind hoort niet bij dit gezin.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def concern_record(*, actor, family, concern: Concern) -> Concern:
    require(policy.concern_access(actor, family).record)
    concern.family = family
    concern.organisation_id = family.organisation_id
    concern.recorded_by = actor
    _check(concern)
    concern.full_clean()
    concern.save()
    _audit(actor, concern, AuditAction.CREATE, gettext_noop("zorg vastgelegd"))
    return concern


@transaction.atomic
def concern_update(*, actor, concern: Concern, expected_version: int,
                   changed: list[str]) -> Concern:
    require(policy.concern_access(actor, concern.family).record)
    if not concern.is_open:
        raise ValidationError(_("Deze zorg is afgesloten."))
    _check(concern)
    concern.full_clean()
    fields = [f for f in changed if f in {
        "child", "observed_on", "seen", "consulted", "consulted_note", "decision",
        "decision_reason", "family_told", "withheld_reason", "review_on"}]
    if "family_told" in fields:
        fields = list(dict.fromkeys([*fields, "withheld_reason", "review_on"]))
    save_versioned(concern, expected_version=expected_version, fields=fields)
    _audit(actor, concern, AuditAction.CHANGE, gettext_noop("zorg aangepast"))
    return concern


@transaction.atomic
def concern_review(*, actor, concern: Concern, expected_version: int, keep_withheld: bool,
                   reason: str, next_review_on: date | None) -> ConcernReview:
    """Review a decision not to tell the family: keep it (with the next review date) or lift
    it (the family's log then shows this concern's events again)."""
    require(policy.concern_access(actor, concern.family).review)
    if not concern.withheld:
        raise ValidationError(_("Het gezin weet van deze zorg: er is niets te herbekijken."))
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Schrijf waarom je zo beslist.")
    today = timezone.localdate()
    if keep_withheld and (next_review_on is None or next_review_on <= today):
        errors["next_review_on"] = _("Kies een datum na vandaag om opnieuw te bekijken.")
    if errors:
        raise ValidationError(errors)
    review = ConcernReview.objects.create(
        concern=concern, reviewed_on=today, keep_withheld=keep_withheld, reason=reason.strip(),
        next_review_on=next_review_on if keep_withheld else None, by=actor)
    if keep_withheld:
        concern.review_on = next_review_on
        fields = ["review_on"]
    else:
        concern.family_told = FamilyTold.WILL_TELL
        concern.review_on = None
        fields = ["family_told", "review_on"]
    save_versioned(concern, expected_version=expected_version, fields=fields)
    _audit(actor, concern, AuditAction.CHANGE,
           gettext_noop("zorg herbekeken: het gezin weet het nog niet") if keep_withheld
           else gettext_noop("zorg herbekeken: het gezin mag het weten"))
    return review


@transaction.atomic
def concern_close(*, actor, concern: Concern, expected_version: int, note: str) -> Concern:
    require(policy.concern_access(actor, concern.family).record)
    if not concern.is_open:
        raise ValidationError(_("Deze zorg is al afgesloten."))
    if not note.strip():
        raise ValidationError({"closing_note": _("Schrijf kort waarom de zorg afgesloten wordt.")})
    concern.status = ConcernStatus.CLOSED
    concern.closed_on = timezone.localdate()
    concern.closing_note = note.strip()
    save_versioned(concern, expected_version=expected_version,
                   fields=["status", "closed_on", "closing_note"])
    _audit(actor, concern, AuditAction.END, gettext_noop("zorg afgesloten"))
    return concern


def free_text_clear(family_id: int) -> None:
    """Retention: clear what people wrote about the family's concerns."""
    Concern.objects.filter(family_id=family_id).update(
        seen="", consulted_note="", decision_reason="", withheld_reason="", closing_note="")
    ConcernReview.objects.filter(concern__family_id=family_id).update(reason="")
