"""Reads of appointments, always through the access policy.

An appointment is `plan` information: a worker sees it only where the policy grants `plan`
for its family, and its family only as the policy lets them see it (`policy.seen_families`:
the neutral label without `identity`). Members are named only with `household`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from brug.access import policy
from brug.appointments.models import Appointment, AppointmentMove, AppointmentStatus
from brug.core.categories import Category
from brug.families.models import Member


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _with_people(qs):
    return qs.select_related("family", "family__organisation").prefetch_related(
        Prefetch("workers"), Prefetch("members", queryset=Member.objects.order_by("id")))


def _seen(worker, appointments: list[Appointment]) -> list[Appointment]:
    """Keep the appointments whose family grants `plan` to this worker, each family redacted
    to what this worker sees of it (one or two queries for the whole page)."""
    families = {a.family_id: a.family for a in appointments}
    granted = policy.categories_by_family(worker, families.values())
    shown = []
    for a in appointments:
        categories = granted.get(a.family_id, frozenset())
        if Category.PLAN not in categories:
            continue
        policy.redact(a.family, categories)
        a.shows_members = Category.HOUSEHOLD in categories
        shown.append(a)
    return shown


def upcoming_for(worker, start: date, days: int = 7, *, include_done: bool = True
                 ) -> list[Appointment]:
    """This worker's appointments (they are one of its workers) from `start` for `days` days,
    cancelled ones left out, oldest first; families as the worker may see them."""
    qs = Appointment.objects.filter(
        workers=worker, starts_at__gte=_local_midnight(start),
        starts_at__lt=_local_midnight(start + timedelta(days=days)),
    ).exclude(status=AppointmentStatus.CANCELLED)
    if not include_done:
        qs = qs.filter(status=AppointmentStatus.PLANNED)
    return _seen(worker, list(_with_people(qs.order_by("starts_at", "id"))))


def next_for_family(worker, family, *, access=None) -> Appointment | None:
    """The family's next planned appointment (anyone's), when this worker sees `plan`
    (`access`: this worker's on the family, when the caller has it)."""
    if not (access or policy.access_for(worker, family)).can_view(Category.PLAN):
        return None
    return (Appointment.objects.filter(family_id=family.pk, status=AppointmentStatus.PLANNED,
                                       starts_at__gte=timezone.now())
            .order_by("starts_at", "id").first())


def for_family(family, access, *, past_days: int = 90, limit: int = 50) -> list[Appointment]:
    """The family's appointments on its dossier: from `past_days` ago on. The caller has the
    family from `family_get_for_worker(category=PLAN)`."""
    if not access.can_view(Category.PLAN):
        return []
    since = timezone.now() - timedelta(days=past_days)
    rows = list(_with_people(Appointment.objects.filter(family_id=family.pk, starts_at__gte=since))
                .prefetch_related(Prefetch("moves", queryset=AppointmentMove.objects
                                           .select_related("by")))
                .order_by("-starts_at", "-id")[:limit])
    for a in rows:
        a.family = family  # the redacted one
        a.shows_members = access.can_view(Category.HOUSEHOLD)
    return rows


def appointment_get(family, appointment_id: int) -> Appointment:
    appointment = (Appointment.objects.filter(family_id=family.pk, pk=appointment_id)
                   .prefetch_related("workers", "members").first())
    if appointment is None:
        raise Http404
    appointment.family = family
    return appointment


def worker_choices(family, actor):
    """Who can be at an appointment: the active workers of the family's organisation (not its
    administrators) and the workers involved in the family's open trajectories."""
    from brug.core.roles import Role
    from brug.network.models import Worker
    from brug.trajectories.models import Trajectory, TrajectoryStatus

    trajectories = Trajectory.objects.filter(family_id=family.pk, status=TrajectoryStatus.OPEN)
    involved = set(trajectories.values_list("involved", flat=True)) | set(
        trajectories.values_list("responsible", flat=True))
    involved.discard(None)
    qs = Worker.objects.filter(active=True).select_related("organisation")
    own = qs.filter(organisation_id=family.organisation_id).exclude(
        roles__contains=f",{Role.ADMINISTRATOR},")
    return (own | qs.filter(pk__in=involved) | qs.filter(pk=actor.pk)).distinct().order_by(
        "display_name")


def for_feed(worker, *, past_days: int = 30, future_days: int = 180) -> list[Appointment]:
    """The appointments of a worker's calendar feed: planned and done, from a month ago."""
    today = timezone.localdate()
    return upcoming_for(worker, today - timedelta(days=past_days), past_days + future_days)
