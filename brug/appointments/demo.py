"""A few appointments this week for sara (fictional): home visits, an office appointment and a
phone call with families she is the contact person of, and one of yesterday still to log."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from brug.appointments import services
from brug.appointments.models import Appointment

PLAN = [
    # days from today, hour, minute, kind, minutes, place
    (-1, 14, 0, "home_visit", 60, "thuis"),
    (0, 10, 0, "home_visit", 60, "thuis"),
    (0, 15, 30, "phone", 20, ""),
    (1, 9, 30, "office", 45, "Sociaal Huis, gesprekslokaal 2"),
    (3, 13, 0, "home_visit", 90, "thuis"),
    (5, 11, 0, "office", 30, "Huis van het Kind, onthaal"),
]


def load(ctx) -> None:
    sara = ctx.workers["sara"]
    families = [f for f in ctx.families if f.contact_worker_id == sara.pk
                and f.mandates.filter(ended_on__isnull=True).exists()]
    for (days, hour, minute, kind, minutes, place), family in zip(PLAN, families, strict=False):
        starts_at = timezone.make_aware(datetime.combine(ctx.today + timedelta(days=days),
                                                         time(hour, minute)))
        services.appointment_plan(
            actor=sara, family=family,
            appointment=Appointment(kind=kind, starts_at=starts_at, minutes=minutes,
                                    place=place, note="Brieven van de huisbazin meebrengen."
                                    if kind == "home_visit" else ""),
            workers=[sara], members=list(family.members.filter(role="parent")[:1]))
