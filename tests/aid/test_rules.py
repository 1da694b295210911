"""The framework-free fund rule: who qualifies, maxima per family and period, budget."""

from datetime import date
from decimal import Decimal

from brug.aid.rules import FundRule, Situation, check, euro, period_of, suggested_amount

TOOM = FundRule(name="TOOM-premie", period="year", budget=Decimal("1000"), child_under_years=4,
                amount_per_child=Decimal("150"))
ON = date(2026, 3, 10)


def test_a_family_with_two_children_under_four_gets_150_each():
    s = Situation(on=ON, amount=Decimal("300"), child_ages=(1, 3, 8))
    assert check(TOOM, s).allowed
    assert suggested_amount(TOOM, Situation(on=ON, amount=Decimal("0"), child_ages=(1, 3, 8))) \
        == Decimal("300")


def test_a_family_without_a_young_child_does_not_qualify():
    d = check(TOOM, Situation(on=ON, amount=Decimal("150"), child_ages=(4, 9)))
    assert not d.allowed
    assert "kind jonger dan 4 jaar" in d.text()


def test_the_maximum_per_family_per_period_holds():
    d = check(TOOM, Situation(on=ON, amount=Decimal("150"), child_ages=(2,),
                              family_times=1, family_amount=Decimal("150")))
    assert not d.allowed
    assert "nog € 0,00 krijgen (maximum € 150,00" in d.text()


def test_the_maximum_number_of_times_holds():
    rule = FundRule(name="Voedsel", period="month", max_times_per_family=2)
    assert check(rule, Situation(on=ON, amount=Decimal("25"), family_times=1)).allowed
    d = check(rule, Situation(on=ON, amount=Decimal("25"), family_times=2))
    assert not d.allowed and "al 2 keer" in d.text()


def test_an_exhausted_budget_refuses_with_what_is_left():
    d = check(TOOM, Situation(on=ON, amount=Decimal("150"), child_ages=(1,),
                              fund_spent=Decimal("900.50")))
    assert not d.allowed
    assert "er rest nog € 99,50 van € 1.000,00" in d.text()


def test_dates_outside_the_fund_and_negative_amounts_are_refused():
    rule = FundRule(name="X", valid_until=date(2025, 12, 31))
    assert "loopt niet" in check(rule, Situation(on=ON, amount=Decimal("1"))).text()
    assert not check(FundRule(name="X"), Situation(on=ON, amount=Decimal("-1"))).allowed


def test_periods_and_amounts():
    assert period_of("month", date(2026, 12, 5)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert period_of("month", date(2028, 2, 5)) == (date(2028, 2, 1), date(2028, 2, 29))
    assert period_of("year", ON) == (date(2026, 1, 1), date(2026, 12, 31))
    assert euro(Decimal("1234.5")) == "€ 1.234,50"
