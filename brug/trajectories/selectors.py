"""Reads for trajectories, contacts, goals, the agenda and the caseload overview.

The agenda and the caseload overview run a fixed number of queries whatever the data size
(tests assert it): each list is one query with its joins; the families on the agenda are
checked against the access policy in one batch, not one check per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.consent.models import SharingConsent, consents_in_force
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.models import AuditAction
from brug.families.models import Family
from brug.network.models import Role, Worker
from brug.trajectories.models import (
    CaseConference,
    Contact,
    ContactKind,
    Goal,
    OverrideRequest,
    OverrideStatus,
    Programme,
    Review,
    Trajectory,
    TrajectoryStatus,
)


def trajectories_of(worker, family, access) -> list[Trajectory]:
    """The family's trajectories within the grant's history (policy rule 11)."""
    qs = policy.history_filter(worker, access, "trajectory",
                               Trajectory.objects.filter(family_id=family.pk))
    return list(qs.select_related("programme", "responsible"))


# What the trajectory tab shows of a trajectory and of a contact (the tab reads these
# columns only; the forms and pages of one trajectory or contact read whole rows).
TAB_TRAJECTORY_FIELDS = ("family_id", "programme__name", "responsible__display_name",
                         "started_on", "planned_end_on", "status")
TAB_CONTACT_FIELDS = ("family_id", "kind", "happened_on", "minutes", "note", "category",
                      "confidential", "organisation__short_name", "worker__display_name")


def trajectories_for_tab(worker, family, access) -> list[Trajectory]:
    """`trajectories_of` with the columns the trajectory tab shows."""
    qs = policy.history_filter(worker, access, "trajectory",
                               Trajectory.objects.filter(family_id=family.pk))
    return list(qs.select_related("programme", "responsible").only(*TAB_TRAJECTORY_FIELDS))


def trajectory_get(worker, family, access, trajectory_id: int) -> Trajectory:
    """One trajectory of this family within the grant's history (rule 11), or 404."""
    qs = policy.history_filter(worker, access, "trajectory",
                               Trajectory.objects.filter(family_id=family.pk, pk=trajectory_id))
    trajectory = qs.select_related("programme", "responsible", "referrer", "family",
                                   "override_approved_by").first()
    if trajectory is None:
        raise Http404
    return trajectory


def reviews_of(worker, trajectory, access) -> list[Review]:
    return list(policy.history_filter(worker, access, "review",
                                      Review.objects.filter(trajectory_id=trajectory.pk)))


def review_get(worker, trajectory, access, review_id: int) -> Review:
    review = policy.history_filter(worker, access, "review", Review.objects.filter(
        trajectory_id=trajectory.pk, pk=review_id)).first()
    if review is None:
        raise Http404
    return review


def conferences_of(worker, trajectory, access):
    """The trajectory's case conferences within the grant's history (rule 11), a queryset."""
    return policy.history_filter(worker, access, "conference",
                                 CaseConference.objects.filter(trajectory_id=trajectory.pk))


def _visible(worker, access, qs, *, category_field: str | None = "category",
             date_field: str | None = None):
    """Foundation rules: the category must be shared; confidential stays in its organisation;
    a dated record only within the grant's history (policy rule 11)."""
    if category_field:
        qs = qs.filter(**{f"{category_field}__in": access.categories})
    if date_field:
        qs = qs.filter(policy.dated_q(worker, access, date_field, category_field=category_field))
    return qs.filter(Q(organisation_id=worker.organisation_id) | Q(confidential=False))


def contacts_visible(worker, family, access, *, limit: int = 50,
                     only: tuple[str, ...] = ()) -> list[Contact]:
    qs = _visible(worker, access, Contact.objects.filter(family_id=family.pk),
                  date_field="happened_on").select_related("worker", "organisation")
    return list((qs.only(*only) if only else qs)[:limit])


def contact_get(worker, family, access, contact_id: int) -> Contact:
    """One contact of this family that the worker may see, or 404."""
    contact = _visible(worker, access, Contact.objects.filter(family_id=family.pk, pk=contact_id),
                       date_field="happened_on").first()
    if contact is None:
        raise Http404
    return contact


