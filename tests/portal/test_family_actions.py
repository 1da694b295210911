"""What the family does in the portal: withdraw, end the mandate, send messages."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from brug.core.models import AuditEvent
from brug.notifications import services as notification_services
from brug.notifications.models import Notification
from brug.portal.models import PortalMessage
from tests.conftest import give_consent, login


def test_withdrawing_is_immediate_audited_and_the_contact_person_is_told(
        family_client, world, django_capture_on_commit_callbacks):
    world.alice.user.email = "alice@example.org"
    world.alice.user.save()
    # Alice chose an e-mail at once (the default is one a day: docs/notifications.md).
    notification_services.settings_set(worker=world.alice, email="immediately")
    consent = give_consent(world.family, world.partner_org, ["identity"], world.alice)
    dossier = reverse("families:detail", args=[world.family.pk])
    assert login(world.charlie).get(dossier).status_code == 200
    url = reverse("portal:consent-withdraw", args=[consent.pk])
    assert "CAW Test" in family_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = family_client.post(url)
    assert response.status_code == 302
    assert login(world.charlie).get(dossier).status_code == 404
    event = AuditEvent.objects.get(family_id=world.family.pk, action="withdraw")
    assert event.actor_name == "Mira (gezin)" and event.actor_id == world.account.user_id
    notice = PortalMessage.objects.get(family=world.family, kind="notice")
    assert notice.to_worker == world.alice
    assert len(mail.outbox) == 1
    assert "Mira" not in mail.outbox[0].body and "CAW" not in mail.outbox[0].body
    assert mail.outbox[0].to == ["alice@example.org"]
    assert Notification.objects.get(recipient=world.alice).kind == "consent_withdrawn"


def test_withdrawing_twice_says_so_and_changes_nothing(family_client, world):
    consent = give_consent(world.family, world.partner_org, ["identity"], world.alice)
    url = reverse("portal:consent-withdraw", args=[consent.pk])
    family_client.post(url)
    response = family_client.post(url, follow=True)
    assert response.status_code == 200
    assert "al ingetrokken" in response.content.decode()
    assert AuditEvent.objects.filter(family_id=world.family.pk, action="withdraw").count() == 1


def test_the_consents_page_uses_plain_words(family_client, world):
    give_consent(world.family, world.partner_org, ["identity", "domain_notes"], world.alice)
    body = family_client.get(reverse("portal:consents")).content.decode()
    assert "wie jullie zijn (namen)" in body
    assert "domain_notes" not in body and "identiteit" not in body


def test_ending_the_mandate_makes_the_portal_read_only(family_client, world):
    consent = give_consent(world.family, world.partner_org, ["identity"], world.alice)
    response = family_client.post(reverse("portal:mandate-end"), {"reason": ""})
    assert response.status_code == 302
    world.mandate.refresh_from_db()
    assert world.mandate.ended_on is not None
    assert AuditEvent.objects.filter(family_id=world.family.pk, action="end",
                                     actor_name="Mira (gezin)").exists()
    page = family_client.get(reverse("portal:consents")).content.decode()
    assert "De begeleiding is gestopt" in page
    assert reverse("portal:consent-withdraw", args=[consent.pk]) not in page
    # No withdrawing, no messages; reading stays.
    family_client.post(reverse("portal:consent-withdraw", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    family_client.post(reverse("portal:messages"), {"kind": "message", "text": "hallo"})
    assert not PortalMessage.objects.filter(kind="message").exists()
    assert family_client.get(reverse("portal:home")).status_code == 200


def test_a_message_and_a_correction_request_reach_the_dossier(family_client, world):
    family_client.post(reverse("portal:messages"), {"kind": "message", "text": "Bel me eens"})
    family_client.post(reverse("portal:messages"),
                       {"kind": "correction", "text": "Mijn adres klopt niet"})
    assert PortalMessage.objects.filter(family=world.family, to_worker=world.alice).count() == 2
    assert AuditEvent.objects.filter(family_id=world.family.pk, action="send").count() == 2
    tab = login(world.alice).get(reverse("portal:worker-tab", args=[world.family.pk]))
    assert "Mijn adres klopt niet" in tab.content.decode()
    message = PortalMessage.objects.get(kind="correction")
    login(world.alice).post(reverse("portal:worker-message-read",
                                    args=[world.family.pk, message.pk]))
    message.refresh_from_db()
    assert message.read_by == world.alice


def test_an_empty_message_gets_a_clear_message(family_client):
    response = family_client.post(reverse("portal:messages"), {"kind": "message", "text": " "})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_the_home_shows_the_contact_person_and_planned_reviews(family_client, world):
    world.alice.phone = "0470 12 34 56"
    world.alice.save()
    from tests.trajectories.factories import trajectory_world

    t = trajectory_world(world)
    body = family_client.get(reverse("portal:home")).content.decode()
    assert "Alice Aerts" in body and "https://wa.me/32470123456" in body
    assert "tel:+32470123456" in body
    if t.review.held_on is None:
        assert "We bekijken samen hoe het gaat" in body
    assert (t.review.summary or "§§") not in body
