"""Framework-free: how many hours of school social work each school gets, and why.

Kinderen Eerst (Ghent) divides its social workers over schools "op basis van SES-cijfers,
rekening houdend met de wensen van de school en het aantal hulpvragen". This module makes that
rule explicit and repeatable:

    score(school) = w_ses       * (pupils in SES of the school / pupils in SES of all schools)
                  + w_questions * (its questions last period  / all questions last period)
                  + w_wish      * (hours it asks for          / all hours asked)

A part whose total is zero counts for nobody. The hours of the network (`Weights.hours`) are
shared in proportion to the scores, in steps of `Weights.step` hours, by the largest
remainder: the steps left after rounding down go to the largest remainders, and on equal
remainders to the school first by name (then key), so the same input always gives the same
result, whatever the order of the schools. The form follows from the hours and the wish: a
fixed weekly presence (zitdag) needs at least `Weights.zitdag_min_hours`; fewer hours give a
consult on request; no hours at all a named contact (SPOC).

Every proposal carries its reasons as (code, values) pairs; the Django side words them in
the reader's language (`brug.schools.reasons`). Nothing here imports Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal

ZITDAG, CONSULT, SPOC = "zitdag", "consult", "spoc"
FORMS = (ZITDAG, CONSULT, SPOC)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Weights:
    """A network's rule, stored as data (`schools.models.AllocationRule`)."""

    hours: Decimal  # hours of school social work per week to share
    ses: Decimal = Decimal(2)
    questions: Decimal = Decimal(1)
    wish: Decimal = Decimal(1)
    high_ses_pct: Decimal = Decimal(50)  # from here on an SES share is "hoog"
    low_ses_pct: Decimal = Decimal(25)  # below this it is "laag"
    zitdag_min_hours: Decimal = Decimal(2)
    step: Decimal = Decimal("0.5")

    def __post_init__(self):
        for name in ("hours", "ses", "questions", "wish", "zitdag_min_hours"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} < 0")
        if self.step <= 0:
            raise ValueError("step <= 0")
        if self.low_ses_pct > self.high_ses_pct:
            raise ValueError("low_ses_pct > high_ses_pct")


@dataclass(frozen=True)
class SchoolFigures:
    key: int | str
    name: str
    pupils: int
    ses_pct: Decimal  # share of pupils with an SES indicator, 0-100
    questions: int = 0  # questions logged last period
    wish_form: str = ""  # "", zitdag, consult or spoc
    wish_hours: Decimal = Decimal(0)


@dataclass(frozen=True)
class Proposal:
    key: int | str
    hours: Decimal
    form: str
    score: Decimal
    reasons: tuple[tuple[str, dict], ...] = field(default_factory=tuple)


def ses_level(pct: Decimal, weights: Weights) -> str:
    if pct >= weights.high_ses_pct:
        return "high"
    if pct < weights.low_ses_pct:
        return "low"
    return "middle"


def _share(value: Decimal, total: Decimal) -> Decimal:
    return value / total if total > 0 else Decimal(0)


def _fmt(value: Decimal) -> str:
    """1.50 -> '1.5', 4.0 -> '4' (the Django side localises the decimal sign)."""
    text = format(value.normalize(), "f")
    return text


def _form(hours: Decimal, wish: str, weights: Weights) -> tuple[str, tuple[str, dict] | None]:
    if hours <= 0:
        return SPOC, ("no_hours", {})
    enough = hours >= weights.zitdag_min_hours
    if wish == ZITDAG and not enough:
        return CONSULT, ("too_few_for_zitdag",
                         {"hours": _fmt(hours), "min": _fmt(weights.zitdag_min_hours)})
    if wish in (CONSULT, SPOC, ZITDAG):
        return wish, None
    return (ZITDAG if enough else CONSULT), None


