"""Inkomenstarief: the income-related day price of baby and toddler childcare (Flanders).

Framework-free (no Django): plain Python and Decimal, like the rights engine. The Django layer
translates the sentences (each a Dutch msgid with `%(name)s` placeholders) and shows the
figures with their sources. Parameters live in `tariff_data.py`, dated and sourced; a value that
the sources did not give is `None` there and marked "te verifiëren" — this module never fills it
in. Formula and parameters: docs/childcare.md.

The calculation, for the day (a full care day of 5 to 11 hours):
1. A parent who does not disclose the income (or has no attest) pays the maximum tariff.
2. Otherwise the income's band gives the base: a linear band is income × coefficient, at most
   the band's cap; a fixed band is its amount; above the last bound, the maximum tariff.
3. The base is at least the standard minimum tariff.
4. Minus the child reduction for every child ten laste beyond the first, and the multiple-birth
   reduction for every multiple birth in the family.
5. Never below the lowest possible tariff (and never above the maximum).
6. An OCMW tariff, when the OCMW granted one, replaces the result (half, with its minimum, or a
   fixed tariff). Kind en Gezin's individueel verminderd tarief: its categories and amounts were
   not retrieved, so the result says so instead of computing one.
7. Less than 5 hours: 60% of the day price.
Amounts are rounded to the cent, half up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def gettext_noop(text: str) -> str:
    """Marks a Dutch msgid for the translation catalogue; the Django layer translates it."""
    return text


CENT = Decimal("0.01")
# An income above this is a typing error rather than a family's income (€ 5 million a year).
MAX_INCOME = Decimal("5000000")
MAX_CHILDREN = 20


class Status:
    KNOWN = "known"          # every figure used has a source
    TO_VERIFY = "to_verify"  # an amount, but a figure or rule used is marked "te verifiëren"
    UNKNOWN = "unknown"      # no amount: a figure needed is not known for this date


class Reduction:
    NONE = "none"
    IVT = "ivt"                    # Kind en Gezin's individueel verminderd tarief
    OCMW_HALF = "ocmw_half"        # OCMW: 50% of the inkomenstarief, with a minimum
    OCMW_HIGH = "ocmw_fixed_high"  # OCMW: the higher fixed tariff (€ 5.37 in 2022)
    OCMW_LOW = "ocmw_fixed_low"    # OCMW: the lower fixed tariff (€ 1.69 in 2022)
    ALL = (NONE, IVT, OCMW_HALF, OCMW_HIGH, OCMW_LOW)


class PriceInputError(ValueError):
    """Impossible input; `errors` is [(field, Dutch msgid, params)]."""

    def __init__(self, errors: list[tuple[str, str, dict]]):
        super().__init__("; ".join(m % p for _f, m, p in errors))
        self.errors = errors


@dataclass(frozen=True)
class Figure:
    """One parameter value with where it comes from. `value` None: not known."""

    key: str
    label: str  # Dutch msgid
    value: Decimal | None
    source: str = ""
    verified: bool = True  # False: "te verifiëren" (a secondary source we could not confirm)
    note: str = ""

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Band:
    """Incomes up to and including `upper` (None: no upper bound)."""

    upper: Decimal | None
    kind: str  # "linear", "fixed" or "unknown"
    coefficient: Decimal | None = None
    cap: Decimal | None = None
    amount: Decimal | None = None


@dataclass(frozen=True)
class ParameterSet:
    valid_from: date
    valid_until: date
    source: str
    minimum: Figure
    maximum: Figure
    lowest: Figure
    child_reduction: Figure
    multiple_birth_reduction: Figure
    bands: tuple[Band, ...] | None  # None: the band table is not known for these dates
    bands_figure: Figure
    ocmw_half_minimum: Figure
    ocmw_fixed_high: Figure
    ocmw_fixed_low: Figure
    exceptional_minimum: Figure | None = None

    def covers(self, on: date) -> bool:
        return self.valid_from <= on <= self.valid_until


@dataclass(frozen=True)
class PriceInput:
    income: Decimal | None  # gezamenlijk belastbaar beroepsinkomen per year
    children_in_charge: int = 1  # kinderen ten laste, the child in care included
    multiple_births: int = 0
    income_refused: bool = False
    reduction: str = Reduction.NONE
    short_day: bool = False  # less than 5 hours


@dataclass(frozen=True)
class Line:
    text: str  # Dutch msgid
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PriceResult:
    on: date
    status: str
    amount: Decimal | None
    low: Decimal | None = None  # a range when the amount is unknown
    high: Decimal | None = None
    lines: tuple[Line, ...] = ()
    figures: tuple[Figure, ...] = ()
    parameters: ParameterSet | None = None

    @property
    def to_verify(self) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures if not f.verified or not f.known)


def euro(value: Decimal) -> str:
    """€ 1.234,56 — Belgian notation, for the sentences."""
    q = value.quantize(CENT, rounding=ROUND_HALF_UP)
    whole, cents = f"{q:.2f}".split(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"€ {sign}{'.'.join(groups)},{cents}"


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_income(raw) -> Decimal | None:
    """A typed income ("32.500,00", "32500", 32500) as Decimal; None for empty."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int | float):
        return Decimal(str(raw))
    text = str(raw).strip().replace("€", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise PriceInputError([("income", gettext_noop("Vul het inkomen in als een bedrag, "
                                                       "bijvoorbeeld 32500."), {})]) from None
    if not value.is_finite():
        raise PriceInputError([("income", gettext_noop("Vul het inkomen in als een bedrag, "
                                                       "bijvoorbeeld 32500."), {})])
    return value


def validate(data: PriceInput) -> None:
    errors: list[tuple[str, str, dict]] = []
    if not data.income_refused:
        if data.income is None:
            errors.append(("income", gettext_noop(
                "Vul het inkomen in, of duid aan dat het gezin het inkomen niet geeft."), {}))
        elif not data.income.is_finite():
            errors.append(("income", gettext_noop("Vul het inkomen in als een bedrag."), {}))
        elif data.income < 0:
            errors.append(("income", gettext_noop("Een inkomen kan niet negatief zijn."), {}))
        elif data.income > MAX_INCOME:
            errors.append(("income", gettext_noop(
                "Een inkomen van meer dan %(max)s per jaar is onwaarschijnlijk: kijk het "
                "bedrag na."), {"max": euro(MAX_INCOME)}))
    if not 1 <= data.children_in_charge <= MAX_CHILDREN:
        errors.append(("children_in_charge", gettext_noop(
            "Het aantal kinderen ten laste ligt tussen 1 (het kind in de opvang) en %(max)s."),
            {"max": MAX_CHILDREN}))
    if data.multiple_births < 0 or data.multiple_births * 2 > max(data.children_in_charge, 0):
        errors.append(("multiple_births", gettext_noop(
            "Een meerling telt minstens twee kinderen ten laste: kijk het aantal meerlingen "
            "na."), {}))
    if data.reduction not in Reduction.ALL:
        errors.append(("reduction", gettext_noop("Onbekend verminderd tarief."), {}))
    if errors:
        raise PriceInputError(errors)


def parameters_for(on: date, table: Sequence[ParameterSet]) -> ParameterSet | None:
    for p in table:
        if p.covers(on):
            return p
    return None


def _unknown(on, params, lines, figures, *, low=None, high=None) -> PriceResult:
    return PriceResult(on=on, status=Status.UNKNOWN, amount=None, low=low, high=high,
                       lines=tuple(lines), figures=tuple(figures), parameters=params)


def compute(data: PriceInput, on: date, table: Sequence[ParameterSet]) -> PriceResult:
    """The day price for one child of this family on `on`, with the parameter table
    (`tariff_data.PARAMETERS`). Raises PriceInputError for impossible input; an unknown
    parameter gives a result with status UNKNOWN, never a guess."""
    validate(data)
    params = parameters_for(on, table)
    lines: list[Line] = []
    used: list[Figure] = []
    if params is None:
        latest = max((p for p in table if p.valid_from <= on), key=lambda p: p.valid_from,
                     default=None)
        if latest is not None:
            lines.append(Line(gettext_noop(
                "De bedragen van het inkomenstarief voor %(date)s zijn nog niet gekend in Brug "
                "(het tarief wordt elk jaar op 1 januari geïndexeerd; de laatst gekende "
                "bedragen gelden van %(from)s tot %(until)s). Vraag een simulatie in Mijn Kind "
                "en Gezin."), {"date": on.isoformat(), "from": latest.valid_from.isoformat(),
                               "until": latest.valid_until.isoformat()}))
        else:
            lines.append(Line(gettext_noop(
                "Voor %(date)s zijn geen bedragen van het inkomenstarief bekend in Brug."),
                {"date": on.isoformat()}))
        return _unknown(on, None, lines, used)

    maximum, minimum, lowest = params.maximum, params.minimum, params.lowest

    def bounds():
        floor = lowest if lowest.known else minimum
        return (floor.value if floor.known else None,
                maximum.value if maximum.known else None)

    # 6 (first): the OCMW's fixed tariffs do not depend on the income.
    if data.reduction in (Reduction.OCMW_HIGH, Reduction.OCMW_LOW):
        fig = params.ocmw_fixed_high if data.reduction == Reduction.OCMW_HIGH \
            else params.ocmw_fixed_low
        used.append(fig)
        if not fig.known:
            lines.append(Line(gettext_noop(
                "Het OCMW-tarief voor deze datum is niet bekend in Brug: vraag het bedrag aan "
                "het OCMW."), {}))
            return _unknown(on, params, lines, used)
        lines.append(Line(gettext_noop("Het OCMW kende een vast tarief toe: %(amount)s per dag."),
                          {"amount": euro(fig.value)}))
        return _finish(on, params, fig.value, data, lines, used)
    if data.reduction == Reduction.IVT:
        lines.append(Line(gettext_noop(
            "Het individueel verminderd tarief van Kind en Gezin: de lijst van situaties en de "
            "bedragen zijn nog niet nagekeken in Brug. Het gezin vraagt het aan in Mijn Kind en "
            "Gezin, met bewijs; het attest toont het tarief."), {}))
        low, high = bounds()
        return _unknown(on, params, lines, used, low=low, high=high)

    # 1. No income disclosed: the maximum.
    if data.income_refused:
        used.append(maximum)
        if not maximum.known:
            lines.append(Line(gettext_noop("Het maximumtarief voor deze datum is niet bekend."),
                              {}))
            return _unknown(on, params, lines, used)
        lines.append(Line(gettext_noop(
            "Zonder inkomen of attest betaalt het gezin het maximumtarief: %(amount)s per dag."),
            {"amount": euro(maximum.value)}))
        return _finish(on, params, maximum.value, data, lines, used, reductions=False)

    income = data.income
    # 2. The band.
    used.append(params.bands_figure)
    if params.bands is None:
        lines.append(Line(gettext_noop(
            "De inkomensschijven van het inkomenstarief voor deze datum zijn niet bekend in "
            "Brug (te verifiëren). Het dagtarief ligt tussen het laagste tarief en het "
            "maximumtarief; het attest inkomenstarief of de simulatie in Mijn Kind en Gezin "
            "geeft het juiste bedrag."), {}))
        used += [f for f in (minimum, lowest, maximum) if f.known]
        low, high = bounds()
        return _unknown(on, params, lines, used, low=low, high=high)
    band = next(b for b in params.bands if b.upper is None or income <= b.upper)
    if band.kind == "unknown":
        lines.append(Line(gettext_noop(
            "Voor een inkomen van %(income)s is de schijf niet bekend in Brug (de bron geeft "
            "de vaste bedragen tussen de schijven niet; te verifiëren)."),
            {"income": euro(income)}))
        low, high = bounds()
        return _unknown(on, params, lines, used, low=low, high=high)
    if band.kind == "linear":
        raw = income * band.coefficient
        base = min(raw, band.cap)
        lines.append(Line(gettext_noop(
            "Inkomen %(income)s × %(coef)s = %(raw)s, met een grens van %(cap)s in deze "
            "schijf: %(base)s."), {"income": euro(income), "coef": str(band.coefficient),
                                   "raw": euro(raw), "cap": euro(band.cap),
                                   "base": euro(base)}))
    elif band.kind == "fixed":
        base = band.amount
        lines.append(Line(gettext_noop(
            "Inkomen %(income)s valt in een schijf met een vast bedrag: %(base)s."),
            {"income": euro(income), "base": euro(base)}))
    else:  # "maximum": above the last bound
        used.append(maximum)
        if not maximum.known:
            return _unknown(on, params, lines, used)
        base = maximum.value
        lines.append(Line(gettext_noop(
            "Inkomen %(income)s ligt boven de hoogste schijf: het maximumtarief %(base)s."),
            {"income": euro(income), "base": euro(base)}))
    # 3. The standard minimum.
    used.append(minimum)
    if minimum.known:
        if base < minimum.value:
            lines.append(Line(gettext_noop("Minstens het minimumtarief: %(amount)s."),
                              {"amount": euro(minimum.value)}))
            base = minimum.value
    else:
        lines.append(Line(gettext_noop(
            "Het minimumtarief voor deze datum is niet bekend (te verifiëren): het bedrag kan "
            "hoger liggen als het onder het minimum valt."), {}))
    return _finish(on, params, base, data, lines, used)


def _finish(on, params: ParameterSet, base: Decimal, data: PriceInput, lines, used, *,
            reductions: bool = True) -> PriceResult:
    price = base
    # 4. Reductions for more children and multiple births.
    extra = data.children_in_charge - 1
    if reductions and data.reduction not in (Reduction.OCMW_HIGH, Reduction.OCMW_LOW):
        for count, fig, msg in (
            (extra, params.child_reduction, gettext_noop(
                "Kindkorting: %(n)s × %(each)s voor elk kind ten laste na het eerste = "
                "%(total)s.")),
            (data.multiple_births, params.multiple_birth_reduction, gettext_noop(
                "Meerlingenkorting: %(n)s × %(each)s = %(total)s.")),
        ):
            if count <= 0:
                continue
            used.append(fig)
            if not fig.known:
                lines.append(Line(gettext_noop(
                    "De korting voor meer kinderen is voor deze datum niet bekend."), {}))
                return _unknown(on, params, lines, used)
            total = fig.value * count
            lines.append(Line(msg, {"n": count, "each": euro(fig.value), "total": euro(total)}))
            price -= total
        # 5. The lowest possible tariff.
        if params.lowest.known:
            used.append(params.lowest)
            if price < params.lowest.value:
                lines.append(Line(gettext_noop(
                    "Nooit minder dan het laagst mogelijke tarief: %(amount)s."),
                    {"amount": euro(params.lowest.value)}))
                price = params.lowest.value
        elif price <= 0:
            used.append(params.lowest)
            lines.append(Line(gettext_noop(
                "Het laagst mogelijke tarief voor deze datum is niet bekend."), {}))
            return _unknown(on, params, lines, used)
        if params.maximum.known and price > params.maximum.value:
            price = params.maximum.value
    # 6. OCMW: half of the tariff, with its minimum.
    if data.reduction == Reduction.OCMW_HALF:
        fig = params.ocmw_half_minimum
        used.append(fig)
        if not fig.known:
            lines.append(Line(gettext_noop(
                "Het minimum van het halve OCMW-tarief voor deze datum is niet bekend: vraag "
                "het bedrag aan het OCMW."), {}))
            return _unknown(on, params, lines, used)
        half = price / 2
        price = max(half, fig.value)
        lines.append(Line(gettext_noop(
            "Het OCMW kende de helft toe: %(half)s, met een minimum van %(min)s: %(amount)s."),
            {"half": euro(half), "min": euro(fig.value), "amount": euro(price)}))
    # 7. Short days.
    if data.short_day:
        price = price * Decimal("0.6")
        lines.append(Line(gettext_noop("Minder dan 5 uur opvang: 60% van het dagtarief."), {}))
    price = _cents(price)
    lines.append(Line(gettext_noop("Dagprijs: %(amount)s."), {"amount": euro(price)}))
    status = Status.KNOWN if all(f.known and f.verified for f in used) else Status.TO_VERIFY
    return PriceResult(on=on, status=status, amount=price, lines=tuple(lines),
                       figures=tuple(dict.fromkeys(used)), parameters=params)
