"""Benchmark: directory search, signal bundle, HSDS import. Prints a table.

Usage (a database of its own; it is flushed and filled):
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/netw_bench SECRET_KEY=x \
        .venv/bin/python bench/bench_network.py --services 20000 --barriers 200000

Targets (issue 5): p95 < 100 ms at 20 concurrent clients for search and bundle;
HSDS import of 20 000 services < 30 s.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brug.settings")
os.environ.setdefault("BRUG_TESTING", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]  # the Django test client's host

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402

from brug.directory import hsds  # noqa: E402
from brug.directory import services as directory_services  # noqa: E402
from brug.directory.models import (  # noqa: E402
    AccessDimension,
    Language,
    LifeDomain,
    Location,
    Provider,
    Service,
    ServiceAtLocation,
)
from brug.families.models import Family  # noqa: E402
from brug.network.models import Network, Organisation, Worker  # noqa: E402
from brug.signals.models import CollectiveSignal, Signal, SignalDimension  # noqa: E402

WORDS = ["woning", "budget", "opvoeding", "kinderopvang", "werk", "gezondheid", "school",
         "voeding", "speelgoed", "ontmoeting", "juridisch", "vervoer", "tolk", "huurwaarborg"]


def fill(n_services: int, n_barriers: int, rng: random.Random):
    call_command("flush", interactive=False, verbosity=0)
    network = Network.objects.create(name="Bench")
    org = Organisation.objects.create(network=network, name="OCMW Bench", short_name="OCMW",
                                      kind="ocmw")
    user = get_user_model().objects.create_user("bench", password="x")
    worker = Worker.objects.create(user=user, organisation=org, display_name="Bench",
                                   roles=",coordinator,supporter,")
    providers = Provider.objects.bulk_create(
        [Provider(network=network, name=f"Aanbieder {i}") for i in range(max(1, n_services // 40))])
    domains = list(LifeDomain.values)
    services = []
    for i in range(n_services):
        s = Service(network=network, provider=providers[i % len(providers)],
                    name=f"Dienst {i} {rng.choice(WORDS)}",
                    description=" ".join(rng.choice(WORDS) for _ in range(12)),
                    life_domains="," + ",".join(sorted(set(rng.sample(domains, 2)))) + ",")
        s.refresh_search_text(providers[i % len(providers)].name)
        services.append(s)
    Service.objects.bulk_create(services, batch_size=5000)
    locations = Location.objects.bulk_create(
        [Location(network=network, name=f"Loket {i}", postal_code=str(9000 + i % 60),
                  neighbourhood=f"Wijk {i % 30}", city="Bench") for i in range(n_services)],
        batch_size=5000)
    ServiceAtLocation.objects.bulk_create(
        [ServiceAtLocation(service=s, location=loc) for s, loc in zip(services, locations,
                                                                      strict=True)],
        batch_size=5000)
    Language.objects.bulk_create([Language(service=s, name="Nederlands") for s in services],
                                 batch_size=5000)
    families = Family.objects.bulk_create(
        [Family(organisation=org, display_name=f"Gezin {i}")
         for i in range(max(10, n_barriers // 40))], batch_size=5000)
    collectives = CollectiveSignal.objects.bulk_create(
        [CollectiveSignal(network=network, title=f"Signaal {i}", created_by=worker)
         for i in range(200)])
    dims = list(AccessDimension.values)
    today = date.today()
    batch, rows = [], []
    for i in range(n_barriers):
        service = services[rng.randrange(min(len(services), 2000))]
        collective = collectives[rng.randrange(200)] if rng.random() < 0.5 else None
        chosen = sorted(set(rng.sample(dims, rng.randint(1, 2))))
        batch.append(Signal(network=network, family=families[rng.randrange(len(families))],
                            recorded_by=worker, organisation=org, provider_id=service.provider_id,
                            service=service, life_domain=rng.choice(domains),
                            dimensions="," + ",".join(chosen) + ",",
                            description="drempel", collective=collective,
                            observed_on=today - timedelta(days=rng.randint(0, 365))))
        if len(batch) == 5000 or i == n_barriers - 1:
            Signal.objects.bulk_create(batch)
            rows = [SignalDimension(signal=s, dimension=d, network_id=network.pk,
                                    family_id=s.family_id, provider_id=s.provider_id,
                                    service_id=s.service_id, life_domain=s.life_domain,
                                    observed_on=s.observed_on, collective_id=s.collective_id)
                    for s in batch for d in s.dimension_list]
            SignalDimension.objects.bulk_create(rows, batch_size=5000)
            batch = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return network, worker


def _client_run(args):
    """One client in its own process (as behind gunicorn workers): its own connection."""
    worker_pk, urls, k, per_client = args
    connections.close_all()
    client = Client()
    client.force_login(Worker.objects.get(pk=worker_pk).user)
    mine = []
    for j in range(per_client):
        url = urls[(k + j) % len(urls)]
        t0 = time.perf_counter()
        response = client.get(url)
        mine.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, url
    connections.close_all()
    return mine


def measure(worker, urls, clients: int, per_client: int) -> list[float]:
    """`clients` processes request at the same time; every request is timed."""
    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(clients) as pool:
        results = pool.map(_client_run, [(worker.pk, urls, k, per_client)
                                         for k in range(clients)])
    return [t for r in results for t in r]


def p95(values):
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=20000)
    parser.add_argument("--barriers", type=int, default=200000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10, help="per client")
    args = parser.parse_args()
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        sys.exit("Point DATABASE_URL at a throwaway PostgreSQL database (it is flushed).")
    rng = random.Random(42)
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    network, worker = fill(args.services, args.barriers, rng)
    fill_s = time.perf_counter() - t0

    search_urls = ["/sociale-kaart/?q=woning", "/sociale-kaart/?domain=huisvesting",
                   "/sociale-kaart/?q=budget+werk&domain=werk", "/sociale-kaart/?postcode=9012",
                   "/sociale-kaart/?q=huurwaarborg&wijk=Wijk+3", "/sociale-kaart/?page=50"]
    bundle_urls = ["/signalen/", "/signalen/?dimension=betaalbaar",
                   "/signalen/?life_domain=huisvesting&date_from=2025-01-01",
                   "/signalen/suggesties/", "/signalen/?status=new&dimension=bekend"]
    search = measure(worker, search_urls, args.clients, args.requests)
    bundle = measure(worker, bundle_urls, args.clients, args.requests)

    tables = directory_services.hsds_tables(network)
    doc = hsds.to_json(tables)
    other = Network.objects.create(name="Bench import")
    org2 = Organisation.objects.create(network=other, name="HvK", short_name="HvK", kind="other")
    user2 = get_user_model().objects.create_user("bench2", password="x")
    coord2 = Worker.objects.create(user=user2, organisation=org2, display_name="C",
                                   roles=",coordinator,")
    t1 = time.perf_counter()
    result = directory_services.hsds_import(actor=coord2, tables=hsds.parse_json(doc))
    import_s = time.perf_counter() - t1
    assert result.ok, result.errors[:5]

    print(f"\nBrug network benchmark on {connection.vendor}: {args.services} services, "
          f"{args.barriers} barriers, {args.clients} concurrent clients (fill {fill_s:.1f} s)")
    print(f"{'measure':<34}{'n':>6}{'median ms':>12}{'p95 ms':>10}{'target':>12}")
    for name, values in (("directory search (page)", search), ("signal bundle (page)", bundle)):
        print(f"{name:<34}{len(values):>6}{statistics.median(values):>12.1f}"
              f"{p95(values):>10.1f}{'< 100':>12}")
    print(f"{'HSDS import (JSON)':<34}{len(tables['services']):>6}{'':>12}"
          f"{import_s * 1000:>10.0f}{'< 30000':>12}")


if __name__ == "__main__":
    main()
