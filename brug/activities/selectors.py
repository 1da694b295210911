"""Reads of activities, sessions, attendance and registrations, through the access policy."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from brug.access import policy
from brug.activities.models import (
    ATTENDANCE_CATEGORY,
    Activity,
    Attendance,
    Registration,
    RegistrationStatus,
    Session,
)
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.models import AuditAction
from brug.families.models import Family

FAMILY_CHOICES = 20


def activities_for(worker) -> QuerySet:
    qs = Activity.objects.filter(network_id=worker.organisation.network_id)
    own = Q(organisers=worker.organisation_id) if policy.hosts_open_door(
        worker, [worker.organisation_id]) else Q(pk__in=[])
    ids = qs.filter(own | Q(volunteers=worker)).values("pk")
    return Activity.objects.filter(pk__in=ids).select_related("neighbourhood").order_by("name")


def _hosts(worker, activity: Activity) -> bool:
    return policy.hosts_open_door(worker, activity.organisers.values_list("pk", flat=True),
                                  activity.volunteers.values_list("pk", flat=True))


def activity_get(worker, activity_id: int) -> Activity:
    if not 0 < activity_id < 2**63:
        raise Http404
    activity = Activity.objects.filter(pk=activity_id).select_related("neighbourhood").first()
    if activity is None or not _hosts(worker, activity):
        raise Http404
    return activity


def session_get(worker, session_id: int) -> Session:
    if not 0 < session_id < 2**63:
        raise Http404
    session = Session.objects.filter(pk=session_id).select_related(
        "activity", "activity__neighbourhood").first()
    if session is None or not _hosts(worker, session.activity):
        raise Http404
    return session


def registration_get(worker, registration_id: int) -> Registration:
    if not 0 < registration_id < 2**63:
        raise Http404
    reg = Registration.objects.filter(pk=registration_id).select_related(
        "activity", "family").first()
    if reg is None or not _hosts(worker, reg.activity):
        raise Http404
    return reg


def _shown_families(worker, family_ids, *, purpose: str) -> dict[int, Family]:
    """The families of a list this worker may see attend (category `contact`), redacted to
    what it sees, each read recorded in the audit trail."""
    families = list(Family.objects.filter(pk__in=set(family_ids)).select_related(
        "organisation"))
    granted = policy.categories_by_family(worker, families)
    shown = {}
    for f in families:
        if ATTENDANCE_CATEGORY not in granted[f.pk]:
            continue
        shown[f.pk] = policy.redact(f, granted[f.pk])
        audit_record(actor=worker, family_id=f.pk, category=ATTENDANCE_CATEGORY,
                     action=AuditAction.VIEW, purpose=purpose,
                     network_id=f.organisation.network_id)
    return shown


def attendance_of(worker, session: Session, *, purpose: str) -> tuple[list, int]:
    """The known families at a session that this worker may see, and how many others."""
    rows = list(Attendance.objects.filter(session=session).order_by("id"))
    shown = _shown_families(worker, [r.family_id for r in rows], purpose=purpose)
    visible = []
    for r in rows:
        if r.family_id in shown:
            r.shown_family = shown[r.family_id]
            visible.append(r)
    return visible, len(rows) - len(visible)


def registrations_of(worker, activity: Activity, *, purpose: str) -> dict:
    """Registered and waiting, in order; known families only where the worker may see them
    (others are counted as "another family")."""
    rows = list(Registration.objects.filter(activity=activity).exclude(
        status=RegistrationStatus.CANCELLED).prefetch_related("events").order_by(
        "waiting_since", "id"))
    shown = _shown_families(worker, [r.family_id for r in rows if r.family_id],
                            purpose=purpose)
    for r in rows:
        r.shown_family = shown.get(r.family_id)
        r.hidden = r.family_id is not None and r.shown_family is None
    return {"registered": [r for r in rows if r.status == RegistrationStatus.REGISTERED],
            "waiting": [r for r in rows if r.status == RegistrationStatus.WAITING]}


def family_choices(worker, query: str) -> list[Family]:
    """Families this worker may record as attending: it sees their `contact` and their name,
    searched by name only (`policy.field_match`)."""
    query = query.strip()[:100]
    if len(query) < 2:
        return []
    qs = policy.families_granting(worker, Family.objects.all(), ATTENDANCE_CATEGORY)
    qs = qs.filter(policy.field_match(worker, "display_name", "icontains", query))
    families = list(qs.order_by("display_name", "id")[:FAMILY_CHOICES])
    granted = policy.categories_by_family(worker, families)
    return [policy.redact(f, granted[f.pk]) for f in families
            if Category.IDENTITY in granted[f.pk]]
