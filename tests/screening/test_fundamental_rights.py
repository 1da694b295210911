"""Coordinators edit the network's rights of the grondrechtenmeting and their anchors."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from brug.core.models import AuditEvent
from brug.network.models import Network, Organisation
from brug.screening import services
from brug.screening.models import FundamentalRight, RightAnchor, RightsAssessment
from tests.conftest import login, make_worker

TODAY = timezone.localdate()


def _anchors(prefix="Betekenis"):
    return {f"anchor_{n}": f"{prefix} {n}" for n in range(11)}


def _right_data(name="Mobiliteit", order="12", active=True, **extra):
    data = {"name": name, "order": order, **_anchors(), **extra}
    if active:
        data["active"] = "on"
    return data


def test_only_coordinators_reach_the_rights_pages(world):
    url = reverse("screening:fundamental-rights")
    assert login(world.alice).get(url).status_code == 404
    assert login(world.adam).get(url).status_code == 404
    page = login(world.cora).get(url)
    assert page.status_code == 200
    # The defaults are seeded for a network that has none yet, and listed.
    assert "Wonen" in page.content.decode()
    assert FundamentalRight.objects.filter(network=world.network).count() == 9


def test_coordinator_adds_a_right_with_all_eleven_anchors(world):
    client = login(world.cora)
    response = client.post(reverse("screening:fundamental-right-create"), _right_data())
    assert response.status_code == 302
    right = FundamentalRight.objects.get(name="Mobiliteit")
    assert right.network_id == world.network.pk and right.key == "mobiliteit"
    assert dict(right.anchors.values_list("score", "text")) == {
        n: f"Betekenis {n}" for n in range(11)}
    event = AuditEvent.objects.filter(action="create", category="screening").latest("id")
    assert event.family_id is None and "Mobiliteit" in event.detail


def test_every_missing_anchor_gets_its_own_dutch_error(world):
    client = login(world.cora)
    data = _right_data()
    data["anchor_0"] = ""
    data["anchor_7"] = "   "
    response = client.post(reverse("screening:fundamental-right-create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Schrijf wat score 0 betekent." in page and "Schrijf wat score 7 betekent." in page
    assert "Schrijf wat score 5 betekent." not in page
    # What was typed stays in the form.
    assert "Betekenis 5" in page
    assert not FundamentalRight.objects.filter(name="Mobiliteit").exists()


def test_the_service_refuses_incomplete_anchors_too(world):
    right = FundamentalRight(name="Mobiliteit")
    anchors = {n: f"tekst {n}" for n in range(10)}  # no 10
    with pytest.raises(Exception) as exc:
        services.fundamental_right_save(actor=world.cora, right=right, anchors=anchors)
    assert "Schrijf wat score 10 betekent." in str(exc.value)
    assert not FundamentalRight.objects.exists()


def test_editing_changes_name_and_anchors_and_is_audited(world):
    services.fundamental_rights_ensure(network=world.network)
    right = FundamentalRight.objects.get(network=world.network, key="huisvesting")
    client = login(world.cora)
    url = reverse("screening:fundamental-right-edit", args=[right.pk])
    form = client.get(url).content.decode()
    assert "Een veilige, gezonde en betaalbare woning" in form
    data = _right_data(name="Wonen en energie", order="1", version=right.version)
    response = client.post(url, data)
    assert response.status_code == 302
    right.refresh_from_db()
    assert right.name == "Wonen en energie" and right.version == 2
    assert RightAnchor.objects.get(right=right, score=10).text == "Betekenis 10"
    assert AuditEvent.objects.filter(action="change", category="screening",
                                     detail__contains="Wonen en energie").exists()


def test_a_stale_edit_keeps_what_was_typed(world):
    services.fundamental_rights_ensure(network=world.network)
    right = FundamentalRight.objects.get(network=world.network, key="werk")
    client = login(world.cora)
    url = reverse("screening:fundamental-right-edit", args=[right.pk])
    first = _right_data(name="Werk (eerste)", version=right.version)
    second = _right_data(name="Werk en opleiding", version=right.version)
    second["anchor_3"] = "Mijn eigen omschrijving"
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in page
    assert "Werk en opleiding" in page and "Mijn eigen omschrijving" in page
    right.refresh_from_db()
    assert right.name == "Werk (eerste)"
    assert RightAnchor.objects.get(right=right, score=3).text == "Betekenis 3"


def test_coordinator_of_another_network_gets_404(world):
    services.fundamental_rights_ensure(network=world.network)
    right = FundamentalRight.objects.filter(network=world.network).first()
    other = Organisation.objects.create(network=Network.objects.create(name="Ander"),
                                        name="Huis Ander", short_name="HA", kind="other")
    stranger = make_worker("stan", other, "coordinator")
    url = reverse("screening:fundamental-right-edit", args=[right.pk])
    assert login(stranger).get(url).status_code == 404
    assert login(stranger).post(url, _right_data(version=1)).status_code == 404
    assert FundamentalRight.objects.get(pk=right.pk).name == right.name


def test_deactivated_right_leaves_new_measurements_but_old_ones_stay_readable(world, as_alice):
    rights = services.fundamental_rights_ensure(network=world.network)
    work = next(r for r in rights if r.key == "werk")
    old = services.assessment_record(actor=world.alice, family=world.family,
                                     assessed_on=TODAY, scores={work.pk: (3, 4, 5)})
    client = login(world.cora)
    url = reverse("screening:fundamental-right-edit", args=[work.pk])
    assert client.post(url, _right_data(name="Werk", active=False,
                                        version=work.version)).status_code == 302
    form = as_alice.get(reverse("screening:assessment-create", args=[world.family.pk]))
    assert work not in form.context["form"].rights
    assert f'name="j_{work.pk}"' not in form.content.decode()
    # A score for the inactive right is refused by the service too.
    with pytest.raises(Exception, match="Onbekend grondrecht"):
        services.assessment_record(actor=world.alice, family=world.family,
                                   assessed_on=TODAY, scores={work.pk: (1, 1, 1)})
    assert RightsAssessment.objects.count() == 1
    detail = as_alice.get(reverse("screening:assessment-detail",
                                  args=[world.family.pk, old.pk])).content.decode()
    assert "Werk" in detail and '<td data-label="samen">5</td>' in detail
    # Deactivating everything does not seed the defaults a second time.
    FundamentalRight.objects.update(active=False)
    assert services.fundamental_rights_ensure(network=world.network) == []
    assert FundamentalRight.objects.filter(network=world.network).count() == 9


def test_coordinator_navigation_links_the_rights_pages(world):
    page = login(world.cora).get(reverse("trajectories:agenda")).content.decode()
    assert reverse("screening:fundamental-rights") in page
