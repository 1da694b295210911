"""Reach of the group activities: families and children reached per activity or
neighbourhood in a period, beside the neighbourhood's young children and kansarmoede share.

Counted by the database on two narrow tables (`Attendance` and `Session`, each filtered by
network and date on a covering index), then combined per group here:
- families = different known families + the largest number of anonymous families at one
  session of the group (anonymous families cannot be told apart between sessions, so this
  is "at least");
- adult and child visits = known attendance + anonymous counts, summed over sessions.
A group is shown only when `core.small_groups.shown` allows its families (k >= 3).

"Who do we not reach": a neighbourhood whose families reached per 100 young children is
below half of the network's, or that shows no group at all, while children live there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from brug.activities.models import Activity, ActivityKind, Attendance, Neighbourhood, Session
from brug.core import small_groups

GROUPINGS = ("activity", "neighbourhood")


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


def _counts(network_id: int, date_from: date, date_to: date, key: str) -> dict:
    """Per group `key` (activity_id or neighbourhood_id): the counts of both tables."""
    period = Q(network_id=network_id, on_date__gte=date_from, on_date__lte=date_to)
    known = (Attendance.objects.filter(period).order_by().values(key)
             .annotate(families=Count("family_id", distinct=True), adults=Count("id"),
                       children=Sum("children")))
    anonymous = (Session.objects.filter(period, cancelled=False).order_by().values(key)
                 .annotate(sessions=Count("id"), peak=Max("anonymous_families"),
                           adults=Sum("anonymous_adults"),
                           children=Sum("anonymous_children")))
    groups: dict = {}
    for r in anonymous:
        groups[r[key]] = {"families": r["peak"] or 0, "sessions": r["sessions"],
                          "adults": r["adults"] or 0, "children": r["children"] or 0}
    for r in known:
        g = groups.setdefault(r[key], {"families": 0, "sessions": 0, "adults": 0,
                                       "children": 0})
        g["families"] += r["families"]
        g["adults"] += r["adults"]
        g["children"] += r["children"] or 0
    return groups


def by_activity(network_id: int, date_from: date, date_to: date) -> list[Row]:
    groups = _counts(network_id, date_from, date_to, "activity_id")
    activities = {a["pk"]: a for a in Activity.objects.filter(pk__in=list(groups)).values(
        "pk", "name", "kind", "neighbourhood__name")}
    kinds = dict(ActivityKind.choices)
    rows = []
    for pk, g in groups.items():
        if not small_groups.shown(g["families"]) or pk not in activities:
            continue
        a = activities[pk]
        rows.append(Row(key=pk, label=a["name"], kind=str(kinds.get(a["kind"], a["kind"])),
                        families=g["families"], sessions=g["sessions"],
                        adult_visits=g["adults"], child_visits=g["children"], shown=True,
                        extra={"neighbourhood": a["neighbourhood__name"] or ""}))
    return sorted(rows, key=lambda r: r.label)


def by_neighbourhood(network_id: int, date_from: date, date_to: date) -> list[Row]:
    """Every neighbourhood of the network, with its reach where a group may be shown; the
    ones not reached are marked."""
    groups = _counts(network_id, date_from, date_to, "neighbourhood_id")
    rows = []
    for hood in Neighbourhood.objects.filter(network_id=network_id).order_by("name"):
        g = groups.get(hood.pk)
        row = Row(key=hood.pk, label=hood.name, young_children=hood.young_children,
                  deprivation_pct=hood.deprivation_pct)
        if g and small_groups.shown(g["families"]):
            row.shown = True
            row.families, row.sessions = g["families"], g["sessions"]
            row.adult_visits, row.child_visits = g["adults"], g["children"]
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
