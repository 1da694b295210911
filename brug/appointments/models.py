"""Appointments with a family (home visit, office, phone call) and each worker's calendar feed.

An appointment is `plan` information (docs/appointments.md): it is the next step of the
guidance, like a review or a case conference, and it is shown only where the policy grants
`plan` for its family.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.core.models import VersionedModel
from brug.families.models import Family, Member
from brug.network.models import Organisation, Worker
from brug.trajectories.models import Contact

MAX_MINUTES = 12 * 60


class AppointmentKind(models.TextChoices):
    # The values are those of `trajectories.ContactKind`, so a done appointment becomes a
    # contact of the same kind.
    HOME_VISIT = "home_visit", _("huisbezoek")
    OFFICE = "office", _("afspraak op kantoor")
    PHONE = "phone", _("telefoongesprek")


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("gepland")
    DONE = "done", _("gebeurd, als contact genoteerd")
    CANCELLED = "cancelled", _("geannuleerd")


class Appointment(VersionedModel):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="appointments")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    planned_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort afspraak"), max_length=20, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField(_("begint om"))
    minutes = models.PositiveIntegerField(
        _("duur (minuten)"), validators=[MinValueValidator(5), MaxValueValidator(MAX_MINUTES)])
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    workers = models.ManyToManyField(Worker, related_name="appointments",
                                     verbose_name=_("medewerkers"))
    members = models.ManyToManyField(Member, blank=True, related_name="appointments",
                                     verbose_name=_("gezinsleden"))
    note = models.TextField(_("interne notitie"), blank=True)
    status = models.CharField(max_length=12, choices=AppointmentStatus.choices,
                              default=AppointmentStatus.PLANNED)
    cancel_reason = models.CharField(_("reden"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    contact = models.OneToOneField(Contact, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="appointment")

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["family", "starts_at"], name="appointment_by_family")]

    def __str__(self) -> str:
        # As the dossier's overview shows it ("huisbezoek 05/12/2026 10:00", local time).
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def is_planned(self) -> bool:
        return self.status == AppointmentStatus.PLANNED


class AppointmentMove(models.Model):
    """One move of an appointment: from when to when, by whom (the history of a date)."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="moves")
    from_starts_at = models.DateTimeField()
    from_minutes = models.PositiveIntegerField()
    to_starts_at = models.DateTimeField()
    to_minutes = models.PositiveIntegerField()
    by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_starts_at:%Y-%m-%d %H:%M} → {self.to_starts_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A worker's private calendar address. Only a hash of its token is kept: the address is
    shown once, when it is made; whoever has it reads the feed without logging in."""

    worker = models.OneToOneField(Worker, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    show_families = models.BooleanField(
        _("gezinsnaam en plaats in mijn agenda tonen"), default=False,
        help_text=_("Zonder dit vinkje toont je agenda alleen de soort afspraak en het uur."))
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar feed of worker {self.worker_id}"
