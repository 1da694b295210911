"""Population screening: many households against the whole catalogue, and CSV in/out.

The fast path reuses the closures compiled at catalogue load, resolves parameters once per
date and builds no explanation text. Explanations are built afterwards, only for the rights a
household probably misses (see :func:`missed_rows`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .catalogue import Catalogue, Right
from .conditions import Context
from .evaluate import Status, evaluate_right
from .facts import FACTS, INPUT_FACTS, FactValidationError, Household, derive, validate_household
from .parameters import DEFAULT_MAX_AGE_MONTHS
from .texts import money

_LIKELY, _POSSIBLY, _NOT, _RECEIVED = Status.LIKELY, Status.POSSIBLY, Status.NOT, Status.RECEIVED


@dataclass(frozen=True)
class ScreeningResult:
    household_id: str
    household: Household
    statuses: tuple[Status, ...]  # aligned with ``catalogue.rights``

    def missed(self, catalogue: Catalogue) -> list[tuple[Right, Status]]:
        return [(r, s) for r, s in zip(catalogue.rights, self.statuses) if s is _LIKELY or s is _POSSIBLY]


def _compiled(catalogue: Catalogue) -> tuple[tuple[str, tuple, str | None], ...]:
    cached = getattr(catalogue, "_screen_plan", None)
    if cached is None:
        cached = tuple((r.id, tuple(c.fn for c in r.conditions), r.received_if) for r in catalogue.rights)
        catalogue._screen_plan = cached  # type: ignore[attr-defined]
    return cached


def screen_household(catalogue: Catalogue, household: Household, on: dt.date,
                     params: dict[str, Any] | None = None) -> tuple[Status, ...]:
    """Status of every right for one validated household (fast path, no explanations)."""
    facts, views, missing = derive(household, on)
    ctx = Context(facts, views, missing, params if params is not None else catalogue.params_at(on), on)
    received = household.already_received
    out = []
    for rid, fns, received_if in _compiled(catalogue):
        if rid in received or (received_if is not None and facts.get(received_if) is True):
            out.append(_RECEIVED)
            continue
        status = _LIKELY
        for fn in fns:
            v = fn(ctx, None)
            if v is False:
                status = _NOT
                break
            if v is None:
                status = _POSSIBLY
        out.append(status)
    return tuple(out)


def screen(catalogue: Catalogue, households: Iterable[tuple[str, Household]], on: dt.date) -> Iterator[ScreeningResult]:
    """Screen (id, validated household) pairs; yields one :class:`ScreeningResult` each."""
    params = catalogue.params_at(on)
    for hid, household in households:
        yield ScreeningResult(hid, household, screen_household(catalogue, household, on, params))


# ---------------------------------------------------------------------------------------------
# CSV input

LIST_COLUMNS = ("parent_birth_dates", "children_birth_dates", "children_school_levels", "children_disability",
                "expected_due_dates", "already_received")
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
    if "," in t and "." in t:
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
        if not raw.isdigit() or int(raw) > 10:
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
        errors.append(("children_disability", "Er zijn meer antwoorden over handicap dan kinderen."))
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
        return field[len("facts."):]
    if field.startswith("members["):
        idx = int(field[len("members["):field.index("]")])
        column = member_columns[idx] if idx < len(member_columns) else "children_birth_dates"
        if field.endswith(".school_level"):
            return "children_school_levels"
        if field.endswith(".disability"):
            return "children_disability"
        return column
    if field == "members":
        return "children_birth_dates"
    return field


def read_households_csv(source: str | Path | IO[str], on: dt.date, catalogue: Catalogue | None = None) -> CsvReadResult:
    """Read one household per row. Bad rows become :class:`RowError` entries; good rows are returned.

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
            result.errors.append(RowError(line, "household_id", f"household_id '{hid}' komt al eerder voor."))
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


# ---------------------------------------------------------------------------------------------
# Output: households x rights probably missed

OUTPUT_COLUMNS = ("household_id", "right_id", "right_name", "life_domain", "status", "status_label",
                  "amount_low", "amount_high", "period", "amount_text", "reasons", "questions",
                  "may_be_outdated", "unverified_figures")


def missed_rows(catalogue: Catalogue, results: Iterable[ScreeningResult], on: dt.date,
                max_age_months: int = DEFAULT_MAX_AGE_MONTHS) -> Iterator[dict[str, str]]:
    """One row per (household, right) that is likely or possibly missed, with Dutch reasons."""
    from .evaluate import make_context
    from .questions import question_for

    for res in results:
        missed = res.missed(catalogue)
        if not missed:
            continue
        ctx = make_context(catalogue, res.household, on)
        for right, _ in missed:
            r = evaluate_right(right, ctx, catalogue, res.household, max_age_months)
            amount = r.amount
            yield {
                "household_id": res.household_id,
                "right_id": right.id,
                "right_name": right.name,
                "life_domain": right.domain_label,
                "status": r.status.value,
                "status_label": r.status.label,
                "amount_low": "" if amount is None or amount.low is None else f"{amount.low:.2f}",
                "amount_high": "" if amount is None or amount.high is None else f"{amount.high:.2f}",
                "period": "" if amount is None else amount.period_label,
                "amount_text": "" if amount is None else (amount.display if amount.low is not None else ""),
                "reasons": " | ".join(c.text for c in r.conditions if c.value is True),
                "questions": " | ".join(question_for(k, res.household).text for k in r.missing_facts),
                "may_be_outdated": "ja" if r.may_be_outdated else "nee",
                "unverified_figures": "ja" if r.has_unverified_figures else "nee",
            }


def write_missed_csv(rows: Iterable[dict[str, str]], target: str | Path | IO[str]) -> int:
    """Write rows from :func:`missed_rows` as CSV (UTF-8); returns the number of rows."""
    own = isinstance(target, (str, Path))
    fh: IO[str] = open(target, "w", encoding="utf-8", newline="") if own else target  # type: ignore[arg-type]
    try:
        writer = csv.DictWriter(fh, fieldnames=OUTPUT_COLUMNS)
        writer.writeheader()
        n = 0
        for row in rows:
            writer.writerow(row)
            n += 1
        return n
    finally:
        if own:
            fh.close()


def write_errors_csv(errors: Iterable[RowError], target: IO[str]) -> None:
    writer = csv.writer(target)
    writer.writerow(("row", "column", "message"))
    for e in errors:
        writer.writerow((e.row, e.column, e.message))


def write_missed_xlsx(rows: Iterable[dict[str, str]], target: str | Path) -> int:
    """Same as :func:`write_missed_csv` but as an XLSX sheet (needs openpyxl, imported lazily)."""
    from openpyxl import Workbook  # lazy: optional dependency

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Rechten")
    ws.append(list(OUTPUT_COLUMNS))
    n = 0
    for row in rows:
        ws.append([row[c] for c in OUTPUT_COLUMNS])
        n += 1
    wb.save(str(target))
    return n


def format_amount(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    return money(low) if low == high else f"{money(low)} tot {money(high)}"


__all__ = [
    "CSV_COLUMNS", "OUTPUT_COLUMNS", "CsvReadResult", "RowError", "ScreeningResult",
    "missed_rows", "read_households_csv", "screen", "screen_household", "write_errors_csv",
    "write_missed_csv", "write_missed_xlsx",
]
