"""The access policy as a matrix: roles × consent states × categories."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from brug.access import policy
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


CONSENT_STATES = ["none", *[c.value for c in SHAREABLE_CATEGORIES], "all", "withdrawn",
                  "expired"]


def _consent_in_state(family, org, state, by):
    if state == "none":
        return
    categories = [c.value for c in SHAREABLE_CATEGORIES] if state in (
        "all", "withdrawn", "expired") else [state]
    extra = {}
    if state == "withdrawn":
        extra["withdrawn_on"] = timezone.now()
    elif state == "expired":
        extra = {"valid_from": TODAY() - timedelta(days=30),
                 "valid_until": TODAY() - timedelta(days=1)}
    give_consent(family, org, categories, by, **extra)


def test_lists_and_the_dossier_follow_the_same_rule_for_every_role_and_consent_state(world):
    """For every combination of roles, at the family's organisation and at another, assigned
    or not, and every consent state: a family is in `visible_families` iff `access_for(...).any`;
    `categories_by_family` gives `access_for`'s categories; and `families_granting(c)` holds a
    family iff `c` is among them (the search's rule)."""
    from itertools import combinations

    from brug.network.models import Role

    roles = [r.value for r in Role]
    combos = [c for n in range(1, len(roles) + 1) for c in combinations(roles, n)]
    families = {}
    for state in CONSENT_STATES:
        for assigned in (True, False):
            family = make_family(world.home, None, name=f"Gezin {state} {assigned}")
            for org in (world.home, world.partner_org):
                _consent_in_state(family, org, state, world.alice)
            families[family.pk] = assigned
    assigned_ids = [pk for pk, assigned in families.items() if assigned]
    anonymised = make_family(world.home, None, name="Gezin Weg")
    give_consent(anonymised, world.partner_org, ["identity"], world.alice)
    Family.objects.filter(pk=anonymised.pk).update(anonymised_at=timezone.now())
    ids = [*families, anonymised.pk]
    n = 0
    for org in (world.home, world.partner_org):
        for combo in combos:
            n += 1
            worker = make_worker(f"w{n}", org, ",".join(combo))
            Family.objects.filter(pk__in=assigned_ids).update(contact_worker=worker)
            rows = list(Family.objects.filter(pk__in=ids))
            visible = set(policy.visible_families(worker, Family.objects.filter(pk__in=ids))
                          .values_list("pk", flat=True))
            batch = policy.categories_by_family(worker, rows)
            granting = {c.value: set(policy.families_granting(
                worker, Family.objects.filter(pk__in=ids), c.value).values_list("pk", flat=True))
                for c in Category}
            for family in rows:
                access = policy.access_for(worker, family)
                case = (combo, org.short_name, family.display_name)
                assert (family.pk in visible) == access.any, case
                assert batch[family.pk] == access.categories, case
                for category, holding in granting.items():
                    assert (family.pk in holding) == access.can_view(category), (case, category)
            assert policy.visible_family_ids(worker, ids) == visible


def test_a_volunteer_who_is_also_administrator_sees_no_family(world):
    both = make_worker("vadmin", world.volunteer_org, "volunteer,administrator")
    world.family.contact_worker = both
    world.family.save()
    give_consent(world.family, world.volunteer_org, ["identity"], world.alice)
    assert not policy.access_for(both, world.family).any
    assert not policy.visible_families(both, Family.objects.all()).exists()


def test_the_neutral_label_replaces_the_name_and_redacted_fields_are_empty(world):
    give_consent(world.family, world.partner_org, ["plan"], world.alice)
    [seen] = policy.seen_families(world.charlie, [Family.objects.get(pk=world.family.pk)])
    assert seen.display_name == f"Gezin zonder gedeelde naam (nr. {world.family.pk})"
    assert (seen.postcode, seen.street_address, seen.municipality) == ("", "", "")
    assert not seen.shows_identity
    with pytest.raises(ValueError):
        seen.save()  # never written back over what the family told us


def test_consented_families_are_read_once_as_a_list_on_postgresql(world):
    """Rule 3's "own organisation OR a consent in force" as `id = ANY(ARRAY(...))`: the
    consents are read once and the families through their indexes (a name search read every
    matching family of every organisation before), with the same answers as `IN`."""
    from django.db import connection

    from brug.families.selectors import families_visible_to

    shared = make_family(world.partner_org, world.charlie, name="Gezin Gedeeld")
    give_consent(shared, world.home, ["identity"], world.charlie)
    make_family(world.partner_org, world.charlie, name="Gezin Niet Gedeeld")
    found = families_visible_to(world.alice, query="gezin")
    assert {f.display_name for f in found} >= {"Gezin Gedeeld", "Gezin Test"}
    assert "Gezin Niet Gedeeld" not in {f.display_name for f in found}
    sql = str(found.query)
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY(SELECT" in sql and " IN (SELECT" not in sql
    else:
        assert " IN (SELECT" in sql


def test_a_search_finds_only_visible_families_without_a_visibility_filter_of_its_own(world):
    """`families_visible_to` with a query filters by the matched fields' grants only: every
    family it finds must be one `visible_families` lists, for every role and consent state
    (withdrawn, run out, for another category, anonymised, a volunteer's family)."""
    from datetime import timedelta

    from django.utils import timezone

    from brug.access import policy
    from brug.families.models import Family
    from brug.families.selectors import families_visible_to
    from tests.conftest import make_family

    day = timezone.localdate()
    names = ["Gezin Ingetrokken", "Gezin Verlopen", "Gezin Plan", "Gezin Anoniem", "Gezin Vera"]
    withdrawn, expired, plan_only, anonymised, veras = (
        make_family(world.partner_org, world.charlie, name=n) for n in names)
    for family in (withdrawn, expired, plan_only, anonymised, veras):
        Family.objects.filter(pk=family.pk).update(neighbourhood="Sluizeken")
    give_consent(withdrawn, world.home, ["identity", "contact"], world.charlie,
                 withdrawn_on=timezone.now())
    give_consent(expired, world.home, ["identity", "contact"], world.charlie,
                 valid_from=day - timedelta(days=30), valid_until=day - timedelta(days=1))
    give_consent(plan_only, world.home, ["plan"], world.charlie)
    give_consent(anonymised, world.home, ["identity", "contact"], world.charlie)
    Family.objects.filter(pk=anonymised.pk).update(anonymised_at=timezone.now())
    give_consent(veras, world.volunteer_org, ["identity"], world.charlie)
    workers = [world.alice, world.bob, world.charlie, world.olga, world.vera, world.cora,
               world.adam]
    for worker in workers:
        visible = set(policy.visible_families(worker, Family.objects.all())
                      .values_list("pk", flat=True))
        for query in ("gezin", "sluiz", "9000", "90"):
            found = set(families_visible_to(worker, query=query).values_list("pk", flat=True))
            assert found <= visible, (worker.user.username, query)
    # The search still finds what the worker may match: its own and the consented names.
    alice_found = set(families_visible_to(world.alice, query="gezin")
                      .values_list("display_name", flat=True))
    assert alice_found == {"Gezin Test"}
    charlie_found = set(families_visible_to(world.charlie, query="gezin")
                        .values_list("display_name", flat=True))
    assert {"Gezin Ingetrokken", "Gezin Verlopen", "Gezin Plan"} <= charlie_found
