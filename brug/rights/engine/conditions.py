"""Condition and expression operators: YAML data compiled once into closures.

Every compiled node is a function ``fn(ctx, sink)``. ``ctx`` is an evaluation :class:`Context`;
``sink`` is ``None`` on the fast path (screening) or a list that collects the keys of facts
whose absence left the node undecided (explanations and questions). A node only passes keys
up when its own result is still unknown, so a decided ``any``/``all`` never asks for facts
that cannot change it.

No text is ever evaluated as code: the operator names below are the whole language.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import values as V
from .facts import FACTS
from .members import compile_member_filter
from .parameters import table_lookup
from .values import Interval
from .yamlload import CatalogueError, line_of

Fn = Callable[["Context", "list[str] | None"], Any]

BOOL_OPS = (
    "all",
    "any",
    "not",
    "eq",
    "ne",
    "lt",
    "lte",
    "gt",
    "gte",
    "in",
    "is_true",
    "is_false",
    "known_true",
    "any_member",
)
NUM_OPS = (
    "fact",
    "param",
    "lookup",
    "add",
    "sub",
    "mul",
    "div",
    "min",
    "max",
    "count_members",
    "if",
    "date",
    "range",
)
# Reference dates relative to the evaluation date, for ``{date: ...}``.
REFERENCE_DATES = {
    "evaluation_date": lambda on: on,
    "year_start": lambda on: dt.date(on.year, 1, 1),  # "on 1 January of the year"
    "school_year_start": lambda on: dt.date(on.year if on.month >= 9 else on.year - 1, 9, 1),
}
COMPARISONS = ("eq", "ne", "lt", "lte", "gt", "gte")


class Context:
    """Everything a compiled node may read for one household on one date."""

    __slots__ = (
        "facts",
        "members",
        "derived_missing",
        "params",
        "on",
        "cache",
        "memo",
        "date_memo",
    )

    def __init__(
        self,
        facts: dict[str, Any],
        members: tuple,
        derived_missing: dict[str, tuple[str, ...]],
        params: dict[str, Any],
        on: dt.date,
    ):
        self.facts = facts
        self.members = members
        self.derived_missing = derived_missing
        self.params = params
        self.on = on
        self.cache: dict[str, Any] = {}  # member counts shared by rights (fast path only)
        # Screening only (``None`` elsewhere): values of shared condition nodes for this household,
        # and of household-independent expressions for this date (see :class:`Interner`).
        self.memo: dict[int, Any] | None = None
        self.date_memo: dict[int, Any] | None = None


@dataclass
class Refs:
    """Facts and parameters a compiled node refers to (static; used for validation and reports)."""

    facts: set[str] = field(default_factory=set)
    params: set[str] = field(default_factory=set)
    member_fields: set[str] = field(default_factory=set)
    household: bool = False  # reads a fact or the members (else: only parameters and the date)

    def merge(self, other: Refs) -> None:
        self.facts |= other.facts
        self.params |= other.params
        self.member_fields |= other.member_fields
        self.household = self.household or other.household


_UNSET = object()
# Memo slots are unique in the process, so catalogues loaded separately never share one.
_SLOTS = itertools.count()


def _canon(node: Any) -> Any:
    """A hashable key for a YAML node's structure (types kept apart: 1, 1.0 and True differ)."""
    if isinstance(node, dict):
        return ("d", tuple(sorted((str(k), _canon(v)) for k, v in node.items())))
    if isinstance(node, list):
        return ("l", tuple(_canon(v) for v in node))
    return (type(node).__name__, node)


class _Entry:
    __slots__ = ("fn", "refs", "count", "cell")

    def __init__(self, fn: Fn, refs: Refs, cell: list | None):
        self.fn = fn
        self.refs = refs
        self.count = 1
        self.cell = cell


