"""Fact validation (Dutch messages per field) and derived facts."""

import datetime as dt

import pytest

from brug.rights.engine.derived import derive
from brug.rights.engine.facts import FactValidationError, validate_household
from brug.rights.engine.values import Interval

ON = dt.date(2025, 3, 1)


def _errors(data):
    with pytest.raises(FactValidationError) as err:
        validate_household(data, ON)
    return dict(err.value.errors)


def test_negative_income_is_refused():
    errors = _errors({"members": [{"role": "parent"}], "facts": {"yearly_income": -5}})
    assert errors == {"facts.yearly_income": "Jaarinkomen van het gezin kan niet negatief zijn."}


def test_child_born_after_the_evaluation_date_is_refused():
    errors = _errors(
        {"members": [{"role": "parent"}, {"role": "child", "birth_date": "2025-03-02"}]}
    )
    assert errors["members[1].birth_date"] == "De geboortedatum ligt na de datum van de berekening."


def test_forty_children_are_refused():
    kids = [{"role": "child", "birth_date": "2015-01-01"}] * 25
    errors = _errors({"members": [{"role": "parent"}] + kids})
    assert "25 kinderen in één gezin is niet mogelijk" in errors["members"]
    with pytest.raises(FactValidationError):
        validate_household(
            {
                "members": [{"role": "parent"}]
                + [{"role": "child", "birth_date": "2015-01-01"}] * 40
            },
            ON,
        )


def test_every_problem_is_listed_at_once():
    with pytest.raises(FactValidationError) as err:
        validate_household(
            {
                "members": [{"role": "grandparent"}],
                "facts": {"postcode": "12", "receives_leefloon": "ja", "favourite_colour": "blue"},
                "already_received": ["no_such_right"],
            },
            ON,
            known_rights={"leefloon"},
        )
    fields = [f for f, _ in err.value.errors]
    assert fields == [
        "members[0].role",
        "facts.postcode",
        "facts.receives_leefloon",
        "facts.favourite_colour",
        "already_received",
    ]


def test_expected_child_in_the_past_and_band_inconsistent_with_income():
    errors = _errors(
        {
            "members": [{"role": "parent"}, {"role": "expected_child", "due_date": "2024-01-01"}],
            "facts": {"yearly_income": 50000, "income_band": "lt_15k"},
        }
    )
    assert "members[1].due_date" in errors and "facts.income_band" in errors


def test_absent_or_none_is_unknown():
    h = validate_household(
        {"members": [{"role": "parent"}], "facts": {"receives_leefloon": None}}, ON
    )
    assert "receives_leefloon" not in h.facts


def test_derived_facts():
    h = validate_household(
        {
            "members": [
                {"role": "parent", "birth_date": "1990-01-01"},
                {"role": "child", "birth_date": "2023-06-01"},
                {"role": "child", "birth_date": "2020-06-01", "school_level": "kleuter"},
                {"role": "child", "birth_date": "2004-06-01"},  # 20, school unknown
                {"role": "expected_child", "due_date": "2025-05-01"},
            ],
            "facts": {"postcode": "2000", "income_band": "b15k_25k"},
        },
        ON,
    )
    facts, views, missing = derive(h, ON)
    assert facts["lives_in_flanders"] is True
    assert facts["household_size"] == 4
    assert facts["n_children"] == 3
    assert facts["n_expected_children"] == 1
    assert facts["n_children_under_3"] == 1
    assert facts["n_children_under_4"] == 1
    assert facts["n_children_ten_laste"] == Interval(2, 3)
    assert missing["n_children_ten_laste"] == ("member:3:school_level",)
    assert facts["yearly_income"] == Interval(15000, 24999.99)
    assert facts["single_parent"] is True
    assert facts["oecd_scale"] == 2.1  # 1 + 0.5 (the 20-year-old) + 0.3 + 0.3
    assert views[1].school_level == "none"  # under 2: not at school yet


def test_brussels_postcode_is_not_flanders():
    h = validate_household({"members": [{"role": "parent"}], "facts": {"postcode": 1050}}, ON)
    assert derive(h, ON)[0]["lives_in_flanders"] is False
