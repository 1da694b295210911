"""A referral names the member it is about; its age reads "vandaag", not "0 dagen"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brug.core.models import AuditEvent
from brug.referrals import services
from brug.referrals.models import Referral
from tests.conftest import login, make_family
from tests.network_world import make_service


@pytest.fixture
def caw_service(world):
    return make_service(world.network, org=world.partner_org)


def _send(world, service, categories, member):
    return services.referral_send(actor=world.alice, family=world.family, service=service,
                                  question="Hulp nodig op school.", urgency="normal",
                                  categories=categories, consent_given_by=world.parent,
                                  member=member)


def test_the_form_names_the_member_and_the_receiver_sees_it_with_household(world, caw_service):
    child = world.family.members.get(role="child")
    url = reverse("referrals:create", args=[world.family.pk, caw_service.pk])
    form = login(world.alice).get(url).content.decode()
    assert "over wie gaat het" in form.lower()
    response = login(world.alice).post(url, {
        "member": child.pk, "question": "Ode heeft hulp nodig op school.",
        "categories": ["identity", "household"], "urgency": "normal", "consent_now": "on",
        "given_by": world.parent.pk})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.member == child
    page = login(world.charlie).get(reverse("referrals:detail", args=[referral.pk]))
    assert "Ode Test" in page.content.decode()
    assert AuditEvent.objects.filter(family_id=world.family.pk, actor=world.charlie.user,
                                     action="view", category="household").exists()


def test_without_household_the_receiver_learns_only_that_it_is_a_member(world, caw_service):
    child = world.family.members.get(role="child")
    referral = _send(world, caw_service, ["identity"], child)
    page = login(world.charlie).get(reverse("referrals:detail", args=[referral.pk]))
    body = page.content.decode()
    assert "Ode" not in body
    assert "een gezinslid" in body


def test_a_member_of_another_family_is_refused(world, caw_service):
    other = make_family(world.home, world.alice, "Gezin Ander").members.first()
    with pytest.raises(services.ReferralRefused):
        _send(world, caw_service, ["identity"], other)


def test_a_referral_sent_today_says_vandaag(world, caw_service):
    referral = _send(world, caw_service, ["identity"], None)
    charlie = login(world.charlie)
    for url in (reverse("referrals:detail", args=[referral.pk]), reverse("referrals:inbox")):
        body = charlie.get(url).content.decode()
        assert "vandaag" in body
        assert "0 dagen" not in body
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=timezone.now() - timedelta(days=3, hours=1))
    assert "3 dagen" in charlie.get(reverse("referrals:inbox")).content.decode()
