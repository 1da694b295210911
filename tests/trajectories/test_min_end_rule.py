"""The minimum end of a programme ("until at least 6 months after the birth"), at its
boundaries (no database): it is a floor, distinct from the age limit, which is a maximum."""

from datetime import date

import pytest

from brug.trajectories import rules as r

COACH = r.ProgrammeRules(name="Perinatale coach", runs_until_youngest_age_months=6)
COACH_TEN_MONTHS = r.ProgrammeRules(name="Coach", duration_months=3,
                                    runs_until_youngest_age_months=6)
VONK = r.ProgrammeRules(name="VONK", ends_at_youngest_age_months=36)


def test_before_the_birth_the_due_date_sets_a_provisional_floor():
    assert r.planned_end(COACH, date(2026, 3, 1), (), (date(2026, 6, 10),)) == date(2026, 12, 10)


def test_after_the_birth_the_floor_is_six_months_after_the_birth_not_the_due_date():
    # Born a week early: the end is 6 months after the birth, not after the due date.
    assert r.planned_end(COACH, date(2026, 3, 1), (date(2026, 6, 3),), ()) == date(2026, 12, 3)


def test_the_floor_wins_over_a_shorter_duration():
    # Duration alone would end on 1 June; the family keeps its coach until the baby is 6 months.
    assert r.planned_end(COACH_TEN_MONTHS, date(2026, 3, 1), (date(2026, 5, 20),)) \
        == date(2026, 11, 20)


def test_a_longer_duration_is_kept_when_it_ends_after_the_floor():
    long = r.ProgrammeRules(name="Coach", duration_months=12, runs_until_youngest_age_months=6)
    assert r.planned_end(long, date(2026, 3, 1), (date(2026, 4, 1),)) == date(2027, 3, 1)


def test_the_age_limit_stays_a_maximum_the_earliest_date():
    assert r.planned_end(VONK, date(2026, 1, 1), (date(2025, 1, 31),)) == date(2028, 1, 31)
    capped = r.ProgrammeRules(name="V", duration_months=48, ends_at_youngest_age_months=36)
    assert r.planned_end(capped, date(2026, 1, 1), (date(2025, 1, 31),)) == date(2028, 1, 31)


@pytest.mark.parametrize("birth,end", [
    (date(2025, 8, 31), date(2026, 2, 28)),   # born on the 31st: the end of February
    (date(2023, 8, 31), date(2024, 2, 29)),   # ... in a leap year, the 29th
    (date(2024, 2, 29), date(2024, 8, 29)),   # born on a leap day
    (date(2025, 12, 31), date(2026, 6, 30)),  # over the turn of the year, into a 30-day month
    (date(2026, 1, 1), date(2026, 7, 1)),
])
def test_the_floor_is_the_day_the_child_turns_six_months(birth, end):
    assert r.planned_end(COACH, date(2023, 1, 1), (birth,)) == end
    # On that day the child is six months old, and not the day before.
    assert r.age_in_months(birth, end) == 6
    assert r.age_in_months(birth, date.fromordinal(end.toordinal() - 1)) == 5


def test_a_leap_day_child_turns_twelve_months_on_the_28th():
    year = r.ProgrammeRules(name="Coach", runs_until_youngest_age_months=12)
    assert r.planned_end(year, date(2024, 1, 1), (date(2024, 2, 29),)) == date(2025, 2, 28)


def test_the_youngest_child_counts_and_an_older_sibling_does_not_shorten_it():
    sibling, baby = date(2022, 4, 4), date(2026, 5, 5)
    assert r.planned_end(COACH, date(2026, 1, 1), (sibling, baby)) == date(2026, 11, 5)
    # Before the baby is born: the sibling's six months are long past, the due date counts.
    assert r.planned_end(COACH, date(2026, 1, 1), (sibling,), (date(2026, 5, 5),)) \
        == date(2026, 11, 5)


def test_without_a_birth_or_due_date_there_is_no_floor():
    assert r.planned_end(COACH, date(2026, 1, 1), (), ()) is None
    assert r.birth_floor(COACH) is None


def test_a_floor_before_the_start_is_no_end():
    # A family with only a child older than 6 months: the floor lies in the past.
    assert r.planned_end(COACH, date(2026, 1, 1), (date(2024, 1, 1),)) is None


def test_a_minimum_later_than_the_age_limit_is_refused():
    both = r.ProgrammeRules(name="X", runs_until_youngest_age_months=40,
                            ends_at_youngest_age_months=36)
    assert [p.code for p in r.check_programme(both)] == ["min_after_max"]
    assert r.check_programme(r.ProgrammeRules(name="Y", runs_until_youngest_age_months=6,
                                              ends_at_youngest_age_months=36)) == []
