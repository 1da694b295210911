"""The signal bundle: counts and descriptions of barriers, never identifying a family.

The one rule, applied in the database for every group of every report: a group is shown only
when its barriers — after every filter — come from at least `MIN_FAMILIES` different families.
Pages, the CSV export and the printed agenda all read through `collective_groups(_page)`
and `suggested_groups`; nothing else aggregates barriers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from brug.directory.models import AccessDimension, AccessibilityScore
from brug.signals.models import CollectiveSignal, Signal, SignalDimension

MIN_FAMILIES = 3
DESCRIPTIONS_PER_GROUP = 5
SUGGESTIONS_SHOWN = 50


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
    collective: CollectiveSignal | None
    families: int
    barriers: int
    descriptions: list[str]
    provider_id: int | None = None
    service_id: int | None = None
    dimension: str = ""
    provider_name: str = ""
    service_name: str = ""

    @property
    def dimension_label(self) -> str:
        return str(AccessDimension(self.dimension).label) if self.dimension else ""


def _barrier_q(f: BundleFilter, prefix: str = "") -> Q:
    q = Q()
    if f.life_domain:
        q &= Q(**{f"{prefix}life_domain": f.life_domain})
    if f.provider_id:
        q &= Q(**{f"{prefix}provider_id": f.provider_id})
    if f.date_from:
        q &= Q(**{f"{prefix}observed_on__gte": f.date_from})
    if f.date_to:
        q &= Q(**{f"{prefix}observed_on__lte": f.date_to})
    return q


def _collective_barriers(network_id: int, f: BundleFilter):
    barriers = Signal.objects.filter(_barrier_q(f), network_id=network_id,
                                     collective__isnull=False)
    if f.dimension:
        barriers = barriers.filter(dimensions__contains=f",{f.dimension},")
    if f.status:
        barriers = barriers.filter(collective__status=f.status)
    if f.meeting_id:
        barriers = barriers.filter(collective__meeting_id=f.meeting_id)
    return barriers


def _group_counts(barriers) -> list[dict]:
    """Families and barriers per collective signal, only groups of ≥3 families, newest first."""
    return list(
        barriers.values("collective_id")
        .annotate(families=Count("family_id", distinct=True), barriers=Count("id"))
        .filter(families__gte=MIN_FAMILIES)
        .order_by("-collective_id")
    )


def _build(barriers, rows: list[dict]) -> list[Group]:
    counts = {row["collective_id"]: row for row in rows}
    if not counts:
        return []
    collectives = CollectiveSignal.objects.filter(pk__in=counts).select_related(
        "provider", "service", "meeting").in_bulk()
    descriptions: dict[int, list[str]] = {pk: [] for pk in counts}
    # Descriptions cleared by the retention process are not quoted (the counts keep them).
    for row in (barriers.filter(collective_id__in=counts).exclude(description="")
                .annotate(rank=Window(RowNumber(), partition_by=[F("collective_id")],
                                      order_by=[F("observed_on").desc(), F("id").desc()]))
                .filter(rank__lte=DESCRIPTIONS_PER_GROUP)
                .values_list("collective_id", "description")):
        descriptions[row[0]].append(row[1])
    return [
        Group(collective=collectives[pk], families=counts[pk]["families"],
              barriers=counts[pk]["barriers"], descriptions=descriptions[pk])
        for pk in counts if pk in collectives
    ]


def collective_groups(network_id: int, f: BundleFilter) -> list[Group]:
    """Every collective signal with ≥3 families among its (filtered) barriers. Three queries."""
    barriers = _collective_barriers(network_id, f)
    return _build(barriers, _group_counts(barriers))


def collective_groups_page(network_id: int, f: BundleFilter, *, page: int = 1,
                           per_page: int = 25) -> tuple[list[Group], int]:
    """One page of `collective_groups` and the number of groups: constant work per page."""
    barriers = _collective_barriers(network_id, f)
    rows = _group_counts(barriers)
    start = (max(page, 1) - 1) * per_page
    return _build(barriers, rows[start:start + per_page]), len(rows)


def suggested_groups(network_id: int, f: BundleFilter) -> list[Group]:
    """Barriers not yet in a collective signal, grouped by same organisation/service + same B,
    with ≥3 families. Three queries."""
    rows = SignalDimension.objects.filter(_barrier_q(f), network_id=network_id,
                                          collective_id__isnull=True)
    if f.dimension:
        rows = rows.filter(dimension=f.dimension)
    groups = list(
        rows.values("provider_id", "service_id", "dimension")
        .annotate(families=Count("family_id", distinct=True), barriers=Count("signal_id"))
        .filter(families__gte=MIN_FAMILIES)
        .order_by("-families", "provider_id", "service_id", "dimension")[:SUGGESTIONS_SHOWN]
    )
    if not groups:
        return []
    from brug.directory.models import Provider, Service

    providers = dict(Provider.objects.filter(pk__in={g["provider_id"] for g in groups})
                     .values_list("pk", "name"))
    services = dict(Service.objects.filter(pk__in={g["service_id"] for g in groups if g[
        "service_id"]}).values_list("pk", "name"))
    return [
        Group(collective=None, families=g["families"], barriers=g["barriers"], descriptions=[],
              provider_id=g["provider_id"], service_id=g["service_id"], dimension=g["dimension"],
              provider_name=providers.get(g["provider_id"], ""),
              service_name=services.get(g["service_id"], ""))
        for g in groups
    ]


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
    n = Signal.objects.filter(collective=collective).aggregate(
        n=Count("family_id", distinct=True))["n"]
    return n if n >= MIN_FAMILIES else None


def descriptions_of(collective: CollectiveSignal, limit: int = 20) -> list[str]:
    return list(Signal.objects.filter(collective=collective).exclude(description="")
                .order_by("-observed_on", "-id")
                .values_list("description", flat=True)[:limit])
