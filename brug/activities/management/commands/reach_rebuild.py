"""Recount the kept counts of the reach report (`activities.reach.rebuild`) from the raw rows.

    manage.py reach_rebuild [--network ID_OR_NAME]

After data was written around the services (a shell, the admin, a restore of some tables, a
bulk load): the services keep the counts themselves. Each network is recounted in its own
transaction, after renewing its reach token: that takes the network's turn (writes through
the services wait, so nothing is counted twice or missed) and drops the cached counts.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from brug.activities import reach
from brug.network.models import Network


class Command(BaseCommand):
    help = "Recount the reach report's kept counts of one network, or of all."

    def add_arguments(self, parser):
        parser.add_argument("--network", help="the network's id or exact name (default: all)")

    def handle(self, *args, **options):
        chosen = options.get("network")
        networks = Network.objects.order_by("pk")
        if chosen:
            networks = networks.filter(pk=int(chosen)) if chosen.isdecimal() and \
                len(chosen) < 19 else networks.filter(name=chosen)
            if not networks.exists():
                raise CommandError(f"No network {chosen!r} (give its id or exact name).")
        for network in networks:
            started = time.perf_counter()
            with transaction.atomic():
                reach.changed(network.pk)
                rows = reach.rebuild(network.pk)
            self.stdout.write(f"{network.pk} {network.name}: {rows} kept counts in "
                              f"{time.perf_counter() - started:.1f} s")
