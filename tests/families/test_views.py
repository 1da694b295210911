from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brug.core.models import AuditEvent
from brug.families.models import Family, Member
from tests.conftest import give_consent, login, make_family

TODAY = timezone.localdate


def _create_payload(**overrides):
    data = {
        "display_name": "Gezin Nieuw",
        "street_address": "Beekstraat 3",
        "postcode": "9000",
        "municipality": "Demostad",
        "neighbourhood": "Kouter",
        "home_languages": "Nederlands",
        "preferred_channel": "visit",
        "phone": "",
        "email": "",
        "contact_worker": "",
        "m-TOTAL_FORMS": "2",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "1000",
        "m-0-role": "parent",
        "m-0-first_name": "Noor",
        "m-0-last_name": "Nieuw",
        "m-0-birth_date": "1994-02-03",
        "m-0-due_date": "",
        "m-0-languages": "",
        "m-1-role": "expected_child",
        "m-1-first_name": "",
        "m-1-last_name": "Nieuw",
        "m-1-birth_date": "",
        "m-1-due_date": (TODAY() + timedelta(days=60)).isoformat(),
        "m-1-languages": "",
    }
    data.update(overrides)
    return data


def test_it_creates_a_family_with_an_expected_child(world, as_alice):
    response = as_alice.post("/gezinnen/nieuw/", _create_payload())
    family = Family.objects.get(display_name="Gezin Nieuw")
    assert response.status_code == 302
    assert family.organisation == world.home and family.contact_worker == world.alice
    assert sorted(family.members.values_list("role", flat=True)) == ["expected_child", "parent"]
    assert AuditEvent.objects.filter(family_id=family.pk, action="create").exists()


def test_it_refuses_an_empty_family_and_keeps_the_input(world, as_alice):
    payload = _create_payload()
    for i in (0, 1):
        for f in ("role", "first_name", "last_name", "birth_date", "due_date", "languages"):
            payload[f"m-{i}-{f}"] = ""
    response = as_alice.post("/gezinnen/nieuw/", payload)
    assert response.status_code == 200
    assert "minstens één gezinslid" in response.content.decode()
    assert 'value="Gezin Nieuw"' in response.content.decode()
    assert not Family.objects.filter(display_name="Gezin Nieuw").exists()


def test_it_explains_a_due_date_in_the_past(world, as_alice):
    response = as_alice.post(
        "/gezinnen/nieuw/",
        _create_payload(**{"m-1-due_date": (TODAY() - timedelta(days=2)).isoformat()}),
    )
    assert "De verwachte geboortedatum ligt in het verleden" in response.content.decode()
    assert not Family.objects.filter(display_name="Gezin Nieuw").exists()


def test_it_explains_a_birth_date_in_the_future(world, as_alice):
    response = as_alice.post(
        "/gezinnen/nieuw/",
        _create_payload(**{"m-0-birth_date": (TODAY() + timedelta(days=2)).isoformat()}),
    )
    assert "De geboortedatum ligt in de toekomst" in response.content.decode()


def test_it_explains_an_unknown_postcode_format(world, as_alice):
    response = as_alice.post("/gezinnen/nieuw/", _create_payload(postcode="90"))
    assert "Onbekende postcode" in response.content.decode()


def test_a_second_save_of_the_same_version_is_refused_and_the_form_kept(world):
    alice, bob = login(world.alice), login(world.bob)
    url = f"/gezinnen/{world.family.pk}/bewerken/"
    base = {
        "display_name": world.family.display_name,
        "street_address": "Kerkstraat 1",
        "postcode": "9000",
        "municipality": "Demostad",
        "neighbourhood": "",
        "home_languages": "",
        "preferred_channel": "visit",
        "phone": "",
        "email": "",
        "contact_worker": world.alice.pk,
        "version": world.family.version,
    }
    first = alice.post(url, {**base, "street_address": "Molenstraat 9"})
    assert first.status_code == 302
    second = bob.post(url, {**base, "street_address": "Stationsplein 2"})
    assert second.status_code == 200
    body = second.content.decode()
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in body
    assert 'value="Stationsplein 2"' in body
    assert "Nu bewaard — Adres: Molenstraat 9." in body  # what the other one saved
    world.family.refresh_from_db()
    assert world.family.street_address == "Molenstraat 9"
    # Having read that, Bob saves again on purpose: the form now carries the saved version.
    assert f'name="version" value="{world.family.version}"' in body
    third = bob.post(url, {**base, "street_address": "Stationsplein 2",
                           "version": world.family.version})
    assert third.status_code == 302
    world.family.refresh_from_db()
    assert world.family.street_address == "Stationsplein 2"


def test_a_member_edit_with_a_stale_version_is_refused(world, as_alice):
    member = world.parent
    url = f"/gezinnen/{world.family.pk}/leden/{member.pk}/"
    data = {
        "role": "parent",
        "first_name": "Mira",
        "last_name": "Anders",
        "birth_date": "1990-05-01",
        "due_date": "",
        "languages": "",
        "version": member.version,
    }
    Member.objects.filter(pk=member.pk).update(version=member.version + 1)
    response = as_alice.post(url, data)
    assert "Iemand anders" in response.content.decode()
    member.refresh_from_db()
    assert member.last_name == "Test"


