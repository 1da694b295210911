"""Writes of screenings and rights assessments, each with its audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brug.core import policy
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.errors import ReadOnlyDossier, require
from brug.core.models import AuditAction
from brug.screening import kansarmoede
from brug.screening.fundamental_rights import DEFAULT_RIGHTS, anchors_for
from brug.screening.models import (
    DeprivationScreening,
    FundamentalRight,
    RightAnchor,
    RightsAssessment,
    RightScore,
)


def _require_change(actor, family, category: str) -> None:
    access = policy.access_for(actor, family)
    if access.read_only:
        raise ReadOnlyDossier(ReadOnlyDossier.message)
    require(access.can_change(category))


def _not_in_future(day: date) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("De datum ligt in de toekomst."))


@transaction.atomic
def screening_record(*, actor, family, screened_on: date, answers: dict[str, str],
                     note: str = "") -> DeprivationScreening:
    """A new kansarmoede-index screening; earlier ones stay as history."""
    _require_change(actor, family, Category.HOUSEHOLD)
    _not_in_future(screened_on)
    try:
        result = kansarmoede.evaluate(answers)
    except ValueError as exc:
        raise ValidationError(_("Deze screening is niet volledig: %(e)s") % {"e": exc}) from exc
    screening = DeprivationScreening(
        family=family, screened_on=screened_on, answers=dict(answers),
        threshold=result.threshold, weak_count=result.weak, unknown_count=result.unknown,
        outcome=result.outcome, note=note, recorded_by=actor,
    )
    screening.full_clean()
    screening.save()
    audit_record(actor=actor, family_id=family.pk, category=Category.HOUSEHOLD,
                 action=AuditAction.CREATE, detail=_("kansarmoede-screening"))
    return screening


@transaction.atomic
def fundamental_rights_ensure(*, network) -> list[FundamentalRight]:
    """Seed the default rights and anchors for a network that has none yet."""
    existing = list(FundamentalRight.objects.filter(network=network, active=True))
    if existing:
        return existing
    created = []
    for order, (key, name, (low, mid, high)) in enumerate(DEFAULT_RIGHTS):
        right = FundamentalRight.objects.create(network=network, key=key, name=name,
                                                order=order)
        RightAnchor.objects.bulk_create(
            RightAnchor(right=right, score=s, text=t)
            for s, t in sorted(anchors_for(low, mid, high).items())
        )
        created.append(right)
    return created


@transaction.atomic
def assessment_record(*, actor, family, assessed_on: date,
                      scores: dict[int, tuple[int | None, int | None, int | None]],
                      chosen_right: FundamentalRight | None = None,
                      note: str = "") -> RightsAssessment:
    """`scores`: right id -> (family score, worker score, joint score), each 0–10 or None."""
    _require_change(actor, family, Category.RIGHTS)
    _not_in_future(assessed_on)
    rights = {r.pk: r for r in FundamentalRight.objects.filter(
        network_id=family.organisation.network_id, pk__in=list(scores))}
    if set(scores) - set(rights):
        raise ValidationError(_("Onbekend grondrecht."))
    if chosen_right is not None and chosen_right.network_id != family.organisation.network_id:
        raise ValidationError(_("Onbekend grondrecht."))
    for values in scores.values():
        for value in values:
            if value is not None and not 0 <= value <= 10:
                raise ValidationError(_("Een score ligt tussen 0 en 10."))
    assessment = RightsAssessment(family=family, assessed_on=assessed_on,
                                  chosen_right=chosen_right, note=note, recorded_by=actor)
    assessment.full_clean()
    assessment.save()
    RightScore.objects.bulk_create(
        RightScore(assessment=assessment, right=rights[rid], family_score=f, worker_score=w,
                   joint_score=j)
        for rid, (f, w, j) in scores.items()
    )
    audit_record(actor=actor, family_id=family.pk, category=Category.RIGHTS,
                 action=AuditAction.CREATE, detail=_("grondrechtenmeting"))
    return assessment
