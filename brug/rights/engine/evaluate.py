"""Evaluating one household against the catalogue, with reasons, amounts and figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .catalogue import GRANTING, PERIODS, Catalogue, Condition, Right
from .conditions import Context
from .derived import derive
from .facts import Household
from .parameters import DEFAULT_MAX_AGE_MONTHS, is_outdated
from .texts import fill, fmt, money
from .values import Interval, hull
from .windows import WindowState, window_state


class Status(StrEnum):
    LIKELY = "likely_entitled"
    POSSIBLY = "possibly_entitled"
    NOT = "not_entitled"
    RECEIVED = "already_received"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.LIKELY: "Waarschijnlijk recht",
    Status.POSSIBLY: "Misschien recht: nog een paar vragen",
    Status.NOT: "Geen recht",
    Status.RECEIVED: "Krijgt dit al",
}
VALUE_PREFIX = {True: "Voldaan", False: "Niet voldaan", None: "Nog niet bekend"}


@dataclass(frozen=True)
class ConditionResult:
    id: str
    value: bool | None  # True = met, False = not met, None = unknown
    text: str  # plain Dutch sentence for this family
    legal: str
    missing: tuple[str, ...]  # fact keys that would settle it (only when value is None)
    children: tuple[ConditionResult, ...] = ()
    granting: str = ""  # for a ground: automatic | on_application ("" = the right's own)


@dataclass(frozen=True)
class Figure:
    """A dated figure used by a right, with its source and freshness."""

    param_id: str
    description: str
    unit: str
    value: Any
    valid_from: dt.date | None
    source: str
    unverified: bool
    outdated: bool
    note: str = ""
    schedule: str = ""  # indexation schedule (parameters.SCHEDULES), "" when none is known
    stale_since: dt.date | None = None  # a scheduled step after the last verified value
    last_verified: dt.date | None = None


@dataclass(frozen=True)
class AmountEstimate:
    low: float | None
    high: float | None
    period: str  # once | month | year | day | school_year
    period_label: str
    text: str  # Dutch explanation

    @property
    def exact(self) -> bool:
        return self.low is not None and self.low == self.high

    @property
    def display(self) -> str:
        if self.low is None or self.high is None:
            return "onbekend"
        if self.low == self.high:
            return f"{money(self.low)} {self.period_label}"
        return f"{money(self.low)} tot {money(self.high)} {self.period_label}"


@dataclass(frozen=True)
class RightResult:
    right: Right
    status: Status
    conditions: tuple[ConditionResult, ...]
    missing_facts: tuple[str, ...]
    amount: AmountEstimate | None
    benefit: str
    figures: tuple[Figure, ...]
    notes: tuple[str, ...]
    warnings: tuple[str, ...] = ()  # plain Dutch: figures past their schedule, an abolished right
    granting: str = ""  # automatic | on_application | partly, for the grounds that hold
    window: WindowState | None = None  # until when it can be applied for (windows.py)
    # Facts that would narrow an open amount (a range, or unknown) to one figure: only for a
    # likely right, and only while what is known (e.g. the income band) leaves the amount open.
    amount_facts: tuple[str, ...] = ()

    @property
    def granting_text(self) -> str:
        return GRANTING.get(self.granting or self.right.granting, "")

    @property
    def may_be_outdated(self) -> bool:
        return any(f.outdated or f.stale_since is not None for f in self.figures)

    @property
    def has_unverified_figures(self) -> bool:
        return any(f.unverified for f in self.figures)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(f"{VALUE_PREFIX[c.value]}: {c.text} ({c.legal})" for c in self.conditions)


@dataclass(frozen=True)
class Evaluation:
    on: dt.date
    results: tuple[RightResult, ...]
    questions: tuple[Any, ...]  # tuple[Question, ...], see questions.py

    def result(self, right_id: str) -> RightResult:
        for r in self.results:
            if r.right.id == right_id:
                return r
        raise KeyError(right_id)

    def by_status(self, status: Status) -> tuple[RightResult, ...]:
        return tuple(r for r in self.results if r.status is status)

    @property
    def missed(self) -> tuple[RightResult, ...]:
        """Rights the family probably or possibly has and does not receive yet."""
        return tuple(r for r in self.results if r.status in (Status.LIKELY, Status.POSSIBLY))

    def by_domain(self) -> dict[str, tuple[RightResult, ...]]:
        out: dict[str, list[RightResult]] = {}
        for r in self.results:
            out.setdefault(r.right.domain, []).append(r)
        return {k: tuple(v) for k, v in out.items()}


def make_context(catalogue: Catalogue, household: Household, on: dt.date) -> Context:
    facts, views, missing = derive(household, on)
    return Context(facts, views, missing, catalogue.params_at(on), on)


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _condition_result(cond: Condition, ctx: Context, catalogue: Catalogue) -> ConditionResult:
    sink: list[str] = []
    value = cond.fn(ctx, sink)
    # Rules not in force on this date are left out of the explanation.
    children = tuple(
        _condition_result(c, ctx, catalogue) for c in cond.children if c.in_force(ctx.on)
    )
    if value is True:
        text = cond.label
    elif value is False:
        text = cond.label_false or cond.label
    else:
        text = cond.label
    text = fill(text, catalogue, ctx.params, ctx.facts)
    return ConditionResult(
        cond.id,
        value,
        text,
        cond.legal,
        _unique(sink) if value is None else (),
        children,
        cond.granting,
    )


def _granting(right: Right, conditions: tuple[ConditionResult, ...]) -> str:
    """How the family gets the right, from the grounds that hold (not one flag per right).

    A ground may say ``granting: automatic`` or ``on_application``. One automatic ground that
    holds makes the right automatic; grounds on application that hold make it "apply
    yourself", or "partly" while an automatic ground is still unknown. Without any ground
    that holds, the right's own ``granting`` is shown.
    """
    holds: set[str] = set()
    unknown: set[str] = set()
    for c in _leaves(conditions):
        if c.granting and c.value is True:
            holds.add(c.granting)
        elif c.granting and c.value is None:
            unknown.add(c.granting)
    if "automatic" in holds:
        return "automatic"
    if "on_application" in holds:
        return "partly" if "automatic" in unknown else "on_application"
    return right.granting


def _leaves(items: tuple[ConditionResult, ...]):
    for c in items:
        yield c
        yield from _leaves(c.children)


def _amount_facts(right: Right, ctx: Context) -> list[str]:
    """The facts whose answers would narrow a range (or unknown) amount to one figure.

    The cases still possible are evaluated again with a sink: an unknown fact, or a fact only
    known as a range (the income band), adds its key. Only called when the amount is open.
    """
    spec = right.amount
    keys: list[str] = []
    if spec is None:
        return keys
    for case in spec.cases:
        sink: list[str] = []
        decided = True if case.when is None else case.when(ctx, sink)
        if decided is False:
            continue
        case.value(ctx, sink)
        keys.extend(k for k in sink if not k.startswith("param:"))
        if decided is True:
            break
    return keys


def _amount(right: Right, ctx: Context, catalogue: Catalogue) -> AmountEstimate | None:
    spec = right.amount
    if spec is None:
        return None
    candidates: list[tuple[str, Any]] = []
    for case in spec.cases:
        decided = True if case.when is None else case.when(ctx, None)
        if decided is False:
            continue
        candidates.append((case.explain, case.value(ctx, None)))
        if decided is True:
            break
    period_label = PERIODS[spec.period]
    if not candidates:
        return AmountEstimate(
            None, None, spec.period, period_label, "Er is geen bedrag voor deze situatie."
        )
    value = candidates[0][1] if len(candidates) == 1 else hull([v for _, v in candidates])
    if value is None:
        return AmountEstimate(
            None,
            None,
            spec.period,
            period_label,
            "Het bedrag kunnen we pas schatten als de open vragen beantwoord zijn.",
        )
    lo, hi = (value.lo, value.hi) if isinstance(value, Interval) else (value, value)
    lo, hi = round(lo, 2), round(hi, 2)
    shown = fmt(value, True) + " " + period_label
    texts = [fill(t, catalogue, ctx.params, ctx.facts, {"bedrag": shown}) for t, _ in candidates]
    text = (
        texts[0]
        if len(texts) == 1
        else "Het bedrag hangt nog af van de open vragen. " + " Of: ".join(texts)
    )
    if lo != hi and len(texts) == 1:
        text += " Het juiste bedrag hangt nog af van de open vragen."
    return AmountEstimate(lo, hi, spec.period, period_label, text)


class _ReadParams:
    """The parameters in force (not copied), remembering which ones this right's evaluation read.

    A right lists every figure it *may* use; the result shows (and flags) only the figures
    that decided or computed something for this family, or that its texts quote. Compiled
    nodes and text filling only call ``get``.
    """

    __slots__ = ("_params", "read")

    def __init__(self, params: dict[str, Any]):
        self._params = params
        self.read: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return self._params.get(key, default)


def _figures(
    right: Right,
    catalogue: Catalogue,
    on: dt.date,
    max_age_months: int,
    used: set[str] | None = None,
) -> tuple[Figure, ...]:
    out = []
    for pid in sorted(right.params if used is None else right.params & used):
        p = catalogue.parameters[pid]
        v = p.at(on)
        if v is None:
            out.append(
                Figure(
                    pid,
                    p.description,
                    p.unit,
                    None,
                    None,
                    "",
                    False,
                    False,
                    "Voor deze datum is geen cijfer bekend.",
                )
            )
        else:
            stale = p.staleness(on)
            out.append(
                Figure(
                    pid,
                    p.description,
                    p.unit,
                    v.value,
                    v.valid_from,
                    v.source,
                    v.unverified,
                    is_outdated(v, on, max_age_months),
                    v.note,
                    p.schedule,
                    stale.missed_step if stale else None,
                    stale.last_verified if stale else None,
                )
            )
    return tuple(out)


SCHEDULE_WORDS = {"september": "elk jaar op 1 september", "january": "elk jaar op 1 januari"}


def _warnings(right: Right, figures: tuple[Figure, ...], on: dt.date) -> list[str]:
    out: list[str] = []
    if right.valid_until is not None and on > right.valid_until:
        out.append(
            f"Let op: dit recht is afgeschaft. Het gold tot en met {right.valid_until:%d-%m-%Y}."
        )
    elif right.valid_from is not None and on < right.valid_from:
        out.append(f"Let op: dit recht bestaat pas vanaf {right.valid_from:%d-%m-%Y}.")
    # One sentence per indexation step missed, not per figure: the figures of a right that
    # follow the same schedule and were last verified on the same date are named together.
    groups: dict[tuple, list[Figure]] = {}
    for f in figures:
        if f.stale_since is not None:
            groups.setdefault((f.schedule, f.last_verified, f.stale_since), []).append(f)
    for (schedule, last_verified, stale_since), group in groups.items():
        when = SCHEDULE_WORDS.get(schedule, "op een vaste datum")
        if len(group) == 1:
            what = f"{_lower_first(group[0].description)} verandert {when}."
            checked = "Het laatste gecontroleerde cijfer geldt sinds"
            may = "kan het bedrag anders zijn"
        else:
            names = [_lower_first(f.description) for f in group]
            listed = "; ".join(names) if len(names) <= 3 else f"{names[0]}; {names[1]}; …"
            what = f"{len(group)} cijfers van dit recht veranderen {when} ({listed})."
            checked = "De laatste gecontroleerde cijfers gelden sinds"
            may = "kunnen ze anders zijn"
        if last_verified is None:
            checked = "Er is nog geen gecontroleerd cijfer."
        else:
            checked = f"{checked} {last_verified:%d-%m-%Y}."
        out.append(
            f"Let op: {what} {checked} Sinds {stale_since:%d-%m-%Y} {may}; "
            "het bedrag hier is dus niet zeker."
        )
    return out


def _lower_first(text: str) -> str:
    """``Basisbedrag …`` → ``basisbedrag …``, but ``MAF …`` stays ``MAF …``."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def evaluate_right(
    right: Right,
    ctx: Context,
    catalogue: Catalogue,
    household: Household,
    max_age_months: int = DEFAULT_MAX_AGE_MONTHS,
) -> RightResult:
    tracked = _ReadParams(ctx.params)
    outer = ctx
    ctx = Context(ctx.facts, ctx.members, ctx.derived_missing, tracked, ctx.on)
    ctx.cache = outer.cache
    in_force = tuple(c for c in right.conditions if c.in_force(ctx.on))
    conditions = tuple(_condition_result(c, ctx, catalogue) for c in in_force)
    values = [c.value for c in conditions]
    received = right.id in household.already_received or (
        right.received_if is not None and ctx.facts.get(right.received_if) is True
    )
    if received:
        status = Status.RECEIVED
    elif False in values:
        status = Status.NOT
    elif None in values:
        status = Status.POSSIBLY
    else:
        status = Status.LIKELY
    asked = conditions
    if status is Status.POSSIBLY:
        first = tuple(
            c
            for c, spec in zip(conditions, in_force, strict=True)
            if spec.ask_first and c.value is None
        )
        asked = first or conditions
    raw_missing = (
        [k for c in asked if c.value is None for k in c.missing]
        if status is Status.POSSIBLY
        else []
    )
    missing_keys = [k for k in raw_missing if not k.startswith("param:")]
    if (
        status in (Status.LIKELY, Status.POSSIBLY)
        and right.received_if is not None
        and ctx.facts.get(right.received_if) is None
    ):
        # Does the family already get it? Worth asking: the answer may settle the right.
        missing_keys.append(right.received_if)
    window = (
        window_state(right.window, household, ctx.facts, ctx.on) if right.window else None
    )
    if status is Status.LIKELY and window is not None and window.state == "unknown":
        # Probably entitled: from when does the window run (e.g. the last delivery)?
        missing_keys.append(right.window.fact)  # type: ignore[union-attr]
    missing = _unique(missing_keys)
    amount = _amount(right, ctx, catalogue) if status is not Status.NOT else None
    amount_facts: tuple[str, ...] = ()
    if (
        amount is not None
        and status is Status.LIKELY  # a possible right asks what settles it first
        and (amount.low is None or amount.low != amount.high)
    ):
        amount_facts = tuple(k for k in _unique(_amount_facts(right, ctx)) if k not in missing)
    benefit = fill(right.benefit, catalogue, tracked, ctx.facts) if right.benefit else ""
    figures = _figures(right, catalogue, ctx.on, max_age_months, tracked.read)
    notes: list[str] = []
    warnings = _warnings(right, figures, ctx.on)
    outdated = [f for f in figures if f.outdated and f.stale_since is None]
    if outdated:
        newest = max(f.valid_from for f in outdated if f.valid_from)
        notes.append(
            "Let op: een bedrag of grens kan verouderd zijn. "
            "Het meest recente cijfer dat we kennen "
            f"geldt sinds {newest:%d-%m-%Y}."
        )
    if any(f.unverified for f in figures):
        notes.append(
            "Let op: een cijfer komt niet uit een officiële bron en is nog niet gecontroleerd."
        )
    if any(f.valid_from is None for f in figures):
        notes.append("Voor deze datum is niet elk cijfer bekend; het resultaat is onzeker.")
    if right.notes:
        notes.append(right.notes)
    return RightResult(
        right,
        status,
        conditions,
        missing,
        amount,
        benefit,
        figures,
        tuple(notes),
        tuple(warnings),
        _granting(right, conditions),
        window,
        amount_facts,
    )


def evaluate(
    catalogue: Catalogue,
    household: Household,
    on: dt.date,
    *,
    max_age_months: int = DEFAULT_MAX_AGE_MONTHS,
    right_ids: tuple[str, ...] | None = None,
    hide_other_municipalities: bool = True,
) -> Evaluation:
    """Evaluate a validated household for every right (or ``right_ids``) on date ``on``."""
    from .questions import order_questions

    ctx = make_context(catalogue, household, on)
    rights = catalogue.rights if right_ids is None else tuple(catalogue.right(r) for r in right_ids)
    results = []
    for right in rights:
        result = evaluate_right(right, ctx, catalogue, household, max_age_months)
        if (
            hide_other_municipalities
            and right.level == "local"
            and result.conditions
            and result.conditions[0].id == "woont_in_gemeente"
            and result.conditions[0].value is False
        ):
            continue
        results.append(result)
    return Evaluation(on, tuple(results), order_questions(results, household, catalogue, on))