def test_a_partner_sees_only_the_shared_categories_on_the_dossier(world):
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    body = login(world.charlie).get(f"/gezinnen/{world.family.pk}/").content.decode()
    assert "Gezin Test" in body
    assert "Kerkstraat" not in body  # contact details not shared
    assert "Mira" not in body  # household not shared
    assert AuditEvent.objects.filter(
        family_id=world.family.pk, actor=world.charlie.user, action="view", category="identity"
    ).exists()


def test_a_partner_can_not_edit_the_family(world):
    give_consent(world.family, world.partner_org, ["identity", "contact"], world.alice)
    response = login(world.charlie).get(f"/gezinnen/{world.family.pk}/bewerken/")
    assert response.status_code == 403


def test_the_read_only_dossier_refuses_changes(world, as_alice):
    world.mandate.ended_on = TODAY()
    world.mandate.save()
    assert as_alice.get(f"/gezinnen/{world.family.pk}/bewerken/").status_code == 403
    response = as_alice.get(f"/gezinnen/{world.family.pk}/")
    assert "Alleen lezen" in response.content.decode()


def test_search_finds_by_name_and_postcode_among_visible_families_only(world, as_alice):
    make_family(world.partner_org, world.charlie, name="Gezin Elders")
    by_name = as_alice.get("/gezinnen/?q=Test&scope=all").content.decode()
    assert "Gezin Test" in by_name and "Gezin Elders" not in by_name
    by_postcode = as_alice.get("/gezinnen/?q=9000&scope=all").content.decode()
    assert "Gezin Test" in by_postcode and "Gezin Elders" not in by_postcode


def test_export_lists_only_visible_families_and_is_audited(world, as_alice):
    make_family(world.partner_org, world.charlie, name="Gezin Elders")
    response = as_alice.get("/gezinnen/export.csv?scope=all")
    body = response.content.decode("utf-8-sig")
    assert "Gezin Test" in body and "Gezin Elders" not in body
    assert AuditEvent.objects.filter(family_id=world.family.pk, action="export").exists()


def test_family_list_query_count_does_not_grow_with_data(world, as_alice):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            as_alice.get("/gezinnen/?scope=all")
        return len(ctx.captured_queries)

    count()
    few = count()
    assert few == 3  # session, user, the page of families with its total (COUNT(*) OVER ())
    for i in range(30):
        f = make_family(world.home, world.alice, name=f"Gezin {i:02d}")
        give_consent(f, world.partner_org, ["identity"], world.alice)
    assert count() == few


def test_dossier_query_count_does_not_grow_with_members(world, as_alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            as_alice.get(f"/gezinnen/{world.family.pk}/")
        return len(ctx.captured_queries)

    count()  # warm up: the first request creates the session and the audit head
    few = count()
    # session, user, the family with its mandate state (and the running mandate's date); the
    # read's audit events (savepoint, head, insert, head, release); the members; the
    # overview's glances (families/overview.py: consents 1, open trajectories, goals and last
    # contact 3, open referrals 1, rights in progress 1, the next appointment 1).
    assert few == 16
    for i in range(10):
        Member.objects.create(
            family=world.family,
            role="child",
            first_name=f"K{i}",
            birth_date=TODAY() - timedelta(days=300 + i),
        )
        give_consent(world.family, world.partner_org, ["identity"], world.alice)
    assert count() == few


def test_family_cards_escape_names_and_link_to_the_dossier(world, as_alice):
    family = make_family(world.home, world.alice, name='Gezin <img src=x onerror="alert(1)">')
    Family.objects.filter(pk=family.pk).update(neighbourhood="<b>Wijk</b>")
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):  # the page and its htmx rows
        page = as_alice.get(reverse("families:list"), **headers).content.decode()
        assert "<img src=x" not in page and "<b>Wijk" not in page
        assert "Gezin &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
        assert "&lt;b&gt;Wijk&lt;/b&gt;" in page
        assert f'href="{reverse("families:detail", args=[family.pk])}"' in page
        assert world.alice.display_name in page  # the contact person on the card


def test_the_dossier_comes_with_its_organisation_and_contact_worker(world, as_alice):
    response = as_alice.get(reverse("families:detail", args=[world.family.pk]))
    family = response.context["family"]
    assert family.pk == world.family.pk and family.display_name == world.family.display_name
    # Read together with the family (select_related): no query when followed.
    with CaptureQueriesContext(connection) as ctx:
        assert family.organisation.short_name == world.home.short_name
        assert family.contact_worker.display_name == world.alice.display_name
    assert not ctx.captured_queries
    world.family.contact_worker = None
    world.family.save()
    family = as_alice.get(reverse("families:detail", args=[world.family.pk])).context["family"]
    with CaptureQueriesContext(connection) as ctx:
        assert family.contact_worker is None
    assert not ctx.captured_queries


def test_a_dossier_that_does_not_exist_is_not_found(world, as_alice):
    for family_id in (world.family.pk + 1000, 10**20):
        assert as_alice.get(f"/gezinnen/{family_id}/").status_code == 404


def test_every_tab_links_to_its_page_of_this_family(world):
    """The tab bar's URLs are reversed once per process with a placeholder (families/tabs.py):
    each must be what `reverse` gives for this family."""
    from brug.access import policy
    from brug.families import tabs

    for family in (world.family, make_family(world.home, world.alice, name="Gezin Twee")):
        shown = tabs.tabs_for(family, policy.access_for(world.alice, family))
        assert len(shown) > 5
        for tab in shown:
            assert tab["url"] == reverse(tabs._tabs[tab["key"]].url_name, args=[family.pk])
