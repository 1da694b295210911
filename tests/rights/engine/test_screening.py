"""Batch screening and CSV: bad rows are reported with row, column and a Dutch message."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
from pathlib import Path

import pytest

from brug.rights.engine import (
    CSV_COLUMNS,
    OUTPUT_COLUMNS,
    Status,
    default_catalogue,
    evaluate,
    missed_rows,
    read_households_csv,
    screen,
    write_missed_csv,
    write_missed_xlsx,
)

ON = dt.date(2025, 3, 1)

CSV_TEXT = """\
household_id,parents,parent_birth_dates,children_birth_dates,children_school_levels,expected_due_dates,postcode,municipality,yearly_income,receives_leefloon,has_verhoogde_tegemoetkoming,housing,already_received
G1,1,1990-01-01,2016-05-01;2023-02-01,lager;,,9999,Demostad,18000,nee,ja,private_rent,groeipakket_basisbedrag
G2,2,,2012-01-01,secundair,,9000,Gent,-5,,,,
G3,1,,2026-01-01,,,9000,,20000,misschien,,,
G4,2,,2010-01-01;2012-01-01,secundair;secundair;lager,,2000,,25.000,,,castle,
G5,1,,,,2025-06-01,3000,,"12.500,50",ja,,,onbekend_recht
,1,,,,,,,,,,,
G1,1,,,,,,,,,,,
G8,1,,2019-04-04,kleuter,,1000,,30000,,,,
"""


def _read():
    return read_households_csv(io.StringIO(CSV_TEXT), ON, default_catalogue())


def test_good_rows_are_read_and_bad_rows_reported():
    result = _read()
    assert [hid for hid, _, _ in result.households] == ["G1", "G8"]
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert errors[(3, "yearly_income")] == "Jaarinkomen van het gezin kan niet negatief zijn."
    assert (
        errors[(4, "children_birth_dates")]
        == "De geboortedatum ligt na de datum van de berekening."
    )
    assert errors[(4, "receives_leefloon")] == "Antwoord met ja of nee."
    assert errors[(5, "children_school_levels")] == "Er zijn meer onderwijsniveaus dan kinderen."
    assert (5, "housing") in errors
    assert errors[(6, "already_received")] == "Onbekend recht 'onbekend_recht'."
    assert errors[(7, "household_id")] == "household_id is leeg."
    assert "komt al eerder voor" in errors[(8, "household_id")]


def test_numbers_with_dutch_notation():
    text = 'household_id,parents,yearly_income\nA,1,"12.500,50"\nB,1,25.000\nC,1,1 234\n'
    result = read_households_csv(io.StringIO(text), ON)
    incomes = {hid: h.facts["yearly_income"] for hid, h, _ in result.households}
    assert incomes == {"A": 12500.5, "B": 25000, "C": 1234}


def test_missing_household_id_column_and_unknown_columns():
    result = read_households_csv(io.StringIO("id,postcode\n1,9000\n"), ON)
    assert result.households == [] and result.errors[0].column == "household_id"
    result = read_households_csv(io.StringIO("household_id,shoe_size\nA,42\n"), ON)
    assert [h for h, _, _ in result.households] == ["A"]
    assert result.errors[0].row == 1 and "Onbekende kolom" in result.errors[0].message


def test_semicolon_separated_file_is_accepted():
    text = "household_id;parents;children_birth_dates;postcode\nA;1;2016-01-01;9000\n"
    result = read_households_csv(io.StringIO(text), ON)
    assert [h for h, _, _ in result.households] == ["A"] and not result.errors


def test_unreadable_file_is_an_error_not_a_crash(tmp_path):
    result = read_households_csv(tmp_path / "missing.csv", ON)
    assert result.households == [] and result.errors[0].row == 1


def test_fast_screening_agrees_with_full_evaluation():
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    from bench_rights_engine import generate_households

    cat = default_catalogue()
    households = generate_households(400, seed=7)
    for res in screen(cat, households, ON):
        full = evaluate(cat, res.household, ON, hide_other_municipalities=False)
        assert tuple(r.status for r in full.results) == res.statuses, res.household_id


def test_missed_rows_and_csv_output():
    cat = default_catalogue()
    result = _read()
    rows = list(missed_rows(cat, screen(cat, [(h, hh) for h, hh, _ in result.households], ON), ON))
    g1 = {r["right_id"]: r for r in rows if r["household_id"] == "G1"}
    assert "groeipakket_basisbedrag" not in g1  # already received
    assert "verhoogde_tegemoetkoming" not in g1  # has VT
    assert g1["demostad_uitpas_kansentarief"]["status"] == Status.LIKELY.value
    assert g1["groeipakket_sociale_toeslag"]["amount_low"] == "141.00"
    assert "Het gezin woont in Vlaanderen." in g1["groeipakket_sociale_toeslag"]["reasons"]
    assert all(r["status"] in ("likely_entitled", "possibly_entitled") for r in rows)
    possibly = [r for r in rows if r["status"] == "possibly_entitled"]
    assert possibly and all(r["questions"] for r in possibly)
    out = io.StringIO()
    assert write_missed_csv(rows, out) == len(rows)
    parsed = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(parsed[0].keys()) == OUTPUT_COLUMNS


def test_xlsx_output(tmp_path):
    pytest.importorskip("openpyxl")
    cat = default_catalogue()
    result = _read()
    rows = list(missed_rows(cat, screen(cat, [(h, hh) for h, hh, _ in result.households], ON), ON))
    assert write_missed_xlsx(rows, tmp_path / "out.xlsx") == len(rows)
    assert (tmp_path / "out.xlsx").stat().st_size > 0


def test_documented_columns_include_every_input_fact():
    assert "household_id" in CSV_COLUMNS and "children_birth_dates" in CSV_COLUMNS
    assert "receives_leefloon" in CSV_COLUMNS and "income_band" in CSV_COLUMNS


def test_screening_is_deterministic_with_a_fixed_seed():
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    from bench_rights_engine import generate_households

    a = generate_households(50, seed=3)
    b = generate_households(50, seed=3)
    assert a == b
    assert random.Random(3).random() == random.Random(3).random()
