"""The kansarmoede-index core at every boundary (no database)."""

import pytest

from brug.screening import kansarmoede as k
from brug.screening.kansarmoede import KANSARM, NOT_KANSARM, NOT_WEAK, UNDETERMINED, UNKNOWN, WEAK

KEYS = [c.key for c in k.CRITERIA]


def answers(weak=0, unknown=0):
    values = [WEAK] * weak + [UNKNOWN] * unknown
    values += [NOT_WEAK] * (6 - len(values))
    return dict(zip(KEYS, values, strict=True))


def test_there_are_six_criteria_with_definitions():
    assert KEYS == ["income", "education", "work", "stimulation", "housing", "health"]
    assert all(str(c.definition) for c in k.CRITERIA)


@pytest.mark.parametrize("weak,outcome", [(0, NOT_KANSARM), (2, NOT_KANSARM), (3, KANSARM),
                                          (4, KANSARM), (6, KANSARM)])
def test_it_is_kansarm_from_three_weak_criteria(weak, outcome):
    assert k.evaluate(answers(weak)).outcome == outcome


def test_two_weak_and_one_unknown_is_undetermined():
    result = k.evaluate(answers(weak=2, unknown=1))
    assert result.outcome == UNDETERMINED and result.is_kansarm is None


def test_one_weak_and_one_unknown_cannot_reach_three():
    assert k.evaluate(answers(weak=1, unknown=1)).outcome == NOT_KANSARM


def test_three_weak_is_kansarm_whatever_is_unknown():
    result = k.evaluate(answers(weak=3, unknown=3))
    assert result.is_kansarm is True and result.unknown == 3


def test_missing_criteria_count_as_unknown():
    result = k.evaluate({})
    assert result.unknown == 6 and result.outcome == UNDETERMINED


def test_all_unknown_below_threshold_count_is_not_kansarm_only_when_threshold_unreachable():
    assert k.evaluate({"income": WEAK}, threshold=1).outcome == KANSARM


def test_threshold_is_configurable():
    assert k.evaluate(answers(weak=3), threshold=4).outcome == NOT_KANSARM
    assert k.evaluate(answers(weak=4), threshold=4).outcome == KANSARM


def test_criteria_are_configurable():
    two = [k.Criterion("a", "A", "def a"), k.Criterion("b", "B", "def b")]
    assert k.evaluate({"a": WEAK, "b": WEAK}, criteria=two, threshold=2).outcome == KANSARM


@pytest.mark.parametrize("bad", [{"salary": WEAK}, {"income": "maybe"}])
def test_it_refuses_unknown_criteria_and_answers(bad):
    with pytest.raises(ValueError):
        k.evaluate(bad)


@pytest.mark.parametrize("threshold", [0, 7])
def test_it_refuses_an_impossible_threshold(threshold):
    with pytest.raises(ValueError):
        k.evaluate({}, threshold=threshold)


def test_the_explanation_is_plain_dutch():
    assert k.evaluate(answers(weak=2, unknown=1)).explanation == \
        "Zwak op 2 van de 6 domeinen, 1 nog onbekend."
