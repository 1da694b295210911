"""Who is on a coordinator's team, and the team view's table."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404

from brug.core import today
from brug.core.roles import Role
from brug.network.models import Worker

TEAM_ROLES = (Role.SUPPORTER, Role.EXPERIENCE_EXPERT, Role.PARTNER, Role.COORDINATOR)


def sees_team(worker) -> bool:
    """The team view: the coordinators of an active organisation."""
    return (worker is not None and worker.active and worker.organisation.active
            and worker.has_role(Role.COORDINATOR))


def team_of(coordinator):
    """The coordinator's team: the network's active workers who carry families (home roles),
    in name order — the workers of the caseload overview. The team view shows counts only;
    the items behind them go through the coordinator's own access (policy)."""
    roles = Q()
    for role in TEAM_ROLES:
        roles |= Q(roles__contains=f",{role},")
    return (Worker.objects.filter(organisation__network_id=coordinator.organisation.network_id,
                                  active=True)
            .filter(roles).select_related("organisation")
            .only("pk", "display_name", "organisation__short_name")
            .order_by("display_name", "id"))


def team_member(coordinator, worker_id: int):
    if not sees_team(coordinator) or not 0 < worker_id < 2**63:
        raise Http404
    member = team_of(coordinator).filter(pk=worker_id).first()
    if member is None:
        raise Http404
    return member


# The team's counts are network-wide (the same for every coordinator of the network) and
# cost a grouped read over the network's open work per team section: kept this long in the
# cache framework, so a coordinator's Today does not count the network on every visit. They
# are numbers per worker, never family data.
TEAM_COUNTS_SECONDS = 300


def _team_counts(coordinator, day: date) -> list[tuple[str, dict[int, int]]]:
    """(section key, {worker id: overdue count}) per team section, kept a few minutes."""
    key = f"today-team:{coordinator.organisation.network_id}:{day.isoformat()}"
    counts = cache.get(key)
    if counts is None:
        counts = [(s.key, n) for s, n in today.team_counts(coordinator, day)]
        cache.set(key, counts, TEAM_COUNTS_SECONDS)
    return counts


def team_table(coordinator, day: date) -> dict:
    """One row per team member with the overdue work of each team section (one grouped read
    per section, whatever the team's size; kept a few minutes per network)."""
    workers = list(team_of(coordinator))
    sections = {s.key: s for s in today.registered()}
    columns = [(str(sections[k].team_label or k), counts)
               for k, counts in _team_counts(coordinator, day) if k in sections]
    rows = []
    for worker in workers:
        cells = [(label, counts.get(worker.pk, 0)) for label, counts in columns]
        rows.append({"worker": worker, "cells": cells, "total": sum(n for _, n in cells)})
    return {"columns": [label for label, _ in columns], "rows": rows}
