from __future__ import annotations

from django.urls import reverse

from brug.search import selectors
from tests.conftest import give_consent, login, make_family
from tests.network_world import build_network_objects


def _search(worker, q):
    return login(worker).get(reverse("search:search"), {"q": q}).content.decode()


def test_the_home_organisation_finds_families_services_and_referrals(world):
    net = build_network_objects(world)
    results = selectors.search(world.alice, "Gezin Test")
    assert [f.pk for f in results.families.rows] == [world.family.pk]
    assert [r.pk for r in results.referrals.rows] == [net.referral.pk]
    body = _search(world.alice, "woonbegeleiding")
    assert "Woonbegeleiding" in body
    assert reverse("directory:service", args=[net.service.pk]) in body
    assert reverse("referrals:detail", args=[net.referral.pk]) in body


def test_a_family_seen_only_with_plan_is_matched_only_on_visible_fields(world):
    hidden = make_family(world.home, world.alice, "Gezin Verborgenmarker")
    hidden.neighbourhood = "Wijkgeheim"
    hidden.save()
    give_consent(hidden, world.partner_org, ["plan"], world.alice)
    # The partner sees the family (plan) but neither its name nor its neighbourhood.
    for q in ("Verborgenmarker", "Wijkgeheim"):
        assert selectors.search(world.charlie, q).empty
        body = _search(world.charlie, q)
        assert "Niets gevonden" in body
        assert reverse("families:detail", args=[hidden.pk]) not in body
    # Its own organisation finds it by either.
    assert [f.pk for f in selectors.search(world.alice, "Wijkgeheim").families.rows] == [
        hidden.pk]


def test_a_family_found_by_a_visible_field_shows_no_hidden_one(world):
    family = make_family(world.home, world.alice, "Gezin Naammarker")
    family.neighbourhood = "Wijkzichtbaar"
    family.save()
    give_consent(family, world.partner_org, ["contact"], world.alice)
    body = _search(world.charlie, "Wijkzichtbaar")
    assert reverse("families:detail", args=[family.pk]) in body
    assert "Naammarker" not in body
    assert selectors.search(world.charlie, "Naammarker").empty


def test_another_organisation_finds_nothing_of_the_family(world):
    net = build_network_objects(world)
    results = selectors.search(world.olga, "Gezin Test")
    assert results.empty
    body = _search(world.olga, "Gezin Test")
    assert reverse("families:detail", args=[world.family.pk]) not in body
    assert reverse("referrals:detail", args=[net.referral.pk]) not in body
    # The sociale kaart is the whole network's.
    assert [s.pk for s in selectors.search(world.olga, "woonbegeleiding").services.rows] == [
        net.service.pk]


def test_groups_are_capped_with_a_link_to_the_full_list(world):
    for i in range(selectors.PER_GROUP + 2):
        make_family(world.home, world.alice, f"Gezin Reeks {i}")
    results = selectors.search(world.alice, "Reeks")
    assert len(results.families.rows) == selectors.PER_GROUP and results.families.more
    body = _search(world.alice, "Reeks")
    assert f'{reverse("families:list")}?q=Reeks&amp;scope=all' in body


def test_a_too_short_query_searches_nothing(world):
    assert selectors.search(world.alice, " a ") is None
    assert "Typ minstens 2 tekens" in _search(world.alice, "a")
    assert login(world.alice).get(reverse("search:search")).status_code == 200
