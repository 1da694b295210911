"""The benchmark: Brug under open-loop load on a realistic dataset, then the in-process ones.

    .venv/bin/python bench/run.py            # what `make bench` runs (see bench/README.md)
    BENCH_QUICK=1 .venv/bin/python bench/run.py   # a small dataset and short runs: a smoke test

1. The dataset (bench/dataset.py) is built once into a template database, named after a hash
   of the migrations and the generator, and copied for each run (`brug_bench`).
2. gunicorn serves Brug from it (one worker per core, DEBUG off, bench/settings.py); every
   simulated worker logs in once, as a browser does.
3. The mix of hot pages (bench/mix.py) at a fixed rate, open loop (bench/loadgen.py), after a
   warm-up: p50/p95/p99/max per page, and every error.
4. The highest rate the mix sustains with p95 under the target on every page, and the same
   for the floor page (the base template alone), the two searches taking turns; their ratio.
5. The in-process benchmarks (`AFTER` below), each as its own process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402
import loadgen  # noqa: E402
import mix  # noqa: E402

# Run after the HTTP benchmark, each as its own process with DATABASE_URL and
# BENCH_DATABASE_URL set to the run's database (the dataset plus what the HTTP run wrote);
# a script not in the tree is skipped. bench_audit.py (audit appends per second under
# concurrency) comes with the per-network audit chain.
AFTER = ["bench_rights_engine.py", "bench_hsds_import.py", "bench_audit.py",
         "bench_matching.py", "bench_reach.py", "bench_allocation.py"]
SEED = 12
# The search for the highest rate: each step runs until the rarest judged page has about this
# many answers (a p95 of fewer is its slowest answer), but not longer than MAX_STEP seconds.
MIN_ANSWERS = 20
MAX_STEP = 120.0


def options() -> argparse.Namespace:
    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog=(
        "BENCH_QUICK=1 selects the small dataset and short runs (a smoke test). The database "
        "server is BENCH_POSTGRES, gunicorn's port BENCH_PORT and its workers BENCH_WORKERS; "
        "see bench/common.py and bench/README.md."))
    parser.add_argument("--quick", action="store_true", default=quick,
                        help="small dataset, short runs (as BENCH_QUICK=1)")
    parser.add_argument("--rate", type=float, default=100,
                        help="requests per second of the mix's fixed-rate run (default 100)")
    parser.add_argument("--duration", type=float, help="seconds measured at that rate "
                        "(default 60; quick 10)")
    parser.add_argument("--warmup", type=float, help="seconds before measuring (default 5; "
                        "quick 3)")
    parser.add_argument("--probe", type=float, help="least seconds measured per step of the "
                        "search for the highest rate (default 30; quick 5); a step lasts longer "
                        "where the rarest page needs it (MIN_ANSWERS)")
    parser.add_argument("--target", type=float, default=150, help="p95 target in ms (150)")
    parser.add_argument("--within", type=float, default=10,
                        help="how close, in percent, the search brackets each highest rate "
                        "(default 10; a smaller one takes a few more steps)")
    parser.add_argument("--no-search", action="store_true",
                        help="only the fixed-rate run, no search for the highest rates")
    parser.add_argument("--http-only", action="store_true",
                        help="skip the in-process benchmarks after the HTTP one")
    args = parser.parse_args()
    args.duration = args.duration or (10 if args.quick else 60)
    args.warmup = args.warmup if args.warmup is not None else (3 if args.quick else 5)
    args.probe = args.probe or (5 if args.quick else 30)
    return args


def header(args, database: str) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE.parent,
                            capture_output=True, text=True).stdout.strip()
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit or '?'}, {database}; "
            f"{os.cpu_count()} cores, load average {common.load_average()}, speed check "
            f"{common.speed_check():.0f} ms; gunicorn -w {common.GUNICORN_WORKERS} (sync), "
            f"PostgreSQL on the same machine")


async def measure(client, pages, rate: float, seconds: float, warmup: float, seed: int,
                  server_pids: list[int], *, queue_seconds: float = 3):
    """One open-loop run; it stops sending when more than `queue_seconds` of arrivals wait."""
    plan = loadgen.poisson_plan(rate, warmup + seconds, pages, seed)
    busy0, total0 = common.machine_busy()
    server0 = common.cpu_seconds(server_pids)
    result = await client.run(plan, measure_from=warmup, drain=queue_seconds + 15,
                              max_outstanding=max(50, int(rate * queue_seconds)))
    busy1, total1 = common.machine_busy()
    result.machine = (busy1 - busy0) / max(1e-9, total1 - total0)
    result.server_cpu = common.cpu_seconds(server_pids) - server0
    return result


def server_line(result) -> str:
    per = 1000 * result.server_cpu / max(1, result.sent)
    return (f"machine busy {result.machine:.0%} of its {os.cpu_count()} cores over the run; "
            f"gunicorn workers {per:.1f} ms CPU per request")


async def service_times(client, pages: dict, rounds: int = 5) -> dict[str, float]:
    """Each page alone, one request at a time (after one untimed round): what a page costs
    without a queue, to read the loaded tables against. Returns the median ms per page."""
    rng = random.Random(SEED)
    print(f"\nEach page alone, one request at a time ({rounds} requests, other paths "
          "and workers each):")
    print(f"{'page':<30}{'median ms':>10}{'max ms':>8}  not 200")
    medians = {}
    for page, (_weight, choose) in pages.items():
        paths = [choose(rng) for _ in range(rounds + 1)]
        timed = (await client.one_at_a_time(paths))[1:]
        ms = sorted(t for t, _status in timed)
        bad = [f"{status} {path}" for (_t, status), (path, _c) in zip(timed, paths[1:],
                                                                     strict=True)
               if status != 200]
        print(f"{page:<30}{ms[len(ms) // 2]:>10.0f}{ms[-1]:>8.0f}  {'; '.join(bad[:2])}",
              flush=True)
        medians[page] = ms[len(ms) // 2]
    return medians


def capacity_guess(pages: dict, medians: dict[str, float]) -> float:
    """Requests per second the gunicorn workers could answer if each request took its page's
    median alone: where the search for the highest rate starts."""
    weights = {page: pages[page][0] for page in pages}
    mean_ms = sum(weights[p] * medians[p] for p in weights) / sum(weights.values())
    return max(1.0, round(common.GUNICORN_WORKERS * 1000 / mean_ms))


class RateSearch:
    """The search for one page set's highest passing rate, a step at a time: double or halve
    from `start` until the verdict flips, then bisect until the bracket is within `within`
    percent. Stepped from outside, so that two searches can take turns (`highest_rates`)."""

    def __init__(self, start: float, within: float = 10) -> None:
        self.rate = start
        self.within = 1 + within / 100
        self.low: float | None = None  # the highest rate that passed
        self.high: float | None = None  # the lowest rate that missed
        self.finished = False

    def next_rate(self) -> float | None:
        """The rate of the next step, or None when the search is over."""
        if self.finished:
            return None
        if self.low is None or self.high is None:
            return self.rate
        if self.high / self.low > self.within:
            return (self.low * self.high) ** 0.5
        self.finished = True
        return None

    def record(self, rate: float, passed: bool) -> None:
        bracketing = self.low is None or self.high is None
        if passed:
            self.low = rate
            if bracketing and self.high is None:
                self.rate = rate * 2
        else:
            self.high = rate
            if bracketing and self.low is None:
                self.rate = rate / 2
        if (self.low is None or self.high is None) and not 1 <= self.rate <= 5000:
            self.finished = True

    @property
    def result(self) -> float:
        return 0.0 if self.low is None else round(self.low, 1)


async def highest_rates(client, searched: dict[str, tuple[dict, float]], args, server_pids,
                        settle, medians: dict[str, float]) -> dict[str, RateSearch]:
    """For each page set (label -> (pages, start rate)): the highest rate (within
    `args.within` percent) at which every page's p95 stays under the target with no error.

    The searches take turns, a step of one then a step of the other, so that both sample
    the machine over the same minutes: their ratio is what the benchmark reports, and this
    machine's speed changes from one quarter of an hour to the next (session 11: a run whose
    floor was searched after the mix, on a slower minute, flattered the ratio).

    A page that misses the target even alone (its median one request at a time) would fail
    every rate; it stays in the mix, its errors count, but its p95 is not judged (said so).
    """
    names = " and ".join(label.lower() for label in searched)
    print(f"\nSearching the highest rate with p95 < {args.target:.0f} ms on every page, "
          f"{names} taking turns, each to within {args.within:g} % (at least "
          f"{args.probe:.0f} s per step, long enough for ~{MIN_ANSWERS} answers of the rarest "
          f"page, at most {MAX_STEP:.0f} s; after 3 s of warm-up; the speed check before each "
          "step):")
    plans = {}
    for label, (pages, start) in searched.items():
        judged = [page for page in pages if medians[page] < args.target]
        total = sum(weight for weight, _ in pages.values())
        share = min((pages[page][0] for page in judged), default=total) / total
        plans[label] = (pages, judged, share, RateSearch(start, args.within))
        for page in pages:
            if page not in judged:
                print(f"  (not judged: {page}, {medians[page]:.0f} ms alone; it stays in the "
                      "mix)")
    width = max(len(label) for label in searched)
    print(f"{'':<{width}}  {'req/s':>8}  {'speed':>6}  {'p95 of the slowest page':<44} verdict")

    async def probe(label: str, rate: float) -> bool:
        # A search never asks a rate twice: doubling, halving and bisecting only move on.
        pages, judged, share, _search = plans[label]
        rate = round(rate, 1)
        # A step lasts long enough for every judged page to get about MIN_ANSWERS answers:
        # the p95 of a page with 4 answers is its slowest one.
        seconds = min(MAX_STEP, max(args.probe, MIN_ANSWERS / (rate * share)))
        speed = common.speed_check()
        result = await measure(client, pages, rate, seconds, 3, SEED + int(rate), server_pids)
        worst = max(((loadgen.percentile(sorted(v), 95), page)
                     for page, v in result.latencies.items() if page in judged),
                    default=(float("nan"), "-"))
        passed = loadgen.passes(result, args.target, judged)
        note = result.aborted or (f"{len(result.errors)} errors" if result.errors else "")
        print(f"{label:<{width}}  {rate:>8.1f}  {speed:>3.0f} ms  {worst[0]:>6.0f} ms  "
              f"{worst[1]:<34} {'ok' if passed else 'missed'} {note}".rstrip(), flush=True)
        await settle()  # a queue left by an overloaded step is worked off first
        return passed

    while True:
        stepped = False
        for label, (_pages, _judged, _share, search) in plans.items():
            rate = search.next_rate()
            if rate is not None:
                search.record(rate, await probe(label, rate))
                stepped = True
        if not stepped:
            return {label: plan[3] for label, plan in plans.items()}


async def http_benchmark(args, url: str, pop: mix.Population) -> None:
    users = mix.users_to_log_in(pop)
    client = loadgen.Client(common.HOST, common.PORT)
    with common.serving(url) as gunicorn:
        server_pids = common.children_of(gunicorn.pid)
        started = time.perf_counter()
        cookies = await client.login_all([m.username for m in users], mix_password())
        for m, cookie in zip(users, cookies, strict=True):
            m.cookie = cookie
        print(f"{len(users)} workers logged in ({time.perf_counter() - started:.0f} s)",
              flush=True)
        mixed, floor = mix.pages(pop, users), mix.floor_page(users)
        floor_path, floor_cookie = floor[mix.FLOOR][1](random.Random(SEED))

        async def settle() -> None:
            await client.settle(floor_path, floor_cookie)

        medians = await service_times(client, {**floor, **mixed})
        await settle()

        print(f"\nThe mix at {args.rate:.0f} requests per second, open loop (Poisson, "
              f"latency from the scheduled send time), {args.duration:.0f} s measured after "
              f"{args.warmup:.0f} s of warm-up:")
        result = await measure(client, mixed, args.rate, args.duration, args.warmup, SEED,
                               server_pids, queue_seconds=10)
        print(loadgen.table(result, list(mixed), args.target))
        if result.aborted:
            print(f"aborted: {result.aborted}")
        if result.errors:
            print("errors:")
            print("\n".join(loadgen.error_lines(result)))
        print(loadgen.generator_line(result))
        print(server_line(result))
        await settle()
        if args.no_search:
            return
        start = args.rate if loadgen.passes(result, args.target) else min(
            args.rate / 2, capacity_guess(mixed, medians))
        searches = await highest_rates(
            client, {"The mix": (mixed, start),
                     "The floor page": (floor, capacity_guess(floor, medians))},
            args, server_pids, settle, medians)
        mix_search, floor_search = searches["The mix"], searches["The floor page"]
        ratio = mix_search.result / floor_search.result if floor_search.result else 0.0
        print(f"\nhighest rate with p95 < {args.target:.0f} ms: the mix "
              f"{mix_search.result:.0f} req/s, the floor page {floor_search.result:.0f} req/s; "
              f"mix/floor = {ratio:.2f} (target ≥ 0.25: {'ok' if ratio >= 0.25 else 'MISSED'})")
        if None not in (mix_search.low, mix_search.high, floor_search.low, floor_search.high):
            # Each rate is known within its bracket (passed .. missed), so the ratio is too.
            print(f"the ratio lies between {mix_search.low / floor_search.high:.2f} (the mix's "
                  f"passed rate over the floor's missed one) and "
                  f"{mix_search.high / floor_search.low:.2f} (the other way round)")


def mix_password() -> str:
    import dataset

    return dataset.PASSWORD


def after(url: str) -> list[str]:
    failed = []
    for script in AFTER:
        path = HERE / script
        if not path.exists():
            continue
        print(f"\n### {script}", flush=True)
        env = {**os.environ, **common.SERVER_ENV, "DATABASE_URL": url, "BENCH_DATABASE_URL": url}
        if subprocess.run([sys.executable, str(path)], cwd=HERE.parent, env=env).returncode:
            failed.append(script)
    return failed


def main() -> int:
    args = options()
    # Stopped from outside: unwind, so that gunicorn is stopped with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    database = os.environ.get("BENCH_DATABASE") or (
        "brug_bench_quick" if args.quick else "brug_bench")
    template = common.ensure_template(args.quick)
    url = common.fresh_database(template, database)
    common.setup_django(url, migrate=False)
    print("\n" + header(args, database))
    from django.db import connections
    from django.utils import timezone

    from brug.families.models import Family

    print(f"dataset: {template} ({Family.objects.count()} families)")
    pop = mix.population(timezone.localdate())
    connections.close_all()
    asyncio.run(http_benchmark(args, url, pop))
    failed = [] if args.http_only else after(url)
    if failed:
        print("\nfailed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
