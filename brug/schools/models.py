"""School social work (Kinderen Eerst): schools with their figures and wishes, the network's
allocation rule, the presence per school and period, questions and trainings.

A school's figures are network data (no family, no pupil). A question is logged anonymously
(who asked by role, life domains, what was done) or, with the family's consent, linked to its
dossier; nothing in a question identifies a pupil otherwise.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.core import multivalue
from brug.core.domains import LifeDomain
from brug.core.models import VersionedModel
from brug.network.models import Network, Organisation, Worker

# Audit category of anonymous questions and trainings (events about no family); school
# figures, the rule and the presence are network data (`network` category).
SCHOOL_AUDIT = "school_work"
# The category a linked question belongs to in the family's dossier.
QUESTION_CATEGORY = "domain_notes"


class PresenceForm(models.TextChoices):
    ZITDAG = "zitdag", _("zitdag")
    CONSULT = "consult", _("consult")
    SPOC = "spoc", _("SPOC")


def _pct_validators():
    return [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class School(VersionedModel):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("naam"), max_length=120)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("organisatie die de schoolwerking doet"),
        help_text=_("Haar maatschappelijk werkers noteren de vragen van deze school."))
    pupils = models.PositiveIntegerField(_("aantal leerlingen"),
                                         validators=[MaxValueValidator(100000)])
    ses_pct = models.DecimalField(_("aandeel SES-leerlingen (%)"), max_digits=4,
                                  decimal_places=1, validators=_pct_validators())
    figures_period = models.CharField(_("schooljaar van de cijfers"), max_length=9,
                                      help_text=_("Bijvoorbeeld 2025-2026."))
    wish_form = models.CharField(_("gevraagde vorm"), max_length=10, blank=True,
                                 choices=PresenceForm.choices)
    wish_hours = models.DecimalField(_("gevraagde uren per week"), max_digits=4,
                                     decimal_places=1, default=Decimal(0),
                                     validators=[MinValueValidator(Decimal(0)),
                                                 MaxValueValidator(Decimal(40))])
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["network", "name"],
                                               name="school_name_per_network")]

    def __str__(self) -> str:
        return self.name


class AllocationRule(VersionedModel):
    """The network's weights (`allocation.Weights`), as data."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="+")
    hours = models.DecimalField(_("uren schoolwerking per week (samen)"), max_digits=5,
                                decimal_places=1, default=Decimal(20),
                                validators=[MinValueValidator(Decimal(0)),
                                            MaxValueValidator(Decimal(1000))])
    weight_ses = models.DecimalField(_("gewicht SES-leerlingen"), max_digits=4,
                                     decimal_places=1, default=Decimal(2),
                                     validators=[MinValueValidator(Decimal(0))])
    weight_questions = models.DecimalField(_("gewicht vragen vorig schooljaar"), max_digits=4,
                                           decimal_places=1, default=Decimal(1),
                                           validators=[MinValueValidator(Decimal(0))])
    weight_wish = models.DecimalField(_("gewicht wens van de school"), max_digits=4,
                                      decimal_places=1, default=Decimal(1),
                                      validators=[MinValueValidator(Decimal(0))])
    high_ses_pct = models.DecimalField(_("SES hoog vanaf (%)"), max_digits=4,
                                       decimal_places=1, default=Decimal(50),
                                       validators=_pct_validators())
    low_ses_pct = models.DecimalField(_("SES laag onder (%)"), max_digits=4,
                                      decimal_places=1, default=Decimal(25),
                                      validators=_pct_validators())
    zitdag_min_hours = models.DecimalField(_("minimum uren voor een zitdag"), max_digits=4,
                                           decimal_places=1, default=Decimal(2),
                                           validators=[MinValueValidator(Decimal(0))])

    def __str__(self) -> str:
        return f"verdeelsleutel {self.network_id}"


