"""Population screening: many households against the whole catalogue, and the missed-rights output.

The fast path reuses the closures compiled at catalogue load, rebuilds them once per date as a
plan (run as one generated function, see :mod:`.plancode`) and builds no explanation text.
Explanations are built afterwards, only for the rights a household probably misses (see
:func:`missed_rows`).
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from . import plancode
from . import values as V
from .catalogue import Catalogue, Right
from .conditions import _SLOTS as _PLAN_SLOTS
from .conditions import _UNSET, Context
from .csvio import CSV_COLUMNS, CsvReadResult, RowError, read_households_csv  # noqa: F401 (re-export)
from .derived import derive
from .evaluate import Status, evaluate_right
from .facts import Household
from .parameters import DEFAULT_MAX_AGE_MONTHS
from .texts import money

_LIKELY, _POSSIBLY, _NOT, _RECEIVED = Status.LIKELY, Status.POSSIBLY, Status.NOT, Status.RECEIVED


@dataclass(frozen=True)
class ScreeningResult:
    household_id: str
    household: Household
    statuses: tuple[Status, ...]  # aligned with ``catalogue.rights``

    def missed(self, catalogue: Catalogue) -> list[tuple[Right, Status]]:
        return [
            (r, s)
            for r, s in zip(catalogue.rights, self.statuses, strict=True)
            if s is _LIKELY or s is _POSSIBLY
        ]


def _memoised(fn: Any, slot: int) -> Any:
    """``fn`` computed once per household (when the context has a memo)."""

    def shared(ctx: Context, sink: list[str] | None) -> Any:
        memo = ctx.memo
        if memo is None:
            return fn(ctx, sink)
        v = memo.get(slot, _UNSET)
        if v is _UNSET:
            v = memo[slot] = fn(ctx, None)
        return v

    shared.memo_of = (fn, slot)  # type: ignore[attr-defined]  # for plancode
    return shared


def _on_date(fn: Any, on: dt.date) -> Any:
    """``fn`` as it stands on ``on``: ``True``/``False`` when the date alone decides it (a rule
    not in force, a right that does not exist yet), else the node to evaluate."""
    period = getattr(fn, "dated", None)
    if period is not None:
        inner, lo, hi, neutral = period
        return _on_date(inner, on) if lo <= on <= hi else neutral
    existence = getattr(fn, "existence", None)
    if existence is not None:
        valid_from, valid_until = existence
        return (valid_from is None or on >= valid_from) and (
            valid_until is None or on <= valid_until
        )
    return fn


def _lean_group(leaves: tuple, others: tuple, is_all: bool, slot: int | None) -> Any:
    """A screening-only Kleene all/any: yes/no fact tests inline and first, then member tests
    already answered for the household (``ctx.cache``), no sink, no date test; with a ``slot``,
    computed once per household (the group's own memo slot)."""
    decisive = not is_all
    cached = tuple((f.cache_key, f) for f in others if hasattr(f, "cache_key"))
    if cached:
        others = tuple(f for f in others if not hasattr(f, "cache_key"))

    def compute(ctx: Context, sink: list[str] | None = None) -> Any:
        r = is_all
        facts = ctx.facts
        for key, want, known in leaves:
            v = facts.get(key)
            if known:
                v = v is True
            elif v is None:
                r = None
                continue
            else:
                v = v is want
            if v is decisive:
                return decisive
        for f in others:
            v = f(ctx, None)
            if v is decisive:
                return decisive
            if v is None:
                r = None
        return r

    def compute_cached(ctx: Context, sink: list[str] | None = None) -> Any:
        r = is_all
        facts = ctx.facts
        for key, want, known in leaves:
            v = facts.get(key)
            if known:
                v = v is True
            elif v is None:
                r = None
                continue
            else:
                v = v is want
            if v is decisive:
                return decisive
        cache = ctx.cache
        for cache_key, f in cached:
            v = cache.get(cache_key, _UNSET)
            if v is _UNSET:
                v = f(ctx, None)
            if v is decisive:
                return decisive
            if v is None:
                r = None
        for f in others:
            v = f(ctx, None)
            if v is decisive:
                return decisive
            if v is None:
                r = None
        return r

    if cached:
        compute = compute_cached
    if slot is None:
        fn = compute
    else:

        def fn(ctx: Context, sink: list[str] | None) -> Any:
            memo = ctx.memo
            if memo is None:
                return compute(ctx)
            r = memo.get(slot, _UNSET)
            if r is _UNSET:
                r = memo[slot] = compute(ctx)
            return r

        fn.slotted = True  # type: ignore[attr-defined]
    fn.lean_parts = (leaves, tuple(f for _, f in cached) + others, is_all, slot)  # type: ignore[attr-defined]
    return fn


def _parts(children: Iterable[Any], is_all: bool, st: _Lean, leaves: list, others: list) -> bool:
    """Collect the screening parts of an all/any on ``on``; ``True`` if a child decides it.

    Children are taken as they stand on the date (rules not in force are their neutral value and
    drop out), a child group of the same kind without a memo slot is spliced in (Kleene and/or
    are associative and idempotent), and yes/no fact tests go to ``leaves`` (read inline).
    """
    decisive = not is_all
    for child in children:
        c = _lean(child, st)
        if c is decisive:
            return True
        if c is is_all:
            continue  # the neutral value: no effect on the group
        parts = getattr(c, "lean_parts", None)
        if parts is not None and parts[2] is is_all and parts[3] is None:
            for leaf in parts[0]:
                if leaf not in leaves:
                    leaves.append(leaf)
            for f in parts[1]:
                if f not in others:
                    others.append(f)
            continue
        leaf = getattr(c, "bool_leaf", None)
        if leaf is not None:
            if leaf not in leaves:
                leaves.append(leaf)
        elif c not in others:
            others.append(c)
    return False


class _Lean:
    """What a plan is built for: the date, its parameters, and the nodes rebuilt so far."""

    def __init__(self, on: dt.date, params: dict[str, Any]):
        self.on = on
        self.params = params
        self.done: dict[int, Any] = {}
        self.exprs: dict[int, tuple[bool, Any]] = {}
        self.blank = Context({}, (), {}, params, on)  # no household: for per-date values


def _lean(fn: Any, st: _Lean) -> Any:
    """The screening form of node ``fn`` on the plan's date: ``True``/``False`` or a node
    (cached, so a node shared by several rights stays one object)."""
    key = id(fn)
    done = st.done
    if key in done:
        return done[key]
    node = _on_date(fn, st.on)
    group = getattr(node, "group", None)
    if group is not None:
        children, is_all = group
        leaves: list = []
        others: list = []
        if _parts(children, is_all, st, leaves, others):
            node = not is_all
        elif not leaves and not others:
            node = is_all
        else:
            slot = node.memo_cell[0]
            if slot is None and not leaves and len(others) == 1:
                node = others[0]
            else:
                others.sort(key=lambda f: not getattr(f, "cheap", False))
                node = _lean_group(tuple(leaves), tuple(others), is_all, slot)
    elif node is not True and node is not False and node is not fn:
        node = _lean(node, st)
    elif hasattr(node, "vs_expression"):
        node = _lean_comparison(node, st)
    done[key] = node
    return node


def _lean_expr(fn: Any, st: _Lean) -> tuple[bool, Any]:
    """(True, value) when ``fn`` has one value on the plan's date whatever the household (a
    parameter, parameter arithmetic), else (False, a screening closure ``g(ctx)``).

    Same values as ``fn(ctx, None)``: the same operations in the same order (plain numbers are
    added or multiplied inline, everything else goes through the node's own function).
    """
    key = id(fn)
    got = st.exprs.get(key)
    if got is not None:
        return got
    out: tuple[bool, Any]
    binary = getattr(fn, "binary", None)
    if hasattr(fn, "param_id"):
        out = (True, st.params.get(fn.param_id))
    elif hasattr(fn, "const_value"):
        out = (True, fn.const_value)
    elif hasattr(fn, "per_date"):
        try:
            out = (True, fn.per_date(st.blank, None))
        except Exception:  # the household's screening will meet it (or never reach it)
            out = (False, _plain(fn))
    elif hasattr(fn, "fact_key"):
        out = (False, _fact_reader(fn.fact_key))
    elif binary is not None:
        out = _lean_binary(fn, st)
    elif hasattr(fn, "if_parts"):
        out = _lean_if(fn, st)
    else:
        out = (False, _plain(fn))
    st.exprs[key] = out
    return out


def _plain(fn: Any) -> Any:
    def g(ctx: Context) -> Any:
        return fn(ctx, None)

    g.plain = True  # type: ignore[attr-defined]  # nothing gained: callers keep the node
    return g


def _fact_reader(key: str) -> Any:
    def g(ctx: Context) -> Any:
        return ctx.facts.get(key)

    g.fact_key = key  # type: ignore[attr-defined]
    return g


def _lean_binary(fn: Any, st: _Lean) -> tuple[bool, Any]:
    """``add``/``sub``/``mul`` of two operands; a parameter operand becomes its number."""
    op, first, second, f = fn.binary
    const_x, x = _lean_expr(first, st)
    const_y, y = _lean_expr(second, st)
    if (not const_x and hasattr(x, "plain")) or (not const_y and hasattr(y, "plain")):
        return (False, _plain(fn))  # nothing gained
    is_add, is_sub = op == "add", op == "sub"

    def apply(a: Any, b: Any) -> Any:
        ta, tb = type(a), type(b)
        if (ta is int or ta is float) and (tb is int or tb is float):
            return a + b if is_add else a - b if is_sub else a * b
        return f(a, b)

    if const_x and const_y:
        try:
            return (True, apply(x, y))
        except Exception:  # the household's screening will meet it (or never reach it)
            return (False, _plain(fn))
    if const_x and hasattr(y, "fact_key"):  # a parameter times a fact: the fact read inline
        tx = type(x)
        x_number = tx is int or tx is float
        key = y.fact_key

        def const_fact(ctx: Context) -> Any:
            b = ctx.facts.get(key)
            tb = type(b)
            if x_number and (tb is int or tb is float):
                return x + b if is_add else x - b if is_sub else x * b
            return f(x, b)

        const_fact.lean_expr = ("binary", op, (True, x), (False, y), f)  # type: ignore[attr-defined]
        return (False, const_fact)
    if const_x:
        tx = type(x)
        x_number = tx is int or tx is float

        def left_const(ctx: Context) -> Any:
            b = y(ctx)
            tb = type(b)
            if x_number and (tb is int or tb is float):
                return x + b if is_add else x - b if is_sub else x * b
            return f(x, b)

        left_const.lean_expr = ("binary", op, (True, x), (False, y), f)  # type: ignore[attr-defined]
        return (False, left_const)
    if const_y:
        ty = type(y)
        y_number = ty is int or ty is float

        def right_const(ctx: Context) -> Any:
            a = x(ctx)
            ta = type(a)
            if y_number and (ta is int or ta is float):
                return a + y if is_add else a - y if is_sub else a * y
            return f(a, y)

        right_const.lean_expr = ("binary", op, (False, x), (True, y), f)  # type: ignore[attr-defined]
        return (False, right_const)

    def both(ctx: Context) -> Any:
        a = x(ctx)
        b = y(ctx)
        ta, tb = type(a), type(b)
        if (ta is int or ta is float) and (tb is int or tb is float):
            return a + b if is_add else a - b if is_sub else a * b
        return f(a, b)

    both.lean_expr = ("binary", op, (False, x), (False, y), f)  # type: ignore[attr-defined]
    return (False, both)


def _lean_if(fn: Any, st: _Lean) -> tuple[bool, Any]:
    """``if``: the condition and both branches rebuilt for the plan's date."""
    cond_fn, then_fn, else_fn = fn.if_parts
    cond = _lean(cond_fn, st)
    then_const, then = _lean_expr(then_fn, st)
    else_const, other = _lean_expr(else_fn, st)
    if cond is True:
        return then_const, then
    if cond is False:
        return else_const, other
    if (not then_const and hasattr(then, "plain")) or (not else_const and hasattr(other, "plain")):
        return (False, _plain(fn))  # nothing gained
    hull = V.hull
    if then_const and else_const:

        def constants(ctx: Context) -> Any:
            c = cond(ctx, None)
            if c is True:
                return then
            if c is False:
                return other
            return hull([then, other])

        constants.lean_expr = ("if", cond, (True, then), (True, other), hull)  # type: ignore[attr-defined]
        return (False, constants)

    def choose(ctx: Context) -> Any:
        c = cond(ctx, None)
        if c is True:
            return then if then_const else then(ctx)
        if c is False:
            return other if else_const else other(ctx)
        return hull([then if then_const else then(ctx), other if else_const else other(ctx)])

    choose.lean_expr = ("if", cond, (then_const, then), (else_const, other), hull)  # type: ignore[attr-defined]
    return (False, choose)


def _lean_comparison(node: Any, st: _Lean) -> Any:
    """A fact compared with an expression, the expression rebuilt for the plan's date (a limit
    from parameters becomes a number): same results as the node (``None`` when a side is
    unknown, ``values.compare`` for ranges and text, the EPS tolerance for plain numbers)."""
    op, key, b, scalar = node.vs_expression
    const, y = _lean_expr(b, st)
    if not const and hasattr(y, "plain"):
        return node
    compare = V.compare
    if const:
        if y is None:

            def unknown(ctx: Context, sink: list[str] | None) -> Any:
                return None

            return unknown
        ty = type(y)
        y_number = ty is int or ty is float

        def vs_value(ctx: Context, sink: list[str] | None) -> Any:
            x = ctx.facts.get(key)
            if x is None:
                return None
            tx = type(x)
            if (tx is int or tx is float) and y_number:
                return scalar(x, y)
            return compare(op, x, y)

        vs_value.cheap = True  # type: ignore[attr-defined]
        vs_value.vs_const = (op, key, y, y_number)  # type: ignore[attr-defined]  # for plancode
        return vs_value

    def compute(ctx: Context, sink: list[str] | None = None) -> Any:
        x = ctx.facts.get(key)
        if x is None:
            return None
        v = y(ctx)
        if v is None:
            return None
        tx, tv = type(x), type(v)
        if (tx is int or tx is float) and (tv is int or tv is float):
            return scalar(x, v)
        return compare(op, x, v)

    compute.vs_expr = (op, key, y)  # type: ignore[attr-defined]  # for plancode
    cell = getattr(node, "memo_cell", None)
    slot = None if cell is None else cell[0]
    if slot is None:
        return compute

    def memoised(ctx: Context, sink: list[str] | None) -> Any:
        memo = ctx.memo
        if memo is None:
            return compute(ctx)
        r = memo.get(slot, _UNSET)
        if r is _UNSET:
            r = memo[slot] = compute(ctx)
        return r

    memoised.slotted = True  # type: ignore[attr-defined]
    memoised.memo_of = (compute, slot)  # type: ignore[attr-defined]
    return memoised


def _never(ctx: Context, sink: list[str] | None) -> bool:
    return False


def _compiled(
    catalogue: Catalogue, on: dt.date, params: dict[str, Any] | None = None
) -> tuple[tuple[str, tuple, tuple, str | None], ...]:
    """Per right, for date ``on``: (id, its yes/no fact tests, its other tests, received_if).

    The plan is the right's conditions as they stand on the date, as one flat "all of" (see
    :func:`_parts`): rules not in force there are left out (or decide the right), ``all``
    groups are spliced in, and every group is rebuilt for screening only (no explanation
    branch, no date test, its own yes/no fact tests inline). The yes/no fact tests
    (``is_true``, ``is_false``, ``known_true``) are read first, then the other one-closure fact
    tests, then the rest: "all of" and "any of" do not depend on the order, so only the work
    changes, not the status. Equal conditions compile to the same closure
    (``conditions.Interner``), so a test that appears in several rights of *this* catalogue —
    whatever their ids — is computed once per household: it gets a slot in the household's
    memo.
    """
    plans = getattr(catalogue, "_screen_plans", None)
    if plans is None:
        plans = catalogue._screen_plans = {}  # type: ignore[attr-defined]
    if params is None:
        params = catalogue.params_at(on)
    cached = plans.get((on, id(params)))
    if cached is not None:
        return cached[1]
    st = _Lean(on, params)
    flat: list[tuple[list, list]] = []
    uses: dict[int, int] = {}
    for r in catalogue.rights:
        leaves: list = []
        others: list = []
        if _parts((c.fn for c in r.conditions), True, st, leaves, others):
            leaves, others = [], [_never]
        others.sort(key=lambda f: not getattr(f, "cheap", False))
        flat.append((leaves, others))
        for fn in others:
            uses[id(fn)] = uses.get(id(fn), 0) + 1
    wrapped: dict[int, Any] = {}

    def plan_fn(fn: Any) -> Any:
        if uses[id(fn)] < 2 or getattr(fn, "cheap", False) or hasattr(fn, "slotted"):
            return fn  # used once, a fact read (cheaper than a memo), or memoised already
        cell = getattr(fn, "memo_cell", None)
        if cell is not None and cell[0] is not None:
            return fn
        if id(fn) not in wrapped:
            wrapped[id(fn)] = _memoised(fn, next(_PLAN_SLOTS))
        return wrapped[id(fn)]

    cached = tuple(
        (r.id, tuple(leaves), tuple(plan_fn(fn) for fn in others), r.received_if)
        for r, (leaves, others) in zip(catalogue.rights, flat, strict=True)
    )
    if len(plans) >= 16:
        plans.clear()
    # The parameters kept: their id stays theirs. The plan's function is built on first use.
    plans[(on, id(params))] = (params, cached, [None])
    return cached


def _plan_function(catalogue: Catalogue, on: dt.date, params: dict[str, Any]) -> Any:
    """The plan of :func:`_compiled` as one function ``plan(ctx, received)`` (see plancode)."""
    compiled = _compiled(catalogue, on, params)
    cell = catalogue._screen_plans[(on, id(params))][2]  # type: ignore[attr-defined]
    if cell[0] is None:
        cell[0] = plancode.build(compiled, params, (_LIKELY, _POSSIBLY, _NOT, _RECEIVED))
    return cell[0]


def screen_household(
    catalogue: Catalogue,
    household: Household,
    on: dt.date,
    params: dict[str, Any] | None = None,
    *,
    date_memo: dict[int, Any] | None = None,
    shared: bool = True,
) -> tuple[Status, ...]:
    """Status of every right for one validated household (fast path, no explanations).

    With ``shared`` (the default) the date's plan runs as one generated function
    (:mod:`.plancode`): a condition node that several rights use is computed once for the
    household, and parameter arithmetic once per date (``date_memo``, kept by :func:`screen`
    across households); ``shared=False`` runs the plan's closures right by right without
    sharing (the reference for the tests: both must give the same statuses).
    """
    facts, views, missing = derive(household, on)
    ctx = Context(
        facts, views, missing, params if params is not None else catalogue.params_at(on), on
    )
    if shared:
        ctx.memo = {}
        ctx.date_memo = {} if date_memo is None else date_memo
        return _plan_function(catalogue, on, ctx.params)(ctx, household.already_received)
    received = household.already_received
    out = []
    append = out.append
    for rid, leaves, fns, received_if in _compiled(catalogue, on, ctx.params):
        if rid in received or (received_if is not None and facts.get(received_if) is True):
            append(_RECEIVED)
            continue
        status = _LIKELY
        for key, want, known in leaves:
            v = facts.get(key)
            if known:
                if v is not True:
                    status = _NOT
                    break
            elif v is None:
                status = _POSSIBLY
            elif v is not want:
                status = _NOT
                break
        else:
            for fn in fns:
                v = fn(ctx, None)
                if v is False:
                    status = _NOT
                    break
                if v is None:
                    status = _POSSIBLY
        append(status)
    return tuple(out)


def screen(
    catalogue: Catalogue, households: Iterable[tuple[str, Household]], on: dt.date
) -> Iterator[ScreeningResult]:
    """Screen (id, validated household) pairs; yields one :class:`ScreeningResult` each.

    The cyclic garbage collector is paused while a batch runs: screening allocates many small,
    acyclic objects, and with a large heap (100 000 households in memory) the collector's passes
    would cost more than the evaluation itself. Reference counting still frees everything.
    """
    params = catalogue.params_at(on)
    date_memo: dict[int, Any] = {}  # parameter arithmetic, computed once for this date
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for hid, household in households:
            yield ScreeningResult(
                hid,
                household,
                screen_household(catalogue, household, on, params, date_memo=date_memo),
            )
    finally:
        if was_enabled:
            gc.enable()


# ---------------------------------------------------------------------------------------------
# Output: households x rights probably missed

OUTPUT_COLUMNS = (
    "household_id",
    "right_id",
    "right_name",
    "life_domain",
    "status",
    "status_label",
    "amount_low",
    "amount_high",
    "period",
    "amount_text",
    "reasons",
    "questions",
    "may_be_outdated",
    "unverified_figures",
)


def missed_rows(
    catalogue: Catalogue,
    results: Iterable[ScreeningResult],
    on: dt.date,
    max_age_months: int = DEFAULT_MAX_AGE_MONTHS,
) -> Iterator[dict[str, str]]:
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
                "amount_high": ""
                if amount is None or amount.high is None
                else f"{amount.high:.2f}",
                "period": "" if amount is None else amount.period_label,
                "amount_text": ""
                if amount is None
                else (amount.display if amount.low is not None else ""),
                "reasons": " | ".join(c.text for c in r.conditions if c.value is True),
                "questions": " | ".join(
                    question_for(k, res.household).text for k in r.missing_facts
                ),
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
    "CSV_COLUMNS",
    "OUTPUT_COLUMNS",
    "CsvReadResult",
    "RowError",
    "ScreeningResult",
    "missed_rows",
    "read_households_csv",
    "screen",
    "screen_household",
    "write_errors_csv",
    "write_missed_csv",
    "write_missed_xlsx",
]
