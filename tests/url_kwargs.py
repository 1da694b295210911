"""How the URL access test builds identifiers for every URL pattern that takes one.

For each URL keyword argument, a function that returns the identifier of an object belonging
to `world.family` (or to its organisation) — an object the outsider must never reach. A new URL
with a new keyword fails the test until it is added here, so no URL escapes the check.
"""

from __future__ import annotations

from datetime import date

KWARGS = {
    "family_id": lambda w: w.family.pk,
    "member_id": lambda w: w.parent.pk,
    "mandate_id": lambda w: w.mandate.pk,
    "consent_id": lambda w: w.consent_to_partner().pk,
    # Network management pages: only coordinators and administrators; others get 404.
    "organisation_id": lambda w: w.home.pk,
    "worker_id": lambda w: w.alice.pk,
    # Trajectories and screening (objects built on demand for world.family).
    "trajectory_id": lambda w: _traj(w).trajectory.pk,
    "goal_id": lambda w: _traj(w).goal.pk,
    "contact_id": lambda w: _traj(w).contact.pk,
    "review_id": lambda w: _traj(w).review.pk,
    "conference_id": lambda w: _traj(w).conference.pk,
    "programme_id": lambda w: _traj(w).programme.pk,
    "assessment_id": lambda w: _traj(w).assessment.pk,
    "screening_id": lambda w: _screening(w).pk,
    "override_id": lambda w: _override(w).pk,
    # Rights of the grondrechtenmeting: only the network's coordinators; others get 404.
    "fundamental_right_id": lambda w: _traj(w).right.pk,
    # Network pages (directory, referrals, signals): objects tied to world.family / world.home.
    "service_id": lambda w: _net(w).service.pk,
    "referral_id": lambda w: _net(w).referral.pk,
    "collective_id": lambda w: _net(w).collective.pk,
    "action_id": lambda w: _net(w).action.pk,
    "meeting_id": lambda w: _net(w).meeting.pk,
    "barrier_id": lambda w: _net(w).barrier.pk,
    # Walk-in hours and group activities of world.home (issue 16).
    "hour_id": lambda w: _doors(w).hour.pk,
    "visit_id": lambda w: _doors(w).visit.pk,
    "activity_id": lambda w: _doors(w).activity.pk,
    "session_id": lambda w: _doors(w).session.pk,
    "attendance_id": lambda w: _doors(w).attendance.pk,
    "registration_id": lambda w: _doors(w).registration.pk,
    # Neighbourhood figures: only the network's coordinators; others get 404.
    "neighbourhood_id": lambda w: _doors(w).neighbourhood.pk,
    # Rights: a real catalogue id (a string kwarg) of a right for world.family.
    "right_id": lambda w: "groeipakket_basisbedrag",
    # Rights screening runs: only the coordinator who started one opens it (world.cora's).
    "run_id": lambda w: _rights_run(w).pk,
    # The family portal (worker side): an account and a message of world.family.
    "account_id": lambda w: _portal(w).account.pk,
    "message_id": lambda w: _portal(w).message.pk,
    # Volunteers and aid (issue 16): objects of world.family, a meeting and a fund of its network.
    "volunteer_request_id": lambda w: _vol(w).request.pk,
    "match_id": lambda w: _vol(w).match.pk,
    "volunteer_visit_id": lambda w: _vol(w).visit.pk,
    "volunteer_meeting_id": lambda w: _vol(w).meeting.pk,
    "fund_id": lambda w: _vol(w).fund.pk,
    "need_id": lambda w: _vol(w).need.pk,
    # Appointments (issue 14): one of world.family; the calendar feed's token is not valid
    # (a valid one authorises whoever holds it: tests/appointments/test_feed.py).
    "appointment_id": lambda w: _appointment(w).pk,
    "feed_token": lambda w: "geen-geldige-sleutel",
    # Documents (issue 14): one of world.family, with its file in the test storage.
    "document_id": lambda w: _document(w).pk,
    # The childcare desk (issue 17): a provider of the network, a request and an offer of
    # world.family.
    "provider_id": lambda w: _care(w).provider.pk,
    "childcare_request_id": lambda w: _care(w).request.pk,
    "offer_id": lambda w: _care(w).offer.pk,
    # Notifications: one of world.alice's own; every other worker gets 404 (an id is never a
    # way into someone else's notifications).
    "notification_id": lambda w: _notification(w).pk,
    # Issue 17: a concern about world.family's child; a pregnancy of world.family.
    "concern_id": lambda w: _issue17(w).concern.pk,
    "pregnancy_id": lambda w: _issue17(w).pregnancy.pk,
    "handover_id": lambda w: _issue17(w).handover.pk,
    # School social work (issue 17): a school whose school work world.home does, and its
    # presence; only that organisation's workers and the network's coordinators reach them.
    "school_id": lambda w: _schools(w).school.pk,
    "presence_id": lambda w: _schools(w).presence.pk,
    # The e-mailed set-password link: a real user id with a token that is not valid (the page
    # then only says the link does not work).
    "uidb64": lambda w: _uid(w.alice),
    "token": lambda w: "geen-geldige-sleutel",
}


