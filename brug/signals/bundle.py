"""The signal bundle: counts and descriptions of barriers, never identifying a family.

The one rule, applied in the database for every group of every report: a group is shown only
when its barriers — after every filter — come from at least `MIN_FAMILIES` different families.
Pages, the CSV export and the printed agenda all read through `collective_groups(_page)`
and `suggested_groups(_page)`; nothing else aggregates barriers.

Counts kept, so that the pages do not aggregate 200 000 barriers per request:
- `CollectiveSignal.family_count` / `barrier_count` and `CollectiveDimensionCount` (per
  signal and B), recounted by `collective_counts_refresh`; they serve the bundle when no
  filter looks at the barriers themselves (none, status, meeting) or only at their B. Any
  other filter on barriers (life domain, organisation, period) still aggregates the
  barriers, through indexes that make it an index-only scan.
- `SuggestionCount`, recounted by `suggestion_counts_refresh`: families per (organisation,
  service, B) of unassigned barriers; it serves the suggestions unless a filter looks at
  barriers outside the group's key (life domain, period).
Every service that adds, moves, corrects, anonymises or deletes barriers calls the refresh
functions in its own transaction, after taking a lock that makes a concurrent recount wait
until this one is committed (so a recount never writes what it read before another commit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Q

from brug.directory.models import AccessDimension, AccessibilityScore, Provider, Service
from brug.signals.models import (
    CollectiveDimensionCount,
    CollectiveSignal,
    CollectiveStatus,
    Signal,
    SignalDimension,
    SuggestionCount,
)

MIN_FAMILIES = 3
DESCRIPTIONS_PER_GROUP = 5
SUGGESTIONS_SHOWN = 50
SUGGESTIONS_PER_PAGE = 25


@dataclass(frozen=True)
class BundleFilter:
    status: str = ""
    meeting_id: int | None = None
    life_domain: str = ""
    dimension: str = ""
    provider_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def on_barriers(self) -> bool:
        """Whether a filter looks at the barriers themselves (not only at the collective)."""
        return bool(self.life_domain or self.dimension or self.provider_id or self.date_from
                    or self.date_to)


@dataclass
class Group:
    collective: CollectiveSignal | None
    families: int
    barriers: int
    descriptions: list[str]
    provider_id: int | None = None
    service_id: int | None = None
    dimension: str = ""
    provider_name: str = ""
    service_name: str = ""
    url: str = ""  # set by the page that links it

    @property
    def dimension_label(self) -> str:
        return str(AccessDimension(self.dimension).label) if self.dimension else ""

    # The collective's own status and B, without get_FOO_display's walk through the choices.
    @property
    def status_label(self) -> str:
        return str(CollectiveStatus(self.collective.status).label)

    @property
    def collective_dimension_label(self) -> str:
        d = self.collective.dimension
        return str(AccessDimension(d).label) if d in AccessDimension.values else d


_LOOKUPS = {"=": "", ">=": "__gte", "<=": "__lte"}


def _barrier_conditions(f: BundleFilter) -> list[tuple[str, str, object]]:
    """The filters on a barrier's own columns (a B is filtered per table, see below), as
    (column, operator, value): the one definition for the ORM and for `_quotes`' SQL."""
    return [(column, op, value) for column, op, value in (
        ("life_domain", "=", f.life_domain), ("provider_id", "=", f.provider_id),
        ("observed_on", ">=", f.date_from), ("observed_on", "<=", f.date_to)) if value]


def _barrier_q(f: BundleFilter) -> Q:
    return Q(*(Q(**{f"{column}{_LOOKUPS[op]}": value})
               for column, op, value in _barrier_conditions(f)))


def _collectives(network_id: int, f: BundleFilter):
    """The collective signals the filters on the collective itself (status, meeting) allow."""
    collectives = CollectiveSignal.objects.filter(network_id=network_id)
    if f.status:
        collectives = collectives.filter(status=f.status)
    if f.meeting_id:
        collectives = collectives.filter(meeting_id=f.meeting_id)
    return collectives


