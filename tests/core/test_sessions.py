"""Django's sessions with the worker backend: who is logged in, and when that ends."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, login, make_family


def _sent_to_login(response) -> bool:
    return response.status_code == 302 and reverse("login") in response["Location"]


def _logged_in_by_form(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


DB_SESSIONS = "django.contrib.sessions.backends.db"
CACHED_DB_SESSIONS = "django.contrib.sessions.backends.cached_db"


def test_a_live_session_opens_pages_and_an_expired_one_does_not(world, settings):
    settings.SESSION_ENGINE = DB_SESSIONS  # expired here in the table itself
    client = _logged_in_by_form("alice")
    assert client.get(reverse("families:list")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert _sent_to_login(client.get(reverse("families:list")))


def test_logout_ends_the_session_for_every_later_request(world):
    client = _logged_in_by_form("alice")
    cookie = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    copied = Client()
    copied.cookies["sessionid"] = cookie  # a copied cookie no longer works
    assert _sent_to_login(copied.get(reverse("families:list")))
    assert _sent_to_login(client.get(reverse("families:list")))


def test_a_forged_session_key_is_refused(world, client):
    client.cookies["sessionid"] = "x" * 32
    assert _sent_to_login(client.get(reverse("families:list")))


def test_a_changed_password_logs_the_other_sessions_out(world):
    client = _logged_in_by_form("alice")
    user = world.alice.user
    user.set_password("een-heel-ander-wachtwoord-2026")
    user.save()
    assert _sent_to_login(client.get(reverse("families:list")))


def test_an_inactive_user_is_logged_out(world):
    client = _logged_in_by_form("alice")
    get_user_model().objects.filter(pk=world.alice.user_id).update(is_active=False)
    assert _sent_to_login(client.get(reverse("families:list")))


def test_an_inactive_worker_is_logged_out_and_cannot_log_in(world):
    client = _logged_in_by_form("alice")
    type(world.alice).objects.filter(pk=world.alice.pk).update(active=False)
    assert _sent_to_login(client.get(reverse("families:list")))
    response = Client().post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated


def test_the_workers_of_a_deactivated_organisation_are_logged_out(world):
    client = _logged_in_by_form("alice")
    colleague = _logged_in_by_form("charlie")  # another organisation: not affected
    type(world.home).objects.filter(pk=world.home.pk).update(active=False)
    assert _sent_to_login(client.get(reverse("families:list")))
    assert colleague.get(reverse("families:list")).status_code == 200


def test_a_deleted_user_is_logged_out(world):
    client = _logged_in_by_form("vera")
    world.vera.user.delete()  # and with it the worker
    assert _sent_to_login(client.get(reverse("families:list")))


def test_the_logged_in_user_comes_with_worker_organisation_and_network(world):
    response = login(world.alice).get(reverse("families:list"))
    user = response.wsgi_request.user
    with CaptureQueriesContext(connection) as ctx:
        assert user.worker.organisation.network == world.network
    assert ctx.captured_queries == []


def _session_and_user_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("families:list"))
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries
            if 'FROM "django_session"' in q["sql"] or 'FROM "auth_user"' in q["sql"]]


def test_a_page_spends_two_queries_on_session_and_user_whatever_the_data(world, settings):
    settings.SESSION_ENGINE = DB_SESSIONS  # without CACHE_URL
    client = login(world.alice)
    queries = _session_and_user_queries(client)
    assert len(queries) == 2
    assert '"network_network"' in queries[1]  # the user comes with the worker's chain
    for i in range(5):
        make_family(world.home, world.alice, name=f"Gezin {i}")
    assert len(_session_and_user_queries(client)) == 2


def test_with_cached_db_sessions_a_page_spends_one_query_and_logout_still_ends_it(world,
                                                                                 settings):
    """CACHE_URL's engine (`brug.env.cache_settings`): the session from the cache, the user
    from the database, so a changed password or a deactivated worker still ends it."""
    settings.SESSION_ENGINE = CACHED_DB_SESSIONS
    client = _logged_in_by_form("alice")
    client.get(reverse("families:list"))
    assert len(_session_and_user_queries(client)) == 1  # the user; the session is cached
    cookie = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    copied = Client()
    copied.cookies["sessionid"] = cookie
    assert _sent_to_login(copied.get(reverse("families:list")))
    other = _logged_in_by_form("bob")
    assert other.get(reverse("families:list")).status_code == 200
    type(world.bob).objects.filter(pk=world.bob.pk).update(active=False)
    assert _sent_to_login(other.get(reverse("families:list")))
    charlie = _logged_in_by_form("charlie")
    world.charlie.user.set_password("een-heel-ander-wachtwoord-2026")
    world.charlie.user.save()
    assert _sent_to_login(charlie.get(reverse("families:list")))
