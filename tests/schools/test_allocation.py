"""The allocation rule, without Django: shares, weights, ties, forms and reasons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from brug.schools.allocation import (
    SchoolFigures,
    Weights,
    allocate,
    parse_school_year,
    previous_school_year,
    school_year_of,
)


def _school(key, name, pupils=100, ses="50", questions=0, wish="", wish_hours="0"):
    return SchoolFigures(key=key, name=name, pupils=pupils, ses_pct=D(ses), questions=questions,
                         wish_form=wish, wish_hours=D(wish_hours))


def _by_key(proposals):
    return {p.key: p for p in proposals}


def test_the_hours_follow_the_pupils_in_ses_when_only_ses_weighs():
    w = Weights(hours=D(10), ses=D(1), questions=D(0), wish=D(0))
    result = _by_key(allocate([_school(1, "A", 200, "60"), _school(2, "B", 200, "20")], w))
    # 120 and 40 pupils with an SES indicator: 3/4 and 1/4 of 10 hours.
    assert result[1].hours == D("7.5") and result[2].hours == D("2.5")


def test_the_total_is_always_shared_exactly_in_steps():
    w = Weights(hours=D(20))
    schools = [_school(i, f"S{i}", 100 + 37 * i, str(10 + 9 * i), questions=i * 5)
               for i in range(1, 7)]
    result = allocate(schools, w)
    assert sum(p.hours for p in result) == D(20)
    assert all((p.hours / w.step) == int(p.hours / w.step) for p in result)


def test_the_weights_change_the_result():
    schools = [_school(1, "A", 100, "80", questions=0), _school(2, "B", 100, "20", questions=30)]
    on_ses = _by_key(allocate(schools, Weights(hours=D(10), ses=D(1), questions=D(0),
                                               wish=D(0))))
    on_questions = _by_key(allocate(schools, Weights(hours=D(10), ses=D(0), questions=D(1),
                                                     wish=D(0))))
    assert on_ses[1].hours == D(8) and on_ses[2].hours == D(2)
    assert on_questions[1].hours == D(0) and on_questions[2].hours == D(10)


def test_a_tie_is_decided_by_name_whatever_the_input_order():
    w = Weights(hours=D("1.5"), ses=D(1), questions=D(0), wish=D(0))
    same = dict(pupils=100, ses="40")
    schools = [_school(3, "Zonnebloem", **same), _school(1, "Akker", **same),
               _school(2, "Molen", **same)]
    first = _by_key(allocate(schools, w))
    second = _by_key(allocate(list(reversed(schools)), w))
    assert first == second
    # Three equal schools, three half hours: one each; with one hour: Akker and Molen.
    w2 = Weights(hours=D(1), ses=D(1), questions=D(0), wish=D(0))
    result = _by_key(allocate(schools, w2))
    assert [result[k].hours for k in (1, 2, 3)] == [D("0.5"), D("0.5"), D(0)]
    assert ("tie", {"got": False, "step": "0.5"}) in result[3].reasons
    assert ("tie", {"got": True, "step": "0.5"}) in result[1].reasons


def test_the_form_follows_the_hours_and_the_wish():
    w = Weights(hours=D(6), ses=D(1), questions=D(0), wish=D(0), zitdag_min_hours=D(2))
    result = _by_key(allocate([
        _school(1, "A", 400, "50", wish="zitdag"),   # 4 h: zitdag
        _school(2, "B", 100, "50", wish="zitdag"),   # 1 h: too few for a zitdag
        _school(3, "C", 100, "50", wish="spoc"),     # 1 h, asks a SPOC
        _school(4, "D", 0, "50"),                    # 0 h: SPOC
    ], w))
    assert result[1].form == "zitdag"
    assert result[2].form == "consult"
    assert ("too_few_for_zitdag", {"hours": "1", "min": "2"}) in result[2].reasons
    assert result[3].form == "spoc"
    assert result[4].hours == 0 and result[4].form == "spoc"
    assert ("no_hours", {}) in result[4].reasons


def test_the_reasons_name_ses_questions_and_wish():
    w = Weights(hours=D(10))
    (p,) = allocate([_school(1, "A", 300, "62", questions=41, wish="zitdag",
                             wish_hours="4")], w)
    assert p.reasons[:3] == (
        ("ses", {"pct": "62", "level": "high", "pupils": 300}),
        ("questions", {"n": 41}),
        ("wish", {"form": "zitdag", "hours": "4"}),
    )
    assert ("share", {"hours": "10", "total": "10", "pct": "100"}) in p.reasons


@pytest.mark.parametrize("pct,level", [("24.9", "low"), ("25", "middle"), ("49.9", "middle"),
                                       ("50", "high")])
def test_ses_levels_at_their_boundaries(pct, level):
    (p,) = allocate([_school(1, "A", ses=pct)], Weights(hours=D(1)))
    assert p.reasons[0][1]["level"] == level


def test_no_figures_at_all_gives_nobody_hours():
    result = allocate([_school(1, "A", 0, "0"), _school(2, "B", 0, "0")], Weights(hours=D(4)))
    assert [p.hours for p in result] == [0, 0]


@pytest.mark.parametrize("bad", [dict(pupils=-1), dict(ses="101"), dict(questions=-2),
                                 dict(wish="dagelijks")])
def test_impossible_figures_are_refused(bad):
    with pytest.raises(ValueError):
        allocate([_school(1, "A", **bad)], Weights(hours=D(4)))


def test_impossible_weights_are_refused():
    with pytest.raises(ValueError):
        Weights(hours=D(-1))
    with pytest.raises(ValueError):
        Weights(hours=D(1), low_ses_pct=D(60), high_ses_pct=D(50))


def test_school_years():
    assert school_year_of(date(2025, 9, 1)) == "2025-2026"
    assert school_year_of(date(2026, 8, 31)) == "2025-2026"
    assert parse_school_year("2025-2026") == (date(2025, 9, 1), date(2026, 8, 31))
    assert previous_school_year("2025-2026") == "2024-2025"
    for bad in ("2025-2027", "2025", "abcd-efgh", "", "25-26"):
        with pytest.raises(ValueError):
            parse_school_year(bad)
