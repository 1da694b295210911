"""Programme rules on who may refer (practice rules §3): a service that is the door to the
GO-team takes referrals only from police, Kind en Gezin and CLB."""

from __future__ import annotations

import pytest
from django.urls import reverse

from brug.directory import rules
from brug.referrals import services
from brug.referrals.models import Referral
from brug.trajectories.models import Programme
from tests.conftest import login, make_family, make_worker
from tests.network_world import make_service

GO_TEAM_KINDS = ",kind_en_gezin,clb,police,"


@pytest.fixture
def go_team(world):
    programme = Programme.objects.create(network=world.network, name="GO-team",
                                         referrer_kinds=GO_TEAM_KINDS)
    service = make_service(world.network, org=world.partner_org, name="GO-team aanmelding")
    service.programme = programme
    service.save()
    return service


def send(actor, family, service):
    return services.referral_send(actor=actor, family=family, service=service,
                                  question="Het gezin wil snel hulp bij de opvoeding.",
                                  categories=["identity"], urgency="normal",
                                  consent_given_by=family.members.filter(role="parent").first())


def test_it_refuses_a_referrer_whose_kind_the_programme_does_not_take(world, go_team):
    with pytest.raises(services.ReferralRefused) as exc:
        send(world.alice, world.family, go_team)
    message = exc.value.messages[0]
    assert "GO-team" in message
    assert "Kind en Gezin, CLB of politie" in message
    assert "OCMW (OCMW / Sociaal Huis) kan dat niet" in message
    assert not Referral.objects.exists()


def test_a_referrer_of_an_allowed_kind_may_refer(world, go_team):
    kg = world.network.organisations.create(name="Kind en Gezin Test", short_name="K&G",
                                            kind="kind_en_gezin")
    nurse = make_worker("nele", kg, "supporter")
    family = make_family(kg, nurse, "Gezin Kind")
    referral = send(nurse, family, go_team)
    assert referral.to_organisation == world.partner_org


def test_a_programme_open_to_every_organisation_and_a_plain_service_allow_all(world, go_team):
    go_team.programme.referrer_kinds = ""
    go_team.programme.save()
    assert rules.may_refer(actor=world.alice, family=world.family, service=go_team).allowed
    plain = make_service(world.network, org=world.partner_org, name="Gewoon aanbod")
    assert rules.may_refer(actor=world.alice, family=world.family, service=plain) == \
        rules.RuleDecision(True)


def test_the_referral_form_shows_the_reason_and_keeps_the_input(world, go_team):
    url = reverse("referrals:create", args=[world.family.pk, go_team.pk])
    client = login(world.alice)
    page = client.get(url).content.decode()
    assert "alleen Kind en Gezin, CLB of politie" in page  # said before anyone types
    response = client.post(url, {"question": "Papa wil praten over de ruzies thuis.",
                                 "categories": ["identity"], "urgency": "normal",
                                 "consent_now": "on", "given_by": world.parent.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "kan dat niet" in body
    assert "Papa wil praten over de ruzies thuis." in body
    assert not Referral.objects.exists()


def test_the_service_page_names_the_programme_and_who_may_refer(world, go_team):
    url = reverse("directory:service", args=[go_team.pk])
    body = login(world.olga).get(url).content.decode()
    assert "Instap in programma GO-team — doorverwijzen kan door: Kind en Gezin, CLB en " \
           "politie." in body
    # from a family's dossier, a refused worker sees why instead of the referral button
    body = login(world.alice).get(f"{url}?gezin={world.family.pk}").content.decode()
    assert "kan dat niet" in body
    assert reverse("referrals:create", args=[world.family.pk, go_team.pk]) not in body


def test_plain_list_reads_like_dutch():
    assert rules.plain_list([], "of") == ""
    assert rules.plain_list(["CLB"], "of") == "CLB"
    assert rules.plain_list(["K&G", "CLB", "politie"], "of") == "K&G, CLB of politie"
