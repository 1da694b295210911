"""Walk-in and activity objects of world.home for the shared test world (issue 16)."""

from __future__ import annotations

from datetime import time, timedelta
from types import SimpleNamespace

from django.utils import timezone

from brug.activities import services as activity_services
from brug.activities.models import Activity, Neighbourhood, Session
from brug.walkin import services as walkin_services
from brug.walkin.models import Visit, WalkInHour


def build_open_doors(w, *, family=None):
    """A walk-in hour of world.home with a visit, an activity organised by world.home with a
    session where `family` (default world.family) attended and registered, and a
    neighbourhood of the network."""
    family = family or w.family
    ns = SimpleNamespace()
    today = timezone.localdate()
    ns.hour = walkin_services.hour_create(actor=w.alice, hour=WalkInHour(
        organisation=w.home, name="Zitdag school", kind="zitdag", place="School",
        weekday=1, starts_at=time(9), ends_at=time(11)))
    ns.visit = walkin_services.visit_record(actor=w.alice, domains=["inkomen"], visit=Visit(
        hour=ns.hour, visited_on=today, question="Vraag over de schoolfactuur",
        outcome="answered"))
    ns.neighbourhood = Neighbourhood.objects.create(network=w.network, name="Centrum",
                                                    young_children=100)
    ns.activity = activity_services.activity_create(actor=w.alice, activity=Activity(
        name="Spelotheek", kind="spelotheek", place="Bib", neighbourhood=ns.neighbourhood,
        capacity=10), organisers=[w.home])
    activity_services.sessions_generate(actor=w.alice, activity=ns.activity,
                                        first=today - timedelta(days=7), until=today,
                                        every_weeks=1, starts_at=time(10), ends_at=time(12))
    ns.session = Session.objects.filter(activity=ns.activity).order_by("on_date").first()
    ns.attendance = activity_services.attendance_record(actor=w.alice, session=ns.session,
                                                        family=family, children=1)
    ns.registration = activity_services.registration_add(actor=w.alice, activity=ns.activity,
                                                         family=family)
    return ns
