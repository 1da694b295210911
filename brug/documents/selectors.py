"""Reads of documents, through the access policy: only the categories granted."""

from __future__ import annotations

from django.http import Http404

from brug.access import policy
from brug.documents.models import DOCUMENT_CATEGORIES, Document
from brug.families.models import Family
from brug.families.selectors import family_get_for_worker


def shown_categories(access) -> list[str]:
    return [c for c in DOCUMENT_CATEGORIES if access.can_view(c)]


def family_for_documents(worker, family_id: int, *, purpose: str = "", record: bool = True):
    """The family when the worker sees at least one category a document can have (else 404);
    the read is recorded for each such category (the list shows them all)."""
    if not 0 < family_id < 2**63:
        raise Http404
    family = policy.with_mandate_state(Family.objects.filter(pk=family_id)).first()
    if family is None:
        raise Http404
    shown = shown_categories(policy.access_for(worker, family))
    if not shown:
        raise Http404
    return family_get_for_worker(worker, family_id, category=shown[0], purpose=purpose,
                                 record=record, also=tuple(shown[1:]))


def _dated(worker, access):
    """Policy rule 11: a document within the grant's history, by its upload date."""
    return policy.dated_q(worker, access, "uploaded_at__date", category_field="category",
                          own_field="organisation_id")


def for_family(family, access, worker) -> list[Document]:
    qs = Document.objects.filter(family_id=family.pk, category__in=shown_categories(access))
    if access.limits_history:
        qs = qs.filter(_dated(worker, access))
    return list(qs.select_related("uploaded_by"))


def document_get_for_worker(worker, family_id: int, document_id: int, *, purpose: str = "",
                            record: bool = False):
    """The document and its (redacted) family, or 404 when the worker may not see its
    category for this family. With `record`, the read of that category is recorded."""
    if not 0 < document_id < 2**63 or not 0 < family_id < 2**63:
        raise Http404
    document = Document.objects.filter(pk=document_id, family_id=family_id).first()
    if document is None:
        raise Http404
    family, access = family_get_for_worker(worker, family_id, category=document.category,
                                           purpose=purpose, record=record)
    if access.limits_history and not Document.objects.filter(
            pk=document.pk).filter(_dated(worker, access)).exists():
        raise Http404
    document.family = family
    return document, family, access
