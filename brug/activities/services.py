"""Writes of activities, sessions, attendance, registrations and neighbourhood figures.
Each is one transaction with its audit event."""

from __future__ import annotations

import csv
import io
from datetime import date, time, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.activities import reach
from brug.activities.models import (
    ATTENDANCE_CATEGORY,
    OPEN_DOORS_AUDIT,
    Activity,
    Attendance,
    Neighbourhood,
    Registration,
    RegistrationEvent,
    RegistrationStatus,
    Session,
)
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.errors import require
from brug.core.locking import save_versioned
from brug.core.models import AuditAction

MAX_SESSIONS_PER_RUN = 120
ACTIVITY_FIELDS = ["name", "kind", "place", "neighbourhood", "capacity", "description",
                   "active"]
NEIGHBOURHOOD_FIELDS = ["name", "young_children", "deprivation_pct", "figures_year"]


def may_host(worker, activity: Activity) -> bool:
    return policy.hosts_open_door(worker, activity.organisers.values_list("pk", flat=True),
                                  activity.volunteers.values_list("pk", flat=True))


def _note(actor, network_id: int, action: str, detail: str) -> None:
    audit_record(actor=actor, family_id=None, category=OPEN_DOORS_AUDIT, action=action,
                 detail=detail, network_id=network_id)


# Neighbourhood figures -------------------------------------------------------------------


@transaction.atomic
def neighbourhood_save(*, actor, neighbourhood: Neighbourhood,
                       expected_version: int | None = None) -> Neighbourhood:
    require(policy.can_view_open_door_reports(actor))
    neighbourhood.network_id = actor.organisation.network_id
    neighbourhood.full_clean(validate_unique=False)
    if Neighbourhood.objects.filter(network_id=neighbourhood.network_id,
                                    name__iexact=neighbourhood.name).exclude(
            pk=neighbourhood.pk).exists():
        raise ValidationError({"name": _("Deze wijk bestaat al.")})
    if neighbourhood.pk is None:
        neighbourhood.save()
        action = AuditAction.CREATE
    else:
        save_versioned(neighbourhood, expected_version=expected_version or 0,
                       fields=NEIGHBOURHOOD_FIELDS)
        action = AuditAction.CHANGE
    _note(actor, neighbourhood.network_id, action,
          _("wijkcijfers %(name)s") % {"name": neighbourhood.name})
    return neighbourhood


def _number(raw: str, kind, line: int, label: str):
    text = raw.strip().replace(" ", "").replace("%", "")
    try:
        value = kind(text.replace(",", ".")) if kind is Decimal else kind(text)
    except (ValueError, InvalidOperation):
        raise ValidationError(_("Regel %(line)s: %(label)s is geen getal („%(raw)s”).")
                              % {"line": line, "label": label, "raw": raw[:20]}) from None
    # NaN first: comparing a Decimal NaN raises InvalidOperation.
    if (kind is Decimal and not value.is_finite()) or value < 0 or (
            kind is Decimal and value > 100):
        raise ValidationError(_("Regel %(line)s: %(label)s ligt buiten de grenzen.")
                              % {"line": line, "label": label})
    return value


