"""Elderly-care questions never reach a young family; they do when an older member lives there."""

from __future__ import annotations

import datetime as dt

from brug.rights.engine import default_catalogue, evaluate, validate_household

ON = dt.date(2026, 12, 4)
ELDERLY_OR_CARE = {
    "needs_daily_care",
    "care_points_12_or_more",
    "receives_igo",
    "igo_since",
    "receives_zorgbudget_ouderen",
    "zorgbudget_ouderen_since",
}
YOUNG = [
    {"role": "parent"},
    {"role": "parent", "birth_date": "1993-02-01"},
    {"role": "child", "birth_date": "2022-01-01"},
    {"role": "child", "birth_date": "2019-05-01"},
]


def _questions(members: list[dict], facts: dict | None = None) -> set[str]:
    cat = default_catalogue()
    h = validate_household(
        {"members": members, "facts": {"postcode": "9000", **(facts or {})}},
        ON,
        known_rights=cat.by_id,
    )
    return {q.key for q in evaluate(cat, h, ON).questions}


def test_a_young_family_is_not_asked_about_elderly_care():
    asked = _questions(YOUNG)
    assert not asked & ELDERLY_OR_CARE, asked & ELDERLY_OR_CARE
    # ... and the parent without a birth date is asked it only for the zorgpremie (25+), if at all
    assert "income_band" in asked  # the family is asked other things (income in bands first)


def test_a_grandparent_brings_the_elderly_questions():
    asked = _questions([*YOUNG, {"role": "other_adult", "birth_date": "1950-03-01"}])
    assert {"needs_daily_care", "receives_igo", "receives_zorgbudget_ouderen"} <= asked


def test_a_child_with_a_handicap_brings_the_care_questions_but_not_the_elderly_ones():
    members = [*YOUNG[:3], {"role": "child", "birth_date": "2015-01-01", "disability": True}]
    asked = _questions(members)
    assert {"needs_daily_care", "care_points_12_or_more"} <= asked
    assert not asked & {"receives_igo", "receives_zorgbudget_ouderen"}
