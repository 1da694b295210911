"""The one encoding of a short list of codes kept in a single text column: `,a,b,`.

Used for a worker's roles, the categories of a consent or referral, a programme's referrer
kinds, a service's life domains and a signal's B's. Why this shape (and not a JSON array or
a join table): one `LIKE '%,code,%'` finds the rows holding a code on PostgreSQL and SQLite
alike, partial indexes can be conditioned on it, and the lists are tiny.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q


def split(raw: str | None) -> list[str]:
    """The codes of a stored value, in their stored order; empty or None gives []."""
    return [code for code in (raw or "").split(",") if code]


def join(values: Iterable[str], order: Iterable[str]) -> str:
    """The stored value of `values`: each once, in the order of `order` (a choices class or a
    list of codes), codes outside `order` left out; nothing chosen gives ""."""
    chosen = {str(v) for v in values}
    ordered = [str(code) for code in order if str(code) in chosen]
    return "," + ",".join(ordered) + "," if ordered else ""


def needle(code: str) -> str:
    """What a stored value contains when it holds `code`."""
    return f",{code},"


def holds(field: str, code: str) -> Q:
    """Rows whose `field` holds `code` (the `LIKE` that indexes are conditioned on)."""
    return Q(**{f"{field}__contains": needle(code)})
