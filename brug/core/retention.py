"""Free text that each app clears when a dossier reaches the end of its retention period.

`brug.families.retention` anonymises a family and then calls every registered anonymiser
with the family's id, inside the same transaction. Each app registers its own from its
AppConfig.ready, so the retention process never imports the apps (like `core.assignment`).

An anonymiser clears words people wrote (notes, minutes, reasons, questions) and keeps what
statistics and the signal bundle count: rows, dates, kinds, statuses, minutes, categories.
"""

from __future__ import annotations

from collections.abc import Callable

# Put where a value must stay non-empty (a database constraint or a required reason).
ERASED = "(gewist na de bewaartermijn)"

# Each anonymiser: anonymiser(family_id: int) -> None
_anonymisers: list[Callable[[int], None]] = []


def register(anonymiser: Callable[[int], None]) -> None:
    if anonymiser not in _anonymisers:
        _anonymisers.append(anonymiser)


def anonymise_free_text(family_id: int) -> None:
    for anonymiser in list(_anonymisers):
        anonymiser(family_id)


# Time-based purges (data kept for a period, not tied to a dossier's end), run by the daily
# `manage.py apply_retention`: purge(today) -> number of objects removed.
_purges: list[Callable[..., int]] = []


def register_purge(purge: Callable[..., int]) -> None:
    if purge not in _purges:
        _purges.append(purge)


def run_purges(today=None) -> int:
    return sum(purge(today) for purge in list(_purges))
