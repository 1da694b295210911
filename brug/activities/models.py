"""Group activities (spelotheek, speel-en-ontmoet, oudergroep, Samen Zwanger, ruilwinkel),
their sessions, attendance, registrations with a waiting list, and the neighbourhood figures
the reach report sets beside them.

Attendance of a known family is dossier data of category `contact` (`ATTENDANCE_CATEGORY`):
recorded and shown only where the policy grants it. Anonymous attendance is three numbers
per session and identifies nobody.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.core.categories import Category
from brug.core.models import VersionedModel
from brug.network.models import Network, Organisation, Worker

ATTENDANCE_CATEGORY = Category.CONTACT
OPEN_DOORS_AUDIT = "open_doors"


class ActivityKind(models.TextChoices):
    TOY_LIBRARY = "spelotheek", _("spelotheek")
    PLAY_AND_MEET = "speel_en_ontmoet", _("speel-en-ontmoetmoment")
    PARENT_GROUP = "oudergroep", _("oudergroep")
    PREGNANCY_GROUP = "samen_zwanger", _("Samen Zwanger-groep")
    SWAP_SHOP = "ruilwinkel", _("ruilwinkel")
    OTHER = "other", _("andere")


class Neighbourhood(VersionedModel):
    """A neighbourhood's figures, entered or imported by a coordinator: young children living
    there and the share of them in kansarmoede (Kind en Gezin's index)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("wijk"), max_length=100)
    young_children = models.PositiveIntegerField(_("kinderen van 0 tot 3 jaar"), default=0)
    deprivation_pct = models.DecimalField(
        _("aandeel in kansarmoede (%)"), max_digits=4, decimal_places=1, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    figures_year = models.PositiveSmallIntegerField(_("cijfers van het jaar"), null=True,
                                                    blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["network", "name"],
                                               name="neighbourhood_unique_name")]

    def __str__(self) -> str:
        return self.name


class Activity(VersionedModel):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(_("soort"), max_length=20, choices=ActivityKind.choices)
    organisers = models.ManyToManyField(Organisation, related_name="+",
                                        verbose_name=_("organiserende organisaties"))
    place = models.CharField(_("plaats"), max_length=200)
    neighbourhood = models.ForeignKey(Neighbourhood, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+",
                                      verbose_name=_("wijk"))
    capacity = models.PositiveSmallIntegerField(
        _("plaatsen"), null=True, blank=True,
        help_text=_("Leeg: geen grens. Wie zich inschrijft als alles vol is, komt op de "
                    "wachtlijst."))
    volunteers = models.ManyToManyField(Worker, blank=True, related_name="+",
                                        verbose_name=_("vrijwilligers"))
    description = models.TextField(_("wat"), blank=True, max_length=1000)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["network", "name"], name="activity_by_network")]

    def __str__(self) -> str:
        return self.name


class Session(VersionedModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    # Copied from the activity so the reach report reads one table per count.
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(Neighbourhood, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    on_date = models.DateField(_("datum"))
    starts_at = models.TimeField(_("van"))
    ends_at = models.TimeField(_("tot"))
    cancelled = models.BooleanField(_("gaat niet door"), default=False)
    anonymous_families = models.PositiveSmallIntegerField(_("gezinnen zonder naam"), default=0)
    anonymous_adults = models.PositiveSmallIntegerField(_("volwassenen zonder naam"), default=0)
    anonymous_children = models.PositiveSmallIntegerField(_("kinderen zonder naam"), default=0)

    class Meta:
        ordering = ["on_date", "starts_at"]
        constraints = [models.UniqueConstraint(fields=["activity", "on_date", "starts_at"],
                                               name="session_unique_slot")]
        indexes = [
            models.Index(fields=["network", "on_date"],
                         include=["activity", "neighbourhood", "anonymous_families",
                                  "anonymous_adults", "anonymous_children", "cancelled"],
                         name="session_reach"),
            models.Index(fields=["activity", "on_date"], name="session_by_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.on_date}"


class Attendance(models.Model):
    """A known family at a session (with the children who came along)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE,
                               related_name="+")
    children = models.PositiveSmallIntegerField(_("kinderen mee"), default=0)
    # Copied from the session for the reach report.
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(Neighbourhood, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    on_date = models.DateField()
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "family"],
                                               name="attendance_once")]
        indexes = [
            # The reach report counts different families per activity or neighbourhood: an
            # index in (group, family) order lets the database group the (group, family)
            # pairs as it reads them (index-only scan, no sort or hash of 780 000 rows).
            models.Index(fields=["network", "activity", "family", "on_date"],
                         include=["children"], name="attendance_reach_activity"),
            models.Index(fields=["network", "neighbourhood", "family", "on_date"],
                         include=["children"], name="attendance_reach_hood"),
            models.Index(fields=["family"], name="attendance_by_family"),
        ]

    def __str__(self) -> str:
        return f"aanwezigheid {self.pk}"


class ReachVersion(models.Model):
    """Changes whenever a count of a network's reach report may have changed (attendance,
    sessions, an activity moved to another neighbourhood), in the same transaction as that
    change: the report caches its counts under this token (`reach.py`). A token, not a
    counter, so a rolled-back or restored database never meets an old cache entry again.
    Kept in the database, not the cache, so every web worker sees it at once."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, primary_key=True,
                                   related_name="+")
    token = models.UUIDField()

    def __str__(self) -> str:
        return f"{self.network_id}: {self.token}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("ingeschreven")
    WAITING = "waiting", _("op de wachtlijst")
    CANCELLED = "cancelled", _("uitgeschreven")


class Registration(VersionedModel):
    """A place in an activity: a known family, or a first name only. When the activity is
    full, the registration waits; the first in line is promoted when a place frees up."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE,
                                 related_name="registrations")
    family = models.ForeignKey("families.Family", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    first_name = models.CharField(_("voornaam"), max_length=40, blank=True,
                                  help_text=_("Alleen een voornaam, voor wie geen dossier "
                                              "heeft."))
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    # The order of the waiting list: first come, first served.
    waiting_since = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["waiting_since", "id"]
        indexes = [models.Index(fields=["activity", "status", "waiting_since", "id"],
                                name="registration_queue")]


class RegistrationEvent(models.Model):
    """The history of a registration: registered, put on the waiting list, promoted,
    cancelled."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE,
                                     related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    note = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(Worker, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.status}"
