"""No page shows a value of a category the family did not share with the viewer.

A unique marker is planted in every field of every category of ten families, one family per
consent state (none, each single category, all, withdrawn, expired; the same state towards the
partner organisation and the volunteers' organisation). Then every page of the URL
configuration that answers a GET — lists, searches, exports, prints, dossier tabs, forms and
htmx fragments; a new URL is covered without anyone adding it here — is requested by every
role, for every family where it takes one, and the body must hold no marker outside what the
role may see. The expectation is written out here from the rules, not asked of the policy.

The world is built once for the module; each test runs inside its own savepoint.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from brug.consent.models import Mandate
from brug.core.categories import SHAREABLE_CATEGORIES, Category
from brug.families.models import Family, Member, Note
from tests.conftest import give_consent, login, make_worker

SHAREABLE = [c.value for c in SHAREABLE_CATEGORIES]
ALL = frozenset(c.value for c in Category)
STATES = ["none", *SHAREABLE, "all", "withdrawn", "expired"]
# Pages the parents read: a young person's confidence never appears there, whoever prints.
PARENTS_PAGES = {"consent:family-view", "trajectories:plan-family",
                 "trajectories:conference-parents"}
# Tokens (CSRF, nonces) are long runs of letters and digits; markers are short.
_TOKENS = re.compile(r"[A-Za-z0-9_\-]{24,}")
_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Marker:
    text: str
    family_pk: int
    category: str
    owner_org: int | None = None  # set for a confidential note or a young person's confidence
    youth: bool = False


@dataclass
class Role:
    name: str
    worker: object = None
    # family state -> categories this role may see (the expectation, from the rules).
    sees: dict = field(default_factory=dict)


def _granted_by(state: str) -> frozenset[str]:
    if state in SHAREABLE:
        return frozenset({state})
    return frozenset(SHAREABLE) if state == "all" else frozenset()


def _consent(family, org, state, by):
    if state == "none":
        return
    categories = SHAREABLE if state in ("all", "withdrawn", "expired") else [state]
    today = timezone.localdate()
    extra = {}
    if state == "withdrawn":
        extra["withdrawn_on"] = timezone.now()
    elif state == "expired":
        extra = {"valid_from": today - timedelta(days=30), "valid_until": today - timedelta(days=1)}
    give_consent(family, org, categories, by, **extra)


def _build(w):
    """The planted world on top of the shared test world `w` (its organisations and workers)."""
    from brug.referrals.models import Referral
    from brug.rights.models import FamilyFact, RightClaim
    from brug.screening.models import DeprivationScreening, RightsAssessment, RightScore
    from brug.signals import services as signal_services
    from brug.signals.models import Signal
    from brug.trajectories.models import (
        CaseConference,
        Contact,
        Goal,
        OverrideRequest,
        PlannedEndChange,
        Review,
        Trajectory,
    )
    from tests.network_world import build_network_objects
    from tests.trajectories.factories import make_programme, trajectory_world

    today = timezone.localdate()
    shared = trajectory_world(w)  # programme, fundamental right and objects for world.family
    net = build_network_objects(w)
    # A programme that ends at the youngest child's age: its pages speak of that child.
    young_programme = make_programme(w, "Jong", youngest_max_age_months=36,
                                     ends_at_youngest_age_months=36, review_every_months=3)
    roles = {
        "supporter": make_worker("l_sup", w.home, "supporter"),
        "experience_expert": make_worker("l_exp", w.home, "experience_expert"),
        "home_partner": make_worker("l_hpart", w.home, "partner"),
        "home_coordinator": make_worker("l_coord", w.home, "coordinator"),
        "other_partner": make_worker("l_opart", w.partner_org, "partner"),
        "other_supporter": make_worker("l_osup", w.partner_org, "supporter"),
        "volunteer_assigned": make_worker("l_vol", w.volunteer_org, "volunteer"),
        "volunteer_unassigned": make_worker("l_volx", w.volunteer_org, "volunteer"),
        "administrator": make_worker("l_adm", w.hub, "administrator"),
        "volunteer_administrator": make_worker("l_voladm", w.volunteer_org,
                                               "volunteer,administrator"),
    }
    supporter = roles["supporter"]
    from brug.aid.models import Fund
    from brug.volunteers.models import VolunteerMeeting

    shared_fund = Fund.objects.create(network=w.network, organisation=w.home, name="Fonds Lek",
                                      kind="food_parcel")
    shared_meeting = VolunteerMeeting.objects.create(network=w.network,
                                                     organisation=w.volunteer_org,
                                                     held_on=today, topic="Intervisie",
                                                     created_by=w.cora)
    from brug.childcare.models import Provider

    # A provider run by the partner organisation: its workers see the offers made to it.
    shared_provider = Provider.objects.create(network=w.network, name="Opvang Lek",
                                              municipality="Teststad", baby_places=20,
                                              organisation=w.partner_org)
    markers: list[Marker] = []
    families = {}
    objects = {}
    # Walk-in hour and group activity (issue 16), organised by the home and the partner
    # organisation, so the partner's pages show attendance only as far as consents go.
    from brug.activities.models import Attendance, Registration
    from brug.walkin.models import Visit
    from tests.open_doors_world import build_open_doors

    doors = build_open_doors(w)
    doors.activity.organisers.add(w.partner_org)
    from brug.schools.models import Question as SchoolQuestion
    from tests.schools.factories import build_schools

    schools = build_schools(w)
    doors.hour.volunteers.add(roles["volunteer_assigned"])
    for i, state in enumerate(STATES):
        def mk(code, i=i):
            return f"Mk{i:02d}{code}Zq"

        family = Family.objects.create(
            organisation=w.home, contact_worker=supporter, display_name=mk("Name"),
            street_address=mk("Street"), postcode=f"Q{i:02d}P", municipality=mk("Town"),
            neighbourhood=mk("Wijk"), phone=mk("Phone"), email=f"{mk('Mail')}@example.org",
            home_languages=mk("Lang"))
        pk = family.pk
        families[state] = family
        for text, category in [(mk("Name"), "identity"), (mk("Street"), "contact"),
                               (f"Q{i:02d}P", "contact"), (mk("Town"), "contact"),
                               (mk("Wijk"), "contact"), (mk("Phone"), "contact"),
                               (mk("Mail"), "contact"), (mk("Lang"), "household")]:
            markers.append(Marker(text, pk, category))
        parent = Member.objects.create(family=family, role="parent", first_name=mk("Mother"),
                                       last_name=mk("Surname"), languages=mk("MLang"),
                                       birth_date=today - timedelta(days=35 * 365))
        child = Member.objects.create(family=family, role="child", first_name=mk("Child"),
                                      birth_date=today - timedelta(days=15 * 365))
        baby = Member.objects.create(family=family, role="child", first_name=mk("Baby"),
                                     birth_date=today - timedelta(days=300))
        markers += [Marker(mk(c), pk, "household") for c in ("Mother", "Surname", "MLang",
                                                             "Child", "Baby")]
        mandate = Mandate.objects.create(family=family, given_by=parent, given_on=today
                                         - timedelta(days=20), form="oral",
                                         scope=mk("Scope"), recorded_by=supporter)
        markers.append(Marker(mk("Scope"), pk, "consent"))
        for org in (w.partner_org, w.volunteer_org):
            _consent(family, org, state, supporter)
        from brug.consent.models import SharingConsent

        SharingConsent.objects.filter(family=family).update(purpose=mk("Purpose"))
        if state != "none":
            markers.append(Marker(mk("Purpose"), pk, "consent"))
        for category in SHAREABLE:
            Note.objects.create(family=family, author=supporter, organisation=w.home,
                                category=category, text=mk(f"Note{category}"))
            markers.append(Marker(mk(f"Note{category}"), pk, category))
        Note.objects.create(family=family, author=supporter, organisation=w.home,
                            text=mk("HomeSecret"), confidential=True)
        markers.append(Marker(mk("HomeSecret"), pk, "domain_notes", owner_org=w.home.pk))
        Note.objects.create(family=family, author=roles["other_partner"],
                            organisation=w.partner_org, text=mk("CawSecret"), confidential=True)
        markers.append(Marker(mk("CawSecret"), pk, "domain_notes", owner_org=w.partner_org.pk))
        Note.objects.create(family=family, author=supporter, organisation=w.home,
                            text=mk("Youth"), youth_confidence=True, about_member=child)
        markers.append(Marker(mk("Youth"), pk, "domain_notes", owner_org=w.home.pk, youth=True))
        # Plan: a trajectory with its goal, contact, review and case conference.
        trajectory = Trajectory.objects.create(
            programme=young_programme, family=family, responsible=supporter,
            started_on=today - timedelta(days=30), planned_end_on=today + timedelta(days=300),
            override_reason=mk("Override"))
        trajectory.involved.add(roles["volunteer_assigned"], roles["volunteer_administrator"])
        override = OverrideRequest.objects.create(
            family=family, programme=young_programme, rules="kansarm",
            reason=mk("OverrideAsk"), requested_by=supporter)
        markers.append(Marker(mk("OverrideAsk"), pk, "plan"))
        PlannedEndChange.objects.create(trajectory=trajectory, member=baby,
                                        previous_end_on=today + timedelta(days=200),
                                        new_end_on=today + timedelta(days=800))
        goal = Goal.objects.create(trajectory=trajectory, life_domain="huisvesting",
                                   family_wording=mk("GoalFam"), worker_wording=mk("GoalWork"),
                                   who_does_what=mk("GoalWho"), created_by=supporter,
                                   organisation=w.home)
        review = Review.objects.create(trajectory=trajectory, due_on=today + timedelta(days=5),
                                       summary=mk("Review"))
        conference = CaseConference.objects.create(trajectory=trajectory, first=True,
                                                   due_by=today + timedelta(days=40),
                                                   minutes=mk("Minutes"),
                                                   parents_comment=mk("ParentsSay"))
        contact = Contact.objects.create(family=family, trajectory=trajectory,
                                         kind="home_visit", happened_on=today, minutes=30,
                                         worker=supporter, organisation=w.home,
                                         note=mk("Contact"))
        markers += [Marker(mk(c), pk, "plan") for c in ("Override", "GoalFam", "GoalWork",
                                                        "GoalWho", "Review", "Minutes",
                                                        "ParentsSay", "Contact")]
        # Rights: a claim, a fact and a grondrechtenmeting; household: a screening.
        RightClaim.objects.create(family=family, right_id="groeipakket_basisbedrag",
                                  status="discussed", status_on=today, note=mk("Claim"))
        FamilyFact.objects.create(family=family, key="municipality", value=mk("Fact"),
                                  recorded_by=supporter)
        assessment = RightsAssessment.objects.create(family=family, assessed_on=today,
                                                     recorded_by=supporter,
                                                     note=mk("Assess"))
        RightScore.objects.create(assessment=assessment, right=shared.right, joint_score=4)
        markers += [Marker(mk(c), pk, "rights") for c in ("Claim", "Fact", "Assess")]
        screening = DeprivationScreening.objects.create(
            family=family, screened_on=today, outcome="not_kansarm", note=mk("Screen"),
            recorded_by=supporter)
        markers.append(Marker(mk("Screen"), pk, "household"))
        # Domain notes: a barrier the family met.
        barrier = signal_services.barrier_record(
            actor=supporter, family=family, dimensions=["betaalbaar"], signal=Signal(
                service=net.service, life_domain="huisvesting", description=mk("Barrier"),
                observed_on=today))
        markers.append(Marker(mk("Barrier"), pk, "domain_notes"))
        # A referral to the partner organisation, as the inbox lists it.
        referral = Referral.objects.create(
            family=family, from_worker=supporter, from_organisation=w.home, service=net.service,
            to_organisation=w.partner_org, question="Hulp bij wonen", categories=",identity,",
            sent_at=timezone.now())
        # The family portal: a parent's account and a message it sent (the dossier's tab).
        from django.contrib.auth import get_user_model

        from brug.portal.models import FamilyAccount, PortalMessage

        account = FamilyAccount.objects.create(
            user=get_user_model().objects.create_user(username=f"portal-{pk}"), family=family,
            member=parent, created_by=supporter, status="active")
        message = PortalMessage.objects.create(family=family, account=account,
                                               text=mk("PortalMsg"), to_worker=supporter)
        markers.append(Marker(mk("PortalMsg"), pk, "consent"))
        # Volunteers and aid (issue 16): a request matched with the assigned volunteer, a visit
        # with a concern (plan); aid received (rights); an interpreter need (household) and
        # booking (plan).
        vol = _volunteer_objects(w, family, supporter, roles["volunteer_assigned"], mk, markers,
                                 shared_fund)
        visit = Visit.objects.create(
            hour=doors.hour, network=w.network, organisation=w.home, visited_on=today,
            recorded_by=supporter, question=mk("Visit"), life_domains=",inkomen,",
            outcome="answered", family=family, linked_at=timezone.now())
        markers.append(Marker(mk("Visit"), pk, "domain_notes"))
        # A school question linked to the family (issue 17): part of its notes.
        SchoolQuestion.objects.create(
            network=w.network, school=schools.school, organisation=w.home, asked_on=today,
            asked_by="parent", life_domains=",onderwijs,", summary=mk("SchoolQ"),
            handled="on_the_spot", recorded_by=supporter, family=family)
        markers.append(Marker(mk("SchoolQ"), pk, "domain_notes"))
        attendance = Attendance.objects.create(
            session=doors.session, family=family, network=w.network, activity=doors.activity,
            on_date=doors.session.on_date, recorded_by=supporter)
        registration = Registration.objects.create(activity=doors.activity, family=family,
                                                   status="registered", recorded_by=supporter)
        # Appointments (issue 14): a home visit of the supporter, the other organisation's
        # partner and the assigned volunteer (their "my appointments" pages), with the parent.
        from brug.appointments.models import Appointment

        appointment = Appointment.objects.create(
            family=family, organisation=w.home, planned_by=supporter, kind="home_visit",
            starts_at=timezone.now() + timedelta(days=1), minutes=60, place=mk("Place"),
            note=mk("ApptNote"))
        appointment.workers.add(supporter, roles["other_partner"], roles["volunteer_assigned"])
        appointment.members.add(parent)
        markers += [Marker(mk("Place"), pk, "plan"), Marker(mk("ApptNote"), pk, "plan")]
        care = _childcare_objects(w, family, supporter, shared_provider, mk, markers)
        # Documents (issue 14): one per shareable category, its title a marker of it.
        from brug.documents.models import Document

        docs = {c: Document.objects.create(
            family=family, organisation=w.home, category=c, title=mk(f"Doc{c}"),
            original_name="brief.pdf", content_type="application/pdf", size=10,
            storage_name=f"leak/{pk}/{c}.pdf", uploaded_by=supporter) for c in SHAREABLE}
        markers += [Marker(mk(f"Doc{c}"), pk, c) for c in SHAREABLE]
        # Notifications about the family for every role: the list and Today write their
        # text through the policy of now (a name only with identity).
        from brug.notifications.models import Kind, Notification

        notes = Notification.objects.bulk_create([
            Notification(recipient=r, kind=kind, family=family, object_id=obj,
                         created_at=timezone.now())
            for r in {r.pk: r for r in roles.values()}.values()
            for kind, obj in ((Kind.REFERRAL_RECEIVED, referral.pk),
                              (Kind.PORTAL_MESSAGE, message.pk),
                              (Kind.CLAIM_DECIDED, None), (Kind.REVIEW_OVERDUE, None))])
        # Issue 17: a concern about the baby (category `concern`: the home organisation only,
        # whatever the consent — a partner with every consent must still not see it), a
        # pregnancy with an outreach attempt (household) and a started handover (consent).
        from brug.concerns.models import Concern
        from brug.perinatal.models import OutreachAttempt
        from tests.perinatal.factories import make_pregnancy

        concern = Concern.objects.create(
            family=family, organisation=w.home, observed_on=today, child=baby,
            seen=mk("ConcernSeen"), consulted=",vk,", consulted_note=mk("ConcernVk"),
            decision="report_vk", decision_reason=mk("ConcernWhy"), family_told="withheld",
            withheld_reason=mk("ConcernHide"), review_on=today, recorded_by=supporter)
        markers += [Marker(mk(c), pk, "concern") for c in ("ConcernSeen", "ConcernVk",
                                                           "ConcernWhy", "ConcernHide")]
        pregnancy = make_pregnancy(family, supporter)
        pregnancy.note = mk("PregNote")
        pregnancy.save()
        OutreachAttempt.objects.create(pregnancy=pregnancy, attempted_on=today, channel="phone",
                                       result="not_reached", note=mk("Outreach"),
                                       worker=supporter, organisation=w.home)
        markers += [Marker(mk(c), pk, "household") for c in ("PregNote", "Outreach")]
        from brug.consent.models import Handover

        handover = Handover.objects.create(
            family=family, from_organisation=w.home, from_worker=supporter,
            to_worker=roles["other_supporter"], to_organisation=w.partner_org,
            consent=SharingConsent.objects.create(
                family=family, organisation=w.outsider_org, categories=",identity,",
                purpose="x", given_by=parent, recorded_by=supporter, valid_from=today,
                valid_until=today - timedelta(days=1)),
            reason=mk("Handover"), joint_contact_on=today,
            old_access_until=today + timedelta(days=9), started_by=supporter)
        markers.append(Marker(mk("Handover"), pk, "consent"))
        objects[pk] = {
            **vol, **care, "appointment_id": appointment.pk,
            "document_id": docs[Category.PLAN].pk,
            "notification_id": notes[0].pk,
            "concern_id": concern.pk, "pregnancy_id": pregnancy.pk, "handover_id": handover.pk,
            "account_id": account.pk, "message_id": message.pk,
            "family_id": pk, "member_id": parent.pk, "mandate_id": mandate.pk,
            "consent_id": family.consents.values_list("pk", flat=True).first(),
            "trajectory_id": trajectory.pk, "goal_id": goal.pk, "review_id": review.pk,
            "contact_id": contact.pk, "screening_id": screening.pk,
            "override_id": override.pk,
            "conference_id": conference.pk, "assessment_id": assessment.pk,
            "barrier_id": barrier.pk, "referral_id": referral.pk, "visit_id": visit.pk,
            "attendance_id": attendance.pk, "registration_id": registration.pk,
        }
    shared_ids = {
        "provider_id": shared_provider.pk,
        "volunteer_meeting_id": shared_meeting.pk, "fund_id": shared_fund.pk,
        "organisation_id": w.home.pk, "worker_id": supporter.pk,
        "programme_id": shared.programme.pk, "fundamental_right_id": shared.right.pk,
        "service_id": net.service.pk, "collective_id": net.collective.pk,
        "meeting_id": net.meeting.pk, "action_id": net.action.pk,
        "right_id": "groeipakket_basisbedrag",
        "hour_id": doors.hour.pk, "activity_id": doors.activity.pk,
        "session_id": doors.session.pk, "neighbourhood_id": doors.neighbourhood.pk,
        # A token that opens no calendar (each worker's valid one:
        # test_the_calendar_feed_shows_no_category_outside_the_grant).
        "feed_token": "geen-geldige-sleutel",
        "school_id": schools.school.pk, "presence_id": schools.presence.pk,
        # A rights screening of the supporter's caseload, by the home coordinator (the only
        # one who opens it; the families in it follow the policy).
        "run_id": _rights_screening_run(roles["home_coordinator"], supporter),
    }
    expectations = {}
    for name, worker in roles.items():
        sees = {}
        for state in STATES:
            if name in ("supporter", "experience_expert", "home_partner", "home_coordinator"):
                sees[state] = ALL
            elif name in ("other_partner", "other_supporter", "volunteer_assigned"):
                sees[state] = _granted_by(state)
            else:  # not assigned, administrators: nothing whatever the consent
                sees[state] = frozenset()
        expectations[name] = Role(name, worker, sees)
    return SimpleNamespace(families=families, markers=markers, objects=objects,
                           shared_ids=shared_ids, roles=expectations,
                           state_of={f.pk: s for s, f in families.items()})


def _rights_screening_run(coordinator, supporter) -> int:
    from brug.rights import screening

    run = screening.run_from_caseload(actor=coordinator, subject=supporter,
                                      on=timezone.localdate())
    while run.status != "done":
        run = screening.advance(actor=coordinator, run_id=run.pk)
    return run.pk


def _volunteer_objects(w, family, supporter, volunteer, mk, markers, fund):
    from brug.aid.models import AidRecord, InterpreterBooking, InterpreterNeed
    from brug.volunteers.models import Match, VisitLog, VolunteerProfile, VolunteerRequest

    today = timezone.localdate()
    pk = family.pk
    VolunteerProfile.objects.get_or_create(worker=volunteer)
    request = VolunteerRequest.objects.create(family=family, help_kinds=",paperwork,",
                                              description=mk("VolAsk"), created_by=supporter)
    match = Match.objects.create(request=request, family=family, volunteer=volunteer,
                                 coordinator=supporter, categories=",identity,plan,",
                                 started_on=today, created_by=supporter)
    visit = VisitLog.objects.create(match=match, family=family, visited_on=today, minutes=60,
                                    what_done=mk("VolVisit"), concern=mk("VolWorry"),
                                    created_by=volunteer)
    AidRecord.objects.create(family=family, fund=fund, received_on=today, amount=25,
                             note=mk("AidNote"), recorded_by=supporter, organisation=w.home)
    need = InterpreterNeed.objects.create(family=family, language=mk("NeedLang"),
                                          created_by=supporter)
    InterpreterBooking.objects.create(family=family, language="Arabisch", kind="phone",
                                      interpreter_name=mk("Interp"), booked_for=today,
                                      created_by=supporter)
    markers += [Marker(mk("VolAsk"), pk, "plan"), Marker(mk("VolVisit"), pk, "plan"),
                Marker(mk("VolWorry"), pk, "plan"), Marker(mk("AidNote"), pk, "rights"),
                Marker(mk("NeedLang"), pk, "household"), Marker(mk("Interp"), pk, "plan")]
    return {"volunteer_request_id": request.pk, "match_id": match.pk,
            "volunteer_visit_id": visit.pk, "need_id": need.pk}


def _childcare_objects(w, family, supporter, provider, mk, markers):
    """A childcare request (its reasons are `plan`) with an offer whose note is `plan`."""
    from brug.childcare.models import ChildcareRequest, Offer

    today = timezone.localdate()
    request = ChildcareRequest.objects.create(
        family=family, start_date=today, municipality="Teststad", requested_on=today,
        created_by=supporter, reasons=mk("CareWhy"))
    offer = Offer.objects.create(request=request, family=family, provider=provider,
                                 baby_places=1, created_by=supporter,
                                 decision_note=mk("CareNote"), reasons=[["Gewone plaats.", {}]])
    markers += [Marker(mk("CareWhy"), family.pk, "plan"),
                Marker(mk("CareNote"), family.pk, "plan")]
    return {"childcare_request_id": request.pk, "offer_id": offer.pk}


_CALLBACKS: dict = {}


def _get_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _get_patterns(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            _CALLBACKS[f"{namespace}{entry.name}"] = entry.callback
            yield f"{namespace}{entry.name}", tuple(_PARAM.findall(str(entry.pattern)))


# The set-password link shows no family data: it takes a token, not an object's id.
PATTERNS = sorted(set(_get_patterns()) - {("login", ()), ("logout", ()),
                                          ("network:password-set", ("uidb64", "token"))})
ROLE_NAMES = ["supporter", "experience_expert", "home_partner", "home_coordinator",
              "other_partner", "other_supporter", "volunteer_assigned", "volunteer_unassigned",
              "administrator", "volunteer_administrator"]
# Extra query strings for pages without an identifier: the list's scopes, the search (filled
# in per family below) and the family a directory search is made for.
VARIANTS = {
    "families:list": ["?scope=all", "?scope=mine"],
    "families:export": ["?scope=all", "?scope=mine"],
    "directory:search": ["?gezin={family_id}"],
    "referrals:inbox": ["?alles=1"],
}

# Pages known to leak, (url name, role) -> why; strict xfail, so a fix shows. Empty: the
# trajectory page's child and the rights tab's member names were fixed in issue 12.
KNOWN_LEAKS: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def planted(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = _shared_world()
            yield _build(w)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _shared_world():
    """The organisations and workers of the conftest world (whose fixture is per test), with
    its family, which the shared trajectory and network objects hang on."""
    from brug.network.models import Network, Organisation
    from tests.conftest import World, make_family

    w = World()
    w.network = Network.objects.create(name="Lekkentest")
    for attr, short, kind in [("home", "OCMW", "ocmw"), ("partner_org", "CAW", "caw"),
                              ("outsider_org", "CLB", "clb"),
                              ("volunteer_org", "Domo", "volunteer"),
                              ("hub", "HvK", "other")]:
        setattr(w, attr, Organisation.objects.create(network=w.network, name=f"{short} Lek",
                                                     short_name=short, kind=kind))
    w.alice = make_worker("l_alice", w.home, "supporter", "Alice Aerts")
    w.charlie = make_worker("l_charlie", w.partner_org, "partner", "Charlie Claes")
    w.cora = make_worker("l_cora", w.hub, "coordinator", "Cora Coppens")
    w.family = make_family(w.home, w.alice, name="Gezin Gedeeld")
    w.parent = w.family.members.get(role="parent")
    return w


# The home organisation's roles see every category whatever the family shared with others
# (rule 2), so beyond the supporter, who is run against every state, two states suffice to
# keep the module fast.
HOME_SUBSET = {"experience_expert": ("none", "all"), "home_partner": ("none", "all"),
               "home_coordinator": ("none", "all")}


def _uses_htmx(name: str) -> bool:
    """Whether the page answers an htmx request differently (its view reads `request.htmx`)."""
    import inspect

    try:
        return "htmx" in inspect.getsource(inspect.unwrap(_CALLBACKS[name]))
    except (OSError, TypeError):  # no source to read: ask both ways
        return True


def _urls(planted, name, params, role_name):
    """(url, family pk or None) for every request this pattern gets."""
    if not params:
        base = reverse(name)
        out = [(base, None)]
        for variant in VARIANTS.get(name, []):
            if "{family_id}" in variant:
                out += [(base + variant.format(family_id=f.pk), f.pk)
                        for state, f in planted.families.items()
                        if state in HOME_SUBSET.get(role_name, STATES)]
            else:
                out.append((base + variant, None))
        return out
    family_params = [p for p in params if p not in planted.shared_ids]
    if not family_params:
        return [(reverse(name, kwargs={p: planted.shared_ids[p] for p in params}), None)]
    out = []
    for state, family in planted.families.items():
        if state not in HOME_SUBSET.get(role_name, STATES):
            continue
        ids = planted.objects[family.pk]
        kwargs = {p: ids[p] if p in ids else planted.shared_ids[p] for p in params}
        if any(v is None for v in kwargs.values()):
            continue
        out.append((reverse(name, kwargs=kwargs), family.pk))
    return out


def _allowed(planted, role: Role, marker: Marker, url_name: str) -> bool:
    state = planted.state_of[marker.family_pk]
    if marker.category not in role.sees[state]:
        return False
    if marker.owner_org is not None and role.worker.organisation_id != marker.owner_org:
        return False
    return not (marker.youth and url_name in PARENTS_PAGES)


def _xlsx_sheets(content: bytes) -> dict[str, list[tuple]]:
    """Every sheet of a workbook: its rows of cell values."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), data_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def _body(response) -> str:
    """The text a reader gets from a response: every cell of every sheet of an XLSX workbook,
    every file of a zip, a calendar with its folded lines (RFC 5545) unfolded."""
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        return "\n".join(f"{title}\n" + "\n".join(
            " ".join("" if v is None else str(v) for v in row) for row in rows)
            for title, rows in _xlsx_sheets(response.content).items())
    if kind.startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace")
                             for n in archive.namelist())
    text = response.content.decode("utf-8", "replace")
    if kind.startswith("text/calendar"):
        text = text.replace("\r\n ", "").replace("\r\n\t", "")
    return text


