"""Case-conference minutes for the parents, and their reaction in their own words."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from brug.core.locking import StaleEdit
from brug.core.models import AuditEvent
from brug.trajectories import services
from brug.trajectories.models import CaseConference
from tests.conftest import give_consent, login
from tests.trajectories.factories import trajectory_world

TODAY = timezone.localdate()
MINUTES = "We bespraken de zoektocht naar een woning en de crèche voor Ode."
OTHER_MINUTES = "Tweede overleg: de huurwaarborg is geregeld via het OCMW."


@pytest.fixture
def t(world):
    t = trajectory_world(world)
    services.conference_record(actor=world.alice, conference=t.conference, held_on=TODAY,
                               attendees=[world.alice, world.charlie], parents_present=False,
                               no_parents_reason="Vertrouwelijke reden die alleen wij kennen",
                               minutes=MINUTES)
    t.other = CaseConference.objects.create(trajectory=t.trajectory, held_on=TODAY,
                                            minutes=OTHER_MINUTES,
                                            parents_comment="Reactie bij het andere overleg")
    return t


def _urls(world, t, conference=None):
    args = [world.family.pk, t.trajectory.pk, (conference or t.conference).pk]
    return {name: reverse(f"trajectories:{name}", args=args)
            for name in ("conference", "conference-comment", "conference-parents")}


def test_parents_page_shows_minutes_and_reaction_of_this_conference_only(world, t, as_alice):
    urls = _urls(world, t)
    page = as_alice.get(urls["conference"]).content.decode()
    version = CaseConference.objects.get(pk=t.conference.pk).version
    assert urls["conference-parents"] in page and urls["conference-comment"] in page
    response = as_alice.post(urls["conference-comment"], {
        "version": version, "parents_comment": "Het was niet de crèche maar de kleuterschool."})
    assert response.status_code == 302
    before = AuditEvent.objects.latest("id").pk
    printed = as_alice.get(urls["conference-parents"]).content.decode()
    assert MINUTES in printed
    assert "Het was niet de crèche maar de kleuterschool." in printed
    assert "Alice Aerts (OCMW)" in printed and "Charlie Claes (CAW)" in printed
    assert "Nee, jullie waren er niet bij." in printed
    # No other conference's text, no worker-only reason, no worker navigation.
    assert OTHER_MINUTES not in printed and "Reactie bij het andere overleg" not in printed
    assert "Vertrouwelijke reden" not in printed
    assert 'class="top"' not in printed
    # The print of family data is recorded in the audit trail.
    event = AuditEvent.objects.filter(pk__gt=before).get()
    assert (event.action, event.family_id, event.category) == ("view", world.family.pk, "plan")
    assert "ouders" in event.purpose


def test_reaction_is_recorded_with_when_and_who_without_touching_the_minutes(world, t):
    conference = CaseConference.objects.get(pk=t.conference.pk)
    services.conference_comment(actor=world.bob, conference=conference,
                                comment="  Klopt, maar we willen ook praten over werk. ",
                                expected_version=conference.version)
    conference.refresh_from_db()
    assert conference.parents_comment == "Klopt, maar we willen ook praten over werk."
    assert conference.parents_commented_on == TODAY
    assert conference.parents_comment_by == world.bob
    assert conference.minutes == MINUTES and conference.recorded_by == world.alice
    event = AuditEvent.objects.latest("id")
    assert event.family_id == world.family.pk and event.action == "change"
    assert "reactie van de ouders" in event.detail


def test_reaction_after_someone_else_changed_the_conference_is_refused(world, t, as_alice):
    urls = _urls(world, t)
    opened_version = CaseConference.objects.get(pk=t.conference.pk).version
    # A colleague corrects the minutes after the reaction form was opened.
    services.conference_record(actor=world.bob, conference=CaseConference.objects.get(
        pk=t.conference.pk), held_on=TODAY, attendees=[world.bob], parents_present=True,
        minutes="Verbeterd verslag door Bob")
    response = as_alice.post(urls["conference-comment"], {
        "version": opened_version, "parents_comment": "Onze eigen woorden over het overleg"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in page
    assert "Onze eigen woorden over het overleg" in page  # what was typed is kept
    conference = CaseConference.objects.get(pk=t.conference.pk)
    assert conference.parents_comment == "" and conference.minutes == "Verbeterd verslag door Bob"


def test_minutes_edit_after_a_reaction_does_not_overwrite_it(world, t):
    conference = CaseConference.objects.get(pk=t.conference.pk)
    stale_version = conference.version
    services.conference_comment(actor=world.alice, conference=conference,
                                comment="Wij lezen het anders", expected_version=stale_version)
    with pytest.raises(StaleEdit):
        services.conference_record(actor=world.bob, conference=conference, held_on=TODAY,
                                   attendees=[], parents_present=True, minutes="Nieuw",
                                   expected_version=stale_version)
    conference.refresh_from_db()
    assert conference.minutes == MINUTES and conference.parents_comment == "Wij lezen het anders"


def test_empty_reaction_or_unheld_conference_is_explained(world, t, as_alice):
    urls = _urls(world, t)
    version = CaseConference.objects.get(pk=t.conference.pk).version
    page = as_alice.post(urls["conference-comment"], {"version": version,
                                                      "parents_comment": " "}).content.decode()
    assert "zoveel mogelijk in hun eigen woorden" in page
    planned = CaseConference.objects.create(trajectory=t.trajectory, due_by=TODAY)
    response = as_alice.post(_urls(world, t, planned)["conference-comment"],
                             {"version": planned.version, "parents_comment": "Iets"})
    assert "nog niet gehouden" in response.content.decode()
    assert CaseConference.objects.get(pk=planned.pk).parents_comment == ""


def test_partner_may_read_but_not_comment_and_outsider_gets_404(world, t):
    urls = _urls(world, t)
    give_consent(world.family, world.partner_org, ["identity", "plan"], world.alice)
    charlie = login(world.charlie)
    assert charlie.get(urls["conference-parents"]).status_code == 200
    version = CaseConference.objects.get(pk=t.conference.pk).version
    assert charlie.post(urls["conference-comment"], {
        "version": version, "parents_comment": "Niet van de ouders"}).status_code == 403
    assert CaseConference.objects.get(pk=t.conference.pk).parents_comment == ""
    olga = login(world.olga)
    assert olga.get(urls["conference-parents"]).status_code == 404
    assert olga.post(urls["conference-comment"], {"version": version,
                                                  "parents_comment": "x"}).status_code == 404
