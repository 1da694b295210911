"""Pages of a list in one query: the same pages as Django's Paginator, one query fewer."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from brug.core.paging import counted_page, page_without_total
from brug.families.models import Family
from tests.conftest import make_family


@pytest.fixture
def families(world):
    for i in range(11):
        make_family(world.home, world.alice, name=f"Gezin {i:02d}")
    return Family.objects.order_by("display_name", "id")


@pytest.mark.parametrize("raw", [None, "", "x", "0", "-3", "1", "2", "3", "4", "99"])
def test_counted_page_is_the_page_django_gives(families, raw):
    expected = Paginator(families, 5).get_page(raw)
    page = counted_page(families, raw, 5)
    assert list(page.object_list) == list(expected.object_list)
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (
        expected.number, expected.paginator.count, expected.paginator.num_pages)
    assert (page.has_next(), page.has_previous()) == (expected.has_next(),
                                                     expected.has_previous())


def test_counted_page_reads_the_page_and_its_total_in_one_query(families):
    with CaptureQueriesContext(connection) as ctx:
        page = counted_page(families, "2", 5)
        assert page.paginator.num_pages == 3 and page.has_next()
    assert len(ctx.captured_queries) == 1
    with CaptureQueriesContext(connection) as ctx:
        empty = counted_page(families.filter(display_name="niemand"), None, 5)
        assert list(empty.object_list) == [] and empty.paginator.count == 0
    assert len(ctx.captured_queries) == 1


def test_page_without_total_knows_its_neighbours_without_counting(families):
    pages = []
    for raw in ("1", "2", "3"):
        with CaptureQueriesContext(connection) as ctx:
            page = page_without_total(families, raw, 5)
            pages.append((len(page.object_list), page.has_previous(), page.has_next()))
        assert len(ctx.captured_queries) == 1
        assert "COUNT" not in ctx.captured_queries[0]["sql"].upper()
    assert pages == [(5, False, True), (5, True, True), (2, True, False)]
    assert page_without_total(families, "2", 5).next_page_number() == 3
    # A bad number, one below 1 or one past the end: the first page.
    for raw in ("x", "-1", "9"):
        first = page_without_total(families, raw, 5)
        assert first.number == 1 and list(first.object_list) == list(families[:5])
