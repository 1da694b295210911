"""The rule of a fund: may this aid be recorded for this family? Framework-free.

A fund (TOOM's yearly premium, a food-aid cupboard, a voucher scheme) grants aid under a rule:
a budget per period, who qualifies (e.g. families with a child under 4), a maximum per family
per period (a number of times, an amount, or an amount per qualifying child). The service
gathers the figures from the database and asks `check`; a refusal carries a plain Dutch
message. Amounts are `Decimal`, never floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


def gettext_noop(text: str) -> str:
    """Marks a Dutch message for the catalogue; the Django layer translates it."""
    return text


PERIOD_YEAR = "year"
PERIOD_MONTH = "month"
PERIOD_NONE = "none"


@dataclass(frozen=True)
class FundRule:
    name: str
    period: str = PERIOD_YEAR
    budget: Decimal | None = None                      # per period, for the whole fund
    child_under_years: int | None = None               # qualifies: a child younger than this
    max_times_per_family: int | None = None            # per period
    max_amount_per_family: Decimal | None = None       # per period
    amount_per_child: Decimal | None = None            # per period, per qualifying child
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class Situation:
    """What the service found for this family and this fund in the period of `on`."""

    on: date
    amount: Decimal
    child_ages: tuple[int, ...] = ()     # ages of the family's born children on `on`
    family_times: int = 0                # aid of this fund this family already got this period
    family_amount: Decimal = Decimal("0")
    fund_spent: Decimal = Decimal("0")   # all families, this period


@dataclass(frozen=True)
class Decision:
    allowed: bool
    message: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def text(self, translate=lambda s: s) -> str:
        return translate(self.message) % dict(self.params) if self.message else ""


def euro(amount: Decimal) -> str:
    """€ 1.234,50 as Flemish readers write it."""
    whole, cents = f"{amount.quantize(Decimal('0.01')):,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"


def period_of(period: str, on: date) -> tuple[date | None, date | None]:
    """The first and last day of the period that holds `on` (None, None: no period)."""
    if period == PERIOD_YEAR:
        return date(on.year, 1, 1), date(on.year, 12, 31)
    if period == PERIOD_MONTH:
        nxt = date(on.year + (on.month == 12), on.month % 12 + 1, 1)
        return date(on.year, on.month, 1), date.fromordinal(nxt.toordinal() - 1)
    return None, None


def qualifying_children(rule: FundRule, ages: tuple[int, ...]) -> int:
    if rule.child_under_years is None:
        return len(ages)
    return sum(1 for a in ages if a < rule.child_under_years)


def check(rule: FundRule, s: Situation) -> Decision:
    """Allowed, or refused with the first reason that applies."""
    if s.amount < 0:
        return Decision(False, gettext_noop("Een bedrag kan niet negatief zijn."))
    too_early = rule.valid_from is not None and s.on < rule.valid_from
    if too_early or (rule.valid_until is not None and s.on > rule.valid_until):
        return Decision(False, gettext_noop("%(fund)s loopt niet op deze datum."),
                        (("fund", rule.name),))
    children = qualifying_children(rule, s.child_ages)
    if rule.child_under_years is not None and children == 0:
        return Decision(False, gettext_noop(
            "%(fund)s is voor gezinnen met een kind jonger dan %(years)s jaar. Dit gezin heeft "
            "geen kind dat zo jong is (een kind op komst telt pas na de geboorte)."),
            (("fund", rule.name), ("years", str(rule.child_under_years))))
    if rule.max_times_per_family is not None and s.family_times >= rule.max_times_per_family:
        return Decision(False, gettext_noop(
            "Dit gezin kreeg al %(times)s keer steun uit %(fund)s in deze periode; het maximum "
            "is %(max)s."), (("times", str(s.family_times)), ("fund", rule.name),
                             ("max", str(rule.max_times_per_family))))
    ceiling = _family_ceiling(rule, children)
    if ceiling is not None and s.family_amount + s.amount > ceiling:
        left = max(ceiling - s.family_amount, Decimal("0"))
        return Decision(False, gettext_noop(
            "Dit gezin kan uit %(fund)s in deze periode nog %(left)s krijgen (maximum %(max)s, "
            "al ontvangen %(got)s)."), (("fund", rule.name), ("left", euro(left)),
                                        ("max", euro(ceiling)), ("got", euro(s.family_amount))))
    if rule.budget is not None and s.fund_spent + s.amount > rule.budget:
        left = max(rule.budget - s.fund_spent, Decimal("0"))
        return Decision(False, gettext_noop(
            "Het budget van %(fund)s voor deze periode is op: er rest nog %(left)s van "
            "%(budget)s."), (("fund", rule.name), ("left", euro(left)),
                              ("budget", euro(rule.budget))))
    return Decision(True)


def _family_ceiling(rule: FundRule, children: int) -> Decimal | None:
    ceilings = []
    if rule.max_amount_per_family is not None:
        ceilings.append(rule.max_amount_per_family)
    if rule.amount_per_child is not None:
        ceilings.append(rule.amount_per_child * children)
    return min(ceilings) if ceilings else None


def suggested_amount(rule: FundRule, s: Situation) -> Decimal | None:
    """TOOM's premium: the amount per qualifying child, less what the family already got."""
    if rule.amount_per_child is None:
        return None
    total = rule.amount_per_child * qualifying_children(rule, s.child_ages)
    return max(total - s.family_amount, Decimal("0"))
