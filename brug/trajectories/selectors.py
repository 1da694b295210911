"""Reads for trajectories, contacts, goals, the agenda and the caseload overview.

The agenda and the caseload overview run a fixed number of queries whatever the data size
(tests assert it): each list is one query with its joins, narrowed by the access policy as a
subquery rather than a check per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.http import Http404

from brug.consent.models import SharingConsent, consents_in_force
from brug.core import policy
from brug.core.categories import Category
from brug.families.models import Family
from brug.network.models import Role, Worker
from brug.trajectories.models import (
    CaseConference,
    Contact,
    Goal,
    Programme,
    Review,
    Trajectory,
    TrajectoryStatus,
)


def trajectories_of(family) -> list[Trajectory]:
    return list(Trajectory.objects.filter(family_id=family.pk)
                .select_related("programme", "responsible"))


def trajectory_get(family, trajectory_id: int) -> Trajectory:
    trajectory = (Trajectory.objects.filter(family_id=family.pk, pk=trajectory_id)
                  .select_related("programme", "responsible", "referrer", "family",
                                  "override_approved_by").first())
    if trajectory is None:
        raise Http404
    return trajectory


def _visible(worker, access, qs, *, category_field: str | None = "category"):
    """Foundation rules: the category must be shared; confidential stays in its organisation."""
    if category_field:
        qs = qs.filter(**{f"{category_field}__in": access.categories})
    return qs.filter(Q(organisation_id=worker.organisation_id) | Q(confidential=False))


def contacts_visible(worker, family, access, *, limit: int = 50) -> list[Contact]:
    qs = _visible(worker, access, Contact.objects.filter(family_id=family.pk))
    return list(qs.select_related("worker", "organisation", "trajectory__programme")[:limit])


def time_totals(worker, family, access) -> dict:
    """Minutes invested in this family: in total and per worker (visible contacts only)."""
    qs = _visible(worker, access, Contact.objects.filter(family_id=family.pk))
    rows = list(qs.values("worker__display_name").annotate(minutes=Sum("minutes"), n=Count("id"))
                .order_by("-minutes"))
    return {"minutes": sum(r["minutes"] for r in rows), "count": sum(r["n"] for r in rows),
            "per_worker": rows}


def goals_visible(worker, trajectory, access) -> list[Goal]:
    if not access.can_view(Category.PLAN):
        return []
    qs = _visible(worker, access, Goal.objects.filter(trajectory_id=trajectory.pk),
                  category_field=None)
    goals = list(qs.order_by("life_domain", "parent_id", "id"))
    # Steps under their goal, for display.
    by_id = {g.pk: g for g in goals}
    for g in goals:
        g.visible_steps = []
    top = []
    for g in goals:
        if g.parent_id and g.parent_id in by_id:
            by_id[g.parent_id].visible_steps.append(g)
        elif not g.parent_id:
            top.append(g)
    return top


def goal_get(trajectory, goal_id: int) -> Goal:
    goal = Goal.objects.filter(trajectory_id=trajectory.pk, pk=goal_id).select_related(
        "trajectory__family").first()
    if goal is None:
        raise Http404
    return goal


def week_bounds(today: date) -> tuple[date, date]:
    start = today - timedelta(days=today.weekday())
    return start, start + timedelta(days=6)


@dataclass
class Agenda:
    today: date
    week_end: date
    reviews: list = field(default_factory=list)
    conferences: list = field(default_factory=list)
    ending: list = field(default_factory=list)
    consents: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    week_minutes: int = 0

    @property
    def empty(self) -> bool:
        return not (self.reviews or self.conferences or self.ending or self.consents)


AGENDA_LIMIT = 100


def agenda_for(worker, today: date) -> Agenda:
    """What is due this week or overdue for this worker, computed from the data.

    Five narrow queries fetch the worker's own items; one more asks the access policy which
    of their families the worker may still see, and items of other families are dropped.
    (Embedding the policy's subquery in all four lists cost more to compile than to run.)
    """
    week_start, week_end = week_bounds(today)
    agenda = Agenda(today=today, week_end=week_end)
    mine = Q(trajectory__responsible=worker, trajectory__status=TrajectoryStatus.OPEN)
    reviews = list(
        Review.objects.filter(mine, held_on__isnull=True, due_on__lte=week_end)
        .select_related("trajectory__family", "trajectory__programme")
        .order_by("due_on", "id")[:AGENDA_LIMIT])
    conferences = list(
        CaseConference.objects.filter(mine, held_on__isnull=True, due_by__lte=week_end)
        .select_related("trajectory__family", "trajectory__programme")
        .order_by("due_by", "id")[:AGENDA_LIMIT])
    ending = list(
        Trajectory.objects.filter(responsible=worker, status=TrajectoryStatus.OPEN,
                                  planned_end_on__lte=week_end)
        .select_related("family", "programme").order_by("planned_end_on", "id")[:AGENDA_LIMIT])
    consents = list(
        SharingConsent.objects.filter(
            consents_in_force(today), valid_until__lte=week_end, family__contact_worker=worker)
        .select_related("family", "organisation").order_by("valid_until", "id")[:AGENDA_LIMIT])
    contacts = list(
        Contact.objects.filter(worker=worker, happened_on__gte=week_start,
                               happened_on__lte=week_end)
        .select_related("family").order_by("-happened_on", "-id")[:AGENDA_LIMIT])
    family_ids = ({r.trajectory.family_id for r in reviews} | {c.family_id for c in contacts}
                  | {c.trajectory.family_id for c in conferences}
                  | {t.family_id for t in ending} | {c.family_id for c in consents})
    visible = set(policy.visible_families(worker, Family.objects.filter(pk__in=family_ids))
                  .values_list("pk", flat=True)) if family_ids else set()
    agenda.reviews = [r for r in reviews if r.trajectory.family_id in visible]
    agenda.conferences = [c for c in conferences if c.trajectory.family_id in visible]
    agenda.ending = [t for t in ending if t.family_id in visible]
    agenda.consents = [c for c in consents if c.family_id in visible]
    # The time spent this week counts every contact; names only of families still visible.
    agenda.week_minutes = sum(c.minutes for c in contacts)
    agenda.contacts = [c for c in contacts if c.family_id in visible]
    for item in agenda.reviews:
        item.overdue = item.due_on < today
    for item in agenda.conferences:
        item.overdue = item.due_by < today
    for item in agenda.ending:
        item.overdue = item.planned_end_on < today
    return agenda


def can_see_caseload(worker) -> bool:
    return (worker is not None and worker.active and worker.organisation.active
            and worker.has_role(Role.COORDINATOR))


def caseload_overview(network_id: int, today: date, *, worker_ids=None) -> dict:
    """Open trajectories per worker and programme against the cap, and minutes in 30 days.

    Three queries: programmes, counts grouped by (worker, programme), minutes per worker.
    The workers themselves come from the caller's (paginated) page.
    """
    programmes = list(Programme.objects.filter(network_id=network_id, active=True)
                      .order_by("name"))
    counts_qs = Trajectory.objects.filter(programme__network_id=network_id,
                                          status=TrajectoryStatus.OPEN)
    minutes_qs = Contact.objects.filter(happened_on__gte=today - timedelta(days=30),
                                        happened_on__lte=today)
    if worker_ids is not None:
        counts_qs = counts_qs.filter(responsible_id__in=worker_ids)
        minutes_qs = minutes_qs.filter(worker_id__in=worker_ids)
    else:
        minutes_qs = minutes_qs.filter(worker__organisation__network_id=network_id)
    counts: dict[tuple[int, int], int] = {}
    for row in counts_qs.values("responsible_id", "programme_id").annotate(n=Count("id")):
        counts[(row["responsible_id"], row["programme_id"])] = row["n"]
    minutes = {row["worker_id"]: row["m"] for row in
               minutes_qs.values("worker_id").annotate(m=Sum("minutes"))}
    return {"programmes": programmes, "counts": counts, "minutes": minutes}


def caseload_workers(network_id: int):
    return (Worker.objects.filter(organisation__network_id=network_id, active=True)
            .filter(Q(roles__contains=f",{Role.SUPPORTER},")
                    | Q(roles__contains=f",{Role.EXPERIENCE_EXPERT},")
                    | Q(roles__contains=f",{Role.VOLUNTEER},"))
            .select_related("organisation").order_by("display_name", "id"))


def caseload_rows(workers, overview) -> list[dict]:
    rows = []
    for w in workers:
        cells, total, over = [], 0, False
        for p in overview["programmes"]:
            n = overview["counts"].get((w.pk, p.pk), 0)
            total += n
            is_over = p.caseload_cap is not None and n > p.caseload_cap
            over = over or is_over
            cells.append({"n": n, "cap": p.caseload_cap, "over": is_over,
                          "full": p.caseload_cap is not None and n >= p.caseload_cap})
        rows.append({"worker": w, "cells": cells, "total": total, "over": over,
                     "minutes": overview["minutes"].get(w.pk, 0)})
    return rows
