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

A result is kept in the process (a dict) and shared with the other processes through the
UNLOGGED table `brug_kept` (domain, version, key): a process that misses asks the table
before computing, so each result is computed once per version by the whole server, not once
per web worker. The table lives in the same database as the versions, so a restored backup
brings back results that match its versions; after a crash PostgreSQL empties it. Rows of
older versions, and rows older than an hour, are deleted when a process first sees a new
version.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connection

TABLE = "brug_data_version"
FUNCTION = "brug_data_changed"
SHARED = "brug_kept"


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
    schema_editor.execute(
        f"CREATE UNLOGGED TABLE IF NOT EXISTS {SHARED} (domain text NOT NULL, "
        "key text NOT NULL, version bigint NOT NULL, value bytea NOT NULL, "
        "kept_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (domain, key, version))")


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


_MISSING = object()


def _shared_get(domain: str, version: int, key: str):
    with connection.cursor() as cur:
        cur.execute(f"SELECT value FROM {SHARED} WHERE domain = %s AND key = %s "
                    "AND version = %s", [domain, key, version])
        row = cur.fetchone()
    # Only Brug writes this table (`_shared_put`), like every other table of its database.
    return pickle.loads(bytes(row[0])) if row else _MISSING


def _shared_put(domain: str, version: int, key: str, value) -> None:
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO {SHARED} (domain, key, version, value) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    [domain, key, version, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)])


def _shared_prune(domain: str, version: int) -> None:
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {SHARED} WHERE domain = %s AND (version < %s "
                    "OR kept_at < now() - interval '1 hour')", [domain, version])


class Kept:
    """Results of one domain kept under its version: `kept.get(key, compute)`.

    `name` tells this set of results from the domain's others (in the shared table). When
    the version moves everything kept in the process is dropped; at most `size` results are
    kept in it (all are dropped when full, the simplest fair rule for results that are cheap
    to compute again). Without a version (`current` is None) `compute` runs every time.
    """

    _all: weakref.WeakSet[Kept] = weakref.WeakSet()

    def __init__(self, domain: str, name: str, size: int = 2000):
        self.domain, self.name, self.size = domain, name, size
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
            moved = version != self._version
            if moved:
                self._results.clear()
                self._version = version
            elif key in self._results:
                return self._results[key]
        number = version[1]
        if moved:
            _shared_prune(self.domain, number)
        shared_key = hashlib.sha256(f"{self.name}:{key!r}".encode()).hexdigest()
        result = _shared_get(self.domain, number, shared_key)
        if result is _MISSING:
            result = compute()
            _shared_put(self.domain, number, shared_key, result)
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
    """Drop every result kept in this process (tests: after a rollback, ids come back).

    The shared table needs no emptying: only a transaction that did not write the domain
    keeps a result there, so a rolled-back write leaves none, and a committed version never
    comes back."""
    for kept in list(Kept._all):
        kept.clear()
