"""The family's readers (`<app>/family.py`, `consent/family_log.py`, `portal/dossier.py`):
what a family reads about itself, and what it never reads.

A "dossier" with one of everything is built for world.family through the services (so the
audit trail is the real one), plus the things a family must never see: a confidential note,
a young person's confidence, a goal's worker wording, a confidential goal, the worker's
question on a referral, a note on a claim, and another family's data.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from brug.consent import family_log
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.models import AuditAction
from brug.families.models import Note
from brug.portal import dossier
from brug.referrals import family as referral_readers
from brug.rights import family as rights_readers
from brug.rights import services as rights_services
from brug.trajectories import family as trajectory_readers
from brug.trajectories import services as trajectory_services
from brug.trajectories.models import Goal
from tests.conftest import login, make_family
from tests.network_world import build_network_objects
from tests.trajectories.factories import trajectory_world

# What the family must never read, each a unique marker.
NEVER = {
    "confidential_note": "GEHEIM-NOTITIE-7731",
    "youth_confidence": "JONGERE-VERTROUWEN-5520",
    "worker_wording": "Dossier sociale huisvesting opstarten",
    "confidential_goal": "VERTROUWELIJK-DOEL-4410",
    "referral_question": "Zoekt een woning",
    "claim_note": "CLAIMNOTITIE-9913",
    "other_family": "ANDER-GEZIN-3388",
}
INTERNAL_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b|member:\d+:")


@pytest.fixture
def dossier_world(world):
    w = world
    t = trajectory_world(w)
    today = timezone.localdate()
    Note.objects.create(family=w.family, author=w.alice, organisation=w.home,
                        text="Gewone notitie over de woning", category="domain_notes")
    Note.objects.create(family=w.family, author=w.alice, organisation=w.home,
                        text=NEVER["confidential_note"], confidential=True)
    Note.objects.create(family=w.family, author=w.alice, organisation=w.home,
                        text=NEVER["youth_confidence"], youth_confidence=True)
    Goal.objects.create(trajectory=t.trajectory, life_domain="gezondheid",
                        family_wording=NEVER["confidential_goal"], confidential=True,
                        created_by=w.alice, organisation=w.home)
    Goal.objects.create(trajectory=t.trajectory, parent=t.goal, life_domain="huisvesting",
                        family_wording="Brief naar de huisbaas", created_by=w.alice,
                        organisation=w.home)
    trajectory_services.conference_record(
        actor=w.alice, conference=t.conference, held_on=today, attendees=[w.alice],
        parents_present=True, minutes="We zoeken samen een woning.")
    rights_services.fact_record(actor=w.alice, family=w.family,
                                key=f"member:{w.family.members.get(role='child').pk}"
                                    ":school_level", value="kleuter")
    rights_services.fact_record(actor=w.alice, family=w.family, key="receives_leefloon",
                                value=True)
    rights_services.claim_change(actor=w.alice, family=w.family,
                                 right_id="groeipakket_sociale_toeslag", status="applied",
                                 happened_on=today, note=NEVER["claim_note"])
    net = build_network_objects(w)
    # Another family of the same organisation, with its own notes and goals.
    other = make_family(w.home, w.alice, name=NEVER["other_family"])
    Note.objects.create(family=other, author=w.alice, organisation=w.home,
                        text=NEVER["other_family"])
    # Reads, repeated the same day: the plan three times, the dossier page once.
    client = login(w.charlie)
    for _n in range(3):
        audit_record(actor=w.alice, family_id=w.family.pk, category=Category.PLAN,
                     action=AuditAction.VIEW, purpose="doelenplan bekijken")
    audit_record(actor=w.charlie, family_id=w.family.pk, category=Category.IDENTITY,
                 action=AuditAction.VIEW, purpose="dossier openen",
                 also=(Category.HOUSEHOLD,))
    del client
    return SimpleNamespace(world=w, t=t, net=net, other=other, today=today)


def _texts(value) -> str:
    """Every string in a reader's answer, joined (what a page could show)."""
    if isinstance(value, dict):
        return " ".join(_texts(v) for v in value.values())
    if isinstance(value, list | tuple):
        return " ".join(_texts(v) for v in value)
    return value if isinstance(value, str) else ""


