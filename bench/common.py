"""What the HTTP benchmarks share: their database, Django, sessions, gunicorn and COPY.

Every benchmark fills a PostgreSQL database of its own (`BENCH_DATABASE_URL`; bench/run.py
hands each one `brug_<stem>`), serves Brug from it with gunicorn and drives it with
`loadgen`. Environment knobs:

- `BENCH_DATABASE_URL`: the database to fill and serve (default: the benchmark's own name on
  the local server, or `BENCH_POSTGRES` when that names another server);
- `BENCH_WORKERS`: gunicorn worker processes (default: one per core, as docs/operations.md
  advises when PostgreSQL runs on the same machine);
- `BENCH_THREADS`: threads per worker process (default 1: gunicorn's sync workers);
- `BENCH_PORT`: the port gunicorn listens on (default 8765; it must be free).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
GUNICORN_WORKERS = os.environ.get("BENCH_WORKERS") or str(os.cpu_count() or 2)
GUNICORN_THREADS = os.environ.get("BENCH_THREADS", "1")
CLIENTS = 20
SERVER = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


def database_url(default_name: str) -> str:
    return os.environ.get("BENCH_DATABASE_URL", f"{SERVER}/{default_name}")


def ensure_database(url: str) -> None:
    """Create the database when it does not exist yet (a filled one is kept)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname=%s", (name,)).fetchone():
            conn.execute(f'create database "{name}"')


# Production settings refuse a secret key under 50 characters; the served pages and the
# sessions written here must share it.
SECRET_KEY = "bench-only-not-a-secret-" * 3


