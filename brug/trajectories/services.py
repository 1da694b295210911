"""Writes in trajectories: open, extend, close, contacts, goals, reviews, case conferences.

Each is one transaction with its audit event. Programme rules come from the plain
`brug.trajectories.rules` module; this module only gathers the facts and enforces the answer.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.consent.models import Mandate
from brug.core import retention
from brug.core.audit import audit_record
from brug.core.categories import NOT_SHAREABLE, Category
from brug.core.errors import ReadOnlyDossier, require
from brug.core.locking import StaleEdit, save_versioned
from brug.core.models import AuditAction
from brug.families.models import Member, MemberRole
from brug.network.models import Role, Worker
from brug.screening.models import DeprivationScreening
from brug.trajectories import rules
from brug.trajectories.models import (
    MAX_MINUTES,
    CaseConference,
    Contact,
    ContactKind,
    FamilyReaction,
    Goal,
    IncomeCheck,
    OverrideRequest,
    OverrideStatus,
    PlannedEndChange,
    Programme,
    Review,
    Trajectory,
    TrajectoryExtension,
    TrajectoryStatus,
)


class RulesNotMet(ValidationError):
    """Entry or caseload rules are not met and nobody recorded a reason to override."""

    def __init__(self, problems: list[rules.Problem]):
        self.problems = problems
        super().__init__([p.message for p in problems], code="rules")


def _access(actor, family):
    access = policy.access_for(actor, family)
    if access.read_only:
        raise ReadOnlyDossier(ReadOnlyDossier.message)
    return access


def _require_plan_change(actor, family) -> None:
    require(_access(actor, family).can_change(Category.PLAN))


def has_active_mandate(family) -> bool:
    return Mandate.objects.filter(family_id=family.pk, ended_on__isnull=True).exists()


def income_check_for(family, monthly_income, day: date) -> str:
    """Compare a monthly income with the EU poverty threshold for this household's size.

    Only the outcome is stored; the amount is not kept (data minimisation).
    """
    if monthly_income is None:
        return IncomeCheck.UNKNOWN
    adults = others = young = 0
    for m in Member.objects.filter(family_id=family.pk):
        if m.role == MemberRole.EXPECTED_CHILD:
            continue
        age = m.age_on(day)
        if m.role in (MemberRole.PARENT, MemberRole.OTHER_ADULT):
            adults += 1
        elif age is not None and age >= 14:
            others += 1
        else:
            young += 1
    threshold = rules.poverty_threshold(adults, others, young, day)
    return IncomeCheck.BELOW if monthly_income < threshold else IncomeCheck.ABOVE


def _child_birth_dates(members) -> tuple[date, ...]:
    return tuple(m.birth_date for m in members if m.role == MemberRole.CHILD and m.birth_date)


def _due_dates(members) -> tuple[date, ...]:
    """Due dates of children still expected (a child once born counts by its birth date)."""
    return tuple(m.due_date for m in members
                 if m.role == MemberRole.EXPECTED_CHILD and m.due_date)


def entry_facts(family, *, referrer=None, income_check: str = IncomeCheck.UNKNOWN,
                ) -> rules.EntryFacts:
    members = list(Member.objects.filter(family_id=family.pk))
    latest = DeprivationScreening.objects.filter(family_id=family.pk).first()
    kansarm = latest.result().is_kansarm if latest else None
    return rules.EntryFacts(
        child_birth_dates=_child_birth_dates(members),
        expecting=any(m.role == MemberRole.EXPECTED_CHILD for m in members),
        kansarm=kansarm,
        income_below_poverty={IncomeCheck.BELOW: True, IncomeCheck.ABOVE: False}.get(income_check),
        referrer_kind=referrer.kind if referrer else None,
    )


def open_count(responsible, programme) -> int:
    return Trajectory.objects.filter(responsible=responsible, programme=programme,
                                     status=TrajectoryStatus.OPEN).count()


def _plan_reviews(trajectory: Trajectory, programme_rules, start: date, end: date | None):
    existing = set(trajectory.reviews.values_list("due_on", flat=True)) if trajectory.pk else set()
    Review.objects.bulk_create(
        Review(trajectory=trajectory, due_on=d)
        for d in rules.review_dates(programme_rules, start, end) if d not in existing
    )


@transaction.atomic
def trajectory_open(
    *, actor, family, programme: Programme, responsible: Worker, started_on: date,
    involved=(), referrer=None, income_check: str = IncomeCheck.UNKNOWN,
) -> Trajectory:
    """Open a trajectory if the family gave a mandate and the programme's rules are met.

    Rules not met (entry or caseload): refused with every reason in plain Dutch, unless a
    coordinator of the network approved a request to set exactly those rules aside for this
    family and programme (`override_request`, `override_decide`); the approval is used once.
    """
    _require_plan_change(actor, family)
    if not has_active_mandate(family):
        raise ValidationError(_(
            "Het gezin heeft (nog) geen mandaat gegeven. Zonder mandaat start er geen traject: "
            "leg eerst het mandaat vast. Pogingen tot contact registreer je als contact."),
            code="no_mandate")
    network_id = family.organisation.network_id
    if programme.network_id != network_id or not programme.active:
        raise ValidationError(_("Dit programma bestaat niet in dit netwerk."))
    if started_on > timezone.localdate():
        raise ValidationError(_("De startdatum ligt in de toekomst."))
    # Lock the responsible worker's row: two trajectories opened at once cannot both slip
    # under the caseload cap.
    Worker.objects.select_for_update().filter(pk=responsible.pk).first()
    programme_rules = programme.rules()
    facts = entry_facts(family, referrer=referrer, income_check=income_check)
    problems = rules.check_entry(programme_rules, facts, started_on)
    caseload = rules.check_caseload(programme_rules, open_count(responsible, programme))
    if caseload:
        problems.append(caseload)
    approval = None
    if problems:
        codes = {p.code for p in problems}
        approval = next((r for r in OverrideRequest.objects.select_for_update().filter(
            family_id=family.pk, programme_id=programme.pk, status=OverrideStatus.APPROVED)
            if codes <= set(r.rules.split(","))), None)
        if approval is None:
            raise RulesNotMet(problems)
    trajectory = Trajectory(
        programme=programme, family=family, responsible=responsible, referrer=referrer,
        started_on=started_on, income_check=income_check,
        planned_end_on=rules.planned_end(
            programme_rules, started_on, facts.child_birth_dates,
            _due_dates(Member.objects.filter(family_id=family.pk))),
        overridden_rules=",".join(p.code for p in problems),
        override_reason=approval.reason if approval else "",
        override_approved_by=approval.decided_by if approval else None,
    )
    trajectory.full_clean()
    trajectory.save()
    if approval is not None:
        approval.status = OverrideStatus.USED
        save_versioned(approval, expected_version=approval.version, fields=["status"])
    trajectory.involved.set([w for w in involved if w.pk != responsible.pk])
    _plan_reviews(trajectory, programme_rules, started_on, trajectory.planned_end_on)
    due = rules.case_conference_due(programme_rules, started_on)
    if due:
        CaseConference.objects.create(trajectory=trajectory, first=True, due_by=due)
    detail = gettext_noop("traject %(p)s geopend") % {"p": programme.name}
    if problems:
        detail += " — " + _("afwijking: %(r)s") % {"r": trajectory.overridden_rules}
    audit_record(actor=actor, family_id=family.pk, category=Category.PLAN,
                 action=AuditAction.CREATE, detail=detail)
    return trajectory


def _is_network_coordinator(worker, network_id: int) -> bool:
    return (worker is not None and worker.active and worker.has_role(Role.COORDINATOR)
            and worker.organisation.network_id == network_id)


@transaction.atomic
def override_request(*, actor, family, programme: Programme, reason: str,
                     problems: list[rules.Problem]) -> OverrideRequest:
    """Ask the network's coordinators to set these rules aside for this family. One open
    request per family and programme: asking again updates the reason of the waiting one."""
    _require_plan_change(actor, family)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"override_reason": _(
            "Schrijf waarom de regel niet klopt voor dit gezin; de coördinator leest dit.")})
    if programme.network_id != family.organisation.network_id:
        raise ValidationError(_("Dit programma bestaat niet in dit netwerk."))
    codes = ",".join(sorted({p.code for p in problems}))
    request = OverrideRequest.objects.select_for_update().filter(
        family_id=family.pk, programme_id=programme.pk, status=OverrideStatus.PENDING).first()
    if request is None:
        request = OverrideRequest(family=family, programme=programme)
    request.rules, request.reason, request.requested_by = codes, reason, actor
    request.full_clean()
    if request.pk:
        save_versioned(request, expected_version=request.version,
                       fields=["rules", "reason", "requested_by"])
    else:
        request.save()
    audit_record(actor=actor, family_id=family.pk, category=Category.PLAN,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("afwijking van %(p)s gevraagd: %(r)s") % {
                     "p": programme.name, "r": codes})
    return request


@transaction.atomic
def override_decide(*, actor, request: OverrideRequest, approve: bool,
                    expected_version: int | None, note: str = "") -> OverrideRequest:
    """A coordinator of the family's network approves or refuses a waiting request."""
    family = request.family
    require(_is_network_coordinator(actor, family.organisation.network_id))
    current = OverrideRequest.objects.select_for_update().filter(pk=request.pk).first()
    if current is None or expected_version is None or current.version != expected_version:
        raise StaleEdit()
    if current.status != OverrideStatus.PENDING:
        raise ValidationError(_("Over deze vraag is al beslist."))
    request.status = OverrideStatus.APPROVED if approve else OverrideStatus.REFUSED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.decision_note = note.strip()[:300]
    save_versioned(request, expected_version=expected_version,
                   fields=["status", "decided_by", "decided_at", "decision_note"])
    detail = (gettext_noop("afwijking van %(p)s goedgekeurd: %(r)s") if approve
              else gettext_noop("afwijking van %(p)s geweigerd: %(r)s"))
    audit_record(actor=actor, family_id=family.pk, category=Category.PLAN,
                 action=AuditAction.CHANGE,
                 detail=detail % {"p": request.programme.name, "r": request.rules})
    return request


