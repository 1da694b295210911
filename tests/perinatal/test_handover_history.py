"""The history boundary after a warm handover (policy rule 11) for every kind of dated record.

One record of each kind (`policy.HISTORY`: trajectory, goal, review, case conference, rights
claim, childcare request, concern, aid record, interpreter booking, referral, walk-in visit) is
planted twice, with a unique marker: once dated long before the handover in a category the
family did not agree to pass on, once dated after it. Then every page of the URL configuration
that answers a GET (lists, dossier tabs, htmx fragments, prints, exports, Today, the agenda) is
requested by the new organisation's worker, with the old records' identifiers and with the new
ones: no old marker may appear anywhere, every new marker must appear somewhere, and the old
records do not open by their address.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brug.access import policy
from brug.consent import handover
from tests.conftest import login, make_worker
from tests.test_category_leaks import PATTERNS, _uses_htmx

TODAY = timezone.localdate()
OLD = TODAY - timedelta(days=200)
# The family agreed that the new organisation reads its identity and household history only:
# the old plan, rights, notes and concerns stay with the old organisation.
AGREED = ["identity", "household"]


def _aware(day):
    return timezone.make_aware(datetime.combine(day, time(10)))


def _plant(w, tag: str, day, shared) -> dict:
    """One record of each kind dated `day`, by the old organisation; markers `<tag><Kind>Zq`."""
    from brug.aid.models import AidRecord, InterpreterBooking
    from brug.childcare.models import ChildcareRequest
    from brug.concerns.models import Concern
    from brug.referrals.models import Referral
    from brug.rights.models import RightClaim, RightClaimEvent
    from brug.trajectories.models import CaseConference, Goal, Review, Trajectory
    from brug.walkin.models import Visit
    from tests.trajectories.factories import make_programme

    def mk(kind):
        return f"{tag}{kind}Zq"

    future = max(day, TODAY) + timedelta(days=5)
    trajectory = Trajectory.objects.create(
        programme=make_programme(w, f"Programma {tag}"), family=w.family, responsible=w.alice,
        started_on=day, planned_end_on=future + timedelta(days=300),
        override_reason=mk("Traj"))
    host = trajectory
    goal = Goal.objects.create(trajectory=host, life_domain="huisvesting",
                               family_wording=mk("Goal"), worker_wording=mk("GoalW"),
                               created_by=w.alice, organisation=w.home)
    Goal.objects.filter(pk=goal.pk).update(created_at=_aware(day))
    review = Review.objects.create(trajectory=host, due_on=day if day < TODAY else future,
                                   held_on=day if day < TODAY else None, summary=mk("Review"))
    conference = CaseConference.objects.create(
        trajectory=host, due_by=day if day < TODAY else future,
        held_on=day if day < TODAY else None, minutes=mk("Minutes"))
    CaseConference.objects.filter(pk=conference.pk).update(created_at=_aware(day))
    right_id = "groeipakket_startbedrag" if day < TODAY else "groeipakket_sociale_toeslag"
    claim = RightClaim.objects.create(family=w.family, right_id=right_id, status="discussed",
                                      status_on=day, note=mk("ClaimNote"))
    RightClaimEvent.objects.create(claim=claim, status="discussed", happened_on=day,
                                   note=mk("Claim"), recorded_by=w.alice)
    request = ChildcareRequest.objects.create(
        family=w.family, start_date=future, municipality="Teststad", requested_on=day,
        created_by=w.alice, reasons=mk("CareWhy"))
    concern = Concern.objects.create(
        family=w.family, organisation=w.home, observed_on=day, seen=mk("Concern"),
        decision="follow_up", decision_reason="Opvolgen", family_told="told",
        recorded_by=w.alice)
    Concern.objects.filter(pk=concern.pk).update(created_at=_aware(day))
    AidRecord.objects.create(family=w.family, fund=shared["fund"], received_on=day, amount=20,
                             note=mk("Aid"), recorded_by=w.alice, organisation=w.home)
    InterpreterBooking.objects.create(family=w.family, language="Arabisch", kind="phone",
                                      interpreter_name=mk("Interp"), booked_for=day,
                                      created_by=w.alice)
    referral = Referral.objects.create(
        family=w.family, from_worker=w.alice, from_organisation=w.home,
        service=shared["service"], to_organisation=w.outsider_org, question=mk("Referral"),
        categories=",identity,", sent_at=_aware(day))
    visit = Visit.objects.create(
        hour=shared["hour"], network=w.network, organisation=w.home, visited_on=day,
        recorded_by=w.alice, question=mk("Visit"), life_domains=",inkomen,",
        outcome="answered", family=w.family, linked_at=_aware(day))
    return {"family_id": w.family.pk, "trajectory_id": trajectory.pk, "goal_id": goal.pk,
            "review_id": review.pk, "conference_id": conference.pk, "right_id": right_id,
            "childcare_request_id": request.pk, "concern_id": concern.pk,
            "referral_id": referral.pk, "visit_id": visit.pk, "hour_id": shared["hour"].pk,
            "fund_id": shared["fund"].pk, "service_id": shared["service"].pk,
            "programme_id": trajectory.programme_id, "organisation_id": w.partner_org.pk}


KINDS = ["ClaimNote", "Traj", "Goal", "Review", "Minutes", "Claim", "CareWhy", "Concern", "Aid",
         "Interp", "Referral", "Visit"]
# The new records' markers that some page must show (a claim's own note and a conference's
# minutes before it is held are on no page).
NEW_SHOWN = ["Traj", "Goal", "Review", "Claim", "CareWhy", "Concern", "Aid", "Interp",
             "Referral", "Visit"]


@pytest.fixture
def handed_over(world):
    from brug.aid.models import Fund
    from brug.walkin.models import WalkInHour
    from tests.network_world import make_service

    shared = {
        "fund": Fund.objects.create(network=world.network, organisation=world.home,
                                    name="Fonds", kind="food_parcel"),
        "service": make_service(world.network, org=world.outsider_org),
        "hour": WalkInHour.objects.create(
            network=world.network, organisation=world.home, name="Zitdag", kind="zitdag",
            place="School", weekday=1, starts_at=time(9), ends_at=time(11)),
    }
    # The new contact person: a supporter of the partner organisation (who may also change).
    world.sam = make_worker("sam", world.partner_org, "supporter", "Sam Smets")
    old = _plant(world, "Oud", OLD, shared)
    started = handover.handover_start(
        actor=world.alice, family=world.family, to_worker=world.sam,
        given_by=world.parent, categories=AGREED, joint_contact_on=TODAY,
        old_access_until=TODAY + timedelta(days=30), reason="VONK stopt")
    handover.handover_complete(actor=world.alice, handover=started)
    world.family.refresh_from_db()
    from brug.trajectories.models import CaseConference, Goal, Review

    # The new records: the old organisation's, after the handover (their date opens them).
    new = _plant(world, "Nieuw", TODAY, shared)
    # The old goal, review and conference move into the new trajectory, so that their own
    # date hides them (not only their trajectory's).
    for model, pk in ((Goal, old["goal_id"]), (Review, old["review_id"]),
                      (CaseConference, old["conference_id"])):
        model.objects.filter(pk=pk).update(trajectory_id=new["trajectory_id"])
    return world, old, new


def _bodies(client, ids):
    """(url, body) of every GET page the identifiers reach, plain and htmx."""
    for name, params in PATTERNS:
        if any(p not in ids for p in params):
            continue
        url = reverse(name, kwargs={p: ids[p] for p in params})
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}) if _uses_htmx(name) else ({},):
            response = client.get(url, **headers)
            if response.status_code == 200 and not response.streaming:
                yield name, response.content.decode("utf-8-sig", "replace")


def test_the_new_organisation_reads_no_old_record_outside_the_agreement_on_any_page(
        handed_over):
    world, old, new = handed_over
    assert policy.access_for(world.sam, world.family).home
    client = login(world.sam)
    seen_new: set[str] = set()
    leaks = []
    for ids in (old, new):
        for name, body in _bodies(client, ids):
            leaks += [(name, kind) for kind in KINDS if f"Oud{kind}Zq" in body]
            seen_new |= {kind for kind in KINDS if f"Nieuw{kind}Zq" in body}
    assert not leaks, leaks
    assert set(NEW_SHOWN) <= seen_new, set(NEW_SHOWN) - seen_new


def test_old_records_do_not_open_by_their_address(handed_over):
    world, old, new = handed_over
    client = login(world.sam)
    f, t = old["family_id"], old["trajectory_id"]
    nt = new["trajectory_id"]
    for url in [reverse("trajectories:detail", args=[f, t]),
                reverse("trajectories:plan", args=[f, t]),
                reverse("trajectories:goal-edit", args=[f, nt, old["goal_id"]]),
                reverse("trajectories:review", args=[f, nt, old["review_id"]]),
                reverse("trajectories:conference", args=[f, nt, old["conference_id"]]),
                reverse("rights:claim", args=[f, old["right_id"]]),
                reverse("childcare:request", args=[f, old["childcare_request_id"]]),
                reverse("concerns:detail", args=[old["concern_id"]]),
                reverse("referrals:detail", args=[old["referral_id"]])]:
        assert client.get(url).status_code == 404, url
    for url in [reverse("trajectories:detail", args=[f, nt]),
                reverse("trajectories:conference", args=[f, nt, new["conference_id"]]),
                reverse("rights:claim", args=[f, new["right_id"]]),
                reverse("childcare:request", args=[f, new["childcare_request_id"]]),
                reverse("concerns:detail", args=[new["concern_id"]])]:
        assert client.get(url).status_code == 200, url


def test_the_old_organisation_still_reads_its_history_while_it_reads_along(handed_over):
    world, old, _new = handed_over
    body = login(world.alice).get(reverse("trajectories:tab", args=[old["family_id"]]))
    assert "Programma Oud" in body.content.decode()


def test_agreed_categories_open_the_old_records_of_that_category(world):
    """With `plan` agreed, the old trajectory reads; `history_q` is the same rule."""
    from brug.trajectories.models import Trajectory
    from tests.trajectories.factories import make_programme

    old = Trajectory.objects.create(programme=make_programme(world, "Oud"), family=world.family,
                                    responsible=world.alice, started_on=OLD)
    started = handover.handover_start(
        actor=world.alice, family=world.family, to_worker=world.charlie,
        given_by=world.parent, categories=["identity", "plan"], joint_contact_on=TODAY,
        old_access_until=TODAY, reason="VONK stopt", history_since=OLD + timedelta(days=1))
    handover.handover_complete(actor=world.alice, handover=started)
    world.family.refresh_from_db()
    access = policy.access_for(world.charlie, world.family)
    qs = Trajectory.objects.filter(pk=old.pk)
    # From the agreed date on only: the day before is out, moving the start in lets it read.
    assert not qs.filter(policy.history_q(world.charlie, access, "trajectory")).exists()
    Trajectory.objects.filter(pk=old.pk).update(started_on=OLD + timedelta(days=1))
    assert qs.filter(policy.history_q(world.charlie, access, "trajectory")).exists()
    # The same answer read across families (Today's sections).
    assert qs.filter(policy.handed_over_q(world.charlie, "trajectory")).exists()
    Trajectory.objects.filter(pk=old.pk).update(started_on=OLD)
    assert not qs.filter(policy.handed_over_q(world.charlie, "trajectory")).exists()