def _group_counts(network_id: int, f: BundleFilter) -> list[dict]:
    """Families and barriers per collective signal after filters on the barriers, only groups
    of ≥3 families, newest first. By B it counts the one-row-per-barrier-and-B table, where a
    B is an indexed column instead of a pattern in a text."""
    if f.dimension:
        barriers = SignalDimension.objects.filter(
            _barrier_q(f), network_id=network_id, dimension=f.dimension,
            collective_id__isnull=False)
    else:
        barriers = Signal.objects.filter(_barrier_q(f), network_id=network_id,
                                         collective__isnull=False)
    if f.status or f.meeting_id:
        barriers = barriers.filter(collective_id__in=_collectives(network_id, f).values("pk"))
    return list(
        barriers.values("collective_id")
        .annotate(families=Count("family_id", distinct=True), barriers=Count("*"))
        .filter(families__gte=MIN_FAMILIES)
        .order_by("-collective_id")
    )


def _quotes(collective_ids: list[int], f: BundleFilter) -> dict[int, list[str]]:
    """The newest descriptions of the (filtered) barriers of these collective signals.

    One correlated subquery per quote, each reading a few rows of a `barrier_quotes*` index.
    Written as SQL: the ORM spends more time compiling five correlated subqueries than the
    database spends running them. Only fixed column names go into the text; every value is a
    parameter. Descriptions cleared by the retention process are not quoted (the counts keep
    them).
    """
    if not collective_ids:
        return {}
    conditions = _barrier_conditions(f)
    if f.dimension:
        conditions.append(("dimensions", "LIKE", f"%,{f.dimension},%"))
    params = [value for _column, _op, value in conditions]
    conditions = "".join(f" AND s.{column} {op} %s" for column, op, _value in conditions)
    quote = ("(SELECT s.description FROM {signal} s WHERE s.collective_id = c.id"
             " AND s.description <> ''{conditions}"
             " ORDER BY s.observed_on DESC, s.id DESC LIMIT 1 OFFSET {k})")
    columns = ", ".join(quote.format(signal=Signal._meta.db_table, conditions=conditions, k=k)
                        for k in range(DESCRIPTIONS_PER_GROUP))
    sql = (f"SELECT c.id, {columns} FROM {CollectiveSignal._meta.db_table} c"
           f" WHERE c.id IN ({', '.join(['%s'] * len(collective_ids))})")
    with connection.cursor() as cursor:
        cursor.execute(sql, params * DESCRIPTIONS_PER_GROUP + list(collective_ids))
        return {row[0]: [q for q in row[1:] if q is not None] for row in cursor.fetchall()}


def _shown(collectives):
    """Only what the bundle, its export and the agenda show of a collective signal."""
    return collectives.select_related("provider", "service").only(
        "title", "description", "status", "dimension", "forwarded_to", "family_count",
        "barrier_count", "provider__name", "service__name")


def _groups(network_id: int, f: BundleFilter, start: int,
            stop: int | None) -> tuple[list[Group], bool]:
    """Groups `start:stop` of the bundle, and whether more follow."""
    if not f.on_barriers:
        shown = _collectives(network_id, f).filter(family_count__gte=MIN_FAMILIES)
        page = list(_shown(shown.order_by("-id"))[start:None if stop is None else stop + 1])
        more = stop is not None and len(page) > stop - start
        page = page[:None if stop is None else stop - start]
        counts = {c.pk: (c.family_count, c.barrier_count) for c in page}
    elif not (f.life_domain or f.provider_id or f.date_from or f.date_to):
        # By B (and status, meeting): the kept counts per signal and B.
        kept = CollectiveDimensionCount.objects.filter(
            dimension=f.dimension, families__gte=MIN_FAMILIES,
            collective__in=_collectives(network_id, f)).order_by("-collective_id")
        rows = list(kept.values_list("collective_id", "families", "barriers")
                    [start:None if stop is None else stop + 1])
        more = stop is not None and len(rows) > stop - start
        counts = {pk: (families, barriers) for pk, families, barriers
                  in rows[:None if stop is None else stop - start]}
        by_pk = _shown(CollectiveSignal.objects.filter(pk__in=counts)).in_bulk()
        page = [by_pk[pk] for pk in counts if pk in by_pk]
    else:
        rows = _group_counts(network_id, f)
        more = stop is not None and len(rows) > stop
        counts = {row["collective_id"]: (row["families"], row["barriers"])
                  for row in rows[start:stop]}
        by_pk = _shown(CollectiveSignal.objects.filter(pk__in=counts)).in_bulk()
        page = [by_pk[pk] for pk in counts if pk in by_pk]
    quotes = _quotes([c.pk for c in page], f)
    return [Group(collective=c, families=counts[c.pk][0], barriers=counts[c.pk][1],
                  descriptions=quotes.get(c.pk, [])) for c in page], more


