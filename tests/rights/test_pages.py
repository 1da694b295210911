"""The rights tab, its questions, claims, the family schema and the catalogue browser."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brug.core.locking import StaleEdit
from brug.core.models import AuditAction, AuditEvent
from brug.families.models import Member
from brug.rights import selectors, services
from brug.rights.models import ClaimStatus, FamilyFact, RightClaim, RightClaimEvent
from tests.conftest import login

pytestmark = pytest.mark.django_db


def tab(client, family):
    return client.get(reverse("rights:tab", args=[family.pk]))


def answer(client, family, key, value, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        reverse("rights:answer", args=[family.pk]), {"key": key, "value": value}, **headers
    )


def test_tab_shows_missed_rights_and_questions(world, as_alice):
    response = tab(as_alice, world.family)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nog niet bekend" in html
    assert "Ontvangt iemand in het gezin een leefloon" in html
    assert "Groeipakket" in html


def test_answer_records_fact_and_changes_result(world, as_alice):
    on = timezone.localdate()
    before, _ = selectors.evaluation_of(selectors.dossier_of(world.family, on), on)
    assert before.result("leefloon").status.value == "possibly_entitled"
    response = answer(as_alice, world.family, "receives_leefloon", "ja")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="rights-results"' in html and "<html" not in html  # the htmx fragment only
    fact = FamilyFact.objects.get(family=world.family, key="receives_leefloon")
    assert fact.value is True and fact.recorded_by == world.alice
    after, _ = selectors.evaluation_of(selectors.dossier_of(world.family, on), on)
    assert after.result("leefloon").status.value == "already_received"
    assert "Ontvangt iemand in het gezin een leefloon" not in html
    assert AuditEvent.objects.filter(
        family_id=world.family.pk, category="rights", action=AuditAction.CHANGE
    ).exists()


def test_latest_answer_wins_and_history_is_kept(world, as_alice):
    answer(as_alice, world.family, "receives_leefloon", "ja")
    answer(as_alice, world.family, "receives_leefloon", "nee")
    assert selectors.latest_facts(world.family)["receives_leefloon"].value is False
    assert len(selectors.fact_history(world.family, "receives_leefloon")) == 2


def test_answer_without_javascript_redirects(world, as_alice):
    response = answer(as_alice, world.family, "yearly_income", "18.500", htmx=False)
    assert response.status_code == 302
    assert FamilyFact.objects.get(key="yearly_income").value == 18500


def test_impossible_fact_gets_dutch_message_not_500(world, as_alice):
    response = answer(as_alice, world.family, "yearly_income", "-5")
    assert response.status_code == 200
    assert "Jaarinkomen van het gezin kan niet negatief zijn." in response.content.decode()
    assert not FamilyFact.objects.filter(key="yearly_income").exists()
    response = answer(as_alice, world.family, "yearly_income", "veel", htmx=False)
    assert response.status_code == 200
    assert "Geef een getal" in response.content.decode()


def test_member_school_level_is_stored_per_member(world, as_alice):
    child = world.family.members.get(role="child")
    child.birth_date = timezone.localdate() - timedelta(days=365 * 7)
    child.save()
    on = timezone.localdate()
    dossier = selectors.dossier_of(world.family, on)
    evaluation, _ = selectors.evaluation_of(dossier, on)
    keys = [dossier.storage_key(q.key) for q in evaluation.questions]
    assert f"member:{child.pk}:school_level" in keys
    key = f"member:{child.pk}:school_level"
    assert answer(as_alice, world.family, key, "lager").status_code == 200
    dossier = selectors.dossier_of(world.family, on)
    assert dossier.data["members"][1]["school_level"] == "lager"


def test_partner_without_rights_consent_cannot_answer(world):
    from tests.conftest import give_consent

    give_consent(world.family, world.partner_org, ["identity", "rights"], world.alice)
    client = login(world.charlie)
    assert tab(client, world.family).status_code == 200
    assert answer(client, world.family, "receives_leefloon", "ja").status_code == 403


def test_claim_lifecycle_and_stale_edit(world, as_alice):
    url = reverse("rights:claim", args=[world.family.pk, "groeipakket_sociale_toeslag"])
    today = timezone.localdate().isoformat()
    assert as_alice.get(url).status_code == 200
    r = as_alice.post(url, {"status": "discussed", "happened_on": today, "note": "thuis"})
    assert r.status_code == 302
    claim = RightClaim.objects.get(family=world.family)
    for status in ("applied", "refused", "objection", "granted"):
        r = as_alice.post(url, {"status": status, "happened_on": today, "version": claim.version})
        assert r.status_code == 302, r.content.decode()
        claim.refresh_from_db()
        assert claim.status == status
    assert list(claim.events.values_list("status", flat=True)) == [
        "discussed",
        "applied",
        "refused",
        "objection",
        "granted",
    ]
    # A granted right counts as received.
    on = timezone.localdate()
    evaluation, _ = selectors.evaluation_of(selectors.dossier_of(world.family, on), on)
    assert evaluation.result("groeipakket_sociale_toeslag").status.value == "already_received"


def test_claim_stale_edit_and_bad_transition_refused(world, as_alice):
    today = timezone.localdate()
    claim = services.claim_change(
        actor=world.alice,
        family=world.family,
        right_id="huurpremie",
        status=ClaimStatus.DISCUSSED,
        happened_on=today,
    )
    services.claim_change(
        actor=world.bob,
        family=world.family,
        right_id="huurpremie",
        status=ClaimStatus.APPLIED,
        happened_on=today,
        expected_version=claim.version,
    )
    with pytest.raises(StaleEdit):
        services.claim_change(
            actor=world.alice,
            family=world.family,
            right_id="huurpremie",
            status=ClaimStatus.GRANTED,
            happened_on=today,
            expected_version=claim.version,
        )
    url = reverse("rights:claim", args=[world.family.pk, "huurpremie"])
    r = as_alice.post(
        url, {"status": "granted", "happened_on": today.isoformat(), "version": claim.version}
    )
    assert r.status_code == 200
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in r.content.decode()
    r = as_alice.post(
        url, {"status": "objection", "happened_on": today.isoformat(), "version": claim.version + 1}
    )
    assert r.status_code == 200  # applied -> objection is not a step
    assert RightClaimEvent.objects.count() == 2


def test_unknown_right_is_404(world, as_alice):
    url = reverse("rights:claim", args=[world.family.pk, "bestaat_niet"])
    assert as_alice.get(url).status_code == 404


def test_schema_contains_only_family_words(world, as_alice):
    response = as_alice.get(reverse("rights:schema", args=[world.family.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="page"' in html
    assert "Groeipakket" in html
    for jargon in (
        "Voldaan",
        "decreet",
        "Wet van",
        "Misschien recht",
        "possibly",
        "likely",
        "http",
        "€",
    ):
        assert jargon not in html, jargon


def test_catalogue_for_coordinators_only(world):
    url = reverse("rights:catalogue")
    assert login(world.alice).get(url).status_code == 404
    assert login(world.olga).get(url).status_code == 404
    response = login(world.cora).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Basisbedrag" in html and "Geldig vanaf" in html and "niet bevestigd" in html


def test_tab_query_count_constant_in_data_size(world, as_alice):
    tab(as_alice, world.family)  # warm up caches (catalogue, sessions)
    with CaptureQueriesContext(connection) as small:
        assert tab(as_alice, world.family).status_code == 200
    for i in range(5):
        Member.objects.create(
            family=world.family, role="child", first_name=f"K{i}", birth_date=date(2015 + i, 3, 1)
        )
    for key, value in [
        ("receives_leefloon", False),
        ("yearly_income", 21000),
        ("housing", "private_rent"),
        ("monthly_rent", 700),
    ]:
        services.fact_record(actor=world.alice, family=world.family, key=key, value=value)
    for rid in ("huurpremie", "studietoelage", "maximumfactuur"):
        services.claim_change(
            actor=world.alice,
            family=world.family,
            right_id=rid,
            status=ClaimStatus.DISCUSSED,
            happened_on=timezone.localdate(),
        )
    with CaptureQueriesContext(connection) as large:
        assert tab(as_alice, world.family).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_a_wrong_answer_can_be_wiped_and_the_question_returns(world, as_alice):
    answer(as_alice, world.family, "receives_leefloon", "ja")
    assert (
        "Ontvangt iemand in het gezin een leefloon"
        not in tab(as_alice, world.family).content.decode()
    )
    response = as_alice.post(
        reverse("rights:fact-forget", args=[world.family.pk]), {"key": "receives_leefloon"}
    )
    assert response.status_code == 302
    assert selectors.latest_facts(world.family)["receives_leefloon"].value is None
    assert len(selectors.fact_history(world.family, "receives_leefloon")) == 2
    assert (
        "Ontvangt iemand in het gezin een leefloon" in tab(as_alice, world.family).content.decode()
    )


def test_a_partner_can_not_wipe_answers(world):
    from tests.conftest import give_consent

    give_consent(world.family, world.partner_org, ["rights"], world.alice)
    response = login(world.charlie).post(
        reverse("rights:fact-forget", args=[world.family.pk]), {"key": "receives_leefloon"}
    )
    assert response.status_code == 403


def test_tab_warns_when_a_figure_is_past_its_indexation_date(world, as_alice):
    # Evaluated past the last verified Groeipakket figure (every 1 September): the tab says so.
    on = timezone.localdate()
    evaluation, _ = selectors.evaluation_of(selectors.dossier_of(world.family, on), on)
    warned = [r for r in evaluation.results if r.warnings and r.status.value != "not_entitled"]
    html = tab(as_alice, world.family).content.decode()
    if on >= date(2025, 9, 1):
        assert warned, "the demo family should get a Groeipakket right with a warning"
    for r in warned:
        assert r.warnings[0].split(".")[0] in html


def test_tab_says_until_when_a_right_can_be_applied_for_and_when_it_closed(world, as_alice):
    from brug.core.templatetags.brug_dates import day
    from brug.rights.engine.windows import Window

    child = world.family.members.get(role="child")
    last_day = Window("birth", years=5).last_day(child.birth_date)
    html = tab(as_alice, world.family).content.decode()
    assert f"Nog aan te vragen tot en met {day(last_day)}." in html
    # A child of six: the startbedrag is not entitled, and its window is said to be closed.
    child.birth_date = timezone.localdate() - timedelta(days=6 * 366)
    child.save()
    html = tab(as_alice, world.family).content.decode()
    closed = Window("birth", years=5).last_day(child.birth_date)
    assert f"De termijn om dit aan te vragen liep af op {day(closed)}." in html
    assert "Nog aan te vragen tot en met" not in html


def test_the_engine_input_holds_only_the_fields_the_viewer_is_granted(world):
    """`dossier_of(categories=…)`: without `contact` no postcode or municipality reaches the
    engine (it asks the postcode), without `household` no member is named; the caller's
    family is left as it was."""
    on = timezone.localdate()
    full = selectors.dossier_of(world.family, on)
    assert full.data["facts"]["postcode"] == world.family.postcode != ""
    assert full.data["facts"]["municipality"] == world.family.municipality != ""
    rights_only = selectors.dossier_of(world.family, on, categories={"rights"})
    assert "postcode" not in rights_only.data["facts"]
    assert "municipality" not in rights_only.data["facts"]
    assert all(m["label"].startswith("gezinslid") for m in rights_only.data["members"])
    evaluation, errors = selectors.evaluation_of(rights_only, on)
    assert not errors and "postcode" in {q.key for q in evaluation.questions}
    with_contact = selectors.dossier_of(world.family, on, categories={"rights", "contact"})
    assert with_contact.data["facts"]["postcode"] == world.family.postcode
    assert world.family.postcode and not getattr(world.family, "redacted", False)