def setup_django(url: str) -> None:
    """Django in this process, on `url`, migrated."""
    os.environ.update(DATABASE_URL=url, SECRET_KEY=SECRET_KEY, DEBUG="0", BRUG_TESTING="1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# ---------------------------------------------------------------- filling

MARKER_TABLE = "bench_fill"


def fill_marker(bench: str) -> tuple[str, date] | None:
    """The sizes and day of the last complete fill of `bench` in this database, if any."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"create table if not exists {MARKER_TABLE} "
                    "(bench text primary key, sizes text not null, filled_on date not null)")
        cur.execute(f"select sizes, filled_on from {MARKER_TABLE} where bench = %s", [bench])
        row = cur.fetchone()
    return (row[0], row[1]) if row else None


def record_fill(bench: str, sizes: str, day: date) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"insert into {MARKER_TABLE} (bench, sizes, filled_on) values (%s, %s, %s) "
                    "on conflict (bench) do update set sizes = excluded.sizes, "
                    "filled_on = excluded.filled_on", [bench, sizes, day])


MAX_AGE_DAYS = 30


def needs_fill(bench: str, sizes: str, *, refill: bool = False) -> bool:
    """Whether to fill (the database is then emptied first), or to re-use the last fill.

    A fill of other sizes, or one so old that its dates no longer look like today's work,
    is replaced. A database with data this benchmark did not fill is only emptied on request
    (`refill`).
    """
    from django.db import connection

    marker = fill_marker(bench)
    if marker and not refill:
        filled_sizes, filled_on = marker
        age = (date.today() - filled_on).days
        if filled_sizes == sizes and age <= MAX_AGE_DAYS:
            print(f"(re-using the database filled on {filled_on}: {sizes})", flush=True)
            return False
        print(f"(the database holds {filled_sizes}, filled {age} days ago: filling again)")
    if marker is None and not refill:
        with connection.cursor() as cur:
            cur.execute("select exists(select 1 from network_network)")
            if cur.fetchone()[0]:
                raise SystemExit(f"{connection.settings_dict['NAME']} holds data that this "
                                 f"benchmark did not fill: point BENCH_DATABASE_URL at a "
                                 f"database of its own, or pass --refill to empty this one")
    # Emptying the database ends any other fill in it too. Until `record_fill`, the
    # database is known as this benchmark's, and as unfinished.
    with connection.cursor() as cur:
        cur.execute(f"delete from {MARKER_TABLE}")
    record_fill(bench, "an unfinished fill", date.today())
    wipe()
    return True


class Steps:
    """Prints how long each step of a fill took, and the whole fill at the end."""

    def __init__(self) -> None:
        self.started = self.step = time.perf_counter()

    def done(self, what: str) -> None:
        print(f"  {what}: {time.perf_counter() - self.step:.1f} s", flush=True)
        self.step = time.perf_counter()

    def finished(self) -> None:
        print(f"filled in {time.perf_counter() - self.started:.0f} s", flush=True)


def wipe() -> None:
    """Empty every table of the app (the database is the benchmark's own)."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def next_id(cur, table: str) -> int:
    cur.execute(f"select coalesce(max(id), 0) + 1 from {table}")
    return cur.fetchone()[0]


def copy_rows(cur, table: str, columns: str, rows: Iterable[tuple]) -> int:
    """COPY `rows` (tuples in the order of `columns`) into `table`; returns the row count."""
    n = 0
    with cur.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


@contextmanager
def bulk_load(cur, tables: list[str]) -> Iterator[None]:
    """Load `tables` fast inside the caller's transaction, with the same guarantees.

    Checking each row's foreign keys costs more than writing it, and so does keeping every
    index up to date row by row. So, for the transaction: foreign-key triggers are off (only
    a superuser may turn them off; otherwise they stay on), the secondary indexes of `tables`
    are dropped, and at the end rebuilt, and every foreign key of `tables` is checked in one
    set-based query. NOT NULL and check constraints are enforced as usual. When the block
    fails the transaction is rolled back, indexes included.
    """
    cur.execute("select rolsuper from pg_roles where rolname = current_user")
    superuser = cur.fetchone()[0]
    if superuser:
        cur.execute("set local session_replication_role = replica")
    cur.execute(
        "select i.relname, pg_get_indexdef(i.oid) from pg_index x "
        "join pg_class i on i.oid = x.indexrelid "
        "where x.indrelid = any(%s::regclass[]) and not x.indisprimary "
        "and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)",
        [tables])
    indexes = cur.fetchall()
    for name, _ddl in indexes:
        cur.execute(f'drop index "{name}"')
    yield
    if superuser:
        cur.execute("set local session_replication_role = origin")
        _check_foreign_keys(cur, tables)
    else:
        cur.execute("set constraints all immediate")  # before the indexes: pending checks
    for _name, ddl in indexes:
        cur.execute(ddl)


def _check_foreign_keys(cur, tables: list[str]) -> None:
    cur.execute(
        "select c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, ra.attname "
        "from pg_constraint c "
        "join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1] "
        "join pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = c.confkey[1] "
        "where c.contype = 'f' and c.conrelid = any(%s::regclass[])", [tables])
    for table, column, target, target_column in cur.fetchall():
        cur.execute(f"select count(*) from {table} t where t.{column} is not null and not "
                    f"exists (select 1 from {target} r where r.{target_column} = t.{column})")
        missing = cur.fetchone()[0]
        if missing:
            raise RuntimeError(f"{missing} rows of {table}.{column} point to no {target}")


def reset_sequences(cur, tables: Iterable[str]) -> None:
    """After COPY with explicit ids, let the next ORM insert continue after the last id."""
    for table in tables:
        cur.execute(f"select setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"coalesce((select max(id) from {table}), 0) + 1, false)")


# ---------------------------------------------------------------- sessions and serving

def login_cookie(user) -> str:
    """A logged-in session for `user`, written straight into the session store, with the
    CSRF cookie a browser keeps from its first page (without it every page would make a new
    CSRF secret and set its cookie again, which no browser session does)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    csrf = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
    return (f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}")


def sessions_for(workers: Iterable) -> list[str]:
    """One session cookie per worker (their `user` should be selected with them)."""
    return [login_cookie(w.user) for w in workers]


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def serve(url: str) -> subprocess.Popen:
    """Start gunicorn on `url` and wait until it answers."""
    if _port_taken(PORT):
        raise SystemExit(f"port {PORT} is in use (another benchmark?); set BENCH_PORT")
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "DEBUG": "0",
           "ALLOWED_HOSTS": HOST, "BRUG_TESTING": "0"}
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", GUNICORN_WORKERS,
         "--threads", GUNICORN_THREADS,
         "-b", f"{HOST}:{PORT}", "--log-level", "warning", "brug.wsgi"], cwd=ROOT, env=env)
    for _ in range(100):
        if proc.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            urllib.request.urlopen(f"http://{HOST}:{PORT}/inloggen/", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    proc.wait()
    raise SystemExit("gunicorn did not start")


@contextmanager
def serving(url: str) -> Iterator[None]:
    proc = serve(url)
    try:
        yield
    finally:
        proc.terminate()
        proc.wait()


def measure(clients: list[tuple[str, list[str]]]) -> dict:
    """Each (cookie, paths) is one concurrent keep-alive client; see `loadgen.run`."""
    import loadgen

    return loadgen.run(HOST, PORT, clients)


def spread(paths: list[str], requests: int, offset: int = 0) -> list[str]:
    """`requests` paths cycling through `paths`, starting at `offset` (so clients differ)."""
    return [paths[(offset + i) % len(paths)] for i in range(requests)]


def speed_check() -> float:
    """Milliseconds of CPU that a fixed pure-Python loop takes now (lower is faster).

    The machines these benchmarks run on change speed from minute to minute (other tenants):
    the same loop has taken from 130 to 250 ms within one hour. Printed with each table so
    that its figures can be read against the machine's speed at the time.
    """
    start, total = time.process_time(), 0
    for i in range(1_000_000):
        total += i * i % 7
    return (time.process_time() - start) * 1000


def header(what: str) -> str:
    threads = f" --threads {GUNICORN_THREADS}" if GUNICORN_THREADS != "1" else ""
    return (f"{CLIENTS} concurrent clients, gunicorn -w {GUNICORN_WORKERS}{threads}, PostgreSQL; "
            f"{what}; speed check {speed_check():.0f} ms")
