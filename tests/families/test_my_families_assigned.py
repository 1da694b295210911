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


def _matched_family(world, name: str):
    """A family of the home organisation matched with vera (a running volunteer match)."""
    from brug.volunteers.models import Match, VolunteerRequest
    from tests.conftest import make_family

    family = make_family(world.home, world.bob, name=name)
    consent = give_consent(family, world.volunteer_org, ["identity", "plan"], world.alice)
    request = VolunteerRequest.objects.create(family=family, help_kinds=",paperwork,",
                                              created_by=world.alice)
    return Match.objects.create(request=request, family=family, volunteer=world.vera,
                                coordinator=world.alice, categories=",identity,plan,",
                                consent=consent, started_on=TODAY, created_by=world.alice)


def test_each_assignment_lists_the_family_and_an_ended_one_does_not(world):
    from tests.conftest import make_family

    programme = Programme.objects.create(network=world.network, name="Domo")
    responsible = make_family(world.home, world.bob, name="Gezin Verantwoordelijk")
    Trajectory.objects.create(programme=programme, family=responsible, responsible=world.alice,
                              started_on=TODAY)
    involved = make_family(world.home, world.bob, name="Gezin Betrokken")
    Trajectory.objects.create(programme=programme, family=involved, responsible=world.bob,
                              started_on=TODAY).involved.add(world.alice)
    closed = make_family(world.home, world.bob, name="Gezin Afgesloten")
    Trajectory.objects.create(programme=programme, family=closed, responsible=world.alice,
                              started_on=TODAY, status="closed")
    make_family(world.home, world.bob, name="Gezin Van Bob")
    page = login(world.alice).get(reverse("families:list")).content.decode()
    assert "Gezin Test" in page  # her own, as the contact person
    assert "Gezin Verantwoordelijk" in page and "Gezin Betrokken" in page
    assert "Gezin Afgesloten" not in page and "Gezin Van Bob" not in page

    running = _matched_family(world, "Gezin Gematcht")
    ended = _matched_family(world, "Gezin Gestopt")
    ended.ended_on = TODAY
    ended.save()
    page = login(world.vera).get(reverse("families:list")).content.decode()
    assert running.family.display_name in page
    assert "Gezin Gestopt" not in page


def test_my_families_query_count_does_not_grow_with_assignments(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_family

    programme = Programme.objects.create(network=world.network, name="Domo")
    alice, vera = login(world.alice), login(world.vera)
    _matched_family(world, "Gezin Gematcht")

    def count(client):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("families:list")).status_code == 200
        return len(ctx.captured_queries)

    count(alice), count(vera)
    # session, user, the page of families with its total; for the volunteer also her
    # assignments on the page (policy) and the consents of the page's families.
    assert (count(alice), count(vera)) == (3, 5)
    for i in range(8):
        family = make_family(world.home, world.bob, name=f"Gezin {i:02d}")
        trajectory = Trajectory.objects.create(programme=programme, family=family,
                                               responsible=world.alice, started_on=TODAY)
        trajectory.involved.add(world.vera)
        give_consent(family, world.volunteer_org, ["identity", "plan"], world.alice)
        _matched_family(world, f"Gezin M{i:02d}")
        make_family(world.home, world.alice, name=f"Gezin A{i:02d}")
    assert (count(alice), count(vera)) == (3, 5)
