"""The portal's door: who reaches a portal page, and who does not."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import PASSWORD, login
from tests.portal.conftest import FAMILY_PIN


def test_a_signed_in_family_sees_its_home(family_client, world):
    response = family_client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert "Dag Mira" in response.content.decode()
    assert 'dir="ltr"' in response.content.decode()


def test_anonymous_is_sent_to_the_portal_sign_in(client, db):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_a_worker_never_reaches_a_portal_page(world):
    assert login(world.alice).get(reverse("portal:home")).status_code == 404


def test_a_family_user_gets_403_on_worker_pages(family_client, world):
    for url in (reverse("families:list"), reverse("families:detail", args=[world.family.pk]),
                reverse("consent:tab", args=[world.family.pk])):
        assert family_client.get(url).status_code == 403, url


def test_the_worker_login_refuses_a_family_account(client, family_account):
    response = client.post(reverse("login"), {"username": "mira-1234", "password": FAMILY_PIN})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_portal_sign_in_refuses_a_worker(client, world):
    response = client.post(reverse("portal:login"),
                           {"login_name": "alice", "secret": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_revoked_account_is_signed_out(family_client, family_account):
    family_account.status = "revoked"
    family_account.save()
    response = family_client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert "_auth_user_id" not in family_client.session
