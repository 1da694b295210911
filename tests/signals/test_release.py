"""A barrier's free text reaches the network only after a coordinator released it, and a
text naming a member of the family is refused — when typed and when released."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brug.core.models import AuditEvent
from brug.signals import services
from brug.signals.models import CollectiveSignal, Meeting, Signal
from tests.conftest import login, make_family, make_worker
from tests.network_world import make_service

SECRET = "Wachtte drie uur aan het loket met de kinderwagen"


@pytest.fixture
def collective(world):
    """Three families' barriers in one collective signal on a meeting's agenda, one of them
    with a text nobody has released yet."""
    w = world
    w.service = make_service(w.network, org=w.partner_org, name="Woonloket")
    w.meeting = Meeting.objects.create(network=w.network, held_on=timezone.localdate(),
                                       title="Overleg", created_by=w.cora)
    w.collective = CollectiveSignal.objects.create(network=w.network, title="Huurwaarborg",
                                                   created_by=w.cora, meeting=w.meeting)
    families = [w.family] + [make_family(w.home, w.alice, f"Gezin {i}") for i in range(2)]
    w.barriers = [services.barrier_record(actor=w.alice, family=f, signal=Signal(
        service=w.service, life_domain="huisvesting",
        description=SECRET if f == w.family else "Lange wachtrij", observed_on=timezone.localdate(),
        collective=w.collective), dimensions=["betaalbaar"]) for f in families]
    w.barrier = w.barriers[0]
    return w


def _outputs(w) -> dict[str, str]:
    client = login(w.charlie)
    return {name: client.get(url).content.decode() for name, url in (
        ("bundle", reverse("signals:bundle")),
        ("export", reverse("signals:export")),
        ("agenda", reverse("signals:agenda", args=[w.meeting.pk])),
        ("collective", reverse("signals:collective", args=[w.collective.pk])))}


def _release_url(barrier) -> str:
    return reverse("signals:release", args=[barrier.pk])


def test_an_unreleased_description_is_counted_but_never_shown(collective):
    w = collective
    for name, body in _outputs(w).items():
        assert SECRET not in body, name
    assert "3 gezinnen" in _outputs(w)["bundle"]


def test_a_released_description_reaches_the_bundle_its_export_and_the_agenda(collective):
    w = collective
    response = login(w.cora).post(_release_url(w.barrier), {
        "description": SECRET, "version": w.barrier.version})
    assert response.status_code == 302
    for name, body in _outputs(w).items():
        assert SECRET in body, name
    b = Signal.objects.get(pk=w.barrier.pk)
    assert b.released_by == w.cora and b.released_at is not None
    event = AuditEvent.objects.latest("id")
    assert (event.family_id, event.category, event.action) == (
        w.family.pk, "domain_notes", "change")
    assert "vrijgegeven" in event.detail


def test_the_coordinator_may_correct_the_text_while_releasing_it(collective):
    w = collective
    login(w.cora).post(_release_url(w.barrier), {
        "description": "Lange wachttijd aan het loket", "version": w.barrier.version})
    assert Signal.objects.get(pk=w.barrier.pk).description == "Lange wachttijd aan het loket"
    assert "Lange wachttijd aan het loket" in _outputs(w)["bundle"]
    assert SECRET not in _outputs(w)["bundle"]
    assert "aangepast" in AuditEvent.objects.latest("id").detail


@pytest.mark.parametrize("text", ["Mira wachtte drie uur", "mevrouw TEST wachtte", "ode: te duur"])
def test_a_release_naming_a_family_member_is_refused(collective, text):
    w = collective
    response = login(w.cora).post(_release_url(w.barrier), {
        "description": text, "version": w.barrier.version})
    body = response.content.decode()
    assert response.status_code == 200
    assert "De beschrijving noemt een gezinslid" in body
    assert text in body  # what the coordinator typed is kept
    b = Signal.objects.get(pk=w.barrier.pk)
    assert b.released_at is None and b.description == SECRET


def test_the_review_list_shows_unreleased_texts_to_coordinators_only(collective):
    w = collective
    review = reverse("signals:review")
    for worker in (w.alice, w.bob, w.charlie, w.olga, w.vera, w.adam):
        assert login(worker).get(review).status_code == 404, worker
        assert login(worker).post(_release_url(w.barrier), {
            "description": "x", "version": w.barrier.version}).status_code == 404, worker
    reads = AuditEvent.objects.filter(family_id=w.family.pk, action="view").count()
    page = login(w.cora).get(review).content.decode()
    assert SECRET in page and w.family.display_name not in page
    # Reading a family's words before release is a read of its dossier data.
    assert AuditEvent.objects.filter(family_id=w.family.pk, action="view").count() == reads + 1
    login(w.cora).post(_release_url(w.barrier), {"description": SECRET,
                                                 "version": w.barrier.version})
    assert SECRET not in login(w.cora).get(review).content.decode()


def test_a_stale_release_is_refused(collective):
    w = collective
    services.barrier_update(actor=w.alice, family=w.family, signal=w.barrier,
                            dimensions=["betaalbaar"], expected_version=w.barrier.version)
    response = login(w.cora).post(_release_url(w.barrier), {
        "description": SECRET, "version": w.barrier.version - 1})
    body = response.content.decode()
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in body
    assert Signal.objects.get(pk=w.barrier.pk).released_at is None
    # The form now carries the current version: releasing again, deliberately, works.
    assert f'name="version" value="{w.barrier.version}"' in body
    assert login(w.cora).post(_release_url(w.barrier), {
        "description": SECRET, "version": w.barrier.version}).status_code == 302


def test_a_refused_release_beyond_the_first_page_keeps_what_was_typed(collective):
    w = collective
    last = None
    for i in range(12):
        last = services.barrier_record(actor=w.alice, family=w.family, signal=Signal(
            service=w.service, life_domain="huisvesting", description=f"Drempel nummer {i}",
            observed_on=timezone.localdate()), dimensions=["bekend"])
    response = login(w.cora).post(_release_url(last), {
        "description": "Mira kon niet mee, nummer 11", "version": last.version})
    body = response.content.decode()
    assert "De beschrijving noemt een gezinslid" in body
    assert "Mira kon niet mee, nummer 11" in body


def test_a_correction_of_the_text_takes_the_release_back(collective):
    w = collective
    services.barrier_release(actor=w.cora, signal=w.barrier, description=SECRET,
                             expected_version=w.barrier.version)
    w.barrier.refresh_from_db()
    response = login(w.alice).post(
        reverse("signals:barrier-edit", args=[w.family.pk, w.barrier.pk]), {
            "version": w.barrier.version, "service": w.service.pk, "provider": "",
            "life_domain": "huisvesting", "dimension_choices": ["betaalbaar"],
            "description": "Een nieuwe tekst, nog niet nagekeken"})
    assert response.status_code == 302
    assert Signal.objects.get(pk=w.barrier.pk).released_at is None
    bundle = _outputs(w)["bundle"]
    assert "Een nieuwe tekst" not in bundle and SECRET not in bundle


@pytest.mark.parametrize("text", ["Mira kreeg geen afspraak", "De brief voor mevrouw test",
                                  "ODE mocht niet mee"])
def test_the_barrier_form_refuses_a_name_of_a_family_member(world, text):
    service = make_service(world.network, org=world.partner_org)
    response = login(world.alice).post(reverse("signals:family", args=[world.family.pk]), {
        "service": service.pk, "life_domain": "huisvesting", "dimension_choices": ["betaalbaar"],
        "description": text, "observed_on": timezone.localdate().isoformat()})
    body = response.content.decode()
    assert response.status_code == 200
    assert "De beschrijving noemt een gezinslid" in body and text in body
    assert not Signal.objects.exists()


def test_a_name_inside_another_word_is_not_a_name(world):
    service = make_service(world.network, org=world.partner_org)
    response = login(world.alice).post(reverse("signals:family", args=[world.family.pk]), {
        "service": service.pk, "life_domain": "huisvesting", "dimension_choices": ["betaalbaar"],
        "description": "Testen kon pas na een maand; de methode was onduidelijk",
        "observed_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert Signal.objects.get().released_at is None


def test_the_correction_form_refuses_a_name_of_a_family_member(collective):
    w = collective
    coordinator = make_worker("cas", w.home, "coordinator")
    response = login(coordinator).post(
        reverse("signals:barrier-edit", args=[w.family.pk, w.barrier.pk]), {
            "version": w.barrier.version, "service": w.service.pk, "provider": "",
            "life_domain": "huisvesting", "dimension_choices": ["betaalbaar"],
            "description": "Mira Test wachtte drie uur"})
    assert response.status_code == 200
    assert "De beschrijving noemt een gezinslid (Mira, Test)" in response.content.decode()
    assert Signal.objects.get(pk=w.barrier.pk).description == SECRET


def test_the_barrier_form_offers_a_narrowed_list_and_accepts_any_service(world):
    """A network has thousands of services: the form lists at most SHOWN, narrowed by the
    search box, and still records a barrier on a service that is not in the list shown."""
    from brug.signals.forms import BarrierForm

    services = [make_service(world.network, org=world.partner_org, name=f"Dienst {i:03}")
                for i in range(BarrierForm.SHOWN + 5)]
    hidden = services[-1]
    client = login(world.alice)
    url = reverse("signals:family", args=[world.family.pk])
    page = client.get(url).content.decode()
    assert "De lijsten tonen niet alles" in page
    assert f'value="{hidden.pk}"' not in page
    found = client.get(url, {"dienst": "Dienst 104"}).content.decode()
    assert f'value="{hidden.pk}"' in found
    assert f'value="{services[0].pk}"' not in found
    response = client.post(url, {"service": hidden.pk, "life_domain": "werk",
                                 "dimension_choices": ["betaalbaar"],
                                 "description": "Te duur.", "observed_on": "2026-01-05"})
    assert response.status_code == 302
    assert Signal.objects.filter(family_id=world.family.pk, service=hidden).exists()


def test_the_barrier_form_lists_are_shared_by_the_network_and_follow_its_writes(world):
    """The unbound form's lists are cached per network: a second worker's tab reads none of
    them, and a new collective signal is offered at once."""
    make_service(world.network, org=world.partner_org, name="Woonloket")
    url = reverse("signals:family", args=[world.family.pk])
    assert "Woonloket" in login(world.alice).get(url).content.decode()
    bob = login(world.bob)
    with CaptureQueriesContext(connection) as ctx:
        body = bob.get(url).content.decode()
    assert "Woonloket" in body and "Drempel vastleggen" in body
    lists = [q["sql"] for q in ctx.captured_queries
             if 'FROM "directory_' in q["sql"] or 'FROM "signals_collectivesignal"' in q["sql"]]
    assert lists == []
    services.collective_create(actor=world.cora,
                               collective=CollectiveSignal(title="Wachtlijst kinderopvang"))
    assert "Wachtlijst kinderopvang" in bob.get(url).content.decode()
