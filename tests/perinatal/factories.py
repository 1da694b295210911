"""Objects of issue 17 (a concern, a pregnancy, a handover) for world.family."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from brug.concerns.models import Concern
from brug.consent.models import Handover
from brug.families.models import Member
from brug.perinatal.models import Pregnancy
from tests.conftest import give_consent


def make_concern(family, worker, *, text="Blauwe plek op de arm", **extra) -> Concern:
    return Concern.objects.create(
        family=family, organisation=family.organisation, observed_on=timezone.localdate(),
        seen=text, decision="follow_up", decision_reason="Samen met het gezin bekijken",
        recorded_by=worker, **extra)


def make_pregnancy(family, worker, *, due_in_days=90) -> Pregnancy:
    child = Member.objects.create(family=family, role="expected_child",
                                  due_date=timezone.localdate() + timedelta(days=due_in_days))
    return Pregnancy.objects.create(family=family, expected_child=child,
                                    signalled_by="kind_en_gezin",
                                    signalled_on=timezone.localdate(), recorded_by=worker)


def build_issue17_objects(w):
    today = timezone.localdate()
    consent = give_consent(w.family, w.partner_org, ["identity"], w.alice)
    handover = Handover.objects.create(
        family=w.family, from_organisation=w.home, from_worker=w.alice, to_worker=w.charlie,
        to_organisation=w.partner_org, consent=consent, reason="VONK stopt",
        joint_contact_on=today, old_access_until=today + timedelta(days=30), started_by=w.alice)
    return SimpleNamespace(concern=make_concern(w.family, w.alice),
                           pregnancy=make_pregnancy(w.family, w.alice), handover=handover)
