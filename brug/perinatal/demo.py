"""Fictional expecting families for the demo network (deterministic): signalled by Kind en
Gezin, the hospital and a mother herself; outreach before the mandate; one coached by the
perinatal coach (Menen), one whose baby was born, one in the Samen Zwanger group."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError

from brug.activities.models import Activity
from brug.activities.services import registration_add
from brug.consent import services as consent_services
from brug.consent.models import Mandate
from brug.families import services as family_services
from brug.families.models import Family, Member
from brug.perinatal import services
from brug.perinatal.models import OutreachAttempt, Pregnancy
from brug.trajectories import services as trajectory_services
from brug.trajectories.models import Programme

EXPECTING = [
    # surname, mother's first name, due in days, who signalled, coached, born days ago
    ("Lambrecht", "Yasmina", 75, "kind_en_gezin", True, None),
    ("Okafor", "Grace", 140, "hospital", False, None),
    ("Verstraete", "Sofie", 30, "family", True, 12),
    ("Haddad", "Rania", 200, "gynaecologist", False, None),
]


def _birth(today: date, years: int) -> date:
    return today.replace(year=today.year - years, month=3, day=14)


def load(ctx) -> None:
    nadia = ctx.workers["nadia"]
    kg = ctx.organisations["kg"]
    coach = Programme.objects.filter(network=ctx.network, name="Perinatale coach").first()
    group = Activity.objects.filter(network=ctx.network, kind="samen_zwanger").first()
    for i, (surname, mother, due_in, signalled_by, coached, born_ago) in enumerate(EXPECTING):
        family = family_services.family_create(actor=nadia, family=Family(
            display_name=f"Gezin {surname}", postcode="9999", municipality="Demostad",
            street_address=f"Lindelaan {10 + i}", phone=f"0470 11 0{i} 42"),
            members=[Member(role="parent", first_name=mother, last_name=surname,
                            birth_date=_birth(ctx.today, 24 + i * 3))])
        ctx.families.append(family)
        signalled_on = ctx.today - timedelta(days=60 if born_ago else 20)
        pregnancy = services.pregnancy_register(
            actor=nadia, family=family, due_date=ctx.today + timedelta(days=due_in),
            pregnancy=Pregnancy(signalled_by=signalled_by, signalled_on=signalled_on,
                                signalled_by_organisation=kg
                                if signalled_by == "kind_en_gezin" else None))
        services.outreach_record(actor=nadia, pregnancy=pregnancy, attempt=OutreachAttempt(
            attempted_on=signalled_on + timedelta(days=2), channel="phone",
            result="not_reached"))
        services.outreach_record(actor=nadia, pregnancy=pregnancy, attempt=OutreachAttempt(
            attempted_on=signalled_on + timedelta(days=5), channel="home_visit",
            result="agreed" if coached else "not_yet",
            note="Samen koffie gedronken; ze wil graag een vaste coach." if coached else
            "Wil eerst nadenken; opnieuw proberen na de echo."))
        if not coached or coach is None:
            continue
        consent_services.mandate_record(actor=nadia, family=family, mandate=Mandate(
            given_by=family.members.get(role="parent"), given_on=signalled_on + timedelta(days=5),
            form="oral", scope="Een vaste coach tijdens de zwangerschap en na de geboorte."))
        trajectory_services.trajectory_open(
            actor=nadia, family=family, programme=coach, responsible=nadia,
            started_on=signalled_on + timedelta(days=6))
        if born_ago:
            services.birth_record(actor=nadia, pregnancy=pregnancy,
                                  born_on=ctx.today - timedelta(days=born_ago),
                                  first_name="Lou")
        if group is not None:
            try:
                registration_add(actor=nadia, activity=group, family=family)
            except ValidationError:  # full, or not shared: the demo goes on
                pass
