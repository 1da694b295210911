"""CSV written so that a spreadsheet never runs a cell as a formula.

Excel and LibreOffice treat a cell that starts with `=`, `+`, `-` or `@` (and, in some
versions, a tab or carriage return) as a formula: a family name typed as
`=HYPERLINK("http://…")` would otherwise run on the coordinator's machine when the export is
opened (OWASP "CSV injection"). Such a cell gets a leading apostrophe, which the spreadsheet
shows as text and hides. Numbers that Brug itself writes (ints, floats) are left alone.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


class SafeWriter:
    """`csv.writer` whose rows go through `safe_row` (same `writerow`/`writerows`)."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]):
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):
    """`csv.DictWriter` whose values go through `safe_cell`."""

    def writerow(self, rowdict):
        return super().writerow({k: safe_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts):
        for row in rowdicts:
            self.writerow(row)
