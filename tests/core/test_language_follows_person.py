"""A logged-in person's language follows them: the footer's switch keeps it on their own record
(a worker's notification settings, a family member's portal account), a login on another
device applies it, and what Brug e-mails them is written in it (docs/i18n.md)."""

from __future__ import annotations

from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from brug.network import services as network_services
from brug.notifications import services as notifications
from brug.notifications.models import EmailChoice, Kind, NotificationSettings
from brug.portal.models import FamilyAccount
from tests.conftest import PASSWORD, login
from tests.portal.conftest import FAMILY_PIN, client_for, make_account

COOKIE = settings.LANGUAGE_COOKIE_NAME


def switch(client: Client, code: str, next_url: str = "/"):
    return client.post(reverse("set_language"), {"language": code, "next": next_url})


# Workers ----------------------------------------------------------------------------------


def test_the_switch_while_logged_in_keeps_the_workers_choice(world):
    client = login(world.alice)
    response = switch(client, "fr")
    assert response.status_code == 302 and response.cookies[COOKIE].value == "fr"
    assert notifications.choices_of(world.alice) == (EmailChoice.DAILY, "fr")
    # The e-mail choice made before stays as it was.
    notifications.settings_set(worker=world.alice, email=EmailChoice.NONE)
    switch(client, "en")
    assert notifications.choices_of(world.alice) == (EmailChoice.NONE, "en")


def test_the_switch_before_login_keeps_nothing(world, client):
    assert switch(client, "fr").cookies[COOKIE].value == "fr"
    assert not NotificationSettings.objects.exists()


def test_a_family_only_language_is_not_kept_for_a_worker(world):
    client = login(world.alice)
    switch(client, "fr")
    switch(client, "ar")  # not offered on worker pages; a hand-made POST
    assert notifications.choices_of(world.alice)[1] == "fr"
    switch(client, "xx")  # no language at all: Django's view ignores it
    assert notifications.choices_of(world.alice)[1] == "fr"


def test_logging_in_on_a_fresh_device_applies_the_kept_language(world):
    switch(login(world.alice), "fr")
    device = Client()
    device.cookies[COOKIE] = "nl"  # this browser was used in Dutch before
    response = device.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "fr"
    page = device.get(reverse("families:list")).content.decode()
    assert 'lang="fr"' in page and "Mes familles" in page


def test_logging_in_without_a_kept_language_leaves_the_browsers(world):
    device = Client()
    device.cookies[COOKIE] = "en"
    response = device.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and COOKIE not in response.cookies
    assert 'lang="en"' in device.get(reverse("families:list")).content.decode()


def test_the_digest_to_the_worker_is_in_the_language_of_the_switch(world):
    world.charlie.user.email = "charlie@example.org"
    world.charlie.user.save(update_fields=["email"])
    switch(login(world.charlie), "fr")
    notifications.notify(recipients=[world.charlie], kind=Kind.CLAIM_DECIDED,
                         family_id=world.family.pk)
    notifications.send_pending(world.charlie)
    [message] = mail.outbox
    assert "Vous avez 1 nouvelle notification dans Brug" in message.subject
    assert "Je hebt" not in message.body


def test_the_set_password_link_is_in_the_recipients_language_not_the_senders(world):
    world.bob.user.email = "bob@example.org"
    world.bob.user.save(update_fields=["email"])
    switch(login(world.bob), "fr")
    from django.utils import translation

    with translation.override("en"):  # the coordinator's own language
        network_services.worker_send_password_link(actor=world.cora, worker=world.bob,
                                                   domain="brug.test", use_https=True)
    [message] = mail.outbox
    assert message.subject == "Brug : définissez votre mot de passe"


# Family members ---------------------------------------------------------------------------


def test_the_switch_keeps_a_family_members_choice_on_the_account(world):
    family_account = make_account(world.family, world.parent, world.alice, username="mira-1")
    client = client_for(family_account)
    switch(client, "tr", reverse("portal:home"))
    assert FamilyAccount.objects.get(pk=family_account.pk).language == "tr"
    # The portal's own switch does the same.
    client.post(reverse("portal:language"), {"language": "ar", "next": reverse("portal:home")})
    assert FamilyAccount.objects.get(pk=family_account.pk).language == "ar"


def test_a_family_members_sign_in_on_a_fresh_device_applies_the_kept_language(world):
    account = make_account(world.family, world.parent, world.alice, username="mira-9999",
                           language="uk")
    device = Client()
    device.cookies[COOKIE] = "nl"
    response = device.post(reverse("portal:login"),
                           {"login_name": account.login_name, "secret": FAMILY_PIN})
    assert response.status_code == 302 and response.cookies[COOKIE].value == "uk"
    page = device.get(reverse("portal:home")).content.decode()
    assert 'lang="uk"' in page
