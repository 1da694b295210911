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
  without `identity` under `policy.neutral_label`. An item about a family is made with
  `family_item(family_id, ..., needs=category)`: `sections_for` checks and labels the families
  of all sections in one batch policy check (`policy.family_label_grants`) and leaves out the
  items whose category is not granted. A section must spend a **constant number of
  queries**, whatever the data size (a few narrow reads; tests count them). It records no
  audit read: Today is a list page, like the family list and the agenda, and shows labels
  and dates only (docs/today.md).
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
    # An item made by `family_item`: its label is filled in by `sections_for`.
    family_id: int | None = None
    needs: str | None = None
    unnamed_too: bool = False

    @property
    def overdue(self) -> bool:
        return self.urgency == OVERDUE

    @property
    def pending(self) -> bool:
        return self.family_id is not None and not self.label


def family_item(family_id: int, url: str, date: date | None = None, urgency: str = NORMAL,
                detail: str = "", *, needs: str, unnamed_too: bool = False) -> Item:
    """An item about a family, labelled by `sections_for` for all sections at once (one batch
    policy check for the page instead of one per section). It is shown only where the worker
    sees category `needs` of the family, under its name with `identity` and its neutral label
    without; with `unnamed_too` it is shown whatever the family shares (a referral addressed
    to the worker), under the neutral label when `identity` is not granted."""
    return Item("", url, date, urgency, detail, family_id=family_id, needs=needs,
                unnamed_too=unnamed_too)


# labels(worker, family_ids, day) -> {family_id: (label, granted categories)} for every id:
# `brug.access.policy.family_label_grants`, passed in by the views (core imports no app).
Labeller = Callable[..., dict[int, tuple[str, frozenset[str]]]]


def _labelled(item: Item, grants: dict[int, tuple[str, frozenset[str]]]) -> Item | None:
    if not item.pending:
        return item
    label, categories = grants[item.family_id]
    if item.unnamed_too or (item.needs in categories):
        return replace(item, label=label)
    return None


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


def sections_for(worker, day: date, *, labels: Labeller, subject=None,
                 counting_only: bool = False) -> list[tuple[Section, SectionResult]]:
    """The sections with something to show, in order. With `subject`, only team sections;
    with `counting_only`, only the sections that count (what the menu's total needs).
    The items made by `family_item` are labelled here, by one call of `labels` for the
    families of all sections."""
    built = []
    for section in registered():
        if subject is not None and section.team is None:
            continue
        if counting_only and not section.counts:
            continue
        kwargs = {"subject": subject} if subject is not None else {}
        result = section.build(worker, day, **kwargs)
        if result is not None:
            built.append((section, result))
    pending = {item.family_id for _, result in built for item in result.items if item.pending}
    grants = labels(worker, pending, day=day) if pending else {}
    found = []
    for section, result in built:
        if grants:
            items = [_labelled(item, grants) for item in result.items]
            result = replace(result, items=[item for item in items if item is not None])
        if not (result.items or result.total):
            continue
        found.append((section, replace(result, key=section.key)))
    return found


def needs_me(found: list[tuple[Section, SectionResult]]) -> int:
    """The menu's total: the counts of the sections that count."""
    return sum(result.total for section, result in found if section.counts)


def team_counts(coordinator, day: date) -> list[tuple[Section, dict[int, int]]]:
    return [(s, s.team(coordinator, day)) for s in registered() if s.team is not None]
