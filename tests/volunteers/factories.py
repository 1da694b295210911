"""Volunteer and aid objects for the shared test world (URL access and read-audit tests)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from brug.aid.models import Fund, InterpreterNeed
from brug.volunteers.models import (
    Match,
    VisitLog,
    VolunteerMeeting,
    VolunteerProfile,
    VolunteerRequest,
)


def build_volunteer_objects(w, *, marker: str = ""):
    """A request of world.family matched with vera (consent for Domo), a visit with a concern,
    a meeting, a fund and an interpreter need. Written directly: these tests are about pages."""
    from tests.conftest import give_consent

    ns = SimpleNamespace()
    today = timezone.localdate()
    VolunteerProfile.objects.get_or_create(worker=w.vera)
    ns.request = VolunteerRequest.objects.create(
        family=w.family, help_kinds=",paperwork,", description=f"Brieven {marker}",
        created_by=w.alice)
    consent = give_consent(w.family, w.volunteer_org, ["identity", "plan"], w.alice)
    ns.match = Match.objects.create(request=ns.request, family=w.family, volunteer=w.vera,
                                    coordinator=w.alice, categories=",identity,plan,",
                                    consent=consent, started_on=today, created_by=w.alice)
    ns.visit = VisitLog.objects.create(match=ns.match, family=w.family, visited_on=today,
                                       minutes=60, what_done=f"Gespeeld {marker}",
                                       concern=f"Zorg {marker}", created_by=w.vera)
    ns.meeting = VolunteerMeeting.objects.create(network=w.network, organisation=w.volunteer_org,
                                                 held_on=today, topic="Intervisie",
                                                 created_by=w.cora)
    ns.fund = Fund.objects.create(network=w.network, organisation=w.home, name="TOOM",
                                  kind="premium", amount_per_child=Decimal("150"))
    ns.need = InterpreterNeed.objects.create(family=w.family, language="Arabisch",
                                             created_by=w.alice)
    return ns
