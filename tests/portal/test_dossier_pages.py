"""The family's dossier pages in the portal: each answers, records its read, shows no internal
key; reactions are stored for the worker and audited; read-only after the mandate ended."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from brug.core.models import AuditEvent
from brug.trajectories import services as trajectory_services
from brug.trajectories.models import FamilyReaction
from tests.conftest import login
from tests.trajectories.factories import trajectory_world

PAGES = ["portal:plan", "portal:rights", "portal:referrals", "portal:access-log",
         "portal:my-data"]
INTERNAL_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b|member:\d+:")
_TAGS = re.compile(r"<[^>]*>")


def _visible_text(html: str) -> str:
    body = html.split("<main", 1)[1]
    return _TAGS.sub(" ", body)


@pytest.fixture
def held(world):
    t = trajectory_world(world)
    trajectory_services.conference_record(
        actor=world.alice, conference=t.conference, held_on=timezone.localdate(),
        attendees=[world.alice], parents_present=True, minutes="We zoeken samen een woning.")
    return t


@pytest.mark.parametrize("name", PAGES)
def test_each_page_answers_records_its_read_and_shows_no_internal_key(
        name, family_client, world, held):
    before = AuditEvent.objects.filter(family_id=world.family.pk).count()
    response = family_client.get(reverse(name))
    assert response.status_code == 200
    events = AuditEvent.objects.filter(family_id=world.family.pk).order_by("-id")
    assert events.count() > before
    assert events[0].actor_id == world.account.user_id
    assert events[0].organisation_id is None
    text = _visible_text(response.content.decode())
    assert not INTERNAL_KEY.search(text), INTERNAL_KEY.search(text)
    assert "Dossier sociale huisvesting opstarten" not in text  # the worker's wording


def test_the_plan_page_shows_the_goal_in_the_familys_words(family_client, held):
    page = family_client.get(reverse("portal:plan")).content.decode()
    assert "Een woning zonder schimmel" in page
    assert reverse("portal:conference", args=[held.conference.pk]) in page


def test_a_reaction_to_a_goal_is_stored_audited_and_shown_to_the_worker(
        family_client, world, held):
    url = reverse("portal:plan-react", args=[held.trajectory.pk])
    response = family_client.post(url, {"goal": held.goal.pk, "text": "Liefst dicht bij school"})
    assert response.status_code == 302
    reaction = FamilyReaction.objects.get()
    assert (reaction.goal_id, reaction.member_id) == (held.goal.pk, world.parent.pk)
    event = AuditEvent.objects.filter(family_id=world.family.pk, action="create").latest("id")
    assert event.actor_id == world.account.user_id and event.category == "plan"
    worker_page = login(world.alice).get(
        reverse("trajectories:plan", args=[world.family.pk, held.trajectory.pk]))
    assert "Liefst dicht bij school" in worker_page.content.decode()
    assert "Liefst dicht bij school" in family_client.get(reverse("portal:plan")).content.decode()


def test_an_empty_reaction_is_refused_with_a_message(family_client, held):
    url = reverse("portal:plan-react", args=[held.trajectory.pk])
    response = family_client.post(url, {"text": "   "}, follow=True)
    assert FamilyReaction.objects.count() == 0
    assert "Schrijf eerst je reactie." in response.content.decode()


def test_a_reaction_to_another_trajectorys_goal_is_404(family_client, world, held):
    from brug.trajectories.models import Goal, Trajectory

    other = Trajectory.objects.create(programme=held.programme, family=world.family,
                                      responsible=world.alice,
                                      started_on=timezone.localdate())
    url = reverse("portal:plan-react", args=[other.pk])
    assert family_client.post(url, {"goal": held.goal.pk, "text": "x"}).status_code == 404
    confidential = Goal.objects.create(trajectory=held.trajectory, life_domain="werk",
                                       family_wording="geheim", confidential=True,
                                       created_by=world.alice, organisation=world.home)
    url = reverse("portal:plan-react", args=[held.trajectory.pk])
    assert family_client.post(url, {"goal": confidential.pk, "text": "x"}).status_code == 404
    assert FamilyReaction.objects.count() == 0


def test_the_parents_react_to_the_minutes(family_client, world, held):
    page = family_client.get(reverse("portal:conference", args=[held.conference.pk]))
    assert "We zoeken samen een woning." in page.content.decode()
    response = family_client.post(reverse("portal:conference-react", args=[held.conference.pk]),
                                  {"text": "Klopt, dank je."})
    assert response.status_code == 302
    assert FamilyReaction.objects.get().conference_id == held.conference.pk
    worker_page = login(world.alice).get(reverse(
        "trajectories:conference", args=[world.family.pk, held.trajectory.pk,
                                         held.conference.pk])).content.decode()
    assert "Klopt, dank je." in worker_page
    printed = login(world.alice).get(reverse(
        "trajectories:conference-parents", args=[world.family.pk, held.trajectory.pk,
                                                 held.conference.pk])).content.decode()
    assert "Klopt, dank je." in printed


def test_another_family_gets_404_on_the_conference(other_family_client, held):
    url = reverse("portal:conference", args=[held.conference.pk])
    assert other_family_client.get(url).status_code == 404
    url = reverse("portal:conference-react", args=[held.conference.pk])
    assert other_family_client.post(url, {"text": "x"}).status_code == 404
    assert FamilyReaction.objects.count() == 0


def test_after_the_mandate_ended_the_portal_reads_but_takes_no_reactions(
        family_client, world, held):
    world.mandate.ended_on = timezone.localdate()
    world.mandate.save()
    page = family_client.get(reverse("portal:plan")).content.decode()
    assert "Een woning zonder schimmel" in page
    assert 'name="text"' not in page
    response = family_client.post(reverse("portal:plan-react", args=[held.trajectory.pk]),
                                  {"text": "Toch nog iets"}, follow=True)
    assert FamilyReaction.objects.count() == 0
    assert "De begeleiding is gestopt" in response.content.decode()
    assert family_client.get(reverse("portal:my-data-json")).status_code == 200


def test_the_download_is_json_and_recorded_as_an_export(family_client, world, held):
    response = family_client.get(reverse("portal:my-data-json"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["plan"][0]["domains"][0]["goals"][0]["text"] == "Een woning zonder schimmel"
    assert AuditEvent.objects.filter(family_id=world.family.pk, action="export",
                                     actor_id=world.account.user_id).exists()


def test_workers_never_reach_the_dossier_pages(world):
    for name in PAGES:
        assert login(world.alice).get(reverse(name)).status_code == 404


def test_the_access_log_page_groups_by_month_and_organisation(family_client, world, held):
    login(world.alice).get(reverse("trajectories:plan", args=[world.family.pk,
                                                               held.trajectory.pk]))
    page = family_client.get(reverse("portal:access-log")).content.decode()
    assert "Alice Aerts bekeek jullie plan" in page
    assert "<h3>OCMW</h3>" in page
