"""The register of expecting families (PANZA, Menen's perinatal coach; practice-rules §3-4):
who signalled the pregnancy, the due date (the expected child's `Member.due_date`), and the
outreach attempts before the family gave a mandate, kept apart from the contacts of a
trajectory (practice-rules §2: "outreach attempts before a mandate are recorded separately")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.core.models import VersionedModel


class SignalledBy(models.TextChoices):
    KIND_EN_GEZIN = "kind_en_gezin", _("Kind en Gezin")
    HOSPITAL = "hospital", _("ziekenhuis (materniteit)")
    GYNAECOLOGIST = "gynaecologist", _("gynaecoloog of vroedvrouw")
    CAW = "caw", _("CAW")
    OCMW = "ocmw", _("OCMW")
    FAMILY = "family", _("het gezin zelf")
    OTHER = "other", _("andere")


class PregnancyStatus(models.TextChoices):
    EXPECTING = "expecting", _("zwanger")
    BORN = "born", _("geboren")
    ENDED = "ended", _("stopgezet")


class Pregnancy(VersionedModel):
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE,
                               related_name="pregnancies")
    expected_child = models.ForeignKey("families.Member", on_delete=models.PROTECT,
                                       related_name="+")
    signalled_by = models.CharField(_("wie signaleerde"), max_length=20,
                                    choices=SignalledBy.choices)
    signalled_by_organisation = models.ForeignKey(
        "network.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("welke organisatie"))
    signalled_on = models.DateField(_("gesignaleerd op"))
    status = models.CharField(max_length=10, choices=PregnancyStatus.choices,
                              default=PregnancyStatus.EXPECTING)
    born_on = models.DateField(null=True, blank=True)
    note = models.TextField(_("notitie"), blank=True)
    recorded_by = models.ForeignKey("network.Worker", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["status", "id"]

    def __str__(self) -> str:
        return f"zwangerschap {self.pk}"


class Channel(models.TextChoices):
    HOME_VISIT = "home_visit", _("huisbezoek")
    PHONE = "phone", _("telefoon")
    MESSAGE = "message", _("sms, WhatsApp of e-mail")
    LETTER = "letter", _("brief")
    VIA_REFERRER = "via_referrer", _("via wie signaleerde")
    AT_CONSULTATION = "consultation", _("op de consultatie")


class OutreachResult(models.TextChoices):
    NOT_REACHED = "not_reached", _("niet bereikt")
    REACHED_NOT_YET = "not_yet", _("bereikt, wil (nog) geen begeleiding")
    REACHED_AGREED = "agreed", _("bereikt, wil begeleiding")


class OutreachAttempt(models.Model):
    pregnancy = models.ForeignKey(Pregnancy, on_delete=models.CASCADE,
                                  related_name="attempts")
    attempted_on = models.DateField(_("datum"))
    channel = models.CharField(_("hoe"), max_length=20, choices=Channel.choices)
    result = models.CharField(_("resultaat"), max_length=20, choices=OutreachResult.choices)
    note = models.TextField(_("notitie"), blank=True)
    worker = models.ForeignKey("network.Worker", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("network.Organisation", on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        ordering = ["-attempted_on", "-id"]

    def __str__(self) -> str:
        return f"poging {self.attempted_on}"