def _uid(worker):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return urlsafe_base64_encode(force_bytes(worker.user_id))


def _document(w):
    if getattr(w, "_document", None) is None:
        from tests.documents.factories import make_document

        w._document = make_document(w)
    return w._document


def _appointment(w):
    if getattr(w, "_appointment", None) is None:
        from tests.appointments.factories import make_appointment

        w._appointment = make_appointment(w)
    return w._appointment


def _portal(w):
    if getattr(w, "_portal", None) is None:
        from types import SimpleNamespace

        from brug.portal.models import PortalMessage
        from tests.portal.conftest import make_account

        account = getattr(w, "account", None) or make_account(
            w.family, w.parent, w.alice, username="url-kwargs-parent")
        message = PortalMessage.objects.create(family=w.family, account=account, text="hallo",
                                               to_worker=w.alice)
        w._portal = SimpleNamespace(account=account, message=message)
    return w._portal


def _notification(w):
    if getattr(w, "_notification", None) is None:
        from brug.notifications.models import Kind
        from brug.notifications.services import notify

        w._notification = notify(recipients=[w.alice], kind=Kind.CLAIM_DECIDED,
                                 family_id=w.family.pk)[0]
    return w._notification


def _issue17(w):
    if getattr(w, "_issue17", None) is None:
        from tests.perinatal.factories import build_issue17_objects

        w._issue17 = build_issue17_objects(w)
    return w._issue17


def _rights_run(w):
    if getattr(w, "_rights_run", None) is None:
        from brug.rights.models import RunSource, ScreeningRun

        w._rights_run = ScreeningRun.objects.create(
            created_by=w.cora, on=date.today(), source=RunSource.UPLOAD, file_name="t.csv")
    return w._rights_run


def _traj(w):
    from tests.trajectories.factories import trajectory_world

    return trajectory_world(w)


def _vol(w):
    if getattr(w, "_vol", None) is None:
        from tests.volunteers.factories import build_volunteer_objects

        w._vol = build_volunteer_objects(w)
    return w._vol

def _care(w):
    if getattr(w, "_care", None) is None:
        from tests.childcare.factories import build_childcare_objects

        w._care = build_childcare_objects(w)
    return w._care


def _schools(w):
    if getattr(w, "_schools", None) is None:
        from tests.schools.factories import build_schools

        w._schools = build_schools(w)
    return w._schools


def _doors(w):
    if getattr(w, "_doors", None) is None:
        from tests.open_doors_world import build_open_doors

        w._doors = build_open_doors(w)
    return w._doors


def _net(w):
    """A service of the partner (CAW), a referral of world.family to it, and a collective
    signal with an action — built once per test world."""
    if getattr(w, "_net", None) is None:
        from tests.network_world import build_network_objects

        w._net = build_network_objects(w)
    return w._net


# URL names that take an identifier but are deliberately open to every worker, with why.
OPEN_TO_ALL_WORKERS: dict[str, str] = {
    "directory:service": "the sociale kaart holds no family data; every worker of the network "
                         "looks services up",
    "directory:report-create": "any worker of the network may report a service's thresholds "
                               "(no family data)",
    "signals:collective": "a collective signal shows only anonymous counts (never under 3 "
                          "families) and released texts; the network's professionals discuss "
                          "it (volunteers get 404: tests/signals/test_bundle_rules.py)",
    "signals:agenda": "the meeting agenda is the anonymous signal bundle for all partners "
                      "(volunteers get 404: tests/signals/test_bundle_rules.py)",
    "network:password-set": "the e-mailed set-password link: Django checks its token, and "
                            "without a valid one the page only says the link does not work",
}


def _screening(w):
    from brug.screening.models import DeprivationScreening

    return DeprivationScreening.objects.get_or_create(
        family=w.family, defaults={"screened_on": w.mandate.given_on, "outcome": "undetermined",
                                   "recorded_by": w.alice})[0]


def _override(w):
    from brug.trajectories.models import OverrideRequest

    programme = _traj(w).programme
    return OverrideRequest.objects.get_or_create(
        family=w.family, programme=programme,
        defaults={"rules": "kansarm", "reason": "Test", "requested_by": w.alice})[0]
