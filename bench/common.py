"""What the benchmark's pieces share: databases and the template, Django, gunicorn, COPY, the
machine's speed and load.

Environment knobs:

- `BENCH_POSTGRES`: the PostgreSQL server (default postgresql://postgres@127.0.0.1:5432);
- `BENCH_WORKERS`: gunicorn worker processes (default: one per core);
- `BENCH_PORT`: the port gunicorn listens on (default 8765; it must be free);
- `BENCH_CACHE_URL`: the Redis the served Brug uses as its shared cache and for `cached_db`
  sessions, as a deployment does (`CACHE_URL`; default redis://127.0.0.1:6379/15, a database
  of its own that the bench empties when it starts serving); `BENCH_CACHE_URL=` (empty), or
  no Redis answering, serves without (database sessions, per-process cache).
"""

from __future__ import annotations

import hashlib
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
GUNICORN_WORKERS = int(os.environ.get("BENCH_WORKERS") or os.cpu_count() or 2)
SERVER = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
SETTINGS = "bench.settings"
# What the bench's gunicorn and in-process Django read besides the database URL.
# Keys long enough for production's checks, fixed, and for the bench only.
SERVER_ENV = {"SECRET_KEY": "bench-only-" + "0123456789abcdef" * 4,
              "AUDIT_HMAC_KEY": "bench-only-audit-" + "fedcba9876543210" * 4,
              "DEBUG": "0", "BRUG_TESTING": "0", "ALLOWED_HOSTS": HOST, "BEHIND_TLS_PROXY": "1",
              "DJANGO_SETTINGS_MODULE": SETTINGS}
# Another prefix (and BENCH_DATABASE in run.py) lets a second tree bench beside this one.
TEMPLATE_PREFIX = os.environ.get("BENCH_TEMPLATE_PREFIX") or "brug_bench_tpl_"
TEMPLATE_MAX_AGE_DAYS = 30  # the data are dated around the fill; older, agendas empty out


def url_of(name: str) -> str:
    return f"{SERVER}/{name}"


def admin_connection():
    import psycopg

    return psycopg.connect(url_of("postgres"), autocommit=True)


# ---------------------------------------------------------------- the template database

