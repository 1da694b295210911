from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from brug.consent.models import Mandate, SharingConsent
from brug.core.models import AuditEvent
from tests.conftest import give_consent, login, make_worker

TODAY = timezone.localdate


def _consent_payload(world, **overrides):
    data = {
        "organisation": world.partner_org.pk,
        "category_choices": ["identity", "household"],
        "purpose": "Woning zoeken",
        "given_by": world.parent.pk,
        "valid_from": TODAY().isoformat(),
        "valid_until": "",
    }
    data.update(overrides)
    return data


def test_recording_a_consent_opens_the_shared_categories_to_the_partner(world, as_alice):
    response = as_alice.post(
        f"/gezinnen/{world.family.pk}/toestemming/nieuw/", _consent_payload(world)
    )
    assert response.status_code == 302
    consent = SharingConsent.objects.get(family=world.family)
    assert consent.category_list == ["identity", "household"]
    assert login(world.charlie).get(f"/gezinnen/{world.family.pk}/").status_code == 200
    assert AuditEvent.objects.filter(
        family_id=world.family.pk, category="consent", action="create"
    ).exists()


def test_a_consent_ending_before_it_starts_is_refused_with_a_message(world, as_alice):
    response = as_alice.post(
        f"/gezinnen/{world.family.pk}/toestemming/nieuw/",
        _consent_payload(
            world,
            valid_from=(TODAY() + timedelta(days=10)).isoformat(),
            valid_until=(TODAY() + timedelta(days=5)).isoformat(),
        ),
    )
    assert response.status_code == 200
    assert "De einddatum ligt vóór de begindatum" in response.content.decode()
    assert not SharingConsent.objects.exists()


def test_a_consent_without_categories_is_refused(world, as_alice):
    response = as_alice.post(
        f"/gezinnen/{world.family.pk}/toestemming/nieuw/",
        _consent_payload(world, category_choices=[]),
    )
    assert "Kies minstens één soort informatie" in response.content.decode()


def test_withdrawing_a_consent_removes_access_immediately(world, as_alice):
    consent = give_consent(world.family, world.partner_org, ["identity"], world.alice)
    charlie = login(world.charlie)
    assert charlie.get(f"/gezinnen/{world.family.pk}/").status_code == 200
    assert "Gezin Test" in charlie.get("/gezinnen/?scope=all").content.decode()
    response = as_alice.post(
        f"/gezinnen/{world.family.pk}/toestemming/{consent.pk}/intrekken/", {"reason": "wil niet"}
    )
    assert response.status_code == 302
    assert charlie.get(f"/gezinnen/{world.family.pk}/").status_code == 404
    assert "Gezin Test" not in charlie.get("/gezinnen/?scope=all").content.decode()


def test_the_partner_can_not_see_or_withdraw_consents(world):
    consent = give_consent(world.family, world.partner_org, ["identity"], world.alice)
    charlie = login(world.charlie)
    assert charlie.get(f"/gezinnen/{world.family.pk}/toestemming/").status_code == 404
    url = f"/gezinnen/{world.family.pk}/toestemming/{consent.pk}/intrekken/"
    assert charlie.post(url, {}).status_code == 404


def test_mandate_is_recorded_once_and_ending_it_makes_the_dossier_read_only(world, as_alice):
    world.mandate.delete()
    url = f"/gezinnen/{world.family.pk}/mandaat/nieuw/"
    data = {
        "given_by": world.parent.pk,
        "given_on": TODAY().isoformat(),
        "form": "written",
        "programme": "VONK",
        "scope": "Hulp bij papieren",
    }
    assert as_alice.post(url, data).status_code == 302
    again = as_alice.post(url, data)
    assert "Er loopt al een mandaat" in again.content.decode()
    mandate = Mandate.objects.get(family=world.family)
    end = as_alice.post(
        f"/gezinnen/{world.family.pk}/mandaat/{mandate.pk}/stoppen/",
        {"ended_on": TODAY().isoformat(), "end_reason": "verhuist"},
    )
    assert end.status_code == 302
    assert as_alice.get(f"/gezinnen/{world.family.pk}/bewerken/").status_code == 403
    tab = as_alice.get(f"/gezinnen/{world.family.pk}/toestemming/").content.decode()
    assert "Er loopt geen mandaat" in tab


def test_a_mandate_in_the_future_is_refused(world, as_alice):
    world.mandate.delete()
    response = as_alice.post(
        f"/gezinnen/{world.family.pk}/mandaat/nieuw/",
        {
            "given_by": world.parent.pk,
            "given_on": (TODAY() + timedelta(days=3)).isoformat(),
            "form": "oral",
            "programme": "",
            "scope": "x",
        },
    )
    assert "ligt in de toekomst" in response.content.decode()


def test_the_audit_tab_tells_who_looked_in_plain_dutch(world, as_alice):
    give_consent(world.family, world.partner_org, ["household", "identity"], world.alice)
    login(world.charlie).get(f"/gezinnen/{world.family.pk}/")
    body = as_alice.get(f"/gezinnen/{world.family.pk}/logboek/").content.decode()
    assert "Charlie Claes (CAW) bekeek de gezinssituatie op" in body


