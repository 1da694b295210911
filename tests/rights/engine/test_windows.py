"""Application windows: parsing with file and line, the dates, and what evaluate says."""

from __future__ import annotations

import datetime as dt

import pytest

from brug.rights.engine import (
    CatalogueError,
    default_catalogue,
    evaluate,
    load_catalogue,
    validate_household,
)
from brug.rights.engine.windows import Window, add_months, window_state

from .test_catalogue import RIGHT, _write


def _with_window(window: str) -> str:
    return RIGHT.replace("conditions:\n", f"window: {window}\nconditions:\n", 1)


def _household(members, facts=None, on=dt.date(2025, 3, 1)):
    return validate_household({"members": members, "facts": facts or {}}, on)


def test_a_window_in_yaml_is_loaded(tmp_path):
    catalogue = load_catalogue(_write(tmp_path, _with_window("{after: birth, months: 18}")))
    assert catalogue.right("demo_recht").window == Window("birth", months=18)


@pytest.mark.parametrize(
    ("window", "message"),
    [
        ("{after: birth}", "precies een van years, months of days"),
        ("{after: birth, years: 1, days: 3}", "precies een van years, months of days"),
        ("{after: birth, years: 0}", "positief geheel getal"),
        ("{after: birth, days: 2.5}", "positief geheel getal"),
        ("{after: yearly_income, days: 60}", "'birth' of een datumgegeven"),
        ("{after: lives_in_flanders, days: 60}", "'birth' of een datumgegeven"),
        ("{after: birth, years: 5, until: 3}", "onbekend veld 'until'"),
        ("5 jaar", "'window' is een mapping"),
    ],
)
def test_a_wrong_window_fails_with_file_and_line(tmp_path, window, message):
    with pytest.raises(CatalogueError) as err:
        load_catalogue(_write(tmp_path, _with_window(window)))
    assert message in err.value.message
    assert err.value.line is not None and err.value.path.endswith("demo.yaml")


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2020, 2, 29), 60) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 11, 15), 3) == dt.date(2025, 2, 15)


def test_the_last_day_is_the_day_before_the_span_has_passed():
    assert Window("birth", years=5).last_day(dt.date(2020, 3, 1)) == dt.date(2025, 2, 28)
    assert Window("birth", months=1).last_day(dt.date(2025, 1, 31)) == dt.date(2025, 2, 27)
    assert Window("fuel_delivered_on", days=60).last_day(dt.date(2025, 1, 1)) == dt.date(
        2025, 3, 2
    )


def test_a_birth_window_is_open_for_the_child_whose_window_closes_first():
    on = dt.date(2025, 3, 1)
    household = _household(
        [
            {"role": "parent"},
            {"role": "child", "birth_date": "2024-01-10"},
            {"role": "child", "birth_date": "2020-06-01"},
            {"role": "child", "birth_date": "2015-06-01"},
        ]
    )
    state = window_state(Window("birth", years=5), household, household.facts, on)
    assert (state.state, state.closes_on, state.closed_on) == ("open", dt.date(2025, 5, 31), None)
    assert state.text == "Nog aan te vragen tot en met 31-05-2025."


def test_a_closed_window_says_since_when():
    on = dt.date(2025, 3, 1)
    household = _household([{"role": "parent"}, {"role": "child", "birth_date": "2019-02-14"}])
    state = window_state(Window("birth", years=5), household, household.facts, on)
    assert state.is_closed and state.closed_on == dt.date(2024, 2, 13)
    assert state.text == "De termijn om dit aan te vragen liep af op 13-02-2024."


def test_a_date_fact_window_is_unknown_until_the_date_is_known():
    household = _household([{"role": "parent"}])
    window = Window("fuel_delivered_on", days=60)
    state = window_state(window, household, household.facts, dt.date(2025, 3, 1))
    assert state.state == "unknown" and state.text == ""
    known = _household([{"role": "parent"}], {"fuel_delivered_on": "2025-02-01"})
    state = window_state(window, known, known.facts, dt.date(2025, 3, 1))
    assert state.is_open and state.closes_on == dt.date(2025, 4, 2)


def test_the_window_does_not_change_the_status_and_is_asked_only_when_likely():
    catalogue = default_catalogue()
    on = dt.date(2025, 3, 1)
    members = [{"role": "parent"}, {"role": "child", "birth_date": "2015-01-01"}]
    late = _household(
        members,
        {"heats_with_fuel_oil": True, "in_debt_mediation": True, "fuel_delivered_on": "2024-10-01"},
    )
    result = evaluate(catalogue, late, on, right_ids=("stookoliefonds",)).result("stookoliefonds")
    # A closed window is said, but the next delivery opens a new one: still entitled.
    assert result.status.value == "likely_entitled" and result.window.is_closed
    assert "fuel_delivered_on" not in result.missing_facts
    unknown = _household(members, {"heats_with_fuel_oil": True, "in_debt_mediation": True})
    evaluation = evaluate(catalogue, unknown, on, right_ids=("stookoliefonds",))
    assert [q.key for q in evaluation.questions] == ["fuel_delivered_on"]
    assert evaluation.questions[0].type == "date"


def test_rights_without_a_window_have_none():
    catalogue = default_catalogue()
    household = _household([{"role": "parent"}, {"role": "child", "birth_date": "2024-01-10"}])
    evaluation = evaluate(catalogue, household, dt.date(2025, 3, 1))
    with_window = {r.right.id for r in evaluation.results if r.window is not None}
    assert with_window == {"groeipakket_startbedrag", "stookoliefonds"}
