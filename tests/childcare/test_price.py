"""The inkomenstarief module: the formula, its bounds and what it does not know."""

from datetime import date
from decimal import Decimal as D

import pytest

from brug.childcare.price import (
    Band,
    Figure,
    ParameterSet,
    PriceInput,
    PriceInputError,
    Reduction,
    Status,
    compute,
    euro,
    parse_income,
)
from brug.childcare.tariff_data import PARAMETERS

ON_2014 = date(2014, 6, 1)
ON_2024 = date(2024, 3, 1)


def f(key, value, verified=True):
    return Figure(key, key, None if value is None else D(value), "https://example.invalid",
                  verified=verified)


# A complete synthetic table, so the whole formula is exercised with known figures.
FULL = ParameterSet(
    valid_from=date(2030, 1, 1), valid_until=date(2030, 12, 31), source="test",
    minimum=f("minimum", "6.00"), maximum=f("maximum", "30.00"), lowest=f("lowest", "2.00"),
    child_reduction=f("child", "4.00"), multiple_birth_reduction=f("multi", "4.00"),
    bands=(Band(D("20000"), "linear", coefficient=D("0.0004"), cap=D("8.00")),
           Band(D("50000"), "fixed", amount=D("20.00")),
           Band(None, "maximum")),
    bands_figure=f("bands", "0"),
    ocmw_half_minimum=f("half", "5.00"), ocmw_fixed_high=f("high", "5.50"),
    ocmw_fixed_low=f("low", "1.70"))
ON_FULL = date(2030, 5, 1)


def price(income, on=ON_2014, table=PARAMETERS, **kw):
    return compute(PriceInput(income=None if income is None else D(income), **kw), on,
                   table=table)


def test_lowest_band_is_income_times_the_coefficient():
    r = price("30000")
    assert r.amount == D("11.55")  # 30000 × 0.000385
    assert r.status == Status.TO_VERIFY  # the 2014 minimum is not in the source
    assert any("minimumtarief voor deze datum is niet bekend" in line.text for line in r.lines)


def test_the_cap_of_the_first_band_holds_up_to_its_boundary():
    assert price("41774.97").amount == D("15.88")  # 16.08 capped
    assert price("41774.98").amount == D("15.87")  # second band: × 0.000380


def test_fixed_bands_and_their_boundaries():
    assert price("59722.14").amount == D("20.95")  # cap of the second band
    assert price("59722.15").amount == D("21.55")
    assert price("63472.14").amount == D("21.55")
    assert price("63472.15").amount == D("22.15")


def test_a_band_the_source_does_not_give_is_unknown_not_guessed():
    r = price("80000")
    assert r.status == Status.UNKNOWN and r.amount is None
    assert r.high == D("27.71")
    assert "de schijf niet bekend" in r.lines[-1].text


def test_above_the_last_bound_the_maximum():
    assert price("100472.16").amount == D("27.71")
    assert price("250000").amount == D("27.71")


def test_reductions_for_more_children_and_multiple_births():
    r = price("30000", children_in_charge=3, multiple_births=1)
    assert r.amount == D("11.55") - 3 * D("3.14")
    assert any(line.text.startswith("Kindkorting") and line.params["n"] == 2 for line in r.lines)


def test_minimum_maximum_and_lowest_with_a_complete_table():
    t = (FULL,)
    assert price("5000", ON_FULL, t).amount == D("6.00")  # 2.00 raised to the minimum
    assert price("5000", ON_FULL, t).status == Status.KNOWN
    assert price("20000", ON_FULL, t).amount == D("8.00")
    assert price("20000.01", ON_FULL, t).amount == D("20.00")
    assert price("50000.01", ON_FULL, t).amount == D("30.00")
    # 6.00 − 2 × 4.00 = −2.00 → the lowest possible tariff
    low = price("5000", ON_FULL, t, children_in_charge=3)
    assert low.amount == D("2.00")
    assert any("laagst mogelijke" in line.text for line in low.lines)


def test_refused_income_pays_the_maximum_without_reductions():
    r = price(None, ON_2024, income_refused=True, children_in_charge=3)
    assert r.amount == D("34.64") and r.status == Status.KNOWN


def test_2024_without_bands_gives_the_range_and_says_why():
    r = price("30000", ON_2024)
    assert r.status == Status.UNKNOWN and r.amount is None
    assert (r.low, r.high) == (D("1.97"), D("34.64"))
    assert "inkomensschijven" in r.lines[0].text


def test_a_date_after_the_last_known_year_is_not_computed():
    r = price("30000", date(2026, 12, 4))
    assert r.status == Status.UNKNOWN and r.amount is None
    assert "nog niet gekend" in r.lines[0].text and r.lines[0].params["from"] == "2024-01-01"


def test_a_date_before_every_set():
    r = price("30000", date(2010, 1, 1))
    assert r.status == Status.UNKNOWN and "geen bedragen" in r.lines[0].text


