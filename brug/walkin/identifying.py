"""Framework-free: does a free text hold something that identifies a person?

A walk-in visit is recorded without a dossier, so its question must not name or reach the
visitor. A name cannot be recognised reliably (street names, services and first names look
alike), so the form asks not to type names; what *can* be recognised is refused: an e-mail
address, a phone number, a national register number, a bank account number.
"""

from __future__ import annotations

import re

PATTERNS = (
    ("e-mail", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
    # Belgian national register number: yy.mm.dd-xxx.xx, with or without separators.
    ("rijksregisternummer", re.compile(r"\b\d{2}[.\s]?\d{2}[.\s]?\d{2}[-\s]?\d{3}[.\s]?\d{2}\b")),
    ("rekeningnummer", re.compile(r"\b[A-Z]{2}\d{2}(?:\s?\d{4}){3}\b", re.IGNORECASE)),
    # A phone number: nine or more digits, spaces, dots or slashes between them allowed.
    ("telefoonnummer", re.compile(r"(?:\+|\b0)\d(?:[\s./-]?\d){7,}")),
)


def identifying_parts(text: str) -> list[str]:
    """The kinds of identifying data found in `text` (empty: none found)."""
    return [kind for kind, pattern in PATTERNS if pattern.search(text or "")]
