"""The reach report page in process: median ms of N requests through Django's test client
(the whole view: form, counts, rows, template), as a coordinator of the network with the
most activities, on a copy of the bench's template database.

    .venv/bin/python bench/bench_reach_page.py --database postgresql://.../brug_bench_x \
        [--runs 30] [--cache-url redis://127.0.0.1:6379/N]

Settings as the served benchmark (`bench/settings.py`, DEBUG off); with --cache-url Django's
cache (and the sessions) are in that Redis database, as `bench/run.py` serves; without it,
no cache (production without Redis).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cache-url", default="")
    args = parser.parse_args()
    os.environ["CACHE_URL"] = args.cache_url
    import common

    common.setup_django(args.database)
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from brug.activities.models import Activity
    from brug.network.models import Worker

    network_id = (Activity.objects.values("network_id").annotate(n=Count("*"))
                  .order_by("-n").values_list("network_id", flat=True).first())
    worker = Worker.objects.filter(organisation__network_id=network_id, active=True,
                                   roles__contains=",coordinator,").order_by("pk").first()
    client = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME=common.HOST)
    client.force_login(worker.user)
    today = timezone.localdate()
    month = f"{today.year - 2}-{today.month:02d}"
    pages = [("per neighbourhood, this year (default)", "/activiteiten/bereik/"),
             ("per activity, this year", "/activiteiten/bereik/?per=activity"),
             (f"per activity, {month}", f"/activiteiten/bereik/?per=activity&period={month}"),
             ("per activity, this year, page 3", "/activiteiten/bereik/?per=activity&page=3")]
    print(f"network {network_id}: {Activity.objects.filter(network_id=network_id).count()} "
          f"activities; {args.runs} requests each; cache: {args.cache_url or 'none'}")
    for label, url in pages:
        times, cpu = [], []
        for _ in range(args.runs + 1):
            t, c = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times, cpu = sorted(times[1:]), sorted(cpu[1:])  # the first warms the cache
        # CPU: this process's own time (the web worker's part), steadier than the wall
        # clock on a shared machine.
        print(f"{label:<42} median {statistics.median(times):6.1f} ms  "
              f"p95 {times[int(len(times) * 0.95) - 1]:6.1f} ms  "
              f"CPU median {statistics.median(cpu):5.1f} ms  "
              f"{len(response.content) // 1024} KiB", flush=True)


if __name__ == "__main__":
    main()