def _locked_open(trajectory: Trajectory) -> Trajectory:
    locked = Trajectory.objects.select_for_update().select_related("programme").get(
        pk=trajectory.pk)
    if locked.status != TrajectoryStatus.OPEN:
        raise ValidationError(_("Dit traject is afgesloten."), code="closed")
    return locked


@transaction.atomic
def trajectory_extend(*, actor, trajectory: Trajectory, reason: str) -> Trajectory:
    _require_plan_change(actor, trajectory.family)
    locked = _locked_open(trajectory)
    programme_rules = locked.programme.rules()
    problem = rules.check_extension(programme_rules, locked.extension_count)
    if problem:
        raise ValidationError(problem.message, code=problem.code)
    if not reason.strip():
        raise ValidationError(_("Schrijf kort waarom het traject verlengd wordt."))
    base = locked.planned_end_on or timezone.localdate()
    previous = locked.planned_end_on
    locked.planned_end_on = rules.add_months(base, programme_rules.extension_months)
    locked.extension_count += 1
    save_versioned(locked, expected_version=locked.version,
                   fields=["planned_end_on", "extension_count"])
    TrajectoryExtension.objects.create(trajectory=locked, extended_on=timezone.localdate(),
                                       months=programme_rules.extension_months,
                                       previous_end_on=previous, reason=reason.strip(), by=actor)
    _plan_reviews(locked, programme_rules, locked.started_on, locked.planned_end_on)
    audit_record(actor=actor, family_id=locked.family_id, category=Category.PLAN,
                 action=AuditAction.CHANGE, detail=gettext_noop("traject verlengd"))
    return locked


