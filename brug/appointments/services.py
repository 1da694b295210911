"""Writes of appointments: plan, change or move, cancel, log as a contact; the calendar feed.

Each is one transaction with its audit event (category `plan`; docs/appointments.md).
Details name kinds and dates only: the trail outlives anonymisation, a place or a note not.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.appointments.models import (
    Appointment,
    AppointmentMove,
    AppointmentStatus,
    CalendarFeed,
)
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.errors import require
from brug.core.locking import StaleEdit, save_versioned
from brug.core.models import AuditAction
from brug.trajectories import services as trajectory_services
from brug.trajectories.models import Contact, Trajectory, TrajectoryStatus

EDITABLE = ["kind", "starts_at", "minutes", "place", "note"]


def may_plan(worker, access) -> bool:
    """Planning, moving and cancelling: whoever may change the family's dossier."""
    return access.may_change and access.can_view(Category.PLAN)


def _require_plan(actor, family) -> None:
    require(may_plan(actor, policy.access_for(actor, family)))


def _kind(appointment) -> str:
    # Stored in the source language, like every audit detail (translated when shown).
    with translation.override(settings.LANGUAGE_CODE):
        return str(appointment.get_kind_display())


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _check_people(appointment: Appointment, workers, members) -> None:
    errors = {}
    if not workers:
        errors["workers"] = _("Kies minstens één medewerker.")
    if any(m.family_id != appointment.family_id for m in members):
        errors["members"] = _("Kies gezinsleden van dit gezin.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def appointment_plan(*, actor, family, appointment: Appointment, workers, members=()
                     ) -> Appointment:
    _require_plan(actor, family)
    appointment.family = family
    appointment.organisation = actor.organisation
    appointment.planned_by = actor
    appointment.status = AppointmentStatus.PLANNED
    _check_people(appointment, workers, members)
    appointment.full_clean()
    appointment.save()
    appointment.workers.set(workers)
    appointment.members.set(members)
    audit_record(actor=actor, family_id=family.pk, category=Category.PLAN,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("afspraak gepland: %(k)s op %(d)s") % {
                     "k": _kind(appointment), "d": _when(appointment.starts_at)})
    return appointment


@transaction.atomic
def appointment_update(*, actor, appointment: Appointment, expected_version: int, workers,
                       members=()) -> Appointment:
    """Change an appointment; a new date, time or duration is a move, kept in its history."""
    _require_plan(actor, appointment.family)
    before = Appointment.objects.filter(pk=appointment.pk).values(
        "starts_at", "minutes", "status").first()
    if before is None or before["status"] != AppointmentStatus.PLANNED:
        raise ValidationError(_("Deze afspraak is niet meer gepland en kan niet meer "
                                "gewijzigd worden."))
    _check_people(appointment, workers, members)
    appointment.full_clean()
    save_versioned(appointment, expected_version=expected_version, fields=EDITABLE)
    appointment.workers.set(workers)
    appointment.members.set(members)
    moved = (before["starts_at"] != appointment.starts_at
             or before["minutes"] != appointment.minutes)
    if moved:
        AppointmentMove.objects.create(
            appointment=appointment, from_starts_at=before["starts_at"],
            from_minutes=before["minutes"], to_starts_at=appointment.starts_at,
            to_minutes=appointment.minutes, by=actor)
        detail = gettext_noop("afspraak verplaatst van %(old)s naar %(new)s") % {
            "old": _when(before["starts_at"]), "new": _when(appointment.starts_at)}
    else:
        detail = gettext_noop("afspraak gewijzigd: %(d)s") % {"d": _when(appointment.starts_at)}
    audit_record(actor=actor, family_id=appointment.family_id, category=Category.PLAN,
                 action=AuditAction.CHANGE, detail=detail)
    return appointment


