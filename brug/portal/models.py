"""The family portal: a parent's own account, and the messages a family sends its worker.

A family member signs in as an ordinary Django user without a Worker profile, so every worker
page already refuses them (`brug.core.views.worker_of`). The `FamilyAccount` ties that user
to one parent of one family.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from brug.core.models import VersionedModel
from brug.families.models import Family, Member
from brug.network.models import Worker


class AccountStatus(models.TextChoices):
    PENDING = "pending", _("wacht op activering")
    ACTIVE = "active", _("actief")
    REVOKED = "revoked", _("ingetrokken")


class FamilyAccount(VersionedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="family_account"
    )
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="portal_accounts")
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("gezinslid")
    )
    language = models.CharField(_("taal"), max_length=10, default="nl")
    status = models.CharField(
        _("status"), max_length=10, choices=AccountStatus.choices, default=AccountStatus.PENDING
    )
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    # The one-time activation code, hashed with Django's password hashers; empty once used.
    code_hash = models.CharField(max_length=200, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One account at a time per family member (a revoked one may be followed by a
            # new one).
            models.UniqueConstraint(
                fields=["member"], condition=~Q(status="revoked"),
                name="portal_one_account_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"gezinsaccount {self.user_id} ({self.family_id})"

    @property
    def login_name(self) -> str:
        return self.user.username

    @property
    def is_active(self) -> bool:
        return self.status == AccountStatus.ACTIVE

    @property
    def actor_name(self) -> str:
        """How the audit trail names the family member: "Fatima (gezin)" — in the source
        language whatever the family's language: names in the trail are written once."""
        first = self.member.first_name or str(self.member)
        return gettext_noop("%(name)s (gezin)") % {"name": first}


class MessageKind(models.TextChoices):
    MESSAGE = "message", _("bericht")
    CORRECTION = "correction", _("vraag om correctie")
    # Written by Brug when the family acts in the portal (withdrew a consent, ended the
    # mandate): the contact person's inbox tells them.
    NOTICE = "notice", _("melding")


class PortalMessage(models.Model):
    """A short message from the family to its contact person (never edited)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="portal_messages")
    account = models.ForeignKey(
        FamilyAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    kind = models.CharField(_("soort"), max_length=12, choices=MessageKind.choices,
                            default=MessageKind.MESSAGE)
    text = models.TextField(_("bericht"), max_length=2000)
    # The contact person when the message was sent (who is told).
    to_worker = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["family", "-created_at"], name="portal_msg_family"),
            models.Index(fields=["to_worker"], condition=Q(read_at__isnull=True),
                         name="portal_msg_unread"),
        ]

    def __str__(self) -> str:
        return f"bericht {self.pk} van gezin {self.family_id}"