@transaction.atomic
def trajectory_close(*, actor, trajectory: Trajectory, closed_on: date, reason: str,
                     note: str = "") -> Trajectory:
    _require_plan_change(actor, trajectory.family)
    locked = _locked_open(trajectory)
    if closed_on > timezone.localdate():
        raise ValidationError(_("De datum van afsluiten ligt in de toekomst."))
    if closed_on < locked.started_on:
        raise ValidationError(_("De datum van afsluiten ligt voor de start van het traject."))
    locked.status = TrajectoryStatus.CLOSED
    locked.closed_on = closed_on
    locked.closing_reason = reason
    locked.closing_note = note
    locked.full_clean()
    save_versioned(locked, expected_version=locked.version,
                   fields=["status", "closed_on", "closing_reason", "closing_note"])
    audit_record(actor=actor, family_id=locked.family_id, category=Category.PLAN,
                 action=AuditAction.END, detail=str(locked.get_closing_reason_display()))
    return locked


def _planned_end_now(trajectory: Trajectory, programme_rules, birth_dates,
                     due_dates=()) -> date | None:
    """The planned end by the programme's rules with today's children, after extensions."""
    end = rules.planned_end(programme_rules, trajectory.started_on, birth_dates, due_dates)
    if end is not None and trajectory.extension_count and programme_rules.extension_months:
        end = rules.add_months(end, programme_rules.extension_months * trajectory.extension_count)
    return end


