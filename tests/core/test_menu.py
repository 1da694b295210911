"""The menu is kept per process per combination of permissions: each worker still gets theirs."""

import re

from django.urls import reverse

from tests.conftest import login


def _menu(worker) -> str:
    page = login(worker).get(reverse("families:list")).content.decode()
    return re.search(r'<nav aria-label="Hoofdmenu">.*?</nav>', page, re.S).group(0)


def test_each_worker_gets_the_menu_of_their_own_permissions_in_any_order(world):
    network, bundle = reverse("network:organisations"), reverse("signals:bundle")
    new_family = reverse("families:create")
    for _round in range(2):  # the second round reads the kept fragments
        cora, vera, alice = _menu(world.cora), _menu(world.vera), _menu(world.alice)
        assert network in cora and bundle in cora
        assert network not in vera and bundle not in vera and new_family not in vera
        assert network not in alice and bundle in alice and new_family in alice
