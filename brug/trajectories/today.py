"""The Today page's trajectory sections: reviews and case conferences due or overdue, and
trajectories ending (`brug.core.today`). Each: one narrow read, one batch policy check."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brug.access import policy
from brug.core import today
from brug.core.categories import Category
from brug.core.links import link_maker
from brug.trajectories.models import CaseConference, Review, Trajectory, TrajectoryStatus

SHORT = "SHORT_DATE_FORMAT"  # dates in a line of text, in the reader's format


LIMIT = 50
SOON = timedelta(days=7)  # "due": within a week
ENDING = timedelta(days=30)


def _urgency(on: date, day: date) -> str:
    if on < day:
        return today.OVERDUE
    return today.DUE if on <= day + SOON else today.NORMAL


def _open(model, due: str, worker, day: date, subject):
    responsible = subject or worker
    qs = model.objects.filter(trajectory__responsible=responsible,
                              trajectory__status=TrajectoryStatus.OPEN, held_on__isnull=True,
                              **{f"{due}__lte": day + SOON})
    return qs


def _items(rows, day: date, url_for):
    # Every row: (date, trajectory, family, programme, ...).
    return [today.family_item(row[2], url_for(*row), row[0], _urgency(row[0], day),
                              str(row[3] or ""), needs=Category.PLAN) for row in rows]


def _more(qs, rows) -> int | None:
    """The full count only when the list was cut at LIMIT (else: the items shown)."""
    return qs.count() if len(rows) >= LIMIT else None


def reviews(worker, day: date, *, subject=None):
    qs = _open(Review, "due_on", worker, day, subject)
    rows = list(qs.order_by("due_on", "id").values_list(
        "due_on", "trajectory_id", "trajectory__family_id", "trajectory__programme__name",
        "pk")[:LIMIT])

    link = link_maker("trajectories:review", 3)

    def url(on, trajectory, family, programme, pk):
        return link(family, trajectory, pk)

    return today.SectionResult(_("Evaluaties"), _items(rows, day, url),
                               count=_more(qs, rows))


def conferences(worker, day: date, *, subject=None):
    qs = _open(CaseConference, "due_by", worker, day, subject)
    rows = list(qs.order_by("due_by", "id").values_list(
        "due_by", "trajectory_id", "trajectory__family_id", "trajectory__programme__name",
        "pk")[:LIMIT])

    link = link_maker("trajectories:conference", 3)

    def url(on, trajectory, family, programme, pk):
        return link(family, trajectory, pk)

    return today.SectionResult(_("Casusoverleg"), _items(rows, day, url),
                               count=_more(qs, rows))


def ending(worker, day: date, *, subject=None):
    rows = list(Trajectory.objects.filter(
        responsible=subject or worker, status=TrajectoryStatus.OPEN,
        planned_end_on__lte=day + ENDING).order_by("planned_end_on", "id").values_list(
        "planned_end_on", "id", "family_id", "programme__name")[:LIMIT])
    if not rows:
        return None

    link = link_maker("trajectories:detail", 2)

    def url(on, trajectory, family, programme):
        return link(family, trajectory)

    return today.SectionResult(_("Trajecten die eindigen"), _items(rows, day, url))


def _team(model, due: str, coordinator, day: date) -> dict[int, int]:
    """Overdue per responsible worker of the coordinator's network (counts only)."""
    return dict(model.objects.filter(
        trajectory__family__organisation__network_id=coordinator.organisation.network_id,
        trajectory__family__anonymised_at__isnull=True,
        trajectory__status=TrajectoryStatus.OPEN, held_on__isnull=True,
        **{f"{due}__lt": day}).values_list("trajectory__responsible_id")
        .annotate(n=Count("id")).order_by())


def team_reviews(coordinator, day: date) -> dict[int, int]:
    return _team(Review, "due_on", coordinator, day)


def team_conferences(coordinator, day: date) -> dict[int, int]:
    return _team(CaseConference, "due_by", coordinator, day)


def team_ending(coordinator, day: date) -> dict[int, int]:
    return dict(Trajectory.objects.filter(
        family__organisation__network_id=coordinator.organisation.network_id,
        family__anonymised_at__isnull=True,
        status=TrajectoryStatus.OPEN, planned_end_on__lt=day)
        .values_list("responsible_id").annotate(n=Count("id")).order_by())


def register() -> None:
    register_overview()
    today.register(today.Section("reviews", reviews, priority=10, team=team_reviews,
                                 team_label=gettext_lazy("Evaluaties te laat")))
    today.register(today.Section("conferences", conferences, priority=20,
                                 team=team_conferences,
                                 team_label=gettext_lazy("Casusoverleg te laat")))
    today.register(today.Section("ending", ending, priority=70, team=team_ending,
                                 team_label=gettext_lazy("Trajecten voorbij einddatum")))


# The dossier's overview at a glance (brug/families/overview.py): open trajectories, the goal
# plan's state and the last contact. Three narrow reads.
def glance_trajectories(worker, family, access, day: date):
    from django.db.models import Max

    from brug.families.overview import Glance
    from brug.trajectories.models import Contact, Goal, GoalStatus

    rows = list(Trajectory.objects.filter(family_id=family.pk, status=TrajectoryStatus.OPEN)
                .filter(policy.history_q(worker, access, "trajectory"))
                .order_by("started_on", "id").values_list(
                    "programme__name", "started_on", "planned_end_on", "extension_count")[:10])
    lines = []
    for programme, start, end, extensions in rows:
        if end and end < day:
            phase = _("einddatum voorbij")
        elif extensions:
            phase = _("verlengd")
        elif end and end <= day + ENDING:
            phase = _("eindigt binnenkort")
        else:
            phase = _("loopt")
        lines.append(_("%(programme)s · %(phase)s · sinds %(start)s%(end)s") % {
            "programme": programme, "phase": phase, "start": date_format(start, SHORT),
            "end": (" " + _("tot %(d)s") % {"d": date_format(end, SHORT)}) if end else ""})
    goals = dict(Goal.objects.filter(trajectory__family_id=family.pk, parent__isnull=True)
                 .filter(Q_visible(worker), policy.history_q(worker, access, "goal"))
                 .values_list("status").annotate(n=Count("id"))
                 .order_by())
    if goals:
        labels = dict(GoalStatus.choices)
        lines.append(_("Doelen: %(s)s") % {"s": ", ".join(
            f"{goals[s]} {labels[s]}" for s in GoalStatus.values if goals.get(s))})
    last = (Contact.objects.filter(family_id=family.pk, category__in=access.categories)
            .filter(Q_visible(worker))
            .filter(policy.dated_q(worker, access, "happened_on", category_field="category"))
            .aggregate(m=Max("happened_on"))["m"])
    lines.append(_("Laatste contact: %(d)s") % {"d": date_format(last, SHORT)} if last
                 else _("Nog geen contact."))
    return Glance(_("Trajecten"), lines, reverse("trajectories:tab", args=[family.pk]),
                  _("Geen lopend traject."))


def Q_visible(worker):  # noqa: N802 - reads like the Q it returns
    """Confidential items stay in their author's organisation (as on the trajectory tab)."""
    from django.db.models import Q

    return Q(organisation_id=worker.organisation_id) | Q(confidential=False)


def register_overview() -> None:
    from brug.families import overview

    overview.register(overview.Block("trajectories", Category.PLAN, glance_trajectories,
                                     order=20))
