"""The dossier's overview at a glance: short blocks apps register in `AppConfig.ready`.

A block is `build(worker, family, access, day) -> Glance | None`, asked only when the worker
sees its `category` (the dossier page has already checked access and recorded the read, with
one `also=` category per block shown: the overview is audited like the dossier page). Each
block spends a constant number of queries (one or two narrow reads).

The next appointment comes from `brug.appointments.selectors.next_for_family(worker, family)`
when that app is installed (an optional import, see `next_appointment`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Glance:
    title: str
    lines: list[str] = field(default_factory=list)
    url: str = ""
    empty: str = ""


@dataclass(frozen=True)
class Block:
    key: str
    category: str
    build: Callable[..., Glance | None]
    order: int = 50


_blocks: dict[str, Block] = {}


def register(block: Block) -> None:
    _blocks[block.key] = block


def categories() -> set[str]:
    return {b.category for b in _blocks.values()}


def glances_for(worker, family, access, day: date) -> list[Glance]:
    found = []
    for block in sorted(_blocks.values(), key=lambda b: (b.order, b.key)):
        if not access.can_view(block.category):
            continue
        glance = block.build(worker, family, access, day)
        if glance is not None:
            found.append(glance)
    return found


def next_appointment(worker, family, access=None):
    """The family's next appointment this worker may see, if the appointments app exists
    (`access`: the page's, when it has it; else it is worked out again)."""
    try:
        from brug.appointments.selectors import next_for_family  # type: ignore[import-not-found]
    except ImportError:
        return None
    return next_for_family(worker, family, access=access)
