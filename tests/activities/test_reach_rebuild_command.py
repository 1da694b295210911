"""manage.py reach_rebuild: the kept counts of one network (or of all) recounted from the raw
rows, and the network's cached counts dropped."""

from __future__ import annotations

import io
from datetime import date, time

import pytest
from django.core.management import CommandError, call_command

from brug.activities import services
from brug.activities.models import Activity, Neighbourhood, ReachCount, ReachVersion, Session
from brug.network.models import Network
from tests.conftest import make_family

pytestmark = pytest.mark.django_db


def rows(network):
    return sorted(ReachCount.objects.filter(network=network).values_list(
        "grouping", "group_id", "grain", "starts", "families", "sessions", "adults",
        "children"))


def run(*args):
    out = io.StringIO()
    call_command("reach_rebuild", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def counted(world):
    hood = Neighbourhood.objects.create(network=world.network, name="Molenhoek",
                                        young_children=200)
    activity = services.activity_create(actor=world.alice, activity=Activity(
        name="Spelotheek", kind="spelotheek", place="Bib", neighbourhood=hood),
        organisers=[world.home])
    services.sessions_generate(actor=world.alice, activity=activity, first=date(2025, 3, 3),
                               until=date(2025, 3, 17), every_weeks=1, starts_at=time(10),
                               ends_at=time(12))
    for i, session in enumerate(Session.objects.filter(activity=activity)):
        family = make_family(world.home, world.alice, name=f"Gezin R{i}")
        services.attendance_record(actor=world.alice, session=session, family=family)
    return rows(world.network)


def test_it_recounts_one_network_and_renews_its_token(world, counted):
    other = Network.objects.create(name="Ander netwerk")
    stray = ReachCount.objects.create(network=other, grouping="activity", group_id=999,
                                      grain="year", starts=date(2025, 1, 1), families=7)
    ReachCount.objects.filter(network=world.network, grain="month").delete()
    ReachCount.objects.filter(network=world.network, grain="year").update(families=99)
    token = ReachVersion.objects.get(network=world.network).token
    out = run("--network", str(world.network.pk))
    assert rows(world.network) == counted
    assert f"{world.network.pk} {world.network.name}: 6 kept counts" in out
    assert ReachVersion.objects.get(network=world.network).token != token
    assert ReachCount.objects.filter(pk=stray.pk).exists()  # another network: untouched
    run("--network", "Ander netwerk")  # by name: its rows are recounted (none are left)
    assert not ReachCount.objects.filter(network=other).exists()


def test_without_a_network_it_recounts_all(world, counted):
    ReachCount.objects.filter(network=world.network).delete()
    run()
    assert rows(world.network) == counted


@pytest.mark.parametrize("network", ["Onbekend", "987654", "9" * 30])
def test_an_unknown_network_is_refused(world, network):
    with pytest.raises(CommandError):
        run("--network", network)
