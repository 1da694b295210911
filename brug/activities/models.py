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
        # The reach report's page of activities lists a network's ids in (name, id) order
        # from this index alone (index-only, no sort).
        indexes = [models.Index(fields=["network", "name", "id"], name="activity_by_network")]

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
            # Recounting one neighbourhood's periods (`reach.changed`); one activity's use
            # `session_by_activity`.
            models.Index(fields=["neighbourhood", "on_date"],
                         include=["anonymous_families", "anonymous_adults",
                                  "anonymous_children", "cancelled"],
                         name="session_reach"),
            models.Index(fields=["activity", "on_date"], name="session_by_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.on_date}"


class Attendance(models.Model):
    """A known family at a session (with the children who came along)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    # PROTECT: the reach counts (`ReachCount`) keep this row's visit; a family leaves
    # through the retention process (anonymised, its rows kept), never by a delete that
    # would take its attendance along and change past figures at the next rebuild.
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT,
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
            # The reach report reads `ReachCount`; these let a write recount the periods of
            # one activity or neighbourhood it touched (index-only, that group's rows of that
            # span only).
            models.Index(fields=["activity", "on_date"], include=["family", "children"],
                         name="attendance_reach_activity"),
            models.Index(fields=["neighbourhood", "on_date"], include=["family", "children"],
                         name="attendance_reach_hood"),
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


class ReachGrain(models.TextChoices):
    MONTH = "month", _("maand")
    QUARTER = "quarter", _("kwartaal")
    YEAR = "year", _("jaar")


class ReachCount(models.Model):
    """The reach of one activity or neighbourhood (`grouping`, `group_id`) in one calendar
    month, quarter or year, kept by `reach` in the transaction of every write that
    changes it: the report reads these rows, never the attendance. Different families cannot
    be added up from month to month, so every period the report offers has its own row.

    `families` = different known families + the anonymous families of the busiest session;
    `adults` and `children` = visits, known and anonymous. Groups of every size are kept; the
    report filters them with `core.small_groups.kept`."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    grouping = models.CharField(max_length=13)  # "activity" or "neighbourhood"
    group_id = models.BigIntegerField()
    grain = models.CharField(max_length=7, choices=ReachGrain.choices)
    starts = models.DateField()
    families = models.PositiveIntegerField(default=0)
    sessions = models.PositiveIntegerField(default=0)
    adults = models.PositiveIntegerField(default=0)
    children = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["network", "grouping", "grain", "starts", "group_id"],
            include=["families", "sessions", "adults", "children"], name="reach_count_once")]

    def __str__(self) -> str:
        return f"{self.grouping} {self.group_id} {self.grain} {self.starts}"


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