@transaction.atomic
def neighbourhoods_import(*, actor, text: str, year: int | None = None) -> int:
    """Import `wijk;kinderen 0-3;aandeel kansarmoede %` lines (a header line is skipped).
    All lines or none: the first bad line refuses the whole file with its line number."""
    require(policy.can_view_open_door_reports(actor))
    if "\x00" in text:  # PostgreSQL stores no NUL character in text
        raise ValidationError(_("Het bestand bevat een ongeldig teken (NUL)."))
    network_id = actor.organisation.network_id
    sample = text[:2000]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    parsed: dict[str, tuple[int, Decimal]] = {}
    for line, row in enumerate(rows, start=1):
        if not row or not "".join(row).strip():
            continue
        if line == 1 and not any(ch.isdigit() for ch in "".join(row[1:])):
            continue  # the header
        if len(row) < 3:
            raise ValidationError(_("Regel %(line)s: verwacht wijk; kinderen; aandeel "
                                    "kansarmoede.") % {"line": line})
        name = row[0].strip()[:100]
        if not name:
            raise ValidationError(_("Regel %(line)s: de wijk heeft geen naam.")
                                  % {"line": line})
        children = _number(row[1], int, line, _("kinderen"))
        if children > 10**6:
            raise ValidationError(_("Regel %(line)s: %(label)s ligt buiten de grenzen.")
                                  % {"line": line, "label": _("kinderen")})
        share = _number(row[2], Decimal, line, _("aandeel kansarmoede")).quantize(
            Decimal("0.1"))
        parsed[name.casefold()] = (name, children, share)
    if not parsed:
        raise ValidationError(_("Het bestand bevat geen wijken."))
    existing = {n.name.casefold(): n for n in
                Neighbourhood.objects.select_for_update().filter(network_id=network_id)}
    for key, (name, children, share) in parsed.items():
        hood = existing.get(key) or Neighbourhood(network_id=network_id, name=name)
        hood.young_children, hood.deprivation_pct = children, share
        hood.figures_year = year or hood.figures_year
        if hood.pk:
            hood.version += 1
        hood.save()
    _note(actor, network_id, AuditAction.CHANGE,
          _("wijkcijfers ingelezen: %(n)s wijken") % {"n": len(parsed)})
    return len(parsed)


# Activities and sessions -----------------------------------------------------------------


def _check_activity(actor, activity: Activity, organisers) -> None:
    require(policy.can_plan_open_doors(actor))
    network_id = actor.organisation.network_id
    organisers = list(organisers)
    if not organisers:
        raise ValidationError({"organisers": _("Kies minstens één organiserende "
                                               "organisatie.")})
    if any(o.network_id != network_id for o in organisers):
        raise ValidationError({"organisers": _("Kies organisaties van het netwerk.")})
    if not actor.has_role("coordinator") and actor.organisation_id not in {
            o.pk for o in organisers}:
        raise ValidationError({"organisers": _("Je eigen organisatie moet mee organiseren.")})
    if activity.neighbourhood_id and activity.neighbourhood.network_id != network_id:
        raise ValidationError({"neighbourhood": _("Kies een wijk van het netwerk.")})
    activity.network_id = network_id


@transaction.atomic
def activity_create(*, actor, activity: Activity, organisers, volunteers=()) -> Activity:
    _check_activity(actor, activity, organisers)
    activity.full_clean()
    activity.save()
    activity.organisers.set(organisers)
    activity.volunteers.set(volunteers)
    _note(actor, activity.network_id, AuditAction.CREATE,
          _("activiteit %(name)s") % {"name": activity.name})
    return activity


@transaction.atomic
def activity_update(*, actor, activity: Activity, organisers, volunteers=(),
                    expected_version: int) -> Activity:
    require(may_host(actor, activity) and policy.can_plan_open_doors(actor))
    _check_activity(actor, activity, organisers)
    activity.full_clean()
    save_versioned(activity, expected_version=expected_version, fields=ACTIVITY_FIELDS)
    activity.organisers.set(organisers)
    activity.volunteers.set(volunteers)
    # Future sessions follow the activity to its (new) neighbourhood, and so does the
    # attendance of today's (its copy of the session's neighbourhood); their counts move
    # with them.
    today = timezone.localdate()
    coming = reach.activity_moving(activity, today)
    Session.objects.filter(activity=activity, on_date__gte=today).update(
        neighbourhood=activity.neighbourhood)
    Attendance.objects.filter(activity=activity, on_date__gte=today).update(
        neighbourhood=activity.neighbourhood)
    reach.activity_moved(activity.network_id, to=activity.neighbourhood_id, **coming)
    _promote(actor, activity)
    _note(actor, activity.network_id, AuditAction.CHANGE,
          _("activiteit %(name)s") % {"name": activity.name})
    return activity


def session_dates(first: date, until: date, every_weeks: int) -> list[date]:
    """The dates of a weekly (1) or biweekly (2) rule from `first` up to `until`."""
    step = timedelta(weeks=every_weeks)
    days, day = [], first
    while day <= until:
        days.append(day)
        day += step
    return days


