"""Read queries written with the ORM and compiled to SQL once per process.

On these machines building and compiling a queryset costs 1–2 ms of CPU, often ten times
what PostgreSQL needs to run it. The hottest reads (the logged-in user on every request, the
agenda) have a shape that never changes; only their parameters do. `Prepared` compiles such a
query once, with sentinel values in place of its parameters, remembers where each sentinel
landed, and from then on only swaps the real values in. The query stays written with the ORM
(one definition, the same SQL on PostgreSQL and SQLite); rows come back as tuples, exactly as
`values_list` would give them (the ORM's converters are applied).

A parameter may also be a list (for `__in`): give a one-element list as its sentinel. On
PostgreSQL `col IN (%s)` becomes `col = ANY(%s)` with the list as one array parameter, so the
statement text is the same whatever the list's length: PostgreSQL plans it once per
connection, and psycopg parses it once per process (it does not cache statements with more
than 50 parameters). Elsewhere the placeholder is widened to the length of each call's list.
A sentinel must not equal any constant of the query; that is checked when the query is
compiled.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db import connections
from django.db.models import QuerySet

_TOKEN = re.compile(r"%%|%s")


def _split(sql: str) -> list[str]:
    """`sql` cut at each `%s` placeholder (an escaped `%%` stays in its piece)."""
    pieces, start = [], 0
    for match in _TOKEN.finditer(sql):
        if match.group() == "%s":
            pieces.append(sql[start:match.start()])
            start = match.end()
    pieces.append(sql[start:])
    return pieces


def _adapt(connection, value):
    """A value as the ORM hands it to the database driver for a date or datetime field."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _as_arrays(pieces: list[str], slots: list, lists: set[str]) -> str:
    """The SQL with each list parameter's `IN (%s)` written as `= ANY(%s)` (PostgreSQL)."""
    parts = [pieces[0]]
    for (name, _const), piece in zip(slots, pieces[1:], strict=True):
        if name in lists:
            if not (parts[-1].endswith(" IN (") and piece.startswith(")")):
                raise ValueError(f"list parameter {name} is not the one value of an IN (...)")
            parts[-1] = parts[-1][:-len("IN (")] + "= ANY("
        parts.append("%s")
        parts.append(piece)
    return "".join(parts)


def _array(name: str, value) -> list:
    items = list(value)
    if not items:
        raise ValueError(f"list parameter {name} is empty")
    return items


