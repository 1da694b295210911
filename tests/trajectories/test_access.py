"""What the trajectory pages and the agenda show depends on the categories the family shares
with the viewer's organisation: a child's name only with `household`, the family's name only
with `identity`, trajectory lines only with `plan`."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from brug.access import policy
from brug.families.models import Family, Member
from brug.network.models import Worker
from brug.trajectories import selectors
from brug.trajectories.models import PlannedEndChange, Programme, Trajectory
from tests.conftest import give_consent, login, make_family, make_worker
from tests.trajectories.factories import trajectory_world

TODAY = timezone.localdate()
CHILD = "Roosmarijn"


def _born(world):
    """A child born last week moved the planned end of the world's trajectory."""
    t = trajectory_world(world)
    child = Member.objects.create(family=world.family, role="child", first_name=CHILD,
                                  birth_date=TODAY - timedelta(days=7))
    PlannedEndChange.objects.create(trajectory=t.trajectory, member=child, by=world.alice,
                                    previous_end_on=date(2027, 3, 1),
                                    new_end_on=date(2029, 11, 27))
    return reverse("trajectories:detail", args=[world.family.pk, t.trajectory.pk])


def test_trajectory_page_names_the_child_only_with_household(world, as_alice):
    url = _born(world)
    assert f"(geboorte van {CHILD})" in as_alice.get(url).content.decode()

    give_consent(world.family, world.partner_org, ["identity", "plan"], world.alice)
    page = login(world.charlie).get(url).content.decode()
    assert "Geplande einddatum verschoven van 1 maart 2027 naar 27 november 2029." in page
    assert CHILD not in page and "geboorte" not in page


def test_trajectory_page_names_the_child_when_household_is_shared(world):
    url = _born(world)
    give_consent(world.family, world.partner_org, ["plan", "household"], world.alice)
    assert f"(geboorte van {CHILD})" in login(world.charlie).get(url).content.decode()


def _followed_by_charlie(world, name="Gezin Vertrouwelijk"):
    """A family of Alice's organisation whose trajectory Charlie (a partner) follows up, with
    a review overdue."""
    programme = Programme.objects.create(network=world.network, name="Opvolging")
    family = make_family(world.home, world.alice, name=name)
    trajectory = Trajectory.objects.create(
        programme=programme, family=family, responsible=world.charlie,
        started_on=TODAY - timedelta(days=100), planned_end_on=TODAY + timedelta(days=200))
    trajectory.reviews.create(due_on=TODAY - timedelta(days=3))
    return family, trajectory


def test_agenda_names_a_family_only_with_identity(world):
    family, trajectory = _followed_by_charlie(world)
    consent = give_consent(family, world.partner_org, ["plan"], world.alice)
    client = login(world.charlie)
    page = client.get(reverse("trajectories:agenda")).content.decode()
    detail = reverse("trajectories:detail", args=[family.pk, trajectory.pk])
    assert f'<a href="{detail}">Gezin nr. {family.pk}</a> — Opvolging' in page
    assert "Gezin Vertrouwelijk" not in page

    consent.withdrawn_on = timezone.now()
    consent.save()
    give_consent(family, world.partner_org, ["identity", "plan"], world.alice)
    page = client.get(reverse("trajectories:agenda")).content.decode()
    assert f'<a href="{detail}">Gezin Vertrouwelijk</a> — Opvolging' in page


def test_agenda_shows_a_trajectory_only_with_plan(world):
    _followed_by_charlie(world)
    give_consent(Family.objects.get(display_name="Gezin Vertrouwelijk"), world.partner_org,
                 ["identity"], world.alice)
    page = login(world.charlie).get(reverse("trajectories:agenda")).content.decode()
    assert "Gezin Vertrouwelijk" not in page and "Opvolging" not in page
    assert "Niets dringends deze week." in page


def test_trajectory_pages_title_a_family_without_identity_neutrally(world):
    t = trajectory_world(world)
    give_consent(world.family, world.partner_org, ["plan"], world.alice)
    client = login(world.charlie)
    args = [world.family.pk, t.trajectory.pk]
    for name in ("detail", "plan", "plan-family"):
        page = client.get(reverse(f"trajectories:{name}", args=args)).content.decode()
        assert f"Gezin nr. {world.family.pk}" in page, name
    page = client.get(reverse("trajectories:plan-family", args=args)).content.decode()
    assert world.family.display_name not in page


def test_categories_by_family_answers_what_access_for_answers(world):
    """The agenda's batch check and the policy's single check agree for every kind of worker
    and consent state."""
    other_home = make_family(world.home, world.alice, name="Gezin Twee")
    elsewhere = make_family(world.partner_org, world.charlie, name="Gezin Elders")
    anonymised = make_family(world.home, world.alice, name="Gezin Weg")
    Family.objects.filter(pk=anonymised.pk).update(anonymised_at=timezone.now())
    families = [world.family, other_home, elsewhere, anonymised]
    ids = {f.pk for f in families} | {999_999}
    make_worker("petra", world.partner_org, "supporter,volunteer", "Petra Peeters")
    make_worker("hans", world.home, "volunteer", "Hans Huys")

    def agree():
        for worker in Worker.objects.select_related("organisation"):
            expected = {}
            for family in Family.objects.filter(pk__in=ids):
                access = policy.access_for(worker, family, day=TODAY)
                if access.any:
                    expected[family.pk] = access.categories
            assert selectors.categories_by_family(worker, ids, day=TODAY) == expected, worker

    agree()
    give_consent(world.family, world.partner_org, ["identity", "plan"], world.alice)
    give_consent(world.family, world.partner_org, ["household"], world.alice)
    give_consent(world.family, world.volunteer_org, ["identity"], world.alice)
    Family.objects.filter(pk=other_home.pk).update(contact_worker=world.vera)
    give_consent(other_home, world.volunteer_org, ["plan"], world.alice)
    give_consent(other_home, world.home, ["plan"], world.alice)
    give_consent(elsewhere, world.home, ["identity", "contact"], world.charlie)
    give_consent(elsewhere, world.partner_org, ["consent"], world.charlie)
    give_consent(anonymised, world.partner_org, ["identity"], world.alice)
    agree()
    assert selectors.categories_by_family(world.charlie, ids, day=TODAY)[world.family.pk] == {
        "identity", "plan", "household"}
    Worker.objects.filter(pk=world.alice.pk).update(active=False)
    agree()
