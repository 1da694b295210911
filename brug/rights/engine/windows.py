"""Application windows: until when a right can still be applied for (no Django).

A right may say in its YAML::

    window: {after: birth, years: 5}                  # until 5 years after a child's birth
    window: {after: fuel_delivered_on, days: 60}      # within 60 days after a date fact

``after`` is ``birth`` (each child of the household; a child on the way opens a window that
has not started yet) or the key of a ``date`` fact. The span is ``years``, ``months`` or
``days`` (one of them, a positive whole number). The last day to apply is the day before the
span has passed: a child born on 2020-03-01 can be counted until 2025-02-28 (on 2025-03-01 it
is 5 years old), which matches a condition ``age_under: 5``.

The window does not change the status: the conditions decide that. It says, for the result,
whether the window is ``open`` (and ``closes_on`` the last day), ``closed`` (since
``closed_on``, the last day it was open) or ``unknown`` (the date fact is not known yet).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .facts import FACTS, Household
from .yamlload import CatalogueError, line_of

SPANS = ("years", "months", "days")


@dataclass(frozen=True)
class Window:
    after: str  # "birth" or a date fact key
    years: int = 0
    months: int = 0
    days: int = 0

    @property
    def fact(self) -> str | None:
        return None if self.after == "birth" else self.after

    def last_day(self, start: dt.date) -> dt.date:
        """The last day to apply, for a window that starts on ``start``."""
        if self.days:
            return start + dt.timedelta(days=self.days)
        return add_months(start, self.years * 12 + self.months) - dt.timedelta(days=1)


@dataclass(frozen=True)
class WindowState:
    state: str  # open | closed | unknown
    closes_on: dt.date | None = None  # open: the last day to apply (None: not started yet)
    closed_on: dt.date | None = None  # closed: the last day it was open

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def is_closed(self) -> bool:
        return self.state == "closed"

    @property
    def text(self) -> str:
        """A plain Dutch sentence ("" when there is nothing to say)."""
        if self.state == "closed" and self.closed_on:
            return f"De termijn om dit aan te vragen liep af op {self.closed_on:%d-%m-%Y}."
        if self.state == "open" and self.closes_on:
            return f"Nog aan te vragen tot en met {self.closes_on:%d-%m-%Y}."
        return ""


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months; the 29th-31st clamp to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_window(raw: Any, path: Path, line: int | None) -> Window:
    """The ``window:`` of a right, checked; a ``CatalogueError`` with file and line if wrong."""
    if not isinstance(raw, dict):
        raise CatalogueError(path, line, "'window' is een mapping met 'after' en een termijn")
    extra = set(raw) - {"after", *SPANS}
    if extra:
        k = sorted(extra)[0]
        raise CatalogueError(path, line_of(raw, k), f"onbekend veld '{k}' in 'window'")
    after = raw.get("after")
    fdef = FACTS.get(after) if isinstance(after, str) else None
    if after != "birth" and (fdef is None or fdef.type != "date" or fdef.derived):
        raise CatalogueError(
            path,
            line_of(raw, "after") or line,
            f"'window.after' is 'birth' of een datumgegeven, niet '{after}'",
        )
    spans = {k: raw[k] for k in SPANS if k in raw}
    if len(spans) != 1:
        raise CatalogueError(path, line, "'window' heeft precies een van years, months of days")
    (key, value), = spans.items()
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise CatalogueError(
            path, line_of(raw, key) or line, f"'window.{key}' is een positief geheel getal"
        )
    return Window(after=after, **{key: value})


def window_state(
    window: Window, household: Household, facts: Any, on: dt.date
) -> WindowState | None:
    """The window on ``on``; ``None`` when there is nothing it could run from (no children)."""
    if window.fact is not None:
        start = facts.get(window.fact)
        if not isinstance(start, dt.date):
            return WindowState("unknown")
        starts = [start]
        not_started = False
    else:
        starts = [m.birth_date for m in household.members if m.role == "child" and m.birth_date]
        not_started = any(m.role == "expected_child" for m in household.members)
    last_days = [window.last_day(s) for s in starts]
    still_open = [d for d in last_days if d >= on]
    if still_open:
        return WindowState("open", closes_on=min(still_open))
    if not_started:
        return WindowState("open")
    if last_days:
        return WindowState("closed", closed_on=max(last_days))
    return None
