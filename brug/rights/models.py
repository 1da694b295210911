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
