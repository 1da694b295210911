"""The caseload's roster (who carries a caseload, the programmes) is kept per version of the
workers, organisations and programmes, and follows every committed change; PostgreSQL only
(elsewhere it is read on every page)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brug.core import versions
from brug.network.models import Organisation, Worker
from brug.trajectories.models import Programme
from tests.conftest import login, make_worker

pytestmark = [pytest.mark.skipif("connection.vendor != 'postgresql'"),
              pytest.mark.django_db(transaction=True)]


def _table(page: bytes) -> str:
    return re.search(r"<table.*</table>", page.decode(), re.S).group()


def test_every_table_the_roster_reads_raises_its_version():
    assert {"network_worker", "network_organisation", "trajectories_programme"} <= (
        versions.tables_with_triggers("roster"))


def test_the_roster_is_kept_until_a_committed_change_and_follows_each(world):
    Programme.objects.create(network=world.network, name="VONK")
    client = login(world.cora)
    url = reverse("trajectories:caseload")
    first = client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url)
    assert _table(again.content) == _table(first.content)
    # The session, the user with its worker, the roster's version, the page's totals:
    # nothing recomputed.
    assert len(ctx.captured_queries) == 4

    changes = [
        ("Alice Vermeulen", lambda: Worker.objects.filter(pk=world.alice.pk).update(
            display_name="Alice Vermeulen")),
        ("Nieuwe Collega", lambda: make_worker("nieuw", world.home, "supporter",
                                               "Nieuwe Collega")),
        ("OCMW Noord", lambda: Organisation.objects.filter(pk=world.home.pk).update(
            short_name="OCMW Noord")),
        ("MISSION", lambda: Programme.objects.create(network=world.network, name="MISSION",
                                                     caseload_cap=16)),
    ]
    for shown, change in changes:
        assert shown not in client.get(url).content.decode()  # kept before the change
        change()  # committed at once (autocommit)
        assert shown in client.get(url).content.decode(), shown
    Worker.objects.filter(pk=world.alice.pk).update(active=False)
    assert "Alice Vermeulen" not in client.get(url).content.decode()
