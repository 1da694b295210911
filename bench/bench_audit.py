"""Audit appends per second under concurrency: one network's chain versus one chain each.

Every append locks its network's chain head until its transaction commits, so appends to one
network are serialised while appends to different networks are not. Threads, each with its
own database connection, append events (one event per transaction, as a page read does) for
a fixed time, first all to the same network, then each to a network of its own; afterwards
every chain is verified.

    .venv/bin/python bench/bench_audit.py [--seconds 3] [--threads 1,2,4,8]

On PostgreSQL: DATABASE_URL, or by default the database brug_bench_audit on the local
server (created and migrated when missing).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/brug_bench_audit"


def setup(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            conn.execute(f'create database "{name}"')
    os.environ.update(DATABASE_URL=url, SECRET_KEY="bench-only", DEBUG="0", BRUG_TESTING="1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def actors(count: int):
    """`count` networks, each with an organisation, a supporter and a family."""
    from django.contrib.auth import get_user_model

    from brug.families.models import Family
    from brug.network.models import Network, Organisation, Worker

    stamp = time.time_ns()
    result = []
    for i in range(count):
        network = Network.objects.create(name=f"Bench audit {stamp} {i}")
        org = Organisation.objects.create(network=network, name="OCMW", short_name="OCMW",
                                          kind="ocmw")
        user = get_user_model().objects.create_user(username=f"audit-{stamp}-{i}")
        worker = Worker.objects.create(user=user, organisation=org, display_name=f"Werker {i}",
                                       roles=",supporter,")
        worker = Worker.objects.select_related("organisation").get(pk=worker.pk)
        family = Family.objects.create(organisation=org, contact_worker=worker,
                                       display_name=f"Gezin {i}")
        result.append((worker, family))
    return result


def run(pairs, seconds: float) -> float:
    """Appends per second of len(pairs) threads; thread i appends as pairs[i]."""
    from django.db import connection

    from brug.core.audit import audit_record

    start = threading.Barrier(len(pairs) + 1)
    counts = [0] * len(pairs)

    def work(index, worker, family):
        network_id = worker.organisation.network_id
        try:
            start.wait()
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                audit_record(actor=worker, family_id=family.pk, category="household",
                             action="view", purpose="bench", network_id=network_id)
                counts[index] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, w, f)) for i, (w, f) in enumerate(pairs)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", default="1,2,4,8")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("bench_audit measures PostgreSQL: set DATABASE_URL to a postgresql:// URL")
    setup(url)
    from brug.core.audit import verify_chains

    counts = [int(n) for n in args.threads.split(",")]
    pairs = actors(max(counts))
    print(f"Audit appends per second, {args.seconds:g} s per cell, one event per transaction "
          f"({os.cpu_count()} cores)")
    print(f"{'threads':>8} {'same network':>14} {'own network':>13}")
    for n in counts:
        same = run([pairs[0]] * n, args.seconds)
        own = run(pairs[:n], args.seconds)
        print(f"{n:>8} {same:>14.0f} {own:>13.0f}")
    ends, problems = verify_chains()
    print(f"chains verified: {len(ends)}, problems: {len(problems)}")
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
