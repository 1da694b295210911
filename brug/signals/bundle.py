"""The signal bundle: counts and descriptions of barriers, never identifying a family.

Two rules, each applied in one place:
- `counted` is the only aggregation of barriers: a group is shown only when its barriers —
  after every filter — come from at least `MIN_FAMILIES` different families. The bundle page,
  its CSV export, the meeting agenda, the collective signal's page and the suggestions all
  read their groups through it, so no filter combination and no output shows a smaller group.
- `released` is the only way a description leaves the family's dossier: only a text a
  coordinator released (`Signal.released_at`, see `services.barrier_release`) is quoted.
  Until then the barrier is counted without its text.

Everything is counted by the database, on indexes that let it stop after the groups a page
shows (see docs/signals.md for the plans and timings). What the bundle page shows is the same
for every reader of the network, so its template caches it under `cache_version`, which the
services that write barriers, collective signals, meetings and the sociale kaart bump.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from brug.core import small_groups
from brug.directory.models import AccessDimension, AccessibilityScore, Provider, Service
from brug.signals import selectors
from brug.signals.models import CollectiveSignal, Signal, SignalDimension

MIN_FAMILIES = small_groups.MIN_FAMILIES
DESCRIPTIONS_PER_GROUP = 5
DESCRIPTIONS_ON_SIGNAL_PAGE = 20
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


@dataclass
class Group:
    """One shown group: a collective signal, or a suggestion (organisation, service, B)."""

    families: int
    barriers: int
    collective: CollectiveSignal | None = None
    descriptions: list[str] | None = None
    provider_id: int | None = None
    service_id: int | None = None
    dimension: str = ""
    provider_name: str = ""
    service_name: str = ""

    @property
    def dimension_label(self) -> str:
        return str(AccessDimension(self.dimension).label) if self.dimension else ""


def cache_version(network_id: int) -> str:
    """The version of what the network's bundle page shows: its barriers, collective
    signals, meetings and the names of its organisations and services
    (`selectors.cache_version`), and the rule's threshold."""
    return f"{small_groups.MIN_FAMILIES}:{selectors.cache_version(network_id)}"


def counted(barriers: QuerySet, *keys: str) -> QuerySet:
    """Families and barriers per group of `barriers` by `keys`, only the groups of at least
    `MIN_FAMILIES` families (the network-wide rule of `core.small_groups`). Every output of
    the bundle counts through here. `barriers` are `Signal` or `SignalDimension` rows."""
    return small_groups.counted(barriers, *keys, barriers=Count("*"))


def released(barriers: QuerySet) -> QuerySet:
    """The barriers whose description a coordinator released for the network (and that
    retention did not clear). The one place that decides which free text is quoted."""
    return barriers.filter(released_at__isnull=False).exclude(description="")


def _barrier_q(f: BundleFilter) -> Q:
    """The filters on a barrier's own columns (named alike in `Signal` and `SignalDimension`;
    a B is filtered per table)."""
    q = Q()
    if f.life_domain:
        q &= Q(life_domain=f.life_domain)
    if f.provider_id:
        q &= Q(provider_id=f.provider_id)
    if f.date_from:
        q &= Q(observed_on__gte=f.date_from)
    if f.date_to:
        q &= Q(observed_on__lte=f.date_to)
    return q


def _collective_barriers(network_id: int, f: BundleFilter) -> QuerySet:
    """The barriers of collective signals that every filter allows. By B the
    one-row-per-barrier-and-B table, where a B is an indexed column."""
    if f.dimension:
        rows = SignalDimension.objects.filter(network_id=network_id, dimension=f.dimension,
                                              collective_id__isnull=False)
    else:
        rows = Signal.objects.filter(network_id=network_id, collective__isnull=False)
    rows = rows.filter(_barrier_q(f))
    if f.status or f.meeting_id:
        collectives = CollectiveSignal.objects.filter(network_id=network_id)
        if f.status:
            collectives = collectives.filter(status=f.status)
        if f.meeting_id:
            collectives = collectives.filter(meeting_id=f.meeting_id)
        rows = rows.filter(collective_id__in=collectives.values("pk"))
    return rows


def _with_quotes(collectives: QuerySet, f: BundleFilter, n: int) -> QuerySet:
    """Each collective signal with its `n` newest released descriptions among the filtered
    barriers, as columns `quote_0…`: one short read of the `barrier_released` index each."""
    quotes = released(Signal.objects.filter(_barrier_q(f), collective_id=OuterRef("pk")))
    if f.dimension:
        quotes = quotes.filter(dimensions__contains=f",{f.dimension},")
    quotes = quotes.order_by("-observed_on", "-id").values("description")
    return collectives.annotate(**{f"quote_{k}": Subquery(quotes[k:k + 1]) for k in range(n)})


