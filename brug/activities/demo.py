"""Fictional neighbourhood figures and three group activities with a few months of sessions,
anonymous counts and attendance of known families (deterministic)."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from brug.activities import services
from brug.activities.models import Activity, Neighbourhood, Session

# name, children 0-3, share in kansarmoede (%) — fictional, and of Demostad's neighbourhoods
# (brug.demo.loader.NEIGHBOURHOODS)
FIGURES = [
    ("Centrum", 410, "18.5"), ("Stationswijk", 360, "31.0"), ("Molenhoek", 290, "24.2"),
    ("Kouter", 220, "9.8"), ("Nieuwe Dok", 330, "36.4"), ("Rivierenwijk", 180, "12.1"),
]


def load(ctx) -> None:
    w, orgs = ctx.workers, ctx.organisations
    coordinator = w["coordinator"]
    hoods = {}
    for name, children, share in FIGURES:
        hoods[name] = services.neighbourhood_save(actor=coordinator, neighbourhood=Neighbourhood(
            name=name, young_children=children, deprivation_pct=Decimal(share),
            figures_year=ctx.today.year - 1))
    activities = [
        (services.activity_create(actor=w["sara"], activity=Activity(
            name="Spelotheek De Speelvogel", kind="spelotheek", place="Bibliotheek Molenhoek",
            neighbourhood=hoods["Molenhoek"], capacity=None),
            organisers=[orgs["ocmw"], orgs["hvk"]], volunteers=[w["lotte"]]), 1, 2),
        (services.activity_create(actor=w["sara"], activity=Activity(
            name="Speel-en-ontmoet Stationswijk", kind="speel_en_ontmoet",
            place="Buurthuis Stationswijk", neighbourhood=hoods["Stationswijk"], capacity=12),
            organisers=[orgs["ocmw"]]), 1, 3),
        (services.activity_create(actor=w["coordinator"], activity=Activity(
            name="Samen Zwanger", kind="samen_zwanger", place="Huis van het Kind, Centrum",
            neighbourhood=hoods["Centrum"], capacity=8),
            organisers=[orgs["hvk"], orgs["ocmw"], orgs["kg"]]), 2, 4),
    ]
    rng = ctx.rng
    first = ctx.today - timedelta(weeks=16)
    for activity, every, weekday in activities:
        start = first + timedelta(days=(weekday - first.weekday()) % 7)
        services.sessions_generate(actor=w["sara"], activity=activity, first=start,
                                   until=ctx.today + timedelta(weeks=4), every_weeks=every,
                                   starts_at=time(9, 30), ends_at=time(11, 30))
    # Families Sara may record: her organisation's (the demo's OCMW families).
    known = [f for f in ctx.families if services.may_record_family(w["sara"], f)][:14]
    for activity, _every, _weekday in activities:
        for session in Session.objects.filter(activity=activity, on_date__lt=ctx.today):
            session.anonymous_families = rng.randint(1, 5)
            session.anonymous_adults = session.anonymous_families + rng.randint(0, 3)
            session.anonymous_children = session.anonymous_families + rng.randint(0, 5)
            services.session_update(actor=w["sara"], session=session,
                                    expected_version=session.version)
            for family in rng.sample(known, k=min(len(known), rng.randint(1, 4))):
                services.attendance_record(actor=w["sara"], session=session, family=family,
                                           children=rng.randint(1, 2))
    # Registrations: the pregnancy group is full, two wait.
    group = activities[2][0]
    for family in known[:8]:
        services.registration_add(actor=w["sara"], activity=group, family=family)
    for name in ("Leila", "Hanne"):
        services.registration_add(actor=w["sara"], activity=group, first_name=name)