def allocate(schools: list[SchoolFigures], weights: Weights) -> list[Proposal]:
    """One proposal per school, in the order of `schools`."""
    for s in schools:
        if s.pupils < 0 or not (0 <= s.ses_pct <= 100) or s.questions < 0 or s.wish_hours < 0:
            raise ValueError(f"impossible figures for {s.name!r}")
        if s.wish_form not in ("", *FORMS):
            raise ValueError(f"unknown form {s.wish_form!r}")
    ses_pupils = {s.key: Decimal(s.pupils) * s.ses_pct / HUNDRED for s in schools}
    total_ses = sum(ses_pupils.values(), Decimal(0))
    total_q = Decimal(sum(s.questions for s in schools))
    total_wish = sum((s.wish_hours for s in schools), Decimal(0))
    scores = {
        s.key: (weights.ses * _share(ses_pupils[s.key], total_ses)
                + weights.questions * _share(Decimal(s.questions), total_q)
                + weights.wish * _share(s.wish_hours, total_wish))
        for s in schools}
    total_score = sum(scores.values(), Decimal(0))

    # Largest remainder, in whole steps.
    steps_total = int((weights.hours / weights.step).to_integral_value(ROUND_FLOOR))
    exact = {k: (Decimal(steps_total) * _share(v, total_score)) for k, v in scores.items()}
    steps = {k: int(v.to_integral_value(ROUND_FLOOR)) for k, v in exact.items()}
    left = steps_total - sum(steps.values()) if total_score > 0 else 0
    order = sorted(schools, key=lambda s: (-(exact[s.key] - steps[s.key]), s.name.casefold(),
                                           str(s.key)))
    extra_to = {s.key for s in order[:left]}
    # A tie at the cut: the last step given and the first step not given had the same
    # remainder, so the name decided.
    tied: set = set()
    if 0 < left < len(order):
        cut = exact[order[left - 1].key] - steps[order[left - 1].key]
        if exact[order[left].key] - steps[order[left].key] == cut:
            tied = {s.key for s in order if exact[s.key] - steps[s.key] == cut}

    proposals = []
    for s in schools:
        hours = Decimal(steps[s.key] + (1 if s.key in extra_to else 0)) * weights.step
        reasons: list[tuple[str, dict]] = [
            ("ses", {"pct": _fmt(s.ses_pct), "level": ses_level(s.ses_pct, weights),
                     "pupils": s.pupils}),
            ("questions", {"n": s.questions}),
            ("wish", {"form": s.wish_form, "hours": _fmt(s.wish_hours)}),
        ]
        form, why = _form(hours, s.wish_form, weights)
        if s.key in tied:
            reasons.append(("tie", {"got": s.key in extra_to, "step": _fmt(weights.step)}))
        reasons.append(("share", {"hours": _fmt(hours), "total": _fmt(weights.hours),
                                  "pct": _fmt((_share(scores[s.key], total_score) * HUNDRED)
                                              .quantize(Decimal(1)))}))
        if why:
            reasons.append(why)
        proposals.append(Proposal(key=s.key, hours=hours, form=form,
                                  score=scores[s.key].quantize(Decimal("0.0001")),
                                  reasons=tuple(reasons)))
    return proposals


# School years ------------------------------------------------------------------------------


def school_year_of(day: date) -> str:
    """'2025-2026' for a day from 1 September 2025 to 31 August 2026."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def parse_school_year(text: str) -> tuple[date, date]:
    """The first and last day of a school year written '2025-2026'; ValueError otherwise."""
    parts = (text or "").strip().split("-")
    if len(parts) != 2 or not all(p.isdecimal() and len(p) == 4 for p in parts):
        raise ValueError(text)
    first, second = int(parts[0]), int(parts[1])
    if second != first + 1 or not 1900 < first < 3000:
        raise ValueError(text)
    return date(first, 9, 1), date(second, 8, 31)


def previous_school_year(text: str) -> str:
    first, _last = parse_school_year(text)
    return f"{first.year - 1}-{first.year}"
