"""The counts the bundle keeps (families and barriers per collective signal, per suggestion
group) always equal a fresh count of the barriers, after every kind of change."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brug.families.retention import family_anonymise
from brug.signals import bundle, services
from brug.signals.models import (
    CollectiveDimensionCount,
    CollectiveSignal,
    Signal,
    SuggestionCount,
)
from tests.conftest import login, make_family
from tests.network_world import make_service

TODAY = timezone.localdate()


def fresh_collective_counts(network_id) -> dict[int, tuple[int, int]]:
    families, barriers = defaultdict(set), defaultdict(int)
    for s in Signal.objects.filter(network_id=network_id, collective__isnull=False):
        families[s.collective_id].add(s.family_id)
        barriers[s.collective_id] += 1
    return {pk: (len(families.get(pk, ())), barriers.get(pk, 0))
            for pk in CollectiveSignal.objects.filter(network_id=network_id)
            .values_list("pk", flat=True)}


def fresh_counts_per_b(network_id) -> dict[tuple[int, str], tuple[int, int]]:
    families, barriers = defaultdict(set), defaultdict(int)
    for s in Signal.objects.filter(network_id=network_id, collective__isnull=False):
        for d in s.dimension_list:
            families[(s.collective_id, d)].add(s.family_id)
            barriers[(s.collective_id, d)] += 1
    return {key: (len(families[key]), barriers[key]) for key in families}


def fresh_suggestion_counts(network_id) -> dict[tuple, tuple[int, int]]:
    """From the barriers themselves (not the one-row-per-B table the services keep)."""
    families, barriers = defaultdict(set), defaultdict(int)
    for s in Signal.objects.filter(network_id=network_id, collective__isnull=True):
        for d in s.dimension_list:
            families[(s.provider_id, s.service_id, d)].add(s.family_id)
            barriers[(s.provider_id, s.service_id, d)] += 1
    return {key: (len(families[key]), barriers[key]) for key in families}


def assert_counts_are_fresh(network_id) -> None:
    kept = {pk: (families, barriers) for pk, families, barriers in CollectiveSignal.objects
            .filter(network_id=network_id).values_list("pk", "family_count", "barrier_count")}
    assert kept == fresh_collective_counts(network_id)
    assert {(r.collective_id, r.dimension): (r.families, r.barriers) for r in
            CollectiveDimensionCount.objects.filter(collective__network_id=network_id)} \
        == fresh_counts_per_b(network_id)
    rows = SuggestionCount.objects.filter(network_id=network_id)
    kept_groups = {(r.provider_id, r.service_id, r.dimension): (r.families, r.barriers)
                   for r in rows}
    assert rows.count() == len(kept_groups)  # one row per group
    assert kept_groups == fresh_suggestion_counts(network_id)


@pytest.fixture
def place(world):
    world.svc = make_service(world.network, org=world.partner_org, name="Woonloket")
    world.other_svc = make_service(world.network, org=None, name="Voedselbank",
                                   provider_name="Vzw Brood")
    world.families = [world.family] + [make_family(world.home, world.alice, f"Gezin {i}")
                                       for i in range(4)]
    world.collective = CollectiveSignal.objects.create(network=world.network,
                                                       title="Huurwaarborg",
                                                       created_by=world.cora)
    return world


def record(w, family, *, collective=None, service=None, dimensions=("betaalbaar",),
           days_ago=0):
    return services.barrier_record(actor=w.alice, family=family, dimensions=list(dimensions),
                                   signal=Signal(service=service or w.svc,
                                                 life_domain="huisvesting",
                                                 description=f"drempel {family.display_name}",
                                                 observed_on=TODAY - timedelta(days=days_ago),
                                                 collective=collective))


def test_counts_follow_barriers_added_to_a_collective_signal(place):
    w = place
    assert_counts_are_fresh(w.network.pk)
    for i, family in enumerate(w.families[:3]):
        record(w, family, collective=w.collective, days_ago=i)
        assert_counts_are_fresh(w.network.pk)
    record(w, w.families[0], collective=w.collective)  # a second barrier of one family
    w.collective.refresh_from_db()
    assert (w.collective.family_count, w.collective.barrier_count) == (3, 4)
    assert_counts_are_fresh(w.network.pk)


def test_counts_follow_unassigned_barriers_and_their_move_into_a_signal(place):
    w = place
    for family in w.families[:4]:
        record(w, family, dimensions=["betaalbaar", "bekend"])
    record(w, w.families[0], service=w.other_svc, dimensions=["bekend"])
    assert_counts_are_fresh(w.network.pk)
    assert SuggestionCount.objects.get(service_id=w.svc.pk, dimension="bekend").families == 4
    # Moving the (Woonloket, betaalbaar) group moves these barriers' other B's along.
    moved = services.collective_add_group(actor=w.cora, collective=w.collective,
                                          provider_id=w.svc.provider_id, service_id=w.svc.pk,
                                          dimension="betaalbaar")
    assert moved == 4
    assert_counts_are_fresh(w.network.pk)
    assert not SuggestionCount.objects.filter(service_id=w.svc.pk).exists()
    w.collective.refresh_from_db()
    assert (w.collective.family_count, w.collective.barrier_count) == (4, 4)
    # A new signal made from a suggestion through the page.
    for family in w.families[1:4]:
        record(w, family, service=w.other_svc, dimensions=["bekend"])
    response = login(w.cora).post(reverse("signals:collective-create"), {
        "provider_id": w.other_svc.provider_id, "service_id": w.other_svc.pk,
        "group_dimension": "bekend", "title": "Voedselbank onbekend", "status": "new"})
    assert response.status_code == 302
    assert_counts_are_fresh(w.network.pk)
    assert CollectiveSignal.objects.get(title="Voedselbank onbekend").family_count == 4


def test_counts_follow_a_correction(place):
    w = place
    in_signal = [record(w, f, collective=w.collective) for f in w.families[:3]]
    loose = [record(w, f, dimensions=["betaalbaar", "bekend"]) for f in w.families[:4]]
    assert_counts_are_fresh(w.network.pk)
    # An unassigned barrier moves to another service and other B's.
    b = loose[0]
    b.service = w.other_svc
    services.barrier_update(actor=w.alice, family=b.family, signal=b,
                            dimensions=["bereikbaar"], expected_version=b.version)
    assert_counts_are_fresh(w.network.pk)
    assert SuggestionCount.objects.get(service_id=w.svc.pk, dimension="bekend").families == 3
    # A barrier in a collective signal is corrected.
    b = in_signal[1]
    b.life_domain = "voeding"
    services.barrier_update(actor=w.alice, family=b.family, signal=b,
                            dimensions=["bekend", "betaalbaar"], expected_version=b.version)
    assert_counts_are_fresh(w.network.pk)


def test_counts_follow_anonymisation_and_deletion(place):
    w = place
    for family in w.families[:4]:
        record(w, family, collective=w.collective)
        record(w, family, dimensions=["bekend"])
    assert_counts_are_fresh(w.network.pk)
    family_anonymise(family=w.families[3])
    assert_counts_are_fresh(w.network.pk)
    assert not Signal.objects.filter(family=w.families[3]).exclude(description="").exists()
    # Deleting a family (no service does, but a cascade may) takes its barriers out of the
    # counts in the same transaction.
    w.families[3].delete()
    assert_counts_are_fresh(w.network.pk)
    w.collective.refresh_from_db()
    assert w.collective.family_count == 3
    w.families[2].delete()
    assert_counts_are_fresh(w.network.pk)
    w.collective.refresh_from_db()
    assert w.collective.family_count == 2
    # Now under 3: gone from the bundle, its agenda and its detail page.
    assert bundle.collective_groups(w.network.pk, bundle.BundleFilter()) == []
    assert bundle.suggested_groups(w.network.pk, bundle.BundleFilter()) == []
    detail = login(w.alice).get(reverse("signals:collective", args=[w.collective.pk]))
    assert "niet getoond" in detail.content.decode()


def test_the_rebuild_gives_the_same_counts(place):
    w = place
    for i, family in enumerate(w.families):
        record(w, family, collective=w.collective if i % 2 else None,
               dimensions=["betaalbaar", "bekend"][: 1 + i % 2])
    before = (fresh_collective_counts(w.network.pk), fresh_suggestion_counts(w.network.pk))
    CollectiveSignal.objects.update(family_count=0, barrier_count=0)
    CollectiveDimensionCount.objects.all().delete()
    SuggestionCount.objects.all().delete()
    bundle.bundle_counts_rebuild(w.network.pk)
    assert_counts_are_fresh(w.network.pk)
    assert (fresh_collective_counts(w.network.pk), fresh_suggestion_counts(w.network.pk)) \
        == before


def test_a_barrier_at_a_service_counts_at_the_service_own_organisation(place):
    """A barrier names a service and, by mistake, another organisation: it is kept at the
    service's own organisation (as a correction does), so it groups with its service."""
    w = place
    barrier = services.barrier_record(
        actor=w.alice, family=w.family, dimensions=["betaalbaar"],
        signal=Signal(service=w.svc, provider=w.other_svc.provider, life_domain="huisvesting",
                      description="verkeerde organisatie", observed_on=TODAY))
    barrier.refresh_from_db()
    assert barrier.provider_id == w.svc.provider_id
    assert_counts_are_fresh(w.network.pk)
