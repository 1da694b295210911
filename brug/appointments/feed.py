"""A worker's private calendar feed (iCalendar, RFC 5545), read by the phone's own calendar.

Without the worker's choice it names no family: each event says only the kind of appointment
("Huisbezoek") and its time. With it, the family's label as this worker may see it (the
neutral label without `identity`) and the place, nothing more: never notes, members, phone
numbers or addresses from the dossier. Each family named is a read, recorded for the worker.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from icalendar import Calendar, Event

from brug.appointments.models import AppointmentStatus, CalendarFeed
from brug.appointments.selectors import for_feed
from brug.appointments.services import token_hash
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.models import AuditAction


def worker_for_token(token: str):
    if not token or len(token) > 100:
        return None
    row = (CalendarFeed.objects.select_related("worker__organisation", "worker__user")
           .filter(token_hash=token_hash(token)).first())
    if row is None or not row.worker.active or not row.worker.organisation.active:
        return None
    row.worker.calendar_feed = row
    return row.worker


@transaction.atomic
def calendar_for(worker) -> bytes:
    show = worker.calendar_feed.show_families
    appointments = for_feed(worker)
    with translation.override(settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//Brug//agenda//NL")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", _("Brug: mijn afspraken"))
        for a in appointments:
            event = Event()
            event.add("uid", f"afspraak-{a.pk}@brug")
            event.add("dtstamp", timezone.now())
            event.add("dtstart", a.starts_at)
            event.add("dtend", a.ends_at)
            summary = str(a.get_kind_display()).capitalize()
            if show:
                summary = f"{summary}: {a.family.display_name}"
                if a.place:
                    event.add("location", a.place)
            event.add("summary", summary)
            if a.status == AppointmentStatus.DONE:
                event.add("status", "CONFIRMED")
            event.add("class", "PRIVATE")
            calendar.add_component(event)
    if show:
        # Each family named is a read of its identity (or of its neutral label's plan entry).
        for family_id, family in {a.family_id: a.family for a in appointments}.items():
            audit_record(actor=worker, family_id=family_id, category=Category.PLAN,
                         action=AuditAction.VIEW, purpose=gettext_noop("agenda op de telefoon"),
                         also=(Category.IDENTITY,) if family.shows_identity else (),
                         network_id=family.organisation.network_id)
    return calendar.to_ical()
