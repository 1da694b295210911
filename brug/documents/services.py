"""Writes of documents: add, delete, and removal by retention (docs/documents.md).

Adding: the content is checked first (type by its bytes, size), then the file is written
under a random name and the row and its audit event committed in one transaction; if that
transaction fails, the file is removed again. Deleting: the row and its audit event in one
transaction, the file removed once that transaction has committed.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.core.audit import audit_record
from brug.core.errors import require
from brug.core.models import AuditAction
from brug.documents import filetypes
from brug.documents.models import DOCUMENT_CATEGORIES, Document


def storage():
    return storages["documents"]


def max_bytes() -> int:
    return settings.DOCUMENT_MAX_BYTES


def may_add(access, category: str | None = None) -> bool:
    """Adding or deleting: whoever may change the dossier, in a category they see."""
    if not access.may_change:
        return False
    if category is None:
        return any(access.can_view(c) for c in DOCUMENT_CATEGORIES)
    return category in DOCUMENT_CATEGORIES and access.can_view(category)


def check_upload(upload) -> filetypes.FileType:
    """The file's type by its content; a clear message when Brug does not keep it."""
    if upload is None:
        raise ValidationError({"file": _("Kies een bestand.")})
    if upload.size == 0:
        raise ValidationError({"file": _("Dit bestand is leeg.")})
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError({"file": _(
            "Dit bestand is te groot (%(size)s MB). Het mag hoogstens %(max)s MB zijn.") % {
            "size": f"{upload.size / 1_048_576:.1f}".replace(".", ","),
            "max": f"{limit / 1_048_576:g}".replace(".", ",")}})
    kind = filetypes.detect(upload)
    if kind is None:
        raise ValidationError({"file": _(
            "Dit soort bestand kan Brug niet bewaren. Kies een PDF, een foto (JPEG of PNG) "
            "of een document (docx, xlsx of odt).")})
    return kind


def document_add(*, actor, family, category: str, title: str, upload) -> Document:
    access = policy.access_for(actor, family)
    require(may_add(access, category))
    kind = check_upload(upload)
    title = (title or "").strip()
    name = filetypes.clean_name(upload.name, kind)
    if not title:
        title = name.rsplit(".", 1)[0]
    stored = storage().save(f"{family.pk}/{uuid.uuid4().hex}{kind.extension}", upload)
    try:
        with transaction.atomic():
            document = Document(
                family=family, organisation=actor.organisation, category=category,
                title=title[:120], original_name=name[:120], content_type=kind.mime,
                size=upload.size, storage_name=stored, uploaded_by=actor)
            document.full_clean()
            document.save()
            audit_record(actor=actor, family_id=family.pk, category=category,
                         action=AuditAction.CREATE,
                         detail=gettext_noop("document toegevoegd (%(type)s, nr. %(id)s)") % {
                             "type": kind.key, "id": document.pk})
    except BaseException:
        storage().delete(stored)
        raise
    return document


def _remove_file_on_commit(name: str) -> None:
    transaction.on_commit(lambda: storage().delete(name))


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    access = policy.access_for(actor, document.family)
    require(may_add(access, document.category))
    name, pk, family_id, category = (document.storage_name, document.pk,
                                     document.family_id, document.category)
    document.delete()
    audit_record(actor=actor, family_id=family_id, category=category,
                 action=AuditAction.DELETE,
                 detail=gettext_noop("document verwijderd (nr. %(id)s)") % {"id": pk})
    _remove_file_on_commit(name)


@transaction.atomic
def document_record_download(*, actor, document: Document) -> None:
    audit_record(actor=actor, family_id=document.family_id, category=document.category,
                 action=AuditAction.VIEW, purpose=gettext_noop("document downloaden"),
                 detail=gettext_noop("document nr. %(id)s") % {"id": document.pk})


def documents_remove(family_id: int) -> None:
    """Retention (brug.core.retention): the family's documents go, rows and files."""
    names = list(Document.objects.filter(family_id=family_id)
                 .values_list("storage_name", flat=True))
    Document.objects.filter(family_id=family_id).delete()
    for name in names:
        _remove_file_on_commit(name)
