"""The reach report over two years of sessions: 5 000 activities, 100 000 families.

Generates, in its own database (once; reused when it is there), one network with 5 000
activities in 40 neighbourhoods, a session every two weeks for two years (260 000 sessions,
with anonymous counts) and three known families per session drawn from 100 000 families
(780 000 attendance rows), all with PostgreSQL's generate_series, then its kept counts
(`reach.rebuild`, timed). Then, in process, median and p95 in ms:
- the report's two groupings (per neighbourhood and per activity) over a year, a quarter and
  a month: "read" after a change of the network's reach before every run (the kept counts
  are read from `ReachCount`), "cached" with nothing changed in between (Django's cache);
- what a write pays to keep the counts: `reach.changed` for one session's activity,
  neighbourhood and day (the recount that `sessions_generate` and a move still add), and
  the in-place adjustments that replaced it for `attendance_record`
  (`reach.attendance_changed`) and `session_update` (`reach.session_changed`), each in a
  transaction rolled back.

With --returning, a second network of the same size where families come back: each
activity has its own 20 families (100 000 / 5 000), three of them at each session — the
pattern of a spelotheek or parent group, where the random draw above has every family at
about eight different activities in seven neighbourhoods.

    .venv/bin/python bench/bench_reach.py [--runs 30] [--returning]

On PostgreSQL: BENCH_REACH_DATABASE_URL, or by default brug_bench_reach on the local server.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/brug_bench_reach"
ACTIVITIES, FAMILIES, HOODS, WEEKS, PER_SESSION = 5_000, 100_000, 40, 104, 3


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


def generate(returning: bool = False) -> int:
    """The network's id; the data is made once (all of it or nothing)."""
    from django.db import connection, transaction

    from brug.network.models import Network

    name = "Bench reach (returning)" if returning else "Bench reach"
    network = Network.objects.filter(name=name).first()
    if network is not None:
        return network.pk
    started = time.perf_counter()
    with transaction.atomic():
        network = _generate(connection, name, returning)
    with connection.cursor() as c:
        c.execute("analyze activities_session; analyze activities_attendance")
    print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)
    from brug.activities import reach

    started = time.perf_counter()
    with transaction.atomic():
        rows = reach.rebuild(network.pk)
    with connection.cursor() as c:
        c.execute("analyze activities_reachcount")
    print(f"kept counts: {rows} rows in {time.perf_counter() - started:.1f} s", flush=True)
    return network.pk


