"""Three-valued logic and interval numbers."""

import pytest

from brug.rights.engine.values import (
    Interval,
    add,
    compare,
    div,
    hull,
    kleene_all,
    kleene_any,
    kleene_not,
    mul,
    sub,
)

T, F, U = True, False, None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([T, T], T),
        ([T, F], F),
        ([F, U], F),
        ([U, F], F),
        ([T, U], U),
        ([U, U], U),
        ([], T),
    ],
)
def test_all_is_false_if_any_false_unknown_if_any_unknown(values, expected):
    assert kleene_all(values) is expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([F, F], F),
        ([T, F], T),
        ([T, U], T),
        ([U, T], T),
        ([F, U], U),
        ([U, U], U),
        ([], F),
    ],
)
def test_any_is_true_if_any_true_unknown_if_any_unknown(values, expected):
    assert kleene_any(values) is expected


def test_not_keeps_unknown():
    assert kleene_not(T) is F and kleene_not(F) is T and kleene_not(U) is U


def test_interval_collapses_to_a_number_when_exact():
    assert Interval(3, 3) == 3 and type(Interval(3, 3)) is int
    assert Interval(5, 2) == Interval(2, 5)


def test_arithmetic_propagates_ranges_and_unknowns():
    assert add(Interval(1, 2), 10) == Interval(11, 12)
    assert mul(Interval(1, 2), Interval(-1, 3)) == Interval(-2, 6)
    assert sub(10, Interval(1, 2)) == Interval(8, 9)
    assert add(None, 1) is None
    assert div(1, Interval(-1, 1)) is None


@pytest.mark.parametrize(
    ("op", "a", "b", "expected"),
    [
        ("lte", Interval(0, 100), 100, T),
        ("lte", Interval(0, 100), 99, U),
        ("lte", Interval(50, 100), 49, F),
        ("lt", Interval(0, 10), 10, U),
        ("gte", Interval(3, 5), 3, T),
        ("gt", Interval(3, 5), 5, F),
        ("eq", Interval(3, 5), 7, F),
        ("eq", Interval(3, 5), 4, U),
        ("ne", Interval(3, 5), 7, T),
        ("lte", None, 5, U),
        ("eq", "a", "a", T),
    ],
)
def test_comparisons_with_ranges(op, a, b, expected):
    assert compare(op, a, b) is expected


def test_rounding_noise_does_not_flip_a_threshold():
    assert compare("lt", 15770.40, 12 * 1314.20) is F
    assert compare("lte", 15770.40, 12 * 1314.20) is T


def test_hull():
    assert hull([1, Interval(3, 4)]) == Interval(1, 4)
    assert hull([1, None]) is None
