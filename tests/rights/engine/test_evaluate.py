"""Evaluation of a whole family: statuses, reasons, amounts, figures, questions."""

from __future__ import annotations

import datetime as dt

from brug.rights.engine import Status, default_catalogue, evaluate, validate_household

ON = dt.date(2025, 3, 1)


def _family(facts: dict, received=()):
    return validate_household(
        {
            "members": [
                {"role": "parent", "birth_date": "1991-04-12"},
                {
                    "role": "child",
                    "birth_date": "2014-09-03",
                    "school_level": "lager",
                    "label": "Noah",
                },
                {"role": "child", "birth_date": "2024-05-02"},
            ],
            "facts": facts,
            "already_received": list(received),
        },
        ON,
    )


def test_reasons_are_plain_dutch_with_legal_source():
    ev = evaluate(default_catalogue(), _family({"postcode": "9000", "yearly_income": 20000}), ON)
    r = ev.result("groeipakket_sociale_toeslag")
    assert r.status is Status.LIKELY
    assert r.reasons[2].startswith(
        "Voldaan: Het gezinsinkomen is niet hoger dan de grens: € 42.380,06 per jaar"
    )
    assert "Groeipakketdecreet" in r.reasons[2]
    assert r.amount.display == "€ 141,00 per maand"
    assert "€ 70,50 per kind per maand" in r.amount.text


def test_figures_carry_source_date_and_flags():
    ev = evaluate(
        default_catalogue(),
        _family({"postcode": "9000", "yearly_income": 20000}),
        dt.date(2025, 10, 1),
    )
    r = ev.result("groeipakket_basisbedrag")
    # Only the figures this family's result used: one child born before 2019 (old rank 1).
    assert [f.param_id for f in r.figures] == ["groeipakket.basisbedrag", "groeipakket.oud.rang_1"]
    fig = r.figures[0]
    assert fig.value == 184.62 and fig.unverified and fig.valid_from == dt.date(2025, 9, 1)
    assert fig.source.startswith("https://")
    assert any("niet gecontroleerd" in n for n in r.notes)


def test_outdated_note():
    ev = evaluate(
        default_catalogue(),
        _family(
            {
                "housing": "waiting_list_social_housing",
                "years_on_waiting_list": 5,
                "yearly_income": 20000,
                "monthly_rent": 600,
            }
        ),
        ON,
    )
    r = ev.result("huurpremie")
    assert r.may_be_outdated
    assert any("kan verouderd zijn" in n and "01-01-2022" in n for n in r.notes)
    ev = evaluate(
        default_catalogue(),
        _family(
            {
                "housing": "waiting_list_social_housing",
                "years_on_waiting_list": 5,
                "yearly_income": 20000,
                "monthly_rent": 600,
            }
        ),
        ON,
        max_age_months=120,
    )
    assert not ev.result("huurpremie").may_be_outdated


def test_questions_settle_most_rights_first():
    ev = evaluate(default_catalogue(), _family({}), ON)
    keys = [q.key for q in ev.questions]
    # Income settles the most money; it is asked as a band first, the exact figure later.
    assert "income_band" in keys[:2]
    assert "yearly_income" not in keys
    q = next(q for q in ev.questions if q.key == "income_band")
    assert q.text.startswith("In welke groep valt het jaarinkomen")
    assert len(keys) == len(set(keys))
    q = next(q for q in ev.questions if q.key == "receives_leefloon")
    assert (
        q.text == "Ontvangt iemand in het gezin een leefloon (of gelijkaardige steun van het OCMW)?"
    )
    assert "sociaal_tarief_energie" in q.rights


def test_answering_the_first_question_decides_rights():
    cat = default_catalogue()
    before = evaluate(cat, _family({"postcode": "9000"}), ON)
    after = evaluate(cat, _family({"postcode": "9000", "yearly_income": 90000}), ON)
    assert len(after.by_status(Status.POSSIBLY)) < len(before.by_status(Status.POSSIBLY))
    assert after.result("groeipakket_sociale_toeslag").status is Status.NOT


def test_member_question_names_the_child():
    h = validate_household(
        {
            "members": [
                {"role": "parent"},
                {"role": "child", "birth_date": "2016-01-01", "label": "Mila"},
            ],
            "facts": {},
        },
        ON,
    )
    ev = evaluate(default_catalogue(), h, ON)
    q = next(q for q in ev.questions if q.key == "member:1:school_level")
    assert q.text == "Naar welke school gaat Mila?" and q.member_index == 1 and "lager" in q.choices


def test_local_rights_of_other_municipalities_are_hidden():
    cat = default_catalogue()
    ev = evaluate(cat, _family({"municipality": "Gent", "postcode": "9000"}), ON)
    assert not [r for r in ev.results if r.right.level == "local"]
    ev = evaluate(cat, _family({"municipality": "Demostad"}), ON)
    assert {r.right.id for r in ev.results if r.right.level == "local"} == {
        "demostad_uitpas_kansentarief",
        "demostad_premie_jonge_kinderen",
        "demostad_water_energiepremie",
    }


def test_by_domain_and_missed():
    ev = evaluate(
        default_catalogue(),
        _family({"postcode": "9000", "yearly_income": 20000}, received=["groeipakket_basisbedrag"]),
        ON,
    )
    assert ev.result("groeipakket_basisbedrag").status is Status.RECEIVED
    assert all(r.status in (Status.LIKELY, Status.POSSIBLY) for r in ev.missed)
    assert "inkomen" in ev.by_domain()


def test_evaluation_is_deterministic():
    cat = default_catalogue()
    a = evaluate(cat, _family({"postcode": "9000"}), ON)
    b = evaluate(cat, _family({"postcode": "9000"}), ON)
    assert [(r.right.id, r.status, r.reasons, r.missing_facts) for r in a.results] == [
        (r.right.id, r.status, r.reasons, r.missing_facts) for r in b.results
    ]
    assert [q.key for q in a.questions] == [q.key for q in b.questions]
