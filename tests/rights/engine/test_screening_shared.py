"""Screening shortcuts (shared conditions, per-household and per-date memo) change no outcome.

Every household of the YAML cases, at its own date, and generated households at several dates
are screened with the shortcuts, without them (``shared=False``) and through the per-family
``evaluate()`` (the explained path, which never uses a memo): the statuses must be identical.
With the shortcuts, the plan runs as one generated function (``plancode``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml

from brug.rights.engine import (
    default_catalogue,
    evaluate,
    load_catalogue,
    screen,
    screen_household,
    validate_household,
)
from brug.rights.engine.conditions import Compiler, Interner, Refs
from brug.rights.engine.model import Catalogue

CASES_DIR = Path(__file__).parent / "cases"


def _case_households() -> list[tuple[str, object, dt.date]]:
    catalogue = default_catalogue()
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            on = case["date"]
            household = validate_household(case["facts"], on, known_rights=catalogue.by_id)
            out.append((f"{path.stem}: {case['name']}", household, on))
    return out


def _statuses(catalogue, household, on):
    full = evaluate(catalogue, household, on, hide_other_municipalities=False)
    return tuple(r.status for r in full.results)


def _copies(catalogue: Catalogue, n: int) -> Catalogue:
    """The bench's ``--scale``: every right again under another id (same conditions)."""
    rights = tuple(
        dataclasses.replace(r, id=f"{r.id}__{k}") if k else r
        for k in range(n)
        for r in catalogue.rights
    )
    return Catalogue(rights=rights, parameters=catalogue.parameters)


def test_case_households_same_statuses_with_and_without_sharing():
    catalogue = default_catalogue()
    households = _case_households()
    assert len(households) > 150
    for name, household, on in households:
        expected = _statuses(catalogue, household, on)
        assert screen_household(catalogue, household, on, shared=False) == expected, name
        assert screen_household(catalogue, household, on) == expected, name
        # One date memo for many households of the same date, as screen() keeps it.
        assert [r.statuses for r in screen(catalogue, [(name, household)], on)] == [expected]


@pytest.mark.parametrize("on", [dt.date(2023, 3, 1), dt.date(2025, 3, 1), dt.date(2026, 12, 4)])
def test_generated_households_same_statuses_at_several_dates(on):
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    from bench_rights_engine import generate_households

    catalogue = default_catalogue()
    households = [(hid, h) for hid, h in generate_households(300, seed=11) if _valid_on(h, on)]
    shared = [r.statuses for r in screen(catalogue, households, on)]
    plain = [screen_household(catalogue, h, on, shared=False) for _, h in households]
    assert shared == plain
    for (hid, h), statuses in list(zip(households, shared, strict=True))[:120]:
        assert statuses == _statuses(catalogue, h, on), hid


def _valid_on(household, on) -> bool:
    # Generated for 2025-03-01: keep the households that make sense on the other date.
    return all(
        (m.birth_date is None or m.birth_date <= on) and (m.due_date is None or m.due_date >= on)
        for m in household.members
    )


def test_a_larger_catalogue_screens_the_same_per_copy():
    """Copies (the bench's --scale) and separately loaded copies (nothing shared) agree."""
    base = default_catalogue()
    copies = _copies(base, 3)
    isolated = Catalogue(
        rights=base.rights
        + tuple(dataclasses.replace(r, id=f"{r.id}__1") for r in load_catalogue().rights),
        parameters=base.parameters,
    )
    n = len(base.rights)
    for name, household, on in _case_households()[::3]:
        one = screen_household(base, household, on)
        received = household.already_received
        three = screen_household(copies, household, on)
        two = screen_household(isolated, household, on)
        assert three[:n] == one and two[:n] == one, name
        # Copies have other ids, so "already received" (by id) only holds for the originals.
        if not received:
            assert three == one * 3 and two == one * 2, name


def test_equal_conditions_share_one_closure_and_a_memo_slot():
    catalogue = default_catalogue()

    def leaves(conditions):
        for c in conditions:
            yield c
            yield from leaves(c.children)

    by_fn: dict[int, set[str]] = {}
    for right in catalogue.rights:
        for c in leaves(right.conditions):
            by_fn.setdefault(id(c.fn), set()).add(right.id)
    # The leefloon ground of the verhoogde tegemoetkoming and of the social energy tariff.
    vt = next(
        c
        for c in leaves(catalogue.right("verhoogde_tegemoetkoming").conditions)
        if c.id == "leefloon"
    )
    energy = next(
        c
        for c in leaves(catalogue.right("sociaal_tarief_energie").conditions)
        if c.id == "leefloon"
    )
    assert vt.fn is energy.fn
    assert any(len(rights) > 1 for rights in by_fn.values())


def test_interner_shares_by_structure_not_by_name():
    interner = Interner()
    compiler = Compiler(Path("t.yaml"), {"p.limit": False}, interner)
    node = {
        "all": [
            {"is_true": "receives_leefloon"},
            {"lte": [{"fact": "yearly_income"}, {"param": "p.limit"}]},
        ]
    }
    same = {
        "all": [
            {"is_true": "receives_leefloon"},
            {"lte": [{"fact": "yearly_income"}, {"param": "p.limit"}]},
        ]
    }
    other = {
        "all": [
            {"is_true": "receives_leefloon"},
            {"lt": [{"fact": "yearly_income"}, {"param": "p.limit"}]},
        ]
    }
    refs_a, refs_b = Refs(), Refs()
    a = compiler.condition(node, refs_a)
    b = Compiler(Path("u.yaml"), {"p.limit": False}, interner).condition(same, refs_b)
    c = compiler.condition(other, Refs())
    assert a is b and a is not c
    assert refs_b.facts == {"receives_leefloon", "yearly_income"}
    assert refs_b.params == {"p.limit"}
    assert interner.finish() >= 1  # the shared "all" gets a memo slot
    # 1 and 1.0 and True are different structures.
    one = compiler.condition({"eq": [{"fact": "n_children"}, 1]}, Refs())
    true = compiler.condition({"eq": [{"fact": "n_children"}, True]}, Refs())
    assert one is not true


