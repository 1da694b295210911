"""Kept results: computed once per version for every process, never across a change."""

import pytest
from django.db import connection, transaction

from brug.core import versions
from brug.signals.models import Meeting
from tests.conftest import make_worker

pytestmark = [pytest.mark.skipif("connection.vendor != 'postgresql'"),
              pytest.mark.django_db(transaction=True)]


def _network_and_coordinator(username):
    from brug.network.models import Network, Organisation

    network = Network.objects.create(name="Net")
    return network, make_worker(username, Organisation.objects.create(
        network=network, name="Huis", short_name="Huis", kind="hvhk"), "coordinator")


def _meeting(network, by):
    return Meeting.objects.create(network=network, title="Overleg", held_on="2026-11-20",
                                  created_by=by)


def test_a_result_is_computed_once_for_all_processes_and_again_after_a_change():
    network, cora = _network_and_coordinator("cora2")
    kept = versions.Kept("signals", "test-results")
    calls = []

    def compute():
        calls.append(1)
        return {"html": f"<p>{len(calls)}</p>"}

    first = kept.get(("a", 1), compute)
    kept.clear()  # as another process: nothing in its memory
    assert kept.get(("a", 1), compute) == first and len(calls) == 1  # from the shared table
    _meeting(network, cora)  # committed: a new version
    assert kept.get(("a", 1), compute) == {"html": "<p>2</p>"}
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM brug_kept WHERE domain = 'signals' AND version < %s",
                    [versions.current("signals")[1]])
        assert cur.fetchone()[0] == 0  # older versions' rows went when the version moved


def test_a_transaction_that_wrote_the_domain_keeps_nothing():
    network, cora = _network_and_coordinator("cora3")
    kept = versions.Kept("signals", "test-own")
    calls = []
    with transaction.atomic():
        _meeting(network, cora)
        assert versions.current("signals") is None
        kept.get("k", lambda: calls.append(1))
        kept.get("k", lambda: calls.append(1))
    assert len(calls) == 2