def _generate(connection, name: str, returning: bool):
    from django.utils import timezone

    from brug.network.models import Network, Organisation

    network = Network.objects.create(name=name)
    org = Organisation.objects.create(network=network, name="OCMW", short_name="OCMW",
                                      kind="ocmw")
    from django.contrib.auth import get_user_model

    from brug.network.models import Worker

    user = get_user_model().objects.create_user(username=f"reach-{time.time_ns()}")
    worker = Worker.objects.create(user=user, organisation=org, display_name="Werker",
                                   roles=",supporter,")
    first = timezone.localdate() - timedelta(weeks=WEEKS)
    with connection.cursor() as c:
        n, o = network.pk, org.pk
        c.execute("""insert into families_family (organisation_id, display_name, street_address,
                     postcode, municipality, neighbourhood, home_languages, preferred_channel,
                     phone, email, history_categories, version, created_at, updated_at)
                     select %s, 'Gezin ' || g, '', '', '', '', '', 'visit', '', '', '', 1, now(),
                     now()
                     from generate_series(1, %s) g""", [o, FAMILIES])
        c.execute("select min(id) from families_family where organisation_id = %s", [o])
        fam0 = c.fetchone()[0]
        c.execute("""insert into activities_neighbourhood (network_id, name, young_children,
                     deprivation_pct, figures_year, version, created_at, updated_at)
                     select %s, 'Wijk ' || g, 200 + g * 10, (g %% 40)::numeric, 2025, 1, now(),
                     now() from generate_series(1, %s) g""", [n, HOODS])
        c.execute("select min(id) from activities_neighbourhood where network_id = %s", [n])
        hood0 = c.fetchone()[0]
        c.execute("""insert into activities_activity (network_id, name, kind, place,
                     neighbourhood_id, capacity, description, active, version, created_at,
                     updated_at)
                     select %s, 'Activiteit ' || g, 'spelotheek', 'Plaats', %s + g %% %s, null,
                     '', true, 1, now(), now() from generate_series(1, %s) g""",
                  [n, hood0, HOODS, ACTIVITIES])
        c.execute("select min(id) from activities_activity where network_id = %s", [n])
        act0 = c.fetchone()[0]
        pool = FAMILIES // ACTIVITIES
        # Random: any of the families; returning: one of the activity's own `pool` families.
        # (on_date - epoch) / 14: the session's fortnight, so its three move through the 20.
        family = (f"%s + ((s.activity_id - {act0}) * {pool} + ((s.on_date - date '2000-01-01')"
                  f" / 14 * 7 + k * 3) %% {pool})"
                  if returning else "%s + ((s.id * 7919 + k * 104729) %% %s)")
        c.execute("""insert into activities_session (activity_id, network_id, neighbourhood_id,
                     on_date, starts_at, ends_at, cancelled, anonymous_families,
                     anonymous_adults, anonymous_children, version, created_at, updated_at)
                     select a.id, %s, a.neighbourhood_id, %s::date + (w * 14 + a.id %% 7)::int,
                     '10:00', '12:00', false, a.id %% 5, a.id %% 7, a.id %% 9, 1, now(), now()
                     from activities_activity a, generate_series(0, %s) w
                     where a.network_id = %s""", [n, first, WEEKS // 2 - 1, n])
        c.execute("""insert into activities_attendance (session_id, family_id, children,
                     network_id, activity_id, neighbourhood_id, on_date, recorded_by_id,
                     created_at)
                     select s.id, """ + family + """, 1, s.network_id,
                     s.activity_id, s.neighbourhood_id, s.on_date, %s, now()
                     from activities_session s, generate_series(1, %s) k
                     where s.network_id = %s
                     on conflict do nothing""",
                  ([fam0] if returning else [fam0, FAMILIES]) + [worker.pk, PER_SESSION, n])
    return network


def timed(fn, runs: int, before=None) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--returning", action="store_true",
                        help="families come back to their own activity")
    parser.add_argument("--writes", action="store_true",
                        help="the writes only (sessions generated, a move), not the reports")
    args = parser.parse_args()
    setup(os.environ.get("BENCH_REACH_DATABASE_URL", DEFAULT_URL))
    from django.db import transaction
    from django.utils import timezone

    from brug.activities import reach

    network_id = generate(args.returning)

    def change() -> None:
        # The data was written around the services: change the network's reach token as
        # they do (a new token, so no cached count of an earlier run is used).
        with transaction.atomic():
            reach.changed(network_id)

    def page_3(network_id, period):
        # What the page shows: 50 activities (`by_activity` makes all of them: the export).
        return reach.activity_page(network_id, period, 3, per_page=50)

    today = timezone.localdate()
    if args.writes:
        writes(network_id, args.runs, today)
        return
    year = reach.Period.of("year", today).previous()
    quarter = reach.Period.of("quarter", today).previous()
    month = reach.Period.of("month", today).previous()
    print(f"Reach report, {ACTIVITIES} activities, {FAMILIES} families "
          f"({'returning to their activity' if args.returning else 'drawn at random'}), a "
          f"session every two weeks for two years, {args.runs} runs")
    print(f"{'report':<32} {'counts':>8} {'median ms':>10} {'p95 ms':>8}")
    for label, fn, period in [
            (f"per neighbourhood, {year.key}", reach.by_neighbourhood, year),
            (f"per neighbourhood, {quarter.key}", reach.by_neighbourhood, quarter),
            (f"per neighbourhood, {month.key}", reach.by_neighbourhood, month),
            (f"per activity, {year.key}", reach.by_activity, year),
            (f"per activity, {quarter.key}", reach.by_activity, quarter),
            (f"per activity, {month.key}", reach.by_activity, month),
            (f"per activity, {year.key}, page 3", page_3, year),
            (f"per activity, {month.key}, page 3", page_3, month)]:
        def report(fn=fn, period=period):
            return fn(network_id, period)

        for kind, before in (("read", change), ("cached", None)):
            median, p95 = timed(report, args.runs, before)
            print(f"{label:<32} {kind:>8} {median:>10.1f} {p95:>8.1f}", flush=True)

    # What a write adds: the recount of one session's periods (month, quarter, year) for its
    # activity and its neighbourhood, in a transaction that is rolled back.
    from brug.activities.models import Session

    sessions = list(Session.objects.filter(network_id=network_id).order_by("?").values_list(
        "activity_id", "neighbourhood_id", "on_date")[:args.runs])
    picks = iter(sessions * 2)

    def write() -> None:
        activity, hood, day = next(picks)
        try:
            with transaction.atomic():
                reach.changed(network_id, activities=[activity], neighbourhoods=[hood],
                              dates=[day])
                raise Rollback
        except Rollback:
            pass

    median, p95 = timed(write, args.runs)
    print(f"{'a write: recount its periods':<32} {'':>8} {median:>10.1f} {p95:>8.1f}")

    # What `attendance_record` adds now: its six periods adjusted in place (a family that
    # has not come yet to a random session), the row's insert not timed; rolled back.
    from brug.activities.models import Attendance
    from brug.network.models import Worker

    recorder = Worker.objects.filter(organisation__network_id=network_id).first()
    picks = iter(list(Session.objects.filter(network_id=network_id).order_by("?")[:args.runs]))
    times = []

    def attend() -> None:
        session = next(picks)
        family = Attendance.objects.filter(network_id=network_id).exclude(
            session=session).values_list("family_id", flat=True).first()
        try:
            with transaction.atomic():
                row = Attendance.objects.create(
                    session=session, family_id=family, children=1, network_id=network_id,
                    activity_id=session.activity_id, neighbourhood_id=session.neighbourhood_id,
                    on_date=session.on_date, recorded_by=recorder)
                t = time.perf_counter()
                reach.attendance_changed(network_id, row, added=True)
                times.append((time.perf_counter() - t) * 1000)
                raise Rollback
        except Rollback:
            pass

    for _ in range(args.runs):
        attend()
    summary("a write: attendance adjusts", times)

    # What `session_update` adds now: a session's anonymous counts changed, its six periods
    # adjusted in place (the session row's update not timed); rolled back.
    picks = iter(list(Session.objects.filter(network_id=network_id, cancelled=False)
                      .order_by("?")[:args.runs]))
    times = []

    def counts() -> None:
        session = next(picks)
        before = {name: getattr(session, name) for name in reach.SESSION_COUNTS}
        session.anonymous_families += 3
        session.anonymous_adults += 4
        try:
            with transaction.atomic():
                session.save(update_fields=["anonymous_families", "anonymous_adults"])
                t = time.perf_counter()
                reach.session_changed(network_id, session, before=before)
                times.append((time.perf_counter() - t) * 1000)
                raise Rollback
        except Rollback:
            pass

    for _ in range(args.runs):
        counts()
    summary("a write: session counts adjust", times)

    writes(network_id, args.runs, today)


class Rollback(Exception):
    pass


def summary(label: str, times: list[float]) -> None:
    times = sorted(times)
    print(f"{label:<32} {'':>8} {statistics.median(times):>10.1f} "
          f"{times[max(0, int(len(times) * 0.95) - 1)]:>8.1f}")


def writes(network_id: int, runs: int, today) -> None:
    from django.db import transaction

    from brug.activities import reach

    # Sessions generated and an activity moved: the recount they did (`reach.changed`, old)
    # against the adjustment that replaced it (new), alternately on the same writes; rolled
    # back. A series: 26 sessions every two weeks at a new hour from a random past day (into
    # periods with rows, and past today's into periods without). A move: a random activity
    # to another neighbourhood from 90 days ago on (its sessions and their attendance).
    from brug.activities.models import Activity, Attendance, Neighbourhood, Session

    activities = list(Activity.objects.filter(network_id=network_id).order_by("?")
                      .values_list("pk", "neighbourhood_id")[:runs])
    hoods = list(Neighbourhood.objects.filter(network_id=network_id).values_list(
        "pk", flat=True))
    times = {"series old": [], "series new": [], "move old": [], "move new": []}
    cpu = {key: [] for key in times}

    def clock(key, fn) -> None:
        t, c = time.perf_counter(), time.process_time()
        fn()
        times[key].append((time.perf_counter() - t) * 1000)
        cpu[key].append((time.process_time() - c) * 1000)

    for n, (activity_id, hood) in enumerate(activities):
        first = today - timedelta(days=200 + n * 7)
        for kind in (("old", "new") if n % 2 else ("new", "old")):
            try:
                with transaction.atomic():
                    new = Session.objects.bulk_create([Session(
                        activity_id=activity_id, network_id=network_id, neighbourhood_id=hood,
                        on_date=first + timedelta(weeks=2 * k), starts_at="15:00",
                        ends_at="16:00") for k in range(26)])
                    if kind == "old":
                        clock("series old", lambda new=new, a=activity_id, h=hood: reach.changed(
                            network_id, activities=[a], neighbourhoods=[h],
                            dates=[s.on_date for s in new]))
                    else:
                        clock("series new", lambda new=new: reach.sessions_added(network_id,
                                                                                 new))
                    raise Rollback
            except Rollback:
                pass
            to = hoods[(hoods.index(hood) + 1 + n) % len(hoods)]
            since = today - timedelta(days=90)
            activity = Activity.objects.get(pk=activity_id)
            try:
                with transaction.atomic():
                    coming = {}

                    def before(activity=activity, since=since, kind=kind, coming=coming):
                        if kind == "new":
                            coming.update(reach.activity_moving(activity, since))
                        else:
                            coming["moved"] = list(Session.objects.filter(
                                activity=activity, on_date__gte=since).values_list(
                                "neighbourhood_id", "on_date"))

                    clock(f"move {kind}", before)
                    Session.objects.filter(activity=activity, on_date__gte=since).update(
                        neighbourhood_id=to)
                    Attendance.objects.filter(activity=activity, on_date__gte=since).update(
                        neighbourhood_id=to)
                    if kind == "new":
                        clock("move new", lambda to=to, coming=coming: reach.activity_moved(
                            network_id, to=to, **coming))
                    else:
                        clock("move old", lambda to=to, coming=coming: reach.changed(
                            network_id,
                            neighbourhoods={h for h, _d in coming["moved"]} | {to},
                            dates=[d for _h, d in coming["moved"]]))
                    raise Rollback
            except Rollback:
                pass
    for key in times:
        # A move's two parts (before and after its updates) add up per run.
        if key.startswith("move"):
            times[key] = [a + b for a, b in zip(times[key][::2], times[key][1::2],
                                                strict=True)]
            cpu[key] = [a + b for a, b in zip(cpu[key][::2], cpu[key][1::2], strict=True)]
        summary(f"a write: {key}", times[key])
        print(f"{'':<32} {'cpu ms':>8} {statistics.median(cpu[key]):>10.1f}")



if __name__ == "__main__":
    main()
