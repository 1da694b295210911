"""Referrals (doorverwijzingen): one organisation asks another to support a family.

Lifecycle: sent → accepted | declined (reason) | withdrawn; accepted → closed (outcome).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.consent.models import SharingConsent
from brug.core.categories import Category, parse_categories
from brug.core.models import VersionedModel
from brug.directory.models import Service
from brug.families.models import Family, Member
from brug.network.models import Organisation, Worker


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("verstuurd")
    ACCEPTED = "accepted", _("aanvaard")
    DECLINED = "declined", _("geweigerd")
    WITHDRAWN = "withdrawn", _("ingetrokken")
    CLOSED = "closed", _("afgesloten")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("gewoon")
    SOON = "soon", _("deze week")
    URGENT = "urgent", _("dringend")


class Outcome(models.TextChoices):
    HELPED = "helped", _("geholpen")
    NOT_HELPED = "not_helped", _("niet geholpen")
    NO_SHOW = "no_show", _("gezin kwam niet")
    REFERRED_ON = "referred_on", _("verder doorverwezen")


class Referral(VersionedModel):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="referrals")
    from_worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                          related_name="referrals_sent")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals",
                                verbose_name=_("dienst"))
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                        related_name="referrals_received")
    # The member the referral is about (a child for a CLB referral); empty: the whole family.
    # The receiver sees who only when the family shares `household` with it.
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("over wie"))
    question = models.TextField(_("vraag"), help_text=_(
        "In gewone woorden: waarmee kan de dienst het gezin helpen?"))
    categories = models.CharField(_("gedeelde informatie"), max_length=200)
    urgency = models.CharField(_("dringendheid"), max_length=10, choices=Urgency.choices,
                               default=Urgency.NORMAL)
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices,
                              default=ReferralStatus.SENT)
    # The consent recorded with this referral, ended when the referral ends. Null when the
    # family's existing consents already covered what is shared.
    consent = models.ForeignKey(SharingConsent, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="referrals")
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    decline_reason = models.CharField(_("reden"), max_length=500, blank=True)
    withdraw_reason = models.CharField(_("reden"), max_length=500, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    outcome = models.CharField(_("resultaat"), max_length=12, choices=Outcome.choices,
                               blank=True)
    outcome_note = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["to_organisation", "status", "sent_at"], name="referral_inbox"),
            models.Index(fields=["from_organisation", "status", "sent_at"],
                         name="referral_outbox"),
            models.Index(fields=["family", "-sent_at"], name="referral_by_family"),
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.get_status_display()})"

    @property
    def category_list(self) -> list[str]:
        return parse_categories(self.categories)

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.category_list if c in Category.values]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