@transaction.atomic
def appointment_cancel(*, actor, appointment: Appointment, expected_version: int,
                       reason: str) -> Appointment:
    _require_plan(actor, appointment.family)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Zeg kort waarom de afspraak niet doorgaat.")})
    if not appointment.is_planned:
        raise ValidationError(_("Deze afspraak is niet meer gepland."))
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancel_reason = reason[:300]
    appointment.cancelled_at = timezone.now()
    save_versioned(appointment, expected_version=expected_version,
                   fields=["status", "cancel_reason", "cancelled_at"])
    audit_record(actor=actor, family_id=appointment.family_id, category=Category.PLAN,
                 action=AuditAction.CHANGE,
                 detail=gettext_noop("afspraak geannuleerd: %(d)s") % {
                     "d": _when(appointment.starts_at)})
    return appointment


def _trajectory_for(appointment: Appointment):
    """The family's one open trajectory, else none: the contact belongs to it only when
    there is no choice to make."""
    open_ones = list(Trajectory.objects.filter(family_id=appointment.family_id,
                                               status=TrajectoryStatus.OPEN)
                     .values_list("pk", flat=True)[:2])
    return open_ones[0] if len(open_ones) == 1 else None


@transaction.atomic
def appointment_log_contact(*, actor, appointment: Appointment, expected_version: int,
                            minutes: int) -> Contact:
    """The worker's tap "it happened": a contact of the appointment's date and kind, with the
    minutes the worker confirmed. Nothing is recorded before this tap."""
    if not appointment.is_planned:
        raise ValidationError(_("Deze afspraak is al als contact genoteerd of geannuleerd."))
    if appointment.starts_at > timezone.now():
        raise ValidationError(_("Deze afspraak is nog niet begonnen. Noteer het contact "
                                "nadat het gebeurd is."))
    contact = trajectory_services.contact_record(
        actor=actor, family=appointment.family,
        contact=Contact(kind=appointment.kind, minutes=minutes, category=Category.PLAN,
                        happened_on=timezone.localdate(appointment.starts_at),
                        trajectory_id=_trajectory_for(appointment)))
    appointment.status = AppointmentStatus.DONE
    appointment.contact = contact
    save_versioned(appointment, expected_version=expected_version, fields=["status", "contact"])
    audit_record(actor=actor, family_id=appointment.family_id, category=Category.PLAN,
                 action=AuditAction.CHANGE,
                 detail=gettext_noop("afspraak gebeurd, genoteerd als contact: %(d)s") % {
                     "d": _when(appointment.starts_at)})
    return contact


# The calendar feed ------------------------------------------------------------------------

def token_hash(token: str) -> str:
    # The token is 256 random bits: a plain SHA-256 is enough (no password to stretch).
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def feed_create(*, actor) -> str:
    """A new secret address for the worker's calendar (an older one stops working). Returns
    the token: it is shown once and not kept."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(worker=actor).delete()
    CalendarFeed.objects.create(worker=actor, token_hash=token_hash(token))
    audit_record(actor=actor, family_id=None, category="network", action=AuditAction.CREATE,
                 detail=gettext_noop("agenda-adres aangemaakt"))
    return token


@transaction.atomic
def feed_revoke(*, actor) -> None:
    deleted, _rows = CalendarFeed.objects.filter(worker=actor).delete()
    if deleted:
        audit_record(actor=actor, family_id=None, category="network",
                     action=AuditAction.DELETE, detail=gettext_noop("agenda-adres ingetrokken"))


@transaction.atomic
def feed_show_families(*, actor, show: bool) -> None:
    updated = CalendarFeed.objects.filter(worker=actor).update(show_families=show)
    if updated:
        audit_record(actor=actor, family_id=None, category="network", action=AuditAction.CHANGE,
                     detail=gettext_noop("agenda toont gezinnen: %(v)s") % {
                         "v": "ja" if show else "nee"})


__all__ = ["StaleEdit", "appointment_cancel", "appointment_log_contact", "appointment_plan",
           "appointment_update", "feed_create", "feed_revoke", "feed_show_families", "may_plan"]


def free_text_clear(family_id: int) -> None:
    """Retention: clear the words people wrote (notes, places, reasons); keep dates, kinds,
    minutes and statuses."""
    Appointment.objects.filter(family_id=family_id).update(note="", place="", cancel_reason="")
