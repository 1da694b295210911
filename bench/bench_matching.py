"""Benchmark of volunteer matching (framework-free; no Django, no database).

Run: ``python bench/bench_matching.py [--volunteers 2000] [--rounds 200]``

Ranks N generated volunteers for one family's request, many times, and prints the median and
p95 per request (target: < 50 ms for 2 000 volunteers). The database read of the profiles is
two queries (`volunteers.services.candidates_for`) and is not part of this number.
Generated data is fictional and deterministic (fixed seed).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from brug.volunteers.matching import HELP_KINDS, SLOTS, Candidate, Need, norm_set, rank  # noqa: E402

SEED = 20260416
LANGUAGES = ["Nederlands", "Arabisch", "Frans", "Engels", "Turks", "Roemeens", "Pools",
             "Tigrinya", "Dari", "Somali"]
HOODS = [f"wijk {i}" for i in range(30)]


def volunteers(n: int, rng: random.Random) -> list[Candidate]:
    slots, kinds = list(SLOTS), list(HELP_KINDS)
    return [Candidate(
        id=i, languages=norm_set(["Nederlands", *rng.sample(LANGUAGES[1:], rng.randint(0, 2))]),
        skills=frozenset(rng.sample(kinds, rng.randint(1, 3))),
        neighbourhoods=norm_set(rng.sample(HOODS, rng.randint(1, 3))),
        municipality="demostad", availability=frozenset(rng.sample(slots, rng.randint(1, 5))),
        experience_years=rng.randint(0, 12), free_places=rng.randint(0, 2)) for i in range(n)]


def request(rng: random.Random) -> Need:
    return Need(help_kinds=frozenset(rng.sample(list(HELP_KINDS), 2)),
                languages=norm_set([rng.choice(LANGUAGES[1:]), "Nederlands"]),
                neighbourhood=rng.choice(HOODS), municipality="demostad",
                times=frozenset(rng.sample(list(SLOTS), 3)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--volunteers", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(SEED)
    pool = volunteers(args.volunteers, rng)
    needs = [request(rng) for _ in range(args.rounds)]
    times = []
    for need in needs:
        start = time.perf_counter()
        ranked = rank(pool, need, limit=8)
        times.append((time.perf_counter() - start) * 1000)
        [s.texts() for s in ranked]  # the reasons the page shows
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    median = statistics.median(times)
    print(f"| matching: {args.volunteers} volunteers, one request | median {median:.2f} ms "
          f"| p95 {p95:.2f} ms | target < 50 ms | {'ok' if p95 < 50 else 'TOO SLOW'} |")


if __name__ == "__main__":
    main()
