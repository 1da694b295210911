"""The Today page's section "Mijn afspraken" (`brug.core.today`): my appointments today and
this week, and those of the past week still to log as a contact. Informative: it does not add
to the menu's "what needs me" count. One narrow read plus one batch policy check."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brug.appointments.models import Appointment, AppointmentKind, AppointmentStatus
from brug.core import today
from brug.core.categories import Category

LIMIT = 50
WEEK = 7
LOG_WITHIN = 7  # planned appointments of the last week that nobody logged yet


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def appointments(worker, day: date, *, subject=None):
    rows = list(Appointment.objects.filter(
        workers=worker, status=AppointmentStatus.PLANNED,
        starts_at__gte=_midnight(day - timedelta(days=LOG_WITHIN)),
        starts_at__lt=_midnight(day + timedelta(days=WEEK)),
    ).order_by("starts_at", "id").values_list("starts_at", "family_id", "kind", "pk")[:LIMIT])
    kinds = dict(AppointmentKind.choices)
    items = []
    for starts_at, family_id, kind, _pk in rows:
        local = timezone.localtime(starts_at)
        if local.date() < day:
            urgency, detail = today.OVERDUE, _("%(t)s %(k)s: nog niet als contact genoteerd") % {
                "t": local.strftime("%H:%M"), "k": kinds[kind]}
        else:
            urgency = today.DUE if local.date() == day else today.NORMAL
            detail = f"{local:%H:%M} {kinds[kind]}"
        items.append(today.family_item(family_id, reverse("appointments:tab", args=[family_id]),
                                       local.date(), urgency, detail, needs=Category.PLAN))
    return today.SectionResult(_("Mijn afspraken"), items,
                               more_url=reverse("appointments:mine"))


def register() -> None:
    today.register(today.Section("appointments", appointments, priority=3, counts=False))