class Prepared:
    """`Prepared(build, worker=-1, day=date(1901, 2, 3))`, then `query(worker=7, day=today)`.

    `build(**sentinels)` returns a `values_list()` queryset; it is called once per database.
    """

    def __init__(self, build: Callable[..., QuerySet], *, paged: bool = False, **sentinels: Any):
        self._build = build
        self._paged = paged  # takes `limit` and `offset` (a page of the ordered rows)
        self._sentinels = sentinels
        self._compiled: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def _compile(self, using: str) -> tuple:
        connection = connections[using]
        compiler = self._build(**self._sentinels).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        adapted = {}
        for name, value in self._sentinels.items():
            if isinstance(value, list | tuple):
                if len(value) != 1:
                    raise ValueError(f"the sentinel of list parameter {name} must have one item")
                adapted[name] = _adapt(connection, value[0])
            else:
                adapted[name] = _adapt(connection, value)
        slots: list[tuple[str | None, Any]] = []
        for value in params:
            names = [name for name, sentinel in adapted.items() if value == sentinel]
            if len(names) > 1:
                raise ValueError(f"sentinels {names} are equal; give each parameter its own")
            slots.append((names[0], None) if names else (None, value))
        missing = set(self._sentinels) - {name for name, _ in slots}
        if missing:
            raise ValueError(f"parameters {sorted(missing)} do not appear in the query")
        fields = [col for col, _sql, _alias in compiler.select[:compiler.col_count]]
        lists = {name for name, value in self._sentinels.items() if isinstance(value, list | tuple)}
        pieces = _split(sql) if lists else None
        if pieces is not None and len(pieces) != len(slots) + 1:
            raise ValueError("the query's placeholders do not match its parameters")
        if pieces is not None and connection.vendor == "postgresql":
            sql, pieces = _as_arrays(pieces, slots, lists), None
        if self._paged:
            if compiler.query.low_mark or compiler.query.high_mark is not None:
                raise ValueError("a paged query is sliced by its calls, not by its definition")
            sql += " LIMIT %s OFFSET %s"
            slots += [("limit", None), ("offset", None)]
            if pieces is not None:
                pieces[-1:] = [pieces[-1] + " LIMIT ", " OFFSET ", ""]
        return sql, tuple(slots), compiler, compiler.get_converters(fields), lists, pieces

    def _statement(self, compiled: tuple, values: dict) -> tuple[str, list]:
        """The SQL and parameters for one call, list placeholders widened to their length."""
        sql, slots, _compiler, _converters, lists, pieces = compiled
        if pieces is None:  # no lists, or lists as arrays (PostgreSQL)
            params = [values[name] if name else const for name, const in slots]
            if lists:
                params = [_array(name, value) if name in lists else value
                          for (name, _const), value in zip(slots, params, strict=True)]
            return sql, params
        parts, params = [pieces[0]], []
        for (name, const), piece in zip(slots, pieces[1:], strict=True):
            if name in lists:
                items = list(values[name])
                if not items:
                    raise ValueError(f"list parameter {name} is empty")
                parts.append(", ".join(["%s"] * len(items)))
                params.extend(items)
            else:
                parts.append("%s")
                params.append(values[name] if name else const)
            parts.append(piece)
        return "".join(parts), params

    def _compiled_for(self, using: str) -> tuple:
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compile(using)
                self._compiled[using] = compiled
        return compiled

    def __call__(self, using: str = "default", **values: Any) -> list[tuple]:
        compiled = self._compiled_for(using)
        connection = connections[using]
        sql, params = self._statement(compiled, values)
        params = [_adapt(connection, value) if not isinstance(value, list | tuple | set)
                  else [_adapt(connection, item) for item in value] for value in params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        _sql, _slots, compiler, converters, _lists, _pieces = compiled
        if converters:
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows


class Joined:
    """Model instances from one row of a prepared query, linked as `select_related` links them.

    `Joined(Family, "organisation", "contact_worker", "contact_worker__organisation")`:
    `columns()` names every concrete column of the model and of each relation on the path, for
    a `values_list()` (a nullable relation becomes an outer join); `build(row)` makes the
    instances from such a row and puts each one in its parent's relation cache, None where the
    join found nothing. A relation may be a reverse one-to-one (a user's `worker`). `model`
    may be given as "app_label.Model", looked up at first use.
    """

    def __init__(self, model, *paths: str):
        self.model, self.paths = model, paths
        self._parts: list[tuple[str, Any, list, int]] | None = None

    def parts(self) -> list[tuple[str, Any, list, int]]:
        """(path, model, concrete fields, index of the primary key) in the row's order."""
        if self._parts is None:
            root = apps.get_model(self.model) if isinstance(self.model, str) else self.model
            parts, models = [], {"": root}
            for path in ("", *self.paths):
                if path:
                    parent, _, name = path.rpartition("__")
                    models[path] = models[parent]._meta.get_field(name).related_model
                fields = list(models[path]._meta.concrete_fields)
                pk = [f.attname for f in fields].index(models[path]._meta.pk.attname)
                parts.append((path, models[path], fields, pk))
            self._parts = parts
        return self._parts

    def columns(self, prefix: str = "") -> list[str]:
        """The lookups of every column `build` takes, from the model `prefix` starts at."""
        return [prefix + (f"{path}__" if path else "") + field.name
                for path, _model, fields, _pk in self.parts() for field in fields]

    def build(self, row, using: str = "default"):
        """The instance of a row of `columns()` values, its relations attached; None when
        the row holds none (an outer join found nothing)."""
        objects, start = {}, 0
        for path, model, fields, pk in self.parts():
            values = row[start:start + len(fields)]
            start += len(fields)
            instance = (model.from_db(using, [f.attname for f in fields], values)
                        if values[pk] is not None else None)
            if not path:
                if instance is None:
                    return None
            else:
                parent_path, _, name = path.rpartition("__")
                parent = objects.get(parent_path)
                if parent is not None:
                    relation = parent._meta.get_field(name)
                    relation.set_cached_value(parent, instance)
                    if instance is not None and relation.one_to_one and relation.auto_created:
                        relation.remote_field.set_cached_value(instance, parent)
            objects[path] = instance
        return objects[""]


def _keep_long_statements_parsed() -> None:
    """psycopg keeps the parsed form of a statement (its placeholders turned into PostgreSQL's)
    only up to 4096 characters, a limit in a private module. A union of several parts is
    longer (the agenda's is 6.7 KB) and was parsed again on every call, about 0.1 ms. Should
    psycopg rename the limit, this changes nothing but that cost."""
    try:
        from psycopg import _queries
    except ImportError:  # psycopg is not installed (SQLite only)
        return
    if getattr(_queries, "MAX_CACHED_STATEMENT_LENGTH", 0) < 16384:
        _queries.MAX_CACHED_STATEMENT_LENGTH = 16384


_keep_long_statements_parsed()


class PreparedUnion:
    """Several `Prepared` queries sent as one statement: one round trip instead of one each.

    `PreparedUnion(reviews=REVIEWS, ending=ENDING)(worker=7, week_end=day)` gives
    `{"reviews": [...], "ending": [...]}`, each part's rows as its own call would (converters
    applied), but in no guaranteed order: sort them. Each part keeps its own ORDER BY and
    LIMIT inside a subquery; the parts are joined with UNION ALL, each part's columns in a
    band of their own with NULLs of the same types in the others' bands, so that no column
    has to hold two types. The parts take their parameters by name from the call's values.
    """

    def __init__(self, **parts: Prepared):
        self._parts = parts
        self._nulls: dict[str, dict[str, str]] = {}

    def _typed_nulls(self, using: str, compiled: dict[str, tuple]) -> dict[str, str]:
        """Per part, the NULLs that stand in for its columns in the other parts' rows."""
        nulls = self._nulls.get(using)
        if nulls is None:
            connection = connections[using]
            nulls = {name: ", ".join(
                f"CAST(NULL AS {col.output_field.cast_db_type(connection)})"
                for col, _sql, _alias in compiler.select[:compiler.col_count])
                for name, (_s, _p, compiler, *_rest) in compiled.items()}
            self._nulls[using] = nulls
        return nulls

    def __call__(self, using: str = "default", **values: Any) -> dict[str, list[tuple]]:
        connection = connections[using]
        compiled = {name: part._compiled_for(using) for name, part in self._parts.items()}
        nulls = self._typed_nulls(using, compiled)
        widths = {name: c[2].col_count for name, c in compiled.items()}
        total = sum(widths.values())
        names = list(self._parts)
        selects, params = [], []
        for index, (name, part) in enumerate(self._parts.items()):
            sql, part_params = part._statement(compiled[name], values)
            columns = [nulls[other] for other in names[:index]] + [f"p{index}.*"] + [
                nulls[other] for other in names[index + 1:]]
            selects.append(f"SELECT {index}, {', '.join(columns)} FROM ({sql}) p{index}")
            params.extend(part_params)
        params = [_adapt(connection, value) if not isinstance(value, list | tuple | set)
                  else [_adapt(connection, item) for item in value] for value in params]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            rows = cursor.fetchall()
        if rows and len(rows[0]) != total + 1:
            raise ValueError("a part selects more columns than its values_list() names")
        found: dict[str, list[tuple]] = {name: [] for name in names}
        starts, start = {}, 1
        for name in names:
            starts[name] = start
            start += widths[name]
        for row in rows:
            name = names[row[0]]
            found[name].append(tuple(row[starts[name]:starts[name] + widths[name]]))
        for name, (_sql, _slots, compiler, converters, _lists, _pieces) in compiled.items():
            if converters and found[name]:
                found[name] = [tuple(r) for r in compiler.apply_converters(found[name], converters)]
        return found


@contextmanager
def planned_per_call(using: str = "default") -> Iterator[None]:
    """The queries of this block are planned for their own values, never prepared.

    With prepared statements PostgreSQL may settle on one generic plan for all values; for a
    text search (`LIKE '%word%'`) that plan cannot know how rare the word is, and cost five
    times the plan made for the word (23 against 4 ms per search at 20 000 services).
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return

    def unprepared(execute, sql, params, many, context):
        if many:
            return execute(sql, params, many, context)
        with connection.wrap_database_errors:
            return context["cursor"].cursor.execute(sql, params, prepare=False)

    with connection.execute_wrapper(unprepared):
        yield
