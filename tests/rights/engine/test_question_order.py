"""Question order: expected money settled, sensitivity, relevance, determinism."""

from __future__ import annotations

import datetime as dt
import random

from brug.rights.engine import default_catalogue, evaluate, load_catalogue, validate_household
from brug.rights.engine.questions import order_questions

from .test_catalogue import PARAMS

ON = dt.date(2025, 3, 1)
ELDERLY = {"receives_igo", "igo_since", "receives_zorgbudget_ouderen", "zorgbudget_ouderen_since"}


def _household(members, facts=None):
    return validate_household({"members": members, "facts": facts or {}}, ON)


YOUNG = [
    {"role": "parent", "birth_date": "1992-05-01"},
    {"role": "parent", "birth_date": "1990-02-01"},
    {"role": "child", "birth_date": "2019-06-01", "school_level": "kleuter"},
    {"role": "child", "birth_date": "2024-01-10"},
]


def _keys(household):
    return [q.key for q in evaluate(default_catalogue(), household, ON).questions]


def test_a_young_family_is_never_asked_about_elderly_care():
    for facts in ({}, {"postcode": "9000"}, {"receives_leefloon": False}):
        assert not ELDERLY & set(_keys(_household(YOUNG, facts)))
    # Parents without a birth date count as younger than 65 for asking.
    no_dates = [{"role": "parent"}, {"role": "child", "birth_date": "2019-06-01"}]
    assert not ELDERLY & set(_keys(_household(no_dates)))
    # Every age known and under 65: the statuses are false, so rights are settled without them.
    ev = evaluate(default_catalogue(), _household(YOUNG, {"receives_leefloon": False}), ON)
    water = ev.result("sociaal_tarief_water")
    assert not ELDERLY & set(water.missing_facts)


def test_an_older_member_makes_elderly_care_a_question():
    grandma = [*YOUNG, {"role": "other_adult", "birth_date": "1950-03-03"}]
    assert {"receives_igo", "receives_zorgbudget_ouderen"} <= set(_keys(_household(grandma)))
    # A grandparent without a birth date may be older: asked as well.
    unknown = [*YOUNG, {"role": "other_adult"}]
    assert "receives_zorgbudget_ouderen" in _keys(_household(unknown))


def test_the_income_band_is_asked_before_the_exact_income():
    keys = _keys(_household(YOUNG, {"postcode": "9000"}))
    assert "income_band" in keys and "yearly_income" not in keys
    # A band below every threshold of this family settles income: no exact figure asked.
    assert "yearly_income" not in _keys(
        _household(YOUNG, {"postcode": "9000", "income_band": "lt_15k"})
    )
    # A band that straddles a threshold leaves the exact income as a question.
    keys = _keys(_household(YOUNG, {"postcode": "9000", "income_band": "b35k_45k"}))
    assert "yearly_income" in keys and "income_band" not in keys


TWO_RIGHTS = """\
rights:
  - id: recht_stookolie
    name: Recht stookolie
    domain: huisvesting
    level: flemish
    granting_body: Demo
    description: Een korte uitleg.
    granting: on_application
    how_to_apply: Aanvragen.
    legal: [Demodecreet]
    sources: [https://example.org/a]
    conditions:
      - id: stookolie
        label: Het gezin verwarmt met stookolie.
        legal: Demodecreet, artikel 1
        test: {is_true: heats_with_fuel_oil}
    amount:
      period: year
      cases:
        - value: OIL
          explain: "{bedrag}."
  - id: recht_gas
    name: Recht gas
    domain: huisvesting
    level: flemish
    granting_body: Demo
    description: Een korte uitleg.
    granting: on_application
    how_to_apply: Aanvragen.
    legal: [Demodecreet]
    sources: [https://example.org/b]
    conditions:
      - id: gas
        label: De woning heeft collectieve gasverwarming.
        legal: Demodecreet, artikel 2
        test: {is_true: collective_gas_heating}
    amount:
      period: month
      cases:
        - value: GAS
          explain: "{bedrag}."
"""