class Interner:
    """Catalogue-wide sharing of compiled nodes by structure (hash-consing).

    Two conditions or expressions with the same structure (wherever they occur: in which
    right, under which condition id or label) compile to one closure. A compiled node is a
    pure function of the household, the parameters and the date, so during screening a node
    used in more than one place gets a *memo slot* (:meth:`finish`): its value is computed
    once per household and reused by every other right that tests the same thing (the income
    limits, leefloon, verhoogde tegemoetkoming, children counted). Expressions that read no
    household data (parameter arithmetic) are computed once per date. Labels, legal references
    and explanations are not shared: they stay per condition.
    """

    def __init__(self) -> None:
        self.table: dict[Any, _Entry] = {}

    def get(self, key: Any, refs: Refs) -> Fn | None:
        entry = self.table.get(key)
        if entry is None:
            return None
        entry.count += 1
        refs.merge(entry.refs)
        return entry.fn

    def put(self, key: Any, fn: Fn, refs: Refs, cell: list | None = None) -> Fn:
        self.table[key] = _Entry(fn, refs, cell)
        return fn

    def finish(self) -> int:
        """Give a memo slot to every memoisable node used more than once; returns how many."""
        n = 0
        for entry in self.table.values():
            if entry.cell is not None and entry.count > 1:
                if entry.cell[0] is None:
                    entry.cell[0] = next(_SLOTS)
                n += 1
        return n


