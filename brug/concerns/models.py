"""A concern about a child's safety: what was seen, who was consulted, the decision and its
reason, and whether the family is told (and if not, why, until when it is reviewed).

Every field is of the category `concern` (`core.categories`), which no consent can share:
the family's own organisation and the network's coordinators read it (`access.policy.
concern_access`), nobody else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.core import multivalue
from brug.core.models import VersionedModel


class Consulted(models.TextChoices):
    VK = "vk", _("Vertrouwenscentrum Kindermishandeling")
    POLICE = "police", _("politie")
    KIND_EN_GEZIN = "kind_en_gezin", _("Kind en Gezin")
    CLB = "clb", _("CLB")
    TEAM = "team", _("collega's of het team")
    REFERRER = "referrer", _("de organisatie die het gezin aanmeldde")
    OTHER = "other", _("andere")


class Decision(models.TextChoices):
    FOLLOW_UP = "follow_up", _("verder opvolgen in de begeleiding, samen met het gezin")
    EXTRA_SUPPORT = "extra_support", _("extra hulp inschakelen met het gezin")
    REPORT_VK = "report_vk", _("melding bij het Vertrouwenscentrum Kindermishandeling")
    REPORT_POLICE = "report_police", _("melding bij de politie")
    NO_ACTION = "no_action", _("geen verdere stappen nodig")


class FamilyTold(models.TextChoices):
    TOLD = "told", _("het gezin weet het")
    WILL_TELL = "will_tell", _("we vertellen het aan het gezin")
    WITHHELD = "withheld", _("nu niet vertellen: dat zou het kind in gevaar brengen")


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("afgesloten")


class Concern(VersionedModel):
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE,
                               related_name="concerns")
    # The organisation that recorded it (the family's own organisation at that moment).
    organisation = models.ForeignKey("network.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    child = models.ForeignKey("families.Member", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("over welk kind"))
    observed_on = models.DateField(_("gezien op"))
    seen = models.TextField(_("wat werd gezien of gehoord"))
    consulted = models.CharField(_("wie werd geraadpleegd"), max_length=200, blank=True)
    consulted_note = models.TextField(_("wat het overleg opleverde"), blank=True)
    decision = models.CharField(_("beslissing"), max_length=20, choices=Decision.choices)
    decision_reason = models.TextField(_("waarom deze beslissing"))
    family_told = models.CharField(_("weet het gezin ervan?"), max_length=12,
                                   choices=FamilyTold.choices, default=FamilyTold.WILL_TELL)
    withheld_reason = models.TextField(_("waarom het gezin het nu niet mag weten"), blank=True)
    review_on = models.DateField(_("opnieuw bekijken op"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=ConcernStatus.choices,
                              default=ConcernStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closing_note = models.TextField(_("waarom afgesloten"), blank=True)
    recorded_by = models.ForeignKey("network.Worker", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-observed_on", "-id"]
        indexes = [models.Index(fields=["status", "review_on"], name="concern_open_review")]

    def __str__(self) -> str:
        return f"zorg {self.pk}"

    @property
    def audit_detail(self) -> str:
        """The detail of every audit event about this concern: exactly this, so the family's
        log can leave out the events of a concern the family is not told about."""
        return f"zorg {self.pk}"

    @property
    def withheld(self) -> bool:
        return self.family_told == FamilyTold.WITHHELD

    @property
    def consulted_list(self) -> list[str]:
        return multivalue.split(self.consulted)

    @property
    def consulted_labels(self) -> list[str]:
        labels = dict(Consulted.choices)
        return [str(labels.get(c, c)) for c in self.consulted_list]

    @property
    def is_open(self) -> bool:
        return self.status == ConcernStatus.OPEN


class ConcernReview(models.Model):
    """A review of the decision not to tell the family: kept or lifted, why, and the next date."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    keep_withheld = models.BooleanField()
    reason = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey("network.Worker", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"herbekeken {self.reviewed_on}"
