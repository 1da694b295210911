"""Volunteers (Domo-style): profiles, a family's request, matches, visits and intervision.

Information categories (docs/volunteers-and-aid.md): a request, a match, its visits and the
concerns in them are `plan` — the support the family gets, like a contact of a trajectory.
A volunteer's profile and the meetings of volunteers are not family data (the network's).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from brug.core import multivalue
from brug.core.categories import parse_categories
from brug.core.models import VersionedModel
from brug.families.models import Family
from brug.network.models import Network, Organisation, Worker
from brug.volunteers import matching

HELP_CHOICES = [(k, _(v)) for k, v in matching.HELP_KINDS.items()]
SLOT_CHOICES = [(k, _(day) + _(part)) for k, (day, part) in matching.SLOTS.items()]
MAX_MINUTES = 24 * 60


def _labels(raw: str, choices) -> list[str]:
    names = dict(choices)
    return [str(names[c]) for c in multivalue.split(raw) if c in names]


def _words(raw: str) -> list[str]:
    return [w.strip() for w in raw.split(",") if w.strip()]


class VolunteerProfile(VersionedModel):
    """What a volunteer offers. The network's data, not a family's."""

    worker = models.OneToOneField(Worker, on_delete=models.CASCADE,
                                  related_name="volunteer_profile")
    skills = models.CharField(_("helpt graag met"), max_length=300, blank=True)
    languages = models.CharField(_("talen"), max_length=200, blank=True,
                                 help_text=_("Bijvoorbeeld: Nederlands, Arabisch"))
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)
    neighbourhoods = models.CharField(_("wijken"), max_length=300, blank=True,
                                      help_text=_("Waar de vrijwilliger woont of graag komt; "
                                                  "gescheiden door komma's."))
    availability = models.CharField(_("vrij op"), max_length=400, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("jaren ervaring als vrijwilliger"), default=0, validators=[MaxValueValidator(60)])
    experience = models.TextField(_("ervaring"), blank=True)
    max_families = models.PositiveSmallIntegerField(
        _("hoeveel gezinnen tegelijk"), default=1, validators=[MaxValueValidator(5)])
    active = models.BooleanField(_("beschikbaar voor een nieuw gezin"), default=True)

    def __str__(self) -> str:
        return self.worker.display_name

    @property
    def skill_labels(self) -> list[str]:
        return _labels(self.skills, HELP_CHOICES)

    @property
    def slot_labels(self) -> list[str]:
        return _labels(self.availability, SLOT_CHOICES)

    @property
    def language_list(self) -> list[str]:
        return _words(self.languages)

    @property
    def neighbourhood_list(self) -> list[str]:
        return _words(self.neighbourhoods)


class RequestStatus(models.TextChoices):
    OPEN = "open", _("zoekt een vrijwilliger")
    MATCHED = "matched", _("gekoppeld")
    CLOSED = "closed", _("afgesloten")


class VolunteerRequest(VersionedModel):
    """A family's request for a volunteer, made with the family by its supporter."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="volunteer_requests")
    help_kinds = models.CharField(_("soort hulp"), max_length=300)
    description = models.TextField(_("de vraag van het gezin"),
                                   help_text=_("In gewone woorden, zoals het gezin het zegt."))
    languages = models.CharField(_("talen"), max_length=200, blank=True,
                                 help_text=_("Welke talen de vrijwilliger best spreekt."))
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)
    neighbourhood = models.CharField(_("wijk"), max_length=100, blank=True)
    times = models.CharField(_("wanneer het gezin kan"), max_length=400, blank=True)
    status = models.CharField(max_length=10, choices=RequestStatus.choices,
                              default=RequestStatus.OPEN)
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["family", "status"], name="volreq_family")]

    def __str__(self) -> str:
        return f"vraag {self.pk} gezin {self.family_id}"

    @property
    def help_labels(self) -> list[str]:
        return _labels(self.help_kinds, HELP_CHOICES)

    @property
    def time_labels(self) -> list[str]:
        return _labels(self.times, SLOT_CHOICES)

    def need(self) -> matching.Need:
        return matching.Need(
            help_kinds=frozenset(multivalue.split(self.help_kinds)),
            languages=matching.norm_set(_words(self.languages)),
            neighbourhood=matching.norm(self.neighbourhood),
            municipality=matching.norm(self.municipality),
            times=frozenset(multivalue.split(self.times)),
        )


