"""Benchmark of the rights engine (framework-free; no Django, no database).

Run: ``python bench/bench_rights_engine.py [--households 100000] [--scale 3 [--isolated]]``

Prints a table with:
- one family's full rights check with explanations and questions (target < 20 ms median);
- screening N generated households x the whole catalogue on one core (target < 10 s for 100 000);
- for information: CSV parsing + validation, and building the "probably missed" rows with reasons.
Generated data is fictional and deterministic (fixed seed).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from brug.rights.engine import (  # noqa: E402
    evaluate,
    load_catalogue,
    missed_rows,
    read_households_csv,
    screen,
    validate_household,
    write_missed_csv,
)
from brug.rights.engine.facts import Household  # noqa: E402
from brug.rights.engine.model import Catalogue  # noqa: E402

ON = dt.date(2025, 3, 1)
SEED = 20250301
LEVELS_BY_AGE = [(2, "none"), (6, "kleuter"), (12, "lager"), (18, "secundair"), (25, "hoger")]

FAMILY = {
    "members": [
        {"role": "parent", "birth_date": "1991-04-12", "label": "Sara"},
        {"role": "child", "birth_date": "2014-09-03", "school_level": "lager", "label": "Noah"},
        {"role": "child", "birth_date": "2021-06-20", "school_level": "kleuter", "label": "Lina"},
        {"role": "child", "birth_date": "2024-05-02", "label": "Amir"},
        {"role": "expected_child", "due_date": "2025-06-15"},
    ],
    "facts": {
        "postcode": "9999",
        "municipality": "Demostad",
        "income_band": "b15k_25k",
        "housing": "private_rent",
        "single_parent": True,
        "childcare_kind": "income_tariff",
    },
    "already_received": ["groeipakket_basisbedrag"],
}


def generate_households(n: int, seed: int = SEED) -> list[tuple[str, Household]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append((f"H{i:06d}", validate_household(_random_household(rng), ON)))
    return out


def _random_household(rng: random.Random) -> dict:
    members = [{"role": "parent", "birth_date": _date_years_ago(rng, 20, 50)}]
    if rng.random() < 0.6:
        members.append({"role": "parent", "birth_date": _date_years_ago(rng, 20, 50)})
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
        birth = _date_years_ago(rng, 0, 22)
        child = {"role": "child", "birth_date": birth}
        if rng.random() < 0.8:
            age = (ON - dt.date.fromisoformat(birth)).days / 365.25
            child["school_level"] = next((lv for lim, lv in LEVELS_BY_AGE if age < lim), "none")
        members.append(child)
    if rng.random() < 0.08:
        members.append(
            {
                "role": "expected_child",
                "due_date": (ON + dt.timedelta(days=rng.randint(10, 250))).isoformat(),
            }
        )
    facts: dict = {}
    if rng.random() < 0.9:
        facts["postcode"] = rng.choice(("9999", "9000", "2000", "1000", "8500", "4000"))
    if facts.get("postcode") == "9999":
        facts["municipality"] = "Demostad"
    r = rng.random()
    if r < 0.6:
        facts["yearly_income"] = round(rng.uniform(0, 90_000), 2)
    elif r < 0.85:
        facts["income_band"] = rng.choice(
            ("lt_15k", "b15k_25k", "b25k_35k", "b35k_45k", "b45k_60k")
        )
    for key, p in (
        ("receives_leefloon", 0.7),
        ("has_verhoogde_tegemoetkoming", 0.6),
        ("heats_with_fuel_oil", 0.5),
        ("in_debt_mediation", 0.4),
        ("has_disability_allowance", 0.5),
        ("owns_property", 0.5),
    ):
        if rng.random() < p:
            facts[key] = rng.random() < 0.15
    if rng.random() < 0.7:
        facts["housing"] = rng.choice(
            ("private_rent", "social_rent", "owner", "waiting_list_social_housing")
        )
    if rng.random() < 0.5:
        facts["childcare_kind"] = rng.choice(("none", "income_tariff", "free_price"))
    received = [
        rid
        for rid, p in (("groeipakket_basisbedrag", 0.7), ("groeipakket_schoolbonus", 0.5))
        if rng.random() < p
    ]
    return {"members": members, "facts": facts, "already_received": received}


def _date_years_ago(rng: random.Random, lo: int, hi: int) -> str:
    days = rng.randint(lo * 365 + 1, hi * 365)
    return (ON - dt.timedelta(days=days)).isoformat()


def _to_csv(households: list[tuple[str, Household]]) -> str:
    buf = io.StringIO()
    buf.write(
        "household_id,parents,parent_birth_dates,children_birth_dates,children_school_levels,postcode,"
        "yearly_income,receives_leefloon,has_verhoogde_tegemoetkoming,housing,already_received\n"
    )
    for hid, h in households:
        parents = [m for m in h.members if m.role == "parent"]
        kids = [m for m in h.members if m.role == "child"]
        f = h.facts
        buf.write(
            ",".join(
                (
                    hid,
                    str(len(parents)),
                    ";".join(str(m.birth_date) for m in parents),
                    ";".join(str(m.birth_date) for m in kids),
                    ";".join(m.school_level or "" for m in kids),
                    f.get("postcode", ""),
                    str(f.get("yearly_income", "")),
                    {True: "ja", False: "nee"}.get(f.get("receives_leefloon"), ""),
                    {True: "ja", False: "nee"}.get(f.get("has_verhoogde_tegemoetkoming"), ""),
                    f.get("housing", ""),
                    ";".join(sorted(h.already_received)),
                )
            )
            + "\n"
        )
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200, help="runs of the one-family check")
    parser.add_argument("--scale", type=int, default=1, help="the catalogue N times (copies of "
                        "every right under other ids), for the target 'even with the catalogue "
                        "three times larger'")
    parser.add_argument("--isolated", action="store_true", help="with --scale: load every copy "
                        "separately, so copies share no compiled condition or memo slot with "
                        "the original (the worst case: N times as many rights with nothing in "
                        "common); without it copies share by structure, like identical rights")
    args = parser.parse_args()

    t0 = time.perf_counter()
    catalogue = load_catalogue()
    t_load = time.perf_counter() - t0
    if args.scale > 1:
        copies = tuple(
            dataclasses.replace(r, id=f"{r.id}__{k}") if k else r
            for k in range(args.scale)
            for r in (load_catalogue().rights if k and args.isolated else catalogue.rights)
        )
        catalogue = Catalogue(rights=copies, parameters=catalogue.parameters,
                              directory=catalogue.directory)

    family = validate_household(FAMILY, ON, known_rights=catalogue.by_id)
    evaluate(catalogue, family, ON)  # warm-up
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        ev = evaluate(catalogue, family, ON)
        # Touch the explanation texts, as a page would.
        _ = [(r.reasons, r.amount and r.amount.text, r.notes) for r in ev.results]
        times.append(time.perf_counter() - t)
    one_median = statistics.median(times) * 1000
    one_p95 = sorted(times)[int(0.95 * len(times)) - 1] * 1000

    t = time.perf_counter()
    households = generate_households(args.households)
    t_gen = time.perf_counter() - t

    t, c = time.perf_counter(), time.process_time()
    results = list(screen(catalogue, households, ON))
    t_screen = time.perf_counter() - t
    # CPU time of this process: on a shared machine it moves much less than the wall time.
    c_screen = time.process_time() - c
    missed = sum(
        1
        for r in results
        for s in r.statuses
        if s.value in ("likely_entitled", "possibly_entitled")
    )

    sample = households[:10_000]
    csv_text = _to_csv(sample)
    t = time.perf_counter()
    parsed = read_households_csv(io.StringIO(csv_text), ON, catalogue)
    t_csv = time.perf_counter() - t

    t = time.perf_counter()
    out = io.StringIO()
    n_rows = write_missed_csv(missed_rows(catalogue, results[:10_000], ON), out)
    t_rows = time.perf_counter() - t

    n_rights = len(catalogue.rights)
    rows = [
        ("load + validate + compile catalogue", f"{t_load * 1000:.1f} ms", ""),
        ("one family, full check with explanations (median)", f"{one_median:.2f} ms", "< 20 ms"),
        ("one family, full check with explanations (p95)", f"{one_p95:.2f} ms", ""),
        (
            f"screening {args.households:,} households x {n_rights} rights",
            f"{t_screen:.2f} s",
            "< 10 s",
        ),
        ("  CPU time of the screening (this process)", f"{c_screen:.2f} s", ""),
        ("  per household", f"{t_screen / max(args.households, 1) * 1e6:.1f} µs", ""),
        ("  (household, right) pairs likely/possibly missed", f"{missed:,}", ""),
        ("generate + validate households (not part of screening)", f"{t_gen:.2f} s", ""),
        (
            f"CSV read + validate, {len(sample):,} rows ({len(parsed.errors)} errors)",
            f"{t_csv:.2f} s",
            "",
        ),
        (
            f"missed rows with reasons, {len(sample):,} households ({n_rows:,} rows)",
            f"{t_rows:.2f} s",
            "",
        ),
    ]
    print(
        f"Rights engine benchmark (catalogue: {n_rights} rights"
        f"{' (copies loaded separately)' if args.isolated and args.scale > 1 else ''}, "
        f"{len(catalogue.parameters)} parameters; date {ON}; seed {SEED}; "
        f"Python {sys.version.split()[0]})"
    )
    print()
    print(f"{'measure':<60} {'result':>14} {'target':>10}")
    print("-" * 86)
    for label, result, target in rows:
        print(f"{label:<60} {result:>14} {target:>10}")


if __name__ == "__main__":
    main()
