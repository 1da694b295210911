"""The demo's documents: generated letters stored through the storage API, with their events."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from brug.core.models import AuditAction, AuditEvent
from brug.demo import loader as demo
from brug.documents import filetypes
from brug.documents.demo import letter_pdf, letter_photo_png
from brug.documents.models import Document


@pytest.fixture(autouse=True)
def _own_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path, "base_url": None}}}
    return tmp_path


def test_the_generated_files_are_what_they_say_they_are():
    pdf = letter_pdf(["Beste (fictieve) huurder,", "Een brief."])
    assert filetypes.detect(SimpleUploadedFile("x.bin", pdf)).key == "pdf"
    assert b"(Beste \\(fictieve\\) huurder,) Tj" in pdf and pdf.endswith(b"%%EOF\n")
    png = letter_photo_png()
    assert filetypes.detect(SimpleUploadedFile("x.bin", png)).key == "png"
    assert letter_photo_png() == png  # deterministic


@pytest.mark.django_db
def test_the_demo_stores_documents_on_its_families(_own_storage):
    demo.load(families=12)
    documents = list(Document.objects.order_by("pk"))
    assert [d.category for d in documents] == ["domain_notes", "rights", "plan"]
    assert [d.content_type for d in documents] == ["application/pdf", "image/png",
                                                   "application/pdf"]
    for document in documents:
        assert (_own_storage / document.storage_name).is_file()
        assert document.uploaded_by.user.username == "sara"
        assert AuditEvent.objects.filter(family_id=document.family_id,
                                         category=document.category,
                                         action=AuditAction.CREATE,
                                         detail__contains=f"nr. {document.pk}").count() == 1
