"""Reads for the network pages."""

from __future__ import annotations

from django.db.models import QuerySet

from brug.core.models import AuditEvent


def network_events(worker) -> QuerySet:
    """Who changed what in the worker's network: its events that concern no family, newest
    first (the chain's index on network and id serves it)."""
    return AuditEvent.objects.filter(
        network_id=worker.organisation.network_id, family_id__isnull=True
    ).order_by("-id")
