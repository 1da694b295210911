"""Writes of screenings and rights assessments, each with its audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.errors import ReadOnlyDossier, require
from brug.core.locking import StaleEdit, save_versioned
from brug.core.models import AuditAction
from brug.network.models import Role
from brug.screening import kansarmoede
from brug.screening.fundamental_rights import DEFAULT_RIGHTS, anchors_for
from brug.screening.models import (
    ANCHOR_SCORES,
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
                 action=AuditAction.CREATE, detail=gettext_noop("kansarmoede-screening"))
    return screening


@transaction.atomic
def screening_correct(*, actor, screening: DeprivationScreening, expected_version: int | None,
                      screened_on: date, answers: dict[str, str],
                      note: str = "") -> DeprivationScreening:
    """Corrects a screening (a wrong answer, a wrong date); its outcome is computed again."""
    family = screening.family
    _require_change(actor, family, Category.HOUSEHOLD)
    _not_in_future(screened_on)
    if expected_version is None:
        raise StaleEdit()
    try:
        result = kansarmoede.evaluate(answers)
    except ValueError as exc:
        raise ValidationError(_("Deze screening is niet volledig: %(e)s") % {"e": exc}) from exc
    screening.screened_on = screened_on
    screening.answers = dict(answers)
    screening.threshold = result.threshold
    screening.weak_count = result.weak
    screening.unknown_count = result.unknown
    screening.outcome = result.outcome
    screening.note = note
    screening.full_clean()
    save_versioned(screening, expected_version=expected_version,
                   fields=["screened_on", "answers", "threshold", "weak_count",
                           "unknown_count", "outcome", "note"])
    audit_record(actor=actor, family_id=family.pk, category=Category.HOUSEHOLD,
                 action=AuditAction.CHANGE, detail=gettext_noop("kansarmoede-screening verbeterd"))
    return screening


@transaction.atomic
def fundamental_rights_ensure(*, network) -> list[FundamentalRight]:
    """Seed the default rights and anchors for a network that has none yet; the active ones.

    A network whose coordinator deactivated every right is not seeded again.
    """
    if FundamentalRight.objects.filter(network=network).exists():
        return list(FundamentalRight.objects.filter(network=network, active=True))
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
    # Only active rights: a deactivated right stays in old measurements, not in new ones.
    rights = {r.pk: r for r in FundamentalRight.objects.filter(
        network_id=family.organisation.network_id, active=True, pk__in=list(scores))}
    if set(scores) - set(rights):
        raise ValidationError(_("Onbekend grondrecht."))
    if chosen_right is not None and (chosen_right.network_id != family.organisation.network_id
                                     or not chosen_right.active):
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
                 action=AuditAction.CREATE, detail=gettext_noop("grondrechtenmeting"))
    return assessment


# The audit category of network configuration of the grondrechtenmeting (no family data).
AUDIT_CATEGORY = "screening"


def can_configure_rights(worker) -> bool:
    """Coordinators of the network, like the programme pages."""
    return policy.can_manage_network(worker) and worker.has_role(Role.COORDINATOR)


def _free_key(network_id: int, name: str) -> str:
    base = (slugify(name) or "grondrecht")[:34]
    taken = set(FundamentalRight.objects.filter(network_id=network_id, key__startswith=base)
                .values_list("key", flat=True))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def fundamental_right_save(*, actor, right: FundamentalRight, anchors: dict[int, str],
                           expected_version: int | None = None) -> FundamentalRight:
    """Create or change a right of the actor's network with its anchor for every score 0–10.

    A change is refused (StaleEdit) when someone saved the right since the form was opened;
    anchors count as part of the right, so their change bumps its version too.
    """
    require(can_configure_rights(actor))
    network_id = actor.organisation.network_id
    texts = {score: (anchors.get(score) or "").strip() for score in ANCHOR_SCORES}
    missing = [score for score, text in texts.items() if not text]
    if missing:
        raise ValidationError({f"anchor_{score}": _(
            "Schrijf wat score %(n)d betekent.") % {"n": score} for score in missing})
    new = right.pk is None
    if new:
        right.network_id = network_id
        right.key = _free_key(network_id, right.name)
    else:
        require(right.network_id == network_id)
    right.full_clean()
    if new:
        right.save()
        RightAnchor.objects.bulk_create(RightAnchor(right=right, score=score, text=text)
                                        for score, text in texts.items())
    else:
        save_versioned(right, expected_version=expected_version or 0,
                       fields=["name", "order", "active"])
        current = {a.score: a for a in RightAnchor.objects.filter(right=right)}
        for score, text in texts.items():
            anchor = current.get(score)
            if anchor is None:
                RightAnchor.objects.create(right=right, score=score, text=text)
            elif anchor.text != text:
                anchor.text = text
                anchor.save(update_fields=["text"])
    detail = gettext_noop("grondrecht %(name)s%(state)s") % {
        "name": right.name, "state": "" if right.active else _(" (niet actief)")}
    audit_record(actor=actor, family_id=None, category=AUDIT_CATEGORY,
                 action=AuditAction.CREATE if new else AuditAction.CHANGE, detail=detail)
    return right


def free_text_clear(family_id: int) -> None:
    """Retention: clear the notes of screenings and measurements; scores and outcomes stay."""
    DeprivationScreening.objects.filter(family_id=family_id).update(note="")
    RightsAssessment.objects.filter(family_id=family_id).update(note="")