def collective_groups(network_id: int, f: BundleFilter) -> list[Group]:
    """Every collective signal with ≥3 families among its (filtered) barriers."""
    return _groups(network_id, f, 0, None)[0]


def collective_groups_page(network_id: int, f: BundleFilter, *, page: int = 1,
                           per_page: int = 25) -> tuple[list[Group], bool]:
    """One page of `collective_groups`, and whether another page follows: constant work per
    page when no filter looks at the barriers."""
    start = (max(page, 1) - 1) * per_page
    return _groups(network_id, f, start, start + per_page)


def _suggestion_rows(network_id: int, f: BundleFilter):
    """Groups of ≥3 families of unassigned barriers, most families first. Stored counts
    unless a filter looks at barriers outside the group's key (life domain, period)."""
    order = ("-families", "provider_id", "service_id", "dimension")
    if f.life_domain or f.date_from or f.date_to:
        rows = SignalDimension.objects.filter(_barrier_q(f), network_id=network_id,
                                              collective_id__isnull=True)
        if f.dimension:
            rows = rows.filter(dimension=f.dimension)
        return (rows.values("provider_id", "service_id", "dimension")
                .annotate(families=Count("family_id", distinct=True), barriers=Count("*"))
                .filter(families__gte=MIN_FAMILIES).order_by(*order))
    rows = SuggestionCount.objects.filter(network_id=network_id, families__gte=MIN_FAMILIES)
    if f.dimension:
        rows = rows.filter(dimension=f.dimension)
    if f.provider_id:
        rows = rows.filter(provider_id=f.provider_id)
    return rows.order_by(*order).values("provider_id", "service_id", "dimension", "families",
                                        "barriers")


def _suggestions(rows: list[dict]) -> list[Group]:
    if not rows:
        return []
    providers = dict(Provider.objects.filter(pk__in={g["provider_id"] for g in rows})
                     .values_list("pk", "name"))
    services = dict(Service.objects.filter(pk__in={g["service_id"] for g in rows
                                                   if g["service_id"]})
                    .values_list("pk", "name"))
    return [
        Group(collective=None, families=g["families"], barriers=g["barriers"], descriptions=[],
              provider_id=g["provider_id"], service_id=g["service_id"], dimension=g["dimension"],
              provider_name=providers.get(g["provider_id"], ""),
              service_name=services.get(g["service_id"], ""))
        for g in rows
    ]


def suggested_groups(network_id: int, f: BundleFilter) -> list[Group]:
    """Barriers not yet in a collective signal, grouped by same organisation/service + same B,
    with ≥3 families: the `SUGGESTIONS_SHOWN` biggest groups."""
    return _suggestions(list(_suggestion_rows(network_id, f)[:SUGGESTIONS_SHOWN]))


def suggested_groups_page(network_id: int, f: BundleFilter, *, page: int = 1,
                          per_page: int = SUGGESTIONS_PER_PAGE) -> tuple[list[Group], bool]:
    """One page of suggestions, biggest first, and whether another page follows."""
    start = (max(page, 1) - 1) * per_page
    rows = list(_suggestion_rows(network_id, f)[start:start + per_page + 1])
    return _suggestions(rows[:per_page]), len(rows) > per_page


def report_thresholds(network_id: int) -> list[dict]:
    """Low scores from accessibility reports per service and B (no families involved)."""
    return list(
        AccessibilityScore.objects.filter(report__service__network_id=network_id,
                                          score__lte=AccessibilityScore.LOW)
        .values("report__service_id", "report__service__name", "dimension")
        .annotate(count=Count("id")).order_by("-count", "report__service__name")[:100]
    )


def family_count_or_none(collective: CollectiveSignal) -> int | None:
    """The number of families behind one collective signal, or None when under 3."""
    n = collective.family_count
    return n if n >= MIN_FAMILIES else None


