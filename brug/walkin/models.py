"""Walk-in hours (spreekuur, zitdag, onthaal) and the visits recorded there.

A visit is recorded without a dossier: a question, its life domains, a language and what was
done — anonymously or with a first name only. Nothing else about the visitor is stored. A
visit may later be linked to a family dossier (`services.visit_to_family`); from then on its
question is part of that dossier (category `domain_notes`) and shown only through the policy.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.core import multivalue
from brug.core.domains import LifeDomain
from brug.core.models import VersionedModel
from brug.network.models import Network, Organisation, Worker

# The category a linked visit's question belongs to in the family's dossier.
VISIT_CATEGORY = "domain_notes"
# The audit category of walk-in and activity set-up and of events about no family.
OPEN_DOORS_AUDIT = "open_doors"


class HourKind(models.TextChoices):
    CONSULTATION = "spreekuur", _("spreekuur")
    SITTING_DAY = "zitdag", _("zitdag")
    RECEPTION = "onthaal", _("onthaal")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


class WalkInHour(VersionedModel):
    """A walk-in hour of an organisation at a place: every week on a weekday, or on one date."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisatie"))
    name = models.CharField(_("naam"), max_length=120,
                            help_text=_("Bijvoorbeeld: Zitdag basisschool De Regenboog"))
    kind = models.CharField(_("soort"), max_length=20, choices=HourKind.choices)
    place = models.CharField(_("plaats"), max_length=200)
    weekday = models.PositiveSmallIntegerField(_("elke week op"), choices=Weekday.choices,
                                               null=True, blank=True)
    on_date = models.DateField(_("of op datum"), null=True, blank=True)
    starts_at = models.TimeField(_("van"))
    ends_at = models.TimeField(_("tot"))
    # Volunteers who staff this hour: they may record visits here and nothing more.
    volunteers = models.ManyToManyField(Worker, blank=True, related_name="+",
                                        verbose_name=_("vrijwilligers"))
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["network", "organisation"], name="walkin_hour_by_org")]

    def __str__(self) -> str:
        return self.name


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("ter plekke beantwoord")
    REFERRED = "referred", _("doorverwezen naar een dienst")
    FOLLOW_UP = "follow_up", _("opvolging afgesproken")


class Visit(VersionedModel):
    """One visit at a walk-in hour. Holds no identifying field: at most a first name."""

    hour = models.ForeignKey(WalkInHour, on_delete=models.PROTECT, related_name="visits",
                             verbose_name=_("inloopmoment"))
    # Copied from the hour so counts and lists filter on one table.
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("datum"))
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    first_name = models.CharField(
        _("voornaam (niet verplicht)"), max_length=40, blank=True,
        help_text=_("Alleen een voornaam, en alleen als de bezoeker dat wil. Leeg = anoniem."))
    question = models.TextField(
        _("vraag"), max_length=1000,
        help_text=_("Beschrijf de vraag zonder namen, adressen of telefoonnummers."))
    # Codes of `LifeDomain` (core.multivalue); one `VisitDomain` row each, for the counts.
    life_domains = models.CharField(_("levensdomeinen"), max_length=200)
    language = models.CharField(_("taal van het gesprek"), max_length=60, blank=True)
    outcome = models.CharField(_("wat werd gedaan"), max_length=20, choices=Outcome.choices)
    service = models.ForeignKey("directory.Service", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("doorverwezen naar"))
    follow_up = models.CharField(_("afspraak voor opvolging"), max_length=200, blank=True)
    # Set when the visit became (part of) a family dossier; it stays in that history.
    family = models.ForeignKey("families.Family", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="walkin_visits")
    linked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["hour", "-visited_on"], name="visit_by_hour"),
            models.Index(fields=["family"], name="visit_by_family",
                         condition=models.Q(family__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"bezoek {self.pk}"

    @property
    def domain_list(self) -> list[str]:
        return multivalue.split(self.life_domains)

    @property
    def domain_labels(self) -> list[str]:
        labels = dict(LifeDomain.choices)
        return [str(labels.get(code, code)) for code in self.domain_list]

    @property
    def anonymous(self) -> bool:
        return not self.first_name


class VisitDomain(models.Model):
    """One row per visit and life domain: what the network's counts group on."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="domain_rows")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    hour = models.ForeignKey(WalkInHour, on_delete=models.CASCADE, related_name="+")
    life_domain = models.CharField(max_length=20, choices=LifeDomain.choices)
    visited_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["network", "visited_on"],
                                include=["hour", "life_domain", "visit"],
                                name="visitdomain_counts")]

    def __str__(self) -> str:
        return f"{self.visit_id}: {self.life_domain}"
