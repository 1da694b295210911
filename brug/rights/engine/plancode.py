"""The screening plan as one Python function per date: fewer calls per household.

:func:`screening._compiled` rebuilds every right's conditions for one date as lean closures.
Screening a household through them costs one Python call per closure (about 600 for 117 rights).
:func:`build` turns a plan into a single function ``plan(ctx, received) -> statuses`` whose body
does the same work inline: the groups become ``while True: … break`` blocks (Kleene and/or with
early exit), yes/no fact tests and comparisons of a fact with a number, text or parameter are read
inline, and a node shared by several rights is kept in a local variable (computed once per
household, as the memo does). Whatever it does not know how to inline is called, as before.

No source text is produced or parsed: the function is built from :mod:`ast` nodes with a fixed
vocabulary of operations (the ones of the closures it replaces). Every value — fact keys,
numbers, texts, parameter values, closures — is a constant node (``str``/``int``/``bool``/
``None``) or a variable of the function's own namespace, never code; the namespace has no
built-ins other than ``type``. The operations are the closures' own, in the same order: the same
three-valued results (``tests/rights/engine/test_screening_shared.py`` checks it).
"""

from __future__ import annotations

import ast
import itertools
from typing import Any

from . import values as V
from .conditions import _UNSET
from .values import Interval

MAX_DEPTH = 12  # nested loops in one function are limited (20 in CPython): deeper is called


def _name(n: str) -> ast.Name:
    return ast.Name(id=n, ctx=ast.Load())


def _store(n: str) -> ast.Name:
    return ast.Name(id=n, ctx=ast.Store())


def _assign(n: str, value: ast.expr) -> ast.Assign:
    return ast.Assign(targets=[_store(n)], value=value)


def _is(a: ast.expr, b: ast.expr, negate: bool = False) -> ast.Compare:
    return ast.Compare(left=a, ops=[ast.IsNot() if negate else ast.Is()], comparators=[b])


def _if(test: ast.expr, body: list, orelse: list | None = None) -> ast.If:
    return ast.If(test=test, body=body or [ast.Pass()], orelse=orelse or [])


def _call(f: ast.expr, *args: ast.expr) -> ast.Call:
    return ast.Call(func=f, args=list(args), keywords=[])


def _or(*values: ast.expr) -> ast.expr:
    return values[0] if len(values) == 1 else ast.BoolOp(op=ast.Or(), values=list(values))


def _and(*values: ast.expr) -> ast.expr:
    return values[0] if len(values) == 1 else ast.BoolOp(op=ast.And(), values=list(values))


