"""Shared base models and the append-only, hash-chained audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.core.categories import Category


class VersionedModel(models.Model):
    """Optimistic locking: every save through a service bumps `version`.

    A form carries the version it was rendered with; a service refuses to save when the row
    has moved on (see `brug.core.locking`). Nothing is silently overwritten.
    """

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    VIEW = "view", _("bekeek")
    CREATE = "create", _("maakte aan")
    CHANGE = "change", _("wijzigde")
    DELETE = "delete", _("verwijderde")
    WITHDRAW = "withdraw", _("trok in")
    END = "end", _("beëindigde")
    EXPORT = "export", _("exporteerde")
    ANONYMISE = "anonymise", _("anonimiseerde")
    DEACTIVATE = "deactivate", _("zette op non-actief")
    SEND = "send", _("verstuurde")


class AuditEventQuerySet(models.QuerySet):
    """Refuses bulk changes: the trail is append-only (PostgreSQL refuses them too, by trigger)."""

    def update(self, **kwargs):
        raise RuntimeError("Audit events are append-only.")

    def delete(self):
        raise RuntimeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One read or change of family data, or of the network's set-up. Never updated or deleted.

    Events form one chain per network (`network_id`; 0 is the chain of system events that
    belong to no network). Each row stores the previous row's hash and its own HMAC over its
    content with a key that is not in the database (`brug.core.audit`), so `manage.py
    audit_verify` detects a changed, removed, inserted or forged row, and with its checkpoints
    kept outside the database also a cut tail. Names are copied at write time: the trail must
    still read correctly after a worker leaves.
    """

    at = models.DateTimeField(db_index=True)
    # No database constraint and nothing done when the user is deleted: the id is part of the
    # hashed content, and a row is never updated.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=200)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    # The chain (tenant) this event belongs to; 0: system events without a network.
    network_id = models.BigIntegerField()
    # Not a foreign key: the trail outlives anonymisation of the family.
    family_id = models.BigIntegerField(null=True, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    action = models.CharField(max_length=12, choices=AuditAction.choices)
    purpose = models.CharField(max_length=200, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["family_id", "-id"], name="audit_family_recent"),
            models.Index(fields=["network_id", "id"], name="audit_network_chain"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.category}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only.")


class AuditHead(models.Model):
    """The end of one network's chain; locking its row serialises that network's appends."""

    network_id = models.BigIntegerField(unique=True)
    last_hash = models.CharField(max_length=64)
    last_id = models.BigIntegerField(default=0)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.network_id}: {self.last_hash}"


class LoginFailure(models.Model):
    """A login attempt on a username from an address (`core.auth_views`).

    Written before the password is checked and removed when the login succeeds, so what is
    left are the failures (and attempts still being checked) that the lockout counts.
    `username` is the normalised, case-folded name, so " Sara" and "SARA" count as "sara".
    """

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.at}"
