"""Referral lifecycle and access: the receiver sees only what the family agreed to share,
from sending until the consent ends."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from brug.access import policy
from brug.consent.models import SharingConsent
from brug.directory.rules import RuleDecision
from brug.referrals import services
from brug.referrals.models import ReferralStatus
from tests.conftest import give_consent, login, make_worker
from tests.network_world import make_service


@pytest.fixture
def caw_service(world):
    return make_service(world.network, org=world.partner_org)


def send(world, service, **kwargs):
    kwargs.setdefault("categories", ["identity", "household"])
    kwargs.setdefault("consent_given_by", world.parent)
    return services.referral_send(actor=world.alice, family=world.family, service=service,
                                  question="Het gezin zoekt een betaalbare woning.",
                                  urgency="normal", **kwargs)


def test_it_refuses_a_referral_without_consent_and_says_why(world, caw_service):
    with pytest.raises(services.ReferralRefused) as exc:
        send(world, caw_service, consent_given_by=None)
    assert "geen toestemming" in exc.value.messages[0]
    assert "CAW" in exc.value.messages[0]
    assert not policy.access_for(world.charlie, world.family).any


def test_it_refuses_when_existing_consent_does_not_cover_every_category(world, caw_service):
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    with pytest.raises(services.ReferralRefused) as exc:
        send(world, caw_service, consent_given_by=None)
    assert "gezinssituatie" in exc.value.messages[0]


def test_existing_consent_covering_everything_is_enough(world, caw_service):
    give_consent(world.family, world.partner_org, ["identity", "household"], world.alice)
    referral = send(world, caw_service, consent_given_by=None)
    assert referral.consent is None
    assert referral.status == ReferralStatus.SENT


def test_receiver_sees_exactly_the_shared_categories_from_sending(world, caw_service):
    assert not policy.access_for(world.charlie, world.family).any
    send(world, caw_service)
    access = policy.access_for(world.charlie, world.family)
    assert access.categories == {"identity", "household"}
    assert not access.may_change


def test_referral_to_external_provider_is_refused(world):
    external = make_service(world.network, org=None, provider_name="Vzw Buiten")
    with pytest.raises(services.ReferralRefused) as exc:
        send(world, external)
    assert "werkt niet met Brug" in exc.value.messages[0]


def test_full_lifecycle_accept_then_close_ends_access(world, caw_service):
    referral = send(world, caw_service)
    referral = services.referral_accept(actor=world.charlie, referral=referral)
    assert referral.status == ReferralStatus.ACCEPTED
    assert policy.access_for(world.charlie, world.family).any
    referral = services.referral_close(actor=world.charlie, referral=referral, outcome="helped")
    assert referral.status == ReferralStatus.CLOSED
    assert not policy.access_for(world.charlie, world.family).any
    assert SharingConsent.objects.get(pk=referral.consent_id).withdrawn_on is not None


def test_decline_needs_a_reason_and_ends_access(world, caw_service):
    referral = send(world, caw_service)
    with pytest.raises(ValidationError):
        services.referral_decline(actor=world.charlie, referral=referral, reason="  ")
    referral = services.referral_decline(actor=world.charlie, referral=referral,
                                         reason="Geen plaats tot juni.")
    assert referral.status == ReferralStatus.DECLINED
    assert not policy.access_for(world.charlie, world.family).any


def test_withdraw_by_sender_ends_access(world, caw_service):
    referral = send(world, caw_service)
    services.referral_withdraw(actor=world.alice, referral=referral, reason="Gezin wil niet meer")
    assert not policy.access_for(world.charlie, world.family).any


def test_withdrawing_the_consent_ends_receiver_access(world, caw_service, client):
    from brug.consent import services as consent_services

    referral = send(world, caw_service)
    consent = SharingConsent.objects.get(pk=referral.consent_id)
    consent.family = world.family
    consent_services.consent_withdraw(actor=world.alice, consent=consent)
    assert not policy.access_for(world.charlie, world.family).any
    page = login(world.charlie).get(reverse("referrals:detail", args=[referral.pk]))
    assert page.status_code == 200
    assert "Gezin Test" not in page.content.decode()
    assert "niet meer beschikbaar" in page.content.decode()


def test_only_the_receiver_answers_and_only_once(world, caw_service):
    referral = send(world, caw_service)
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=world.olga, referral=referral)
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=world.alice, referral=referral)
    services.referral_accept(actor=world.charlie, referral=referral)
    colleague = make_worker("chris", world.partner_org, "partner")
    with pytest.raises(ValidationError):
        services.referral_decline(actor=colleague, referral=referral, reason="te laat")


def test_closing_needs_an_accepted_referral(world, caw_service):
    referral = send(world, caw_service)
    with pytest.raises(ValidationError):
        services.referral_close(actor=world.charlie, referral=referral, outcome="helped")


def test_programme_rules_hook_can_refuse(world, caw_service, monkeypatch):
    monkeypatch.setattr("brug.directory.rules.may_refer",
                        lambda **kw: RuleDecision(False, "Alleen K&G mag aanmelden."))
    with pytest.raises(services.ReferralRefused) as exc:
        send(world, caw_service)
    assert exc.value.messages == ["Alleen K&G mag aanmelden."]


def test_outsider_and_volunteer_cannot_see_a_referral(world, caw_service):
    referral = send(world, caw_service)
    url = reverse("referrals:detail", args=[referral.pk])
    assert login(world.olga).get(url).status_code == 404
    assert login(world.vera).get(url).status_code == 404
    assert login(world.charlie).get(url).status_code == 200
    assert login(world.alice).get(url).status_code == 200


def test_both_sides_see_the_status_and_the_dossier_lists_it(world, caw_service):
    referral = send(world, caw_service)
    services.referral_decline(actor=world.charlie, referral=referral, reason="Geen plaats")
    tab = login(world.alice).get(reverse("referrals:family", args=[world.family.pk]))
    body = tab.content.decode()
    assert "geweigerd" in body and "Geen plaats" in body
    inbox = login(world.charlie).get(reverse("referrals:inbox") + "?alles=1").content.decode()
    assert "geweigerd" in inbox


def test_send_through_http_refuses_without_consent_with_the_reason(world, caw_service):
    url = reverse("referrals:create", args=[world.family.pk, caw_service.pk])
    response = login(world.alice).post(url, {"question": "Woning", "categories": ["identity"],
                                             "urgency": "normal"})
    assert response.status_code == 200
    assert "geen toestemming" in response.content.decode()


def test_overdue_overview_counts_per_organisation_without_families(world, caw_service):
    from datetime import timedelta

    from django.utils import timezone

    from brug.referrals.models import Referral

    referral = send(world, caw_service)
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - timedelta(days=30))
    body = login(world.cora).get(reverse("referrals:overdue") + "?days=14").content.decode()
    assert "CAW Test" in body and "Gezin Test" not in body
    body = login(world.cora).get(reverse("referrals:overdue") + "?days=60").content.decode()
    assert "Geen doorverwijzingen" in body


def test_workers_of_a_deactivated_organisation_see_no_names_in_the_inbox(world, caw_service):
    send(world, caw_service)
    charlie = login(world.charlie)
    assert "Gezin Test" in charlie.get(reverse("referrals:inbox")).content.decode()
    world.partner_org.active = False
    world.partner_org.save()
    assert "Gezin Test" not in charlie.get(reverse("referrals:inbox")).content.decode()


def test_the_inbox_names_a_family_only_while_identity_is_shared(world, caw_service):
    referral = send(world, caw_service, categories=["identity"])
    charlie = login(world.charlie)
    assert "Gezin Test" in charlie.get(reverse("referrals:inbox")).content.decode()
    SharingConsent.objects.filter(pk=referral.consent_id).update(categories=",plan,")
    body = charlie.get(reverse("referrals:inbox")).content.decode()
    assert "Gezin Test" not in body and "Gezin (niet meer gedeeld)" in body


def test_a_partner_worker_of_the_home_organisation_can_not_close_or_withdraw(world, caw_service):
    henk = make_worker("henk", world.home, "partner")
    client = login(henk)
    referral = send(world, caw_service)
    client.post(reverse("referrals:withdraw", args=[referral.pk]),
                {"reason": "x", "version": referral.version})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    referral = services.referral_accept(actor=world.charlie, referral=referral)
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert reverse("referrals:close", args=[referral.pk]) not in page
    client.post(reverse("referrals:close", args=[referral.pk]),
                {"outcome": "helped", "note": "", "version": referral.version})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    with pytest.raises(PermissionDenied):
        services.referral_close(actor=henk, referral=referral, outcome="helped")
    # The home organisation's supporter may.
    login(world.alice).post(reverse("referrals:close", args=[referral.pk]),
                            {"outcome": "helped", "note": "", "version": referral.version})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