def time_totals(worker, family, access) -> dict:
    """Minutes invested in this family: in total and per worker (visible contacts only)."""
    qs = _visible(worker, access, Contact.objects.filter(family_id=family.pk),
                  date_field="happened_on")
    rows = list(qs.values("worker__display_name").annotate(minutes=Sum("minutes"), n=Count("id"))
                .order_by("-minutes"))
    return {"minutes": sum(r["minutes"] for r in rows), "count": sum(r["n"] for r in rows),
            "per_worker": rows}


def goals_visible(worker, trajectory, access) -> list[Goal]:
    if not access.can_view(Category.PLAN):
        return []
    qs = _visible(worker, access, Goal.objects.filter(trajectory_id=trajectory.pk),
                  category_field=None)
    goals = policy.history_filter(worker, access, "goal", qs)
    goals = list(goals.order_by("life_domain", "parent_id", "id"))
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


def goal_get(worker, trajectory, access, goal_id: int) -> Goal:
    goal = policy.history_filter(worker, access, "goal", Goal.objects.filter(
        trajectory_id=trajectory.pk, pk=goal_id)).select_related("trajectory__family").first()
    if goal is None:
        raise Http404
    return goal


def week_bounds(today: date) -> tuple[date, date]:
    start = today - timedelta(days=today.weekday())
    return start, start + timedelta(days=6)


def categories_by_family(worker, family_ids, *, day: date) -> dict[int, frozenset[str]]:
    """`policy.categories_by_family` for families known by their ids: what this worker sees
    of each. A family missing from the answer is not visible."""
    if not family_ids:
        return {}
    families = Family.objects.filter(pk__in=family_ids).only(
        "pk", "organisation_id", "contact_worker_id", "anonymised_at")
    granted = policy.categories_by_family(worker, families, day=day)
    return {pk: categories for pk, categories in granted.items() if categories}


def family_label(family_id: int, name: str, categories) -> str:
    """The family's name where `identity` is granted, a neutral label otherwise."""
    if Category.IDENTITY in categories:
        return name
    return _("Gezin nr. %(number)s") % {"number": family_id}


@dataclass(slots=True)
class AgendaItem:
    """One line of the agenda: a family, what the line links to, a day and what is due.

    `trajectory_id` is set for lines about a trajectory (they link to its page); the other
    lines link to a tab of the family's dossier.
    """

    family_id: int
    family_name: str
    on: date
    trajectory_id: int | None = None
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


def _open_items(model, worker, due: str, week_end: date, *extra: str) -> list[tuple]:
    """A worker's open reviews or case conferences due by the end of the week, oldest first:
    (due, trajectory, family, family name, *extra)."""
    return list(model.objects.filter(
        trajectory__responsible=worker, trajectory__status=TrajectoryStatus.OPEN,
        held_on__isnull=True, **{f"{due}__lte": week_end}).order_by(due, "id").values_list(
        due, "trajectory_id", "trajectory__family_id", "trajectory__family__display_name",
        *extra)[:AGENDA_LIMIT])


