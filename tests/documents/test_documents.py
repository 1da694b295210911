from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.urls import reverse

from brug.core.models import AuditAction, AuditEvent
from brug.documents import filetypes, services
from brug.documents.models import Document
from brug.families.retention import family_anonymise
from tests.conftest import give_consent, login, make_family
from tests.documents.factories import (
    JPEG,
    PDF,
    docx_bytes,
    make_document,
    odt_bytes,
    png_bytes,
    upload,
    xlsx_bytes,
    zip_bytes,
)


@pytest.fixture(autouse=True)
def _own_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path, "base_url": None}}}
    return tmp_path


def _files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("data,kind", [
    (PDF, filetypes.PDF), (png_bytes(), filetypes.PNG), (JPEG, filetypes.JPEG),
    (docx_bytes(), filetypes.DOCX), (xlsx_bytes(), filetypes.XLSX), (odt_bytes(), filetypes.ODT),
])
def test_the_type_is_found_in_the_content(data, kind):
    assert filetypes.detect(upload("whatever.bin", data)) == kind


@pytest.mark.parametrize("data", [
    b"MZ\x90\x00 an executable", b"<html><script>alert(1)</script>", b"GIF89a....",
    zip_bytes({"evil.exe": b"MZ"}), zip_bytes({"[Content_Types].xml": b"<T/>"}),
    b"PK\x03\x04 not really a zip",
])
def test_a_file_of_no_kept_type_is_refused_whatever_its_name(world, data, _own_storage):
    with pytest.raises(ValidationError) as exc:
        make_document(world, data=data, name="brief.pdf")
    assert "Dit soort bestand kan Brug niet bewaren" in str(exc.value)
    assert not Document.objects.exists()
    assert _files(_own_storage) == []


def test_a_pdf_named_png_is_kept_as_a_pdf_and_downloaded_as_an_attachment(world):
    document = make_document(world, data=PDF, name="foto.png")
    assert document.content_type == "application/pdf"
    assert document.original_name == "foto.pdf"
    response = login(world.alice).get(reverse("documents:download",
                                              args=[world.family.pk, document.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_real_png_is_accepted_and_shown_inline(world):
    document = make_document(world, data=png_bytes(), name="../../etc/brief van <OCMW>.PNG")
    assert document.content_type == "image/png"
    assert document.original_name == "brief van _OCMW.png"
    response = login(world.alice).get(reverse("documents:download",
                                              args=[world.family.pk, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_over_the_limit_is_refused_with_a_clear_message(world, settings, _own_storage):
    settings.DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        make_document(world, data=PDF + b"0" * 2000)
    assert "te groot" in str(exc.value)
    assert _files(_own_storage) == [] and not Document.objects.exists()
    make_document(world, data=PDF)  # under the limit


def test_the_upload_page_shows_the_refusal_and_stores_nothing(world, _own_storage):
    client = login(world.alice)
    url = reverse("documents:add", args=[world.family.pk])
    page = client.get(url)
    assert 'accept="image/jpeg,image/png,image/*,application/pdf' in page.content.decode()
    response = client.post(url, {"title": "Brief", "category": "identity",
                                 "file": upload("brief.pdf", b"just text")})
    assert response.status_code == 200
    assert "Dit soort bestand kan Brug niet bewaren" in response.content.decode()
    assert _files(_own_storage) == []
    response = client.post(url, {"title": "Brief", "category": "consent",
                                 "file": upload("brief.pdf", PDF)})
    assert response.status_code == 200 and not Document.objects.exists()
    response = client.post(url, {"title": "Brief", "category": "plan",
                                 "file": upload("scan.jpg", JPEG)})
    assert response.status_code == 302
    assert Document.objects.get().category == "plan"
    assert len(_files(_own_storage)) == 1


def test_nothing_is_left_on_disk_when_the_row_fails(world, monkeypatch, _own_storage):
    def broken(**kwargs):
        raise RuntimeError("database gone")
    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        make_document(world)
    assert _files(_own_storage) == [] and not Document.objects.exists()


def test_download_is_404_for_another_organisation_and_a_category_not_granted(world):
    identity = make_document(world, category="identity")
    plan = make_document(world, category="plan")
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    charlie = login(world.charlie)
    assert charlie.get(reverse("documents:download",
                               args=[world.family.pk, identity.pk])).status_code == 200
    assert charlie.get(reverse("documents:download",
                               args=[world.family.pk, plan.pk])).status_code == 404
    tab = charlie.get(reverse("documents:tab", args=[world.family.pk])).content.decode()
    assert identity.title in tab
    olga = login(world.olga)
    assert olga.get(reverse("documents:download",
                            args=[world.family.pk, identity.pk])).status_code == 404
    assert olga.get(reverse("documents:tab", args=[world.family.pk])).status_code == 404
    # The document's id under another family's address: 404 as well.
    other = make_family(world.home, world.alice, "Gezin Ander")
    assert login(world.alice).get(reverse("documents:download",
                                          args=[other.pk, identity.pk])).status_code == 404


def test_the_tab_lists_only_the_categories_granted(world):
    make_document(world, category="identity", title="Zichtbare brief")
    make_document(world, category="plan", title="Verborgen plan")
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    page = login(world.charlie).get(reverse("documents:tab", args=[world.family.pk]))
    body = page.content.decode()
    assert "Zichtbare brief" in body and "Verborgen plan" not in body
    # A partner reads: no add nor delete.
    assert reverse("documents:add", args=[world.family.pk]) not in body


def test_every_download_is_audited(world):
    document = make_document(world, category="household")
    before = AuditEvent.objects.count()
    login(world.alice).get(reverse("documents:download", args=[world.family.pk, document.pk]))
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.category, event.family_id, event.actor_id) == (
        AuditAction.VIEW, "household", world.family.pk, world.alice.user_id)
    assert event.purpose == "document downloaden"


def test_deleting_is_audited_and_removes_the_file(world, _own_storage,
                                                  django_capture_on_commit_callbacks):
    document = make_document(world, category="plan")
    client = login(world.alice)
    url = reverse("documents:delete", args=[world.family.pk, document.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Document.objects.exists() and _files(_own_storage) == []
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.category) == (AuditAction.DELETE, "plan")


def test_retention_removes_rows_and_files(world, _own_storage,
                                          django_capture_on_commit_callbacks):
    make_document(world, category="plan")
    make_document(world, category="identity", data=png_bytes(), name="x.png")
    assert len(_files(_own_storage)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        family_anonymise(family=world.family)
    assert not Document.objects.filter(family=world.family).exists()
    assert _files(_own_storage) == []


def test_the_default_storage_is_the_file_system_outside_served_paths():
    from brug import settings as project

    backend = project.STORAGES["documents"]
    assert backend["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert backend["OPTIONS"]["base_url"] is None
    assert not str(backend["OPTIONS"]["location"]).startswith(str(project.STATIC_ROOT))
    assert storages["documents"].__class__.__name__ == "FileSystemStorage"
