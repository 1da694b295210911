"""Family-portal fixtures for every test that needs a signed-in family.

- `family_account(world)`: an active portal account of `world.parent` (Mira) of `world.family`,
  PIN `FAMILY_PIN`, created by alice;
- `family_client(world)`: a django test Client signed in with it (through the portal's backend);
- `other_family`/`other_family_client`: a second family of the same organisation with its own
  active account — what the first family must never reach.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from brug.portal.models import AccountStatus, FamilyAccount
from tests.conftest import make_family

FAMILY_PIN = "482916"
BACKEND = "brug.portal.backends.FamilyBackend"


def make_account(family, member, by, *, username: str, pin: str = FAMILY_PIN,
                 language: str = "nl") -> FamilyAccount:
    user = get_user_model().objects.create_user(username=username, password=pin)
    return FamilyAccount.objects.create(user=user, family=family, member=member, created_by=by,
                                        status=AccountStatus.ACTIVE, language=language)


def client_for(account: FamilyAccount) -> Client:
    client = Client()
    client.force_login(account.user, backend=BACKEND)
    return client


@pytest.fixture
def family_account(world) -> FamilyAccount:
    world.account = make_account(world.family, world.parent, world.alice, username="mira-1234")
    return world.account


@pytest.fixture
def family_client(family_account) -> Client:
    return client_for(family_account)


@pytest.fixture
def other_family(world):
    family = make_family(world.home, world.alice, name="Gezin Ander")
    world.other_family = family
    world.other_parent = family.members.get(role="parent")
    world.other_account = make_account(family, world.other_parent, world.alice,
                                       username="ander-5678")
    return family


@pytest.fixture
def other_family_client(other_family, world) -> Client:
    return client_for(world.other_account)