def agenda_for(worker, today: date) -> Agenda:
    """What is due this week or overdue for this worker, computed from the data.

    Six narrow reads fetch the worker's own items and the minutes of this week; two more
    ask the policy which categories of their families the worker may still see
    (`categories_by_family`). A line shows only with the category it belongs to (`plan` for
    reviews, conferences and trajectories, `consent` for consents, the contact's own category
    for a contact), and the family's name only with `identity`.
    """
    week_start, week_end = week_bounds(today)
    agenda = Agenda(today=today, week_end=week_end)
    reviews = _open_items(Review, worker, "due_on", week_end, "trajectory__programme__name")
    conferences = _open_items(CaseConference, worker, "due_by", week_end, "first")
    ending = list(Trajectory.objects.filter(
        responsible=worker, status=TrajectoryStatus.OPEN, planned_end_on__lte=week_end)
        .order_by("planned_end_on", "id").values_list(
        "planned_end_on", "id", "family_id", "family__display_name",
        "programme__name")[:AGENDA_LIMIT])
    consents = list(SharingConsent.objects.filter(
        consents_in_force(today), valid_until__lte=week_end, family__contact_worker=worker)
        .order_by("valid_until", "id").values_list(
        "valid_until", "family_id", "family__display_name",
        "organisation__short_name")[:AGENDA_LIMIT])
    this_week = Contact.objects.filter(worker=worker, happened_on__gte=week_start,
                                       happened_on__lte=week_end)
    contacts = list(this_week.order_by("-happened_on", "-id").values_list(
        "happened_on", "family_id", "family__display_name", "kind", "minutes",
        "category")[:AGENDA_LIMIT])
    # The time spent this week counts every contact of the worker's own.
    agenda.week_minutes = this_week.aggregate(m=Sum("minutes"))["m"] or 0

    family_ids = ({r[2] for r in reviews} | {c[2] for c in conferences}
                  | {t[2] for t in ending} | {c[1] for c in consents} | {c[1] for c in contacts})
    granted = categories_by_family(worker, family_ids, day=today)

    def shows(family: int, category: str) -> bool:
        return category in granted.get(family, ())

    def name(family: int, display_name: str) -> str:
        return family_label(family, display_name, granted.get(family, ()))

    agenda.reviews = [
        AgendaItem(family, name(family, shown), due, trajectory, programme, overdue=due < today)
        for due, trajectory, family, shown, programme in reviews if shows(family, Category.PLAN)]
    agenda.conferences = [
        AgendaItem(family, name(family, shown), due, trajectory, overdue=due < today,
                   first=first)
        for due, trajectory, family, shown, first in conferences
        if shows(family, Category.PLAN)]
    agenda.ending = [
        AgendaItem(family, name(family, shown), end, trajectory, programme, overdue=end < today)
        for end, trajectory, family, shown, programme in ending if shows(family, Category.PLAN)]
    agenda.consents = [
        AgendaItem(family, name(family, shown), until, detail=organisation)
        for until, family, shown, organisation in consents if shows(family, Category.CONSENT)]
    kinds = {kind: str(label) for kind, label in ContactKind.choices}  # translated once
    agenda.contacts = [
        AgendaItem(family, name(family, shown), day, detail=kinds.get(kind, kind),
                   minutes=minutes)
        for day, family, shown, kind, minutes, category in contacts if shows(family, category)]
    return agenda


def can_see_caseload(worker) -> bool:
    return (worker is not None and worker.active and worker.organisation.active
            and worker.has_role(Role.COORDINATOR))


def caseload_workers(network_id: int):
    """The workers who carry a caseload in this network, in name order (only what the
    overview shows of them)."""
    return (Worker.objects.filter(organisation__network_id=network_id, active=True)
            .filter(Q(roles__contains=f",{Role.SUPPORTER},")
                    | Q(roles__contains=f",{Role.EXPERIENCE_EXPERT},")
                    | Q(roles__contains=f",{Role.VOLUNTEER},"))
            .select_related("organisation")
            .only("pk", "display_name", "organisation__short_name")
            .order_by("display_name", "id"))


def caseload_programmes(network_id: int) -> list[Programme]:
    return list(Programme.objects.filter(network_id=network_id, active=True)
                .only("pk", "name", "names", "caseload_cap").order_by("name", "id"))


@dataclass(slots=True)
class CaseloadCell:
    n: int
    cap: int | None
    label: str = ""  # the programme's name: the cell's label where the table becomes cards
    # What the template writes, worked out once per cell rather than by template conditions
    # (two hundred cells a page): "n" or "n/cap", and "over", "full" or "".
    shown: str = field(init=False)
    state: str = field(init=False)

    def __post_init__(self) -> None:
        self.shown = str(self.n) if self.cap is None else f"{self.n}/{self.cap}"
        self.state = "over" if self.over else "full" if self.full else ""

    @property
    def over(self) -> bool:
        return self.cap is not None and self.n > self.cap

    @property
    def full(self) -> bool:
        return self.cap is not None and self.n >= self.cap


@dataclass(slots=True)
class CaseloadRow:
    worker: Worker
    cells: list[CaseloadCell]
    total: int
    minutes: int

    @property
    def over(self) -> bool:
        return any(cell.state == "over" for cell in self.cells)