def _assert_clean(text: str, *, allow=()):
    for name, marker in NEVER.items():
        if name not in allow:
            assert marker not in text, name


def test_the_plan_is_in_the_familys_words_without_the_workers_or_confidential_goals(
        dossier_world):
    plans = trajectory_readers.plan_for_family(dossier_world.world.family)
    text = _texts(plans)
    assert "Een woning zonder schimmel" in text
    assert "Brief naar de huisbaas" in text  # a step under its goal
    assert "Nog te doen" in text
    _assert_clean(text)
    assert not INTERNAL_KEY.search(text.replace(plans[0]["domains"][0]["key"], ""))


def test_another_familys_trajectory_is_404_for_the_plan_reader(dossier_world):
    from django.http import Http404

    with pytest.raises(Http404):
        trajectory_readers.plan_for_family(dossier_world.other,
                                           trajectory_id=dossier_world.t.trajectory.pk)
    with pytest.raises(Http404):
        trajectory_readers.conference_for_family(dossier_world.other,
                                                 dossier_world.t.conference.pk)


def test_rights_name_the_right_never_its_id_nor_the_claim_note(dossier_world):
    rights = rights_readers.rights_for_family(dossier_world.world.family)
    claims = rights["claims"]
    assert [c["status"] for c in claims] == ["applied"]
    text = _texts(rights)
    assert "groeipakket_sociale_toeslag" not in text
    assert "Sociale toeslag" in claims[0]["name"] or "toeslag" in claims[0]["name"].lower()
    assert claims[0]["steps"][0]["text"] == "aangevraagd"
    assert "Aangevraagd" in claims[0]["status_text"]
    _assert_clean(text)
    # A found right says what to bring and where to go.
    assert any(r["how"] for r in rights["found"])
    assert all(r["name"] != "groeipakket_sociale_toeslag" for r in rights["found"])


def test_referrals_show_service_organisation_and_status_never_the_question(dossier_world):
    rows = referral_readers.referrals_for_family(dossier_world.world.family)
    assert len(rows) == 1
    row = rows[0]
    assert row["organisation"] == "CAW Test"
    assert row["status"] == "sent" and "Verstuurd" in row["status_text"]
    assert row["steps"][0]["date"] == dossier_world.today
    assert row["shared"] == ["jullie naam"]
    _assert_clean(_texts(rows))


def test_conference_minutes_for_the_parents_and_their_reaction(dossier_world):
    w = dossier_world.world
    conference = dossier_world.t.conference
    conference.refresh_from_db()
    from brug.portal.services import family_actor
    from tests.portal.conftest import make_account

    account = make_account(w.family, w.parent, w.alice, username="mira-9")
    trajectory_services.family_reaction_add(
        actor=family_actor(account), member=w.parent, trajectory=dossier_world.t.trajectory,
        conference=conference, text="Het klopt, maar de huur is 700 euro.")
    item = trajectory_readers.conference_for_family(w.family, conference.pk)
    assert item["minutes"] == "We zoeken samen een woning."
    assert item["attendees"] == [{"name": "Alice Aerts", "organisation": "OCMW"}]
    assert [r["text"] for r in item["reactions"]] == ["Het klopt, maar de huur is 700 euro."]
    assert item["reactions"][0]["by"] == "Mira"


