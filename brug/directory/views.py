from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from brug.core.views import worker_of
from brug.directory import hsds, selectors, services
from brug.directory.forms import AccessibilityReportForm, ImportForm, SearchForm
from brug.directory.models import AccessDimension, Weekday
from brug.families.selectors import family_get_for_worker

PAGE_SIZE = 20


def _family_context(request, worker):
    """The family being referred, when the worker came from its dossier (`?gezin=`)."""
    raw = request.GET.get("gezin", "")
    if not raw.isdigit():
        return None
    from brug.core.categories import Category

    family, access = family_get_for_worker(worker, int(raw), category=Category.IDENTITY,
                                           record=False)
    return family


@require_GET
def search(request):
    worker = worker_of(request)
    form = SearchForm(request.GET or None, neighbourhoods=selectors.neighbourhoods(worker))
    query = selectors.DirectoryQuery()
    if form.is_valid():
        query = selectors.DirectoryQuery(
            text=form.cleaned_data["q"], life_domain=form.cleaned_data["domain"],
            postcode=form.cleaned_data["postcode"], neighbourhood=form.cleaned_data["wijk"],
            language=form.cleaned_data["taal"])
    qs = selectors.services_search(worker, query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(selectors.with_card_details(page.object_list))
    context = {"form": form, "page": page, "family": _family_context(request, worker),
               "querystring": request.GET.urlencode()}
    if request.htmx:
        return render(request, "directory/_results.html", context)
    return render(request, "directory/search.html", context)


@require_GET
def service_detail(request, service_id: int):
    worker = worker_of(request)
    service = selectors.service_get(worker, service_id)
    order = list(Weekday.values)
    schedules = sorted(service.schedules.all(), key=lambda s: (order.index(s.weekday), s.opens_at
                                                              or s.closes_at or 0))
    reports = list(service.accessibility_reports.all())
    context = {
        "service": service, "schedules": schedules, "reports": reports,
        "family": _family_context(request, worker),
        "can_refer": service.provider.organisation_id is not None,
        "can_report": services.can_report_accessibility(worker),
    }
    return render(request, "directory/service_detail.html", context)


@require_http_methods(["GET", "POST"])
def report_create(request, service_id: int):
    worker = worker_of(request)
    if not services.can_report_accessibility(worker):
        raise Http404
    service = selectors.service_get(worker, service_id)
    form = AccessibilityReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.accessibility_report_add(actor=worker, service=service,
                                          report=form.save(commit=False), scores=form.scores())
        messages.success(request, _("Het bezoekverslag is bewaard."))
        return redirect("directory:service", service.pk)
    rows = [(form[f"score_{d.value}"], form[f"remark_{d.value}"]) for d in AccessDimension]
    return render(request, "directory/report_form.html",
                  {"form": form, "service": service, "rows": rows})


@require_http_methods(["GET", "POST"])
def hsds_import(request):
    worker = worker_of(request)
    if not services.can_edit_directory(worker):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    file_error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            tables = hsds.parse_file(upload.name, upload.read())
        except hsds.HsdsFileError as exc:
            file_error = str(exc)
        else:
            result = services.hsds_import(actor=worker, tables=tables)
            if result.ok:
                messages.success(request, _(
                    "De sociale kaart is bijgewerkt: %(c)s diensten nieuw, %(u)s bijgewerkt."
                ) % {"c": result.created.get("services", 0),
                     "u": result.updated.get("services", 0)})
                return redirect("directory:search")
    return render(request, "directory/import.html",
                  {"form": form, "result": result, "file_error": file_error,
                   "errors": result.errors[:500] if result else [],
                   "more_errors": max(0, len(result.errors) - 500) if result else 0})


@require_GET
def hsds_export(request):
    worker = worker_of(request)
    fmt = request.GET.get("formaat", "json")
    if fmt not in ("json", "csv"):
        raise Http404
    tables = services.hsds_tables(worker.organisation.network)
    services.hsds_export_record(actor=worker, fmt=fmt.upper(), count=len(tables["services"]))
    if fmt == "json":
        response = HttpResponse(hsds.to_json(tables), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="sociale-kaart-hsds.json"'
    else:
        response = HttpResponse(hsds.to_csv_zip(tables), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="sociale-kaart-hsds.zip"'
    return response
