from __future__ import annotations

from django.http import Http404

from brug.access import policy
from brug.consent.models import Mandate, SharingConsent
from brug.core.audit import describe
from brug.core.models import AuditEvent
from brug.core.paging import page_without_total


def mandates_of(family) -> list[Mandate]:
    return list(
        Mandate.objects.filter(family_id=family.pk).select_related("given_by", "recorded_by")
    )


def consents_of(family) -> list[SharingConsent]:
    return list(
        SharingConsent.objects.filter(family_id=family.pk).select_related(
            "organisation", "given_by", "recorded_by"
        )
    )


def mandate_get(family, mandate_id: int) -> Mandate:
    mandate = Mandate.objects.filter(family_id=family.pk, pk=mandate_id).first()
    if mandate is None:
        raise Http404
    mandate.family = family
    return mandate


def consent_get(family, consent_id: int) -> SharingConsent:
    consent = (
        SharingConsent.objects.select_related("organisation")
        .filter(family_id=family.pk, pk=consent_id)
        .first()
    )
    if consent is None:
        raise Http404
    consent.family = family
    return consent


def audit_page(family, page_number, per_page: int = 50, *, worker=None, access=None):
    """The family's trail, newest first, each event as a plain-Dutch sentence; with a grant
    that limits the history (policy rule 11), only the events within it."""
    qs = AuditEvent.objects.filter(family_id=family.pk).order_by("-id")
    if access is not None and access.limits_history:
        qs = qs.filter(policy.dated_q(worker, access, "at__date", category_field="category"))
    # No count: the tab offers "older events", and a family's trail grows with every read.
    page = page_without_total(qs, page_number, per_page)
    page.sentences = [(e, describe(e)) for e in page.object_list]
    return page
