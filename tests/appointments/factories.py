from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from brug.appointments import services
from brug.appointments.models import Appointment


def make_appointment(w, *, starts_in=timedelta(days=2), minutes=60, kind="home_visit",
                     place="thuis", note="", by=None, workers=None) -> Appointment:
    by = by or w.alice
    return services.appointment_plan(
        actor=by, family=w.family,
        appointment=Appointment(kind=kind, starts_at=timezone.now() + starts_in,
                                minutes=minutes, place=place, note=note),
        workers=workers or [by], members=[w.parent])
