"""Exact versions of what a page reads, and results kept per process under them.

Some pages show the same thing to everyone of a network: the signal bundle (anonymous counts
and quotes), the sociale kaart's search results. Twenty partners opening the bundle during a
network meeting all ask the same question; computing it once per version is enough.

On PostgreSQL, every statement that writes one of a domain's tables (insert, update, delete,
truncate, COPY, also under `session_replication_role = replica`) raises that domain's number
in `brug_data_version`, by a statement trigger (see `install_triggers`). The raise becomes
visible when its transaction commits, together with the changes, so:

- a page reads the version first and its data after; the data are then never older than the
  version, and a result kept under a version is never older than it;
- a transaction that wrote the domain itself sees its own raise before anyone else does:
  `current` says None then, and nothing is kept.

Writers of one domain wait for each other on its row until they commit; the domains here are
written by people one at a time (a barrier, a service), so nobody notices. On other
databases `current` is None: nothing is kept, every page computes its result.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connection

TABLE = "brug_data_version"
FUNCTION = "brug_data_changed"


def install(schema_editor) -> None:
    """The version table and the trigger function (PostgreSQL; a migration calls this)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (domain text PRIMARY KEY, "
        "version bigint NOT NULL, xid bigint NOT NULL)")
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN INSERT INTO {TABLE} (domain, version, xid) "
        "VALUES (TG_ARGV[0], 1, txid_current()) ON CONFLICT (domain) DO UPDATE "
        f"SET version = {TABLE}.version + 1, xid = txid_current(); RETURN NULL; END $$")


def install_triggers(schema_editor, domain: str, tables: list[str]) -> None:
    """Every write to `tables` raises `domain`'s version (PostgreSQL)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in tables:
        trigger = f"{table}_{domain}_version"
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}('{domain}')")
        schema_editor.execute(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {trigger}")


def remove_triggers(schema_editor, domain: str, tables: list[str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in tables:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{domain}_version ON {table}")


def tables_with_triggers(domain: str) -> set[str]:
    """The tables whose writes raise `domain` (PostgreSQL), for tests and checks."""
    with connection.cursor() as cur:
        cur.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE t.tgname = c.relname || %s AND t.tgenabled = 'A'",
                    [f"_{domain}_version"])
        return {row[0] for row in cur.fetchall()}


def current(domain: str) -> tuple | None:
    """`domain`'s version as others see it, or None: not PostgreSQL, or this transaction
    wrote the domain itself (its changes are in no version others can see)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cur:
        cur.execute(f"SELECT version, xid = txid_current_if_assigned() FROM {TABLE} "
                    "WHERE domain = %s", [domain])
        row = cur.fetchone()
    if row and row[1]:
        return None
    return (connection.settings_dict["NAME"], row[0] if row else 0)


class Kept:
    """Results of one domain kept per process under its version: `kept.get(key, compute)`.

    When the version moves everything kept is dropped; at most `size` results are kept (all
    are dropped when full, the simplest fair rule for results that are cheap to compute
    again). Without a version (`current` is None) `compute` runs every time.
    """

    _all: weakref.WeakSet[Kept] = weakref.WeakSet()

    def __init__(self, domain: str, size: int = 2000):
        self.domain, self.size = domain, size
        self._version: tuple | None = None
        self._results: dict[Hashable, Any] = {}
        self._lock = threading.Lock()
        Kept._all.add(self)

    def get(self, key: Hashable, compute: Callable[[], Any], *, version: Any = ...) -> Any:
        """`version`: `current(domain)` when the caller read it already (before any data of
        this request), so one read serves several kept results."""
        if version is ...:
            version = current(self.domain)
        if version is None:
            return compute()
        with self._lock:
            if version != self._version:
                self._results.clear()
                self._version = version
            elif key in self._results:
                return self._results[key]
        result = compute()
        with self._lock:
            if version == self._version:
                if len(self._results) >= self.size:
                    self._results.clear()
                self._results[key] = result
        return result

    def clear(self) -> None:
        with self._lock:
            self._results.clear()
            self._version = None


def clear_all() -> None:
    """Drop every kept result of this process (tests: ids and versions come back after a
    rollback)."""
    for kept in list(Kept._all):
        kept.clear()