@transaction.atomic
def sessions_generate(*, actor, activity: Activity, first: date, until: date,
                      every_weeks: int, starts_at: time, ends_at: time) -> int:
    """Dated sessions from a weekly or biweekly rule; dates that already have a session at
    that hour are skipped. Returns how many were made."""
    require(may_host(actor, activity) and policy.can_plan_open_doors(actor))
    if every_weeks not in (1, 2):
        raise ValidationError({"every_weeks": _("Kies elke week of om de twee weken.")})
    if until < first:
        raise ValidationError({"until": _("De einddatum ligt voor de eerste datum.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Het einduur moet na het beginuur liggen.")})
    days = session_dates(first, until, every_weeks)
    if len(days) > MAX_SESSIONS_PER_RUN:
        raise ValidationError({"until": _("Maak ten hoogste %(n)s sessies in één keer.")
                               % {"n": MAX_SESSIONS_PER_RUN}})
    taken = set(Session.objects.filter(activity=activity, on_date__in=days,
                                       starts_at=starts_at).values_list("on_date", flat=True))
    new = [Session(activity=activity, network_id=activity.network_id,
                   neighbourhood_id=activity.neighbourhood_id, on_date=d, starts_at=starts_at,
                   ends_at=ends_at) for d in days if d not in taken]
    Session.objects.bulk_create(new)
    reach.sessions_added(activity.network_id, new)
    _note(actor, activity.network_id, AuditAction.CREATE,
          _("%(n)s sessies van %(name)s") % {"n": len(new), "name": activity.name})
    return len(new)


@transaction.atomic
def session_update(*, actor, session: Session, expected_version: int) -> Session:
    """The anonymous counts of a session, or that it did not take place (version-checked)."""
    require(may_host(actor, session.activity))
    session.full_clean()
    # The counts as saved: the version check below makes sure they are the ones replaced.
    before = Session.objects.filter(pk=session.pk).values(*reach.SESSION_COUNTS).first()
    save_versioned(session, expected_version=expected_version,
                   fields=["anonymous_families", "anonymous_adults", "anonymous_children",
                           "cancelled"])
    reach.session_changed(session.network_id, session, before=before)
    _note(actor, session.network_id, AuditAction.CHANGE,
          _("sessie %(pk)s van %(name)s") % {"pk": session.pk, "name": session.activity.name})
    return session


# Attendance of known families ------------------------------------------------------------


def may_record_family(actor, family) -> bool:
    """A known family's attendance is `contact` data: only a worker who sees that category of
    the family (its own organisation, or a consent that shares it) and its name."""
    access = policy.access_for(actor, family)
    return access.can_view(ATTENDANCE_CATEGORY) and access.can_view(Category.IDENTITY)


@transaction.atomic
def attendance_record(*, actor, session: Session, family, children: int = 0) -> Attendance:
    require(may_host(actor, session.activity))
    if session.cancelled:
        raise ValidationError(_("Deze sessie ging niet door."))
    if not may_record_family(actor, family):
        raise ValidationError(_("Dit gezin deelt zijn deelname niet met jouw organisatie."))
    if not 0 <= children <= 20:
        raise ValidationError({"children": _("Geef een aantal kinderen tussen 0 en 20.")})
    row = Attendance(session=session, family=family, children=children,
                     network_id=session.network_id, activity_id=session.activity_id,
                     neighbourhood_id=session.neighbourhood_id, on_date=session.on_date,
                     recorded_by=actor)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ValidationError(_("Dit gezin staat al op de aanwezigheidslijst.")) from None
    reach.attendance_changed(session.network_id, row, added=True)
    audit_record(actor=actor, family_id=family.pk, category=ATTENDANCE_CATEGORY,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("aanwezig op %(name)s, %(day)s") % {
                     "name": session.activity.name, "day": session.on_date.isoformat()})
    return row