def _unplanned(catalogue, household, on, params):
    """Statuses from the rights' own compiled conditions, without the screening plan (no
    per-date rebuilding, no flattening, no memo): the reference for the plan."""
    from brug.rights.engine.conditions import Context
    from brug.rights.engine.derived import derive
    from brug.rights.engine.evaluate import Status

    facts, views, missing = derive(household, on)
    ctx = Context(facts, views, missing, params, on)
    out = []
    for right in catalogue.rights:
        if right.id in household.already_received or (
            right.received_if is not None and facts.get(right.received_if) is True
        ):
            out.append(Status.RECEIVED)
            continue
        values = [c.fn(ctx, None) for c in right.conditions]
        out.append(
            Status.NOT
            if False in values
            else Status.POSSIBLY
            if None in values
            else Status.LIKELY
        )
    return tuple(out)


def _changed_params(params: dict) -> dict:
    """Other limits: every number halved, every third one unknown (None)."""
    out = {}
    for i, (pid, v) in enumerate(sorted(params.items())):
        if type(v) in (int, float):
            v = None if i % 3 == 0 else v / 2
        out[pid] = v
    return out


@pytest.mark.parametrize("on", [dt.date(2023, 3, 1), dt.date(2025, 3, 1), dt.date(2026, 12, 4)])
def test_the_plan_per_date_and_parameters_gives_the_conditions_own_outcomes(on):
    """The plan rebuilds the conditions for a date and its parameters (rules not in force left
    out, parameters folded into the limits, groups spliced); with the catalogue's parameters and
    with other ones (halved, unknown) it must give what the conditions themselves give."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    from bench_rights_engine import generate_households

    catalogue = _copies(default_catalogue(), 2)
    households = [(hid, h) for hid, h in generate_households(250, seed=5) if _valid_on(h, on)]
    households += [(name, h) for name, h, d in _case_households() if _valid_on(h, on)][::2]
    params = catalogue.params_at(on)
    other = _changed_params(params)
    for hid, h in households:
        expected = _unplanned(catalogue, h, on, params)
        assert screen_household(catalogue, h, on) == expected, hid
        assert screen_household(catalogue, h, on, shared=False) == expected, hid
        changed = _unplanned(catalogue, h, on, other)
        assert screen_household(catalogue, h, on, other) == changed, hid
        assert screen_household(catalogue, h, on, other, date_memo={}) == changed, hid


@pytest.mark.parametrize("on", [dt.date(2023, 3, 1), dt.date(2025, 3, 1)])
def test_the_plan_function_of_separately_loaded_copies_gives_the_conditions_own_outcomes(on):
    """The plan as one generated function (plancode): a catalogue whose copies share no closure
    (the bench's --isolated), generated and case households, the catalogue's parameters and
    other ones: the statuses of the rights' own compiled conditions, and of evaluate()."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    from bench_rights_engine import generate_households

    base = default_catalogue()
    catalogue = Catalogue(
        rights=base.rights
        + tuple(dataclasses.replace(r, id=f"{r.id}__1") for r in load_catalogue().rights),
        parameters=base.parameters,
    )
    households = [(hid, h) for hid, h in generate_households(200, seed=23) if _valid_on(h, on)]
    households += [(name, h) for name, h, d in _case_households() if _valid_on(h, on)][1::3]
    params = catalogue.params_at(on)
    other = _changed_params(params)
    n = len(base.rights)
    for i, (hid, h) in enumerate(households):
        got = screen_household(catalogue, h, on)
        assert got == _unplanned(catalogue, h, on, params), hid
        assert screen_household(catalogue, h, on, other) == _unplanned(catalogue, h, on, other), hid
        if i % 4 == 0:
            assert got[:n] == _statuses(base, h, on), hid


def test_the_plan_function_takes_catalogue_values_as_data_not_code():
    """Texts from YAML (an enum value with quotes, a newline and Python in it) are constants of
    the generated function, compared as data; nothing is parsed."""
    from brug.rights.engine import plancode
    from brug.rights.engine.conditions import Context
    from brug.rights.engine.evaluate import Status

    text = "x'); raise SystemExit('boom') #\n\"\"\""
    compiler = Compiler(Path("t.yaml"), {}, Interner())
    is_text = compiler.condition({"eq": [{"fact": "housing"}, text]}, Refs())
    not_text = compiler.condition({"ne": [{"fact": "housing"}, text]}, Refs())
    assert hasattr(is_text, "fact_test")
    statuses = (Status.LIKELY, Status.POSSIBLY, Status.NOT, Status.RECEIVED)
    plan = plancode.build(
        (("a", (), (is_text,), None), ("b", (), (not_text,), None)), {}, statuses
    )
    on = dt.date(2025, 3, 1)

    def run(facts, received=frozenset()):
        return plan(Context(facts, (), {}, {}, on), received)

    assert run({"housing": text}) == (Status.LIKELY, Status.NOT)
    assert run({"housing": "owner"}) == (Status.NOT, Status.LIKELY)
    assert run({}) == (Status.POSSIBLY, Status.POSSIBLY)
    assert run({"housing": "owner"}, frozenset({"b"})) == (Status.NOT, Status.RECEIVED)