def descriptions_of(collective: CollectiveSignal, limit: int = 20) -> list[str]:
    return list(Signal.objects.filter(collective=collective).exclude(description="")
                .order_by("-observed_on", "-id")
                .values_list("description", flat=True)[:limit])


# Keeping the counts. Called by the services, inside the transaction that changed barriers.

@transaction.atomic(savepoint=False)
def collective_counts_refresh(collective_ids: Iterable[int | None]) -> None:
    """Recount the families and barriers of these collective signals from their barriers."""
    ids = sorted({pk for pk in collective_ids if pk})
    if not ids:
        return
    # The row lock makes a concurrent recount of the same signal wait for this commit; its
    # count (a later statement) then includes this transaction's barriers.
    networks = set(CollectiveSignal.objects.select_for_update().filter(pk__in=ids)
                   .order_by("pk").values_list("network_id", flat=True))
    counts = {row["collective_id"]: row for row in Signal.objects.filter(collective_id__in=ids)
              .values("collective_id")
              .annotate(families=Count("family_id", distinct=True), barriers=Count("*"))}
    CollectiveSignal.objects.bulk_update(
        [CollectiveSignal(pk=pk, family_count=counts.get(pk, {}).get("families", 0),
                          barrier_count=counts.get(pk, {}).get("barriers", 0)) for pk in ids],
        ["family_count", "barrier_count"], batch_size=500)
    per_b = [CollectiveDimensionCount(**row) for row in SignalDimension.objects.filter(
        network_id__in=networks, collective_id__in=ids).values("collective_id", "dimension")
        .annotate(families=Count("family_id", distinct=True), barriers=Count("*"))]
    CollectiveDimensionCount.objects.filter(collective_id__in=ids).delete()
    CollectiveDimensionCount.objects.bulk_create(per_b, batch_size=2000)


def suggestion_keys(signal: Signal) -> set[tuple[int | None, int | None, str]]:
    """The suggestion groups (organisation, service, B) one unassigned barrier counts in."""
    if signal.collective_id:
        return set()
    return {(signal.provider_id, signal.service_id, d) for d in signal.dimension_list}


@transaction.atomic(savepoint=False)
def suggestion_counts_refresh(network_id: int,
                              keys: Iterable[tuple[int | None, int | None, str]]) -> None:
    """Recount the families and barriers of these suggestion groups from the unassigned
    barriers."""
    by_place: dict[tuple, set[str]] = defaultdict(set)
    for provider_id, service_id, dimension in keys:
        by_place[(provider_id, service_id)].add(dimension)
    if not by_place:
        return
    # Every recount of an organisation's groups locks the organisation first (see above).
    list(Provider.objects.select_for_update()
         .filter(pk__in=sorted({p for p, _s in by_place if p})).order_by("pk")
         .values_list("pk", flat=True))
    which = Q()
    for (provider_id, service_id), dimensions in by_place.items():
        which |= Q(provider_id=provider_id, service_id=service_id,
                   dimension__in=sorted(dimensions))
    fresh = [SuggestionCount(network_id=network_id, **row) for row in (
        SignalDimension.objects.filter(which, network_id=network_id, collective_id__isnull=True)
        .values("provider_id", "service_id", "dimension")
        .annotate(families=Count("family_id", distinct=True), barriers=Count("*")))]
    SuggestionCount.objects.filter(which, network_id=network_id).delete()
    SuggestionCount.objects.bulk_create(fresh)


@transaction.atomic(savepoint=False)
def bundle_counts_rebuild(network_id: int) -> None:
    """Recount everything of one network (after a bulk load that bypassed the services)."""
    collective_counts_refresh(CollectiveSignal.objects.filter(network_id=network_id)
                              .values_list("pk", flat=True))
    SuggestionCount.objects.filter(network_id=network_id).delete()
    SuggestionCount.objects.bulk_create(
        (SuggestionCount(network_id=network_id, **row) for row in (
            SignalDimension.objects.filter(network_id=network_id, collective_id__isnull=True)
            .values("provider_id", "service_id", "dimension")
            .annotate(families=Count("family_id", distinct=True), barriers=Count("*"))
            .order_by())), batch_size=2000)
