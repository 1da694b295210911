"""The EU at-risk-of-poverty line, for one household on one date (rights-facts.md §7).

The line is 60 % of the national median *equivalised disposable* income: the household's
disposable income divided by its size on the modified OECD scale (1 for the first person aged
14 or over, 0.5 for each further one, 0.3 per child under 14). The engine knows the line for one
person per year as the dated parameter ``armoede.grens_alleenstaande_jaar``; a household's
line per month is that / 12 x its scale.

Used by catalogue conditions (fact ``equivalised_monthly_income``) and by the trajectories'
entry rules (TOOM: "income below the European poverty line"), so both read one dated figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .derived import derive
from .facts import Household
from .model import Catalogue

PARAM = "armoede.grens_alleenstaande_jaar"


@dataclass(frozen=True)
class PovertyCheck:
    below: bool | None  # None: the disposable income (or the line on this date) is unknown
    line_month: float | None  # the line for this household, per month
    scale: float | None  # the household's modified OECD scale
    valid_from: dt.date | None  # the figure's date and source
    source: str = ""


def oecd_scale(persons_14_plus: int, children_under_14: int) -> float:
    """Modified OECD scale; a household without anyone aged 14+ counts its first person as 1."""
    if persons_14_plus <= 0:
        if children_under_14 <= 0:
            return 0.0
        return 1.0 + 0.3 * (children_under_14 - 1)
    return 1.0 + 0.5 * (persons_14_plus - 1) + 0.3 * children_under_14


def line_month(catalogue: Catalogue, on: dt.date, scale: float) -> float | None:
    """The poverty line per month for a household of ``scale`` (None before the first figure)."""
    value = catalogue.parameters[PARAM].at(on)
    return None if value is None else value.value / 12 * scale  # type: ignore[operator]


def poverty_check(catalogue: Catalogue, household: Household, on: dt.date) -> PovertyCheck:
    """Is the household's equivalised disposable income below the line on ``on``?"""
    facts, _views, _missing = derive(household, on)
    scale = facts.get("oecd_scale")
    value = catalogue.parameters[PARAM].at(on)
    if not scale or value is None:
        return PovertyCheck(None, None, scale, None)
    line = value.value / 12 * scale  # type: ignore[operator]
    income = facts.get("monthly_disposable_income")
    below = None if income is None else income < line - 1e-6
    return PovertyCheck(below, round(line, 2), scale, value.valid_from, value.source)