def _two_rights(tmp_path, oil: float, gas_per_month: float):
    (tmp_path / "parameters").mkdir(parents=True)
    (tmp_path / "parameters" / "demo.yaml").write_text(PARAMS, encoding="utf-8")
    text = TWO_RIGHTS.replace("OIL", str(oil)).replace("GAS", str(gas_per_month))
    (tmp_path / "demo.yaml").write_text(text, encoding="utf-8")
    cat = load_catalogue(tmp_path)
    h = _household([{"role": "parent", "birth_date": "1990-01-01"}])
    return [q.key for q in evaluate(cat, h, ON).questions]


def test_the_fact_settling_more_money_comes_first(tmp_path):
    # Both facts are equally sensitive; the vocabulary lists the gas question first.
    assert _two_rights(tmp_path / "a", oil=600, gas_per_month=10) == [
        "heats_with_fuel_oil",
        "collective_gas_heating",
    ]
    # € 60 a month is € 720 a year: more than € 600 once a year.
    assert _two_rights(tmp_path / "b", oil=600, gas_per_month=60) == [
        "collective_gas_heating",
        "heats_with_fuel_oil",
    ]


def test_sensitivity_weighs_against_money():
    # The exact income (sensitivity 3) loses against a yes/no status settling the same money.
    from brug.rights.engine.questions import sensitivity

    assert sensitivity("yearly_income") > sensitivity("income_band") > sensitivity("postcode")


def test_the_order_is_deterministic():
    cat = default_catalogue()
    h = _household(YOUNG)
    ev = evaluate(cat, h, ON)
    first = [q.key for q in ev.questions]
    assert first == [q.key for q in evaluate(cat, h, ON).questions]
    shuffled = list(ev.results)
    random.Random(7).shuffle(shuffled)
    again = order_questions(shuffled, h, cat, ON)
    assert [q.key for q in again] == first
    assert [q.rights for q in again] == [q.rights for q in ev.questions]


SCHOOL_FAMILY = [
    {"role": "parent", "birth_date": "1990-01-01"},
    {"role": "child", "birth_date": "2016-02-01", "school_level": "lager"},
    {"role": "child", "birth_date": "2012-02-01", "school_level": "secundair"},
]


def test_an_exact_amount_is_asked_only_while_the_band_leaves_the_amount_open():
    """Schooltoeslag: likely in every band below the limit, but its amount falls with income.

    No income known: the band is asked, never the exact figure. A band inside the sliding
    part leaves the amount a range: now the exact income is asked, for that right. A band
    where the full amount applies settles it: no exact figure.
    """
    cat = default_catalogue()
    facts = {"postcode": "9000", "housing": "owner", "owns_property": True}

    def run(extra):
        ev = evaluate(cat, _household(SCHOOL_FAMILY, {**facts, **extra}), ON)
        return ev.result("groeipakket_schooltoeslag"), {q.key: q for q in ev.questions}

    _, questions = run({})
    assert "income_band" in questions and "yearly_income" not in questions

    school, questions = run({"income_band": "b25k_35k"})
    assert school.status.value == "likely_entitled"
    assert school.amount.low < school.amount.high
    assert school.amount_facts == ("yearly_income",)
    assert "groeipakket_schooltoeslag" in questions["yearly_income"].rights

    school, questions = run({"income_band": "b15k_25k"})
    assert school.status.value == "likely_entitled" and school.amount.exact
    assert school.amount_facts == ()
    assert "groeipakket_schooltoeslag" not in getattr(questions.get("yearly_income"), "rights", ())

    school, questions = run({"yearly_income": 30000})
    assert school.amount.exact and "yearly_income" not in questions


def test_a_possible_right_does_not_ask_what_only_its_amount_needs():
    # Wezentoeslag: whether a parent died before 2019 changes the amount only; while it is not
    # known that a parent died, that question would be out of place.
    ev = evaluate(default_catalogue(), _household(SCHOOL_FAMILY, {"postcode": "9000"}), ON)
    orphan = ev.result("groeipakket_wezentoeslag")
    assert orphan.status.value == "possibly_entitled" and orphan.amount_facts == ()
    assert "parent_died_before_2019" not in [q.key for q in ev.questions]
