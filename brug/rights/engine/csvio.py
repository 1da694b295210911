"""CSV input for population screening: one household per row, bad rows reported, never a crash.

Columns (all optional except ``household_id``): see ``CSV_COLUMNS`` and docs/rights-engine.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .catalogue import Catalogue
from .facts import FACTS, INPUT_FACTS, FactValidationError, Household, validate_household

# ---------------------------------------------------------------------------------------------
# CSV input

LIST_COLUMNS = (
    "parent_birth_dates",
    "children_birth_dates",
    "children_school_levels",
    "children_disability",
    "expected_due_dates",
    "already_received",
)
COUNT_COLUMNS = ("parents", "other_adults")
FACT_COLUMNS = tuple(f.key for f in INPUT_FACTS)
CSV_COLUMNS = ("household_id",) + COUNT_COLUMNS + LIST_COLUMNS + FACT_COLUMNS
_TRUE = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
_FALSE = {"nee", "n", "no", "false", "onwaar", "0"}


@dataclass(frozen=True)
class RowError:
    row: int  # line number in the file (the header is row 1)
    column: str
    message: str  # Dutch


@dataclass
class CsvReadResult:
    households: list[tuple[str, Household, int]]  # (household_id, household, row number)
    errors: list[RowError]


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(";")] if text.strip() else []


def _parse_bool(text: str) -> bool | None | str:
    t = text.strip().lower()
    if not t:
        return None
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    return "Antwoord met ja of nee."


def _parse_number(text: str) -> float | None | str:
    t = text.strip().replace(" ", "").replace("€", "")
    if not t:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")  # Dutch thousands separator: 25.000 is twenty-five thousand
    elif "," in t and "." in t:
        t = t.replace(".", "").replace(",", ".")
    elif "," in t:
        t = t.replace(",", ".")
    try:
        value = float(t)
    except ValueError:
        return "Vul een getal in."
    return int(value) if value.is_integer() else value


def _row_to_data(row: dict[str, str], errors: list[tuple[str, str]]) -> tuple[dict, list[str]]:
    """Build household data from one CSV row; returns (data, column of each member)."""
    members: list[dict] = []
    member_columns: list[str] = []

    def count(col: str, default: int) -> int:
        raw = (row.get(col) or "").strip()
        if not raw:
            return default
        if not raw.isdecimal() or int(raw) > 10:
            errors.append((col, "Vul een klein geheel getal in."))
            return default
        return int(raw)

    parent_dates = _split(row.get("parent_birth_dates") or "")
    n_parents = count("parents", max(len(parent_dates), 1))
    if len(parent_dates) > n_parents:
        errors.append(("parent_birth_dates", "Er zijn meer geboortedata dan ouders."))
    for i in range(n_parents):
        m: dict[str, Any] = {"role": "parent"}
        if i < len(parent_dates) and parent_dates[i]:
            m["birth_date"] = parent_dates[i]
        members.append(m)
        member_columns.append("parent_birth_dates")
    for _ in range(count("other_adults", 0)):
        members.append({"role": "other_adult"})
        member_columns.append("other_adults")
    births = _split(row.get("children_birth_dates") or "")
    levels = _split(row.get("children_school_levels") or "")
    disab = _split(row.get("children_disability") or "")
    if len(levels) > len(births):
        errors.append(("children_school_levels", "Er zijn meer onderwijsniveaus dan kinderen."))
    if len(disab) > len(births):
        errors.append(
            ("children_disability", "Er zijn meer antwoorden over handicap dan kinderen.")
        )
    for i, b in enumerate(births):
        m = {"role": "child", "birth_date": b or None}
        if i < len(levels) and levels[i]:
            m["school_level"] = levels[i]
        if i < len(disab) and disab[i]:
            v = _parse_bool(disab[i])
            if isinstance(v, str):
                errors.append(("children_disability", v))
            elif v is not None:
                m["disability"] = v
        members.append(m)
        member_columns.append("children_birth_dates")
    for d in _split(row.get("expected_due_dates") or ""):
        members.append({"role": "expected_child", "due_date": d})
        member_columns.append("expected_due_dates")
    facts: dict[str, Any] = {}
    for key in FACT_COLUMNS:
        raw = row.get(key)
        if raw is None or not raw.strip():
            continue
        ftype = FACTS[key].type
        if ftype == "bool":
            value: Any = _parse_bool(raw)
        elif ftype == "number":
            value = _parse_number(raw)
        else:
            value = raw.strip()
        if isinstance(value, str) and ftype in ("bool", "number"):
            errors.append((key, value))
            continue
        facts[key] = value
    received = _split(row.get("already_received") or "")
    return {"members": members, "facts": facts, "already_received": received}, member_columns


def _column_for(field: str, member_columns: list[str]) -> str:
    if field.startswith("facts."):
        return field[len("facts.") :]
    if field.startswith("members["):
        idx = int(field[len("members[") : field.index("]")])
        column = member_columns[idx] if idx < len(member_columns) else "children_birth_dates"
        if field.endswith(".school_level"):
            return "children_school_levels"
        if field.endswith(".disability"):
            return "children_disability"
        return column
    if field == "members":
        return "children_birth_dates"
    return field


def read_households_csv(
    source: str | Path | IO[str], on: dt.date, catalogue: Catalogue | None = None
) -> CsvReadResult:
    """Read one household per row.

    Bad rows become :class:`RowError` entries; good rows are returned.

    Never raises for bad content: a missing ``household_id`` column or an unreadable file gives a
    single error for row 1.
    """
    result = CsvReadResult([], [])
    try:
        if isinstance(source, (str, Path)):
            text = Path(source).read_text(encoding="utf-8-sig")
        else:
            text = source.read()
    except (OSError, UnicodeDecodeError) as exc:
        result.errors.append(RowError(1, "", f"Het bestand kan niet gelezen worden: {exc}"))
        return result
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") and "household_id;" in sample else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = reader.fieldnames or []
    if "household_id" not in header:
        result.errors.append(RowError(1, "household_id", "De kolom household_id ontbreekt."))
        return result
    for col in header:
        if col not in CSV_COLUMNS:
            result.errors.append(RowError(1, col, f"Onbekende kolom '{col}'; ze wordt genegeerd."))
    known = [r.id for r in catalogue.rights] if catalogue is not None else None
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        hid = (row.get("household_id") or "").strip()
        if None in row:
            result.errors.append(RowError(line, "", "Deze rij heeft meer velden dan de hoofding."))
            continue
        if not hid:
            result.errors.append(RowError(line, "household_id", "household_id is leeg."))
            continue
        if hid in seen:
            result.errors.append(
                RowError(line, "household_id", f"household_id '{hid}' komt al eerder voor.")
            )
            continue
        seen.add(hid)
        errors: list[tuple[str, str]] = []
        data, member_columns = _row_to_data(row, errors)
        try:
            household = validate_household(data, on, known_rights=known)
        except FactValidationError as exc:
            errors.extend(exc.errors)
            household = None
        if errors:
            for field, message in errors:
                result.errors.append(RowError(line, _column_for(field, member_columns), message))
            continue
        result.households.append((hid, household, line))  # type: ignore[arg-type]
    return result


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())  # one line per cell keeps row numbers right


def read_households_xlsx(
    source: str | Path | IO[bytes], on: dt.date, catalogue: Catalogue | None = None
) -> CsvReadResult:
    """Read the first sheet of an XLSX file with the CSV columns (needs openpyxl).

    Row numbers are the sheet's rows (the header is row 1); a file that is not a workbook gives a
    single error for row 1.
    """
    from openpyxl import load_workbook  # lazy: optional dependency

    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        return CsvReadResult(
            [], [RowError(1, "", "Het bestand is geen geldig Excel-bestand (.xlsx).")]
        )
    try:
        ws = wb.worksheets[0] if wb.worksheets else None
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        if ws is not None:
            for row in ws.iter_rows(values_only=True):
                writer.writerow([_xlsx_cell(v) for v in row])
    finally:
        wb.close()
    buf.seek(0)
    return read_households_csv(buf, on, catalogue)


def household_data(household: Household) -> dict[str, Any]:
    """A validated household back as JSON-safe input for :func:`validate_household`."""

    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value

    return {
        "members": [
            {
                "role": m.role,
                "birth_date": plain(m.birth_date),
                "due_date": plain(m.due_date),
                "school_level": m.school_level,
                "disability": m.disability,
                "label": m.label,
            }
            for m in household.members
        ],
        "facts": {k: plain(v) for k, v in household.facts.items()},
        "already_received": sorted(household.already_received),
    }