@transaction.atomic
def planned_ends_after_birth(*, actor, family, member) -> list[PlannedEndChange]:
    """A child was born (or its birth date recorded): move the planned end of every open
    trajectory whose programme ends when the youngest child reaches an age, or runs at least
    until then (the minimum end: a perinatal coach until the baby is 6 months old).

    Called by the families services through `brug.core.births`, inside their transaction.
    Each move is kept as a `PlannedEndChange` (shown on the trajectory page) and audited with
    the old and the new date; reviews are planned up to the new end.
    """
    members = list(Member.objects.filter(family_id=family.pk))
    birth_dates, due_dates = _child_birth_dates(members), _due_dates(members)
    changes = []
    trajectories = (Trajectory.objects.select_for_update().select_related("programme")
                    .filter(Q(programme__ends_at_youngest_age_months__isnull=False)
                            | Q(programme__runs_until_youngest_age_months__isnull=False),
                            family_id=family.pk, status=TrajectoryStatus.OPEN)
                    .order_by("id"))
    for trajectory in trajectories:
        programme_rules = trajectory.programme.rules()
        new_end = _planned_end_now(trajectory, programme_rules, birth_dates, due_dates)
        previous = trajectory.planned_end_on
        if new_end is None or new_end == previous:
            continue
        trajectory.planned_end_on = new_end
        save_versioned(trajectory, expected_version=trajectory.version,
                       fields=["planned_end_on"])
        _plan_reviews(trajectory, programme_rules, trajectory.started_on, new_end)
        changes.append(PlannedEndChange.objects.create(
            trajectory=trajectory, previous_end_on=previous, new_end_on=new_end,
            member=member, by=actor))
        # Dates only: the audit trail outlives anonymisation, the child's name does not.
        audit_record(actor=actor, family_id=family.pk, category=Category.PLAN,
                     action=AuditAction.CHANGE,
                     detail=gettext_noop(
                         "%(p)s: geplande einddatum van %(old)s naar %(new)s (geboorte)") % {
                         "p": trajectory.programme.name,
                         "old": previous.isoformat() if previous else "—",
                         "new": new_end.isoformat()})
    return changes


def validate_contact_values(happened_on: date | None, minutes: int | None) -> dict[str, str]:
    errors = {}
    if happened_on is not None and happened_on > timezone.localdate():
        errors["happened_on"] = _("Dit contact ligt in de toekomst. Registreer een contact "
                                  "nadat het gebeurd is.")
    if minutes is not None and minutes < 0:
        errors["minutes"] = _("Het aantal minuten kan niet negatief zijn.")
    elif minutes is not None and minutes > MAX_MINUTES:
        errors["minutes"] = _("Een contact duurt hoogstens 24 uur (1440 minuten).")
    return errors


# How far before the family's first known date (first mandate, first contact, first
# trajectory; today for a family that has none yet) a contact may still be dated: a late
# registration of an earlier outreach attempt fits, a mistyped year (1926, 2002) does not.
CONTACT_GRACE_BEFORE_FIRST = timedelta(days=2 * 365)


