"""Every programme rule, at its boundaries (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from brug.trajectories import rules as r

DAY = date(2026, 6, 15)


def born(years=0, months=0, days=0):
    d = r.add_months(DAY, -(years * 12 + months))
    return date.fromordinal(d.toordinal() - days)


VONK = r.ProgrammeRules(name="VONK", youngest_max_age_months=36, requires_kansarm=True,
                        ends_at_youngest_age_months=36, review_every_months=3)
TOOM = r.ProgrammeRules(name="TOOM", youngest_max_age_months=48,
                        requires_income_below_poverty=True)
KWADRAAT = r.ProgrammeRules(name="Kwadraat", child_min_age_months=108, duration_months=6,
                            review_every_months=3, max_extensions=1, extension_months=6)
GO = r.ProgrammeRules(name="GO-team", referrer_kinds=frozenset({"police", "kind_en_gezin", "clb"}),
                      referrer_kind_labels="politie, Kind en Gezin, CLB")
MISSION = r.ProgrammeRules(name="MISSION", caseload_cap=16)
DOMO = r.ProgrammeRules(name="Domo", youngest_max_age_months=13 * 12)


def codes(problems):
    return [p.code for p in problems]


# Age of the youngest child
def test_vonk_accepts_a_child_one_day_under_three():
    facts = r.EntryFacts(child_birth_dates=(born(3, days=-1),), kansarm=True)
    assert r.check_entry(VONK, facts, DAY) == []


def test_vonk_refuses_when_the_youngest_turned_three_today():
    facts = r.EntryFacts(child_birth_dates=(born(3),), kansarm=True)
    problems = r.check_entry(VONK, facts, DAY)
    assert codes(problems) == ["youngest_age"]
    assert "jonger dan 3 jaar" in problems[0].message


def test_a_pregnancy_counts_as_a_young_child():
    facts = r.EntryFacts(child_birth_dates=(born(7),), expecting=True, kansarm=True)
    assert r.check_entry(VONK, facts, DAY) == []


def test_toom_accepts_under_four_and_domo_up_to_twelve():
    assert "youngest_age" not in codes(r.check_entry(
        TOOM, r.EntryFacts(child_birth_dates=(born(3, 11),)), DAY))
    assert "youngest_age" in codes(r.check_entry(
        TOOM, r.EntryFacts(child_birth_dates=(born(4),)), DAY))
    assert r.check_entry(DOMO, r.EntryFacts(child_birth_dates=(born(12, 11),)), DAY) == []
    assert codes(r.check_entry(DOMO, r.EntryFacts(child_birth_dates=(born(13),)), DAY)) == [
        "youngest_age"]


def test_kwadraat_is_from_age_nine():
    assert r.check_entry(KWADRAAT, r.EntryFacts(child_birth_dates=(born(9),)), DAY) == []
    problems = r.check_entry(KWADRAAT, r.EntryFacts(child_birth_dates=(born(8, 11),)), DAY)
    assert codes(problems) == ["child_min_age"] and "vanaf 9 jaar" in problems[0].message


# Kansarmoede and income
@pytest.mark.parametrize("kansarm,ok", [(True, True), (False, False), (None, False)])
def test_vonk_needs_three_or_more_weak_criteria(kansarm, ok):
    facts = r.EntryFacts(child_birth_dates=(born(1),), kansarm=kansarm)
    assert (r.check_entry(VONK, facts, DAY) == []) is ok


def test_vonk_says_when_no_screening_was_done():
    facts = r.EntryFacts(child_birth_dates=(born(1),))
    assert "nog geen volledige screening" in r.check_entry(VONK, facts, DAY)[0].message


@pytest.mark.parametrize("below,ok", [(True, True), (False, False), (None, False)])
def test_toom_needs_income_below_the_poverty_threshold(below, ok):
    facts = r.EntryFacts(child_birth_dates=(born(1),), income_below_poverty=below)
    assert (r.check_entry(TOOM, facts, DAY) == []) is ok


def test_poverty_threshold_follows_the_oecd_scale():
    # SILC 2024: 18 235 a year (1 519.58 a month) for one person; 2 adults + 2 children
    # under 14 = x 2.1 = 3 191 (the figure Statbel publishes); one figure shared with the
    # rights engine (armoede.grens_alleenstaande_jaar).
    assert r.poverty_threshold(1, 0, 0, DAY) == Decimal("1520")
    assert r.poverty_threshold(2, 0, 2, DAY) == Decimal("3191")
    assert r.poverty_threshold(1, 1, 1, DAY) == Decimal("2735")  # 1 + 0.5 + 0.3


def test_poverty_threshold_uses_the_value_of_the_year():
    assert r.poverty_threshold(1, 0, 0, date(2024, 6, 1)) == Decimal("1450")


# Who may refer
@pytest.mark.parametrize("kind,ok", [("police", True), ("kind_en_gezin", True), ("clb", True),
                                     ("ocmw", False), (None, False)])
def test_go_team_takes_referrals_only_from_police_kg_and_clb(kind, ok):
    problems = r.check_entry(GO, r.EntryFacts(referrer_kind=kind), DAY)
    assert (problems == []) is ok
    if not ok:
        assert "politie, Kind en Gezin, CLB" in problems[0].message


# Planned end, reviews, extensions
def test_vonk_ends_when_the_youngest_turns_three():
    child = date(2025, 2, 10)
    assert r.planned_end(VONK, DAY, (date(2020, 1, 1), child)) == date(2028, 2, 10)
    assert r.ends_by_age_limit(VONK, DAY, (child,))


def test_kwadraat_lasts_six_months_with_a_review_at_three():
    end = r.planned_end(KWADRAAT, DAY, ())
    assert end == date(2026, 12, 15)
    assert r.review_dates(KWADRAAT, DAY, end) == [date(2026, 9, 15)]


def test_kwadraat_extends_once_and_not_twice():
    assert r.check_extension(KWADRAAT, 0) is None
    problem = r.check_extension(KWADRAAT, 1)
    assert problem.code == "extension_limit" and "één keer" in problem.message


def test_a_programme_without_extensions_cannot_be_extended():
    assert r.check_extension(VONK, 0).code == "no_extension"


def test_case_conference_is_due_within_six_months():
    assert r.case_conference_due(VONK, date(2026, 8, 31)) == date(2027, 2, 28)


def test_add_months_keeps_the_end_of_month():
    assert r.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_age_in_months_counts_from_the_birthday():
    assert r.age_in_months(date(2023, 6, 15), DAY) == 36
    assert r.age_in_months(date(2023, 6, 16), DAY) == 35


# Caseload
@pytest.mark.parametrize("count,ok", [(0, True), (15, True), (16, False), (20, False)])
def test_mission_caps_the_caseload_at_sixteen(count, ok):
    assert (r.check_caseload(MISSION, count) is None) is ok


def test_no_cap_means_no_caseload_problem():
    assert r.check_caseload(VONK, 500) is None