@transaction.atomic
def attendance_remove(*, actor, attendance: Attendance) -> None:
    require(may_host(actor, attendance.session.activity))
    require(may_record_family(actor, attendance.family))
    family_id = attendance.family_id
    attendance.delete()
    reach.attendance_changed(attendance.network_id, attendance, added=False)
    audit_record(actor=actor, family_id=family_id, category=ATTENDANCE_CATEGORY,
                 action=AuditAction.DELETE,
                 detail=gettext_noop("aanwezigheid op %(name)s, %(day)s geschrapt") % {
                     "name": attendance.session.activity.name,
                     "day": attendance.session.on_date.isoformat()})


# Registrations and the waiting list ------------------------------------------------------


def _event(registration: Registration, status: str, actor, note: str = "") -> None:
    RegistrationEvent.objects.create(registration=registration, status=status, actor=actor,
                                     note=note)


def _places_left(activity: Activity) -> int | None:
    if activity.capacity is None:
        return None
    taken = Registration.objects.filter(activity=activity,
                                        status=RegistrationStatus.REGISTERED).count()
    return max(activity.capacity - taken, 0)


def _audit_registration(actor, registration: Registration, action: str, what: str) -> None:
    audit_record(actor=actor, family_id=registration.family_id,
                 category=ATTENDANCE_CATEGORY if registration.family_id else OPEN_DOORS_AUDIT,
                 action=action, detail=f"{what}: {registration.activity.name}",
                 network_id=registration.activity.network_id)


@transaction.atomic
def registration_add(*, actor, activity: Activity, family=None,
                     first_name: str = "") -> Registration:
    """Register a known family or a first name; on the waiting list when the activity is
    full. The activity row is locked, so two registrations never take the last place."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    require(may_host(actor, activity))
    first_name = first_name.strip()
    if (family is None) == (not first_name):
        raise ValidationError(_("Kies een gekend gezin of geef een voornaam (niet allebei)."))
    if " " in first_name:
        raise ValidationError({"first_name": _("Alleen een voornaam, zonder achternaam.")})
    if family is not None:
        if not may_record_family(actor, family):
            raise ValidationError(_("Dit gezin deelt zijn deelname niet met jouw organisatie."))
        if Registration.objects.filter(activity=activity, family=family).exclude(
                status=RegistrationStatus.CANCELLED).exists():
            raise ValidationError(_("Dit gezin is al ingeschreven of staat op de wachtlijst."))
    left = _places_left(activity)
    full = left is not None and left <= 0
    registration = Registration.objects.create(
        activity=activity, family=family, first_name=first_name, recorded_by=actor,
        status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
        waiting_since=timezone.now() if full else None)
    _event(registration, registration.status, actor,
           _("volzet: op de wachtlijst") if full else "")
    _audit_registration(actor, registration, AuditAction.CREATE,
                        _("wachtlijst") if full else _("inschrijving"))
    return registration


def _promote(actor, activity: Activity) -> list[Registration]:
    """Fill free places from the waiting list, first come first served."""
    promoted = []
    left = _places_left(activity)
    queue = Registration.objects.select_for_update().filter(
        activity=activity, status=RegistrationStatus.WAITING).order_by("waiting_since", "id")
    for registration in queue[:left] if left is not None else queue:
        registration.status = RegistrationStatus.REGISTERED
        registration.version += 1
        registration.save(update_fields=["status", "version", "updated_at"])
        _event(registration, RegistrationStatus.REGISTERED, actor,
               _("van de wachtlijst: er kwam een plaats vrij"))
        _audit_registration(actor, registration, AuditAction.CHANGE,
                            _("van de wachtlijst ingeschreven"))
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(*, actor, registration: Registration,
                        expected_version: int) -> list[Registration]:
    """Cancel a registration (or a place on the waiting list); the first in line takes a
    freed place. Returns the promoted registrations."""
    activity = Activity.objects.select_for_update().get(pk=registration.activity_id)
    require(may_host(actor, activity))
    if registration.family_id is not None:
        require(may_record_family(actor, registration.family))
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("Deze inschrijving is al geschrapt."))
    registration.status = RegistrationStatus.CANCELLED
    save_versioned(registration, expected_version=expected_version, fields=["status"])
    _event(registration, RegistrationStatus.CANCELLED, actor)
    _audit_registration(actor, registration, AuditAction.END, _("uitgeschreven"))
    return _promote(actor, activity)
