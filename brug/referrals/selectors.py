"""Reads of referrals, through the policy. Family details only where the policy allows."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.models import AuditAction
from brug.referrals.models import OPEN_STATUSES, Referral
from brug.referrals.services import is_receiver, is_sender

_RELATED = ("family", "family__organisation", "service", "service__provider", "to_organisation",
            "from_organisation", "from_worker", "answered_by", "closed_by", "member")


def referral_get_for_worker(worker, referral_id: int, *, record: bool = True):
    """(referral, side, access) for the sender's or the receiver's workers; else 404."""
    referral = Referral.objects.select_related(*_RELATED).filter(pk=referral_id).first()
    if referral is None or worker is None:
        raise Http404
    access = policy.access_for(worker, referral.family)
    if access.home and (not access.limits_history or Referral.objects.filter(
            pk=referral.pk).filter(policy.history_q(worker, access, "referral")).exists()):
        side = "sender"
    elif is_receiver(worker, referral):
        side = "receiver"
    else:
        raise Http404
    policy.redact(referral.family, access.categories)
    if record and access.can_view(Category.IDENTITY):
        # The member it is about is shown with `household` (referral_detail): read too.
        also = (Category.HOUSEHOLD,) if referral.member_id and access.can_view(
            Category.HOUSEHOLD) else ()
        audit_record(actor=worker, family_id=referral.family_id, category=Category.IDENTITY,
                     action=AuditAction.VIEW, purpose=gettext_noop("doorverwijzing bekijken"),
                     network_id=referral.family.organisation.network_id, also=also)
    return referral, side, access


def received(worker, *, open_only: bool = False) -> QuerySet:
    """Referrals sent to the worker's organisation. Pass a page through `with_families_seen`
    before showing it: the family is shown only as far as the policy allows."""
    if not policy.handles_referrals(worker):
        return Referral.objects.none()
    qs = Referral.objects.filter(to_organisation_id=worker.organisation_id)
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return (qs.select_related("family", "service", "from_organisation")
            .order_by("-sent_at", "-id"))


def with_families_seen(worker, referrals) -> list[Referral]:
    """A page of referrals, each family redacted to what this worker sees of it now (one or two
    queries for the page); `shows_family` tells whether its name may be shown."""
    referrals = list(referrals)
    policy.seen_families(worker, [r.family for r in referrals])
    for r in referrals:
        r.shows_family = r.family.shows_identity
    return referrals


def sent(worker, *, open_only: bool = False) -> QuerySet:
    if not policy.handles_referrals(worker):
        return Referral.objects.none()
    qs = Referral.objects.filter(family__organisation_id=worker.organisation_id,
                                 family__anonymised_at__isnull=True).filter(
        policy.handed_over_q(worker, "referral"))
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.select_related("family", "service", "to_organisation").order_by("-sent_at", "-id")


def of_family(worker, family, access) -> list[Referral]:
    qs = Referral.objects.filter(family_id=family.pk).filter(
        policy.history_q(worker, access, "referral"))
    if not access.home:
        qs = qs.filter(to_organisation_id=worker.organisation_id)
    return list(qs.select_related("service", "to_organisation", "from_worker")
                .order_by("-sent_at", "-id"))


def overdue_by_organisation(worker, *, days: int) -> list[dict]:
    """Open referrals older than `days`, counted per receiving organisation — no families.

    Coordinators see the whole network; other workers their own organisation's in- and outbox.
    """
    cutoff = timezone.now() - timedelta(days=days)
    qs = Referral.objects.filter(status__in=OPEN_STATUSES, sent_at__lt=cutoff,
                                 to_organisation__network_id=worker.organisation.network_id)
    if not policy.can_manage_network(worker):
        qs = qs.filter(Q(to_organisation_id=worker.organisation_id)
                       | Q(from_organisation_id=worker.organisation_id))
    return list(
        qs.values("to_organisation__name", "status")
        .annotate(count=Count("id"), oldest=Min("sent_at"))
        .order_by("to_organisation__name", "status")
    )


__all__ = ["referral_get_for_worker", "received", "sent", "of_family", "overdue_by_organisation",
           "with_families_seen", "is_receiver", "is_sender"]
