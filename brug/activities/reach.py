"""Reach of the group activities: families and children reached per activity or
neighbourhood in a calendar month, quarter or year, beside the neighbourhood's young children
and kansarmoede share.

The report reads `ReachCount`: one row per group and period, kept in the same transaction as
every write that changes a count. Each write adjusts its periods in place, exactly (see
there): a known family's attendance recorded or removed (`attendance_changed`), a session's
anonymous counts or cancellation (`session_changed`), sessions generated (`sessions_added`)
and an activity moved to another neighbourhood (`activity_moving`, `activity_moved`).
`changed` recounts the periods it is given of the groups it is given from the raw rows (one
grouped statement per table and grain, over that group's rows of that span): the fallback
when a kept row to be lowered is missing; `rebuild` (and `manage.py reach_rebuild`)
recounts a whole network. Per group and period:
- families = different known families + the largest number of anonymous families at one
  session of the group (anonymous families cannot be told apart between sessions, so this
  is "at least"). Different families do not add up from month to month, so each period the
  report offers (a month, a quarter, a year) is counted as a whole;
- adult and child visits = known attendance + anonymous counts, summed over sessions.
A group is shown only when `core.small_groups` allows its families (k >= 3): the database
filters with `kept`, the report checks `shown` again.

"Who do we not reach": a neighbourhood whose families reached per 100 young children is
below half of the network's, or that shows no group at all, while children live there.

The rows read are also kept in Django's cache under the network's `ReachVersion` token, which
`changed` renews; the cache holds only groups that may be shown. A change made outside the
services (a shell, the admin) shows after `rebuild`.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from brug.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Neighbourhood,
    ReachCount,
    ReachGrain,
    ReachVersion,
    Session,
)
from brug.core import small_groups

GROUPINGS = ("activity", "neighbourhood")
GRAINS = (ReachGrain.MONTH, ReachGrain.QUARTER, ReachGrain.YEAR)
CACHE_SECONDS = 10 * 60
_TRUNC = {ReachGrain.MONTH: TruncMonth, ReachGrain.QUARTER: TruncQuarter,
          ReachGrain.YEAR: TruncYear}
_MONTHS = {ReachGrain.MONTH: 1, ReachGrain.QUARTER: 3, ReachGrain.YEAR: 12}


@dataclass(frozen=True)
class Period:
    """A calendar month, quarter or year: the periods the report counts."""

    grain: str
    start: date

    @classmethod
    def of(cls, grain: str, day: date) -> Period:
        months = _MONTHS[grain]
        return cls(grain, date(day.year, (day.month - 1) // months * months + 1, 1))

    @classmethod
    def parse(cls, text: str) -> Period | None:
        """"2026" (a year), "2026-K4" (a quarter) or "2026-11" (a month); None otherwise."""
        year, _sep, rest = (text or "").strip().upper().partition("-")
        if not (year.isdigit() and len(year) == 4 and 2000 <= int(year) <= 2100):
            return None
        if not rest:
            return cls(ReachGrain.YEAR, date(int(year), 1, 1))
        if rest[:1] == "K" and rest[1:] in ("1", "2", "3", "4"):
            return cls(ReachGrain.QUARTER, date(int(year), 3 * int(rest[1:]) - 2, 1))
        if rest.isdigit() and len(rest) == 2 and 1 <= int(rest) <= 12:
            return cls(ReachGrain.MONTH, date(int(year), int(rest), 1))
        return None

    @property
    def last(self) -> date:
        month = self.start.month - 1 + _MONTHS[self.grain]
        return date(self.start.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)

    @property
    def key(self) -> str:
        if self.grain == ReachGrain.YEAR:
            return f"{self.start.year}"
        if self.grain == ReachGrain.QUARTER:
            return f"{self.start.year}-K{(self.start.month + 2) // 3}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def label(self) -> str:
        if self.grain == ReachGrain.YEAR:
            return str(self.start.year)
        if self.grain == ReachGrain.QUARTER:
            return _("kwartaal %(q)s %(year)s") % {"q": (self.start.month + 2) // 3,
                                                     "year": self.start.year}
        return date_format(self.start, "F Y")

    def previous(self) -> Period:
        return Period.of(self.grain, self.start - timedelta(days=1))


def periods_before(day: date, *, years: int = 3) -> list[Period]:
    """The periods a coordinator can choose: the last `years` years, their quarters and
    months, newest first per grain."""
    choices = []
    for grain, count in ((ReachGrain.YEAR, years), (ReachGrain.QUARTER, 4 * years),
                         (ReachGrain.MONTH, 12 * years)):
        period = Period.of(grain, day)
        for _i in range(count):
            choices.append(period)
            period = period.previous()
    return choices


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


def changed(network_id: int, *, activities=(), neighbourhoods=(), dates=()) -> None:
    """Called by every service that changes what the reach report counts, inside its
    transaction, with the activities and neighbourhoods whose counts changed and the days
    they changed: their periods are recounted and the cached counts of the network are no
    longer used. The token's row lock also makes a network's recounts take turns."""
    _renew(network_id)
    days = sorted(set(dates))
    if not days:
        return
    for grouping, ids in (("activity", activities), ("neighbourhood", neighbourhoods)):
        ids = sorted({pk for pk in ids if pk is not None})
        if ids:
            for grain in GRAINS:
                _recount(network_id, grouping, grain, ids,
                         (Period.of(grain, days[0]).start, Period.of(grain, days[-1]).last))


def attendance_changed(network_id: int, row: Attendance, *, added: bool) -> None:
    """Called by `attendance_record` (after saving `row`) and `attendance_remove` (after
    deleting it), inside their transaction: the month, quarter and year of the row's activity
    and neighbourhood change by exactly one known attendance, so they are adjusted in place
    instead of recounted (`changed`).

    Exact, not an estimate: a row adds (or takes away) one adult visit and its children; it
    adds one family to a period only when the family had no other attendance in that group
    and period (and a removal takes one away only when none is left) — asked of the family's
    own rows (`attendance_by_family`: a few per family), not counted over the group's rows.
    The anonymous part of `families` (the busiest session) does not change. The network's
    token row is updated first, as in `changed`: its lock makes a network's adjustments
    take turns, so the family's rows read are those committed by any earlier one. A period
    without its kept row (data written around the services) is recounted instead."""
    _renew(network_id)
    groups = [("activity", row.activity_id)]
    if row.neighbourhood_id is not None:
        groups.append(("neighbourhood", row.neighbourhood_id))
    year = Period.of(ReachGrain.YEAR, row.on_date)
    others = list(Attendance.objects.filter(
        family_id=row.family_id, on_date__range=(year.start, year.last)).exclude(
        pk=row.pk).values_list("activity_id", "neighbourhood_id", "on_date"))
    sign = 1 if added else -1
    deltas = {}
    for grouping, group in groups:
        for grain in GRAINS:
            period = Period.of(grain, row.on_date)
            again = any((a if grouping == "activity" else h) == group
                        and period.start <= day <= period.last for a, h, day in others)
            deltas[grouping, group, grain, period.start] = [
                0 if again else sign, 0, sign, sign * row.children]
    if not _apply(network_id, deltas, make_missing=False):
        # A kept row was missing: recount (it also puts right what was just adjusted).
        changed(network_id, activities=[row.activity_id],
                neighbourhoods=[row.neighbourhood_id], dates=[row.on_date])


SESSION_COUNTS = ("cancelled", "anonymous_families", "anonymous_adults", "anonymous_children")


def session_changed(network_id: int, session: Session, *, before: dict) -> None:
    """Called by `session_update` after saving `session`'s anonymous counts or cancellation
    (`before`: its `SESSION_COUNTS` as they were), inside its transaction: the six periods
    of its activity and neighbourhood are adjusted in place, not recounted (`changed`).

    Exact: the known families and their visits do not change; the session's sessions,
    anonymous adults and children change by the difference; the anonymous part of
    `families` is the busiest session's, so it changes by new minus old maximum, with the
    maximum of the period's other sessions read from the session indexes (no distinct
    count). Missing kept rows are recounted; a period left with nothing loses its row."""
    _renew(network_id)
    groups = [("activity", session.activity_id)]
    if session.neighbourhood_id is not None:
        groups.append(("neighbourhood", session.neighbourhood_id))

    def part(values: dict, name: str) -> int:
        return 0 if values["cancelled"] else values[name]

    after = {name: getattr(session, name) for name in SESSION_COUNTS}
    deltas_of = {name: part(after, name) - part(before, name)
                 for name in ("anonymous_adults", "anonymous_children")}
    sessions = int(not after["cancelled"]) - int(not before["cancelled"])
    periods = {grain: Period.of(grain, session.on_date) for grain in GRAINS}
    deltas = {}
    for grouping, group in groups:
        others = Session.objects.filter(
            **{f"{grouping}_id": group}, cancelled=False,
            on_date__range=(periods[ReachGrain.YEAR].start, periods[ReachGrain.YEAR].last),
        ).exclude(pk=session.pk).aggregate(**{
            grain: Max("anonymous_families",
                       filter=Q(on_date__range=(period.start, period.last)))
            for grain, period in periods.items()})
        for grain, period in periods.items():
            peak = others[grain] or 0
            deltas[grouping, group, grain, period.start] = [
                max(peak, part(after, "anonymous_families"))
                - max(peak, part(before, "anonymous_families")),
                sessions, deltas_of["anonymous_adults"], deltas_of["anonymous_children"]]
    if not _apply(network_id, deltas, make_missing=False):
        changed(network_id, activities=[session.activity_id],
                neighbourhoods=[session.neighbourhood_id], dates=[session.on_date])


def sessions_added(network_id: int, sessions) -> None:
    """Called by `sessions_generate` after creating `sessions`, inside its transaction: a
    new session without attendance adds one session (and its anonymous visits) to the six
    periods of its activity and neighbourhood; the known families do not change, and neither
    does the busiest session's anonymous part while the new ones have no anonymous families
    (as generated). So the periods are adjusted, not recounted: no distinct count, no
    grouped statement over the group's rows. A period without a row yet gets one (the kept
    counts said it had nothing). New sessions with anonymous families are recounted."""
    _renew(network_id)
    sessions = [s for s in sessions if not s.cancelled]
    if not sessions:
        return
    if any(s.anonymous_families for s in sessions):
        changed(network_id, activities={s.activity_id for s in sessions},
                neighbourhoods={s.neighbourhood_id for s in sessions},
                dates=[s.on_date for s in sessions])
        return
    deltas: dict = defaultdict(lambda: [0, 0, 0, 0])
    for s in sessions:
        for grouping, group in (("activity", s.activity_id),
                                ("neighbourhood", s.neighbourhood_id)):
            if group is None:
                continue
            for grain in GRAINS:
                d = deltas[grouping, group, grain, Period.of(grain, s.on_date).start]
                d[1] += 1
                d[2] += s.anonymous_adults
                d[3] += s.anonymous_children
    if not _apply(network_id, deltas):
        changed(network_id, activities={s.activity_id for s in sessions},
                neighbourhoods={s.neighbourhood_id for s in sessions},
                dates=[s.on_date for s in sessions])


MOVED_SESSION = ("pk", "neighbourhood_id", "on_date", "cancelled", "anonymous_families",
                 "anonymous_adults", "anonymous_children")
MOVED_ATTENDANCE = ("pk", "family_id", "neighbourhood_id", "on_date", "children")


def activity_moving(activity: Activity, since: date) -> dict:
    """Before `activity_update` moves the activity's sessions from `since` on (and their
    attendance) to its new neighbourhood: takes the network's turn (the token row, as every
    write of the counts does first, so no other write of them commits in between) and reads
    those rows as they are, for `activity_moved`."""
    _renew(activity.network_id)
    return {
        "sessions": list(Session.objects.filter(activity=activity, on_date__gte=since)
                         .values(*MOVED_SESSION)),
        "attendance": list(Attendance.objects.filter(activity=activity, on_date__gte=since)
                           .values(*MOVED_ATTENDANCE)),
    }


def activity_moved(network_id: int, *, to: int | None, sessions, attendance) -> None:
    """Called by `activity_update` after moving the rows `activity_moving` read to the
    neighbourhood `to`: their contributions move from the old neighbourhood's periods to the
    new one's; the activity's own rows do not change. Exact, like `attendance_changed`:
    sessions and visits move by their sums; a moved family leaves a period of the old
    neighbourhood only when none of its other visits there is left, and joins one of the
    new only when it was not there yet (asked of the moved families' own rows in the two
    neighbourhoods, `attendance_by_family`); the anonymous part (the busiest session) is
    new minus old maximum, with the other sessions' maximum per month read from
    `session_reach` (no distinct count) — only when a moved session had anonymous
    families. A row to be lowered that is missing is recounted instead."""
    _renew(network_id)
    sessions = [s for s in sessions if s["neighbourhood_id"] != to and not s["cancelled"]]
    attendance = [a for a in attendance if a["neighbourhood_id"] != to]
    if not sessions and not attendance:
        return
    hoods = ({s["neighbourhood_id"] for s in sessions}
             | {a["neighbourhood_id"] for a in attendance} | {to}) - {None}
    days = sorted({s["on_date"] for s in sessions} | {a["on_date"] for a in attendance})
    span = (Period.of(ReachGrain.YEAR, days[0]).start, Period.of(ReachGrain.YEAR, days[-1]).last)
    deltas: dict = defaultdict(lambda: [0, 0, 0, 0])

    def add(hood, day, values, sign):
        if hood is None:
            return
        for grain in GRAINS:
            d = deltas["neighbourhood", hood, grain, Period.of(grain, day).start]
            for i, value in enumerate(values):
                d[i] += sign * value

    for s in sessions:
        for hood, sign in ((s["neighbourhood_id"], -1), (to, 1)):
            add(hood, s["on_date"],
                (0, 1, s["anonymous_adults"], s["anonymous_children"]), sign)
    for a in attendance:
        for hood, sign in ((a["neighbourhood_id"], -1), (to, 1)):
            add(hood, a["on_date"], (0, 0, 1, a["children"]), sign)
    if attendance:
        # The moved families in the two neighbourhoods, before (the moved rows where they
        # were) and after (where they are now): a family counts once per period.
        was = {a["pk"]: a["neighbourhood_id"] for a in attendance}
        before, after = defaultdict(set), defaultdict(set)
        for pk, family, hood, day in Attendance.objects.filter(
                Q(neighbourhood_id__in=hoods) | Q(pk__in=was),
                family_id__in={a["family_id"] for a in attendance},
                on_date__range=span).values_list(
                "pk", "family_id", "neighbourhood_id", "on_date"):
            for state, where in ((after, hood), (before, was.get(pk, hood))):
                if where is not None:
                    for grain in GRAINS:
                        state[where, grain, Period.of(grain, day).start].add(family)
        for key in set(before) | set(after):
            deltas[("neighbourhood", *key)][0] += len(after[key]) - len(before[key])
    if any(s["anonymous_families"] for s in sessions):
        others: dict = defaultdict(int)
        for hood, month, peak in (
                Session.objects.filter(neighbourhood_id__in=hoods, cancelled=False,
                                       on_date__range=span)
                .exclude(pk__in=[s["pk"] for s in sessions])
                .annotate(month=TruncMonth("on_date")).order_by()
                .values("neighbourhood_id", "month")
                .annotate(peak=Max("anonymous_families"))
                .values_list("neighbourhood_id", "month", "peak")):
            for grain in GRAINS:
                key = (hood, grain, Period.of(grain, month).start)
                others[key] = max(others[key], peak or 0)
        moved_before, moved_after = defaultdict(int), defaultdict(int)
        for s in sessions:
            for state, hood in ((moved_before, s["neighbourhood_id"]), (moved_after, to)):
                if hood is not None:
                    for grain in GRAINS:
                        key = (hood, grain, Period.of(grain, s["on_date"]).start)
                        state[key] = max(state[key], s["anonymous_families"])
        for key in set(moved_before) | set(moved_after):
            deltas[("neighbourhood", *key)][0] += (max(others[key], moved_after[key])
                                                  - max(others[key], moved_before[key]))
    if not _apply(network_id, deltas):
        changed(network_id, neighbourhoods=hoods, dates=days)


def _apply(network_id: int, deltas: dict, *, make_missing: bool = True) -> bool:
    """Add `deltas` ({(grouping, group, grain, starts): [families, sessions, adults,
    children]}) to the kept rows: on PostgreSQL one `UPDATE` of the rows there (joined to
    the deltas as a VALUES list: built as Django expressions, the `CASE` per row and column
    cost more than the statement; elsewhere a row at a time); the missing ones made (the
    kept counts said their period had nothing; unless `make_missing` is False: a write
    whose period must have a row, an attendance or a session's counts) and a period left
    with nothing loses its row, as a recount leaves it. False when a row to be lowered (or
    one not to be made) is missing or would fall below zero (data written around the
    services): the caller recounts those periods, which also puts right what was adjusted."""
    deltas = {key: d for key, d in deltas.items() if any(d)}
    if not deltas:
        return True
    there = (_update_joined(network_id, deltas) if connection.vendor == "postgresql"
             else _update_each(network_id, deltas))
    missing = set(deltas) - {tuple(row[1:5]) for row in there}
    if missing and not make_missing or any(min(deltas[key]) < 0 for key in missing):
        return False
    if missing:
        ReachCount.objects.bulk_create([
            ReachCount(network_id=network_id, grouping=grouping, group_id=group, grain=grain,
                       starts=starts, **dict(zip(COUNTS, deltas[grouping, group, grain, starts],
                                                 strict=True)))
            for grouping, group, grain, starts in sorted(missing)])
    empty = [row[0] for row in there if row[5] == 0 and row[6] == 0]
    if empty:
        ReachCount.objects.filter(pk__in=empty).delete()
    return True


COUNTS = ("families", "sessions", "adults", "children")


def _update_joined(network_id: int, deltas: dict) -> list[tuple]:
    """PostgreSQL: the kept rows of `deltas` raised in one `UPDATE … FROM (VALUES …)`;
    returns (id, grouping, group_id, grain, starts, sessions, adults) of each row changed."""
    values = ", ".join(["(%s, %s::bigint, %s, %s::date, %s::integer, %s::integer, "
                        "%s::integer, %s::integer)"] * len(deltas))
    params = [value for key, d in deltas.items() for value in (*key, *d)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ReachCount._meta.db_table} r SET families = r.families + d.f, "
            "sessions = r.sessions + d.s, adults = r.adults + d.a, children = r.children + d.c "
            f"FROM (VALUES {values}) AS d (grouping, group_id, grain, starts, f, s, a, c) "
            "WHERE r.network_id = %s AND r.grouping = d.grouping AND r.grain = d.grain "
            "AND r.starts = d.starts AND r.group_id = d.group_id "
            # A count that would fall below zero (kept rows out of step with the raw rows):
            # that row is left alone, as if missing, and recounted by the caller.
            "AND r.families + d.f >= 0 AND r.sessions + d.s >= 0 AND r.adults + d.a >= 0 "
            "AND r.children + d.c >= 0 "
            "RETURNING r.id, r.grouping, r.group_id, r.grain, r.starts, r.sessions, r.adults",
            [*params, network_id])
        return cursor.fetchall()


def _update_each(network_id: int, deltas: dict) -> list[tuple]:
    """Other databases (SQLite for `make run` and the second test run): the same change one
    row at a time through the ORM, with the same rule that no count falls below zero."""
    changed = []
    for (grouping, group, grain, starts), d in deltas.items():
        row = (ReachCount.objects.filter(
            network_id=network_id, grouping=grouping, group_id=group, grain=grain,
            starts=starts, **{f"{name}__gte": -delta for name, delta in zip(COUNTS, d,
                                                                            strict=True)})
            .values_list("id", "sessions", "adults").first())
        if row is None:
            continue
        ReachCount.objects.filter(pk=row[0]).update(**{
            name: F(name) + delta for name, delta in zip(COUNTS, d, strict=True)})
        changed.append((row[0], grouping, group, grain, starts, row[1] + d[1], row[2] + d[2]))
    return changed


def _renew(network_id: int) -> None:
    if not ReachVersion.objects.filter(network_id=network_id).update(token=uuid.uuid4()):
        ReachVersion.objects.bulk_create([ReachVersion(network_id=network_id,
                                                       token=uuid.uuid4())],
                                         ignore_conflicts=True)
        ReachVersion.objects.filter(network_id=network_id).update(token=uuid.uuid4())


def rebuild(network_id: int | None = None, *, models=None) -> int:
    """Recount every period of every group (of one network, or of all): after data written
    around the services (a data migration, the benchmark's dataset). `models`: the
    (Attendance, Session, ReachCount) classes, for a migration's historical models."""
    session = (models or (Attendance, Session, ReachCount))[1]
    networks = [network_id] if network_id is not None else sorted(
        set(session.objects.values_list("network_id", flat=True).distinct()))
    made = 0
    for net in networks:
        for grouping in GROUPINGS:
            for grain in GRAINS:
                made += _recount(net, grouping, grain, None, None, models=models)
    return made


def _recount(network_id: int, grouping: str, grain: str, group_ids, span,
             *, models=None) -> int:
    """Recount the `grain` periods within `span` (first, last day; None: all) of the groups
    `group_ids` (None: all): delete their rows and write them anew from the attendance and
    the sessions, each read in one grouped statement."""
    attendance, session, count_model = models or (Attendance, Session, ReachCount)
    column = f"{grouping}_id"
    # Groups named: their rows only, read from the (group, date) indexes alone (a group is of
    # one network; naming the network as well would make the database read every row).
    where = ({f"{column}__in": group_ids} if group_ids is not None
             else {"network_id": network_id, f"{column}__isnull": False})
    if span is not None:
        where["on_date__range"] = span
    trunc = _TRUNC[grain]("on_date")
    counts: dict = {}
    for row in (attendance.objects.filter(**where).annotate(period=trunc).order_by()
                .values(column, "period")
                .annotate(known=Count("family_id", distinct=True), visits=Count("*"),
                          kids=Sum("children"))):
        counts[row[column], row["period"]] = [row["known"], 0, 0, row["visits"], row["kids"]]
    for row in (session.objects.filter(cancelled=False, **where).annotate(period=trunc)
                .order_by().values(column, "period")
                .annotate(n=Count("*"), peak=Max("anonymous_families"),
                          adults=Sum("anonymous_adults"), kids=Sum("anonymous_children"))):
        c = counts.setdefault((row[column], row["period"]), [0, 0, 0, 0, 0])
        c[1], c[2] = row["n"], row["peak"] or 0
        c[3] += row["adults"] or 0
        c[4] += row["kids"] or 0
    stale = count_model.objects.filter(network_id=network_id, grouping=grouping, grain=grain)
    if group_ids is not None:
        stale = stale.filter(group_id__in=group_ids)
    if span is not None:
        stale = stale.filter(starts__range=span)
    stale.delete()
    count_model.objects.bulk_create([
        count_model(network_id=network_id, grouping=grouping, group_id=group, grain=grain,
                    starts=period if isinstance(period, date) else period.date(),
                    families=known + peak, sessions=sessions, adults=adults,
                    children=children or 0)
        for (group, period), (known, sessions, peak, adults, children) in counts.items()],
        batch_size=5000)
    return len(counts)


def _count(network_id: int, period: Period, key: str) -> dict:
    """{group: (families, sessions, adult visits, child visits)} of the groups that may be
    shown, read from the kept counts of the period."""
    if key not in GROUPINGS:
        raise ValueError(key)
    rows = small_groups.kept(ReachCount.objects.filter(
        network_id=network_id, grouping=key, grain=period.grain, starts=period.start))
    return {group: (families, sessions, adults, children)
            for group, families, sessions, adults, children in rows.values_list(
                "group_id", "families", "sessions", "adults", "children")
            if small_groups.shown(families)}


def _counts(network_id: int, period: Period, key: str) -> dict:
    """`_count`, from the cache while the network's reach has not changed. A network that
    never changed through the services has no token: read afresh every time."""
    token = ReachVersion.objects.filter(network_id=network_id).values_list(
        "token", flat=True).first()
    if token is None:
        return _count(network_id, period, key)
    cache_key = f"activities:reach:{network_id}:{token}:{key}:{period.key}"
    groups = cache.get(cache_key)
    if groups is None:
        groups = _count(network_id, period, key)
        cache.set(cache_key, groups, CACHE_SECONDS)
    return groups


def _activity_ids(network_id: int, neighbourhood_id: int | None):
    """The network's activities (of one neighbourhood, or all) in name order (the
    `activity_by_network` index), not an IN list of thousands of ids."""
    activities = Activity.objects.filter(network_id=network_id)
    if neighbourhood_id is not None:
        activities = activities.filter(neighbourhood_id=neighbourhood_id)
    return activities.order_by("name", "pk")


def _activity_rows(groups: dict, activities) -> list[Row]:
    kinds = {value: str(label) for value, label in ActivityKind.choices}  # translated once
    rows = []
    for pk, name, kind, hood in activities.values_list("pk", "name", "kind",
                                                       "neighbourhood__name"):
        g = groups.get(pk)
        if g is None or not small_groups.shown(g[0]):
            continue
        families, sessions, adults, children = g
        rows.append(Row(key=pk, label=name, kind=kinds.get(kind, kind), families=families,
                        sessions=sessions, adult_visits=adults, child_visits=children,
                        shown=True, extra={"neighbourhood": hood or ""}))
    return rows


def by_activity(network_id: int, period: Period, *,
                neighbourhood_id: int | None = None) -> list[Row]:
    """The activities (of one neighbourhood, or all) with their reach where it may be shown,
    in name order: all of them (the CSV export)."""
    groups = _counts(network_id, period, "activity")
    return _activity_rows(groups, _activity_ids(network_id, neighbourhood_id))


def activity_page(network_id: int, period: Period, number, *, per_page: int,
                  neighbourhood_id: int | None = None) -> Page:
    """One page of `by_activity` (`number` as the request gave it: a bad or too large one
    is the last page, as `Paginator.get_page`): the shown activities' ids are listed in name
    order, and only the page's `per_page` are read and made rows. The pages and their count
    are those of the shown activities only, as before, so a hidden one leaves no gap."""
    groups = _counts(network_id, period, "activity")
    ids = [pk for pk in _activity_ids(network_id, neighbourhood_id).values_list(
        "pk", flat=True) if pk in groups and small_groups.shown(groups[pk][0])]
    page = Paginator(ids, per_page).get_page(number)
    rows = {r.key: r for r in _activity_rows(
        groups, Activity.objects.filter(pk__in=page.object_list))}
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page


def by_neighbourhood(network_id: int, period: Period) -> list[Row]:
    """Every neighbourhood of the network, with its reach where a group may be shown; the
    ones not reached are marked."""
    groups = _counts(network_id, period, "neighbourhood")
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


def chart(rows: list[Row], *, width: int = 320, bar: int = 12) -> dict:
    """Geometry of the SVG bar chart (integers and dot decimals only; the template turns
    localisation off): per neighbourhood a bar of families per 100 young children and a thin
    bar of the kansarmoede share, on one 0–max scale. The value beside a bar is text a
    person reads: written as the table writes it (a decimal comma in Dutch). 320 units
    wide: on a phone (about 300 px) the 12-unit labels stay about 12 px; the stylesheet
    keeps it from growing past 420 px on a wide screen."""
    label_w, gap = 110, 8
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
                      "value": "–" if r.per_100 is None else number_format(r.per_100, 1),
                      "value_x": label_w + reach_w + 4, "not_reached": r.not_reached})
    return {"width": width, "height": 30 + len(rows) * (2 * bar + gap), "label_w": label_w,
            "bar": bar, "thin": bar // 2, "items": items}
