"""Recording aid under a fund's rule, funds, totals, and interpreters. One transaction each,
with its audit event."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.aid import rules
from brug.aid.models import STRUCTURAL_RIGHT, AidRecord, Fund, InterpreterBooking, InterpreterNeed
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.errors import require
from brug.core.locking import save_versioned
from brug.core.models import AuditAction
from brug.core.roles import Role
from brug.families.models import Member, MemberRole

NETWORK = "network"
ADULT_AGE = 18


class AidRefused(ValidationError):
    """The fund's rule refuses; the message says why, in Dutch."""


def manages_funds(worker) -> bool:
    return policy.can_manage_network(worker) and worker.has_role(Role.COORDINATOR)


def situation(fund: Fund, family, on, amount: Decimal) -> rules.Situation:
    start, end = rules.period_of(fund.period, on)
    in_period = AidRecord.objects.filter(fund=fund)
    if start is not None:
        in_period = in_period.filter(received_on__gte=start, received_on__lte=end)
    mine = in_period.filter(family=family).aggregate(n=Count("id"), s=Sum("amount"))
    spent = in_period.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    ages = tuple(a for m in Member.objects.filter(family=family, role=MemberRole.CHILD)
                 if (a := m.age_on(on)) is not None)
    return rules.Situation(on=on, amount=amount, child_ages=ages, family_times=mine["n"],
                           family_amount=mine["s"] or Decimal("0"), fund_spent=spent)


@transaction.atomic
def aid_record(*, actor, family, record: AidRecord) -> AidRecord:
    access = policy.access_for(actor, family)
    require(access.can_change(Category.RIGHTS) and access.home)
    fund = Fund.objects.select_for_update().get(pk=record.fund_id)  # one grant at a time
    if fund.network_id != family.organisation.network_id or not fund.active:
        raise AidRefused(_("Dit fonds hoort niet bij jullie netwerk of loopt niet meer."))
    if record.received_on > timezone.localdate():
        raise AidRefused({"received_on": _("Die datum ligt in de toekomst.")})
    decision = rules.check(fund.rule(), situation(fund, family, record.received_on,
                                                  record.amount))
    if not decision.allowed:
        raise AidRefused(decision.text(_))
    record.family = family
    record.recorded_by = actor
    record.organisation = actor.organisation
    record.full_clean(exclude=["family"])
    record.save()
    audit_record(actor=actor, family_id=family.pk, category=Category.RIGHTS,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("steun uit %(fund)s: %(amount)s") % {
                     "fund": fund.name, "amount": rules.euro(record.amount)})
    return record


def structural_right_for(fund: Fund) -> str | None:
    """The catalogue right an aid of this kind points to (food aid → leefloon)."""
    return STRUCTURAL_RIGHT.get(fund.kind)


@transaction.atomic
def fund_save(*, actor, fund: Fund, expected_version: int | None, fields: list[str]) -> Fund:
    require(manages_funds(actor))
    fund.network_id = actor.organisation.network_id
    fund.full_clean(exclude=["network"])
    taken = _("Er is al een fonds met deze naam in het netwerk.")
    if Fund.objects.filter(network_id=fund.network_id, name=fund.name).exclude(
            pk=fund.pk).exists():
        raise ValidationError({"name": taken})
    new = fund.pk is None
    try:
        with transaction.atomic():  # two coordinators at once: the constraint decides
            if new:
                fund.save()
            else:
                save_versioned(fund, expected_version=expected_version, fields=fields)
    except IntegrityError:
        if new:
            fund.pk = None
        raise ValidationError({"name": taken}) from None
    audit_record(actor=actor, family_id=None, category=NETWORK,
                 action=AuditAction.CREATE if new else AuditAction.CHANGE,
                 detail=gettext_noop("fonds %(name)s") % {"name": fund.name})
    return fund


def totals(network_id: int, *, year: int):
    """Per fund, the year's amount, number of grants and families (fewer than 3 families are
    not counted out: a total must not point to one family)."""
    rows = (AidRecord.objects.filter(fund__network_id=network_id, received_on__year=year)
            .values("fund_id", "fund__name", "fund__budget", "fund__period")
            .annotate(amount=Sum("amount"), grants=Count("id"),
                      families=Count("family_id", distinct=True))
            .order_by("fund__name"))
    out = []
    for r in rows:
        out.append({"fund": r["fund__name"], "amount": r["amount"], "grants": r["grants"],
                    "families": r["families"] if r["families"] >= 3 else None,
                    "budget": r["fund__budget"], "period": r["fund__period"],
                    "amount_text": rules.euro(r["amount"]),
                    "budget_text": rules.euro(r["fund__budget"]) if r["fund__budget"] is not None
                    else ""})
    return out


