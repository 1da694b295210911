"""Reads of barriers outside a family's dossier (the dossier tab reads through
`families.selectors.family_get_for_worker`; the bundle's counts through `bundle`)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.core import cache_versions
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.models import AuditAction
from brug.directory import selectors as directory_selectors
from brug.signals.models import Signal


def cache_version(network_id: int) -> str:
    """The version of the network's barriers, collective signals and meetings (bumped by
    `services`) and of its sociale kaart (bumped by `directory.services`), for cache keys of
    what every worker of the network shares."""
    return ":".join((cache_versions.version(f"signals:{network_id}"),
                     directory_selectors.cache_version(network_id)))


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


def review_page(worker, *, page: int, per_page: int,
                first: Signal | None = None) -> tuple[list[Signal], bool]:
    """One page of `barriers_to_review`, and whether another follows; `first` (a barrier
    whose release was refused) leads the page so that what was typed for it stays in view.
    Until released these are the family's words: each barrier shown is a read on its
    family's trail."""
    barriers = barriers_to_review(worker)
    if first is not None:
        barriers = barriers.exclude(pk=first.pk)
    start = (page - 1) * per_page
    shown = list(barriers[start:start + per_page + 1])
    has_next, shown = len(shown) > per_page, shown[:per_page]
    if first is not None:
        shown = [first, *shown[:per_page - 1]]
    for b in shown:
        audit_record(actor=worker, family_id=b.family_id, category=Category.DOMAIN_NOTES,
                     action=AuditAction.VIEW,
                     purpose=gettext_noop("drempelbeschrijving nakijken voor de signalenbundel"))
    return shown, has_next