def _leaks(planted, role, url_name, body):
    body = _TOKENS.sub(" ", body)
    return sorted({m.text for m in planted.markers
                   if m.text in body and not _allowed(planted, role, m, url_name)})


def _cases():
    for name, params in PATTERNS:
        for role in ROLE_NAMES:
            reason = KNOWN_LEAKS.get((name, role))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(name, params, role, id=f"{name}-{role}", marks=marks)


@pytest.mark.parametrize("name,params,role_name", list(_cases()))
def test_no_page_shows_a_category_outside_the_grant(planted, db, name, params, role_name):
    role = planted.roles[role_name]
    client = login(role.worker)
    found = {}
    variants = ({}, {"HTTP_HX_REQUEST": "true"}) if _uses_htmx(name) else ({},)
    for url, _family in _urls(planted, name, params, role_name):
        for headers in variants:
            response = client.get(url, **headers)
            if response.status_code != 200 or response.streaming:
                continue
            leaks = _leaks(planted, role, name, _body(response))
            if leaks:
                found[url + (" (htmx)" if headers else "")] = leaks
    assert not found, found


SEARCHABLE = [("Name", "identity"), ("Wijk", "contact")]


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_a_search_matches_no_field_outside_the_grant(planted, db, role_name):
    """Searching for a family's value of a category the viewer may not see finds nothing: the
    family's link, its neutral label and its export row stay away. (A search by postcode is
    held to the same rule in tests/families/test_category_rules.py: a postcode is digits,
    which a marker cannot safely be.)"""
    role = planted.roles[role_name]
    client = login(role.worker)
    wrong = []
    for state, family in planted.families.items():
        i = STATES.index(state)
        terms = [(f"Mk{i:02d}{code}Zq", category) for code, category in SEARCHABLE]
        for term, category in terms:
            if category in role.sees[state]:
                continue
            for base in (reverse("families:list"), reverse("families:export")):
                body = client.get(f"{base}?scope=all&q={term}").content.decode("utf-8-sig")
                if f"/gezinnen/{family.pk}/" in body or f"(nr. {family.pk})" in body:
                    wrong.append((base, state, term))
    assert not wrong, wrong


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_the_calendar_feed_shows_no_category_outside_the_grant(planted, db, role_name):
    """Each worker's own calendar feed, opened with its valid token (no login), with and
    without the families' names, holds no marker outside the grant."""
    from brug.appointments import services as appointment_services

    role = planted.roles[role_name]
    url = reverse("appointments:feed", args=[appointment_services.feed_create(actor=role.worker)])
    found, shown = {}, set()
    for show in (False, True):
        appointment_services.feed_show_families(actor=role.worker, show=show)
        response = Client().get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith(
            "text/calendar")
        body = _body(response)
        assert "BEGIN:VCALENDAR" in body
        if leaks := _leaks(planted, role, "appointments:feed", body):
            found[f"show_families={show}"] = leaks
        shown |= {m.text for m in planted.markers if m.text in _TOKENS.sub(" ", body)}
    assert not found, found
    if role_name == "supporter":  # the feed was read: every family's name and place is there
        assert {f"Mk{i:02d}{c}Zq" for i in range(len(STATES)) for c in ("Name", "Place")} <= shown


