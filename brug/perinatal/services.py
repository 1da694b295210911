"""Writes of the perinatal register: each one transaction with its audit event."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.errors import require
from brug.core.models import AuditAction
from brug.families import services as family_services
from brug.families.models import Member, MemberRole
from brug.perinatal.models import OutreachAttempt, Pregnancy, PregnancyStatus

# A due date more than ~10 months ahead or 2 months past is a typing error.
DUE_AHEAD = timedelta(days=300)
DUE_PAST = timedelta(days=62)


def _require(actor, family) -> None:
    access = policy.access_for(actor, family)
    require(access.home and access.can_change(Category.HOUSEHOLD))


@transaction.atomic
def pregnancy_register(*, actor, family, due_date: date, pregnancy: Pregnancy) -> Pregnancy:
    """Register an expecting family: the expected child (a member with its due date, through
    the families service) and who signalled it."""
    _require(actor, family)
    today = timezone.localdate()
    errors = {}
    if due_date is None:
        errors["due_date"] = _("Vul de vermoedelijke bevallingsdatum in.")
    elif due_date > today + DUE_AHEAD:
        errors["due_date"] = _("Deze datum ligt meer dan tien maanden verder.")
    elif due_date < today - DUE_PAST:
        errors["due_date"] = _("Deze datum ligt meer dan twee maanden voorbij: leg dan de "
                               "geboorte vast.")
    if pregnancy.signalled_on and pregnancy.signalled_on > today:
        errors["signalled_on"] = _("Deze datum ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)
    child = family_services.member_add(actor=actor, family=family, member=Member(
        role=MemberRole.EXPECTED_CHILD, due_date=due_date))
    pregnancy.family = family
    pregnancy.expected_child = child
    pregnancy.recorded_by = actor
    pregnancy.full_clean()
    pregnancy.save()
    audit_record(actor=actor, family_id=family.pk, category=Category.HOUSEHOLD,
                 action=AuditAction.CREATE, detail=gettext_noop("zwangerschap aangemeld"))
    return pregnancy


@transaction.atomic
def outreach_record(*, actor, pregnancy: Pregnancy, attempt: OutreachAttempt) -> OutreachAttempt:
    _require(actor, pregnancy.family)
    if attempt.attempted_on and attempt.attempted_on > timezone.localdate():
        raise ValidationError({"attempted_on": _("Deze datum ligt in de toekomst.")})
    attempt.pregnancy = pregnancy
    attempt.worker = actor
    attempt.organisation_id = actor.organisation_id
    attempt.full_clean()
    attempt.save()
    audit_record(actor=actor, family_id=pregnancy.family_id, category=Category.HOUSEHOLD,
                 action=AuditAction.CREATE, detail=gettext_noop("poging tot contact"))
    return attempt


@transaction.atomic
def birth_record(*, actor, pregnancy: Pregnancy, born_on: date, first_name: str = "") -> Member:
    """The baby is born: the expected child becomes a child with its birth date (through the
    families service, which tells the trajectories: their planned ends move by their rules,
    e.g. a perinatal coach until at least 6 months after the birth)."""
    _require(actor, pregnancy.family)
    locked = Pregnancy.objects.select_for_update().get(pk=pregnancy.pk)
    if locked.status != PregnancyStatus.EXPECTING:
        raise ValidationError(_("Deze geboorte is al vastgelegd."))
    today = timezone.localdate()
    if born_on is None or born_on > today:
        raise ValidationError({"born_on": _("De geboortedatum ligt in de toekomst.")})
    if born_on < locked.signalled_on - timedelta(days=280):
        raise ValidationError({"born_on": _("Deze datum ligt voor de zwangerschap.")})
    child = Member.objects.get(pk=locked.expected_child_id)
    child.role = MemberRole.CHILD
    child.birth_date = born_on
    changed = ["role", "birth_date"]
    if first_name.strip():
        child.first_name = first_name.strip()
        changed.append("first_name")
    family_services.member_update(actor=actor, member=child, expected_version=child.version,
                                  changed=changed)
    locked.status = PregnancyStatus.BORN
    locked.born_on = born_on
    locked.save(update_fields=["status", "born_on", "version"])
    return child


def free_text_clear(family_id: int) -> None:
    Pregnancy.objects.filter(family_id=family_id).update(note="")
    OutreachAttempt.objects.filter(pregnancy__family_id=family_id).update(note="")
