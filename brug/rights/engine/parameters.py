"""Dated parameters: every amount and threshold, with the date it applies from and its source."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .yamlload import CatalogueError, MarkedDict, MarkedList, line_of

ParamScalar = int | float
ParamTable = dict[int, float]
ParamData = ParamScalar | ParamTable

DEFAULT_MAX_AGE_MONTHS = 18


@dataclass(frozen=True)
class ParamValue:
    valid_from: dt.date
    value: ParamData
    source: str
    unverified: bool = False
    note: str = ""
    valid_until: dt.date | None = None


# Indexation schedules: when a figure changes by rule (rights-facts.md §1 "Indexering").
# ``september``: every 1 September (Groeipakket amounts); ``january``: every 1 January
# (kleutertoeslag, inkomenstarief); ``irregular``: when an index is crossed (health index, e.g.
# the leefloon) -- then only the age of the figure (max_age_months) warns.
SCHEDULES = {"september": 9, "january": 1, "irregular": None}


@dataclass(frozen=True)
class StaleFigure:
    """A scheduled figure evaluated past its last verified value (`Parameter.staleness`)."""

    last_verified: dt.date | None  # valid_from of the newest verified value (or None)
    missed_step: dt.date  # the first scheduled change after it, on or before the date asked


@dataclass(frozen=True)
class Parameter:
    id: str
    description: str
    unit: str
    values: tuple[ParamValue, ...]  # sorted by valid_from
    is_table: bool = False
    _starts: tuple[dt.date, ...] = field(default=(), repr=False, compare=False)
    schedule: str = ""  # a key of SCHEDULES, or "" (no schedule known)

    def at(self, on: dt.date) -> ParamValue | None:
        """The value in force on ``on`` (``None`` before the first value or after an end)."""
        i = bisect.bisect_right(self._starts, on) - 1
        if i < 0:
            return None
        value = self.values[i]
        if value.valid_until is not None and on > value.valid_until:
            return None
        return value

    def next_step(self, after: dt.date) -> dt.date | None:
        """The first scheduled indexation date strictly after ``after`` (None: no schedule)."""
        month = SCHEDULES.get(self.schedule)
        if month is None:
            return None
        candidate = dt.date(after.year, month, 1)
        return candidate if candidate > after else dt.date(after.year + 1, month, 1)

    def staleness(self, on: dt.date) -> StaleFigure | None:
        """Whether ``on`` lies past the last *verified* figure of a scheduled parameter.

        The figure used on ``on`` is the last verified one, or an unverified one, or none; if
        a scheduled step (e.g. 1 September) fell between the last verified figure and ``on``,
        the amount applied is not a checked one, and the result must say so.
        """
        if SCHEDULES.get(self.schedule) is None:
            return None
        current = self.at(on)
        if current is None and (not self.values or on < self.values[0].valid_from):
            return None  # before the first value: already "no figure" (a separate note)
        if current is None and self.values[-1].valid_until is not None and (
            on > self.values[-1].valid_until
        ):
            return None  # the figure ended (abolished): no indexation is expected
        verified = [v for v in self.values if not v.unverified and v.valid_from <= on]
        last = verified[-1].valid_from if verified else None
        step = self.next_step(last) if last else self.values[0].valid_from
        if step is not None and step <= on:
            return StaleFigure(last, step)
        return None


def months_between(earlier: dt.date, later: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    if later.day < earlier.day:
        months -= 1
    return months


def is_outdated(value: ParamValue, on: dt.date, max_age_months: int) -> bool:
    return months_between(value.valid_from, on) > max_age_months


def _number(raw: Any) -> bool:
    return isinstance(raw, (int, float)) and not isinstance(raw, bool)


def _parse_value(raw: Any, path: Path, line: int | None) -> tuple[ParamData, bool]:
    if _number(raw):
        return raw, False
    if isinstance(raw, dict) and raw:
        table: dict[int, float] = {}
        for k, v in raw.items():
            if not isinstance(k, int) or isinstance(k, bool) or not _number(v):
                raise CatalogueError(
                    path,
                    line_of(raw, k, line),
                    "een tabel heeft gehele getallen als sleutel en getallen als waarde",
                )
            table[k] = v
        return table, True
    raise CatalogueError(path, line, "'value' moet een getal of een tabel van getallen zijn")


def parse_parameter(pid: str, raw: Any, path: Path, line: int | None) -> Parameter:
    if not isinstance(raw, dict):
        raise CatalogueError(path, line, f"parameter '{pid}' moet een mapping zijn")
    for req in ("description", "unit", "values"):
        if req not in raw:
            raise CatalogueError(
                path, line_of(raw), f"parameter '{pid}': verplicht veld '{req}' ontbreekt"
            )
    unknown = set(raw) - {"description", "unit", "values", "schedule"}
    if unknown:
        key = sorted(unknown)[0]
        raise CatalogueError(path, line_of(raw, key), f"parameter '{pid}': onbekend veld '{key}'")
    raw_values = raw["values"]
    if not isinstance(raw_values, list) or not raw_values:
        raise CatalogueError(
            path,
            line_of(raw, "values"),
            f"parameter '{pid}': 'values' moet een niet-lege lijst zijn",
        )
    values: list[tuple[ParamValue, int | None]] = []
    kinds: set[bool] = set()
    allowed = {"valid_from", "valid_until", "value", "source", "unverified", "note"}
    for i, item in enumerate(raw_values):
        item_line = line_of(raw_values, i) if isinstance(raw_values, MarkedList) else line
        if not isinstance(item, dict):
            raise CatalogueError(path, item_line, f"parameter '{pid}': elke waarde is een mapping")
        extra = set(item) - allowed
        if extra:
            key = sorted(extra)[0]
            raise CatalogueError(
                path, line_of(item, key, item_line), f"parameter '{pid}': onbekend veld '{key}'"
            )
        for req in ("valid_from", "value", "source"):
            if req not in item:
                what = "bron (source)" if req == "source" else f"'{req}'"
                raise CatalogueError(
                    path, line_of(item, None, item_line), f"parameter '{pid}': {what} ontbreekt"
                )
        vf = item["valid_from"]
        if not isinstance(vf, dt.date) or isinstance(vf, dt.datetime):
            raise CatalogueError(
                path,
                line_of(item, "valid_from", item_line),
                f"parameter '{pid}': 'valid_from' moet een datum zijn (JJJJ-MM-DD)",
            )
        vu = item.get("valid_until")
        if vu is not None and (not isinstance(vu, dt.date) or vu < vf):
            raise CatalogueError(
                path,
                line_of(item, "valid_until", item_line),
                f"parameter '{pid}': 'valid_until' moet een datum na 'valid_from' zijn",
            )
        source = item["source"]
        if not isinstance(source, str) or not source.strip():
            raise CatalogueError(
                path,
                line_of(item, "source", item_line),
                f"parameter '{pid}': bron (source) ontbreekt of is leeg",
            )
        if not source.strip().startswith(("http://", "https://")):
            raise CatalogueError(
                path,
                line_of(item, "source", item_line),
                f"parameter '{pid}': de bron moet met een URL beginnen",
            )
        unverified = item.get("unverified", False)
        if not isinstance(unverified, bool):
            raise CatalogueError(
                path,
                line_of(item, "unverified", item_line),
                f"parameter '{pid}': 'unverified' is true of false",
            )
        data, is_table = _parse_value(item["value"], path, line_of(item, "value", item_line))
        kinds.add(is_table)
        values.append(
            (
                ParamValue(vf, data, source.strip(), unverified, str(item.get("note", "")), vu),
                line_of(item, "valid_from", item_line),
            )
        )
    if len(kinds) > 1:
        raise CatalogueError(
            path, line_of(raw, "values"), f"parameter '{pid}': meng geen getallen en tabellen"
        )
    # Values must be listed in date order, without duplicates or overlaps.
    for (prev, _), (cur, cur_line) in zip(values, values[1:], strict=False):
        if cur.valid_from <= prev.valid_from:
            raise CatalogueError(
                path,
                cur_line,
                f"parameter '{pid}': valid_from {cur.valid_from} is dubbel of niet in volgorde "
                f"(vorige: {prev.valid_from})",
            )
        if prev.valid_until is not None and prev.valid_until >= cur.valid_from:
            raise CatalogueError(
                path,
                cur_line,
                f"parameter '{pid}': periodes overlappen "
                f"({prev.valid_from}–{prev.valid_until} en vanaf {cur.valid_from})",
            )
    ordered = tuple(v for v, _ in values)
    schedule = raw.get("schedule", "")
    if schedule and schedule not in SCHEDULES:
        raise CatalogueError(
            path,
            line_of(raw, "schedule"),
            f"parameter '{pid}': onbekende indexering '{schedule}' (kies: {', '.join(SCHEDULES)})",
        )
    if schedule and SCHEDULES[schedule] is not None:
        month = SCHEDULES[schedule]
        for v, v_line in values:
            if (v.valid_from.month, v.valid_from.day) != (month, 1):
                # An off-schedule value (e.g. a mid-year correction) is allowed but must be
                # explained in its note, so a reader knows it is not a typo.
                if not v.note:
                    raise CatalogueError(
                        path,
                        v_line,
                        f"parameter '{pid}': waarde vanaf {v.valid_from} valt niet op de "
                        f"indexeringsdatum (1/{month}); leg dat uit in 'note'",
                    )
    description = raw["description"]
    if not isinstance(description, str) or not description.strip():
        raise CatalogueError(
            path, line_of(raw, "description"), f"parameter '{pid}': 'description' is leeg"
        )
    return Parameter(
        id=pid,
        description=description.strip(),
        unit=str(raw["unit"]),
        values=ordered,
        is_table=kinds == {True},
        _starts=tuple(v.valid_from for v in ordered),
        schedule=str(schedule or ""),
    )


def parse_parameter_file(data: Any, path: Path) -> list[tuple[Parameter, int | None]]:
    if (
        not isinstance(data, MarkedDict)
        or set(data) != {"parameters"}
        or not isinstance(data["parameters"], dict)
    ):
        raise CatalogueError(
            path,
            line_of(data, None, 1),
            "een parameterbestand bevat alleen de sleutel 'parameters'",
        )
    params = data["parameters"]
    out = []
    for pid, raw in params.items():
        line = line_of(params, pid)
        if (
            not isinstance(pid, str)
            or not pid.replace(".", "").replace("_", "").isalnum()
            or pid != pid.lower()
        ):
            raise CatalogueError(
                path, line, f"ongeldige parameternaam '{pid}' (kleine letters, cijfers, '_' en '.')"
            )
        out.append((parse_parameter(pid, raw, path, line), line))
    return out


def table_lookup(table: ParamTable, key: int) -> float:
    """Value for ``key`` in a table.

    Keys above the largest use the largest; keys below the smallest use the smallest.
    """
    if key in table:
        return table[key]
    keys = sorted(table)
    if key > keys[-1]:
        return table[keys[-1]]
    if key < keys[0]:
        return table[keys[0]]
    # between keys: take the nearest lower key
    lower = [k for k in keys if k <= key]
    return table[lower[-1]]