def test_the_access_log_speaks_plain_words_and_collapses_repeated_reads(dossier_world):
    w = dossier_world.world
    with translation.override("nl"):
        log = family_log.access_log(w.family)
    lines = [line for m in log.months for g in m.organisations for line in g.lines]
    sentences = [line.sentence for line in lines]
    text = " ".join(sentences)
    assert not INTERNAL_KEY.search(text), INTERNAL_KEY.search(text)
    assert "maakte aan" not in text
    # The three reads of the plan on one day are one line, counted.
    plan_reads = [s for s in sentences if s.startswith("Alice Aerts bekeek jullie plan")]
    assert len(plan_reads) == 1 and plan_reads[0].endswith("(3 keer).")
    # One page read of two categories is one sentence naming both, without a count.
    charlie = [s for s in sentences if s.startswith("Charlie Claes bekeek")]
    assert len(charlie) == 1
    assert "jullie naam" in charlie[0] and "de gegevens van jullie gezin" in charlie[0]
    assert "keer" not in charlie[0]
    # Different changes are different lines: no count that adds up different things.
    assert not any("keer" in s for s in sentences if "voegde" in s)
    # Fact keys become plain words; a claim names the right, not its id.
    assert any("wat we weten over de school van Ode" in s for s in sentences)
    assert any("wat we weten over ‘leefloon’" in s for s in sentences)
    assert any("de aanvraag voor" in s and "toeslag" in s.lower() for s in sentences)
    # Grouped by organisation.
    groups = {g.name for m in log.months for g in m.organisations}
    assert {"OCMW", "CAW"} <= groups
    _assert_clean(text)


def test_an_unknown_detail_is_dropped_not_shown(world):
    audit_record(actor=world.alice, family_id=world.family.pk, category=Category.RIGHTS,
                 action=AuditAction.CHANGE, detail="iets_intern: member:9:secret_key")
    log = family_log.access_log(world.family)
    sentence = log.months[0].organisations[0].lines[0].sentence
    assert "iets_intern" not in sentence and "member:" not in sentence
    assert "jullie rechten" in sentence


def test_the_log_is_limited_to_recent_months_with_a_count_of_earlier_events(world):
    from brug.core.models import AuditEvent

    audit_record(actor=world.alice, family_id=world.family.pk, category=Category.PLAN,
                 action=AuditAction.VIEW)
    today = timezone.localdate() + timedelta(days=400)
    log = family_log.access_log(world.family, months=6, today=today)
    assert log.months == []
    assert log.earlier == AuditEvent.objects.filter(family_id=world.family.pk).count()


def test_the_family_sees_its_own_sign_in_in_the_log(world):
    from brug.portal import services as portal_services
    from tests.portal.conftest import make_account

    account = make_account(world.family, world.parent, world.alice, username="mira-8")
    portal_services.sign_in_recorded(account, ok=True)
    portal_services.sign_in_recorded(account, ok=False)
    log = family_log.access_log(world.family)
    groups = {g.name: g for g in log.months[0].organisations}
    own = [line.sentence for line in groups["Jullie zelf"].lines]
    assert any("meldde zich aan in het gezinsportaal" in s for s in own)
    assert any(s.startswith("Iemand probeerde zich aan te melden") for s in own)


def test_the_download_holds_everything_the_family_may_see_and_nothing_else(dossier_world):
    w = dossier_world.world
    with translation.override("nl"):
        body = dossier.family_json(w.family)
    data = json.loads(body)
    assert data["format"] == "brug-family-data" and data["version"] == 1
    assert data["family"]["name"] == "Gezin Test"
    assert {m["first_name"] for m in data["members"]} == {"Mira", "Ode"}
    assert [n["text"] for n in data["notes"]] == ["Gewone notitie over de woning"]
    assert data["plan"][0]["domains"]
    assert data["conferences"][0]["minutes"] == "We zoeken samen een woning."
    assert data["rights"]["claims"][0]["status"] == "applied"
    assert data["referrals"][0]["organisation"] == "CAW Test"
    assert data["access_log"]
    _assert_clean(body)
    assert '"id"' not in body and "trajectory_id" not in body
    assert "member:" not in body
