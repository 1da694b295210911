"""The catalogue's data model: rights, named conditions, amounts, and the catalogue itself."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brug.core.domain_names import GOAL_PLAN

from .conditions import Fn
from .parameters import Parameter
from .windows import Window

DEFAULT_CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "catalogue"

# The nine life domains of `brug.core.domain_names` (plain data, no Django), capitalised.
DOMAINS = {code: label.capitalize() for _name, code, label in GOAL_PLAN}
LEVELS = {
    "federal": "federaal",
    "flemish": "Vlaams",
    "provincial": "provinciaal",
    "local": "lokaal",
}
GRANTING = {
    "automatic": "Je krijgt dit automatisch.",
    "on_application": "Je moet dit zelf aanvragen.",
    "partly": "Je krijgt dit soms automatisch; anders vraag je het zelf aan.",
}
PERIODS = {
    "once": "eenmalig",
    "month": "per maand",
    "year": "per jaar",
    "day": "per opvangdag",
    "school_year": "per schooljaar",
}

RIGHT_FIELDS_REQUIRED = (
    "id",
    "name",
    "domain",
    "level",
    "granting_body",
    "description",
    "granting",
    "how_to_apply",
    "conditions",
    "legal",
    "sources",
)
RIGHT_FIELDS_OPTIONAL = (
    "municipality",
    "postcodes",
    "where",
    "when",
    "documents",
    "amount",
    "benefit",
    "received_if",
    "notes",
    "valid_from",
    "valid_until",
    "window",
)
CONDITION_FIELDS = {
    "id",
    "label",
    "label_false",
    "legal",
    "test",
    "any_of",
    "all_of",
    "valid_from",
    "valid_until",
    "granting",
    "ask_first",
}
PLACEHOLDER = re.compile(r"\{([a-z0-9_.]+)\}")
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


@dataclass(frozen=True)
class Condition:
    """A named test with its legal reference; a leaf has ``test``, a group has ``children``."""

    id: str
    label: str
    label_false: str
    legal: str
    fn: Fn
    children: tuple[Condition, ...] = ()
    mode: str = "test"  # test | any_of | all_of
    facts: frozenset[str] = frozenset()
    line: int | None = None
    valid_from: dt.date | None = None  # the rule is in force from this date (inclusive) ...
    valid_until: dt.date | None = None  # ... until this date (inclusive)
    granting: str = ""  # for a ground: automatic | on_application ("" = the right's own)
    # While this (top-level) condition is unknown, only its facts are asked: the other
    # conditions cannot matter yet (e.g. "needs a lawyer" before the income questions).
    ask_first: bool = False

    def in_force(self, on: dt.date) -> bool:
        return (self.valid_from is None or on >= self.valid_from) and (
            self.valid_until is None or on <= self.valid_until
        )


@dataclass(frozen=True)
class AmountCase:
    when: Fn | None
    value: Fn
    explain: str


@dataclass(frozen=True)
class AmountSpec:
    period: str
    cases: tuple[AmountCase, ...]


@dataclass(frozen=True)
class Right:
    id: str
    name: str
    domain: str
    level: str
    granting_body: str
    description: str
    granting: str
    how_to_apply: str
    conditions: tuple[Condition, ...]
    legal: tuple[str, ...]
    sources: tuple[str, ...]
    municipality: str | None = None
    postcodes: tuple[str, ...] = ()
    where: str = ""
    when: str = ""
    documents: tuple[str, ...] = ()
    amount: AmountSpec | None = None
    benefit: str = ""
    received_if: str | None = None
    notes: str = ""
    valid_from: dt.date | None = None  # the right exists from this date
    valid_until: dt.date | None = None  # abolished after this date
    params: frozenset[str] = frozenset()
    facts: frozenset[str] = frozenset()
    path: str = ""
    line: int | None = None
    window: Window | None = None  # until when it can be applied for (windows.py)

    @property
    def domain_label(self) -> str:
        return DOMAINS[self.domain]

    @property
    def granting_text(self) -> str:
        return GRANTING[self.granting]


@dataclass
class Catalogue:
    rights: tuple[Right, ...]
    parameters: dict[str, Parameter]
    directory: str = ""
    _params_cache: dict[dt.date, dict[str, Any]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {r.id: r for r in self.rights}

    def right(self, right_id: str) -> Right:
        return self.by_id[right_id]

    def params_at(self, on: dt.date) -> dict[str, Any]:
        """Parameter id -> value in force on ``on`` (``None`` if none). Cached per date."""
        cached = self._params_cache.get(on)
        if cached is None:
            cached = {}
            for pid, p in self.parameters.items():
                v = p.at(on)
                cached[pid] = None if v is None else v.value
            if len(self._params_cache) > 64:
                self._params_cache.clear()
            self._params_cache[on] = cached
        return cached

    def rights_for_municipality(self, municipality: str | None) -> tuple[Right, ...]:
        """Non-local rights plus the local rights of ``municipality``."""
        key = (municipality or "").casefold()
        return tuple(
            r for r in self.rights if r.level != "local" or (r.municipality or "").casefold() == key
        )