def contact_earliest_allowed(family, *, excluding: int | None = None) -> date:
    """The earliest date a contact of this family may carry (see CONTACT_GRACE_BEFORE_FIRST).
    `excluding` leaves out the contact being corrected, so its own date does not count."""
    contacts = Contact.objects.filter(family_id=family.pk)
    if excluding is not None:
        contacts = contacts.exclude(pk=excluding)
    known = [d for d in (
        Mandate.objects.filter(family_id=family.pk).order_by("given_on")
        .values_list("given_on", flat=True).first(),
        contacts.order_by("happened_on").values_list("happened_on", flat=True).first(),
        Trajectory.objects.filter(family_id=family.pk).order_by("started_on")
        .values_list("started_on", flat=True).first(),
    ) if d is not None]
    return min([*known, timezone.localdate()]) - CONTACT_GRACE_BEFORE_FIRST


def validate_contact_date(family, happened_on: date | None, *,
                          excluding: int | None = None) -> dict[str, str]:
    if happened_on is None:
        return {}
    earliest = contact_earliest_allowed(family, excluding=excluding)
    if happened_on < earliest:
        return {"happened_on": _(
            "Deze datum ligt te ver terug: meer dan twee jaar vóór het eerste contact met dit "
            "gezin. Een contact kan ten vroegste op %(date)s. Kijk het jaartal na.")
            % {"date": date_format(earliest, "SHORT_DATE_FORMAT")}}
    return {}


def validate_goal_target_date(target_date: date | None) -> dict[str, str]:
    if target_date is not None and target_date < timezone.localdate():
        return {"target_date": _("De streefdatum ligt in het verleden. Kies een datum vanaf "
                                 "vandaag.")}
    return {}


@transaction.atomic
def contact_record(*, actor, family, contact: Contact) -> Contact:
    """A contact with the family. Before a mandate, only outreach attempts."""
    access = _access(actor, family)
    require(access.can_view(contact.category) and contact.category not in NOT_SHAREABLE)
    errors = {**validate_contact_date(family, contact.happened_on),
              **validate_contact_values(contact.happened_on, contact.minutes)}
    if errors:
        raise ValidationError(errors)
    if contact.kind != ContactKind.OUTREACH_ATTEMPT and not has_active_mandate(family):
        raise ValidationError({"kind": _(
            "Het gezin heeft nog geen mandaat gegeven: registreer dit als poging tot contact.")})
    if contact.trajectory_id is not None:
        if not Trajectory.objects.filter(pk=contact.trajectory_id, family_id=family.pk).exists():
            raise ValidationError({"trajectory": _("Dit traject hoort niet bij dit gezin.")})
    contact.family = family
    contact.worker = actor
    contact.organisation = actor.organisation
    contact.full_clean()
    contact.save()
    audit_record(actor=actor, family_id=family.pk, category=contact.category,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("contact: %(k)s, %(m)d min")
                 % {"k": contact.get_kind_display(), "m": contact.minutes})
    return contact


CONTACT_FIELDS = ["kind", "happened_on", "minutes", "trajectory", "note", "category",
                  "confidential"]


def can_correct_contact(access, actor, contact: Contact) -> bool:
    """Correcting or removing a contact: a worker who may change the dossier in the contact's
    category, of the organisation that recorded it (another organisation's record stays
    theirs)."""
    return (not access.read_only and access.can_change(contact.category)
            and contact.organisation_id == actor.organisation_id)


def _locked_contact(contact: Contact, expected_version: int | None) -> Contact:
    current = Contact.objects.select_for_update().filter(pk=contact.pk).first()
    if current is None or expected_version is None or current.version != expected_version:
        raise StaleEdit()
    return current


