"""Programme rule overrides: the worker asks, a coordinator of the network decides."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from brug.core.models import AuditEvent
from brug.trajectories.models import OverrideRequest, Trajectory
from tests.conftest import login, make_worker
from tests.trajectories.factories import vonk

TODAY = timezone.localdate()


def _open(client, world, programme, reason=""):
    return client.post(reverse("trajectories:open", args=[world.family.pk]), {
        "programme": programme.pk, "started_on": TODAY.isoformat(),
        "responsible": world.alice.pk, "override_reason": reason})


def test_a_worker_can_not_approve_her_own_override(world, as_alice):
    programme = vonk(world)
    form = as_alice.get(reverse("trajectories:open", args=[world.family.pk])).content.decode()
    assert "override_approved_by" not in form  # nobody picks "who approved" herself
    response = _open(as_alice, world, programme, reason="Screening volgt volgende week")
    assert response.status_code == 200
    assert "coördinatoren van het netwerk" in response.content.decode()
    assert not Trajectory.objects.exists()
    request = OverrideRequest.objects.get()
    assert (request.status, request.rules, request.requested_by) == (
        "pending", "kansarm", world.alice)
    # Posting it again does not open it either, nor make a second request.
    _open(as_alice, world, programme, reason="Screening volgt volgende week, echt")
    assert not Trajectory.objects.exists()
    assert OverrideRequest.objects.count() == 1


def test_the_coordinator_approves_and_the_worker_opens_once(world, as_alice):
    programme = vonk(world)
    _open(as_alice, world, programme, reason="Screening volgt volgende week")
    request = OverrideRequest.objects.get()
    cora = login(world.cora)
    page = cora.get(reverse("trajectories:overrides")).content.decode()
    assert "kansarmoede-index" in page
    # The reason is plan information. Cora (another organisation) does not see this family's
    # plan, but she must decide: she reads the reason of the waiting request, and that read
    # is recorded as a plan view of the family.
    assert "Screening volgt volgende week" in page
    read = AuditEvent.objects.get(family_id=world.family.pk, action="view",
                                  actor=world.cora.user)
    assert read.category == "plan" and f"nr. {request.pk}" in read.detail
    home_coordinator = make_worker("hanne", world.home, "coordinator", "Hanne Hermans")
    page = login(home_coordinator).get(reverse("trajectories:overrides")).content.decode()
    assert "Screening volgt volgende week" in page
    response = cora.post(reverse("trajectories:override-decide", args=[request.pk]),
                         {"decision": "approve", "version": request.version})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("approved", world.cora)
    assert AuditEvent.objects.filter(family_id=world.family.pk, action="change",
                                     detail__startswith="afwijking van VONK goedgekeurd").exists()
    # Decided: the reason shows again only to who sees the family's plan.
    page = cora.get(reverse("trajectories:overrides")).content.decode()
    assert "Screening volgt volgende week" not in page
    assert "vraag de reden aan Alice Aerts" in page
    assert AuditEvent.objects.filter(family_id=world.family.pk, action="view",
                                     actor=world.cora.user).count() == 1
    assert _open(as_alice, world, programme).status_code == 302
    trajectory = Trajectory.objects.get()
    assert trajectory.override_approved_by == world.cora
    assert trajectory.override_reason == "Screening volgt volgende week"
    request.refresh_from_db()
    assert request.status == "used"
    # The approval was used: a second trajectory needs a new one.
    trajectory.delete()
    assert _open(as_alice, world, programme).status_code == 200
    assert not Trajectory.objects.exists()


def test_a_refused_request_opens_nothing(world, as_alice):
    programme = vonk(world)
    _open(as_alice, world, programme, reason="Graag")
    request = OverrideRequest.objects.get()
    login(world.cora).post(reverse("trajectories:override-decide", args=[request.pk]),
                           {"decision": "refuse", "version": request.version})
    request.refresh_from_db()
    assert request.status == "refused"
    assert _open(as_alice, world, programme).status_code == 200
    assert not Trajectory.objects.exists()


def test_only_coordinators_decide(world, as_alice):
    programme = vonk(world)
    _open(as_alice, world, programme, reason="Graag")
    request = OverrideRequest.objects.get()
    for worker in (world.alice, world.bob, world.charlie, world.vera, world.adam):
        client = login(worker)
        assert client.get(reverse("trajectories:overrides")).status_code == 404
        assert client.post(reverse("trajectories:override-decide", args=[request.pk]),
                           {"decision": "approve", "version": 1}).status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


def test_a_stale_decision_is_refused(world, as_alice):
    programme = vonk(world)
    _open(as_alice, world, programme, reason="Graag")
    request = OverrideRequest.objects.get()
    OverrideRequest.objects.filter(pk=request.pk).update(version=2)
    login(world.cora).post(reverse("trajectories:override-decide", args=[request.pk]),
                           {"decision": "approve", "version": 1})
    request.refresh_from_db()
    assert request.status == "pending"