class Compiler:
    def __init__(self, path: Path, known_params: dict[str, bool], interner: Interner | None = None):
        self.path = path
        self.known_params = known_params  # param id -> is_table
        self.interner = interner if interner is not None else Interner()
        self._cell: list | None = None  # set by a memoisable operator while it compiles

    def error(
        self, node: Any, message: str, key: Any = None, default: int | None = None
    ) -> CatalogueError:
        return CatalogueError(self.path, line_of(node, key, default), message)

    # -- entry points -------------------------------------------------------------------------
    def condition(self, node: Any, refs: Refs, line: int | None = None) -> Fn:
        try:
            key = ("c", _canon(node))
        except TypeError:  # unhashable leaf: compile (and report) without sharing
            key = None
        if key is not None:
            fn = self.interner.get(key, refs)
            if fn is not None:
                return fn
        local = Refs()
        self._cell = None
        fn = self._condition(node, local, line)
        cell, self._cell = self._cell, None
        refs.merge(local)
        if key is not None:
            self.interner.put(key, fn, local, cell)
        return fn

    def _condition(self, node: Any, refs: Refs, line: int | None = None) -> Fn:
        op, arg = self._single_key(node, line)
        if op not in BOOL_OPS:
            if op in NUM_OPS:
                raise self.error(
                    node,
                    f"'{op}' geeft een getal, geen voorwaarde; vergelijk het met eq/lt/gte/…",
                    op,
                    line,
                )
            raise self.error(node, f"onbekende operator '{op}'", op, line)
        return getattr(self, "_c_" + op)(arg, refs, node, line_of(node, op, line))

    def expression(self, node: Any, refs: Refs, line: int | None = None) -> Fn:
        if isinstance(node, bool) or isinstance(node, (int, float, str)) or node is None:
            const = node

            def constant(ctx: Context, sink: list[str] | None) -> Any:
                return const

            constant.const_value = const  # type: ignore[attr-defined]
            return constant
        if isinstance(node, dt.date):
            d = node
            return lambda ctx, sink: d
        op, arg = self._single_key(node, line)
        if op not in NUM_OPS:
            if op in BOOL_OPS:
                raise self.error(node, f"'{op}' is een voorwaarde en geen waarde", op, line)
            raise self.error(node, f"onbekende operator '{op}'", op, line)
        try:
            key = ("e", _canon(node))
        except TypeError:
            key = None
        if key is not None:
            fn = self.interner.get(key, refs)
            if fn is not None:
                return fn
        local = Refs()
        fn = getattr(self, "_e_" + op)(arg, local, node, line_of(node, op, line))
        if not local.household and op not in ("param", "date"):
            # Parameter arithmetic (a limit per person, a yearly amount from a monthly one):
            # the same for every household on a date, so screening computes it once per date.
            fn = _per_date(fn, next(_SLOTS))
        refs.merge(local)
        if key is not None:
            self.interner.put(key, fn, local)
        return fn

    def _single_key(self, node: Any, line: int | None) -> tuple[str, Any]:
        if not isinstance(node, dict) or len(node) != 1:
            raise self.error(
                node,
                "een voorwaarde of waarde is een mapping met precies één operator",
                default=line,
            )
        ((op, arg),) = node.items()
        return str(op), arg

    def _list(self, arg: Any, node: Any, op: str, line: int | None, n: int | None = None) -> list:
        if not isinstance(arg, list) or (n is not None and len(arg) != n) or not arg:
            want = f"een lijst van {n} elementen" if n else "een niet-lege lijst"
            raise self.error(node, f"'{op}' verwacht {want}", op, line)
        return arg

    # -- boolean operators --------------------------------------------------------------------
    def _c_all(self, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        items = self._list(arg, node, "all", line)
        fns = tuple(self.condition(x, refs, line_of(arg, i, line)) for i, x in enumerate(items))
        self._cell = cell = [None]
        return combine(fns, is_all=True, cell=cell)

    def _c_any(self, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        items = self._list(arg, node, "any", line)
        fns = tuple(self.condition(x, refs, line_of(arg, i, line)) for i, x in enumerate(items))
        self._cell = cell = [None]
        return combine(fns, is_all=False, cell=cell)

    def _c_not(self, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        inner = self.condition(arg, refs, line)

        def fn(ctx: Context, sink: list[str] | None) -> Any:
            v = inner(ctx, sink)
            return None if v is None else not v

        return fn

    def _comparison(self, op: str, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        a_node, b_node = self._list(arg, node, op, line, 2)
        a = self.expression(a_node, refs, line_of(arg, 0, line))
        b = self.expression(b_node, refs, line_of(arg, 1, line))
        compare = V.compare

        def explained(ctx: Context, sink: list[str]) -> Any:
            local: list[str] = []
            r = compare(op, a(ctx, local), b(ctx, local))
            if r is None:
                sink.extend(local)
            return r

        if _operand(a_node) is not None and _operand(b_node) is not None:
            # A fact against a number or parameter: cheaper to compute than to look up.
            return _fast_comparison(op, a_node, b_node, a, b, explained, None)
        self._cell = cell = [None]
        return _fast_comparison(op, a_node, b_node, a, b, explained, cell)

    def _c_eq(self, arg, refs, node, line):
        return self._comparison("eq", arg, refs, node, line)  # noqa: E704

    def _c_ne(self, arg, refs, node, line):
        return self._comparison("ne", arg, refs, node, line)  # noqa: E704

    def _c_lt(self, arg, refs, node, line):
        return self._comparison("lt", arg, refs, node, line)  # noqa: E704

    def _c_lte(self, arg, refs, node, line):
        return self._comparison("lte", arg, refs, node, line)  # noqa: E704

    def _c_gt(self, arg, refs, node, line):
        return self._comparison("gt", arg, refs, node, line)  # noqa: E704

    def _c_gte(self, arg, refs, node, line):
        return self._comparison("gte", arg, refs, node, line)  # noqa: E704

    def _c_in(self, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        a_node, options = self._list(arg, node, "in", line, 2)
        if not isinstance(options, list) or not all(
            isinstance(o, (str, int, float)) for o in options
        ):
            raise self.error(node, "'in' verwacht [waarde, [lijst van vaste waarden]]", "in", line)
        a = self.expression(a_node, refs, line)
        allowed = frozenset(options)

        def fn(ctx: Context, sink: list[str] | None) -> Any:
            local: list[str] | None = None if sink is None else []
            v = a(ctx, local)
            if v is None or type(v) is Interval:
                if sink is not None:
                    sink.extend(local)  # type: ignore[arg-type]
                return None
            return v in allowed

        if hasattr(a, "fact_key"):
            fn.fact_in = (a.fact_key, allowed)  # type: ignore[attr-defined]  # for plancode
        return fn

    def _fact_key(self, arg: Any, node: Any, op: str, line: int | None, refs: Refs) -> str:
        if not isinstance(arg, str) or arg not in FACTS:
            raise self.error(node, f"onbekend gegeven '{arg}'", op, line)
        refs.facts.add(arg)
        refs.household = True
        return arg

    def _c_is_true(
        self, arg: Any, refs: Refs, node: Any, line: int | None, want: bool = True
    ) -> Fn:
        key = self._fact_key(arg, node, "is_true" if want else "is_false", line, refs)
        if FACTS[key].type != "bool":
            raise self.error(node, f"'{key}' is geen ja/nee-gegeven", None, line)

        def fn(ctx: Context, sink: list[str] | None) -> Any:
            v = ctx.facts.get(key)
            if v is None:
                if sink is not None:
                    sink.extend(ctx.derived_missing.get(key, (key,)))
                return None
            return v is want

        fn.bool_leaf = (key, want, False)  # type: ignore[attr-defined]  # read inline by combine
        return fn

    def _c_is_false(self, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        return self._c_is_true(arg, refs, node, line, want=False)

    def _c_known_true(self, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        """True only when the yes/no fact is known to be true; unknown is false and asks nothing.

        For a ground that is asked only behind a gate but must still count when the family
        already said yes: ``{any: [{all: [gate, {is_true: f}]}, {known_true: f}]}``.
        """
        key = self._fact_key(arg, node, "known_true", line, refs)
        if FACTS[key].type != "bool":
            raise self.error(node, f"'{key}' is geen ja/nee-gegeven", None, line)

        def fn(ctx: Context, sink: list[str] | None) -> Any:
            return ctx.facts.get(key) is True

        fn.bool_leaf = (key, True, True)  # type: ignore[attr-defined]  # read inline by combine
        return fn

    def _c_any_member(self, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        count = self._e_count_members(arg, refs, node, line)
        pred, cache_key, role_key, role_set, rest = self._member_filter(arg, refs, node, line)
        any_key = "any:" + cache_key

        def fn(ctx: Context, sink: list[str] | None) -> Any:
            if sink is None:
                # Screening: stop at the first member that matches.
                cache = ctx.cache
                r = cache.get(any_key, _UNSET)
                if r is not _UNSET:
                    return r
                if role_set is None:
                    members = ctx.members
                else:
                    members = cache.get(role_key)
                    if members is None:
                        members = cache[role_key] = [m for m in ctx.members if m.role in role_set]
                r = False
                for m in members:
                    v = rest(m)
                    if v is True:
                        r = True
                        break
                    if v is not False:
                        r = None
                cache[any_key] = r
                return r
            local: list[str] = []
            n = count(ctx, local)
            if type(n) is Interval:
                if n[0] > 0:
                    return True
                if sink is not None:
                    sink.extend(local)  # type: ignore[arg-type]
                return None
            return n > 0

        # Kept per household in ``ctx.cache`` already: screening needs no memo slot for it.
        fn.cheap = True  # type: ignore[attr-defined]
        fn.cache_key = any_key  # type: ignore[attr-defined]  # the screening plan reads it inline
        fn.any_member = (any_key, role_key, role_set, rest)  # type: ignore[attr-defined]  # plancode
        return fn

    # -- value operators ----------------------------------------------------------------------
    def _e_fact(self, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        key = self._fact_key(arg, node, "fact", line, refs)

        def fn(ctx: Context, sink: list[str] | None) -> Any:
            v = ctx.facts.get(key)
            if sink is not None and (v is None or type(v) is Interval):
                sink.extend(ctx.derived_missing.get(key, (key,)))
            return v

        fn.fact_key = key  # type: ignore[attr-defined]
        return fn

    def _param_id(
        self, arg: Any, node: Any, op: str, line: int | None, refs: Refs, table: bool
    ) -> str:
        if not isinstance(arg, str) or arg not in self.known_params:
            raise self.error(node, f"onbekende parameter '{arg}'", op, line)
        if self.known_params[arg] != table:
            kind = "een tabel; gebruik 'lookup'" if self.known_params[arg] else "geen tabel"
            raise self.error(node, f"parameter '{arg}' is {kind}", op, line)
        refs.params.add(arg)
        return arg

    def _e_param(self, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        pid = self._param_id(arg, node, "param", line, refs, table=False)

        def fn(ctx: Context, sink: list[str] | None) -> Any:
            v = ctx.params.get(pid)
            if v is None and sink is not None:
                sink.append("param:" + pid)
            return v

        fn.param_id = pid  # type: ignore[attr-defined]
        return fn

    def _e_lookup(self, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        if not isinstance(arg, dict) or set(arg) != {"param", "key"}:
            raise self.error(node, "'lookup' verwacht {param: tabel, key: waarde}", "lookup", line)
        pid = self._param_id(arg["param"], arg, "param", line, refs, table=True)
        key = self.expression(arg["key"], refs, line_of(arg, "key", line))

        def fn(ctx: Context, sink: list[str] | None) -> Any:
            table = ctx.params.get(pid)
            if table is None:
                if sink is not None:
                    sink.append("param:" + pid)
                return None
            k = key(ctx, sink)
            if k is None:
                return None
            if type(k) is Interval:
                vals = [table_lookup(table, int(i)) for i in range(int(k[0]), int(k[1]) + 1)]
                return Interval(min(vals), max(vals))
            return table_lookup(table, int(k))

        return fn

    def _fold(
        self,
        op: str,
        arg: Any,
        refs: Refs,
        node: Any,
        line: int | None,
        f: Callable[[Any, Any], Any],
        n: int | None = None,
    ) -> Fn:
        items = self._list(arg, node, op, line, n)
        fns = tuple(self.expression(x, refs, line_of(arg, i, line)) for i, x in enumerate(items))
        first, rest = fns[0], fns[1:]
        if op in ("add", "sub", "mul") and len(rest) == 1:
            # Two plain numbers (the common case: a limit plus an amount per person) are
            # computed inline; ranges and unknowns go through the interval arithmetic.
            second = rest[0]
            is_add, is_sub = op == "add", op == "sub"

            def binary(ctx: Context, sink: list[str] | None) -> Any:
                x = first(ctx, sink)
                y = second(ctx, sink)
                tx, ty = type(x), type(y)
                if (tx is int or tx is float) and (ty is int or ty is float):
                    return x + y if is_add else x - y if is_sub else x * y
                return f(x, y)

            binary.binary = (op, first, second, f)  # type: ignore[attr-defined]
            return binary

        def fn(ctx: Context, sink: list[str] | None) -> Any:
            acc = first(ctx, sink)
            for g in rest:
                acc = f(acc, g(ctx, sink))
            return acc

        return fn

    def _e_add(self, arg, refs, node, line):
        return self._fold("add", arg, refs, node, line, V.add)  # noqa: E704

    def _e_sub(self, arg, refs, node, line):
        return self._fold("sub", arg, refs, node, line, V.sub, 2)  # noqa: E704

    def _e_mul(self, arg, refs, node, line):
        return self._fold("mul", arg, refs, node, line, V.mul)  # noqa: E704

    def _e_div(self, arg, refs, node, line):
        return self._fold("div", arg, refs, node, line, V.div, 2)  # noqa: E704

    def _e_min(self, arg, refs, node, line):
        return self._fold("min", arg, refs, node, line, V.minimum)  # noqa: E704

    def _e_max(self, arg, refs, node, line):
        return self._fold("max", arg, refs, node, line, V.maximum)  # noqa: E704

    def _e_range(self, arg, refs, node, line):
        # A value only known as a range (e.g. a supplement a doctor's points will decide).
        return self._fold("range", arg, refs, node, line, V.hull2, 2)  # noqa: E704

    def _e_date(self, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        if arg not in REFERENCE_DATES:
            raise self.error(node, f"'date' kent: {', '.join(REFERENCE_DATES)}", "date", line)
        compute = REFERENCE_DATES[arg]
        return lambda ctx, sink: compute(ctx.on)

    def _e_if(self, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        if not isinstance(arg, dict) or set(arg) != {"when", "then", "else"}:
            raise self.error(
                node, "'if' verwacht {when: voorwaarde, then: waarde, else: waarde}", "if", line
            )
        cond = self.condition(arg["when"], refs, line_of(arg, "when", line))
        then = self.expression(arg["then"], refs, line_of(arg, "then", line))
        other = self.expression(arg["else"], refs, line_of(arg, "else", line))

        def fn(ctx: Context, sink: list[str] | None) -> Any:
            c = cond(ctx, sink)
            if c is True:
                return then(ctx, sink)
            if c is False:
                return other(ctx, sink)
            return V.hull([then(ctx, sink), other(ctx, sink)])

        fn.if_parts = (cond, then, other)  # type: ignore[attr-defined]
        return fn

    def _e_count_members(self, arg: Any, refs: Refs, node: Any, line: int | None) -> Fn:
        pred, cache_key, role_key, role_set, rest = self._member_filter(arg, refs, node, line)
        if role_set is None:
            return self._count(pred, cache_key)
        explained = self._count(pred, cache_key)

        def fn(ctx: Context, sink: list[str] | None) -> Any:
            if sink is not None:
                return explained(ctx, sink)
            cache = ctx.cache
            cached = cache.get(cache_key)
            if cached is not None:
                return cached
            members = cache.get(role_key)
            if members is None:
                members = cache[role_key] = [m for m in ctx.members if m.role in role_set]
            lo = hi = 0
            for m in members:
                r = rest(m)
                if r is True:
                    lo += 1
                    hi += 1
                elif r is not False:
                    hi += 1
            result = cache[cache_key] = lo if lo == hi else Interval(lo, hi)
            return result

        return fn

    def _member_filter(self, arg: Any, refs: Refs, node: Any, line: int | None) -> tuple:
        """(filter, cache key, role cache key, roles or None, filter without the role)."""
        pred = compile_member_filter(self, arg, refs, node, line)
        refs.household = True
        # Identical filters in different rights share one cached count per household.
        cache_key = repr(sorted((str(k), repr(v)) for k, v in (arg or {}).items()))
        roles = (arg or {}).get("role")
        if roles is None:
            return pred, cache_key, None, None, pred
        # The screening path looks only at the members with the role (listed once per household
        # and role set), and tests the rest of the filter on them.
        role_set = frozenset([roles] if isinstance(roles, str) else roles)
        rest = compile_member_filter(
            self, {k: v for k, v in arg.items() if k != "role"}, refs, node, line
        )
        return pred, cache_key, ("role", role_set), role_set, rest

    @staticmethod
    def _count(pred: Callable[[Any], Any], cache_key: str) -> Fn:
        def fn(ctx: Context, sink: list[str] | None) -> Any:
            if sink is None:
                cached = ctx.cache.get(cache_key)
                if cached is not None:
                    return cached
            lo = hi = 0
            for m in ctx.members:
                r = pred(m)
                if r is True:
                    lo += 1
                    hi += 1
                elif r is not False:
                    hi += 1
                    if sink is not None:
                        sink.append(f"member:{m.index}:{r}")
            result = lo if lo == hi else Interval(lo, hi)
            if sink is None:
                ctx.cache[cache_key] = result
            return result

        return fn


def _per_date(inner: Fn, slot: int) -> Fn:
    """A household-independent expression, computed once per date while screening."""

    def fn(ctx: Context, sink: list[str] | None) -> Any:
        if sink is None:
            memo = ctx.date_memo
            if memo is not None:
                v = memo.get(slot, _UNSET)
                if v is _UNSET:
                    v = memo[slot] = inner(ctx, None)
                return v
        return inner(ctx, sink)

    fn.per_date = inner  # type: ignore[attr-defined]
    return fn


def dated(inner: Fn, valid_from: dt.date | None, valid_until: dt.date | None, neutral: bool) -> Fn:
    """A rule in force only from ``valid_from`` until ``valid_until`` (both inclusive).

    Outside its period the rule does not exist: it is ``neutral`` (True for a requirement,
    False for a ground) and asks for nothing.
    """
    lo = valid_from or dt.date.min
    hi = valid_until or dt.date.max

    def fn(ctx: Context, sink: list[str] | None) -> Any:
        if lo <= ctx.on <= hi:
            return inner(ctx, sink)
        return neutral

    fn.dated = (inner, lo, hi, neutral)  # type: ignore[attr-defined]  # the screening plan resolves it per date
    return fn


def combine(fns: tuple[Fn, ...], is_all: bool, cell: list | None = None) -> Fn:
    """Kleene all/any. ``cell[0]``, once :meth:`Interner.finish` sets it, is the node's memo
    slot: on the screening path the value is then computed once per household.

    On the screening path the yes/no fact tests among the children (``is_true``, ``is_false``,
    ``known_true``) are read inline, before the other children: all/any do not depend on the
    order of their children, so only the work changes, not the value.
    """
    decisive = False if is_all else True
    if cell is None:
        cell = [None]
    leaves = tuple(f.bool_leaf for f in fns if getattr(f, "bool_leaf", None) is not None)
    others = tuple(f for f in fns if getattr(f, "bool_leaf", None) is None)

    def fn(ctx: Context, sink: list[str] | None) -> Any:
        if sink is None:
            slot = cell[0]
            memo = ctx.memo
            if slot is not None and memo is not None:
                r = memo.get(slot, _UNSET)
                if r is not _UNSET:
                    return r
            r = not decisive
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
                    r = decisive
                    break
            else:
                for f in others:
                    v = f(ctx, None)
                    if v is decisive:
                        r = decisive
                        break
                    if v is None:
                        r = None
            if slot is not None and memo is not None:
                memo[slot] = r
            return r
        pending: list[str] = []
        unknown = False
        for f in fns:
            local: list[str] = []
            v = f(ctx, local)
            if v is decisive:
                return decisive
            if v is None:
                unknown = True
                pending.extend(local)
        if unknown:
            sink.extend(pending)
            return None
        return not decisive

    fn.memo_cell = cell  # type: ignore[attr-defined]
    fn.group = (fns, is_all)  # type: ignore[attr-defined]  # the screening plan may flatten it
    return fn


_SCALAR_OPS: dict[str, Callable[[Any, Any], bool]] = {
    # Numbers within EPS count as equal (amounts are in cents; 12 x 1314.20 has float noise).
    "lt": lambda x, y: x - y <= -V.EPS,
    "lte": lambda x, y: x - y < V.EPS,
    "gt": lambda x, y: x - y >= V.EPS,
    "gte": lambda x, y: x - y > -V.EPS,
    "eq": lambda x, y: -V.EPS < x - y < V.EPS,
    "ne": lambda x, y: not -V.EPS < x - y < V.EPS,
}


def _operand(node: Any) -> tuple[str, Any] | None:
    """A direct read (fact, parameter or number) that the fast path can inline."""
    if isinstance(node, bool):
        return None
    if isinstance(node, (int, float, str)):
        return ("const", node)
    if isinstance(node, dict) and len(node) == 1:
        ((op, arg),) = node.items()
        if op in ("fact", "param"):
            return (op, arg)
    return None


def _fast_comparison(
    op: str, a_node: Any, b_node: Any, a: Fn, b: Fn, explained: Fn, cell: list | None
) -> Fn:
    """A comparison node: ``explained`` when a sink is given, else the screening path.

    The screening path inlines the common fact-vs-something cases with the same results as
    ``values.compare``: unknown when a side is unknown, interval logic for ranges, the EPS
    tolerance for plain numbers. With a ``cell`` (a comparison with computed operands) the value
    is kept in the household's memo once :meth:`Interner.finish` gives the cell a slot.
    """
    compare = V.compare
    left, right = _operand(a_node), _operand(b_node)
    if left is None or left[0] != "fact" or (right is not None and right[0] == "fact"):

        def generic(ctx: Context) -> Any:
            x = a(ctx, None)
            if x is None:
                return None  # unknown whatever the other side is: do not compute it
            return compare(op, x, b(ctx, None))

        return _memo_node(generic, explained, cell)
    scalar = _SCALAR_OPS[op]
    key = left[1]
    if right is None:

        def fact_vs_expression(ctx: Context) -> Any:
            x = ctx.facts.get(key)
            if x is None:
                return None
            y = b(ctx, None)
            if y is None:
                return None
            tx, ty = type(x), type(y)
            if (tx is int or tx is float) and (ty is int or ty is float):
                return scalar(x, y)
            return compare(op, x, y)

        node = _memo_node(fact_vs_expression, explained, cell)
        node.vs_expression = (op, key, b, scalar)  # type: ignore[attr-defined]
        return node
    if right[0] == "const":
        const = right[1]
        if type(const) is str and op in ("eq", "ne"):
            want_equal = op == "eq"

            def fact_vs_text(ctx: Context, sink: list[str] | None) -> Any:
                if sink is not None:
                    return explained(ctx, sink)
                x = ctx.facts.get(key)
                if x is None:
                    return None
                if type(x) is str:
                    return (x == const) is want_equal
                return compare(op, x, const)

            fact_vs_text.cheap = True  # type: ignore[attr-defined]
            fact_vs_text.fact_test = ("text", op, key, const)  # type: ignore[attr-defined]  # for plancode
            return fact_vs_text

        def fact_vs_const(ctx: Context, sink: list[str] | None) -> Any:
            if sink is not None:
                return explained(ctx, sink)
            x = ctx.facts.get(key)
            if x is None:
                return None
            if type(x) is Interval or type(x) is str or type(const) is str:
                return compare(op, x, const)
            return scalar(x, const)

        fact_vs_const.cheap = True  # type: ignore[attr-defined]
        fact_vs_const.fact_test = ("const", op, key, const)  # type: ignore[attr-defined]
        return fact_vs_const
    pid = right[1]

    def fact_vs_param(ctx: Context, sink: list[str] | None) -> Any:
        if sink is not None:
            return explained(ctx, sink)
        x = ctx.facts.get(key)
        y = ctx.params.get(pid)
        if x is None or y is None:
            return None
        if type(x) is Interval or type(x) is str:
            return compare(op, x, y)
        return scalar(x, y)

    fact_vs_param.cheap = True  # type: ignore[attr-defined]
    fact_vs_param.fact_test = ("param", op, key, pid)  # type: ignore[attr-defined]
    return fact_vs_param


def _memo_node(fast: Callable[[Context], Any], explained: Fn, cell: list | None) -> Fn:
    if cell is None:

        def plain(ctx: Context, sink: list[str] | None) -> Any:
            if sink is not None:
                return explained(ctx, sink)
            return fast(ctx)

        return plain

    def fn(ctx: Context, sink: list[str] | None) -> Any:
        if sink is not None:
            return explained(ctx, sink)
        slot = cell[0]
        memo = ctx.memo
        if slot is None or memo is None:
            return fast(ctx)
        r = memo.get(slot, _UNSET)
        if r is _UNSET:
            r = memo[slot] = fast(ctx)
        return r

    fn.memo_cell = cell  # type: ignore[attr-defined]
    return fn