@transaction.atomic
def contact_correct(*, actor, family, contact: Contact, expected_version: int | None,
                    changed: list[str]) -> Contact:
    """A correction of a contact's fields (the form's instance, already changed)."""
    access = _access(actor, family)
    require(contact.family_id == family.pk)
    before = _locked_contact(contact, expected_version)
    require(can_correct_contact(access, actor, before))
    require(access.can_change(contact.category) and contact.category not in NOT_SHAREABLE)
    errors = {**validate_contact_date(family, contact.happened_on, excluding=contact.pk),
              **validate_contact_values(contact.happened_on, contact.minutes)}
    if errors:
        raise ValidationError(errors)
    outreach = ContactKind.OUTREACH_ATTEMPT
    if contact.kind != outreach and before.kind == outreach and not has_active_mandate(family):
        raise ValidationError({"kind": _(
            "Het gezin heeft nog geen mandaat gegeven: registreer dit als poging tot contact.")})
    if contact.trajectory_id is not None and not Trajectory.objects.filter(
            pk=contact.trajectory_id, family_id=family.pk).exists():
        raise ValidationError({"trajectory": _("Dit traject hoort niet bij dit gezin.")})
    contact.full_clean()
    fields = [f for f in changed if f in CONTACT_FIELDS]
    save_versioned(contact, expected_version=expected_version, fields=fields)
    also = (before.category,) if before.category != contact.category else ()
    audit_record(actor=actor, family_id=family.pk, category=contact.category, also=also,
                 action=AuditAction.CHANGE,
                 detail=gettext_noop("contact verbeterd: %(k)s van %(d)s, %(m)d min")
                 % {"k": contact.get_kind_display(), "d": contact.happened_on.isoformat(),
                    "m": contact.minutes})
    return contact


@transaction.atomic
def contact_remove(*, actor, family, contact: Contact, expected_version: int | None) -> None:
    """Removes a contact recorded by mistake (a double entry, the wrong family)."""
    access = _access(actor, family)
    require(contact.family_id == family.pk)
    current = _locked_contact(contact, expected_version)
    require(can_correct_contact(access, actor, current))
    current.delete()
    audit_record(actor=actor, family_id=family.pk, category=current.category,
                 action=AuditAction.DELETE,
                 detail=gettext_noop("contact verwijderd: %(k)s van %(d)s, %(m)d min")
                 % {"k": current.get_kind_display(), "d": current.happened_on.isoformat(),
                    "m": current.minutes})


def _require_open_for_plan(trajectory: Trajectory) -> None:
    # Ask the database, locking the row: the caller's copy may be older than a close.
    status = Trajectory.objects.select_for_update().filter(pk=trajectory.pk).values_list(
        "status", flat=True).first()
    if status != TrajectoryStatus.OPEN:
        raise ValidationError(_(
            "Dit traject is afgesloten. Het doelenplan kan niet meer gewijzigd worden; open een "
            "nieuw traject als het gezin verder wil."), code="closed")


@transaction.atomic
def goal_add(*, actor, trajectory: Trajectory, goal: Goal) -> Goal:
    _require_plan_change(actor, trajectory.family)
    _require_open_for_plan(trajectory)
    if goal.parent_id is not None and not Goal.objects.filter(
            pk=goal.parent_id, trajectory_id=trajectory.pk, parent__isnull=True).exists():
        raise ValidationError({"parent": _("Kies een doel van dit traject.")})
    if errors := validate_goal_target_date(goal.target_date):
        raise ValidationError(errors)
    goal.trajectory = trajectory
    goal.created_by = actor
    goal.organisation = actor.organisation
    goal.full_clean()
    goal.save()
    audit_record(actor=actor, family_id=trajectory.family_id, category=Category.PLAN,
                 action=AuditAction.CREATE, detail=gettext_noop("doel: %(d)s") % {
                     "d": goal.get_life_domain_display()})
    return goal


@transaction.atomic
def goal_update(*, actor, goal: Goal, expected_version: int, changed: list[str]) -> Goal:
    trajectory = goal.trajectory
    _require_plan_change(actor, trajectory.family)
    _require_open_for_plan(trajectory)
    if "target_date" in changed and (errors := validate_goal_target_date(goal.target_date)):
        raise ValidationError(errors)
    goal.full_clean()
    allowed = ["life_domain", "family_wording", "family_language", "worker_wording",
               "who_does_what", "target_date", "status", "confidential"]
    save_versioned(goal, expected_version=expected_version,
                   fields=[f for f in changed if f in allowed])
    audit_record(actor=actor, family_id=trajectory.family_id, category=Category.PLAN,
                 action=AuditAction.CHANGE, detail=gettext_noop("doel: %(d)s") % {
                     "d": goal.get_life_domain_display()})
    return goal