# Interpreters ---------------------------------------------------------------------------


@transaction.atomic
def need_record(*, actor, family, need: InterpreterNeed) -> InterpreterNeed:
    access = policy.access_for(actor, family)
    require(access.can_change(Category.HOUSEHOLD) and access.home)
    need.family = family
    need.created_by = actor
    need.language = need.language.strip()
    need.full_clean(exclude=["family"])
    need.save()
    audit_record(actor=actor, family_id=family.pk, category=Category.HOUSEHOLD,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("tolk nodig: %(l)s") % {"l": need.language})
    return need


@transaction.atomic
def need_end(*, actor, need: InterpreterNeed, expected_version: int) -> InterpreterNeed:
    access = policy.access_for(actor, need.family)
    require(access.can_change(Category.HOUSEHOLD) and access.home)
    need.ended_on = timezone.localdate()
    save_versioned(need, expected_version=expected_version, fields=["ended_on"])
    audit_record(actor=actor, family_id=need.family_id, category=Category.HOUSEHOLD,
                 action=AuditAction.END,
                 detail=gettext_noop("tolk nodig: %(l)s") % {"l": need.language})
    return need


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def child_interpreter_problem(family, booking: InterpreterBooking) -> str | None:
    """Children are never interpreters: not a member under 18, not one of the family's
    children named in free text. The Dutch message, or None."""
    on = booking.booked_for or timezone.localdate()
    member = booking.interpreter_member
    if member is not None:
        if member.family_id != family.pk:
            return _("Kies een gezinslid van dit gezin.")
        age = member.age_on(on)
        if member.role in (MemberRole.CHILD, MemberRole.EXPECTED_CHILD) or (
                age is not None and age < ADULT_AGE):
            return _("Een kind tolkt nooit voor zijn ouders, ook niet even. Boek een "
                     "professionele of sociaal tolk.")
    name = _norm(booking.interpreter_name)
    if name:
        for child in Member.objects.filter(family=family):
            age = child.age_on(on)
            if not (child.role in (MemberRole.CHILD, MemberRole.EXPECTED_CHILD)
                    or (age is not None and age < ADULT_AGE)):
                continue
            first, full = _norm(child.first_name), _norm(f"{child.first_name} {child.last_name}")
            if first and (name == first or name == full or name.split()[0] == first):
                return _("%(name)s is een kind van dit gezin. Een kind tolkt nooit voor zijn "
                         "ouders: boek een professionele of sociaal tolk.") % {
                             "name": booking.interpreter_name}
    return None


@transaction.atomic
def booking_record(*, actor, family, booking: InterpreterBooking) -> InterpreterBooking:
    access = policy.access_for(actor, family)
    require(access.can_change(Category.PLAN) and access.home)
    problem = child_interpreter_problem(family, booking)
    if problem:
        raise ValidationError({"interpreter_name": problem} if booking.interpreter_name
                              and booking.interpreter_member is None
                              else {"interpreter_member": problem})
    if booking.contact_id and booking.contact.family_id != family.pk:
        raise ValidationError({"contact": _("Dit contact hoort niet bij dit gezin.")})
    if booking.conference_id and booking.conference.trajectory.family_id != family.pk:
        raise ValidationError({"conference": _("Dit casusoverleg hoort niet bij dit gezin.")})
    if not booking.interpreter_name.strip() and booking.interpreter_member is None:
        raise ValidationError({"interpreter_name": _("Wie tolkt? Noteer de tolk of de dienst.")})
    booking.family = family
    booking.created_by = actor
    booking.full_clean(exclude=["family"])
    booking.save()
    audit_record(actor=actor, family_id=family.pk, category=Category.PLAN,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("tolk %(l)s geboekt") % {"l": booking.language})
    return booking


def free_text_clear(family_id: int) -> None:
    AidRecord.objects.filter(family_id=family_id).update(note="")
    InterpreterNeed.objects.filter(family_id=family_id).update(note="")
    InterpreterBooking.objects.filter(family_id=family_id).update(interpreter_name="")