def test_the_audit_tab_pages_back_without_counting_a_growing_trail(world, as_alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/gezinnen/{world.family.pk}/logboek/"
    for _ in range(3):  # 3 dossier reads, one event per category shown
        as_alice.get(f"/gezinnen/{world.family.pk}/")
    with CaptureQueriesContext(connection) as ctx:
        body = as_alice.get(url).content.decode()
    few = len(ctx.captured_queries)
    # session, user, family; the read's audit event (savepoint, head, insert, head, release);
    # the page of events: no COUNT of the trail, which grows with every read.
    assert few == 9
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
    assert "Oudere gebeurtenissen" not in body  # 10 events: one page of 50
    # More dossier reads (each writes one event per category its overview shows) until the
    # trail holds more than one page of 50 but less than two.
    events = AuditEvent.objects.filter(family_id=world.family.pk)
    while events.count() < 60:
        as_alice.get(f"/gezinnen/{world.family.pk}/")
    with CaptureQueriesContext(connection) as ctx:
        first = as_alice.get(url).content.decode()
    assert len(ctx.captured_queries) == few
    assert "Oudere gebeurtenissen" in first and "Terug naar de nieuwste" not in first
    older = as_alice.get(url + "?page=2", HTTP_HX_REQUEST="true").content.decode()
    assert older.count("<li>") == events.count() - 50  # the rest, this read included
    assert "Oudere gebeurtenissen" not in older and "Terug naar de nieuwste" in older


def test_the_family_print_never_shows_a_young_persons_confidence(world, as_alice):
    from brug.families.models import Note

    child = world.family.members.get(role="child")
    Note.objects.create(
        family=world.family,
        author=world.alice,
        organisation=world.home,
        text="Geheim van de jongere",
        youth_confidence=True,
        about_member=child,
    )
    body = as_alice.get(f"/gezinnen/{world.family.pk}/voor-het-gezin/").content.decode()
    assert "Geheim van de jongere" not in body
    assert "Wie keek in jullie dossier?" in body


def test_the_family_print_shows_no_other_organisations_confidential_note(world, as_alice):
    from brug.families.models import Note

    give_consent(world.family, world.partner_org, ["domain_notes"], world.alice)
    Note.objects.create(family=world.family, author=world.charlie, organisation=world.partner_org,
                        text="Beroepsgeheim van het CAW", confidential=True)
    Note.objects.create(family=world.family, author=world.charlie, organisation=world.partner_org,
                        text="Gedeelde notitie van het CAW")
    body = as_alice.get(f"/gezinnen/{world.family.pk}/voor-het-gezin/").content.decode()
    assert "Beroepsgeheim van het CAW" not in body
    assert "Gedeelde notitie van het CAW" in body


def test_the_family_print_records_a_read_for_each_category_it_shows(world, as_alice):
    from brug.families.models import Note

    Note.objects.create(family=world.family, author=world.alice, organisation=world.home,
                        text="Over het plan", category="plan")
    as_alice.get(f"/gezinnen/{world.family.pk}/voor-het-gezin/")
    read = set(AuditEvent.objects.filter(family_id=world.family.pk, action="view")
               .values_list("category", flat=True))
    assert read == {"consent", "identity", "household", "plan"}


def test_a_partner_worker_of_the_home_organisation_can_not_change_consents(world):
    henk = login(make_worker("henk", world.home, "partner"))
    consent = give_consent(world.family, world.partner_org, ["identity"], world.alice)
    base = f"/gezinnen/{world.family.pk}"
    tab = henk.get(f"{base}/toestemming/").content.decode()
    assert "intrekken" not in tab and "Mandaat vastleggen" not in tab
    withdraw = f"{base}/toestemming/{consent.pk}/intrekken/"
    assert henk.get(withdraw).status_code == 403
    assert henk.post(withdraw, {"reason": "weg"}).status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert henk.post(f"{base}/mandaat/{world.mandate.pk}/stoppen/",
                     {"ended_on": TODAY().isoformat(), "end_reason": "x"}).status_code == 403
    world.mandate.refresh_from_db()
    assert world.mandate.ended_on is None
    assert henk.get(f"{base}/mandaat/nieuw/").status_code == 403


def test_the_overview_names_an_organisation_once_for_two_consents_alike(world, as_alice):
    # Two consents to CAW (other categories, same end) read the same on the overview; the
    # consent tab lists both. A consent with its own end date keeps its own line.
    give_consent(world.family, world.partner_org, ["plan"], world.alice)
    give_consent(world.family, world.partner_org, ["rights"], world.alice)
    page = as_alice.get(f"/gezinnen/{world.family.pk}/").content.decode()
    assert page.count(f"Toestemming voor {world.partner_org.short_name}<") == 1
    give_consent(world.family, world.partner_org, ["contact"], world.alice,
                 valid_until=timezone.localdate() + timedelta(days=30))
    page = as_alice.get(f"/gezinnen/{world.family.pk}/").content.decode()
    assert page.count(f"Toestemming voor {world.partner_org.short_name}") == 2
