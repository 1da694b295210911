"""Condition operators compiled from data; Kleene short-circuit; which facts are asked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brug.rights.engine.conditions import Compiler, Context, Refs
from brug.rights.engine.derived import derive
from brug.rights.engine.facts import validate_household
from brug.rights.engine.yamlload import CatalogueError, load_yaml_text

ON = dt.date(2025, 3, 1)


def _run(condition_yaml: str, facts: dict, members: list | None = None, params: dict | None = None):
    node = load_yaml_text(condition_yaml)
    compiler = Compiler(Path("t.yaml"), {"p.limit": False})
    fn = compiler.condition(node, Refs())
    h = validate_household({"members": members or [{"role": "parent"}], "facts": facts}, ON)
    f, views, missing = derive(h, ON)
    ctx = Context(f, views, missing, params or {"p.limit": 100}, ON)
    sink: list[str] = []
    value = fn(ctx, sink)
    assert fn(ctx, None) is value  # fast path agrees with the explaining path
    return value, sink


def test_comparison_with_a_parameter():
    assert (
        _run("{lte: [{fact: yearly_income}, {param: p.limit}]}", {"yearly_income": 100})[0] is True
    )
    assert (
        _run("{lte: [{fact: yearly_income}, {param: p.limit}]}", {"yearly_income": 101})[0] is False
    )
    assert _run("{lte: [{fact: yearly_income}, {param: p.limit}]}", {}) == (None, ["yearly_income"])


def test_all_is_false_as_soon_as_one_part_is_false_and_asks_nothing():
    value, sink = _run(
        "{all: [{is_true: receives_leefloon}, {is_true: heats_with_fuel_oil}]}",
        {"heats_with_fuel_oil": False},
    )
    assert value is False and sink == []


def test_any_is_true_as_soon_as_one_part_is_true():
    value, sink = _run(
        "{any: [{is_true: receives_leefloon}, {is_true: heats_with_fuel_oil}]}",
        {"heats_with_fuel_oil": True},
    )
    assert value is True and sink == []


def test_only_facts_that_can_still_change_the_result_are_asked():
    # all(unknown A, any(true, unknown B)): B cannot matter any more, A can.
    value, sink = _run(
        "{all: [{is_true: receives_leefloon},"
        " {any: [{is_true: receives_igo}, {is_true: in_debt_mediation}]}]}",
        {"receives_igo": True},
    )
    assert value is None and sink == ["receives_leefloon"]


def test_not_and_in():
    assert _run("{not: {is_true: receives_leefloon}}", {"receives_leefloon": False})[0] is True
    assert _run("{in: [{fact: housing}, [owner, social_rent]]}", {"housing": "owner"})[0] is True
    assert _run("{in: [{fact: housing}, [owner, social_rent]]}", {}) == (None, ["housing"])


def test_count_members_with_age_and_school_filters():
    members = [
        {"role": "parent"},
        {"role": "child", "birth_date": "2021-01-01", "school_level": "kleuter"},
        {"role": "child", "birth_date": "2018-01-01"},
    ]
    assert _run("{gte: [{count_members: {role: child, age_under: 5}}, 1]}", {}, members)[0] is True
    assert _run("{any_member: {role: child, school_level: kleuter}}", {}, members)[0] is True
    value, sink = _run(
        "{gte: [{count_members: {role: child, school_level: lager}}, 1]}", {}, members
    )
    assert value is None and sink == ["member:2:school_level"]


def test_if_with_unknown_condition_takes_both_branches():
    cond = (
        "{lte: [{fact: yearly_income},"
        " {if: {when: {is_true: single_parent}, then: 200, else: 100}}]}"
    )
    assert _run(cond, {"yearly_income": 50}, [{"role": "parent"}, {"role": "parent"}])[0] is True
    assert _run(cond, {"yearly_income": 150}, [{"role": "parent"}, {"role": "parent"}])[0] is False
    value, sink = _run(cond, {"yearly_income": 150}, [{"role": "parent"}, {"role": "other_adult"}])
    assert value is None and sink == ["single_parent"]


def test_lookup_in_a_table():
    node = load_yaml_text(
        "{lte: [{fact: yearly_income}, {lookup: {param: p.table, key: {fact: n_children}}}]}"
    )
    fn = Compiler(Path("t.yaml"), {"p.table": True}).condition(node, Refs())
    h = validate_household(
        {
            "members": [{"role": "parent"}, {"role": "child", "birth_date": "2020-01-01"}],
            "facts": {"yearly_income": 150},
        },
        ON,
    )
    f, views, missing = derive(h, ON)
    assert fn(Context(f, views, missing, {"p.table": {0: 100, 1: 200}}, ON), None) is True
    assert fn(Context(f, views, missing, {"p.table": {0: 100, 1: 120}}, ON), None) is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{bogus: 1}", "onbekende operator 'bogus'"),
        ("{fact: yearly_income}", "geeft een getal, geen voorwaarde"),
        ("{lte: [1]}", "verwacht een lijst van 2 elementen"),
        ("{is_true: yearly_income}", "geen ja/nee-gegeven"),
        ("{any_member: {colour: blue}}", "onbekende filter 'colour'"),
        ("{any_member: {role: cousin}}", "onbekende rol"),
        ("{lte: [{param: p.nope}, 1]}", "onbekende parameter 'p.nope'"),
        ("{lte: [1, 2], gte: [1, 2]}", "precies één operator"),
    ],
)
def test_invalid_conditions_are_refused(text, message):
    with pytest.raises(CatalogueError) as err:
        Compiler(Path("t.yaml"), {"p.limit": False}).condition(load_yaml_text(text), Refs())
    assert message in err.value.message
    assert err.value.line == 1


def test_known_true_is_false_while_unknown_and_asks_nothing():
    assert _run("{known_true: receives_igo}", {}) == (False, [])
    assert _run("{known_true: receives_igo}", {"receives_igo": False}) == (False, [])
    assert _run("{known_true: receives_igo}", {"receives_igo": True}) == (True, [])


def test_a_gated_ground_asks_only_behind_its_gate():
    gated = (
        "{any: [{all: [{any_member: {role: other_adult, age_from: 65}},"
        " {is_true: receives_igo}]}, {known_true: receives_igo}]}"
    )
    young = [{"role": "parent", "birth_date": "1990-01-01"}]
    older = young + [{"role": "other_adult", "birth_date": "1950-01-01"}]
    assert _run(gated, {}, young) == (False, [])
    assert _run(gated, {}, older) == (None, ["receives_igo"])
    assert _run(gated, {"receives_igo": True}, young) == (True, [])


def test_age_known_treats_a_missing_birth_date_as_no_match():
    members = [{"role": "parent"}]
    assert _run("{any_member: {role: parent, age_from: 65}}", {}, members) == (
        None,
        ["member:0:birth_date"],
    )
    assert _run("{any_member: {role: parent, age_from: 65, age_known: true}}", {}, members) == (
        False,
        [],
    )
    old = [{"role": "parent", "birth_date": "1950-01-01"}]
    assert _run("{any_member: {role: parent, age_from: 65, age_known: true}}", {}, old)[0] is True
