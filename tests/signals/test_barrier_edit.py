"""Correcting a barrier: the author or a coordinator, while its collective signal is open."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from brug.core.models import AuditEvent
from brug.signals import services
from brug.signals.models import CollectiveSignal, CollectiveStatus, Signal, SignalDimension
from tests.conftest import login, make_worker
from tests.network_world import make_service


@pytest.fixture
def barrier(world):
    world.woon = make_service(world.network, org=world.partner_org, name="Woonloket")
    world.voedsel = make_service(world.network, org=None, name="Voedselbank",
                                 provider_name="Vzw Brood")
    return services.barrier_record(actor=world.alice, family=world.family, signal=Signal(
        service=world.woon, life_domain="huisvesting", description="Waarborg te hoog",
        observed_on=timezone.localdate()), dimensions=["betaalbaar"])


def edit_url(b):
    return reverse("signals:barrier-edit", args=[b.family_id, b.pk])


def form_data(b, **changes):
    data = {"version": b.version, "service": b.service_id or "", "provider": "",
            "life_domain": b.life_domain, "dimension_choices": b.dimension_list,
            "description": b.description}
    data.update(changes)
    return data


def test_the_author_corrects_service_domain_and_bs(world, barrier):
    response = login(world.alice).post(edit_url(barrier), form_data(
        barrier, service=world.voedsel.pk, life_domain="voeding",
        dimension_choices=["bereikbaar", "begrijpbaar"],
        description="Lange wachtrij buiten, iedereen hoorde alles."))
    assert response.status_code == 302
    b = Signal.objects.get(pk=barrier.pk)
    assert (b.service, b.provider) == (world.voedsel, world.voedsel.provider)
    assert b.life_domain == "voeding" and b.version == barrier.version + 1
    assert b.description.startswith("Lange wachtrij")
    # The bundle's grouping rows follow the correction.
    rows = SignalDimension.objects.filter(signal=b)
    assert sorted(rows.values_list("dimension", flat=True)) == ["begrijpbaar", "bereikbaar"]
    assert set(rows.values_list("provider_id", "service_id", "life_domain")) == {
        (world.voedsel.provider_id, world.voedsel.pk, "voeding")}
    event = AuditEvent.objects.latest("id")
    assert (event.family_id, event.category, event.action) == (
        world.family.pk, "domain_notes", "change")


def test_the_tab_links_to_the_correction_for_those_allowed(world, barrier):
    tab = reverse("signals:family", args=[world.family.pk])
    assert edit_url(barrier) in login(world.alice).get(tab).content.decode()
    assert edit_url(barrier) not in login(world.bob).get(tab).content.decode()


def test_a_colleague_who_is_not_the_author_may_not_correct(world, barrier):
    response = login(world.bob).post(edit_url(barrier), form_data(barrier, description="Bob"))
    assert response.status_code == 403
    assert login(world.bob).get(edit_url(barrier)).status_code == 403
    assert Signal.objects.get(pk=barrier.pk).description == "Waarborg te hoog"


def test_a_coordinator_with_access_to_the_family_may_correct(world, barrier):
    coordinator = make_worker("cas", world.home, "coordinator")
    response = login(coordinator).post(edit_url(barrier), form_data(
        barrier, description="Waarborg te hoog (zonder namen)"))
    assert response.status_code == 302
    assert Signal.objects.get(pk=barrier.pk).description == "Waarborg te hoog (zonder namen)"


def test_the_network_coordinator_without_access_to_the_family_gets_404(world, barrier):
    # Barriers are family data: the policy decides, also for coordinators.
    assert login(world.cora).get(edit_url(barrier)).status_code == 404


@pytest.mark.parametrize("status", [CollectiveStatus.RESOLVED, CollectiveStatus.NOT_PURSUED])
def test_no_correction_once_the_collective_signal_is_closed(world, barrier, status):
    collective = CollectiveSignal.objects.create(network=world.network, title="Waarborg",
                                                 created_by=world.cora, status=status)
    Signal.objects.filter(pk=barrier.pk).update(collective=collective)
    assert login(world.alice).get(edit_url(barrier)).status_code == 403
    response = login(world.alice).post(edit_url(barrier), form_data(barrier, description="X"))
    assert response.status_code == 403
    assert Signal.objects.get(pk=barrier.pk).description == "Waarborg te hoog"
    tab = login(world.alice).get(reverse("signals:family", args=[world.family.pk]))
    assert edit_url(barrier) not in tab.content.decode()


def test_an_open_collective_signal_keeps_its_barrier_after_a_correction(world, barrier):
    collective = CollectiveSignal.objects.create(network=world.network, title="Waarborg",
                                                 created_by=world.cora,
                                                 status=CollectiveStatus.AGENDA)
    services.collective_add_group(actor=world.cora, collective=collective,
                                  provider_id=barrier.provider_id, service_id=barrier.service_id,
                                  dimension="betaalbaar")
    barrier.refresh_from_db()
    response = login(world.alice).post(edit_url(barrier), form_data(
        barrier, dimension_choices=["betaalbaar", "bekend"]))
    assert response.status_code == 302
    assert set(SignalDimension.objects.filter(signal=barrier).values_list(
        "collective_id", flat=True)) == {collective.pk}
    assert Signal.objects.get(pk=barrier.pk).collective == collective


def test_a_stale_correction_is_refused_and_keeps_what_was_typed(world, barrier):
    first = form_data(barrier, description="Eerste correctie")
    second = form_data(barrier, description="Tweede correctie, intussen getypt")
    assert login(world.alice).post(edit_url(barrier), first).status_code == 302
    response = login(world.alice).post(edit_url(barrier), second)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in body
    assert "Tweede correctie, intussen getypt" in body
    assert Signal.objects.get(pk=barrier.pk).description == "Eerste correctie"
    # the page now carries the current version: saving again is deliberate and works
    assert response.context["form"]["version"].value() == str(barrier.version + 1)


def test_a_correction_needs_a_place_and_a_b(world, barrier):
    response = login(world.alice).post(edit_url(barrier), form_data(
        barrier, service="", dimension_choices=[]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kies de dienst of de organisatie" in body and "Kies minstens één B." in body
    assert Signal.objects.get(pk=barrier.pk).service == world.woon


def test_a_read_only_dossier_allows_no_correction(world, barrier):
    world.mandate.ended_on = timezone.localdate()
    world.mandate.end_reason = "verhuisd"
    world.mandate.save()
    assert login(world.alice).get(edit_url(barrier)).status_code == 403


def test_the_service_layer_refuses_a_correction_without_a_b_or_a_place(world, barrier):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.barrier_update(actor=world.alice, family=world.family, signal=barrier,
                                dimensions=[], expected_version=barrier.version)
    assert "Kies minstens één B." in exc.value.messages
    barrier.service, barrier.provider = None, None
    with pytest.raises(ValidationError):
        services.barrier_update(actor=world.alice, family=world.family, signal=barrier,
                                dimensions=["bekend"], expected_version=barrier.version)
    assert Signal.objects.get(pk=barrier.pk).dimension_list == ["betaalbaar"]
