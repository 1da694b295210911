"""What the family reads of its appointments (the family portal): when, where, what kind.
Never the internal note, the workers' names beyond the kind, or cancelled ones' reasons."""

from __future__ import annotations

from django.utils import timezone

from brug.appointments.models import Appointment, AppointmentStatus


def upcoming_for_family(family, limit: int = 5) -> list[dict]:
    rows = (Appointment.objects.filter(family_id=family.pk, status=AppointmentStatus.PLANNED,
                                       starts_at__gte=timezone.now())
            .order_by("starts_at", "id")
            .values("kind", "starts_at", "minutes", "place")[:limit])
    return [{"kind": r["kind"], "starts_at": timezone.localtime(r["starts_at"]),
             "minutes": r["minutes"], "place": r["place"]} for r in rows]
