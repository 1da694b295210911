"""Queries compiled once: the same rows as the ORM gives."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from brug.consent.models import SharingConsent, consents_in_force
from brug.core.prepared import Prepared
from tests.conftest import give_consent, make_family

pytestmark = pytest.mark.django_db


def _consents(organisation_id, day):
    return (SharingConsent.objects.filter(consents_in_force(day), organisation_id=organisation_id,
                                          family__display_name__startswith="Gezin")
            .values_list("family_id", "valid_until", "created_at").order_by("id"))


CONSENTS = Prepared(_consents, organisation_id=-7, day=date(1901, 2, 3))


def test_the_prepared_query_gives_the_rows_the_orm_gives_for_every_parameter(world):
    today = timezone.localdate()
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    other = make_family(world.home, world.alice, name="Gezin Twee")
    give_consent(other, world.partner_org, ["identity"], world.alice,
                 valid_until=today + timedelta(days=3))
    for org in (world.partner_org, world.outsider_org, world.home):
        for day in (today, today + timedelta(days=10), today - timedelta(days=30)):
            assert CONSENTS(organisation_id=org.pk, day=day) == list(_consents(org.pk, day))
    rows = CONSENTS(organisation_id=world.partner_org.pk, day=today)
    assert {r[0] for r in rows} == {world.family.pk, other.pk}
    assert isinstance(rows[0][2], type(timezone.now())) and rows[0][2].tzinfo is not None


def test_a_sentinel_missing_from_the_query_is_refused():
    query = Prepared(lambda day: SharingConsent.objects.values_list("id"), day=date(1901, 2, 3))
    with pytest.raises(ValueError, match="do not appear"):
        query()


def test_a_list_parameter_takes_lists_of_any_length(world):
    ids = Prepared(lambda ids, name: SharingConsent.objects.filter(
        family_id__in=ids, purpose=name).values_list("family_id").order_by("family_id"),
        ids=[-5], name="sentinel-name")
    families = [make_family(world.home, world.alice, name=f"Gezin {i}") for i in range(3)]
    for family in families:
        give_consent(family, world.partner_org, ["identity"], world.alice)
    pks = [f.pk for f in families]
    assert ids(ids=pks[:1], name="test") == [(pks[0],)]
    assert ids(ids=pks, name="test") == [(pk,) for pk in pks]
    assert ids(ids=[*pks, 999_999], name="other") == []
    with pytest.raises(ValueError, match="empty"):
        ids(ids=[], name="test")
    assert ids(ids={pks[1], pks[2]}, name="test") == [(pks[1],), (pks[2],)]  # any iterable


@pytest.mark.skipif(connection.vendor != "postgresql", reason="arrays are PostgreSQL's")
def test_on_postgresql_a_list_is_one_array_parameter_so_the_statement_never_changes(world):
    ids = Prepared(lambda ids: SharingConsent.objects.filter(family_id__in=ids)
                   .values_list("family_id"), ids=[-5])
    family = make_family(world.home, world.alice, name="Gezin Een")
    give_consent(family, world.partner_org, ["identity"], world.alice)
    statements = set()
    for n in (1, 2, 60):
        with CaptureQueriesContext(connection) as ctx:
            assert ids(ids=[family.pk, *range(-n, -1)]) == [(family.pk,)]
        assert "= ANY(" in ctx.captured_queries[0]["sql"]
        statements.add(ids._statement(ids._compiled["default"], {"ids": range(n)})[0])
    assert len(statements) == 1 and " IN (" not in statements.pop()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_queries_planned_per_call_are_never_prepared(world):
    from brug.core.prepared import planned_per_call

    if not connection.settings_dict["OPTIONS"].get("prepare_threshold"):
        pytest.skip("prepared statements are turned off in these settings")

    def prepared(column):
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                        [f'%"consent_sharingconsent"."{column}"%'])
            return cur.fetchone()[0]

    def run(column):
        for _ in range(6):  # past psycopg's threshold (settings: 2)
            list(SharingConsent.objects.filter(purpose__contains="x").values_list(column))

    with planned_per_call():
        run("valid_until")
    run("valid_from")
    assert prepared("valid_from") == 1  # as usual: prepared
    assert prepared("valid_until") == 0


def test_a_union_gives_each_part_the_rows_of_its_own_query_in_one_statement(world):
    from brug.core.prepared import PreparedUnion

    families = [make_family(world.home, world.alice, name=f"Gezin {i}") for i in range(4)]
    for family in families[:3]:
        give_consent(family, world.partner_org, ["identity"], world.alice,
                     valid_until=date(2031, 1, 2))
    # Parts of different widths and column types (a date, text, a number, a boolean), each
    # with its own order and limit, sharing a parameter.
    consents = Prepared(lambda org: SharingConsent.objects.filter(organisation_id=org)
                        .order_by("-id").values_list("valid_until", "family__display_name",
                                                     "id")[:2], org=-7)
    users = Prepared(lambda name: get_user_model().objects.filter(username=name)
                     .values_list("is_active", "username"), name="~")
    org_families = Prepared(lambda org, home: SharingConsent.objects.filter(
        organisation_id=org, family__organisation_id=home).values_list("family_id"),
        org=-7, home=-8)
    union = PreparedUnion(consents=consents, users=users, families=org_families)
    values = {"org": world.partner_org.pk, "name": "alice", "home": world.home.pk}
    with CaptureQueriesContext(connection) as ctx:
        found = union(**values)
    assert len(ctx.captured_queries) == 1
    assert sorted(found["consents"], key=lambda r: -r[2]) == consents(org=values["org"])
    assert found["consents"][0][0] == date(2031, 1, 2)  # converted as its own query would
    assert found["users"] == [(True, "alice")]
    assert sorted(found["families"]) == sorted(org_families(org=values["org"],
                                                            home=values["home"]))
    empty = union(org=world.outsider_org.pk, name="nobody", home=world.home.pk)
    assert empty == {"consents": [], "users": [], "families": []}
