"""'My families' includes the families a worker is assigned to (assignment providers), and a
volunteer is not told to create a family she may not create."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from brug.trajectories.models import Programme, Trajectory
from tests.conftest import give_consent, login

TODAY = timezone.localdate()


def _involve_vera(world):
    programme = Programme.objects.create(network=world.network, name="Domo")
    trajectory = Trajectory.objects.create(
        programme=programme, family=world.family, responsible=world.alice,
        started_on=TODAY - timedelta(days=5))
    trajectory.involved.add(world.vera)
    give_consent(world.family, world.volunteer_org, ["identity", "plan"], world.alice)


def test_a_volunteer_in_a_trajectory_sees_that_family_in_her_list(world):
    _involve_vera(world)
    page = login(world.vera).get(reverse("families:list")).content.decode()
    assert "Gezin Test" in page
    assert "maak een nieuw gezin" not in page


def test_a_volunteer_without_families_is_not_told_to_create_one(world):
    page = login(world.vera).get(reverse("families:list")).content.decode()
    assert "maak een nieuw gezin" not in page
    assert "voegt je toe aan een traject" in page


def test_without_the_family_s_consent_she_still_sees_nothing(world):
    _involve_vera(world)
    world.family.consents.all().delete()
    page = login(world.vera).get(reverse("families:list")).content.decode()
    assert "Gezin Test" not in page


def test_a_supporter_still_sees_her_own_families_and_may_create(world, as_alice):
    page = as_alice.get(reverse("families:list")).content.decode()
    assert "Gezin Test" in page
    assert "waar ik contactpersoon of betrokken ben" in page
