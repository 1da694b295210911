"""Notifications (meldingen): a short line in Brug telling one worker that something happened.

A notification holds no dossier data: its kind, the family's id and the id of the object it
is about. Its text is written when it is shown (`selectors.shown`), through the access policy
of that moment, so a family that withdrew its consent is no longer named.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from brug.families.models import Family
from brug.network.models import Worker


class Kind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("doorverwijzing ontvangen")
    REFERRAL_ACCEPTED = "referral_accepted", _("doorverwijzing aanvaard")
    REFERRAL_DECLINED = "referral_declined", _("doorverwijzing geweigerd")
    REFERRAL_CLOSED = "referral_closed", _("doorverwijzing afgesloten")
    PORTAL_MESSAGE = "portal_message", _("bericht van een gezin")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("toestemming ingetrokken")
    MANDATE_ENDED = "mandate_ended", _("begeleiding gestopt")
    CLAIM_DECIDED = "claim_decided", _("beslissing over een recht")
    REVIEW_OVERDUE = "review_overdue", _("evaluatie te laat")


class EmailChoice(models.TextChoices):
    NONE = "none", _("geen e-mail")
    IMMEDIATELY = "immediately", _("meteen een e-mail")
    DAILY = "daily", _("één e-mail per dag")


class Digest(models.Model):
    """One e-mail sent to one worker: which notifications it counted is on the notifications
    (`Notification.digest`), so none is ever counted in a second e-mail."""

    recipient = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.count} → {self.recipient_id} ({self.sent_at:%Y-%m-%d %H:%M})"


class Notification(models.Model):
    recipient = models.ForeignKey(Worker, on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    family = models.ForeignKey(Family, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    # The referral, right claim, review or portal message the notification is about.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(Digest, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="notifications")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            # The bell's count on every page, and the e-mails' pending rows.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True),
                         name="notification_unread"),
        ]
        constraints = [
            # The daily overdue check notifies once per review, however often it runs.
            models.UniqueConstraint(fields=["kind", "object_id"],
                                    condition=Q(kind="review_overdue"),
                                    name="notification_once_per_review"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class NotificationSettings(models.Model):
    """A worker's choice of e-mail; no row means the default (one e-mail per day)."""

    worker = models.OneToOneField(Worker, on_delete=models.CASCADE,
                                  related_name="notification_settings")
    email = models.CharField(_("e-mail over nieuwe meldingen"), max_length=12,
                             choices=EmailChoice.choices, default=EmailChoice.DAILY)
    # The language of the e-mails (one of settings.WORKER_LANGUAGES); "" = Brug's own (Dutch).
    # The language cookie is per browser, a cron run has none: the choice is kept here.
    language = models.CharField(_("taal van de e-mails"), max_length=8, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.worker_id}: {self.email} {self.language}"
