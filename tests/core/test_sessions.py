"""The session store reads a session and its user in one statement: logins, expiry, logout
and Django's checks of the user hold."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brug.core.models import Session
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


def _page_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("families:list"))
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_the_session_and_its_user_come_in_one_query(world):
    client = login(world.alice)
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.user_id == world.alice.user.pk
    queries = _page_queries(client)
    assert 'FROM "core_session"' in queries[0] and '"auth_user"' in queries[0]
    assert not [q for q in queries[1:] if 'FROM "auth_user"' in q]


def test_the_user_comes_from_the_signed_data_not_from_the_column(world):
    # A row whose column names another user (it never should) is not believed: the signed
    # session data decide, through Django's own reading.
    client = login(world.alice)
    Session.objects.update(user_id=world.bob.user.pk)
    response = client.get(reverse("families:list"))
    assert response.status_code == 200
    assert response.wsgi_request.user == world.alice.user
    assert world.alice.display_name.encode() in response.content


def test_a_changed_password_ends_the_other_sessions(world):
    client = login(world.alice)
    user = world.alice.user
    user.set_password("een-heel-ander-wachtwoord-2026")
    user.save()
    response = client.get(reverse("families:list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not Session.objects.exists()  # Django's reading ended it


def test_an_inactive_user_is_logged_out(world):
    client = login(world.alice)
    get_user_model().objects.filter(pk=world.alice.user.pk).update(is_active=False)
    response = client.get(reverse("families:list"))
    assert response.status_code == 302


def test_deleting_a_user_ends_their_sessions(world):
    client = login(world.vera)
    world.vera.user.delete()  # and with it the worker
    assert not Session.objects.exists()
    assert client.get(reverse("families:list")).status_code == 302
