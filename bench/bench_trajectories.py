"""Benchmark: a worker's agenda and a coordinator's caseload overview on a large dataset.

Fills a PostgreSQL database (bulk inserts, no audit events) with families, trajectories,
contacts and goals, then requests both pages with 20 concurrent clients through Django's
test client (one database connection per thread) and prints p50/p95 per page.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_traj SECRET_KEY=x BRUG_TESTING=1 \\
        .venv/bin/python bench/bench_trajectories.py --families 100000 --contacts 2000000 \\
        --goals 300000 --workers 1000

Defaults are the issue's target sizes; pass smaller numbers for a quick run. The database is
wiped and migrated first (never point it at a real database).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("BRUG_TESTING", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from brug.consent.models import Mandate  # noqa: E402
from brug.families.models import Family, Member  # noqa: E402
from brug.network.models import Network, Organisation, Worker  # noqa: E402
from brug.trajectories.models import (  # noqa: E402
    CaseConference,
    Contact,
    Goal,
    Programme,
    Review,
    Trajectory,
)

BATCH = 5000


def batched(model, rows):
    buf = []
    for row in rows:
        buf.append(row)
        if len(buf) >= BATCH:
            model.objects.bulk_create(buf, batch_size=BATCH)
            buf = []
    if buf:
        model.objects.bulk_create(buf, batch_size=BATCH)


def fill(families: int, contacts: int, goals: int, workers: int) -> None:
    rng = random.Random(4)
    today = timezone.localdate()
    call_command("flush", interactive=False, verbosity=0)
    network = Network.objects.create(name="Bench")
    orgs = [Organisation.objects.create(network=network, name=f"Org {i}", short_name=f"O{i}",
                                        kind="ocmw") for i in range(20)]
    User = get_user_model()
    users = User.objects.bulk_create(User(username=f"w{i}", password="!") for i in range(workers))
    batched(Worker, (Worker(user=u, organisation=orgs[i % len(orgs)], display_name=f"W {i}",
                            roles=",supporter,") for i, u in enumerate(users)))
    coord_user = User.objects.create(username="coord", password="!")
    Worker.objects.create(user=coord_user, organisation=orgs[0], display_name="Coord",
                          roles=",coordinator,")
    ws = list(Worker.objects.filter(roles=",supporter,").order_by("id"))
    programmes = [Programme.objects.create(network=network, name=n, caseload_cap=c,
                                           review_every_months=3)
                  for n, c in [("MISSION", 16), ("VONK", None), ("Domo", None),
                               ("TOOM", None)]]
    print(f"filling {families} families…", flush=True)
    batched(Family, (Family(organisation=ws[i % len(ws)].organisation,
                            contact_worker=ws[i % len(ws)], display_name=f"Gezin {i}")
                     for i in range(families)))
    fam = list(Family.objects.order_by("id").values_list("id", "contact_worker_id"))
    batched(Member, (Member(family_id=f, role="parent", first_name="P") for f, _w in fam))
    batched(Mandate, (Mandate(family_id=f, given_by_id=m, given_on=today, form="oral",
                              scope="bench", recorded_by_id=w)
                      for (f, w), m in zip(fam, Member.objects.order_by("id")
                                           .values_list("id", flat=True), strict=False)))
    batched(Trajectory, (Trajectory(
        programme=programmes[i % len(programmes)], family_id=f, responsible_id=w,
        started_on=today - timedelta(days=rng.randint(1, 700)),
        planned_end_on=today + timedelta(days=rng.randint(-5, 400)))
        for i, (f, w) in enumerate(fam)))
    traj = list(Trajectory.objects.order_by("id").values_list("id", "family_id",
                                                                "responsible_id", "started_on"))
    batched(Review, (Review(trajectory_id=t, due_on=s + timedelta(days=90 * k))
                     for t, _f, _w, s in traj for k in (1, 2, 3)))
    batched(CaseConference, (CaseConference(trajectory_id=t, first=True,
                                            due_by=s + timedelta(days=182))
                             for t, _f, _w, s in traj))
    print(f"filling {contacts} contacts…", flush=True)
    orgs_of = dict(Worker.objects.values_list("id", "organisation_id"))
    batched(Contact, (Contact(
        family_id=traj[i % len(traj)][1], trajectory_id=traj[i % len(traj)][0],
        worker_id=traj[i % len(traj)][2], organisation_id=orgs_of[traj[i % len(traj)][2]],
        kind="home_visit", happened_on=today - timedelta(days=rng.randint(0, 700)),
        minutes=30) for i in range(contacts)))
    print(f"filling {goals} goals…", flush=True)
    batched(Goal, (Goal(trajectory_id=traj[i % len(traj)][0], life_domain="werk",
                        family_wording="Werk vinden", worker_wording="Traject VDAB",
                        created_by_id=traj[i % len(traj)][2],
                        organisation_id=orgs_of[traj[i % len(traj)][2]])
                   for i in range(goals)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(url_for, users, requests: int, concurrency: int) -> list[float]:
    timings: list[float] = []
    lock = threading.Lock()
    local = threading.local()

    def one(i):
        if not hasattr(local, "client"):
            local.client = Client()
            local.client.force_login(users[i % len(users)])
        start = time.perf_counter()
        response = local.client.get(url_for(i))
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.status_code
        with lock:
            timings.append(elapsed)
        connections.close_all()  # each thread's own connection; keep the pool honest

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(requests)))
    return timings


def report(name, timings):
    timings = sorted(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"| {name:<28} | {len(timings):>5} | {statistics.median(timings):>8.1f} | "
          f"{p95:>8.1f} | {'ok' if p95 < 100 else 'SLOW':<4} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=2_000_000)
    parser.add_argument("--goals", type=int, default=300_000)
    parser.add_argument("--workers", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--skip-fill", action="store_true")
    args = parser.parse_args()
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        sys.exit("Point DATABASE_URL at a throwaway PostgreSQL database.")
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if not args.skip_fill:
        started = time.perf_counter()
        fill(args.families, args.contacts, args.goals, args.workers)
        print(f"filled in {time.perf_counter() - started:.0f} s")
    supporters = [w.user for w in Worker.objects.filter(roles=",supporter,")
                  .select_related("user")[:200]]
    coordinator = Worker.objects.get(display_name="Coord").user
    print(f"\n{args.families} families, {args.contacts} contacts, {args.goals} goals, "
          f"{args.workers} workers; {args.concurrency} concurrent clients\n")
    print("| page                         | reqs  | p50 ms   | p95 ms   |      |")
    print("|------------------------------|-------|----------|----------|------|")
    report("agenda (worker)", measure(lambda i: "/agenda/", supporters, args.requests,
                                      args.concurrency))
    report("caseload (coordinator)", measure(lambda i: f"/netwerk/caseload/?page={1 + i % 20}",
                                             [coordinator], args.requests, args.concurrency))


if __name__ == "__main__":
    date.today()
    main()
