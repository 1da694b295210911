"""Reads of barriers outside a family's dossier (the dossier tab reads through
`families.selectors.family_get_for_worker`; the bundle's counts through `bundle`)."""

from __future__ import annotations

from django.db.models import QuerySet

from brug.core import policy
from brug.signals.models import Signal


def barriers_to_review(worker) -> QuerySet:
    """The barriers of the worker's network whose description waits for a coordinator's
    release, oldest first; nothing for whoever may not release."""
    if not policy.can_release_barrier_text(worker):
        return Signal.objects.none()
    return (Signal.objects.filter(network_id=worker.organisation.network_id,
                                  released_at__isnull=True)
            .exclude(description="")
            .select_related("service", "provider", "organisation", "collective")
            .order_by("id"))
