from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from brug.core import cache_versions
from brug.core.forms import show_stale_edit
from brug.core.locking import StaleEdit
from brug.core.views import worker_of
from brug.directory import hsds, hsds_nested, rules, selectors, services
from brug.directory.forms import (
    AccessibilityReportForm,
    ContactFormSet,
    ExportForm,
    ImportForm,
    LocationFormSet,
    PhoneFormSet,
    ScheduleFormSet,
    SearchForm,
    ServiceForm,
)
from brug.directory.models import AccessDimension, Location, Service, Weekday
from brug.families.selectors import family_get_for_worker

PAGE_SIZE = 20


def _family_context(request, worker):
    """The family being referred, when the worker came from its dossier (`?gezin=`)."""
    raw = request.GET.get("gezin", "")
    if not (raw.isascii() and raw.isdigit()):
        return None
    from brug.core.categories import Category

    family, access = family_get_for_worker(worker, int(raw), category=Category.IDENTITY,
                                           record=not request.htmx)
    return family


def _pager_query(request) -> str:
    """The query string of this search without its page number, for the pager's links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def search(request):
    """The search form and one page of results. Both are the same for every worker of the
    network (the sociale kaart holds no family data), so the templates cache them
    (`{% cache %}`) under the network's directory version, which `services` bump on every
    write: the queries below run only when the fragment is not cached (lazy)."""
    worker = worker_of(request)
    form = SearchForm(request.GET or None,
                      neighbourhoods=lambda: selectors.neighbourhoods(worker))
    query = selectors.DirectoryQuery()
    if form.is_valid():
        query = selectors.DirectoryQuery(
            text=form.cleaned_data["q"], life_domain=form.cleaned_data["domain"],
            postcode=form.cleaned_data["postcode"], neighbourhood=form.cleaned_data["wijk"],
            language=form.cleaned_data["taal"])
    number = request.GET.get("page")
    context = {"form": form, "family": _family_context(request, worker),
               "page": SimpleLazyObject(
                   lambda: selectors.search_page(worker, query, number, PAGE_SIZE)),
               "page_asked": number or "", "pager": _pager_query(request),
               "directory_version": selectors.cache_version(worker.organisation.network_id),
               "cache_timeout": cache_versions.TIMEOUT,
               "can_add_service": services.can_add_service(worker)}
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
    family = _family_context(request, worker)
    decision = rules.may_refer(actor=worker, family=family, service=service) if family else None
    context = {
        "service": service, "schedules": schedules, "reports": reports, "family": family,
        "can_refer": service.provider.organisation_id is not None,
        "refusal": decision.reason if decision and not decision.allowed else "",
        "referrers": rules.referrers_text(service.programme) if service.programme else "",
        "can_report": services.can_report_accessibility(worker),
        "can_edit": services.can_edit_service(worker, service),
    }
    return render(request, "directory/service_detail.html", context)


def _service_form_page(request, worker, service: Service):
    """The add/edit page: the service, its places, opening hours, phones and contact persons,
    saved together."""
    data = request.POST.copy() if request.method == "POST" else None
    form = ServiceForm(data, instance=service, actor=worker)
    places = (Location.objects.filter(services_here__service=service).order_by("name", "id")
              if service.pk else Location.objects.none())
    location_forms = LocationFormSet(data, queryset=places, prefix="plaats")
    hour_forms = ScheduleFormSet(data, instance=service, prefix="uren")
    phone_forms = PhoneFormSet(data, instance=service, prefix="tel")
    contact_forms = ContactFormSet(data, instance=service, prefix="contact")
    if request.method == "POST":
        valid = [f.is_valid() for f in (form, location_forms, hour_forms, phone_forms,
                                         contact_forms)]
        if all(valid):
            changes = services.ServiceChanges(
                languages=form.languages(), new_provider=form.new_provider(),
                locations=location_forms.save(commit=False),
                removed_locations=list(location_forms.deleted_objects),
                schedules=hour_forms.save(commit=False),
                removed_schedules=list(hour_forms.deleted_objects),
                phones=phone_forms.save(commit=False),
                removed_phones=list(phone_forms.deleted_objects),
                contacts=contact_forms.save(commit=False),
                removed_contacts=list(contact_forms.deleted_objects))
            try:
                saved = services.service_save(actor=worker, service=form.instance,
                                              expected_version=form.cleaned_data.get("version"),
                                              changes=changes)
            except StaleEdit as exc:
                # What the worker typed stays, with what is saved now; saving again after
                # reading it is deliberate, so the form now carries the current version.
                current = Service.objects.filter(pk=service.pk).first()
                if current is None:
                    raise Http404 from exc
                show_stale_edit(form, exc, current)
            except ValidationError as exc:
                # Above the form: the service's field names need not match the form's.
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("De dienst is bewaard."))
                return redirect("directory:service", saved.pk)
    return render(request, "directory/service_form.html", {
        "form": form, "location_forms": location_forms, "hour_forms": hour_forms,
        "phone_forms": phone_forms, "contact_forms": contact_forms,
        "service": service if service.pk else None})


@require_http_methods(["GET", "POST"])
def service_create(request):
    worker = worker_of(request)
    if not services.can_add_service(worker):
        raise Http404
    return _service_form_page(request, worker,
                              Service(network_id=worker.organisation.network_id))


@require_http_methods(["GET", "POST"])
def service_edit(request, service_id: int):
    worker = worker_of(request)
    service = selectors.service_get_for_edit(worker, service_id)
    if not services.can_edit_service(worker, service):
        raise Http404
    return _service_form_page(request, worker, service)


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
            parsed = hsds_nested.parse_file(upload.name, upload.read())
        except hsds.HsdsFileError as exc:
            file_error = str(exc)
        else:
            result = services.hsds_import(actor=worker, tables=parsed.tables, parsed=parsed)
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
    """Without a format: the page to choose one. With one: the file."""
    worker = worker_of(request)
    if "formaat" not in request.GET:
        return render(request, "directory/export.html", {"form": ExportForm()})
    form = ExportForm(request.GET)
    if not form.is_valid():
        raise Http404
    fmt = form.cleaned_data["formaat"]
    tables = services.hsds_tables(worker.organisation.network)
    label = {"json": "JSON", "csv": "CSV", "genest": _("genest JSON")}[fmt]
    services.hsds_export_record(actor=worker, fmt=label, count=len(tables["services"]))
    if fmt == "json":
        response = HttpResponse(hsds.to_json(tables), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="sociale-kaart-hsds.json"'
    elif fmt == "genest":
        response = HttpResponse(hsds_nested.to_json(tables), content_type="application/json")
        response["Content-Disposition"] = \
            'attachment; filename="sociale-kaart-hsds-genest.json"'
    else:
        response = HttpResponse(hsds.to_csv_zip(tables), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="sociale-kaart-hsds.zip"'
    return response