def _searches(planted) -> list[tuple[str, str, dict]]:
    """Every search that finds families from typed text: (label, url with `{}` for the term,
    headers). The family list's box searches as you type (htmx); the attendance and
    registration searches find a known family by name."""
    ids = planted.shared_ids
    return [
        ("families:list", reverse("families:list") + "?scope=all&q={}", {}),
        ("families:list (htmx)", reverse("families:list") + "?scope=all&q={}",
         {"HTTP_HX_REQUEST": "true"}),
        ("families:export", reverse("families:export") + "?scope=all&q={}", {}),
        ("search:search", reverse("search:search") + "?q={}", {}),
        ("activities:detail", reverse("activities:detail", args=[ids["activity_id"]])
         + "?gezin={}", {}),
        ("activities:session", reverse("activities:session", args=[ids["session_id"]])
         + "?gezin={}", {}),
    ]


def _answer(client, url, headers, term) -> tuple[int, str]:
    response = client.get(url.format(term), **headers)
    return response.status_code, _TOKENS.sub(" ", _body(response)).replace(term, "<term>")


NOTHING_SUBSET = ("none", "all")


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_no_search_is_an_oracle_for_a_field_outside_the_grant(planted, db, role_name):
    """Typing a family's value of a category the viewer may not see (its name without
    `identity`, its neighbourhood or postcode without `contact`) into any search gives the
    same page as typing a value nobody has: no row, label, count or "more" betrays a match."""
    role = planted.roles[role_name]
    client = login(role.worker)
    # A postcode is searched when the text is digits: give each family one of its own.
    postcode = {state: f"7{i:02d}3" for i, state in enumerate(STATES)}
    for state, family in planted.families.items():
        Family.objects.filter(pk=family.pk).update(postcode=postcode[state])
    terms = {"identity": lambda i, s: f"Mk{i:02d}NameZq",
             "contact": lambda i, s: f"Mk{i:02d}WijkZq"}
    nobody = {"identity": "Mk99NameZq", "contact": "Mk99WijkZq", "postcode": "7993"}
    # Roles that see nothing of any family whatever it shared: two states suffice.
    states = NOTHING_SUBSET if not any(role.sees.values()) else STATES
    wrong, checked = [], 0
    for label, url, headers in _searches(planted):
        blank = {kind: _answer(client, url, headers, term) for kind, term in nobody.items()}
        if blank["identity"][0] != 200:
            continue  # a page this role does not open at all
        for i, state in enumerate(STATES):
            if state not in states:
                continue
            cases = [(terms[c](i, state), c, c) for c in terms] + [
                (postcode[state], "contact", "postcode")]
            for term, category, kind in cases:
                if category in role.sees[state]:
                    continue
                checked += 1
                if _answer(client, url, headers, term) != blank[kind]:
                    wrong.append((label, state, term))
    assert not wrong, wrong
    if role_name == "supporter":
        # The searches do search: the supporter's own family is found on every page.
        assert checked == 0
        for label, url, headers in _searches(planted):
            for term, kind in (("Mk00NameZq", "identity"), (postcode["none"], "postcode")):
                if label.startswith("activities") and kind == "postcode":
                    continue  # those search names only
                blank = _answer(client, url, headers, nobody[kind])
                assert _answer(client, url, headers, term) != blank, (label, term)
    elif role_name == "administrator":
        assert checked > 0