@transaction.atomic
def review_record(*, actor, review: Review, held_on: date, summary: str,
                  expected_version: int) -> Review:
    """Record (or correct) an interim evaluation.

    Refused (StaleEdit) when someone saved the review since the form was opened.
    """
    _require_plan_change(actor, review.trajectory.family)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Deze datum ligt in de toekomst.")})
    review.held_on = held_on
    review.summary = summary
    review.held_by = actor
    review.full_clean()
    save_versioned(review, expected_version=expected_version,
                   fields=["held_on", "summary", "held_by"])
    audit_record(actor=actor, family_id=review.trajectory.family_id, category=Category.PLAN,
                 action=AuditAction.CHANGE, detail=gettext_noop("tussentijdse evaluatie"))
    return review


@transaction.atomic
def conference_record(*, actor, conference: CaseConference, held_on: date, attendees,
                      parents_present: bool, no_parents_reason: str = "", minutes: str = "",
                      expected_version: int | None = None) -> CaseConference:
    """Record a case conference. Without the parents, a reason is required.

    Refused (StaleEdit) when someone saved the conference since the form was opened; the
    parents' reaction has its own service and is never touched here.
    """
    trajectory = conference.trajectory
    _require_plan_change(actor, trajectory.family)
    errors = {}
    if held_on > timezone.localdate():
        errors["held_on"] = _("Deze datum ligt in de toekomst.")
    if not parents_present and not no_parents_reason.strip():
        errors["no_parents_reason"] = _(
            "De ouders worden altijd uitgenodigd. Schrijf waarom dit overleg zonder hen was.")
    if errors:
        raise ValidationError(errors)
    if expected_version is None:
        expected_version = conference.version
    conference.held_on = held_on
    conference.parents_present = parents_present
    conference.no_parents_reason = "" if parents_present else no_parents_reason.strip()
    conference.minutes = minutes
    conference.recorded_by = actor
    conference.full_clean()
    save_versioned(conference, expected_version=expected_version,
                   fields=["held_on", "parents_present", "no_parents_reason", "minutes",
                           "recorded_by"])
    conference.attendees.set(attendees)
    audit_record(actor=actor, family_id=trajectory.family_id, category=Category.PLAN,
                 action=AuditAction.CHANGE, detail=gettext_noop("casusoverleg"))
    return conference


@transaction.atomic
def conference_comment(*, actor, conference: CaseConference, comment: str,
                       expected_version: int) -> CaseConference:
    """The parents' reaction to the minutes, in their own words, with when and who noted it.

    Only the reaction is written; a change to the conference since the form was opened
    refuses it (StaleEdit) instead of silently replacing what someone else wrote.
    """
    trajectory = conference.trajectory
    _require_plan_change(actor, trajectory.family)
    if conference.held_on is None:
        raise ValidationError(_("Dit casusoverleg is nog niet gehouden: er is nog geen verslag "
                                "om op te reageren."), code="not_held")
    comment = comment.strip()
    if not comment:
        raise ValidationError({"parents_comment": _(
            "Schrijf de reactie van de ouders, zoveel mogelijk in hun eigen woorden.")})
    conference.parents_comment = comment
    conference.parents_commented_on = timezone.localdate()
    conference.parents_comment_by = actor
    save_versioned(conference, expected_version=expected_version,
                   fields=["parents_comment", "parents_commented_on", "parents_comment_by"])
    audit_record(actor=actor, family_id=trajectory.family_id, category=Category.PLAN,
                 action=AuditAction.CHANGE,
                 detail=gettext_noop("reactie van de ouders op het casusoverleg"))
    return conference


