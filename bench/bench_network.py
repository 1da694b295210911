"""Benchmark: directory search, the signal bundle and the HSDS import (issue 5).

Fills a PostgreSQL database of its own (once; COPY) with a sociale kaart of 20 000 services
and 200 000 barriers met by families, serves Brug with gunicorn and measures with 20
concurrent clients:

- the directory search (`/sociale-kaart/`) by life domain, by text, by postcode, and a later
  page of the whole list;
- the signal bundle (`/signalen/`) without filters, a later page, with filters (a B, a life
  domain and a period, a status and a B), and the suggestions for new collective signals.

Target: p95 < 100 ms. Then it exports the directory as HSDS JSON and times its import into
another network, in-process (target < 30 s for 20 000 services); the imported copy is removed
again so the database stays as filled. A database filled with other sizes, or more than 30
days ago, is filled again; `--refill` forces it.

    .venv/bin/python bench/bench_network.py [--services 20000] [--barriers 200000] \\
        [--requests 60] [--refill]

Database: BENCH_DATABASE_URL (default brug_bench_network on the local server); gunicorn
workers BENCH_WORKERS (default one per core); port BENCH_PORT (default 8765). See bench/common.py.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import CLIENTS  # noqa: E402

BENCH = "network"
BENCH_DB = common.database_url("brug_bench_network")
NETWORK = "Bench sociale kaart"
IMPORT_NETWORK = "Bench HSDS-import"
FILL_VERSION = 1  # bump when the fill changes, so filled databases are filled again
COLLECTIVES = 200
# What the fill loads with COPY (see common.bulk_load).
TABLES = ["directory_provider", "directory_service", "directory_location",
          "directory_serviceatlocation", "directory_language", "families_family",
          "signals_signal", "signals_signaldimension"]
WORDS = ["woning", "budget", "opvoeding", "kinderopvang", "werk", "gezondheid", "school",
         "voeding", "speelgoed", "ontmoeting", "juridisch", "vervoer", "tolk", "huurwaarborg"]
BARRIERS = ["De wachttijd was te lang", "Het formulier was alleen online",
            "Niemand sprak een taal die de moeder begrijpt", "De bus rijdt er niet meer",
            "Het eigen aandeel was te hoog", "Het gezin wist niet dat het bestond"]
POSTCODES = [str(9000 + k) for k in range(60)]
NEIGHBOURHOODS = 30


def _sizes(args) -> str:
    return f"services={args.services} barriers={args.barriers} (fill v{FILL_VERSION})"


def fill(args) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from brug.directory.models import AccessDimension, LifeDomain, Service
    from brug.network.models import Network, Organisation, Worker
    from brug.signals.models import CollectiveSignal, CollectiveStatus

    n_services, n_barriers = args.services, args.barriers
    rng = random.Random(42)
    now = datetime.now(UTC)
    today = date.today()
    steps = common.Steps()
    done = steps.done

    print(f"filling {_sizes(args)}", flush=True)
    with transaction.atomic():
        network = Network.objects.create(name=NETWORK)
        orgs = [Organisation.objects.create(network=network, name=name, short_name=short,
                                            kind=kind)
                for name, short, kind in (("OCMW Benchstad", "OCMW", "ocmw"),
                                          ("CAW Bench", "CAW", "caw"),
                                          ("Kind en Gezin Bench", "K&G", "kind_en_gezin"),
                                          ("CLB Bench", "CLB", "clb"),
                                          ("Huis van het Kind", "HvK", "other"))]
        User = get_user_model()
        users = User.objects.bulk_create(
            [User(username=f"netw{i}", password="!") for i in range(CLIENTS)])
        workers = Worker.objects.bulk_create(
            [Worker(user=u, organisation=orgs[i % len(orgs)], display_name=f"Coördinator {i}",
                    roles=",supporter,coordinator,") for i, u in enumerate(users)])
    done("network, workers")

    domains = list(LifeDomain.values)
    dims = list(AccessDimension.values)
    with transaction.atomic(), connection.cursor() as cur, common.bulk_load(cur, TABLES):
        p0 = common.next_id(cur, "directory_provider")
        s0 = common.next_id(cur, "directory_service")
        l0 = common.next_id(cur, "directory_location")
        n_providers = max(1, n_services // 40)
        provider_names = [f"Aanbieder {i}" for i in range(n_providers)]
        common.copy_rows(cur, "directory_provider", "id, version, created_at, updated_at, "
                         "hsds_id, network_id, name, description, email, website",
                         ((p0 + i, 1, now, now, str(uuid.UUID(int=rng.getrandbits(128))),
                           network.pk, name, "", "", "")
                          for i, name in enumerate(provider_names)))

        # Service i: provider i % providers, one location (l0 + i) in one of 60 postcodes,
        # Dutch spoken; search_text exactly as the model computes it.
        def services():
            for i in range(n_services):
                s = Service(name=f"Dienst {i} {rng.choice(WORDS)}",
                            description=" ".join(rng.choice(WORDS) for _ in range(12)),
                            life_domains="," + ",".join(sorted(set(rng.sample(domains, 2))))
                            + ",")
                s.refresh_search_text(provider_names[i % n_providers])
                yield (s0 + i, 1, now, now, str(uuid.UUID(int=rng.getrandbits(128))),
                       network.pk, p0 + i % n_providers, s.name, "", s.description, "", "",
                       "active" if i % 25 else "inactive", "", "", "", "", s.life_domains,
                       s.search_text)

        common.copy_rows(cur, "directory_service", "id, version, created_at, updated_at, "
                         "hsds_id, network_id, provider_id, name, alternate_name, description, "
                         "url, email, status, fees_description, eligibility_description, "
                         "application_process, interpretation_services, life_domains, "
                         "search_text", services())
        common.copy_rows(cur, "directory_location", "id, version, created_at, updated_at, "
                         "hsds_id, network_id, provider_id, name, description, transportation, "
                         "address_1, city, postal_code, neighbourhood, country",
                         ((l0 + i, 1, now, now, str(uuid.UUID(int=rng.getrandbits(128))),
                           network.pk, p0 + i % n_providers, f"Loket {i}", "", "",
                           f"Stationsstraat {i % 150 + 1}", "Benchstad",
                           POSTCODES[i % len(POSTCODES)], f"Wijk {i % NEIGHBOURHOODS}", "BE")
                          for i in range(n_services)))
        common.copy_rows(cur, "directory_serviceatlocation",
                         "hsds_id, service_id, location_id, description",
                         ((str(uuid.UUID(int=rng.getrandbits(128))), s0 + i, l0 + i, "")
                          for i in range(n_services)))
        common.copy_rows(cur, "directory_language", "hsds_id, service_id, name, code, note",
                         ((str(uuid.UUID(int=rng.getrandbits(128))), s0 + i, "Nederlands",
                           "nl", "") for i in range(n_services)))
        done(f"{n_providers} providers, {n_services} services with a location and a language")

        n_families = max(10, n_barriers // 40)
        f0 = common.next_id(cur, "families_family")
        common.copy_rows(cur, "families_family", "id, version, created_at, updated_at, "
                         "organisation_id, contact_worker_id, display_name, street_address, "
                         "postcode, municipality, neighbourhood, home_languages, "
                         "preferred_channel, phone, email",
                         ((f0 + i, 1, now, now, workers[i % CLIENTS].organisation_id,
                           workers[i % CLIENTS].pk, f"Gezin {i:06d}", "", POSTCODES[i % 60],
                           "Benchstad", "", "", "visit", "", "")
                          for i in range(n_families)))
        statuses = list(CollectiveStatus.values)
        # A collective signal is about one service, one B and one life domain.
        met_at = min(n_services, 2000)
        collectives = CollectiveSignal.objects.bulk_create(
            [CollectiveSignal(network=network, title=f"Signaal {i}", created_by=workers[0],
                              status=statuses[i % len(statuses)], dimension=dims[i % len(dims)],
                              life_domain=domains[i % len(domains)],
                              service_id=s0 + (7 * i) % met_at,
                              provider_id=p0 + (7 * i) % met_at % n_providers)
             for i in range(COLLECTIVES)])
        done(f"{n_families} families, {COLLECTIVES} collective signals")

        # Barriers are met at the first 2 000 services (so same service + same B groups of 3+
        # families exist). Half of them are already part of a collective signal, and then
        # mostly share its service, B and life domain.
        b0 = common.next_id(cur, "signals_signal")
        barriers = []
        for i in range(n_barriers):
            service = rng.randrange(met_at)
            chosen = set(rng.sample(dims, rng.randint(1, 2)))
            domain = rng.choice(domains)
            collective = collectives[rng.randrange(COLLECTIVES)] if rng.random() < 0.5 else None
            if collective is not None and rng.random() < 0.8:
                service = collective.service_id - s0
                chosen = {collective.dimension, rng.choice(dims)}
                domain = collective.life_domain
            recorder = workers[i % CLIENTS]
            barriers.append((b0 + i, network.pk, f0 + rng.randrange(n_families), recorder.pk,
                             recorder.organisation_id, p0 + service % n_providers, s0 + service,
                             domain, sorted(chosen), rng.choice(BARRIERS),
                             today - timedelta(days=rng.randint(0, 730)),
                             collective.pk if collective else None))
        common.copy_rows(cur, "signals_signal", "id, network_id, family_id, recorded_by_id, "
                         "organisation_id, provider_id, service_id, life_domain, dimensions, "
                         "description, observed_on, collective_id, created_at, version",
                         ((*b[:8], "," + ",".join(b[8]) + ",", *b[9:], now, 1)
                          for b in barriers))
        n_rows = common.copy_rows(
            cur, "signals_signaldimension", "signal_id, dimension, network_id, family_id, "
            "provider_id, service_id, life_domain, observed_on, collective_id",
            ((b[0], d, b[1], b[2], b[5], b[6], b[7], b[10], b[11])
             for b in barriers for d in b[8]))
        done(f"{n_barriers} barriers, {n_rows} barrier dimensions")
        common.reset_sequences(cur, ["directory_provider", "directory_service",
                                     "directory_location", "families_family", "signals_signal"])
    done("indexes rebuilt, foreign keys checked")
    from brug.signals.bundle import bundle_counts_rebuild

    bundle_counts_rebuild(network.pk)  # COPY bypassed the services that keep these counts
    done("bundle counts")
    with connection.cursor() as cur:
        for table in [*TABLES, "signals_collectivesignal", "signals_suggestioncount"]:
            cur.execute(f"vacuum analyze {table}")
    done("vacuum analyze")
    common.record_fill(BENCH, _sizes(args), today)
    steps.finished()


def bench_workers():
    from brug.network.models import Worker

    return list(Worker.objects.filter(organisation__network__name=NETWORK)
                .select_related("user", "organisation").order_by("id")[:CLIENTS])


def search_paths() -> dict[str, list[str]]:
    from brug.directory.models import LifeDomain

    def url(**params) -> str:
        return "/sociale-kaart/?" + urlencode(params)

    return {
        "search by life domain": [url(domain=d) for d in LifeDomain.values],
        "search by text": [url(q=w) for w in WORDS]
        + [url(q=f"{a} {b}") for a, b in zip(WORDS, WORDS[3:], strict=False)],
        "search by postcode": [url(postcode=p) for p in POSTCODES],
        "search, all services, page 50": [url(page=50)],
    }


def bundle_paths(network_id: int) -> dict[str, list[str]]:
    from brug.directory.models import AccessDimension, LifeDomain
    from brug.signals.models import CollectiveSignal

    half_year = (date.today() - timedelta(days=182)).isoformat()
    provider = CollectiveSignal.objects.filter(network_id=network_id).order_by("id")[0].provider_id
    return {
        "signal bundle (/signalen/)": ["/signalen/"],
        "signal bundle, page 3": ["/signalen/?page=3"],
        "signal bundle by B": [f"/signalen/?dimension={d}" for d in AccessDimension.values],
        "bundle by life domain + period": [
            f"/signalen/?life_domain={d}&date_from={half_year}" for d in LifeDomain.values],
        "bundle by status + B + provider": [
            f"/signalen/?status=new&dimension={AccessDimension.KNOWN}",
            f"/signalen/?status=agenda&dimension={AccessDimension.AFFORDABLE}",
            f"/signalen/?provider={provider}"],
        "suggestions (/signalen/suggesties/)": ["/signalen/suggesties/"],
    }


def show_what_pages_hold(worker, search: dict, bundle: dict) -> None:
    """What the measured pages show, so an empty result is not mistaken for a fast one."""
    from django.http import QueryDict

    from brug.directory import selectors
    from brug.signals import bundle as bundle_lib
    from brug.signals.forms import BundleFilterForm

    network_id = worker.organisation.network_id
    print("results per measured query (first / last variant):")
    for name, paths in search.items():
        counts = []
        for path in (paths[0], paths[-1]):
            q = QueryDict(path.split("?", 1)[1])
            counts.append(selectors.services_search(worker, selectors.DirectoryQuery(
                text=q.get("q", ""), life_domain=q.get("domain", ""),
                postcode=q.get("postcode", ""))).count())
        print(f"  {name}: {counts[0]} / {counts[1]} services")
    for name, paths in bundle.items():
        if "suggesties" in paths[0]:
            groups = bundle_lib.suggested_groups(network_id, bundle_lib.BundleFilter())
            print(f"  {name}: {len(groups)} suggested groups")
            continue
        counts = []
        for path in (paths[0], paths[-1]):
            form = BundleFilterForm(QueryDict(path.split("?", 1)[1] if "?" in path else ""),
                                    network_id=network_id)
            counts.append(len(bundle_lib.collective_groups(network_id, form.to_filter())))
        print(f"  {name}: {counts[0]} / {counts[1]} collective signals of 3+ families")


def time_hsds_import(network) -> tuple[int, float, float]:
    """Export the directory as HSDS JSON and import it into a network of its own.

    Returns (services, export seconds, import seconds). The imported copy is removed after.
    """
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
    # The copy leaves as many dead rows as the measured directory has live ones: without a
    # vacuum the next run would measure plans made on that state (a life domain's count
    # read the whole table, 26 ms instead of 1), not the directory.
    from django.db import connection

    with connection.cursor() as cur:
        for table in ("directory_service", "directory_location", "directory_serviceatlocation",
                      "directory_language", "directory_provider", "directory_schedule"):
            cur.execute(f"VACUUM ANALYZE {table}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--barriers", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=60, help="per client and page")
    parser.add_argument("--refill", action="store_true", help="fill again even when filled")
    args = parser.parse_args()
    common.ensure_database(BENCH_DB)
    common.setup_django(BENCH_DB)
    if common.needs_fill(BENCH, _sizes(args), refill=args.refill):
        fill(args)
    workers = bench_workers()
    network = workers[0].organisation.network
    search, bundle = search_paths(), bundle_paths(network.pk)
    show_what_pages_hold(workers[0], search, bundle)
    clients = common.sessions_for(workers)
    import loadgen

    n = args.requests
    rows = []
    with common.serving(BENCH_DB):
        common.measure([(c, common.spread([p for ps in search.values() for p in ps]
                                          + [p for ps in bundle.values() for p in ps], 3, k))
                        for k, c in enumerate(clients)])  # warm up
        for name, paths in (*search.items(), *bundle.items()):
            rows.append((name, common.measure(
                [(c, common.spread(paths, n, k)) for k, c in enumerate(clients)])))
    services, export_s, import_s = time_hsds_import(network)
    print("\n" + common.header(f"{args.services} services, {args.barriers} barriers"))
    print(loadgen.table(rows, target_ms=100))
    verdict = "ok" if import_s < 30 else "MISSED"
    print(f"\nHSDS import (JSON) of {services} services: {import_s:.1f} s (target < 30 s: "
          f"{verdict}); the export before it took {export_s:.1f} s")


if __name__ == "__main__":
    main()
