"""Shared test world (after healthchecks' Alice/Bob/Charlie).

- `home`: the family's organisation (OCMW). `alice` is the family's contact person there
  (supporter), `bob` a colleague (experience expert).
- `partner_org` (CAW) with `charlie`, a partner worker: sees only what a consent shares.
- `outsider_org` (CLB) with `olga`: never has a consent.
- `vera`: a volunteer (Domo), `cora`: the network coordinator, `adam`: an administrator.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation

from brug.consent.models import Mandate, SharingConsent
from brug.core.categories import join_categories
from brug.families.models import Family, Member
from brug.network.models import Network, Organisation, Worker

PASSWORD = "test-pass-123"


class World:
    pass


def make_worker(username: str, org: Organisation, roles: str, name: str | None = None) -> Worker:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    return Worker.objects.create(
        user=user,
        organisation=org,
        display_name=name or username.title(),
        roles=Worker.join_roles(roles.split(",")),
    )


def make_family(org: Organisation, contact: Worker | None, name: str = "Gezin Test") -> Family:
    family = Family.objects.create(
        organisation=org,
        contact_worker=contact,
        display_name=name,
        postcode="9000",
        municipality="Demostad",
        street_address="Kerkstraat 1",
    )
    Member.objects.create(
        family=family,
        role="parent",
        first_name="Mira",
        last_name="Test",
        birth_date=date(1990, 5, 1),
    )
    Member.objects.create(
        family=family,
        role="child",
        first_name="Ode",
        last_name="Test",
        birth_date=timezone.localdate() - timedelta(days=400),
    )
    return family


def give_consent(
    family: Family, org: Organisation, categories: list[str], by: Worker, **kwargs
) -> SharingConsent:
    kwargs.setdefault("valid_from", timezone.localdate() - timedelta(days=1))
    return SharingConsent.objects.create(
        family=family,
        organisation=org,
        categories=join_categories(categories),
        purpose="test",
        given_by=family.members.filter(role="parent").first(),
        recorded_by=by,
        **kwargs,
    )


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what an earlier test cached under a network's
    version must not answer for another test's network (SQLite reuses rolled-back ids)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _dutch_unless_a_test_asks_otherwise():
    """Every test starts in Dutch: a request of an earlier test (a French or English browser)
    leaves its language active in the thread, as LocaleMiddleware does not reset it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _audit_table_flushable():
    """Tests that commit (browser tests) are cleaned up by Django's flush, one TRUNCATE of every
    table; PostgreSQL refuses TRUNCATE of the audit trail (its trigger), so the flush lifts that
    trigger for its own transaction only."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush
    toggle = "ALTER TABLE core_auditevent {} TRIGGER core_auditevent_append_only"

    def execute_sql_flush(self, sql_list):
        original(self, [toggle.format("DISABLE"), *sql_list, toggle.format("ENABLE")])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture
def world(db) -> World:
    w = World()
    w.network = Network.objects.create(name="Testnetwerk")
    w.home = Organisation.objects.create(
        network=w.network, name="OCMW Test", short_name="OCMW", kind="ocmw"
    )
    w.partner_org = Organisation.objects.create(
        network=w.network, name="CAW Test", short_name="CAW", kind="caw"
    )
    w.outsider_org = Organisation.objects.create(
        network=w.network, name="CLB Test", short_name="CLB", kind="clb"
    )
    w.volunteer_org = Organisation.objects.create(
        network=w.network, name="Domo Test", short_name="Domo", kind="volunteer"
    )
    w.hub = Organisation.objects.create(
        network=w.network, name="Huis van het Kind", short_name="HvK", kind="other"
    )
    w.alice = make_worker("alice", w.home, "supporter", "Alice Aerts")
    w.bob = make_worker("bob", w.home, "experience_expert", "Bob Bakkali")
    w.charlie = make_worker("charlie", w.partner_org, "partner", "Charlie Claes")
    w.olga = make_worker("olga", w.outsider_org, "partner", "Olga Ouedraogo")
    w.vera = make_worker("vera", w.volunteer_org, "volunteer", "Vera Verbeke")
    w.cora = make_worker("cora", w.hub, "coordinator", "Cora Coppens")
    w.adam = make_worker("adam", w.hub, "administrator", "Adam Amrani")
    w.family = make_family(w.home, w.alice)
    w.parent = w.family.members.get(role="parent")
    w.mandate = Mandate.objects.create(
        family=w.family,
        given_by=w.parent,
        given_on=timezone.localdate() - timedelta(days=10),
        form="oral",
        scope="begeleiding",
        recorded_by=w.alice,
    )
    return w


def login(worker: Worker) -> Client:
    client = Client()
    client.force_login(worker.user)
    return client


@pytest.fixture
def as_alice(world) -> Client:
    return login(world.alice)
