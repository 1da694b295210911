"""Benchmark: the HSDS export and import of a network's sociale kaart (issue 5), in-process.

Run by bench/run.py after the HTTP benchmark, on the run's database (BENCH_DATABASE_URL):
exports the largest network's directory (8 000 of the dataset's 20 000 services) as HSDS
JSON and times its import into a network of its own (target < 30 s); the imported copy is
removed again.

    BENCH_DATABASE_URL=postgresql://…/brug_bench .venv/bin/python bench/bench_hsds_import.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

IMPORT_NETWORK = "Bench HSDS-import"
TARGET_S = 30


def time_hsds_import(network) -> tuple[int, float, float]:
    """(services, export seconds, import seconds); the imported copy is removed after."""
    from django.contrib.auth import get_user_model

    from brug.directory import hsds
    from brug.directory import services as directory_services
    from brug.network.models import Network, Organisation, Worker

    t0 = time.perf_counter()
    tables = directory_services.hsds_tables(network)
    doc = hsds.to_json(tables)
    export_s = time.perf_counter() - t0
    other, _ = Network.objects.get_or_create(name=IMPORT_NETWORK)
    org, _ = Organisation.objects.get_or_create(network=other, name="Huis van het Kind",
                                                defaults={"short_name": "HvK", "kind": "other"})
    user, _ = get_user_model().objects.get_or_create(username="hsds-import",
                                                     defaults={"password": "!"})
    coordinator, _ = Worker.objects.get_or_create(
        user=user, defaults={"organisation": org, "display_name": "Import",
                             "roles": ",coordinator,"})
    _remove_directory(other)  # left over by an interrupted run
    t1 = time.perf_counter()
    result = directory_services.hsds_import(actor=coordinator, tables=hsds.parse_json(doc))
    import_s = time.perf_counter() - t1
    if not result.ok:
        raise SystemExit(f"HSDS import refused: {[str(e) for e in result.errors[:5]]}")
    _remove_directory(other)
    return len(tables["services"]), export_s, import_s


def _remove_directory(network) -> None:
    from django.db import transaction

    from brug.directory.models import Location, Provider, Service

    with transaction.atomic():
        Service.objects.filter(network=network).delete()
        Location.objects.filter(network=network).delete()
        Provider.objects.filter(network=network).delete()


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        raise SystemExit("set BENCH_DATABASE_URL (bench/run.py does)")
    common.setup_django(url, migrate=False)
    from django.db.models import Count

    from brug.network.models import Network

    network = (Network.objects.annotate(n=Count("services")).order_by("-n", "id").first())
    if network is None or not network.n:
        raise SystemExit("the database holds no sociale kaart")
    services, export_s, import_s = time_hsds_import(network)
    verdict = "ok" if import_s < TARGET_S else "MISSED"
    print(f"HSDS import (JSON) of {services} services: {import_s:.1f} s (target < {TARGET_S} s: "
          f"{verdict}); the export before it took {export_s:.1f} s")


if __name__ == "__main__":
    main()
