"""Notifications: who is told of what, what the text shows at read time, the e-mails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from brug.notifications import selectors, services
from brug.notifications.models import Digest, EmailChoice, Kind, Notification
from brug.referrals import services as referral_services
from brug.rights import services as rights_services
from brug.rights.models import ClaimStatus
from brug.trajectories.models import Review
from tests.conftest import give_consent, login, make_worker
from tests.network_world import make_service
from tests.trajectories.factories import trajectory_world


def kinds_of(worker) -> list[str]:
    return list(Notification.objects.filter(recipient=worker).values_list("kind", flat=True))


def texts_of(worker) -> list[str]:
    return [row.text for row in selectors.shown(worker, selectors.of_worker(worker))]


def with_email(worker, address, choice=None):
    worker.user.email = address
    worker.user.save(update_fields=["email"])
    if choice:
        services.settings_set(worker=worker, email=choice)
    return worker


@pytest.fixture
def referral(world):
    service = make_service(world.network, org=world.partner_org)
    return referral_services.referral_send(
        actor=world.alice, family=world.family, service=service, question="Zoekt een woning",
        categories=["identity"], urgency="normal", consent_given_by=world.parent)


# Events -----------------------------------------------------------------------------------


def test_a_sent_referral_tells_the_receiving_organisation_and_nobody_else(world, referral):
    assert kinds_of(world.charlie) == [Kind.REFERRAL_RECEIVED]
    for other in (world.alice, world.bob, world.olga, world.vera, world.cora):
        assert kinds_of(other) == []
    assert texts_of(world.charlie) == ["Nieuwe doorverwijzing voor Gezin Test"]


def test_accepting_and_closing_tell_the_family_side(world, referral):
    referral_services.referral_accept(actor=world.charlie, referral=referral)
    assert kinds_of(world.alice) == [Kind.REFERRAL_ACCEPTED]
    referral.refresh_from_db()
    referral_services.referral_close(actor=world.charlie, referral=referral, outcome="helped")
    assert sorted(kinds_of(world.alice)) == [Kind.REFERRAL_ACCEPTED, Kind.REFERRAL_CLOSED]
    # The worker who acted is not told of their own act; bystanders are not told at all.
    assert kinds_of(world.charlie) == [Kind.REFERRAL_RECEIVED]
    assert kinds_of(world.bob) == [] and kinds_of(world.olga) == []


def test_declining_tells_the_sender_and_the_contact_person(world, referral):
    dana = make_worker("dana", world.home, "supporter", "Dana Desmet")
    world.family.contact_worker = dana
    world.family.save(update_fields=["contact_worker"])
    referral.refresh_from_db()
    referral_services.referral_decline(actor=world.charlie, referral=referral, reason="vol")
    assert kinds_of(world.alice) == [Kind.REFERRAL_DECLINED]  # the sender
    assert kinds_of(dana) == [Kind.REFERRAL_DECLINED]  # the contact person
    assert kinds_of(world.bob) == []


def test_closing_by_the_family_side_tells_the_worker_who_accepted(world, referral):
    referral_services.referral_accept(actor=world.charlie, referral=referral)
    referral.refresh_from_db()
    referral_services.referral_close(actor=world.alice, referral=referral, outcome="helped")
    assert sorted(kinds_of(world.charlie)) == [Kind.REFERRAL_CLOSED, Kind.REFERRAL_RECEIVED]
    assert kinds_of(world.alice) == [Kind.REFERRAL_ACCEPTED]


def test_a_claim_decision_by_a_colleague_tells_the_contact_person_only(world):
    today = timezone.localdate()
    claim = rights_services.claim_change(actor=world.alice, family=world.family,
                                         right_id="huurpremie", status=ClaimStatus.APPLIED,
                                         happened_on=today)
    assert Notification.objects.count() == 0  # applying is no decision
    rights_services.claim_change(actor=world.bob, family=world.family, right_id="huurpremie",
                                 status=ClaimStatus.GRANTED, happened_on=today,
                                 expected_version=claim.version)
    assert kinds_of(world.alice) == [Kind.CLAIM_DECIDED]
    assert kinds_of(world.bob) == []


def test_a_claim_decision_by_the_contact_person_herself_tells_nobody(world):
    today = timezone.localdate()
    claim = rights_services.claim_change(actor=world.alice, family=world.family,
                                         right_id="huurpremie", status=ClaimStatus.APPLIED,
                                         happened_on=today)
    rights_services.claim_change(actor=world.alice, family=world.family, right_id="huurpremie",
                                 status=ClaimStatus.REFUSED, happened_on=today,
                                 expected_version=claim.version)
    assert Notification.objects.count() == 0


def test_portal_message_withdrawn_consent_and_ended_mandate_tell_the_contact_person(
        world, family_client):
    consent = give_consent(world.family, world.partner_org, ["identity"], world.alice)
    family_client.post(reverse("portal:messages"), {"kind": "message", "text": "Hallo"})
    family_client.post(reverse("portal:consent-withdraw", args=[consent.pk]))
    family_client.post(reverse("portal:mandate-end"), {"reason": ""})
    assert sorted(kinds_of(world.alice)) == sorted(
        [Kind.PORTAL_MESSAGE, Kind.CONSENT_WITHDRAWN, Kind.MANDATE_ENDED])
    assert kinds_of(world.bob) == [] and kinds_of(world.charlie) == []
    # No text of the family is kept in the notification; the page names the family.
    assert "Hallo" not in " ".join(texts_of(world.alice))
    assert "Gezin Test stopte de begeleiding" in texts_of(world.alice)


def test_overdue_reviews_are_notified_once_however_often_the_command_runs(world):
    t = trajectory_world(world)
    Review.objects.filter(pk=t.review.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    Review.objects.create(trajectory=t.trajectory, due_on=timezone.localdate() + timedelta(days=3))
    call_command("notify_overdue", stdout=open("/dev/null", "w"))
    call_command("notify_overdue", stdout=open("/dev/null", "w"))
    assert kinds_of(world.alice) == [Kind.REVIEW_OVERDUE]
    assert Notification.objects.get().object_id == t.review.pk
    assert kinds_of(world.bob) == []
    # A review held in time, or once held, is not notified.
    Review.objects.filter(pk=t.review.pk).update(held_on=timezone.localdate())
    Notification.objects.all().delete()
    assert services.notify_overdue_reviews() == 0


# Text at read time ------------------------------------------------------------------------


def test_the_text_drops_the_family_once_the_worker_no_longer_sees_it(world, referral):
    assert texts_of(world.charlie) == ["Nieuwe doorverwijzing voor Gezin Test"]
    referral.consent.withdrawn_on = timezone.now()
    referral.consent.save(update_fields=["withdrawn_on"])
    assert texts_of(world.charlie) == ["Nieuwe doorverwijzing"]
    page = login(world.charlie).get(reverse("notifications:list")).content.decode()
    assert "Nieuwe doorverwijzing" in page and "Gezin Test" not in page


def test_the_text_uses_the_neutral_label_without_identity(world):
    give_consent(world.family, world.partner_org, ["rights"], world.alice)
    services.notify(recipients=[world.charlie], kind=Kind.CLAIM_DECIDED,
                    family_id=world.family.pk)
    [text] = texts_of(world.charlie)
    assert "Gezin Test" not in text and f"nr. {world.family.pk}" in text


# Pages --------------------------------------------------------------------------------------


def test_the_bell_counts_unread_and_the_list_marks_them_read(world, referral):
    client = login(world.charlie)
    page = client.get(reverse("families:list")).content.decode()
    assert reverse("notifications:count") in page  # the bell fetches its count after the page
    count = client.get(reverse("notifications:count")).content.decode()
    assert 'class="bell-count">1<' in count
    note = Notification.objects.get(recipient=world.charlie)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'class="bell-count"' not in client.get(reverse("notifications:count")).content.decode()
    # Another worker's count is their own.
    login(world.bob).get(reverse("notifications:count"))
    services.notify(recipients=[world.bob], kind=Kind.CLAIM_DECIDED, family_id=world.family.pk)
    assert 'class="bell-count">1<' in login(world.bob).get(
        reverse("notifications:count")).content.decode()
    assert 'class="bell-count"' not in client.get(reverse("notifications:count")).content.decode()


def test_mark_all_read_touches_only_the_workers_own(world, referral):
    services.notify(recipients=[world.alice], kind=Kind.CLAIM_DECIDED, family_id=world.family.pk)
    login(world.charlie).post(reverse("notifications:read-all"))
    assert not Notification.objects.filter(recipient=world.charlie, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=world.alice, read_at__isnull=True).count() == 1


def test_another_workers_notification_is_404(world, referral):
    note = Notification.objects.get(recipient=world.charlie)
    client = login(world.alice)
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_the_settings_page_stores_the_choice_and_refuses_nonsense(world, as_alice):
    url = reverse("notifications:settings")
    assert "geen e-mailadres" in as_alice.get(url).content.decode()
    assert as_alice.post(url, {"email": "hourly"}).status_code == 200
    assert services.email_choice(world.alice) == EmailChoice.DAILY
    assert as_alice.post(url, {"email": "none"}).status_code == 302
    assert services.email_choice(world.alice) == EmailChoice.NONE


# E-mail -------------------------------------------------------------------------------------


def test_the_digest_is_sent_once_without_family_details(world, referral):
    with_email(world.charlie, "charlie@example.org")
    services.notify(recipients=[world.charlie], kind=Kind.CLAIM_DECIDED,
                    family_id=world.family.pk)
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["charlie@example.org"]
    assert "Je hebt 2 nieuwe meldingen in Brug" in message.subject
    assert "Je hebt 2 nieuwe meldingen in Brug" in message.body
    assert reverse("notifications:list") in message.body
    for detail in ("Gezin Test", "Mira", "woning", "OCMW", "CAW", "Kerkstraat"):
        assert detail not in message.body and detail not in message.subject
    digest = Digest.objects.get()
    assert digest.count == 2 and digest.recipient == world.charlie
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    # A new notification is mailed on its own next time, the earlier ones not again.
    services.notify(recipients=[world.charlie], kind=Kind.CLAIM_DECIDED,
                    family_id=world.family.pk)
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 2 and "1 nieuwe melding in Brug" in mail.outbox[1].body


def test_the_workers_choice_is_respected(world, referral, django_capture_on_commit_callbacks):
    with_email(world.charlie, "charlie@example.org", EmailChoice.NONE)
    with_email(world.alice, "alice@example.org", EmailChoice.IMMEDIATELY)
    with_email(world.bob, "bob@example.org")  # the default: once a day
    referral.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        referral_services.referral_accept(actor=world.charlie, referral=referral)
    # Immediately: alice's e-mail is sent when the change commits.
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    services.notify(recipients=[world.bob, world.charlie], kind=Kind.CLAIM_DECIDED,
                    family_id=world.family.pk)
    call_command("send_digests", stdout=open("/dev/null", "w"))
    # Daily: bob in the run; none: charlie never; alice's was sent already.
    assert [m.to for m in mail.outbox] == [["alice@example.org"], ["bob@example.org"]]


def test_workers_without_an_address_or_with_everything_read_get_no_mail(world, referral):
    call_command("send_digests", stdout=open("/dev/null", "w"))  # charlie has no address
    assert mail.outbox == []
    with_email(world.charlie, "charlie@example.org")
    login(world.charlie).post(reverse("notifications:read-all"))
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert mail.outbox == []


def test_a_failed_send_marks_nothing_and_the_next_run_sends(world, referral, monkeypatch):
    with_email(world.charlie, "charlie@example.org")

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", refuse)
    assert services.send_digests() == (0, 1)
    assert not Digest.objects.exists()
    assert Notification.objects.get(recipient=world.charlie).digest_id is None
    monkeypatch.undo()
    assert services.send_digests() == (1, 0)
    assert len(mail.outbox) == 1


def test_today_shows_unread_notifications_through_the_policy(world, referral):
    client = login(world.charlie)
    page = client.get(reverse("today:home")).content.decode()
    assert 'id="today-notifications"' in page
    assert "Nieuwe doorverwijzing voor Gezin Test" in page
    referral.consent.withdrawn_on = timezone.now()
    referral.consent.save(update_fields=["withdrawn_on"])
    page = client.get(reverse("today:home")).content.decode()
    assert "Nieuwe doorverwijzing" in page and "Gezin Test" not in page
    client.post(reverse("notifications:read-all"))
    assert 'id="today-notifications"' not in client.get(reverse("today:home")).content.decode()


def test_the_frequent_retry_leaves_daily_digests_for_the_daily_run(world, referral):
    with_email(world.charlie, "charlie@example.org")  # daily
    with_email(world.alice, "alice@example.org", EmailChoice.IMMEDIATELY)
    services.notify(recipients=[world.alice], kind=Kind.CLAIM_DECIDED, family_id=world.family.pk)
    # (no on-commit callbacks run in this test: alice's at-once mail "failed")
    call_command("send_digests", "--immediate-only", stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [["alice@example.org"], ["charlie@example.org"]]


# The worker's language ----------------------------------------------------------------------


def test_the_settings_page_stores_the_language_and_brug_follows_it(world, as_alice):
    from django.conf import settings as django_settings

    from brug.notifications.models import NotificationSettings

    url = reverse("notifications:settings")
    assert 'value="fr"' in as_alice.get(url).content.decode()
    assert 'value="ar"' not in as_alice.get(url).content.decode()  # worker languages only
    response = as_alice.post(url, {"email": "daily", "language": "fr"})
    assert response.status_code == 302
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert services.choices_of(world.alice) == (EmailChoice.DAILY, "fr")
    # A family-only language is refused with a message, and nothing changes.
    response = as_alice.post(url, {"email": "none", "language": "ar"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert NotificationSettings.objects.get(worker=world.alice).language == "fr"
    # Without a language in the form (an older page), the stored one stays.
    as_alice.post(url, {"email": "none"})
    assert services.choices_of(world.alice) == (EmailChoice.NONE, "fr")


def test_each_digest_is_written_in_its_workers_language(world, referral):
    with_email(world.charlie, "charlie@example.org")
    services.settings_set(worker=world.charlie, email=EmailChoice.DAILY, language="fr")
    with_email(world.bob, "bob@example.org")  # no choice: Dutch
    services.notify(recipients=[world.bob], kind=Kind.CLAIM_DECIDED, family_id=world.family.pk)
    call_command("send_digests", stdout=open("/dev/null", "w"))
    by_address = {m.to[0]: m for m in mail.outbox}
    french = by_address["charlie@example.org"]
    assert "Vous avez 1 nouvelle notification dans Brug" in french.subject
    assert "Vous avez 1 nouvelle notification dans Brug." in french.body
    assert "Je hebt" not in french.body
    assert "Je hebt 1 nieuwe melding in Brug" in by_address["bob@example.org"].subject
    # The run leaves the process in the language it was in.
    from django.utils import translation

    assert translation.get_language() == "nl"


def test_the_language_is_applied_while_rendering_even_without_a_translation(world, referral,
                                                                              monkeypatch):
    from django.utils import translation

    seen = []
    original = services.render_to_string

    def render(template, context):
        seen.append((template, translation.get_language()))
        return original(template, context)

    monkeypatch.setattr(services, "render_to_string", render)
    with_email(world.charlie, "charlie@example.org")
    services.settings_set(worker=world.charlie, email=EmailChoice.DAILY, language="en")
    services.send_pending(world.charlie)
    assert [lang for _t, lang in seen] == ["en", "en"]
