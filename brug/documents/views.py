from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from brug.core.categories import Category
from brug.core.forms import add_service_error
from brug.core.views import worker_of
from brug.documents import selectors, services
from brug.documents.forms import DocumentForm
from brug.families.tabs import tabs_for


@require_GET
def documents_tab(request, family_id: int):
    worker = worker_of(request)
    family, access = selectors.family_for_documents(
        worker, family_id, purpose=gettext_noop("documenten bekijken"))
    return render(request, "documents/tab.html", {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "documents", "documents": selectors.for_family(family, access, worker),
        "can_add": services.may_add(access)})


@require_http_methods(["GET", "POST"])
def document_add(request, family_id: int):
    worker = worker_of(request)
    family, access = selectors.family_for_documents(
        worker, family_id, purpose=gettext_noop("document toevoegen"),
        record=request.method == "GET")
    if not services.may_add(access):
        raise PermissionDenied
    categories = [Category(c) for c in selectors.shown_categories(access)]
    form = DocumentForm(request.POST or None, request.FILES or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_add(actor=worker, family=family, category=data["category"],
                                  title=data["title"], upload=data["file"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het document is bewaard."))
            return redirect("documents:tab", family.pk)
    return render(request, "documents/form.html", {
        "family": family, "form": form, "max_mb": services.max_bytes() // 1_048_576})


@require_GET
def document_download(request, family_id: int, document_id: int):
    worker = worker_of(request)
    document, _family, _access = selectors.document_get_for_worker(worker, family_id,
                                                                   document_id)
    try:
        handle = services.storage().open(document.storage_name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    services.document_record_download(actor=worker, document=document)
    response = FileResponse(handle, content_type=document.content_type,
                            as_attachment=not document.is_image,
                            filename=document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def document_delete(request, family_id: int, document_id: int):
    worker = worker_of(request)
    document, family, access = selectors.document_get_for_worker(
        worker, family_id, document_id, purpose=gettext_noop("document verwijderen"),
        record=request.method == "GET")
    if not services.may_add(access, document.category):
        raise PermissionDenied
    if request.method == "POST":
        services.document_delete(actor=worker, document=document)
        messages.success(request, _("Het document is verwijderd."))
        return redirect("documents:tab", family.pk)
    return render(request, "documents/delete.html", {"family": family, "document": document})