def _quotes_of(collective: CollectiveSignal, n: int) -> list[str]:
    return [q for q in (getattr(collective, f"quote_{k}") for k in range(n)) if q]


def _groups(network_id: int, f: BundleFilter, start: int,
            stop: int | None) -> tuple[list[Group], bool]:
    """Groups `start:stop` of the bundle (newest collective signal first), and whether more
    follow."""
    rows = counted(_collective_barriers(network_id, f), "collective_id").order_by(
        "-collective_id")
    rows = list(rows[start:None if stop is None else stop + 1])
    more = stop is not None and len(rows) > stop - start
    counts = {row["collective_id"]: row for row in rows[:None if stop is None else stop - start]}
    shown = _with_quotes(CollectiveSignal.objects.filter(pk__in=counts)
                         .select_related("provider", "service"), f, DESCRIPTIONS_PER_GROUP)
    by_pk = {c.pk: c for c in shown}
    return [Group(collective=by_pk[pk], families=row["families"], barriers=row["barriers"],
                  descriptions=_quotes_of(by_pk[pk], DESCRIPTIONS_PER_GROUP))
            for pk, row in counts.items() if pk in by_pk], more


def collective_groups(network_id: int, f: BundleFilter) -> list[Group]:
    """Every collective signal with ≥3 families among its (filtered) barriers: the export
    and the meeting agenda."""
    return _groups(network_id, f, 0, None)[0]


def collective_groups_page(network_id: int, f: BundleFilter, *, page: int = 1,
                           per_page: int = 25) -> tuple[list[Group], bool]:
    """One page of `collective_groups`, and whether another page follows."""
    start = (max(page, 1) - 1) * per_page
    return _groups(network_id, f, start, start + per_page)


def collective_group(collective: CollectiveSignal) -> Group | None:
    """One collective signal's families, barriers and released descriptions, or None when
    fewer than 3 families are behind it (then nothing about it is counted or quoted)."""
    rows = counted(Signal.objects.filter(collective_id=collective.pk), "collective_id")
    row = next(iter(rows), None)
    if row is None:
        return None
    quotes = released(Signal.objects.filter(collective_id=collective.pk)).order_by(
        "-observed_on", "-id").values_list("description", flat=True)
    return Group(collective=collective, families=row["families"], barriers=row["barriers"],
                 descriptions=list(quotes[:DESCRIPTIONS_ON_SIGNAL_PAGE]))


def _suggestion_rows(network_id: int, f: BundleFilter) -> QuerySet:
    """Groups of ≥3 families of barriers in no collective signal, by the same organisation,
    service and B; most families first."""
    rows = SignalDimension.objects.filter(_barrier_q(f), network_id=network_id,
                                          collective_id__isnull=True)
    if f.dimension:
        rows = rows.filter(dimension=f.dimension)
    return counted(rows, "provider_id", "service_id", "dimension").order_by(
        "-families", "provider_id", "service_id", "dimension")


def suggested_groups_page(network_id: int, f: BundleFilter, *, page: int = 1,
                          per_page: int | None = None) -> tuple[list[Group], bool]:
    """One page of suggestions, biggest first, and whether another page follows."""
    per_page = per_page or SUGGESTIONS_PER_PAGE
    start = (max(page, 1) - 1) * per_page
    rows = list(_suggestion_rows(network_id, f)[start:start + per_page + 1])
    more, rows = len(rows) > per_page, rows[:per_page]
    providers = dict(Provider.objects.filter(pk__in={r["provider_id"] for r in rows})
                     .values_list("pk", "name")) if rows else {}
    services = dict(Service.objects.filter(pk__in={r["service_id"] for r in rows})
                    .values_list("pk", "name")) if rows else {}
    return [Group(families=r["families"], barriers=r["barriers"], provider_id=r["provider_id"],
                  service_id=r["service_id"], dimension=r["dimension"],
                  provider_name=providers.get(r["provider_id"], ""),
                  service_name=services.get(r["service_id"], "")) for r in rows], more


def report_thresholds(network_id: int) -> list[dict]:
    """Low scores from accessibility reports per service and B (no families involved)."""
    return list(
        AccessibilityScore.objects.filter(report__service__network_id=network_id,
                                          score__lte=AccessibilityScore.LOW)
        .values("report__service_id", "report__service__name", "dimension")
        .annotate(count=Count("id")).order_by("-count", "report__service__name")[:100]
    )
