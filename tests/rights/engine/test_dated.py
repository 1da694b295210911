"""Dated rules: conditions and rights with a validity period, indexation schedules and warnings."""

from __future__ import annotations

import datetime as dt

import pytest

from brug.rights.engine import (
    CatalogueError,
    Status,
    evaluate,
    load_catalogue,
    screen,
    validate_household,
)

from .test_catalogue import PARAMS, RIGHT, _write

SCHEDULED = PARAMS.replace("    unit: EUR\n", "    unit: EUR\n    schedule: january\n")

DATED_RIGHT = RIGHT.replace(
    "conditions:\n",
    "valid_until: 2025-12-31\nconditions:\n",
).replace(
    "  - id: inkomen\n",
    "  - id: nieuwe_eis\n"
    "    label: Een eis die pas vanaf 2025 bestaat.\n"
    "    legal: Demodecreet, artikel 3\n"
    "    valid_from: 2025-01-01\n"
    "    test: {is_true: owns_property}\n"
    "  - id: inkomen\n",
)
FAMILY = {
    "members": [{"role": "parent"}, {"role": "child", "birth_date": "2015-01-01"}],
    "facts": {"yearly_income": 50, "owns_property": True},
}


def _eval(catalogue, on):
    household = validate_household(FAMILY, on)
    return evaluate(catalogue, household, on).result("demo_recht")


def test_a_condition_only_counts_while_in_force(tmp_path):
    cat = load_catalogue(_write(tmp_path, DATED_RIGHT))
    before = _eval(cat, dt.date(2024, 12, 31))
    assert before.status is Status.LIKELY
    assert "nieuwe_eis" not in [c.id for c in before.conditions]
    after = _eval(cat, dt.date(2025, 1, 1))
    assert after.status is Status.LIKELY
    assert [c.value for c in after.conditions if c.id == "nieuwe_eis"] == [True]


def test_an_abolished_right_is_not_entitled_and_warns(tmp_path):
    cat = load_catalogue(_write(tmp_path, DATED_RIGHT))
    last_day = _eval(cat, dt.date(2025, 12, 31))
    assert last_day.status is Status.LIKELY and not last_day.warnings
    gone = _eval(cat, dt.date(2026, 1, 1))
    assert gone.status is Status.NOT
    assert gone.conditions[0].id == "bestaat_op_deze_datum"
    assert any("afgeschaft" in w and "31-12-2025" in w for w in gone.warnings)
    # The screening fast path agrees.
    household = validate_household(FAMILY, dt.date(2026, 1, 1))
    [res] = screen(cat, [("h", household)], dt.date(2026, 1, 1))
    assert res.statuses == (Status.NOT,)


def test_a_schedule_warns_past_the_next_step_after_the_last_verified_figure(tmp_path):
    cat = load_catalogue(_write(tmp_path, params=SCHEDULED))
    assert not _eval(cat, dt.date(2024, 12, 31)).warnings
    late = _eval(cat, dt.date(2025, 1, 1))
    assert late.may_be_outdated
    assert any("1 januari" in w and "01-01-2024" in w for w in late.warnings)


def test_unverified_figures_do_not_count_as_checked(tmp_path):
    params = SCHEDULED + (
        "      - valid_from: 2025-01-01\n"
        "        value: 102\n"
        "        source: https://example.org/derden\n"
        "        unverified: true\n"
    )
    cat = load_catalogue(_write(tmp_path, params=params))
    r = _eval(cat, dt.date(2025, 6, 1))
    assert r.has_unverified_figures and r.warnings


def test_an_off_schedule_value_needs_a_note(tmp_path):
    params = SCHEDULED.replace("2024-01-01", "2024-03-01")
    with pytest.raises(CatalogueError, match="indexeringsdatum"):
        load_catalogue(_write(tmp_path, params=params))


def test_bad_periods_and_groundings_are_refused(tmp_path):
    bad = DATED_RIGHT.replace("valid_from: 2025-01-01", "valid_from: morgen")
    with pytest.raises(CatalogueError, match="datum"):
        load_catalogue(_write(tmp_path, bad))
    kind = "    label: Er is een kind.\n"
    bad = RIGHT.replace(kind, kind + "    granting: soms\n")
    with pytest.raises(CatalogueError, match="granting"):
        load_catalogue(_write(tmp_path, bad))
    bad = PARAMS.replace("    unit: EUR\n", "    unit: EUR\n    schedule: elke_maand\n")
    with pytest.raises(CatalogueError, match="indexering"):
        load_catalogue(_write(tmp_path, params=bad))


def test_poverty_check_uses_equivalised_disposable_income():
    from brug.rights.engine import default_catalogue, poverty_check

    on = dt.date(2025, 3, 1)
    members = [
        {"role": "parent", "birth_date": "1990-01-01"},
        {"role": "parent", "birth_date": "1990-01-01"},
        {"role": "child", "birth_date": "2020-01-01"},
        {"role": "child", "birth_date": "2018-01-01"},
    ]

    def check(income):
        facts = {} if income is None else {"monthly_disposable_income": income}
        return poverty_check(
            default_catalogue(), validate_household({"members": members, "facts": facts}, on), on
        )

    # 18 235 / 12 x 2.1 = 3 191.125 per month
    assert check(3191.12).below is True
    assert check(3191.13).below is False
    unknown = check(None)
    assert unknown.below is None and unknown.scale == 2.1 and unknown.line_month == 3191.12


def test_figures_past_the_same_step_give_one_warning_per_schedule():
    """Nine stale schooltoeslag figures are one warning, not nine; acronyms keep their case."""
    from brug.rights.engine import default_catalogue

    cat = default_catalogue()
    on = dt.date(2026, 12, 4)
    household = validate_household(
        {
            "members": [
                {"role": "parent"},
                {"role": "child", "birth_date": "2016-02-01", "school_level": "lager"},
                {"role": "child", "birth_date": "2011-02-01", "school_level": "secundair"},
            ],
            "facts": {
                "postcode": "9000",
                "yearly_income": 20000,
                "has_verhoogde_tegemoetkoming": True,
            },
        },
        on,
    )
    ev = evaluate(cat, household, on)
    school = ev.result("groeipakket_schooltoeslag")
    stale = [f for f in school.figures if f.stale_since is not None]
    assert len(stale) > 3
    groups = {(f.schedule, f.last_verified, f.stale_since) for f in stale}
    assert len(school.warnings) == len(groups) == 1
    assert (
        f"{len(stale)} cijfers van dit recht veranderen elk jaar op 1 september"
        in (school.warnings[0])
    )
    maf = ev.result("maximumfactuur_gezondheid")
    assert len(maf.warnings) == 1 and "MAF voor een kind" in maf.warnings[0]