def caseload_rows(workers: list[Worker], programmes: list[Programme],
                  today: date) -> list[CaseloadRow]:
    """One row per worker: open trajectories per programme against its cap, their total,
    and the minutes of contact in the last 30 days. Two grouped queries for the page.

    The counts come from the trajectories and contacts themselves: per worker they are a
    few hundred index entries (indexes `trajectory_by_worker`, `contact_by_worker`).
    """
    if not workers:
        return []
    ids = [w.pk for w in workers]
    counts = {(w, p): n for w, p, n in Trajectory.objects.filter(
        responsible_id__in=ids, status=TrajectoryStatus.OPEN,
        programme_id__in=[p.pk for p in programmes])
        .values_list("responsible_id", "programme_id").annotate(n=Count("id")).order_by()}
    minutes = dict(Contact.objects.filter(
        worker_id__in=ids, happened_on__gte=today - timedelta(days=30), happened_on__lte=today)
        .values_list("worker_id").annotate(m=Sum("minutes")).order_by())
    rows = []
    for worker in workers:
        cells = [CaseloadCell(counts.get((worker.pk, p.pk), 0), p.caseload_cap, p.local_name)
                 for p in programmes]
        rows.append(CaseloadRow(worker, cells, sum(c.n for c in cells),
                                minutes.get(worker.pk, 0)))
    return rows


@dataclass(frozen=True)
class TeamOverdue:
    reviews: int
    conferences: int

    @property
    def any(self) -> bool:
        return bool(self.reviews or self.conferences)


# The network's overdue counts are the same for each of its coordinators and cost two grouped
# reads over all its open trajectories (25-60 ms of PostgreSQL with 100 000 families): kept as
# long as the team view keeps its own (`brug.today.selectors.TEAM_COUNTS_SECONDS`), in the cache
# framework. Two numbers, never family data.
TEAM_OVERDUE_SECONDS = 300


def team_overdue(coordinator, day: date) -> TeamOverdue:
    """The coordinator's network's overdue reviews and case conferences (counts only, two
    grouped reads, kept a few minutes; the same numbers as the team view's,
    `brug.trajectories.today`)."""
    from brug.trajectories.today import team_conferences, team_reviews

    key = f"agenda-team:{coordinator.organisation.network_id}:{day.isoformat()}"
    counts = cache.get(key)
    if counts is None:
        counts = (sum(team_reviews(coordinator, day).values()),
                  sum(team_conferences(coordinator, day).values()))
        cache.set(key, counts, TEAM_OVERDUE_SECONDS)
    return TeamOverdue(*counts)


# Requests to set a programme rule aside (the network coordinators' list) --------------------

OVERRIDE_LIST_LIMIT = 100


def override_requests_for_coordinator(worker) -> list:
    """The network's requests to set a programme rule aside, waiting ones first, for one of its
    coordinators (the view checks that): each with `family_label` (the policy's label, the
    neutral one without `identity`) and `shows_reason`.

    The reason is `plan` information about the family. A coordinator who must decide a waiting
    request reads its reason, whether or not the policy grants her the family's plan otherwise
    (a hub coordinator usually sits outside the family's organisation): a read bound to that
    purpose, recorded as a `plan` view of the family. Once decided, the reason shows only to
    coordinators who see the family's plan, as before. Every reason shown is recorded.
    (docs/trajectories.md, "Overrides")."""
    network_id = worker.organisation.network_id
    requests = list(OverrideRequest.objects.filter(programme__network_id=network_id)
                    .select_related("programme", "requested_by__organisation", "decided_by")
                    .order_by("-status", "-created_at")[:OVERRIDE_LIST_LIMIT])
    requests.sort(key=lambda r: r.status != OverrideStatus.PENDING)
    ids = [r.family_id for r in requests]
    labels = policy.family_labels(worker, ids, None)
    with_plan = policy.family_labels(worker, ids, Category.PLAN)
    shown: dict[int, list[int]] = {}
    for r in requests:
        r.family_label = labels.get(r.family_id) or policy.neutral_label(r.family_id)
        r.shows_reason = r.status == OverrideStatus.PENDING or r.family_id in with_plan
        if r.shows_reason:
            shown.setdefault(r.family_id, []).append(r.pk)
    for family_id, request_ids in shown.items():
        audit_record(actor=worker, family_id=family_id, category=Category.PLAN,
                     action=AuditAction.VIEW, network_id=network_id,
                     purpose=gettext_noop("vraag om af te wijken van een programmaregel"),
                     detail=gettext_noop("reden gelezen (vraag nr. %(ids)s)") % {
                         "ids": ", ".join(str(pk) for pk in request_ids)})
    return requests