def template_name(quick: bool) -> str:
    """The template's name, keyed on the migrations and the generator: a schema change or a
    change of the dataset makes a new template; an unchanged tree reuses the last one."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("brug/*/migrations/*.py")) + [HERE / "dataset.py"]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return f"{TEMPLATE_PREFIX}{'quick' if quick else 'full'}_{digest.hexdigest()[:12]}"


def template_filled_on(conn, name: str) -> date | None:
    row = conn.execute("select shobj_description(oid, 'pg_database') from pg_database "
                       "where datname = %s", (name,)).fetchone()
    if row is None:
        return None
    try:
        return date.fromisoformat((row[0] or "").removeprefix("filled "))
    except ValueError:
        return None


def ensure_template(quick: bool) -> str:
    """The template database for this tree, built when missing or too old (minutes)."""
    name = template_name(quick)
    with admin_connection() as conn:
        filled = template_filled_on(conn, name)
        if filled is not None and (date.today() - filled).days <= TEMPLATE_MAX_AGE_DAYS:
            print(f"(reusing the template {name}, filled {filled})", flush=True)
            return name
        building = name + "_build"
        for stale in (name, building):
            conn.execute(f'drop database if exists "{stale}" with (force)')
        conn.execute(f'create database "{building}"')
    print(f"building the template {name} (once per schema and generator)", flush=True)
    started = time.perf_counter()
    command = [sys.executable, str(HERE / "dataset.py"), "--database", url_of(building)]
    if quick:
        command.append("--quick")
    if subprocess.run(command, cwd=ROOT, env={**os.environ, **SERVER_ENV}).returncode:
        raise SystemExit("the dataset could not be built")
    with admin_connection() as conn:
        conn.execute(f'alter database "{building}" rename to "{name}"')
        conn.execute(f"comment on database \"{name}\" is 'filled {date.today().isoformat()}'")
        # Templates of other schemas or generators are not used again.
        kind = name.rsplit("_", 1)[0] + "_"
        for (other,) in conn.execute("select datname from pg_database where datname like %s",
                                     (kind.replace("_", r"\_") + "%",)).fetchall():
            if other != name:
                conn.execute(f'drop database if exists "{other}" with (force)')
    print(f"template built in {time.perf_counter() - started:.0f} s", flush=True)
    return name


def fresh_database(template: str, name: str) -> str:
    """`name` dropped and copied from `template` (file copy: seconds, not a reload)."""
    started = time.perf_counter()
    with admin_connection() as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}" template "{template}" strategy file_copy')
    print(f"(copied {template} to {name} in {time.perf_counter() - started:.0f} s)",
          flush=True)
    return url_of(name)


def drop_database(name: str) -> None:
    with admin_connection() as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


# ---------------------------------------------------------------- Django in this process

def setup_django(url: str, *, migrate: bool = True) -> None:
    """Django in this process on `url` with the bench settings (migrated, by default)."""
    os.environ.update(SERVER_ENV, DATABASE_URL=url)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


class Steps:
    """Prints how long each step of a fill took, and the whole fill at the end."""

    def __init__(self) -> None:
        self.started = self.step = time.perf_counter()

    def done(self, what: str) -> None:
        print(f"  {what}: {time.perf_counter() - self.step:.1f} s", flush=True)
        self.step = time.perf_counter()

    def finished(self) -> None:
        print(f"filled in {time.perf_counter() - self.started:.0f} s", flush=True)


def next_id(cur, table: str) -> int:
    cur.execute(f'select coalesce(max(id), 0) + 1 from "{table}"')
    return cur.fetchone()[0]


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
    cur.execute("set local maintenance_work_mem = '256MB'")  # the index rebuilds
    cur.execute("set local synchronous_commit = off")
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
        cur.execute(f"select setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f"coalesce((select max(id) from \"{table}\"), 0) + 1, false)")


# ---------------------------------------------------------------- serving

def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def fresh_cache() -> str:
    """The served Brug's CACHE_URL: the bench's own Redis database, emptied (sessions and
    fragments of an earlier run on another copy of the data must not be read), or "" when
    none is configured or answering."""
    cache_url = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15").strip()
    if not cache_url:
        return ""
    try:
        import redis

        redis.Redis.from_url(cache_url, socket_timeout=2).flushdb()
    except Exception as exc:  # no Redis here: serve without it, and say so
        print(f"(no shared cache: {cache_url} does not answer: {exc})", flush=True)
        return ""
    return cache_url


@contextmanager
def serving(url: str) -> Iterator[subprocess.Popen]:
    """gunicorn serving Brug (bench settings) on `url` until the block ends."""
    if _port_taken(PORT):
        raise SystemExit(f"port {PORT} is in use (another benchmark?); set BENCH_PORT")
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": url, "CACHE_URL": fresh_cache()}
    print(f"(cache: {env['CACHE_URL'] or 'none, database sessions'})", flush=True)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", str(GUNICORN_WORKERS),
         "-b", f"{HOST}:{PORT}", "--log-level", "warning", "--timeout", "120",
         "brug.wsgi:application"], cwd=ROOT, env=env)
    try:
        for _ in range(150):
            if proc.poll() is not None:
                raise SystemExit("gunicorn stopped while starting")
            try:
                urllib.request.urlopen(urllib.request.Request(
                    f"http://{HOST}:{PORT}/inloggen/",
                    headers={"X-Forwarded-Proto": "https"}), timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        yield proc
    finally:
        proc.terminate()
        proc.wait()


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU of these processes so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far (/proc/stat)."""
    tick = os.sysconf("SC_CLK_TCK")
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / tick, sum(values) / tick


# ---------------------------------------------------------------- the machine

def speed_check() -> float:
    """Milliseconds of CPU that a fixed pure-Python loop takes now (lower is faster).

    The machines these benchmarks run on change speed from minute to minute (other tenants):
    printed with each table so that its figures can be read against the machine's speed.
    """
    start, total = time.process_time(), 0
    for i in range(1_000_000):
        total += i * i % 7
    return (time.process_time() - start) * 1000


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"
