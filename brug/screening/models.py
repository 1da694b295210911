"""Kansarmoede-index screenings and the grondrechtenmeting (fundamental-rights assessment)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.core.models import VersionedModel
from brug.families.models import Family
from brug.network.models import Network, Worker
from brug.screening import kansarmoede


class DeprivationScreening(models.Model):
    """One kansarmoede-index screening. A new screening is a new row (history); a wrong one
    can be corrected (version-checked, audited: `services.screening_correct`).

    `answers` maps criterion key to weak / not_weak / unknown. The outcome is computed by
    `brug.screening.kansarmoede` when saved and stored, so the history keeps what was
    concluded then, even if definitions change later.
    """

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="screenings")
    screened_on = models.DateField(_("datum"))
    answers = models.JSONField(default=dict)
    threshold = models.PositiveSmallIntegerField(default=kansarmoede.DEFAULT_THRESHOLD)
    weak_count = models.PositiveSmallIntegerField(default=0)
    unknown_count = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=20, choices=[
        (k, v) for k, v in kansarmoede.OUTCOME_LABELS.items()])
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-screened_on", "-id"]
        indexes = [models.Index(fields=["family", "-screened_on"], name="screening_by_family")]

    def __str__(self) -> str:
        return f"{self.screened_on}: {self.outcome}"

    def result(self) -> kansarmoede.Result:
        return kansarmoede.evaluate(self.answers, threshold=self.threshold)

ANCHOR_SCORES = range(0, 11)


class FundamentalRight(VersionedModel):
    """A fundamental right in the grondrechtenmeting, configurable per network.

    An inactive right is left out of new measurements; old measurements keep showing it.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE,
                                related_name="fundamental_rights")
    key = models.SlugField(max_length=40)
    name = models.CharField(_("naam"), max_length=100)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["network", "key"], name="fundamental_right_key"),
        ]

    def __str__(self) -> str:
        return self.name


class RightAnchor(models.Model):
    """What a score means for one right: one definition for every score 0–10."""

    right = models.ForeignKey(FundamentalRight, on_delete=models.CASCADE, related_name="anchors")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)])
    text = models.CharField(_("betekenis"), max_length=300)

    class Meta:
        ordering = ["score"]
        constraints = [
            models.UniqueConstraint(fields=["right", "score"], name="anchor_one_per_score"),
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.text}"

class RightsAssessment(models.Model):
    """One grondrechtenmeting, scored together with the family."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE,
                               related_name="rights_assessments")
    assessed_on = models.DateField(_("datum"))
    chosen_right = models.ForeignKey(
        FundamentalRight, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("waar het gezin eerst aan wil werken"),
        help_text=_("Het gezin kiest; dat hoeft niet het laagste te zijn."),
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.assessed_on}"


def _score_field(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)])

class RightScore(models.Model):
    assessment = models.ForeignKey(RightsAssessment, on_delete=models.CASCADE,
                                   related_name="scores")
    right = models.ForeignKey(FundamentalRight, on_delete=models.PROTECT, related_name="+")
    family_score = _score_field(_("score van het gezin"))
    worker_score = _score_field(_("score van de begeleider"))
    joint_score = _score_field(_("samen gekozen score"))

    class Meta:
        ordering = ["right__order", "right_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "right"], name="score_one_per_right"),
        ]

    def __str__(self) -> str:
        return f"{self.right_id}: {self.joint_score}"
