"""The search for the highest rate (bench/run.py), stepped against a known limit."""

from __future__ import annotations

from bench.run import RateSearch


def _search(limit: float, start: float, within: float) -> RateSearch:
    search = RateSearch(start, within)
    while (rate := search.next_rate()) is not None:
        search.record(rate, rate <= limit)
    return search


def test_it_brackets_the_limit_within_the_asked_precision():
    for within in (10, 4):
        search = _search(147, start=100, within=within)
        assert search.low <= 147 < search.high
        assert search.high / search.low <= 1 + within / 100
        assert search.result == round(search.low, 1)


def test_a_finer_precision_narrows_the_bracket():
    coarse, fine = _search(147, 100, 10), _search(147, 100, 4)
    assert fine.high / fine.low < coarse.high / coarse.low
    assert fine.low >= coarse.low


def test_it_halves_from_a_start_that_misses():
    search = _search(30, start=100, within=10)
    assert search.low <= 30 < search.high <= 50
