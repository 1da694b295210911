"""Reach of the group activities: families and children reached per activity or
neighbourhood in a period, beside the neighbourhood's young children and kansarmoede share.

Counted by the database in one statement over two narrow tables (`Attendance`, read in
(group, family) order from a covering index, and `Session`), then combined per group:
- families = different known families + the largest number of anonymous families at one
  session of the group (anonymous families cannot be told apart between sessions, so this
  is "at least");
- adult and child visits = known attendance + anonymous counts, summed over sessions.
A group is shown only when `core.small_groups.shown` allows its families (k >= 3).

"Who do we not reach": a neighbourhood whose families reached per 100 young children is
below half of the network's, or that shows no group at all, while children live there.

The counts of a network, grouping and period are kept in Django's cache under the network's
`ReachVersion` token, which the services that write attendance, sessions or an activity's
neighbourhood change in their own transaction (`changed`); the cache holds only groups that
`small_groups.shown` allows. A change made outside those services (a shell, the admin) shows
after `CACHE_SECONDS` at the latest.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db import connection

from brug.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Neighbourhood,
    ReachVersion,
    Session,
)
from brug.core import small_groups

GROUPINGS = ("activity", "neighbourhood")
CACHE_SECONDS = 10 * 60


@dataclass
class Row:
    key: int | None
    label: str
    families: int = 0
    sessions: int = 0
    adult_visits: int = 0
    child_visits: int = 0
    kind: str = ""
    young_children: int | None = None
    deprivation_pct: Decimal | None = None
    shown: bool = False
    not_reached: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def per_100(self) -> float | None:
        """Families reached per 100 young children of the neighbourhood."""
        if not self.shown or not self.young_children:
            return None
        return round(100 * self.families / self.young_children, 1)

    @property
    def deprived_children(self) -> int | None:
        if self.young_children is None or self.deprivation_pct is None:
            return None
        return round(self.young_children * float(self.deprivation_pct) / 100)


def changed(network_id: int) -> None:
    """Called by every service that changes what the reach report counts, inside its
    transaction: the cached counts of the network are no longer used."""
    if not ReachVersion.objects.filter(network_id=network_id).update(token=uuid.uuid4()):
        ReachVersion.objects.bulk_create([ReachVersion(network_id=network_id,
                                                       token=uuid.uuid4())],
                                         ignore_conflicts=True)
        ReachVersion.objects.filter(network_id=network_id).update(token=uuid.uuid4())


# Per group: different known families and the known visits (one adult each) and children of
# its attendance, read as (group, family) pairs; the sessions that took place, their busiest
# anonymous family count and anonymous adults and children. `{key}` is a column of GROUPINGS.
_COUNTS_SQL = """
SELECT grp, SUM(families), SUM(sessions), MAX(peak), SUM(adults), SUM(children) FROM (
    SELECT grp, COUNT(*) AS families, 0 AS sessions, 0 AS peak, SUM(visits) AS adults,
           SUM(children) AS children
    FROM (SELECT {key} AS grp, family_id, COUNT(*) AS visits, SUM(children) AS children
          FROM {attendance}
          WHERE network_id = %s AND on_date >= %s AND on_date <= %s
          GROUP BY {key}, family_id) AS pairs
    GROUP BY grp
    UNION ALL
    SELECT {key}, 0, COUNT(*), MAX(anonymous_families), SUM(anonymous_adults),
           SUM(anonymous_children)
    FROM {session}
    WHERE network_id = %s AND on_date >= %s AND on_date <= %s AND NOT cancelled
    GROUP BY {key}
) AS counts
GROUP BY grp
"""


def _count(network_id: int, date_from: date, date_to: date, key: str) -> dict:
    """{group: (families, sessions, adult visits, child visits)} of the groups that may be
    shown, counted by the database in one statement."""
    if key not in GROUPINGS:  # the only text put into the statement besides table names
        raise ValueError(key)
    sql = _COUNTS_SQL.format(key=f"{key}_id", attendance=Attendance._meta.db_table,
                             session=Session._meta.db_table)
    period = [network_id, date_from, date_to]
    with connection.cursor() as cursor:
        cursor.execute(sql, period + period)
        rows = cursor.fetchall()
    groups = {}
    for grp, known, sessions, peak, adults, children in rows:
        families = int(known or 0) + int(peak or 0)
        if small_groups.shown(families):
            groups[grp] = (families, int(sessions or 0), int(adults or 0), int(children or 0))
    return groups


def _counts(network_id: int, date_from: date, date_to: date, key: str) -> dict:
    """`_count`, from the cache while the network's reach has not changed. A network that
    never changed through the services has no token: counted afresh every time."""
    token = ReachVersion.objects.filter(network_id=network_id).values_list(
        "token", flat=True).first()
    if token is None:
        return _count(network_id, date_from, date_to, key)
    cache_key = f"activities:reach:{network_id}:{token}:{key}:{date_from}:{date_to}"
    groups = cache.get(cache_key)
    if groups is None:
        groups = _count(network_id, date_from, date_to, key)
        cache.set(cache_key, groups, CACHE_SECONDS)
    return groups


def by_activity(network_id: int, date_from: date, date_to: date) -> list[Row]:
    groups = _counts(network_id, date_from, date_to, "activity")
    kinds = {value: str(label) for value, label in ActivityKind.choices}  # translated once
    rows = []
    # The network's activities in name order (the `activity_by_network` index), not an IN
    # list of thousands of ids.
    for pk, name, kind, hood in Activity.objects.filter(network_id=network_id).order_by(
            "name", "pk").values_list("pk", "name", "kind", "neighbourhood__name"):
        g = groups.get(pk)
        if g is None or not small_groups.shown(g[0]):
            continue
        families, sessions, adults, children = g
        rows.append(Row(key=pk, label=name, kind=kinds.get(kind, kind), families=families,
                        sessions=sessions, adult_visits=adults, child_visits=children,
                        shown=True, extra={"neighbourhood": hood or ""}))
    return rows


def by_neighbourhood(network_id: int, date_from: date, date_to: date) -> list[Row]:
    """Every neighbourhood of the network, with its reach where a group may be shown; the
    ones not reached are marked."""
    groups = _counts(network_id, date_from, date_to, "neighbourhood")
    rows = []
    for hood in Neighbourhood.objects.filter(network_id=network_id).order_by("name"):
        g = groups.get(hood.pk)
        row = Row(key=hood.pk, label=hood.name, young_children=hood.young_children,
                  deprivation_pct=hood.deprivation_pct)
        if g and small_groups.shown(g[0]):
            row.shown = True
            row.families, row.sessions, row.adult_visits, row.child_visits = g
        rows.append(row)
    reached = sum(r.families for r in rows if r.shown)
    children = sum(r.young_children or 0 for r in rows if r.shown)
    overall = 100 * reached / children if children else None
    for r in rows:
        if not r.young_children:
            continue
        r.not_reached = r.per_100 is None or (overall is not None and r.per_100 < overall / 2)
    return rows


def network_rate(rows: list[Row]) -> float | None:
    """Families reached per 100 young children over the neighbourhoods shown."""
    children = sum(r.young_children or 0 for r in rows if r.shown)
    return round(100 * sum(r.families for r in rows if r.shown) / children, 1) \
        if children else None


def chart(rows: list[Row], *, width: int = 400, bar: int = 12) -> dict:
    """Geometry of the SVG bar chart (integers and dot decimals only; the template turns
    localisation off): per neighbourhood a bar of families per 100 young children and a thin
    bar of the kansarmoede share, on one 0–max scale."""
    label_w, gap = 100, 8
    scale_max = max([r.per_100 or 0 for r in rows] + [float(r.deprivation_pct or 0)
                                                       for r in rows] + [10])
    usable = width - label_w - 40
    items = []
    for i, r in enumerate(rows):
        y = 20 + i * (2 * bar + gap)
        reach_w = round(usable * (r.per_100 or 0) / scale_max, 1)
        need_w = round(usable * float(r.deprivation_pct or 0) / scale_max, 1)
        items.append({"label": r.label, "y": y, "text_y": y + bar - 3, "reach_w": reach_w,
                      "need_y": y + bar, "need_w": need_w,
                      "value": "–" if r.per_100 is None else f"{r.per_100:.1f}",
                      "value_x": label_w + reach_w + 4, "not_reached": r.not_reached})
    return {"width": width, "height": 30 + len(rows) * (2 * bar + gap), "label_w": label_w,
            "bar": bar, "thin": bar // 2, "items": items}
