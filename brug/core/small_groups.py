"""The k >= 3 rule of every report: a group of fewer than three families is never shown.

One rule, one place. Reports that count families (the signal bundle, the walk-in counts, the
reach of group activities) ask `counted` to group and count in the database, `kept` to filter
the rows of a table that holds counts already (the reach aggregates), or `shown` for a number
they combined themselves; none knows what is counted, only the threshold.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

MIN_FAMILIES = 3


def shown(families: int | None) -> bool:
    """Whether a group of `families` families may appear in a report."""
    return families is not None and families >= MIN_FAMILIES


def counted(rows: QuerySet, *keys: str, unit: str = "family_id", **aggregates) -> QuerySet:
    """`rows` grouped by `keys`, with `families` = the number of different `unit` values per
    group and the extra `aggregates`, keeping only the groups `shown` allows — filtered by the
    database, so no output of the queryset can hold a smaller group."""
    return (rows.order_by().values(*keys)
            .annotate(families=Count(unit, distinct=True), **aggregates)
            .filter(families__gte=MIN_FAMILIES))


def kept(rows: QuerySet, field: str = "families") -> QuerySet:
    """`rows` of a table of kept counts whose number of families (`field`) may be shown —
    filtered by the database, like `counted`."""
    return rows.filter(**{f"{field}__gte": MIN_FAMILIES})
