"""The session store reads sessions with its own statement: logins, expiry and logout hold."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login


def test_a_live_session_opens_pages_and_an_expired_one_does_not(world):
    client = login(world.alice)
    assert client.get(reverse("families:list")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("families:list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_logout_ends_the_session_for_every_later_request(world):
    client = login(world.alice)
    cookie = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=cookie).exists()
    client.cookies["sessionid"] = cookie  # a copied cookie no longer works
    assert client.get(reverse("families:list")).status_code == 302


def test_a_forged_session_key_is_refused(world, client):
    client.cookies["sessionid"] = "x" * 32
    assert client.get(reverse("families:list")).status_code == 302
