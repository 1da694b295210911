"""Requests, matches with consent, the volunteer's narrow view, visits, concerns, the end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from brug.access import policy
from brug.consent.models import SharingConsent
from brug.core.models import AuditAction, AuditEvent
from brug.volunteers import services
from brug.volunteers.models import (
    Match,
    RequestStatus,
    VisitLog,
    VolunteerProfile,
    VolunteerRequest,
)
from tests.conftest import give_consent, login, make_worker

pytestmark = pytest.mark.django_db


def make_profile(worker, **kw):
    kw.setdefault("languages", "Nederlands, Arabisch")
    kw.setdefault("neighbourhoods", "Noord")
    kw.setdefault("availability", ",wed_pm,")
    kw.setdefault("skills", ",paperwork,")
    return VolunteerProfile.objects.create(worker=worker, municipality="Demostad", **kw)


def make_request(w, **kw):
    kw.setdefault("help_kinds", ",paperwork,")
    kw.setdefault("description", "Hulp bij brieven VraagMarker")
    kw.setdefault("languages", "Arabisch")
    kw.setdefault("neighbourhood", "Noord")
    kw.setdefault("municipality", "Demostad")
    kw.setdefault("times", ",wed_pm,")
    return services.request_create(actor=w.alice, family=w.family,
                                   request=VolunteerRequest(**kw))


def make_match(w, categories=("identity", "plan"), request=None):
    make_profile(w.vera)
    return services.match_create(actor=w.alice, request=request or make_request(w),
                                 volunteer=w.vera, coordinator=w.alice,
                                 categories=list(categories), consent_given_by=w.parent)


def test_the_request_page_suggests_volunteers_with_reasons(world):
    make_profile(world.vera)
    other = make_worker("ward", world.volunteer_org, "volunteer", "Ward Wuyts")
    make_profile(other, languages="Nederlands", neighbourhoods="Zuid", availability=",mon_am,",
                 skills=",leisure,")
    req = make_request(world)
    body = login(world.alice).get(reverse("volunteers:request", args=[world.family.pk, req.pk])
                                  ).content.decode()
    assert "spreekt Arabisch, woont in de wijk, woensdagnamiddag vrij" in body
    assert body.index("Vera Verbeke") < body.index("Ward Wuyts")


def test_a_match_needs_the_familys_consent(world):
    make_profile(world.vera)
    req = make_request(world)
    with pytest.raises(services.MatchRefused, match="geen toestemming"):
        services.match_create(actor=world.alice, request=req, volunteer=world.vera,
                              coordinator=world.alice, categories=["identity", "plan"])
    assert not Match.objects.exists()
    # The volunteer sees nothing of the family, also not when assigned by a consent elsewhere.
    assert not policy.access_for(world.vera, world.family).any


def test_a_match_must_share_identity_and_plan(world):
    make_profile(world.vera)
    with pytest.raises(services.MatchRefused, match="plan"):
        services.match_create(actor=world.alice, request=make_request(world),
                              volunteer=world.vera, coordinator=world.alice,
                              categories=["identity"], consent_given_by=world.parent)


def test_a_consent_already_in_force_is_enough(world):
    give_consent(world.family, world.volunteer_org, ["identity", "plan"], world.alice)
    make_profile(world.vera)
    match = services.match_create(actor=world.alice, request=make_request(world),
                                  volunteer=world.vera, coordinator=world.alice,
                                  categories=["identity", "plan"])
    assert match.consent is None and match.request.status == RequestStatus.MATCHED


def test_the_match_records_a_consent_for_the_volunteers_organisation(world):
    match = make_match(world)
    consent = SharingConsent.objects.get(pk=match.consent_id)
    assert consent.organisation == world.volunteer_org
    assert consent.category_list == ["identity", "plan"]
    assert policy.access_for(world.vera, world.family).categories == {"identity", "plan"}


def test_a_volunteer_in_the_familys_own_organisation_sees_only_the_match_categories(world):
    inside = make_worker("ines", world.home, "volunteer", "Ines Intern")
    make_profile(inside)
    match = services.match_create(actor=world.alice, request=make_request(world),
                                  volunteer=inside, coordinator=world.alice,
                                  categories=["identity", "plan"], consent_given_by=world.parent)
    assert match.consent.organisation == world.home
    access = policy.access_for(inside, world.family)
    assert access.categories == {"identity", "plan"}
    body = login(inside).get(reverse("volunteers:match", args=[world.family.pk, match.pk])
                             ).content.decode()
    assert "Gezin Test" in body and "Kerkstraat" not in body and "Ode" not in body


def test_the_volunteer_sees_only_matched_families_and_consented_categories(world):
    match = make_match(world, categories=("identity", "plan"))
    client = login(world.vera)
    mine = client.get(reverse("volunteers:mine")).content.decode()
    assert "Gezin Test" in mine
    page = client.get(reverse("volunteers:match", args=[world.family.pk, match.pk]))
    body = page.content.decode()
    assert "VraagMarker" in body
    assert "Kerkstraat" not in body  # contact not shared
    assert "Ode" not in body  # household not shared
    # The dossier pages of other categories stay closed.
    assert client.get(reverse("families:detail", args=[world.family.pk])).status_code in (200,)
    assert client.get(reverse("families:notes", args=[world.family.pk])).status_code == 404
    # Another volunteer of the same organisation sees nothing.
    other = make_worker("wout", world.volunteer_org, "volunteer")
    assert login(other).get(reverse("volunteers:match", args=[world.family.pk, match.pk])
                            ).status_code == 404
    # The read is in the audit trail.
    assert AuditEvent.objects.filter(family_id=world.family.pk, action=AuditAction.VIEW,
                                     actor_id=world.vera.user_id).exists()


def test_a_visit_with_a_concern_is_flagged_to_the_coordinator(world):
    match = make_match(world)
    url = reverse("volunteers:match", args=[world.family.pk, match.pk])
    response = login(world.vera).post(url, {
        "visited_on": timezone.localdate().isoformat(), "minutes": "90",
        "what_done": "Brieven gelezen", "concern": "De koelkast was leeg."})
    assert response.status_code == 302
    visit = VisitLog.objects.get()
    assert visit.has_open_concern and visit.family_id == world.family.pk
    overview = login(world.alice).get(reverse("volunteers:overview")).content.decode()
    assert "De koelkast was leeg." in overview
    login(world.alice).post(reverse("volunteers:concern-handled",
                                    args=[world.family.pk, visit.pk]), {"next": "overzicht"})
    visit.refresh_from_db()
    assert not visit.has_open_concern and visit.concern_handled_by == world.alice
    # A partner with a consent for the plan reads the visit but not the concern.
    give_consent(world.family, world.partner_org, ["plan"], world.alice)
    body = login(world.charlie).get(url).content.decode()
    assert "Brieven gelezen" in body and "koelkast" not in body


def test_bad_visit_input_gets_a_dutch_message_and_nothing_is_stored(world):
    match = make_match(world)
    url = reverse("volunteers:match", args=[world.family.pk, match.pk])
    response = login(world.vera).post(url, {
        "visited_on": (timezone.localdate() + timedelta(days=3)).isoformat(), "minutes": "99999",
        "what_done": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "1440 minuten" in body
    assert not VisitLog.objects.exists()


def test_only_the_matched_volunteer_logs_visits(world):
    match = make_match(world)
    with pytest.raises(PermissionDenied):
        services.visit_log(actor=world.alice, match=match, visit=VisitLog(
            visited_on=timezone.localdate(), minutes=10, what_done="x"))


def test_ending_the_match_ends_the_assignment_and_its_consent(world):
    match = make_match(world)
    assert policy.access_for(world.vera, world.family).any
    response = login(world.alice).post(
        reverse("volunteers:match-end", args=[world.family.pk, match.pk]),
        {"ended_on": timezone.localdate().isoformat(), "end_reason": "family_copes",
         "version": str(match.version)})
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.ended_on == timezone.localdate() and match.end_reason == "family_copes"
    assert not policy.access_for(world.vera, world.family).any
    assert SharingConsent.objects.get(pk=match.consent_id).withdrawn_on is not None
    assert login(world.vera).get(reverse("volunteers:match", args=[world.family.pk, match.pk])
                                 ).status_code == 404


def test_ending_a_match_needs_a_reason_and_a_current_version(world):
    match = make_match(world)
    url = reverse("volunteers:match-end", args=[world.family.pk, match.pk])
    body = login(world.alice).post(url, {"ended_on": timezone.localdate().isoformat(),
                                         "end_reason": "", "version": str(match.version)}
                                   ).content.decode()
    assert "Kies een reden." in body
    body = login(world.alice).post(url, {"ended_on": timezone.localdate().isoformat(),
                                         "end_reason": "moved",
                                         "version": str(match.version - 1 or 99)}
                                   ).content.decode()
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in body
    match.refresh_from_db()
    assert match.is_running


def test_editing_a_request_refuses_a_stale_version(world):
    req = make_request(world)
    url = reverse("volunteers:request", args=[world.family.pk, req.pk])
    data = {"action": "edit", "edit-help_choice": ["paperwork"], "edit-description": "Nieuw",
            "edit-version": str(req.version)}
    assert login(world.alice).post(url, data).status_code == 302
    body = login(world.alice).post(url, {**data, "edit-description": "Ouder"}).content.decode()
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in body
    req.refresh_from_db()
    assert req.description == "Nieuw"


def test_the_match_view_creates_the_match_with_consent(world):
    make_profile(world.vera)
    req = make_request(world)
    response = login(world.alice).post(
        reverse("volunteers:request", args=[world.family.pk, req.pk]),
        {"action": "match", "volunteer": world.vera.pk, "coordinator": world.alice.pk,
         "categories": ["identity", "plan"], "consent_given_by": world.parent.pk})
    assert response.status_code == 302
    assert Match.objects.filter(volunteer=world.vera, family=world.family).exists()


def test_outsiders_and_volunteers_do_not_reach_the_coordinator_pages(world):
    assert login(world.vera).get(reverse("volunteers:overview")).status_code == 404
    assert login(world.olga).get(reverse("volunteers:profiles")).status_code == 404
    assert login(world.cora).get(reverse("volunteers:profiles")).status_code == 200
    assert login(world.alice).get(reverse("volunteers:mine")).status_code == 404


def test_a_meeting_records_attendance(world):
    make_profile(world.vera)
    response = login(world.cora).post(reverse("volunteers:meetings"), {
        "organisation": world.volunteer_org.pk, "held_on": timezone.localdate().isoformat(),
        "topic": "Intervisie", "attendees": [world.vera.pk]})
    assert response.status_code == 302
    from brug.volunteers.models import VolunteerMeeting

    assert list(VolunteerMeeting.objects.get().attendees.all()) == [world.vera]