class EndReason(models.TextChoices):
    FAMILY_COPES = "family_copes", _("het gezin kan verder zonder (netwerk is breder)")
    FAMILY_STOPPED = "family_stopped", _("het gezin stopte (zonder gevolgen)")
    VOLUNTEER_STOPPED = "volunteer_stopped", _("de vrijwilliger stopte")
    MOVED = "moved", _("verhuisd")
    NO_CLICK = "no_click", _("het klikte niet")
    REFERRED = "referred", _("professionele hulp nodig")
    OTHER = "other", _("andere")


class Match(VersionedModel):
    """One volunteer with one family, for a long time. Assigns the volunteer to the family
    (`core.assignment`) while it runs; `categories` is what the family agreed the volunteer
    may see, also inside the family's own organisation."""

    request = models.ForeignKey(VolunteerRequest, on_delete=models.CASCADE,
                                related_name="matches")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="volunteer_matches")
    volunteer = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="matches",
                                  verbose_name=_("vrijwilliger"))
    coordinator = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("volgt de match op"))
    categories = models.CharField(_("wat de vrijwilliger mag zien"), max_length=200)
    consent = models.ForeignKey("consent.SharingConsent", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    started_on = models.DateField(_("start"))
    ended_on = models.DateField(_("einde"), null=True, blank=True)
    end_reason = models.CharField(_("reden"), max_length=20, choices=EndReason.choices,
                                  blank=True)
    end_note = models.CharField(_("toelichting"), max_length=300, blank=True)
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["volunteer", "family"], condition=Q(ended_on__isnull=True),
                         name="match_running"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "family"],
                                    condition=Q(ended_on__isnull=True),
                                    name="match_one_running_per_pair"),
        ]

    def __str__(self) -> str:
        return f"match {self.pk}"

    @property
    def is_running(self) -> bool:
        return self.ended_on is None

    @property
    def category_list(self) -> list[str]:
        return parse_categories(self.categories)


class VisitLog(models.Model):
    """A volunteer's visit: the narrow log of date, time, what was done and a concern.
    Never edited: a correction is a new entry."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="visits")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    visited_on = models.DateField(_("datum"))
    minutes = models.PositiveIntegerField(_("minuten"), validators=[MaxValueValidator(MAX_MINUTES)])
    what_done = models.TextField(_("wat deden jullie samen"))
    concern = models.TextField(
        _("zorg voor de coördinator"), blank=True,
        help_text=_("Alleen de coördinator die de match opvolgt, leest dit. Bij gevaar: bel "
                    "meteen de doorverwijzer, het Vertrouwenscentrum of de politie."))
    concern_handled_at = models.DateTimeField(null=True, blank=True)
    concern_handled_by = models.ForeignKey(Worker, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["match", "-visited_on"], name="visit_by_match"),
            models.Index(fields=["family"], condition=~Q(concern="")
                         & Q(concern_handled_at__isnull=True), name="visit_open_concern"),
        ]

    def __str__(self) -> str:
        return f"bezoek {self.visited_on}"

    @property
    def has_open_concern(self) -> bool:
        return bool(self.concern) and self.concern_handled_at is None


class VolunteerMeeting(models.Model):
    """The monthly meeting of volunteers (intervision, coaching, training), with attendance."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisatie"))
    held_on = models.DateField(_("datum"))
    topic = models.CharField(_("thema"), max_length=200)
    attendees = models.ManyToManyField(Worker, blank=True, related_name="+",
                                       verbose_name=_("aanwezig"))
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"
