"""A review form carries the version it was opened with: a stale save is refused, nothing
typed is lost."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from brug.core.models import AuditEvent
from brug.trajectories.models import Review
from tests.conftest import login
from tests.trajectories.factories import trajectory_world

TODAY = timezone.localdate()
STALE = "Iemand anders heeft deze gegevens intussen gewijzigd"


def _url(world, t):
    return reverse("trajectories:review", args=[world.family.pk, t.trajectory.pk, t.review.pk])


def test_a_second_save_of_a_stale_review_form_is_refused_and_keeps_the_text(world, as_alice):
    t = trajectory_world(world)
    url = _url(world, t)
    opened_by_alice = as_alice.get(url).context["form"]["version"].value()
    bob = login(world.bob)
    opened_by_bob = bob.get(url).context["form"]["version"].value()
    assert opened_by_alice == opened_by_bob == 1

    first = bob.post(url, {"version": opened_by_bob, "held_on": TODAY.isoformat(),
                           "summary": "Bob: de huisbaas heeft de schimmel laten behandelen."})
    assert first.status_code == 302
    yesterday = TODAY - timedelta(days=1)
    second = as_alice.post(url, {"version": opened_by_alice, "held_on": yesterday.isoformat(),
                                 "summary": "Alice: samen de brief aan de huisbaas geschreven."})

    assert second.status_code == 200
    page = second.content.decode()
    assert STALE in page
    # What Alice typed is still in the form, and what Bob saved is named above it.
    assert "Alice: samen de brief aan de huisbaas geschreven." in page
    assert f'value="{yesterday.isoformat()}"' in page
    assert "Bob: de huisbaas heeft de schimmel laten behandelen." in page
    review = Review.objects.get(pk=t.review.pk)
    assert review.summary.startswith("Bob:") and review.held_by == world.bob
    assert review.version == 2
    assert AuditEvent.objects.filter(detail="tussentijdse evaluatie").count() == 1

    # The form now carries the saved version: saving again, after reading, goes through.
    assert f'name="version" value="{review.version}"' in page
    again = as_alice.post(url, {"version": review.version, "held_on": yesterday.isoformat(),
                                "summary": "Alice: samen de brief aan de huisbaas geschreven."})
    assert again.status_code == 302
    review.refresh_from_db()
    assert review.summary.startswith("Alice:") and review.version == 3


def test_a_review_form_without_its_version_is_refused_in_dutch(world, as_alice):
    t = trajectory_world(world)
    response = as_alice.post(_url(world, t), {"held_on": TODAY.isoformat(),
                                              "summary": "Zonder versie"})
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert "Zonder versie" in response.content.decode()
    assert Review.objects.get(pk=t.review.pk).held_on is None


def test_an_unreadable_version_counts_as_stale(world, as_alice):
    t = trajectory_world(world)
    response = as_alice.post(_url(world, t), {"version": "NaN", "held_on": TODAY.isoformat(),
                                              "summary": "Tekst die blijft"})
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert "Tekst die blijft" in response.content.decode()
    assert Review.objects.get(pk=t.review.pk).held_on is None
