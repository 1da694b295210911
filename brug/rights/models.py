"""Facts recorded per family for the rights engine, and the tracking of claims per right.

Facts are never overwritten: every answer is a new row; the latest row per key wins, so the
history shows who said what and when.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.core.models import VersionedModel
from brug.families.models import Family
from brug.network.models import Worker

# Keys: an engine input fact ("yearly_income"), a member field ("member:<member id>:school_level")
# or a right the family already receives ("received:<right id>").
MEMBER_PREFIX = "member:"
RECEIVED_PREFIX = "received:"


class FamilyFact(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="rights_facts")
    key = models.CharField(_("gegeven"), max_length=100)
    value = models.JSONField(_("waarde"), null=True, blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("genoteerd door"))
    recorded_at = models.DateTimeField(_("genoteerd op"), default=timezone.now)

    class Meta:
        ordering = ["key", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["family", "key", "-recorded_at"], name="fact_latest")]

    def __str__(self) -> str:
        return f"{self.key}={self.value!r}"


class ClaimStatus(models.TextChoices):
    DISCUSSED = "discussed", _("besproken")
    APPLIED = "applied", _("aangevraagd")
    GRANTED = "granted", _("toegekend")
    REFUSED = "refused", _("geweigerd")
    OBJECTION = "objection", _("bezwaar")


# Which status may follow which (None: a new claim).
NEXT_STATUS: dict[str | None, tuple[str, ...]] = {
    None: (ClaimStatus.DISCUSSED, ClaimStatus.APPLIED),
    ClaimStatus.DISCUSSED: (ClaimStatus.APPLIED,),
    ClaimStatus.APPLIED: (ClaimStatus.GRANTED, ClaimStatus.REFUSED),
    ClaimStatus.REFUSED: (ClaimStatus.OBJECTION,),
    ClaimStatus.OBJECTION: (ClaimStatus.GRANTED, ClaimStatus.REFUSED),
    ClaimStatus.GRANTED: (),
}


class RightClaim(VersionedModel):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="right_claims")
    right_id = models.CharField(_("recht"), max_length=100)
    status = models.CharField(_("stand"), max_length=12, choices=ClaimStatus.choices)
    status_on = models.DateField(_("sinds"))
    note = models.TextField(_("notitie"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["family", "right_id"], name="one_claim_per_right")
        ]

    def __str__(self) -> str:
        return f"{self.right_id}: {self.status}"

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return NEXT_STATUS.get(self.status, ())


class RightClaimEvent(models.Model):
    """One dated status change of a claim. Never edited."""

    claim = models.ForeignKey(RightClaim, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("stand"), max_length=12, choices=ClaimStatus.choices)
    happened_on = models.DateField(_("datum"))
    note = models.TextField(_("notitie"), blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["happened_on", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.happened_on}: {self.status}"


# -- Population screening as a page (docs/rights-engine.md, "Screening page") -----------------

class RunSource(models.TextChoices):
    UPLOAD = "upload", _("opgeladen bestand")
    CASELOAD = "caseload", _("gezinnen van een medewerker")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("bezig")
    DONE = "done", _("klaar")


class ScreeningRun(models.Model):
    """One screening of a population, processed in chunks while its page polls.

    Only its creator opens it. Uploaded households are stored as engine input until their chunk
    is processed; every run (input, results, errors) is deleted after the retention period
    (`brug.rights.screening.RETENTION_DAYS`)."""

    created_by = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("gestart door"))
    created_at = models.DateTimeField(_("gestart op"), default=timezone.now)
    on = models.DateField(_("datum van de berekening"))
    source = models.CharField(_("bron"), max_length=20, choices=RunSource.choices)
    file_name = models.CharField(_("bestand"), max_length=200, blank=True)
    subject = models.ForeignKey(Worker, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("medewerker"))
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices,
                              default=RunStatus.RUNNING)
    total = models.PositiveIntegerField(_("aantal gezinnen"), default=0)
    processed = models.PositiveIntegerField(_("verwerkt"), default=0)
    # Row errors: [[row, column, Dutch message], ...] (uploads: the row; caseload: the family).
    errors = models.JSONField(_("fouten"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"screening {self.pk} ({self.source}, {self.processed}/{self.total})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.processed / self.total)


class ScreeningHousehold(models.Model):
    """A household of a run: engine input (uploads) or a family (caseload) until processed."""

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="households")
    position = models.PositiveIntegerField()
    household_id = models.CharField(max_length=100)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+")
    data = models.JSONField(null=True, blank=True)  # cleared once processed
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["run", "position"],
                                               name="screening_household_position")]

    def __str__(self) -> str:
        return self.household_id


class ScreeningRow(models.Model):
    """A right a household of a run probably or possibly misses (the engine's output row)."""

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="rows")
    household = models.ForeignKey(ScreeningHousehold, on_delete=models.CASCADE,
                                  related_name="rows")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+")
    right_id = models.CharField(max_length=100)
    status = models.CharField(max_length=30)
    year_low = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    year_high = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    row = models.JSONField()  # OUTPUT_COLUMNS of brug.rights.engine.screening

    class Meta:
        ordering = ["household__position", "right_id"]
        indexes = [models.Index(fields=["run", "right_id"], name="screening_row_right")]

    def __str__(self) -> str:
        return self.right_id
