"""Brug's modules import each other without cycles, and `brug.core` imports no app above it.

Read from the source with `ast` (nothing is imported), so a new cycle fails here before it
shows up as an ImportError that depends on which module happens to load first.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "brug"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.Module, *, nested: bool):
    """The import statements that run when the module loads (`nested`: also those inside
    functions and classes, which run later)."""
    if nested:
        yield from (n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom))
        return
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and not _type_checking_only(node):
            todo.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            todo.extend(node.body + node.orelse + node.finalbody
                        + [s for h in node.handlers for s in h.body])


@cache
def _graph(nested: bool) -> dict[str, frozenset[str]]:
    """module -> the Brug modules it imports."""
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        targets = set()
        for node in _import_nodes(ast.parse(path.read_text()), nested=nested):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name in modules)
            elif node.level == 0 and node.module and node.module.split(".")[0] == "brug":
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    targets.add(sub if sub in modules else node.module)
            elif node.level:  # relative: from .x import y
                base = name.split(".")[: len(name.split(".")) - node.level
                                      + (path.name == "__init__.py")]
                module = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    sub = f"{module}.{alias.name}"
                    targets.add(sub if sub in modules else module)
        graph[name] = frozenset(t for t in targets if t in modules and t != name)
    return graph


def _cycles(graph: dict[str, set[str] | frozenset[str]]) -> list[set[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _app(module: str) -> str:
    return module.split(".")[1] if module.count(".") else module


def _app_graph(nested: bool, *, without: set[str] = frozenset()) -> dict[str, set[str]]:
    apps: dict[str, set[str]] = defaultdict(set)
    for module, targets in _graph(nested).items():
        for target in targets:
            a, b = _app(module), _app(target)
            if a != b and a not in without and b not in without:
                apps[a].add(b)
    return apps


def test_the_graph_sees_the_imports_it_must_see():
    """The reader itself: a test of cycles that sees no edges would always pass."""
    top, nested = _graph(False), _graph(True)
    assert "brug.directory.hsds" in top["brug.directory.hsds_nested"]
    assert "brug.directory.models" in top["brug.referrals.models"]
    assert "brug.core.domain_names" in top["brug.rights.engine.model"]  # absolute
    assert "brug.rights.engine.conditions" in top["brug.rights.engine.model"]  # relative
    assert top["brug.directory.forms"] < nested["brug.directory.forms"]  # Programme, inside
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_no_module_imports_itself_back_when_it_loads():
    assert _cycles(_graph(False)) == []


def test_no_import_cycle_at_all_between_modules():
    """Imports inside functions included: a cycle there is a cycle of responsibilities."""
    cycles = _cycles(_graph(True))
    assert cycles == []


def test_the_sociale_kaart_is_in_no_import_cycle_of_apps():
    """Referrals and signals build on the directory; the directory knows neither
    (`directory` <-> `referrals` was a cycle until issue 12). `core` is left out here: the
    next test holds it to importing nothing above it."""
    cycles = _cycles(_app_graph(True, without={"core"}))
    assert not [c for c in cycles if {"directory", "referrals", "signals"} & c], cycles


def test_core_imports_no_app_above_it():
    """Not when it loads, and not inside a function either: the access policy, which reads
    consents and families, lives in `brug.access`; the demo loader in `brug.demo`."""
    above = {module: sorted(t for t in targets if _app(t) != "core")
             for module, targets in _graph(True).items() if _app(module) == "core"}
    assert {m: t for m, t in above.items() if t} == {}