def test_ocmw_tariffs():
    t = (FULL,)
    assert price("30000", ON_FULL, t, reduction=Reduction.OCMW_HIGH).amount == D("5.50")
    assert price("30000", ON_FULL, t, reduction=Reduction.OCMW_LOW).amount == D("1.70")
    assert price("30000", ON_FULL, t, reduction=Reduction.OCMW_HALF).amount == D("10.00")
    assert price("5000", ON_FULL, t, reduction=Reduction.OCMW_HALF).amount == D("5.00")
    assert price("0", date(2022, 3, 1), reduction=Reduction.OCMW_LOW).amount == D("1.69")
    assert price("0", ON_2024, reduction=Reduction.OCMW_LOW).status == Status.UNKNOWN


def test_the_individual_reduced_tariff_is_not_invented():
    r = price("30000", ON_2024, reduction=Reduction.IVT)
    assert r.status == Status.UNKNOWN and "individueel verminderd tarief" in r.lines[0].text


def test_short_day_is_sixty_percent():
    assert price("20000", ON_FULL, (FULL,), short_day=True).amount == D("4.80")


@pytest.mark.parametrize("income,field", [("-1", "income"), ("5000000.01", "income")])
def test_impossible_incomes_are_refused(income, field):
    with pytest.raises(PriceInputError) as exc:
        price(income)
    assert exc.value.errors[0][0] == field


def test_zero_income_is_possible():
    assert price("0", ON_FULL, (FULL,)).amount == D("6.00")


@pytest.mark.parametrize("kw,field", [
    ({"children_in_charge": 0}, "children_in_charge"),
    ({"children_in_charge": 21}, "children_in_charge"),
    ({"children_in_charge": 1, "multiple_births": 1}, "multiple_births"),
    ({"reduction": "bribe"}, "reduction"),
])
def test_impossible_households_are_refused(kw, field):
    with pytest.raises(PriceInputError) as exc:
        price("30000", **kw)
    assert [e[0] for e in exc.value.errors] == [field]


def test_missing_income_is_refused_unless_the_family_does_not_give_it():
    with pytest.raises(PriceInputError):
        price(None)


def test_parse_income_reads_belgian_notation_and_refuses_text():
    assert parse_income("32.500,50") == D("32500.50")
    assert parse_income("€ 32500") == D("32500")
    assert parse_income("") is None
    with pytest.raises(PriceInputError):
        parse_income("veel")
    with pytest.raises(PriceInputError):
        parse_income("NaN")


def test_euro_formatting():
    assert euro(D("1234.565")) == "€ 1.234,57"
    assert euro(D("6.2")) == "€ 6,20"


def test_every_known_figure_has_a_source_and_every_unknown_is_marked():
    for p in PARAMETERS:
        for name in ("minimum", "maximum", "lowest", "child_reduction",
                     "multiple_birth_reduction", "ocmw_half_minimum", "ocmw_fixed_high",
                     "ocmw_fixed_low", "bands_figure"):
            fig = getattr(p, name)
            if fig.value is None:
                assert not fig.verified and fig.note
            else:
                assert fig.source.startswith("http")
    # The sets do not overlap.
    spans = sorted((p.valid_from, p.valid_until) for p in PARAMETERS)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


@pytest.mark.parametrize("on, last_from", [
    (date(2016, 12, 31), "2014-01-01"),  # between the 2014 and 2017 sets
    (date(2018, 1, 1), "2017-01-01"),  # the day after the 2017 set
    (date(2024, 12, 31), None),  # the last day of the last known set: computed
    (date(2025, 1, 1), "2024-01-01"),  # indexation day 2025: figures not found
    (date(2026, 1, 1), "2024-01-01"),  # indexation day 2026: idem
    (date(2026, 12, 31), "2024-01-01"),
])
def test_a_year_without_figures_is_nog_niet_gekend(on, last_from):
    r = price(None, on, income_refused=True)
    if last_from is None:
        assert r.status == Status.KNOWN and r.amount == D("34.64")
        return
    assert r.status == Status.UNKNOWN and r.amount is None
    assert "nog niet gekend" in r.lines[0].text and r.lines[0].params["from"] == last_from


@pytest.mark.parametrize("on", [date(2017, 1, 1), date(2017, 12, 31)])
def test_2017_figures_hold_from_the_first_to_the_last_day(on):
    # Without an income (refused) the maximum: € 28,13 in 2017 (De Standaard, 3-11-2016).
    r = price(None, on, income_refused=True, children_in_charge=2)
    assert r.amount == D("28.13") and r.status == Status.KNOWN
    # With an income the bands are needed, which the source does not give: the range, no
    # amount; the kindkorting of € 3,18 is marked to verify.
    r = price("30000", on)
    assert r.status == Status.UNKNOWN and r.amount is None and r.high == D("28.13")
    figures = {fig.key: fig for p in PARAMETERS if p.covers(on) for fig in (
        p.minimum, p.maximum, p.child_reduction)}
    assert figures["minimum"].value == D("5.07")
    assert figures["child_reduction"].value == D("3.18")
    assert not figures["child_reduction"].verified