class _Builder:
    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params
        self.ns: dict[str, Any] = {"__builtins__": {}, "type": type}
        self.by_id: dict[int, str] = {}
        self.counter = itertools.count()
        self.memo: dict[Any, str] = {}  # memo slot or member-test key -> local variable
        self.facts: dict[str, str] = {}  # fact key -> local variable (read once per household)
        self.NONE = ast.Constant(None)

    # -- names --------------------------------------------------------------------------------
    def ref(self, obj: Any) -> ast.Name:
        """A namespace variable holding ``obj`` (one per object)."""
        n = self.by_id.get(id(obj))
        if n is None:
            n = self.by_id[id(obj)] = f"_g{next(self.counter)}"
            self.ns[n] = obj
        return _name(n)

    def value(self, v: Any) -> ast.expr:
        if v is None or type(v) in (bool, int, str):
            return ast.Constant(v)
        return self.ref(v)  # floats, ranges, dates: kept as the objects themselves

    def fact(self, key: str) -> ast.Name:
        n = self.facts.get(key)
        if n is None:
            n = self.facts[key] = f"_f{len(self.facts)}"
        return _name(n)

    def tmp(self) -> str:
        return f"_t{next(self.counter)}"

    def local(self, key: Any) -> str:
        n = self.memo.get(key)
        if n is None:
            n = self.memo[key] = f"_m{next(self.counter)}"
        return n

    # -- comparisons --------------------------------------------------------------------------
    def scalar(self, op: str, x: ast.expr, y: ast.expr) -> ast.expr:
        """``conditions._SCALAR_OPS[op](x, y)`` inline (the EPS tolerance of plain numbers)."""
        d = ast.BinOp(left=x, op=ast.Sub(), right=y)
        eps, neg = self.ref(V.EPS), self.ref(-V.EPS)
        if op == "lt":
            return ast.Compare(left=d, ops=[ast.LtE()], comparators=[neg])
        if op == "lte":
            return ast.Compare(left=d, ops=[ast.Lt()], comparators=[eps])
        if op == "gt":
            return ast.Compare(left=d, ops=[ast.GtE()], comparators=[eps])
        if op == "gte":
            return ast.Compare(left=d, ops=[ast.Gt()], comparators=[neg])
        within = ast.Compare(left=neg, ops=[ast.Lt(), ast.Lt()], comparators=[d, eps])
        if op == "eq":
            return within
        return ast.UnaryOp(op=ast.Not(), operand=within)

    def compare(self, op: str, x: ast.expr, y: ast.expr) -> ast.expr:
        return _call(self.ref(V.compare), ast.Constant(op), x, y)

    def type_is(self, x: ast.expr, *types: type) -> ast.expr:
        t = _call(_name("type"), x)
        return _or(*(_is(t, self.ref(k)) for k in types))

    # -- conditions ---------------------------------------------------------------------------
    def cond(self, fn: Any, depth: int) -> tuple[list, ast.expr]:
        """Statements and the expression that then holds ``fn``'s three-valued result."""
        memo = getattr(fn, "memo_of", None)
        if memo is not None:  # a node several rights share: computed once per household
            inner, slot = memo
            n = self.local(("slot", slot))
            body, e = self.cond(inner, depth)
            return [_if(_is(_name(n), _name("UNSET")), [*body, _assign(n, e)])], _name(n)
        parts = getattr(fn, "lean_parts", None)
        if parts is not None and depth < MAX_DEPTH:
            leaves, others, is_all, slot = parts
            if slot is None:
                n = self.tmp()
                return self.group(n, leaves, others, is_all, depth), _name(n)
            n = self.local(("slot", slot))
            body = self.group(n, leaves, others, is_all, depth)
            return [_if(_is(_name(n), _name("UNSET")), body)], _name(n)
        leaf = getattr(fn, "bool_leaf", None)
        if leaf is not None:
            key, want, known = leaf
            if known:
                return [], _is(self.fact(key), ast.Constant(True))
            n = self.tmp()
            return [
                _assign(n, self.fact(key)),
                _if(
                    _is(_name(n), self.NONE, negate=True),
                    [_assign(n, _is(_name(n), ast.Constant(want)))],
                ),
            ], _name(n)
        test = getattr(fn, "fact_test", None)
        if test is not None:
            kind, op, key, const = test
            if kind == "param":  # the parameter's value for the plan's date
                const = self.params.get(const)
            return self.fact_test(kind, op, key, const)
        vs = getattr(fn, "vs_const", None)
        if vs is not None:
            return self.vs_const(*vs)
        vs = getattr(fn, "vs_expr", None)
        if vs is not None and depth < MAX_DEPTH:
            return self.vs_expr(*vs, depth)
        fact_in = getattr(fn, "fact_in", None)
        if fact_in is not None:  # ``in`` on a fact: unknown for an unknown value or a range
            key, allowed = fact_in
            n, X = self.tmp(), self.fact(key)
            unknown = _or(_is(X, self.NONE), self.type_is(X, Interval))
            member = ast.Compare(left=X, ops=[ast.In()], comparators=[self.ref(allowed)])
            return [_if(unknown, [_assign(n, self.NONE)], [_assign(n, member)])], _name(n)
        municipality = getattr(fn, "municipality", None)
        if municipality is not None:  # the municipality decides, else the postcode (if listed)
            mkey, codes = municipality
            n, M, P = self.tmp(), self.fact("municipality_key"), self.fact("postcode")
            by_postcode = [_assign(n, self.NONE)]
            if codes:
                by_postcode = [
                    _if(
                        _is(P, self.NONE, negate=True),
                        [
                            _assign(
                                n,
                                ast.Compare(left=P, ops=[ast.In()], comparators=[self.ref(codes)]),
                            )
                        ],
                        by_postcode,
                    )
                ]
            same = ast.Compare(left=M, ops=[ast.Eq()], comparators=[ast.Constant(mkey)])
            return [_if(_is(M, self.NONE, negate=True), [_assign(n, same)], by_postcode)], _name(n)
        any_member = getattr(fn, "any_member", None)
        if any_member is not None and depth < MAX_DEPTH:
            return self.any_member(*any_member)
        key = getattr(fn, "cache_key", None)
        if key is None:
            cell = getattr(fn, "memo_cell", None)
            if cell is not None and cell[0] is not None:
                key = ("slot", cell[0])
        call = _call(self.ref(fn), _name("ctx"), self.NONE)
        if key is not None:  # a member test or a shared node: once per household
            n = self.local(key)
            return [_if(_is(_name(n), _name("UNSET")), [_assign(n, call)])], _name(n)
        n = self.tmp()
        return [_assign(n, call)], _name(n)

    def leaf_tests(self, leaves: tuple, target: str, unknown: ast.expr, done: list,
                   is_all: bool) -> list:
        """The yes/no fact tests of an all/any group, inline: a decisive value runs ``done``,
        an unknown one sets ``target`` to ``unknown`` and the tests go on."""
        body: list = []
        for key, want, known in leaves:
            got = self.fact(key)
            if known:  # decisive when (v is True) is decisive
                body.append(_if(_is(got, ast.Constant(True), negate=is_all), done))
                continue
            v = self.tmp()
            body.append(_assign(v, got))
            body.append(
                _if(
                    _is(_name(v), self.NONE),
                    [_assign(target, unknown)],
                    # decisive when (v is want) is decisive
                    [_if(_is(_name(v), ast.Constant(want), negate=is_all), done)],
                )
            )
        return body

    def group(self, n: str, leaves: tuple, others: tuple, is_all: bool, depth: int) -> list:
        """Kleene all/any into ``n``: ``lean_group``'s loop, unrolled (same order, same exits)."""
        decisive = not is_all
        done = [_assign(n, ast.Constant(decisive)), ast.Break()]
        body = self.leaf_tests(leaves, n, self.NONE, done, is_all)
        for f in others:
            stmts, e = self.cond(f, depth + 1)
            body.extend(stmts)
            body.append(
                _if(
                    _is(e, ast.Constant(decisive)),
                    done,
                    [_if(_is(e, self.NONE), [_assign(n, self.NONE)])],
                )
            )
        body.append(ast.Break())
        return [
            _assign(n, ast.Constant(is_all)),
            ast.While(test=ast.Constant(True), body=body, orelse=[]),
        ]

    def fact_test(self, kind: str, op: str, key: str, const: Any) -> tuple[list, ast.expr]:
        """The one-closure comparisons of ``conditions._fast_comparison``, inline."""
        if kind == "param" and const is None:  # fact_vs_param: no value on the plan's date
            return [], self.NONE
        n, x = self.tmp(), self.tmp()
        X, C = _name(x), self.value(const)
        if kind == "text":  # fact_vs_text
            eq = ast.Compare(left=X, ops=[ast.Eq()], comparators=[C])
            known = [
                _if(
                    self.type_is(X, str),
                    [_assign(n, _is(eq, ast.Constant(op == "eq")))],
                    [_assign(n, self.compare(op, X, C))],
                )
            ]
        elif kind == "const" and type(const) is str:  # fact_vs_const with a text
            known = [_assign(n, self.compare(op, X, C))]
        else:  # fact_vs_const with a number, fact_vs_param (the value on the plan's date)
            known = [
                _if(
                    self.type_is(X, Interval, str),
                    [_assign(n, self.compare(op, X, C))],
                    [_assign(n, self.scalar(op, X, C))],
                )
            ]
        get = _assign(x, self.fact(key))
        return [get, _if(_is(X, self.NONE), [_assign(n, self.NONE)], known)], _name(n)

    def vs_const(self, op: str, key: str, y: Any, y_number: bool) -> tuple[list, ast.expr]:
        """``screening._lean_comparison``'s ``vs_value`` inline."""
        n, x = self.tmp(), self.tmp()
        X, Y = _name(x), self.value(y)
        numeric = [_assign(n, self.scalar(op, X, Y))]
        general = [_assign(n, self.compare(op, X, Y))]
        return [
            _assign(x, self.fact(key)),
            _if(
                _is(X, self.NONE),
                [_assign(n, self.NONE)],
                [_if(self.type_is(X, int, float), numeric, general)] if y_number else general,
            ),
        ], _name(n)

    def vs_expr(self, op: str, key: str, y: Any, depth: int) -> tuple[list, ast.expr]:
        """``screening._lean_comparison``'s ``compute`` inline (the expression too)."""
        n, v = self.tmp(), self.tmp()
        X, Vn = self.fact(key), _name(v)
        stmts, e = self.expr(y, depth)
        both_numbers = _and(self.type_is(X, int, float), self.type_is(Vn, int, float))
        return [
            _if(
                _is(X, self.NONE),
                [_assign(n, self.NONE)],
                [
                    *stmts,
                    _assign(v, e),
                    _if(
                        _is(Vn, self.NONE),
                        [_assign(n, self.NONE)],
                        [
                            _if(
                                both_numbers,
                                [_assign(n, self.scalar(op, X, Vn))],
                                [_assign(n, self.compare(op, X, Vn))],
                            )
                        ],
                    ),
                ],
            )
        ], _name(n)

    def any_member(
        self, any_key: str, role_key: Any, role_set: Any, rest: Any
    ) -> tuple[list, ast.expr]:
        """ "Is there a member such that …", once per household: the members with the filter's
        role (listed once per household and role set), the rest of the filter on each of them,
        stopping at the first that matches (``conditions._c_any_member``'s screening branch)."""
        n = self.local(("any", any_key))
        members: ast.expr = ast.Attribute(value=_name("ctx"), attr="members", ctx=ast.Load())
        body: list = []
        if role_set is not None:
            listed = self.local(("role", role_key))
            m = self.tmp()
            has_role = ast.Compare(
                left=ast.Attribute(value=_name(m), attr="role", ctx=ast.Load()),
                ops=[ast.In()],
                comparators=[self.ref(role_set)],
            )
            comp = ast.comprehension(target=_store(m), iter=members, ifs=[has_role], is_async=0)
            body.append(
                _if(
                    _is(_name(listed), _name("UNSET")),
                    [_assign(listed, ast.ListComp(elt=_name(m), generators=[comp]))],
                )
            )
            members = _name(listed)
        m, v = self.tmp(), self.tmp()
        body.append(_assign(n, ast.Constant(False)))
        body.append(
            ast.For(
                target=_store(m),
                iter=members,
                body=[
                    _assign(v, _call(self.ref(rest), _name(m))),
                    _if(
                        _is(_name(v), ast.Constant(True)),
                        [_assign(n, ast.Constant(True)), ast.Break()],
                        [
                            _if(
                                _is(_name(v), ast.Constant(False), negate=True),
                                [_assign(n, self.NONE)],
                            )
                        ],
                    ),
                ],
                orelse=[],
            )
        )
        return [_if(_is(_name(n), _name("UNSET")), body)], _name(n)

    # -- expressions (the lean closures of screening._lean_expr) ------------------------------
    def operand(self, const: bool, g: Any, depth: int) -> tuple[list, ast.expr]:
        return ([], self.value(g)) if const else self.expr(g, depth)

    def expr(self, g: Any, depth: int) -> tuple[list, ast.expr]:
        key = getattr(g, "fact_key", None)
        if key is not None:
            return [], self.fact(key)
        parts = getattr(g, "lean_expr", None)
        if parts is not None and depth < MAX_DEPTH:
            if parts[0] == "binary":
                return self.binary(*parts[1:], depth)
            return self.choice(*parts[1:], depth)
        n = self.tmp()
        return [_assign(n, _call(self.ref(g), _name("ctx")))], _name(n)

    def binary(self, op: str, x: tuple, y: tuple, f: Any, depth: int) -> tuple[list, ast.expr]:
        """Two numbers inline, anything else through ``f`` (the interval arithmetic)."""
        n, a, b = self.tmp(), self.tmp(), self.tmp()
        sa, ea = self.operand(*x, depth)
        sb, eb = self.operand(*y, depth)
        stmts = [*sa, _assign(a, ea), *sb, _assign(b, eb)]
        A, B = _name(a), _name(b)
        checks = []
        for const, g, e in ((x[0], x[1], A), (y[0], y[1], B)):
            if const:
                if type(g) is not int and type(g) is not float:
                    checks = None  # never two plain numbers: always ``f``
                    break
            else:
                checks.append(self.type_is(e, int, float))
        general = [_assign(n, _call(self.ref(f), A, B))]
        if checks is None:
            return [*stmts, *general], _name(n)
        bop = {"add": ast.Add, "sub": ast.Sub}.get(op, ast.Mult)()
        inline = [_assign(n, ast.BinOp(left=A, op=bop, right=B))]
        if not checks:
            return [*stmts, *inline], _name(n)
        return [*stmts, _if(_and(*checks), inline, general)], _name(n)

    def choice(
        self, cond: Any, then: tuple, other: tuple, hull: Any, depth: int
    ) -> tuple[list, ast.expr]:
        """``if``: the condition, then only the branch it picks (both, as a range, if unknown)."""
        n = self.tmp()
        sc, ec = self.cond(cond, depth + 1)
        st, et = self.operand(*then, depth + 1)
        so, eo = self.operand(*other, depth + 1)
        st2, et2 = self.operand(*then, depth + 1)
        so2, eo2 = self.operand(*other, depth + 1)
        c = self.tmp()
        both = ast.List(elts=[et2, eo2], ctx=ast.Load())
        return [
            *sc,
            _assign(c, ec),
            _if(
                _is(_name(c), ast.Constant(True)),
                [*st, _assign(n, et)],
                [
                    _if(
                        _is(_name(c), ast.Constant(False)),
                        [*so, _assign(n, eo)],
                        [*st2, *so2, _assign(n, _call(self.ref(hull), both))],
                    )
                ],
            ),
        ], _name(n)

    # -- the plan -----------------------------------------------------------------------------
    def plan(self, compiled: tuple, statuses: tuple) -> Any:
        likely, possibly, not_, received = (self.ref(s) for s in statuses)
        body: list = []
        results = []
        for rid, leaves, fns, received_if in compiled:
            s = f"_s{len(results)}"
            results.append(_name(s))
            done = [_assign(s, not_), ast.Break()]
            loop = self.leaf_tests(leaves, s, possibly, done, True)
            for fn in fns:
                stmts, e = self.cond(fn, 1)
                loop.extend(stmts)
                loop.append(
                    _if(
                        _is(e, ast.Constant(False)),
                        done,
                        [_if(_is(e, self.NONE), [_assign(s, possibly)])],
                    )
                )
            loop.append(ast.Break())
            test = ast.Compare(
                left=ast.Constant(rid), ops=[ast.In()], comparators=[_name("received")]
            )
            if received_if is not None:
                test = _or(test, _is(self.fact(received_if), ast.Constant(True)))
            body.append(
                _if(
                    test,
                    [_assign(s, received)],
                    [_assign(s, likely), ast.While(test=ast.Constant(True), body=loop, orelse=[])],
                )
            )
        facts = ast.Attribute(value=_name("ctx"), attr="facts", ctx=ast.Load())
        head: list = [_assign("get", ast.Attribute(value=facts, attr="get", ctx=ast.Load()))]
        # Every fact the plan reads, read once (a dict lookup each; the plan reads many twice).
        head += [_assign(n, _call(_name("get"), ast.Constant(k))) for k, n in self.facts.items()]
        if self.memo:
            head.append(
                ast.Assign(targets=[_store(n) for n in self.memo.values()], value=_name("UNSET"))
            )
        body = head + body + [ast.Return(value=ast.Tuple(elts=results, ctx=ast.Load()))]
        args = ast.arguments(
            posonlyargs=[],
            args=[ast.arg(arg="ctx"), ast.arg(arg="received")],
            kwonlyargs=[],
            kw_defaults=[],
            defaults=[],
        )
        fdef = ast.FunctionDef(name="plan", args=args, body=body, decorator_list=[], returns=None)
        module = ast.Module(body=[fdef], type_ignores=[])
        ast.fix_missing_locations(module)
        self.module = module  # for reading (``ast.unparse``), never parsed back
        self.ns["UNSET"] = _UNSET
        exec(compile(module, "<screening plan>", "exec"), self.ns)  # noqa: S102  (built from AST nodes)
        return self.ns["plan"]


def build(compiled: tuple, params: dict[str, Any], statuses: tuple) -> Any:
    """One function for a plan of :func:`screening._compiled`: ``plan(ctx, received)`` returns
    the statuses (``statuses`` = likely, possibly, not, received) in the plan's order."""
    return _Builder(params).plan(compiled, statuses)
