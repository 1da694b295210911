"""One encoding of multi-value fields (`core.multivalue`) and one list of life domains
(`core.domain_names`, `core.domains`), used by every app."""

from __future__ import annotations

import pytest

from brug.core import multivalue
from brug.core.categories import Category, join_categories, parse_categories
from brug.core.domain_names import GOAL_PLAN, LEVENSWEB
from brug.core.domains import LevenswebDomain, LifeDomain
from brug.core.roles import Role
from brug.directory.models import Service
from brug.network.models import Worker
from brug.rights.engine import DOMAINS
from brug.signals.models import Signal
from brug.trajectories.models import Goal, Programme


@pytest.mark.parametrize("raw, codes", [("", []), (None, []), (",a,", ["a"]),
                                        (",b,a,", ["b", "a"])])
def test_split_reads_the_stored_codes(raw, codes):
    assert multivalue.split(raw) == codes


def test_join_keeps_the_order_of_the_choices_once_each_and_drops_unknown_codes():
    assert multivalue.join(["coordinator", "supporter", "supporter", "nope"], Role) == \
        ",supporter,coordinator,"
    assert multivalue.join([], Role) == ""
    assert multivalue.join([Role.VOLUNTEER], Role) == ",volunteer,"


@pytest.mark.parametrize("codes", [[], ["identity"], ["plan", "identity", "rights"]])
def test_join_and_split_are_each_others_inverse(codes):
    stored = multivalue.join(codes, Category)
    assert sorted(multivalue.split(stored)) == sorted(codes)
    assert multivalue.join(multivalue.split(stored), Category) == stored


def test_every_app_stores_lists_in_the_one_encoding():
    chosen = ["coordinator", "supporter"]
    assert Worker.join_roles(chosen) == multivalue.join(chosen, Role)
    assert Worker(roles=Worker.join_roles(chosen)).role_list == ["supporter", "coordinator"]
    assert join_categories(["plan", "identity"]) == ",identity,plan,"
    assert parse_categories(",identity,plan,") == ["identity", "plan"]
    assert Programme(referrer_kinds=",clb,police,").referrer_kind_list == ["clb", "police"]
    assert Service(life_domains=",werk,voeding,").life_domain_list == ["werk", "voeding"]
    assert Signal(dimensions=",bekend,").dimension_list == ["bekend"]


def test_a_code_is_found_with_the_lookup_the_indexes_use():
    q = multivalue.holds("roles", "partner")
    assert q.children == [("roles__contains", ",partner,")]
    # no code is found inside another one
    assert multivalue.needle("werk") not in ",thuiswerk,"


def test_the_life_domains_are_one_list():
    nine = [code for _n, code, _l in GOAL_PLAN]
    assert LifeDomain.values == nine
    assert LevenswebDomain.values[:9] == nine and len(LevenswebDomain.values) == 12
    assert [code for _n, code, _l in LEVENSWEB] == LevenswebDomain.values
    assert list(DOMAINS) == nine  # the framework-free rights engine
    assert DOMAINS["vrije_tijd"] == "Vrije tijd"
    assert [c for c, _label in Goal._meta.get_field("life_domain").choices] == nine
    assert [c for c, _label in Signal._meta.get_field("life_domain").choices] == \
        LevenswebDomain.values
    assert LevenswebDomain("juridisch").label == "juridische hulp"
    assert LifeDomain.WORK == LevenswebDomain.WORK == "werk"