class Presence(VersionedModel):
    """A school's presence for one school year: the computed proposal, and what applies
    (the proposal, or the coordinator's override with its reason — the proposal stays)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="presences")
    period = models.CharField(_("schooljaar"), max_length=9)
    proposed_hours = models.DecimalField(max_digits=5, decimal_places=1)
    proposed_form = models.CharField(max_length=10, choices=PresenceForm.choices)
    proposed_reasons = models.JSONField(default=list)
    score = models.DecimalField(max_digits=8, decimal_places=4, default=Decimal(0))
    computed_at = models.DateTimeField()
    hours = models.DecimalField(_("uren per week"), max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(Decimal(0)),
                                            MaxValueValidator(Decimal(40))])
    form = models.CharField(_("vorm"), max_length=10, choices=PresenceForm.choices)
    override_reason = models.CharField(_("reden van de aanpassing"), max_length=300,
                                       blank=True)
    overridden_by = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    overridden_at = models.DateTimeField(null=True, blank=True)
    contact = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("maatschappelijk werker"))

    class Meta:
        ordering = ["school__name"]
        constraints = [models.UniqueConstraint(fields=["school", "period"],
                                               name="presence_per_school_year")]

    def __str__(self) -> str:
        return f"{self.school_id} {self.period}"

    @property
    def overridden(self) -> bool:
        return bool(self.override_reason)


class AskedBy(models.TextChoices):
    PUPIL = "pupil", _("leerling")
    PARENT = "parent", _("ouder")
    TEACHER = "teacher", _("leerkracht")
    COUNSELLOR = "counsellor", _("leerlingenbegeleider")
    OTHER = "other", _("iemand anders van de school")


class Handled(models.TextChoices):
    ON_THE_SPOT = "on_the_spot", _("ter plekke geholpen")
    REFERRED = "referred", _("doorverwezen naar een dienst")


class Question(models.Model):
    """One question at a school. No field identifies a pupil: who asked is a role."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="questions",
                               verbose_name=_("school"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    asked_on = models.DateField(_("datum"))
    asked_by = models.CharField(_("wie stelde de vraag"), max_length=12,
                                choices=AskedBy.choices)
    life_domains = models.CharField(_("levensdomeinen"), max_length=200)
    summary = models.CharField(
        _("korte omschrijving (niet verplicht)"), max_length=300, blank=True,
        help_text=_("Zonder namen, adressen of telefoonnummers."))
    handled = models.CharField(_("wat werd gedaan"), max_length=12, choices=Handled.choices)
    service = models.ForeignKey("directory.Service", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("doorverwezen naar"))
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Only with the family's consent (the access policy); then part of its dossier.
    family = models.ForeignKey("families.Family", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="school_questions")

    class Meta:
        ordering = ["-asked_on", "-id"]
        indexes = [
            models.Index(fields=["network", "asked_on"], include=["school", "asked_by"],
                         name="school_question_counts"),
            models.Index(fields=["school", "-asked_on"], name="school_question_by_school"),
            models.Index(fields=["family"], name="school_question_by_family",
                         condition=models.Q(family__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"vraag {self.pk}"

    @property
    def domain_labels(self) -> list[str]:
        labels = dict(LifeDomain.choices)
        return [str(labels.get(c, c)) for c in multivalue.split(self.life_domains)]


class Audience(models.TextChoices):
    TEACHERS = "teachers", _("leerkrachten")
    COUNSELLORS = "counsellors", _("leerlingenbegeleiders")
    BOTH = "both", _("leerkrachten en leerlingenbegeleiders")
    PUPILS = "pupils", _("leerlingen")


class Training(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="trainings",
                               verbose_name=_("school"))
    given_on = models.DateField(_("datum"))
    topic = models.CharField(_("onderwerp"), max_length=200)
    audience = models.CharField(_("voor"), max_length=12, choices=Audience.choices)
    participants = models.PositiveIntegerField(_("aantal deelnemers"),
                                               validators=[MaxValueValidator(10000)])
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return self.topic
