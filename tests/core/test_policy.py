"""The access policy as a matrix: roles × consent states × categories."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from brug.core import policy
from brug.core.categories import SHAREABLE_CATEGORIES, Category
from brug.families.models import Family, Note
from tests.conftest import give_consent, make_family, make_worker

ALL = {c.value for c in Category}
TODAY = timezone.localdate


def consent_state(world, state: str, categories=("identity", "household")):
    org = world.partner_org
    if state == "none":
        return
    if state == "in_force":
        give_consent(world.family, org, list(categories), world.alice)
    elif state == "withdrawn":
        give_consent(world.family, org, list(categories), world.alice, withdrawn_on=timezone.now())
    elif state == "expired":
        give_consent(
            world.family,
            org,
            list(categories),
            world.alice,
            valid_from=TODAY() - timedelta(days=30),
            valid_until=TODAY() - timedelta(days=1),
        )
    elif state == "future":
        give_consent(
            world.family, org, list(categories), world.alice, valid_from=TODAY() + timedelta(days=3)
        )


@pytest.mark.parametrize(
    "state,expected",
    [
        ("none", set()),
        ("in_force", {"identity", "household"}),
        ("withdrawn", set()),
        ("expired", set()),
        ("future", set()),
    ],
)
def test_partner_sees_exactly_the_categories_of_a_consent_in_force(world, state, expected):
    consent_state(world, state)
    access = policy.access_for(world.charlie, world.family)
    assert set(access.categories) == expected
    assert not access.may_change
    visible = set(policy.visible_families(world.charlie, Family.objects.all()))
    assert visible == ({world.family} if expected else set())


@pytest.mark.parametrize(
    "who,expected_change",
    [
        ("alice", True),  # supporter, contact person
        ("bob", True),  # experience expert, same organisation
    ],
)
def test_home_organisation_sees_every_category(world, who, expected_change):
    access = policy.access_for(getattr(world, who), world.family)
    assert set(access.categories) == ALL
    assert access.may_change is expected_change


def test_home_partner_worker_sees_but_does_not_change(world):
    partner_at_home = make_worker("henk", world.home, "partner")
    access = policy.access_for(partner_at_home, world.family)
    assert set(access.categories) == ALL
    assert not access.may_change


@pytest.mark.parametrize("category", [c.value for c in SHAREABLE_CATEGORIES])
def test_consent_for_one_category_opens_only_that_category(world, category):
    give_consent(world.family, world.partner_org, [category], world.alice)
    access = policy.access_for(world.charlie, world.family)
    assert set(access.categories) == {category}


def test_consent_category_itself_can_not_be_shared(world):
    give_consent(world.family, world.partner_org, ["consent", "identity"], world.alice)
    assert set(policy.access_for(world.charlie, world.family).categories) == {"identity"}


def test_a_consent_to_another_organisation_opens_nothing_for_the_outsider(world):
    consent_state(world, "in_force")
    assert not policy.access_for(world.olga, world.family).any


def test_administrator_and_coordinator_of_another_organisation_see_no_family(world):
    assert not policy.access_for(world.adam, world.family).any
    assert not policy.access_for(world.cora, world.family).any
    assert not policy.visible_families(world.cora, Family.objects.all()).exists()


def test_volunteer_needs_assignment_and_consent(world):
    give_consent(world.family, world.volunteer_org, ["identity", "plan"], world.alice)
    assert not policy.access_for(world.vera, world.family).any  # consent, not assigned
    world.family.contact_worker = world.vera
    world.family.save()
    assert set(policy.access_for(world.vera, world.family).categories) == {"identity", "plan"}
    assert list(policy.visible_families(world.vera, Family.objects.all())) == [world.family]


def test_volunteer_assigned_without_consent_sees_nothing(world):
    world.family.contact_worker = world.vera
    world.family.save()
    assert not policy.access_for(world.vera, world.family).any


def test_inactive_worker_sees_nothing(world):
    world.alice.active = False
    world.alice.save()
    assert not policy.access_for(world.alice, world.family).any
    assert not policy.visible_families(world.alice, Family.objects.all()).exists()


def test_ended_mandate_makes_the_dossier_read_only_for_everyone(world):
    world.mandate.ended_on = TODAY()
    world.mandate.save()
    access = policy.access_for(world.alice, world.family)
    assert access.read_only and not access.may_change
    assert access.can_view("identity")


def test_a_family_without_any_mandate_yet_can_be_prepared(world):
    world.mandate.delete()
    assert policy.access_for(world.alice, world.family).may_change


def test_confidential_notes_stay_inside_the_authors_organisation(world):
    give_consent(world.family, world.partner_org, ["domain_notes"], world.alice)
    open_note = Note.objects.create(
        family=world.family, author=world.alice, organisation=world.home, text="gedeeld"
    )
    secret = Note.objects.create(
        family=world.family,
        author=world.alice,
        organisation=world.home,
        text="beroepsgeheim",
        confidential=True,
    )
    charlie_access = policy.access_for(world.charlie, world.family)
    seen = set(
        policy.visible_notes(world.charlie, world.family, charlie_access, Note.objects.all())
    )
    assert seen == {open_note}
    bob_access = policy.access_for(world.bob, world.family)
    assert secret in set(
        policy.visible_notes(world.bob, world.family, bob_access, Note.objects.all())
    )


def test_young_persons_confidence_never_reaches_the_family_view(world):
    child = world.family.members.get(role="child")
    Note.objects.create(
        family=world.family,
        author=world.alice,
        organisation=world.home,
        text="vertrouwen",
        youth_confidence=True,
        about_member=child,
    )
    Note.objects.create(
        family=world.family, author=world.alice, organisation=world.home, text="gewoon"
    )
    texts = [n.text for n in policy.notes_for_family_view(Note.objects.all())]
    assert texts == ["gewoon"]


def test_visible_family_ids_answers_what_visible_families_answers(world):
    """The compiled batch check and the queryset agree for every kind of worker and state."""
    other_home = make_family(world.home, world.alice, name="Gezin Twee")
    elsewhere = make_family(world.partner_org, world.charlie, name="Gezin Elders")
    anonymised = make_family(world.home, world.alice, name="Gezin Weg")
    Family.objects.filter(pk=anonymised.pk).update(anonymised_at=timezone.now())
    ids = {world.family.pk, other_home.pk, elsewhere.pk, anonymised.pk, 999_999}
    workers = [world.alice, world.bob, world.charlie, world.olga, world.vera, world.cora,
               world.adam]

    def agree():
        for worker in workers:
            worker.refresh_from_db()
            expected = set(policy.visible_families(worker, Family.objects.filter(pk__in=ids))
                           .values_list("pk", flat=True))
            assert policy.visible_family_ids(worker, ids) == expected, worker

    agree()
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    give_consent(world.family, world.volunteer_org, ["identity"], world.alice)
    Family.objects.filter(pk=other_home.pk).update(contact_worker=world.vera)
    give_consent(other_home, world.volunteer_org, ["plan"], world.alice)
    agree()
    assert policy.visible_family_ids(world.charlie, ids) == {world.family.pk, elsewhere.pk}
    assert policy.visible_family_ids(world.vera, ids) == {other_home.pk}
    type(world.alice).objects.filter(pk=world.alice.pk).update(active=False)
    agree()
    assert policy.visible_family_ids(world.alice, ids) == set()
    assert policy.visible_family_ids(world.bob, []) == set()
