"""Reads of concerns, always through `policy.concern_access`, each read audited."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.concerns.models import Concern, ConcernStatus, FamilyTold
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.models import AuditAction
from brug.families.models import Family


def withheld_events(family_id: int) -> Q | None:
    """The audit events the family does not read now (`consent.family_log`): those of its
    concerns it is not told about, while that decision stands."""
    details = [f"zorg {pk}" for pk in Concern.objects.filter(
        family_id=family_id, family_told=FamilyTold.WITHHELD).values_list("pk", flat=True)]
    if not details:
        return None
    return Q(category=Category.CONCERN, detail__in=details)


def record_reads(worker, family, concerns, purpose: str) -> None:
    """One read event per concern shown (its detail names it, so a withheld one stays out of
    the family's log); a page without concerns records that it showed none."""
    network_id = family.organisation.network_id
    if not concerns:
        audit_record(actor=worker, family_id=family.pk, category=Category.CONCERN,
                     action=AuditAction.VIEW, purpose=purpose, detail="zorgen: geen",
                     network_id=network_id)
    for concern in concerns:
        audit_record(actor=worker, family_id=family.pk, category=Category.CONCERN,
                     action=AuditAction.VIEW, purpose=purpose, detail=concern.audit_detail,
                     network_id=network_id)


def history_q(worker, rights) -> Q:
    """Policy rule 11 for concerns: after a warm handover the family's new organisation does
    not read the concerns the old one recorded (`concern` is never passed on; dated when
    recorded). The network's coordinators follow every open concern up (rule 10)."""
    if policy.can_oversee_concerns(worker):
        return Q()
    return policy.history_q(worker, rights.access, "concern")


def concerns_of(worker, family, rights) -> list[Concern]:
    return list(Concern.objects.filter(family_id=family.pk).filter(history_q(worker, rights))
                .select_related("child", "recorded_by"))


def concern_get(worker, concern_id: int, *, record: bool = True):
    """A concern and what this worker may do with it; 404 unless `concern_access` sees it."""
    if not 0 < concern_id < 2**63:
        raise Http404
    concern = (Concern.objects.select_related("family__organisation", "child", "recorded_by")
               .filter(pk=concern_id).first())
    if concern is None:
        raise Http404
    family = policy.with_mandate_state(Family.objects.filter(pk=concern.family_id)).select_related(
        "organisation").first()
    rights = policy.concern_access(worker, family)
    if not rights.see or (rights.access.limits_history and not Concern.objects.filter(
            pk=concern.pk).filter(history_q(worker, rights)).exists()):
        raise Http404
    policy.redact(family, rights.access.categories)
    concern.family = family
    if record:
        record_reads(worker, family, [concern], gettext_noop("zorg bekijken"))
    return concern, rights


def open_concerns(worker):
    """The network's open concerns for its coordinators, overdue reviews first."""
    if not policy.can_oversee_concerns(worker):
        return []
    concerns = list(Concern.objects.filter(
        status=ConcernStatus.OPEN,
        family__organisation__network_id=worker.organisation.network_id,
        family__anonymised_at__isnull=True)
        .select_related("family__organisation", "organisation")
        .order_by("review_on", "-observed_on", "id")[:200])
    families = policy.seen_families(worker, {c.family_id: c.family for c in concerns}.values())
    by_pk = {f.pk: f for f in families}
    today = timezone.localdate()
    for c in concerns:
        c.family = by_pk[c.family_id]
        c.overdue = c.withheld and c.review_on is not None and c.review_on <= today
    concerns.sort(key=lambda c: (not c.overdue, c.review_on or today, c.pk))
    return concerns


def record_open_list_reads(worker, concerns) -> None:
    for c in concerns:
        audit_record(actor=worker, family_id=c.family_id, category=Category.CONCERN,
                     action=AuditAction.VIEW, purpose=gettext_noop("open zorgen bekijken"),
                     detail=c.audit_detail, network_id=c.family.organisation.network_id)
