"""The Today page's sections: what needs a worker today, gathered from every app.

The Today page (`brug.today`, the home page of every worker) knows no domain. Each app
contributes **sections** by registering them in its `AppConfig.ready`, like
`brug.core.assignment` providers and `brug.families.tabs`:

    from brug.core import today
    today.register(today.Section("reviews", build_reviews, priority=10, team=team_reviews))

The contract:

- `build(worker, day, *, subject=None) -> SectionResult | None` is called for every page view.
  `worker` is who looks (the access policy is always asked about *them*), `day` is today's
  date (`timezone.localdate()`), `subject` is whose work is shown: `None` means the worker's
  own; a coordinator's team view passes one of their team's workers (only sections registered
  with `team=` are asked). Return `None` (or a result without items) when there is nothing.
- A section reads **through the access policy** (`brug.access.policy`): only families the
  worker may see, an item only where the category it belongs to is granted, and a family seen
  without `identity` under `policy.neutral_label`. It must spend a **constant number of
  queries**, whatever the data size (a few narrow reads plus one batch policy check; tests
  count them). It records no audit read: Today is a list page, like the family list and the
  agenda, and shows labels and dates only (docs/today.md).
- `SectionResult`: a title, the items (label, url, date, urgency, detail), an optional `count`
  (when the section shows fewer items than there are; defaults to the number of items), an
  optional `more_url` (the full list) and a `template` (default `today/_section.html`; a
  section with its own layout names its own template, which gets `section` in its context).
- `counts=True` (default) adds the section's count to the "what needs me" total next to the
  Today link in the menu; informative sections (e.g. appointments today) register
  `counts=False`.
- `priority` orders the sections on the page (lower first); the key breaks ties.
- `team(coordinator, day) -> {worker_id: count}`: optional; the overdue work per worker of the
  coordinator's team in one grouped read (the team view's columns). A section with `team=`
  must accept `subject=` in `build` (the team view's per-worker page).

This module imports no app: it is the registry only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

OVERDUE = "overdue"  # past its date
DUE = "due"  # due today or this week / soon
NORMAL = "normal"
URGENCIES = (OVERDUE, DUE, NORMAL)


@dataclass(frozen=True)
class Item:
    label: str  # the family's name, or its neutral label without `identity`
    url: str
    date: date | None = None
    urgency: str = NORMAL
    detail: str = ""  # what is due (a programme, an organisation, a service): no family data

    @property
    def overdue(self) -> bool:
        return self.urgency == OVERDUE


@dataclass(frozen=True)
class SectionResult:
    title: str
    items: list[Item] = field(default_factory=list)
    count: int | None = None
    template: str = "today/_section.html"
    more_url: str = ""
    empty_text: str = ""
    key: str = ""  # filled in by `sections_for`

    @property
    def total(self) -> int:
        return len(self.items) if self.count is None else self.count

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)


@dataclass(frozen=True)
class Section:
    key: str
    build: Callable[..., SectionResult | None]
    priority: int = 100
    counts: bool = True
    team: Callable[..., dict[int, int]] | None = None
    # The team view's column heading (defaults to the result's title).
    team_label: str = ""


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add (or replace, by key) a section."""
    _sections[section.key] = section


def registered() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.priority, s.key))


def sections_for(worker, day: date, *, subject=None, counting_only: bool = False
                 ) -> list[tuple[Section, SectionResult]]:
    """The sections with something to show, in order. With `subject`, only team sections;
    with `counting_only`, only the sections that count (what the menu's total needs)."""
    found = []
    for section in registered():
        if subject is not None and section.team is None:
            continue
        if counting_only and not section.counts:
            continue
        kwargs = {"subject": subject} if subject is not None else {}
        result = section.build(worker, day, **kwargs)
        if result is None or not (result.items or result.total):
            continue
        found.append((section, replace(result, key=section.key)))
    return found


def needs_me(found: list[tuple[Section, SectionResult]]) -> int:
    """The menu's total: the counts of the sections that count."""
    return sum(result.total for section, result in found if section.counts)


def team_counts(coordinator, day: date) -> list[tuple[Section, dict[int, int]]]:
    return [(s, s.team(coordinator, day)) for s in registered() if s.team is not None]
