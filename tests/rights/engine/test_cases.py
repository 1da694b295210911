"""Runs the YAML test cases in ``cases/`` (field style: ``date``, ``facts``, ``expect``).

File format::

    right: <right id>            # the right every case in this file checks
    cases:
      - name: <sentence>
        date: 2025-03-01
        facts: {members: [...], facts: {...}, already_received: [...]}
        expect:
          status: likely_entitled | possibly_entitled | not_entitled | already_received
          amount: 123.45          # exact estimate (or amount_low / amount_high)
          period: month
          conditions: {<condition id>: true | false | null}
          missing: [<fact key>, ...]       # exact list, in order
          questions: [<fact key>, ...]     # order of the questions
          may_be_outdated: true | false
          unverified: true | false
          warnings: [<Dutch fragment>, ...]  # each must occur in one warning; [] = no warning
          granting: automatic | on_application | partly   # from the grounds that hold
          window: {state: open | closed | unknown, closes_on: <date>, closed_on: <date>}
                                             # the application window; null = none
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from brug.rights.engine import default_catalogue, evaluate, validate_household

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        right = data["right"]
        for case in data["cases"]:
            params.append(pytest.param(right, case, id=f"{path.stem}: {case['name']}"))
    return params


@pytest.mark.parametrize(("right_id", "case"), _load_cases())
def test_case(right_id: str, case: dict) -> None:
    catalogue = default_catalogue()
    on = case["date"]
    assert isinstance(on, dt.date)
    household = validate_household(case["facts"], on, known_rights=catalogue.by_id)
    evaluation = evaluate(
        catalogue, household, on, right_ids=(right_id,), hide_other_municipalities=False
    )
    result = evaluation.result(right_id)
    expect = case["expect"]
    explain = "\n".join(result.reasons)
    assert result.status.value == expect["status"], explain
    if "amount" in expect:
        assert result.amount is not None, "expected an amount"
        assert result.amount.low == pytest.approx(expect["amount"], abs=0.01), result.amount.text
        assert result.amount.high == pytest.approx(expect["amount"], abs=0.01), result.amount.text
    if "amount_low" in expect:
        assert result.amount.low == pytest.approx(expect["amount_low"], abs=0.01)
    if "amount_high" in expect:
        assert result.amount.high == pytest.approx(expect["amount_high"], abs=0.01)
    if "period" in expect:
        assert result.amount.period == expect["period"]
    for cid, value in (expect.get("conditions") or {}).items():
        found = {c.id: c.value for c in result.conditions}
        assert cid in found, f"no condition {cid}"
        assert found[cid] is value, f"{cid}: {found[cid]!r} != {value!r}\n{explain}"
    if "missing" in expect:
        assert list(result.missing_facts) == expect["missing"]
    if "questions" in expect:
        assert [q.key for q in evaluation.questions] == expect["questions"]
    if "may_be_outdated" in expect:
        assert result.may_be_outdated is expect["may_be_outdated"]
    if "unverified" in expect:
        assert result.has_unverified_figures is expect["unverified"]
    if "warnings" in expect:
        if not expect["warnings"]:
            assert result.warnings == (), result.warnings
        for fragment in expect["warnings"]:
            assert any(fragment in w for w in result.warnings), result.warnings
    if "granting" in expect:
        assert result.granting == expect["granting"]
    if "window" in expect:
        window = expect["window"]
        if window is None:
            assert result.window is None, result.window
        else:
            assert result.window is not None, "expected an application window"
            assert result.window.state == window["state"], result.window
            assert result.window.closes_on == window.get("closes_on"), result.window
            assert result.window.closed_on == window.get("closed_on"), result.window