@transaction.atomic
def family_reaction_add(*, actor, member, trajectory: Trajectory, text: str, goal=None,
                        conference=None) -> FamilyReaction:
    """The family's own reaction (family portal) to its plan, to one goal, or to the minutes
    of a case conference. `actor` is the family member as the audit trail names them
    (`portal.services.family_actor`); the caller has found the trajectory, goal or conference
    among the family's own.
    """
    family = trajectory.family
    if policy.is_read_only(family):
        raise ValidationError(_("De begeleiding is gestopt. Je kunt hier alles nog lezen, "
                                "maar niets meer sturen."), code="read_only")
    require(member.family_id == family.pk)
    require(goal is None or conference is None)
    require(goal is None or goal.trajectory_id == trajectory.pk)
    require(conference is None or conference.trajectory_id == trajectory.pk)
    if conference is not None and conference.held_on is None:
        raise ValidationError(_("Dit overleg was er nog niet. Je kunt reageren als het "
                                "verslag er is."), code="not_held")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf eerst je reactie.")})
    reaction = FamilyReaction(trajectory=trajectory, goal=goal, conference=conference,
                              member=member, text=text)
    reaction.full_clean()
    reaction.save()
    if goal is not None:
        detail = gettext_noop("reactie van het gezin op een doel")
    elif conference is not None:
        detail = gettext_noop("reactie van het gezin op het verslag van een overleg")
    else:
        detail = gettext_noop("reactie van het gezin op het plan")
    audit_record(actor=actor, family_id=family.pk, category=Category.PLAN,
                 action=AuditAction.CREATE, detail=detail,
                 network_id=family.organisation.network_id)
    return reaction


@transaction.atomic
def conference_plan(*, actor, trajectory: Trajectory, due_by: date) -> CaseConference:
    _require_plan_change(actor, trajectory.family)
    _require_open_for_plan(trajectory)
    conference = CaseConference.objects.create(trajectory=trajectory, due_by=due_by)
    audit_record(actor=actor, family_id=trajectory.family_id, category=Category.PLAN,
                 action=AuditAction.CREATE, detail=gettext_noop("casusoverleg gepland"))
    return conference


def can_configure_programmes(worker) -> bool:
    return policy.can_manage_network(worker) and worker.has_role(Role.COORDINATOR)


# The audit category of programme configuration (no family data).
PROGRAMME_AUDIT_CATEGORY = "programme"


@transaction.atomic
def programme_save(*, actor, programme: Programme, expected_version: int | None,
                   changed: list[str]) -> Programme:
    """Create or change a programme's rules; the change is kept in the audit trail (which
    rules changed), as the rules decide who may enter and for how long."""
    require(can_configure_programmes(actor))
    programme.network = actor.organisation.network
    programme.full_clean()
    new = programme.pk is None
    if new:
        programme.save()
        fields = []
    else:
        fields = [f.name for f in Programme._meta.concrete_fields
                  if f.name in changed and f.name not in ("id", "network", "version")]
        save_versioned(programme, expected_version=expected_version or 0, fields=fields)
    labels = ", ".join(str(Programme._meta.get_field(f).verbose_name) for f in fields)
    detail = (_("programma %(name)s") if new or not labels
              else _("programma %(name)s: %(fields)s")) % {"name": programme.name,
                                                            "fields": labels}
    audit_record(actor=actor, family_id=None, category=PROGRAMME_AUDIT_CATEGORY,
                 action=AuditAction.CREATE if new else AuditAction.CHANGE, detail=detail)
    return programme


def free_text_clear(family_id: int) -> None:
    """Retention: clear what people wrote in the family's trajectories.

    Kept: the rows with their dates, kinds, minutes, statuses, domains and closing reasons
    (statistics and caseload count them). A conference without the parents keeps a
    placeholder reason, as the database requires one.
    """
    Contact.objects.filter(family_id=family_id).update(note="")
    Trajectory.objects.filter(family_id=family_id).update(closing_note="", override_reason="")
    TrajectoryExtension.objects.filter(trajectory__family_id=family_id).update(reason="")
    Goal.objects.filter(trajectory__family_id=family_id).update(
        family_wording="", worker_wording="", who_does_what="")
    Review.objects.filter(trajectory__family_id=family_id).update(summary="")
    conferences = CaseConference.objects.filter(trajectory__family_id=family_id)
    conferences.update(minutes="", parents_comment="")
    FamilyReaction.objects.filter(trajectory__family_id=family_id).update(text="")
    OverrideRequest.objects.filter(family_id=family_id).update(reason="", decision_note="")
    conferences.exclude(no_parents_reason="").update(no_parents_reason=retention.ERASED)
