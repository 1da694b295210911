"""Allocation of childcare places (brug/childcare/allocation.py), in-process: 2 000 requests
over 200 providers, repeated; prints the median and p95. Goal: < 2 s.

Run: ``python bench/bench_allocation.py``. Framework-free: no Django, no database; the read of
requests and providers is `childcare.services.allocation_inputs` (a few queries).
Generated data is fictional and deterministic (fixed seed)."""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from brug.childcare.allocation import BABY, TODDLER, Provider, Request, Rules, allocate  # noqa: E402

HOODS = ["Noord", "Zuid", "Oost", "West", "Centrum"]
TOWNS = ["Demostad", "Nabijdorp", "Verderop", "Rivierstad"]
GROUNDS = ("single_parent", "low_income", "foster", "work_or_training", "sibling")


def build(n_requests: int = 2000, n_providers: int = 200, seed: int = 17):
    rng = random.Random(seed)
    providers = [Provider(100 + i, {BABY: rng.randint(0, 6), TODDLER: rng.randint(0, 6)},
                          rng.random() < 0.7, rng.choice(TOWNS), rng.choice(HOODS), f"P{i}")
                 for i in range(n_providers)]
    start = date(2026, 1, 1)
    requests = []
    for i in range(n_requests):
        preferred = tuple(rng.sample([p.id for p in providers], rng.randint(0, 3)))
        needs = tuple(rng.choice((BABY, TODDLER)) for _ in range(1 if rng.random() < 0.9 else 2))
        grounds = frozenset(g for g in GROUNDS if rng.random() < 0.15)
        requests.append(Request(1 + i, start + timedelta(days=rng.randint(0, 300)), needs,
                                grounds, rng.choice(TOWNS), rng.choice(HOODS), preferred,
                                frozenset(), rng.random() < 0.3))
    return requests, providers


def main(repeat: int = 15) -> None:
    requests, providers = build()
    rules = Rules(priority_share=25, grounds=GROUNDS)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = allocate(requests, providers, rules)
        times.append(time.perf_counter() - t0)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print("| allocation | requests | providers | proposals | median ms | p95 ms |")
    print("|---|---|---|---|---|---|")
    print(f"| childcare | {len(requests)} | {len(providers)} | {len(result.proposals)} | "
          f"{statistics.median(times) * 1000:.1f} | {p95 * 1000:.1f} |")


if __name__ == "__main__":
    main()
