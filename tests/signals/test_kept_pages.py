"""The bundle and the suggestions are computed once per version of the signals' data
(`brug.core.versions`) and follow every committed change; PostgreSQL only (elsewhere nothing
is kept)."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brug.core import versions
from brug.directory.models import Provider
from brug.signals import services
from brug.signals.models import CollectiveSignal, Meeting, Signal
from tests.conftest import login, make_worker
from tests.signals.test_bundle import barriers  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.skipif("connection.vendor != 'postgresql'"),
              pytest.mark.django_db(transaction=True)]


def _main(page: bytes) -> str:
    return re.search(r"<main.*</main>", page.decode(), re.S).group()


def test_every_table_the_bundle_reads_raises_its_version():
    own = {m._meta.db_table for m in apps.get_app_config("signals").get_models(
        include_auto_created=True)}
    shown = {"directory_provider", "directory_service", "directory_accessibilityreport",
             "directory_accessibilityscore"}
    assert own | shown <= versions.tables_with_triggers("signals")


def test_the_bundle_is_kept_until_a_committed_change_and_follows_each(barriers):  # noqa: F811
    w = barriers
    client = login(w.cora)
    url = reverse("signals:bundle")
    first = client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url)
    assert _main(again.content) == _main(first.content)
    assert len(ctx.captured_queries) == 2  # session with its user, version: nothing recomputed

    provider = Provider.objects.get(name="Vzw Brood")
    collective = CollectiveSignal.objects.get(pk=w.collective.pk)
    changes = [
        ("Vzw Brood en Soep", lambda: Provider.objects.filter(pk=provider.pk).update(
            name="Vzw Brood en Soep")),
        ("Huurwaarborg te hoog", lambda: CollectiveSignal.objects.filter(
            pk=collective.pk).update(title="Huurwaarborg te hoog")),
        ("Overleg van december", lambda: Meeting.objects.create(
            network=w.network, title="Overleg van december", held_on=timezone.localdate(),
            created_by=w.cora)),
        ("een nieuwe drempel", lambda: services.barrier_record(
            actor=w.alice, family=w.families[0], signal=Signal(
                service=w.svc_a, life_domain="huisvesting", description="een nieuwe drempel",
                observed_on=timezone.localdate(), collective=collective),
            dimensions=["betaalbaar"])),
    ]
    for shown, change in changes:
        assert shown not in client.get(url).content.decode()  # kept before the change
        change()  # committed at once (autocommit)
        assert shown in client.get(url).content.decode(), shown


def test_kept_suggestions_carry_each_viewer_own_token(barriers):  # noqa: F811
    w = barriers
    other = make_worker("cor2", w.hub, "coordinator", "Coby Coppens")
    url = reverse("signals:suggestions")
    login(w.cora).get(url)  # computed and kept
    client = Client(enforce_csrf_checks=True)
    client.force_login(other.user)
    page = client.get(url).content.decode()
    assert "<csrf>" not in page
    form = re.search(r'<form method="post".*?</form>', page, re.S).group()
    fields = dict(re.findall(r'name="(\w+)"\s+value="([^"]*)"', form))
    target = reverse("signals:add-group", args=[w.collective.pk])
    assert client.post(target, {**fields, "csrfmiddlewaretoken": "x" * 64}).status_code == 403
    assert client.post(target, fields).status_code != 403  # the token is this viewer's
