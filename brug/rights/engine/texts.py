"""Dutch formatting of amounts, values and text placeholders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .catalogue import PLACEHOLDER, Catalogue
from .facts import FACTS
from .values import Interval

MONEY_FACTS = {"yearly_income", "monthly_rent"}


def money(x: float) -> str:
    text = f"{x:,.2f}".replace(",", "§").replace(".", ",").replace("§", ".")
    return f"€ {text}"


def number(x: float) -> str:
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.2f}".replace(".", ",")


def fmt(value: Any, as_money: bool) -> str:
    if value is None:
        return "(onbekend)"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Interval):
        f = money if as_money else number
        return f"{f(value.lo)} tot {f(value.hi)}"
    if isinstance(value, (int, float)):
        return money(value) if as_money else number(value)
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    return str(value)


def fill(
    text: str,
    catalogue: Catalogue,
    params: dict[str, Any],
    facts: dict[str, Any],
    extra: dict[str, str] | None = None,
) -> str:
    """Replace ``{param.id}``, ``{fact_key}`` and extra placeholders in a catalogue text."""
    if "{" not in text:
        return text

    def repl(match: Any) -> str:
        name = match.group(1)
        if extra and name in extra:
            return extra[name]
        if name in catalogue.parameters:
            unit = catalogue.parameters[name].unit
            return fmt(params.get(name), unit.upper() == "EUR")
        if name in FACTS:
            value = facts.get(name)
            if FACTS[name].type == "enum" and isinstance(value, str):
                return FACTS[name].choices.get(value, value)
            return fmt(value, name in MONEY_FACTS)
        return match.group(0)

    return PLACEHOLDER.sub(repl, text)
