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
from brug.core import policy, versions
from brug.core.categories import Category
from brug.core.links import link_maker
from brug.core.prepared import Prepared, PreparedUnion
from brug.network.models import Role, Worker
from brug.trajectories.models import (
    CaseConference,
    Contact,
    ContactKind,
    Goal,
    OpenCaseload,
    Programme,
    Review,
    Trajectory,
    TrajectoryStatus,
    WorkerDayMinutes,
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


@dataclass(slots=True)
class AgendaItem:
    """One line of the agenda: a family, a link, a day and what is due."""

    family_id: int
    family_name: str
    url: str
    on: date
    detail: str = ""
    overdue: bool = False
    first: bool = False
    minutes: int = 0


@dataclass
class Agenda:
    today: date
    week_end: date
    reviews: list[AgendaItem] = field(default_factory=list)
    conferences: list[AgendaItem] = field(default_factory=list)
    ending: list[AgendaItem] = field(default_factory=list)
    consents: list[AgendaItem] = field(default_factory=list)
    contacts: list[AgendaItem] = field(default_factory=list)
    week_minutes: int = 0

    @property
    def empty(self) -> bool:
        return not (self.reviews or self.conferences or self.ending or self.consents)


AGENDA_LIMIT = 100
# Stand-ins for the parameters while the agenda's queries are compiled (see core.prepared).
_WORKER, _DAY = -190_203, date(1901, 2, 3)
_WEEK_START, _WEEK_END = date(1901, 1, 7), date(1901, 3, 4)
_OPEN = TrajectoryStatus.OPEN


def _open_items(model, due: str, last: str) -> Prepared:
    """A worker's open reviews or case conferences due by the end of the week, oldest first:
    (due, trajectory, family, family name, `last`, id)."""
    return Prepared(
        lambda worker, week_end: model.objects.filter(
            trajectory__responsible_id=worker, trajectory__status=_OPEN, held_on__isnull=True,
            **{f"{due}__lte": week_end}).order_by(due, "id").values_list(
            due, "trajectory_id", "trajectory__family_id", "trajectory__family__display_name",
            last, "id")[:AGENDA_LIMIT],
        worker=_WORKER, week_end=_WEEK_END)


# The agenda's five reads, each with its own order and limit, sent as one statement. Each
# row starts with the day it is ordered by and ends with its id (the trajectory's for the
# ending ones, second), as the union does not keep the parts' order.
_AGENDA = PreparedUnion(
    reviews=_open_items(Review, "due_on", "trajectory__programme__name"),
    conferences=_open_items(CaseConference, "due_by", "first"),
    ending=Prepared(
        lambda worker, week_end: Trajectory.objects.filter(
            responsible_id=worker, status=_OPEN, planned_end_on__lte=week_end)
        .order_by("planned_end_on", "id").values_list(
            "planned_end_on", "id", "family_id", "family__display_name",
            "programme__name")[:AGENDA_LIMIT],
        worker=_WORKER, week_end=_WEEK_END),
    consents=Prepared(
        lambda worker, day, week_end: SharingConsent.objects.filter(
            consents_in_force(day), valid_until__lte=week_end, family__contact_worker_id=worker)
        .order_by("valid_until", "id").values_list(
            "valid_until", "family_id", "family__display_name",
            "organisation__short_name", "id")[:AGENDA_LIMIT],
        worker=_WORKER, day=_DAY, week_end=_WEEK_END),
    contacts=Prepared(
        lambda worker, week_start, week_end: Contact.objects.filter(
            worker_id=worker, happened_on__gte=week_start, happened_on__lte=week_end)
        .order_by("-happened_on", "-id").values_list(
            "happened_on", "family_id", "family__display_name", "kind", "minutes",
            "id")[:AGENDA_LIMIT],
        worker=_WORKER, week_start=_WEEK_START, week_end=_WEEK_END),
)


def _by_day(rows: list[tuple], *, id_at: int = -1, latest_first: bool = False) -> list[tuple]:
    """Rows in the order their query asked for: by the first column (a day), then the id."""
    return sorted(rows, key=lambda row: (row[0], row[id_at]), reverse=latest_first)


def agenda_for(worker, today: date) -> Agenda:
    """What is due this week or overdue for this worker, computed from the data.

    Five narrow reads, compiled once per process and sent as one statement (`_AGENDA`),
    fetch the worker's own items as plain rows; one more query asks the access policy which
    of their families the worker may still see, and items of other families are dropped.
    """
    week_start, week_end = week_bounds(today)
    agenda = Agenda(today=today, week_end=week_end)
    found = _AGENDA(worker=worker.pk, day=today, week_start=week_start, week_end=week_end)
    reviews, conferences = _by_day(found["reviews"]), _by_day(found["conferences"])
    ending, consents = _by_day(found["ending"], id_at=1), _by_day(found["consents"])
    contacts = _by_day(found["contacts"], latest_first=True)
    family_ids = ({r[2] for r in reviews} | {c[2] for c in conferences} | {t[2] for t in ending}
                  | {c[1] for c in consents} | {c[1] for c in contacts})
    visible = policy.visible_family_ids(worker, family_ids, day=today)
    trajectory_link = link_maker("trajectories:detail", 2)
    agenda.reviews = [
        AgendaItem(family, name, trajectory_link(family, trajectory), due, programme,
                   overdue=due < today)
        for due, trajectory, family, name, programme, _id in reviews if family in visible]
    agenda.conferences = [
        AgendaItem(family, name, trajectory_link(family, trajectory), due, overdue=due < today,
                   first=first)
        for due, trajectory, family, name, first, _id in conferences if family in visible]
    agenda.ending = [
        AgendaItem(family, name, trajectory_link(family, trajectory), end, programme,
                   overdue=end < today)
        for end, trajectory, family, name, programme in ending if family in visible]
    consent_link = link_maker("consent:tab", 1)
    agenda.consents = [
        AgendaItem(family, name, consent_link(family), until, organisation)
        for until, family, name, organisation, _id in consents if family in visible]
    # The time spent this week counts every contact; names only of families still visible.
    agenda.week_minutes = sum(c[4] for c in contacts)
    contact_link = link_maker("trajectories:tab", 1)
    kinds = {kind: str(label) for kind, label in ContactKind.choices}  # translated once
    agenda.contacts = [
        AgendaItem(family, name, contact_link(family), day, kinds.get(kind, kind),
                   minutes=minutes)
        for day, family, name, kind, minutes, _id in contacts if family in visible]
    return agenda


def can_see_caseload(worker) -> bool:
    return (worker is not None and worker.active and worker.organisation.active
            and worker.has_role(Role.COORDINATOR))


_NETWORK, _IDS = -190_221, [-190_222]
# Open trajectories per (worker, programme) and minutes per worker, in one statement; both
# read totals kept by `brug.trajectories.kept`, not the trajectories and contacts.
_TOTALS = PreparedUnion(
    counts=Prepared(
        lambda network, workers: OpenCaseload.objects.filter(
            programme__network_id=network, worker_id__in=workers, open__gt=0)
        .values_list("worker_id", "programme_id", "open"),
        network=_NETWORK, workers=_IDS),
    minutes=Prepared(
        lambda since, until, workers: WorkerDayMinutes.objects.filter(
            day__gte=since, day__lte=until, worker_id__in=workers)
        .values_list("worker_id").annotate(m=Sum("minutes")).order_by(),
        since=_WEEK_START, until=_WEEK_END, workers=_IDS))


def caseload_overview(network_id: int, today: date, *, worker_ids, programmes) -> dict:
    """Open trajectories per worker and programme against the cap, and minutes in 30 days,
    for the workers of one page; `programmes` as `caseload_roster` gives them.

    One query, compiled once per process: open trajectories per (worker, programme) and
    minutes per worker together (`_TOTALS`).
    """
    if not worker_ids:
        return {"programmes": programmes, "counts": {}, "minutes": {}}
    totals = _TOTALS(network=network_id, workers=worker_ids, since=today - timedelta(days=30),
                     until=today)
    counts = {(worker, programme): n for worker, programme, n in totals["counts"]}
    return {"programmes": programmes, "counts": counts, "minutes": dict(totals["minutes"])}


def _caseload_workers(network):
    return (Worker.objects.filter(organisation__network_id=network, active=True)
            .filter(Q(roles__contains=f",{Role.SUPPORTER},")
                    | Q(roles__contains=f",{Role.EXPERIENCE_EXPERT},")
                    | Q(roles__contains=f",{Role.VOLUNTEER},")))


# Who carries a caseload, and the programmes, per network: they change when a coordinator
# edits a worker, an organisation or a programme, not with the daily work, so they are kept
# per version of those tables ("roster", `core.versions`; migration trajectories/0006).
_rosters = versions.Kept("roster", "caseload", size=64)


def _roster(network_id: int) -> tuple[list[tuple], list[tuple]]:
    workers = list(_caseload_workers(network_id).order_by("display_name", "id")
                   .values_list("id", "display_name", "organisation__short_name"))
    programmes = list(Programme.objects.filter(network_id=network_id, active=True)
                      .order_by("name", "id").values_list("id", "name", "caseload_cap"))
    return workers, programmes


def caseload_roster(network_id: int) -> tuple[list[tuple], list[tuple]]:
    """(the workers who carry a caseload as (id, name, organisation), in name order; the
    network's active programmes as (id, name, cap)), kept per version of what they read."""
    return _rosters.get(network_id, lambda: _roster(network_id))


@dataclass(slots=True)
class CaseloadCell:
    n: int
    cap: int | None

    @property
    def over(self) -> bool:
        return self.cap is not None and self.n > self.cap

    @property
    def full(self) -> bool:
        return self.cap is not None and self.n >= self.cap


@dataclass(slots=True)
class CaseloadRow:
    worker_id: int
    name: str
    organisation: str
    cells: list[CaseloadCell]
    total: int
    minutes: int

    @property
    def over(self) -> bool:
        return any(cell.over for cell in self.cells)


def caseload_rows(workers, overview) -> list[CaseloadRow]:
    """One row per (id, name, organisation) in `workers`, one cell per programme."""
    counts, programmes = overview["counts"], overview["programmes"]
    rows = []
    for worker_id, name, organisation in workers:
        cells = [CaseloadCell(counts.get((worker_id, programme_id), 0), cap)
                 for programme_id, _name, cap in programmes]
        rows.append(CaseloadRow(worker_id, name, organisation, cells,
                                sum(cell.n for cell in cells),
                                overview["minutes"].get(worker_id, 0)))
    return rows
