"""Pages of a list in one query instead of Django's two (a COUNT, then the page).

`Paginator.get_page` first counts the whole list, then reads the page: the filter is compiled
and run twice. `counted_page` reads the page with the total alongside (`COUNT(*) OVER ()`,
a window over the same rows), and `page_without_total` reads one row more than the page to
know whether there is a next one, for lists that show "older" instead of "page n of m" (and
whose total grows with the data, like a family's audit trail). Both answer with Django's own
`Page`, so templates use `has_next`, `next_page_number`, `paginator.num_pages` as usual.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "page_total"


def _number(raw) -> int:
    """The page asked for: 1 when `raw` is no whole number, 0 when it is below 1."""
    try:
        return max(int(raw), 0)
    except (TypeError, ValueError):
        return 1


def counted_page(queryset: QuerySet, raw_number, per_page: int) -> Page:
    """`Paginator(queryset, per_page).get_page(raw_number)` in one query: no number gives the
    first page; a number below 1 or past the end the last (with the usual two queries)."""
    number = _number(raw_number)
    paginator = Paginator(queryset, per_page)
    if number == 0:
        return paginator.get_page(raw_number)
    start = (number - 1) * per_page
    rows = list(queryset.annotate(**{TOTAL: Window(Count("pk"))})[start:start + per_page])
    if rows:
        paginator.count = getattr(rows[0], TOTAL)  # Paginator.count is a cached property
    elif number == 1:
        paginator.count = 0
    else:  # past the end: Django's own answer, the last page
        return paginator.get_page(raw_number)
    return Page(rows, number, paginator)


class _Unbounded(Paginator):
    """A paginator that knows the rows up to one past its page, not the list's total."""

    def __init__(self, per_page: int, number: int, read: int):
        super().__init__([], per_page)
        self.count = (number - 1) * per_page + read


def page_without_total(queryset: QuerySet, raw_number, per_page: int) -> Page:
    """A page of `queryset` that knows whether an earlier and a later page exist, without
    counting the list: one query that reads `per_page + 1` rows. (`paginator.num_pages` is
    not the total here: show "older"/"newer", not "page n of m".)"""
    number = max(_number(raw_number), 1)
    start = (number - 1) * per_page
    rows = list(queryset[start:start + per_page + 1])
    if not rows and number > 1:
        return page_without_total(queryset, 1, per_page)
    return Page(rows[:per_page], number, _Unbounded(per_page, number, len(rows)))
