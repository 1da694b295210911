"""Benchmark: a worker's agenda and the coordinator's caseload overview (issue 4).

Fills a PostgreSQL database of its own (once; COPY) with 100 000 families, each with a
trajectory and its reviews and case conferences, 2 000 000 contacts and 300 000 goals for
1 000 workers, serves Brug with gunicorn and measures with 20 concurrent clients:

- `/agenda/` of 20 different workers;
- `/netwerk/caseload/` of 20 coordinators, the first page and a later one.

Target: p95 < 100 ms. The data is dated around the day of the fill so that every agenda has
real rows. Each family has a trajectory in one of four programmes, started up to 900 days ago;
most trajectories past their planned end are closed, some still run (overdue to close). Reviews
fall every 3 or 6 months, most past ones held, some overdue, the next one upcoming; case
conferences are due 6 months after the start and yearly after, most held. Half the families
share with a partner organisation, consents running out within the next 90 days or open-ended.
Contacts are spread over each trajectory's life, so every worker has contacts this week and in
the last 30 days. Before measuring, the bench prints what the 20 agendas and the caseload hold.

A database filled with other sizes, or more than 30 days ago, is filled again; `--refill`
forces it.

    .venv/bin/python bench/bench_trajectories.py [--families 100000] [--contacts 2000000] \\
        [--goals 300000] [--workers 1000] [--requests 60] [--refill]

Database: BENCH_DATABASE_URL (default brug_bench_trajectories on the local server); gunicorn
workers BENCH_WORKERS (default one per core); port BENCH_PORT (default 8765). See bench/common.py.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import CLIENTS  # noqa: E402

BENCH = "trajectories"
BENCH_DB = common.database_url("brug_bench_trajectories")
FILL_VERSION = 2  # bump when the fill changes, so filled databases are filled again
ORGANISATIONS = 20
CASELOAD_PAGE = 50  # as brug.trajectories.views.CASELOAD_PAGE
# name, caseload cap, duration (months), review every (months), first conference within (months)
PROGRAMMES = [
    ("MISSION", 16, 12, 3, 6),
    ("VONK", None, 24, 6, 6),
    ("Domo", None, 18, 3, 6),
    ("TOOM", None, None, 3, None),
]
# What the fill loads with COPY (see common.bulk_load).
TABLES = ["families_family", "families_member", "consent_mandate", "consent_sharingconsent",
          "trajectories_trajectory", "trajectories_review", "trajectories_caseconference",
          "trajectories_contact", "trajectories_goal"]
CONTACT_KINDS = ["home_visit", "home_visit", "office", "phone", "phone", "sms", "whatsapp",
                 "email", "group_activity"]
MINUTES = (15, 30, 45, 60, 90)
# life domain, the goal in the family's words, in the worker's
GOAL_WORDING = [("huisvesting", "Een betaalbare woning vinden", "Aanvraag sociale huur"),
                ("werk", "Werk vinden dat past bij de kinderen", "Traject VDAB"),
                ("inkomen", "Rondkomen met ons geld", "Budgetbegeleiding, schuldbemiddeling"),
                ("kinderopvang", "Opvang voor de jongste", "Inschrijving IBO"),
                ("opvoeding", "Rust aan tafel", "Opvoedingsondersteuning thuis"),
                ("gezondheid", "Een huisarts voor het gezin", "GMD, verhoogde tegemoetkoming"),
                ("onderwijs", "Naar school zonder stress", "Overleg met CLB")]


def _sizes(args) -> str:
    return (f"families={args.families} contacts={args.contacts} goals={args.goals} "
            f"workers={args.workers} (fill v{FILL_VERSION})")


def fill(args) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from brug.network.models import Network, Organisation, Worker
    from brug.trajectories.models import Programme

    n_families, n_workers = args.families, args.workers
    rng = random.Random(4)
    now = datetime.now(UTC)
    today = date.today()
    steps = common.Steps()
    done = steps.done

    print(f"filling {_sizes(args)}", flush=True)
    with transaction.atomic():
        network = Network.objects.create(name="Bench trajectories")
        orgs = [Organisation.objects.create(network=network, name=f"Organisatie {i}",
                                            short_name=f"O{i}", kind="ocmw" if i % 4 else "caw")
                for i in range(ORGANISATIONS)]
        User = get_user_model()
        users = User.objects.bulk_create(
            [User(username=f"traj{i}", password="!") for i in range(n_workers)]
            + [User(username=f"coord{i}", password="!") for i in range(CLIENTS)])
        workers = Worker.objects.bulk_create(
            [Worker(user=u, organisation=orgs[i % ORGANISATIONS],
                    display_name=f"Medewerker {i:04d}", roles=",supporter,")
             for i, u in enumerate(users[:n_workers])]
            + [Worker(user=u, organisation=orgs[i % ORGANISATIONS],
                      display_name=f"Coördinator {i:02d}", roles=",coordinator,")
               for i, u in enumerate(users[n_workers:])])[:n_workers]
        programmes = [Programme.objects.create(
            network=network, name=name, caseload_cap=cap, duration_months=months,
            review_every_months=review, case_conference_within_months=conference)
            for name, cap, months, review, conference in PROGRAMMES]
    worker_org = {w.pk: w.organisation_id for w in workers}
    done("network, workers, programmes")

    with transaction.atomic(), connection.cursor() as cur, common.bulk_load(cur, TABLES):
        f0 = common.next_id(cur, "families_family")
        m0 = common.next_id(cur, "families_member")
        t0 = common.next_id(cur, "trajectories_trajectory")
        g0 = common.next_id(cur, "trajectories_goal")

        # Family i: contact person and responsible worker i % workers, in that worker's
        # organisation; a parent (member m0 + 2i) and a child (m0 + 2i + 1); one trajectory
        # (t0 + i). `traj` keeps what the later tables need of each trajectory.
        traj = []
        for i in range(n_families):
            worker = workers[i % n_workers].pk
            p = rng.choices(range(len(PROGRAMMES)), weights=(2, 4, 2, 2))[0]
            _name, _cap, months, _review, _conf = PROGRAMMES[p]
            start = today - timedelta(days=rng.randint(0, 900))
            end = start + timedelta(days=round(months * 30.44)) if months else None
            closed_on = None
            if end is not None and end < today - timedelta(days=21) and rng.random() < 0.9:
                closed_on = min(today, end + timedelta(days=rng.randint(0, 20)))
            elif rng.random() < 0.05 and (today - start).days > 30:
                closed_on = start + timedelta(days=rng.randint(30, (today - start).days))
            traj.append((worker, p, start, end, closed_on))

        common.copy_rows(cur, "families_family", "id, version, created_at, updated_at, "
                         "organisation_id, contact_worker_id, display_name, street_address, "
                         "postcode, municipality, neighbourhood, home_languages, "
                         "preferred_channel, phone, email",
                         ((f0 + i, 1, now, now, worker_org[w], w, f"Gezin {i:06d}",
                           f"Kerkstraat {i % 200 + 1}", f"{9000 + i % 100}", "Benchstad",
                           f"Wijk {i % 30}", "Nederlands", "visit", "", "")
                          for i, (w, *_rest) in enumerate(traj)))
        common.copy_rows(cur, "families_member", "id, version, created_at, updated_at, "
                         "family_id, role, first_name, last_name, birth_date, languages",
                         (row for i in range(n_families) for row in (
                             (m0 + 2 * i, 1, now, now, f0 + i, "parent", "Ouder", f"{i}",
                              today - timedelta(days=8000 + i % 5000), ""),
                             (m0 + 2 * i + 1, 1, now, now, f0 + i, "child", "Kind", f"{i}",
                              today - timedelta(days=100 + (i * 7) % 2500), ""))))
        common.copy_rows(cur, "consent_mandate", "family_id, given_by_id, given_on, form, "
                         "programme, scope, end_reason, recorded_by_id, created_at",
                         ((f0 + i, m0 + 2 * i, start - timedelta(days=7), "oral",
                           PROGRAMMES[p][0], "Begeleiding", "", w, now)
                          for i, (w, p, start, _e, _c) in enumerate(traj)))
        done(f"{n_families} families, {2 * n_families} members, mandates")

        # Half of the families share with a partner organisation; a consent runs out in the
        # coming months or has no end.
        def consents():
            for i, (w, _p, start, _e, _c) in enumerate(traj):
                if i % 2:
                    continue
                until = (today + timedelta(days=rng.randint(-30, 90))
                         if rng.random() < 0.7 else None)
                yield (f0 + i, partner[worker_org[w]], ",identity,contact,plan,",
                       "samen het plan opvolgen", m0 + 2 * i, start, until, "", w, now)

        partner = {o.pk: orgs[(k + 1) % ORGANISATIONS].pk for k, o in enumerate(orgs)}
        n_consents = common.copy_rows(
            cur, "consent_sharingconsent", "family_id, organisation_id, categories, purpose, "
            "given_by_id, valid_from, valid_until, withdrawn_reason, recorded_by_id, created_at",
            consents())
        done(f"{n_consents} consents")

        common.copy_rows(cur, "trajectories_trajectory", "id, version, created_at, updated_at, "
                         "programme_id, family_id, responsible_id, started_on, planned_end_on, "
                         "extension_count, status, income_check, overridden_rules, "
                         "override_reason, closed_on, closing_reason, closing_note",
                         ((t0 + i, 1, now, now, programmes[p].pk, f0 + i, w, start, end, 0,
                           "closed" if closed else "open", "unknown", "", "", closed,
                           ("goals_reached" if end and closed >= end else "family_stopped")
                           if closed else "", "")
                          for i, (w, p, start, end, closed) in enumerate(traj)))
        done(f"{n_families} trajectories")

        def reviews():
            for i, (w, p, start, _end, closed) in enumerate(traj):
                every = PROGRAMMES[p][3]
                last = closed or today + timedelta(days=round(every * 30.44))
                k = 1
                while (due := start + timedelta(days=round(k * every * 30.44))) <= last:
                    k += 1
                    if closed or due < today - timedelta(days=14):
                        held = rng.random() < (0.97 if closed else 0.93)
                    else:
                        held = due < today and rng.random() < 0.3
                    if held:
                        on = min(today, closed or today,
                                 due + timedelta(days=rng.randint(-7, 10)))
                        yield (t0 + i, due, on, "Samen bekeken", w)
                    else:
                        yield (t0 + i, due, None, "", None)

        n_reviews = common.copy_rows(cur, "trajectories_review",
                                     "trajectory_id, due_on, held_on, summary, held_by_id",
                                     reviews())
        done(f"{n_reviews} reviews")

        def conferences():
            for i, (w, p, start, _end, closed) in enumerate(traj):
                within = PROGRAMMES[p][4]
                if within is None:
                    continue
                last = closed or today + timedelta(days=60)
                due, first = start + timedelta(days=round(within * 30.44)), True
                while due <= last:
                    past = closed or due < today - timedelta(days=10)
                    if past and rng.random() < 0.9:
                        parents = rng.random() < 0.9
                        yield (t0 + i, first, due, due - timedelta(days=rng.randint(0, 30)),
                               parents, "" if parents else "ouders ziek", "Verslag", "", w,
                               now, now, 1)
                    else:
                        yield (t0 + i, first, due, None, True, "", "", "", None, now, now, 1)
                    due, first = due + timedelta(days=365), False

        n_conferences = common.copy_rows(
            cur, "trajectories_caseconference", "trajectory_id, first, due_by, held_on, "
            "parents_present, no_parents_reason, minutes, parents_comment, recorded_by_id, "
            "created_at, updated_at, version", conferences())
        done(f"{n_conferences} case conferences")

        def contacts():
            for _ in range(args.contacts):
                i = rng.randrange(n_families)
                w, _p, start, _end, closed = traj[i]
                span = ((closed or today) - start).days
                yield (f0 + i, t0 + i, rng.choice(CONTACT_KINDS),
                       start + timedelta(days=rng.randint(0, span)), rng.choice(MINUTES), w,
                       worker_org[w], "plan", "", rng.random() < 0.05, now)

        common.copy_rows(cur, "trajectories_contact", "family_id, trajectory_id, kind, "
                         "happened_on, minutes, worker_id, organisation_id, category, note, "
                         "confidential, created_at", contacts())
        done(f"{args.contacts} contacts")

        # Goals: round r of the trajectories; every third round is a step of a goal two
        # rounds before it, in the same trajectory.
        def goals():
            for j in range(args.goals):
                i, rnd = j % n_families, j // n_families
                w, _p, start, _end, closed = traj[i]
                wording = GOAL_WORDING[(i + rnd) % len(GOAL_WORDING)]
                status = ("reached" if closed else rng.choice(
                    ("planned", "in_progress", "in_progress", "reached")))
                parent = g0 + j - 2 * n_families if rnd % 3 == 2 else None
                yield (g0 + j, 1, now, now, t0 + i, parent, wording[0], wording[1], "",
                       wording[2], "", start + timedelta(days=180), status, False, w,
                       worker_org[w])

        common.copy_rows(cur, "trajectories_goal", "id, version, created_at, updated_at, "
                         "trajectory_id, parent_id, life_domain, family_wording, "
                         "family_language, worker_wording, who_does_what, target_date, status, "
                         "confidential, created_by_id, organisation_id", goals())
        done(f"{args.goals} goals")

        common.reset_sequences(cur, ["families_family", "families_member",
                                     "trajectories_trajectory", "trajectories_goal"])
    done("indexes rebuilt, foreign keys checked")
    from brug.trajectories import kept

    kept.recount_all()  # COPY sends no signals: the caseload's kept totals, counted once
    done("caseload totals counted")
    with connection.cursor() as cur:
        for table in [*TABLES, "trajectories_workerdayminutes", "trajectories_opencaseload"]:
            cur.execute(f"vacuum analyze {table}")
    done("vacuum analyze")
    common.record_fill(BENCH, _sizes(args), today)
    steps.finished()


def agenda_workers():
    """20 supporters spread over the whole list, with their users."""
    from brug.network.models import Worker

    ids = list(Worker.objects.filter(user__username__startswith="traj").order_by("id")
               .values_list("id", flat=True))
    chosen = ids[::max(1, len(ids) // CLIENTS)][:CLIENTS]
    return list(Worker.objects.filter(pk__in=chosen).select_related(
        "user", "organisation", "organisation__network").order_by("id"))


def coordinators():
    from brug.network.models import Worker

    return list(Worker.objects.filter(user__username__startswith="coord")
                .select_related("user").order_by("id")[:CLIENTS])


def show_what_pages_hold(workers, later_page: int) -> None:
    """What the measured pages show, so an empty agenda is not mistaken for a fast one."""
    from django.utils import timezone

    from brug.trajectories import selectors
    from brug.trajectories.models import Trajectory

    today = timezone.localdate()
    agendas = [selectors.agenda_for(w, today) for w in workers]
    parts = []
    for label, attr in (("reviews", "reviews"), ("case conferences", "conferences"),
                        ("trajectories ending", "ending"), ("consents expiring", "consents"),
                        ("contacts this week", "contacts")):
        counts = [len(getattr(a, attr)) for a in agendas]
        overdue = sum(1 for a in agendas for item in getattr(a, attr)
                      if getattr(item, "overdue", False))
        parts.append(f"{label} {statistics.mean(counts):.1f} (min {min(counts)}"
                     + (f", {overdue} overdue in all" if overdue else "") + ")")
    print("agenda rows per worker, mean over the 20 measured workers: " + "; ".join(parts))
    network_id = workers[0].organisation.network_id
    open_count = Trajectory.objects.filter(programme__network_id=network_id,
                                           status="open").count()
    total_workers = len(selectors.caseload_roster(network_id)[0])
    measured = "page 1" + (f" and page {later_page}" if later_page > 1 else "")
    print(f"caseload: {total_workers} workers on {math.ceil(total_workers / CASELOAD_PAGE)} "
          f"pages of {CASELOAD_PAGE} (measured: {measured}), {open_count} open trajectories")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=2_000_000)
    parser.add_argument("--goals", type=int, default=300_000)
    parser.add_argument("--workers", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=60, help="per client and page")
    parser.add_argument("--refill", action="store_true", help="fill again even when filled")
    args = parser.parse_args()
    if args.workers < CLIENTS:
        parser.error(f"--workers must be at least {CLIENTS}")
    common.ensure_database(BENCH_DB)
    common.setup_django(BENCH_DB)
    if common.needs_fill(BENCH, _sizes(args), refill=args.refill):
        fill(args)
    workers, coords = agenda_workers(), coordinators()
    later_page = max(1, math.ceil(args.workers / CASELOAD_PAGE) * 3 // 4)
    show_what_pages_hold(workers, later_page)
    agenda_clients = common.sessions_for(workers)
    coordinator_clients = common.sessions_for(coords)
    import loadgen

    n = args.requests
    with common.serving(BENCH_DB):
        common.measure([(c, ["/agenda/"] * 3) for c in agenda_clients]
                       + [(c, ["/netwerk/caseload/"] * 3) for c in coordinator_clients])
        rows = [
            ("agenda of a worker", common.measure(
                [(c, ["/agenda/"] * n) for c in agenda_clients])),
            ("caseload overview, page 1", common.measure(
                [(c, ["/netwerk/caseload/"] * n) for c in coordinator_clients])),
        ]
        if later_page > 1:
            rows.append((f"caseload overview, page {later_page}", common.measure(
                [(c, [f"/netwerk/caseload/?page={later_page}"] * n)
                 for c in coordinator_clients])))
    print("\n" + common.header(
        f"{args.families} families with trajectories, {args.contacts} contacts, "
        f"{args.goals} goals, {args.workers} workers"))
    print(loadgen.table(rows, target_ms=100))


if __name__ == "__main__":
    main()