def test_a_screening_run_shows_no_family_after_its_consent_ended(planted, db):
    """A rights screening of a caseload by a coordinator who sees the families through a
    consent: once the consent ends, the run's page and its downloads (CSV, every cell of the
    XLSX, the errors CSV) no longer name those families, by number or by fact."""
    import csv

    from brug.consent.models import SharingConsent
    from brug.rights import screening

    org = planted.roles["other_partner"].worker.organisation
    coordinator = make_worker("l_ocoord", org, "coordinator")
    # Rights shared with the partner organisation: the "all" family gets a real address, so
    # the engine finds rights it misses; the "rights" family has an impossible answer (a
    # negative income) and is refused. (Its postcode, a marker, is `contact`, which that
    # family did not share: the engine never sees it.)
    from brug.rights.models import FamilyFact

    found, refused = planted.families["all"], planted.families["rights"]
    Family.objects.filter(pk=found.pk).update(postcode="9000", municipality="Gent")
    FamilyFact.objects.create(family=refused, key="yearly_income", value=-1,
                              recorded_by=planted.roles["supporter"].worker)
    run = screening.run_from_caseload(actor=coordinator, subject=planted.roles["supporter"].worker,
                                      on=timezone.localdate())
    while run.status != "done":
        run = screening.advance(actor=coordinator, run_id=run.pk)
    client = login(coordinator)

    def shown():
        get = {n: client.get(reverse(n, args=[run.pk])) for n in (
            "rights:screen-run", "rights:screen-csv", "rights:screen-xlsx", "rights:screen-errors")}
        assert {r.status_code for r in get.values()} == {200}
        sheets = _xlsx_sheets(get["rights:screen-xlsx"].content)
        page = _body(get["rights:screen-run"])
        return {
            "xlsx": {str(row[0]) for rows in sheets.values() for row in rows[1:]},
            "csv": {r["household_id"] for r in csv.DictReader(io.StringIO(
                get["rights:screen-csv"].content.decode("utf-8-sig")))},
            "errors": {r[0] for r in list(csv.reader(io.StringIO(
                get["rights:screen-errors"].content.decode("utf-8-sig"))))[1:]},
            "page": {str(f.pk) for f in (found, refused) if any(
                text in page for text in (f"{f.pk} (facts.", f"(nr. {f.pk})", f.display_name))},
        }

    assert shown() == {"xlsx": {str(found.pk)}, "csv": {str(found.pk)},
                       "errors": {str(refused.pk)}, "page": {str(found.pk), str(refused.pk)}}
    for consent in SharingConsent.objects.filter(family__in=[found, refused], organisation=org):
        consent.withdrawn_on = timezone.now()
        consent.save()
    assert shown() == {"xlsx": set(), "csv": set(), "errors": set(), "page": set()}
