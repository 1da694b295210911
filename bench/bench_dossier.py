"""Benchmark: "my families" and the family dossier under 20 concurrent clients.

Fills a PostgreSQL database `brug_bench` (once) with 100 000 families, 300 000 members and
1 000 000 audit events, serves Brug with gunicorn (one worker per core; set
BENCH_WORKERS for another count) and measures median/p95 latency and requests per second.
Target: p95 < 100 ms for both pages. The plumbing is shared with the other benchmarks
(bench/common.py: BENCH_DATABASE_URL, BENCH_WORKERS, BENCH_PORT).

    .venv/bin/python bench/bench_dossier.py [--families 100000] [--requests 60]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import CLIENTS  # noqa: E402

BENCH_DB = common.database_url("brug_bench")


def fill(n_families: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from brug.core.audit import GENESIS, compute_hash
    from brug.core.models import AuditHead
    from brug.families.models import Family
    from brug.network.models import Network, Organisation, Worker

    if Family.objects.count() >= n_families:
        print(f"(re-using the filled database: {Family.objects.count()} families)")
        return
    t0 = time.perf_counter()
    rng = random.Random(7)
    with transaction.atomic():
        network = Network.objects.create(name=f"Bench {time.time()}")
        orgs = [Organisation.objects.create(network=network, name=f"Org {i}", short_name=f"O{i}",
                                            kind="ocmw") for i in range(10)]
        User = get_user_model()
        users = User.objects.bulk_create(
            [User(username=f"bench{i}", password="!") for i in range(500)])
        workers = Worker.objects.bulk_create([
            Worker(user=u, organisation=orgs[i % 10], display_name=f"Werker {i}",
                   roles=",supporter,") for i, u in enumerate(users)])
    now = datetime.now(UTC)
    today = date.today()
    with connection.cursor() as cur:
        raw = cur.cursor
        cur.execute("select coalesce(max(id), 0) from families_family")
        first_id = cur.fetchone()[0] + 1
        with raw.copy("COPY families_family (id, version, created_at, updated_at, organisation_id,"
                      " contact_worker_id, display_name, street_address, postcode, municipality,"
                      " neighbourhood, home_languages, preferred_channel, phone, email)"
                      " FROM STDIN") as copy:
            for i in range(n_families):
                w = workers[i % len(workers)]
                copy.write_row((first_id + i, 1, now, now, w.organisation_id, w.pk,
                                f"Gezin {i:06d}", "Kerkstraat 1", f"{9000 + i % 900}",
                                "Benchstad", "Centrum", "Nederlands", "visit", "", ""))
        with raw.copy("COPY families_member (version, created_at, updated_at, family_id, role,"
                      " first_name, last_name, birth_date, languages) FROM STDIN") as copy:
            for i in range(n_families):
                fid = first_id + i
                copy.write_row((1, now, now, fid, "parent", "Ouder", f"{i}",
                                today - timedelta(days=9000 + i % 3000), ""))
                for k in range(2):
                    copy.write_row((1, now, now, fid, "child", f"Kind{k}", f"{i}",
                                    today - timedelta(days=100 + (i * 7 + k) % 4000), ""))
        cur.execute("select id from families_member where role='parent' and family_id >= %s "
                    "order by family_id", [first_id])
        parents = [r[0] for r in cur.fetchall()]
        with raw.copy("COPY consent_mandate (family_id, given_by_id, given_on, form, programme,"
                      " scope, end_reason, recorded_by_id, created_at) FROM STDIN") as copy:
            for i, pid in enumerate(parents):
                copy.write_row((first_id + i, pid, today - timedelta(days=30), "oral", "", "b", "",
                                workers[i % len(workers)].pk, now))
        with raw.copy("COPY consent_sharingconsent (family_id, organisation_id, categories,"
                      " purpose, given_by_id, valid_from, withdrawn_reason, recorded_by_id,"
                      " created_at) FROM STDIN") as copy:
            for i in range(0, len(parents), 5):
                copy.write_row((first_id + i, orgs[(i + 1) % 10].pk, ",identity,", "b",
                                parents[i], today - timedelta(days=5), "",
                                workers[i % len(workers)].pk, now))
        head = AuditHead.objects.filter(network_id=network.pk).first()
        previous = head.last_hash if head else GENESIS
        events = 10 * n_families
        with raw.copy("COPY core_auditevent (at, network_id, actor_id, actor_name,"
                      " organisation_id, organisation_name, family_id, category, action, purpose,"
                      " detail, prev_hash, hash) FROM STDIN") as copy:
            for j in range(events):
                w = workers[j % len(workers)]
                e = SimpleNamespace(at=now - timedelta(seconds=events - j), network_id=network.pk,
                                    actor_id=w.user_id,
                                    actor_name=w.display_name, organisation_id=w.organisation_id,
                                    organisation_name="O", family_id=first_id + rng.randrange(
                                        n_families), category="household", action="view",
                                    purpose="", detail="", prev_hash=previous)
                e.hash = compute_hash(e)
                copy.write_row((e.at, e.network_id, e.actor_id, e.actor_name, e.organisation_id,
                                e.organisation_name, e.family_id, e.category, e.action, "", "",
                                e.prev_hash, e.hash))
                previous = e.hash
        cur.execute("select max(id) from core_auditevent")
        last_id = cur.fetchone()[0]
        cur.execute("insert into core_audithead (network_id, last_hash, last_id, count) "
                    "values (%s, %s, %s, %s)", [network.pk, previous, last_id, events])
        for table in ("families_family", "families_member", "consent_mandate",
                      "consent_sharingconsent"):
            cur.execute(f"select setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(select max(id) from {table}))")
        cur.execute("analyze")
    print(f"filled {n_families} families, {3 * n_families} members, {events} audit events "
          f"in {time.perf_counter() - t0:.0f} s")


def sessions(count: int) -> list[tuple[str, list[int]]]:
    """A session cookie for each of `count` bench workers, with ids of their families."""
    from brug.families.models import Family
    from brug.network.models import Worker

    out = []
    for worker in Worker.objects.filter(user__username__startswith="bench").select_related(
            "user").order_by("id")[:count]:
        family_ids = list(
            Family.objects.filter(contact_worker=worker).values_list("id", flat=True)[:50])
        out.append((common.login_cookie(worker.user), family_ids))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60, help="per client and page")
    args = parser.parse_args()
    common.ensure_database(BENCH_DB)
    common.setup_django(BENCH_DB)
    fill(args.families)
    clients = sessions(CLIENTS)
    import loadgen

    measure = common.measure
    with common.serving(BENCH_DB):
        measure([(c, ["/"] * 3) for c, _ in clients])  # warm up
        rows = []
        rows.append(("my families (/)", measure(
            [(c, ["/"] * args.requests) for c, _ in clients])))
        rows.append(("my families, page 5", measure(
            [(c, ["/?page=5"] * args.requests) for c, _ in clients])))
        rows.append(("search by name (all visible)", measure(
            [(c, ["/?q=Gezin%200012&scope=all"] * args.requests) for c, _ in clients])))
        rows.append(("family dossier", measure(
            [(c, [f"/gezinnen/{fid}/" for fid in (ids * 3)[:args.requests]])
             for c, ids in clients])))
        rows.append(("audit tab of a dossier", measure(
            [(c, [f"/gezinnen/{fid}/logboek/" for fid in (ids * 3)[:args.requests]])
             for c, ids in clients])))
    print("\n" + common.header(f"{args.families} families / {3 * args.families} members / "
                               f"{10 * args.families}+ audit events"))
    print(loadgen.table(rows, target_ms=100))

if __name__ == "__main__":
    main()
