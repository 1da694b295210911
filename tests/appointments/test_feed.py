"""The private calendar feed: the token authorises, revoking ends it, names only on opt-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from brug.appointments import services
from brug.appointments.models import CalendarFeed
from brug.core.models import AuditAction, AuditEvent
from tests.appointments.factories import make_appointment
from tests.conftest import give_consent, login

pytestmark = pytest.mark.django_db


def _feed(token):
    return Client().get(reverse("appointments:feed", args=[token]))


def _make_address(client) -> str:
    response = client.post(reverse("appointments:feed-settings"), {"action": "create"},
                           follow=True)
    url = response.context["new_url"]
    assert url and "/agenda/" in url
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def test_the_address_is_shown_once_and_only_its_hash_is_kept(world):
    client = login(world.alice)
    token = _make_address(client)
    assert CalendarFeed.objects.get(worker=world.alice).token_hash != token
    assert token not in str(CalendarFeed.objects.values_list())
    again = client.get(reverse("appointments:feed-settings"))
    assert token not in again.content.decode()


def test_the_feed_needs_no_login_and_names_no_family_without_opt_in(world):
    make_appointment(world, note="NOTE-MARKER", place="Kerkstraat 1")
    token = _make_address(login(world.alice))
    response = _feed(token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1 and str(events[0]["summary"]) == "Huisbezoek"
    for leak in ("Gezin Test", "NOTE-MARKER", "Kerkstraat", "Mira", "9000", "Demostad"):
        assert leak not in body
    assert not AuditEvent.objects.filter(purpose="agenda op de telefoon").exists()


def test_with_opt_in_the_feed_shows_the_label_and_place_and_records_the_read(world):
    make_appointment(world, note="NOTE-MARKER", place="thuis")
    client = login(world.alice)
    token = _make_address(client)
    client.post(reverse("appointments:feed-settings"),
                {"action": "families", "show_families": "on"})
    body = _feed(token).content.decode()
    assert "Huisbezoek: Gezin Test" in body and "LOCATION:thuis" in body
    for leak in ("NOTE-MARKER", "Kerkstraat", "Mira", "DESCRIPTION", "ATTENDEE"):
        assert leak not in body
    event = AuditEvent.objects.get(purpose="agenda op de telefoon", category="identity")
    assert event.actor_name == "Alice Aerts" and event.action == AuditAction.VIEW
    assert event.family_id == world.family.pk


def test_a_family_seen_without_identity_gets_its_neutral_label_in_the_feed(world):
    give_consent(world.family, world.partner_org, ["plan"], world.alice)
    make_appointment(world, workers=[world.alice, world.charlie])
    token = _make_address(login(world.charlie))
    services.feed_show_families(actor=world.charlie, show=True)
    body = _feed(token).content.decode()
    assert "Gezin Test" not in body
    assert f"nr. {world.family.pk}" in body


def test_revoked_or_renewed_addresses_and_inactive_workers_get_404(world):
    make_appointment(world)
    client = login(world.alice)
    old = _make_address(client)
    new = _make_address(client)
    assert _feed(old).status_code == 404 and _feed(new).status_code == 200
    client.post(reverse("appointments:feed-settings"), {"action": "revoke"})
    assert _feed(new).status_code == 404
    newest = _make_address(client)
    world.alice.active = False
    world.alice.save()
    assert _feed(newest).status_code == 404
    assert _feed("x" * 500).status_code == 404


def test_the_feed_follows_the_policy_on_every_request(world):
    consent = give_consent(world.family, world.partner_org, ["plan"], world.alice)
    make_appointment(world, workers=[world.alice, world.charlie],
                     starts_in=timedelta(hours=5))
    token = _make_address(login(world.charlie))
    assert b"VEVENT" in _feed(token).content
    consent.withdrawn_on = timezone.now()
    consent.save()
    assert b"VEVENT" not in _feed(token).content
