from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from brug.access import policy
from brug.core.forms import add_service_error, show_stale_edit
from brug.core.locking import StaleEdit
from brug.core.small_groups import MIN_FAMILIES
from brug.core.views import worker_of
from brug.families.selectors import family_get_for_worker
from brug.families.tabs import tabs_for
from brug.walkin import selectors, services
from brug.walkin.forms import DossierForm, HourForm, PeriodForm, VisitForm
from brug.walkin.models import VISIT_CATEGORY, Visit, WalkInHour


def _find(request) -> str:
    return request.GET.get("dienst", "").strip()[:100]


@require_GET
def hours(request):
    worker = worker_of(request)
    return render(request, "walkin/hours.html", {
        "hours": list(selectors.hours_for(worker)),
        "can_plan": policy.can_plan_open_doors(worker),
        "can_report": policy.can_view_open_door_reports(worker)})


@require_http_methods(["GET", "POST"])
def hour_create(request):
    worker = worker_of(request)
    if not policy.can_plan_open_doors(worker):
        raise Http404
    form = HourForm(request.POST or None, worker=worker)
    if request.method == "POST" and form.is_valid():
        try:
            hour = services.hour_create(actor=worker, hour=form.save(commit=False),
                                        volunteers=form.cleaned_data["volunteers"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het inloopmoment is bewaard."))
            if services.may_host(worker, hour):
                return redirect("walkin:hour", hour.pk)
            return redirect("walkin:hours")
    return render(request, "walkin/hour_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def hour_edit(request, hour_id: int):
    worker = worker_of(request)
    hour = selectors.hour_get(worker, hour_id)
    if not policy.can_plan_open_doors(worker):
        raise Http404
    form = HourForm(request.POST or None, instance=hour, worker=worker)
    if request.method == "POST" and form.is_valid():
        try:
            services.hour_update(actor=worker, hour=form.instance,
                                 expected_version=form.cleaned_data.get("version") or 0,
                                 volunteers=form.cleaned_data["volunteers"])
        except StaleEdit as exc:
            show_stale_edit(form, exc, WalkInHour.objects.get(pk=hour.pk))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het inloopmoment is bewaard."))
            return redirect("walkin:hour", hour.pk)
    return render(request, "walkin/hour_form.html", {"form": form, "hour": hour})


@require_http_methods(["GET", "POST"])
def hour_detail(request, hour_id: int):
    """The walk-in hour: record a visit, and the latest visits."""
    worker = worker_of(request)
    hour = selectors.hour_get(worker, hour_id)
    find = _find(request)
    form = VisitForm(request.POST or None, network_id=hour.network_id, find=find)
    if request.method == "POST" and form.is_valid():
        visit = form.save(commit=False)
        visit.hour = hour
        try:
            services.visit_record(actor=worker, visit=visit,
                                  domains=form.cleaned_data["domains"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het bezoek is bewaard, zonder dossier."))
            return redirect("walkin:hour", hour.pk)
    return render(request, "walkin/hour.html", {
        "hour": hour, "form": form, "find": find, "visits": selectors.visits_of(hour),
        "can_plan": policy.can_plan_open_doors(worker)})


@require_http_methods(["GET", "POST"])
def visit_detail(request, visit_id: int):
    """Correct a visit. A visit linked to a dossier is read and changed on the family's
    walk-in tab, through the policy."""
    worker = worker_of(request)
    visit = selectors.visit_get(worker, visit_id)
    if visit.family_id:
        return redirect("walkin:family", visit.family_id)
    find = _find(request)
    data = request.POST.copy() if request.method == "POST" else None
    form = VisitForm(data, instance=visit, network_id=visit.network_id, find=find)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_update(actor=worker, visit=form.instance,
                                  domains=form.cleaned_data["domains"],
                                  expected_version=form.cleaned_data.get("version") or 0)
        except StaleEdit as exc:
            show_stale_edit(form, exc, Visit.objects.get(pk=visit.pk))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het bezoek is gecorrigeerd."))
            return redirect("walkin:hour", visit.hour_id)
    return render(request, "walkin/visit.html", {
        "visit": visit, "hour": visit.hour, "form": form, "find": find,
        "dossier_form": DossierForm(),
        "can_open_dossier": policy.can_create_family(worker)})


@require_http_methods(["GET", "POST"])
def visit_dossier(request, visit_id: int):
    """The visitor asks for guidance: open a family dossier with a mandate."""
    worker = worker_of(request)
    visit = selectors.visit_get(worker, visit_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if visit.family_id or not policy.can_create_family(worker):
        raise Http404
    form = DossierForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            family = services.visit_to_family(
                actor=worker, visit=visit, display_name=data["display_name"],
                mandate_form=data["mandate_form"], mandate_scope=data["mandate_scope"],
                given_on=data["given_on"])
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Het gezinsdossier is geopend; het bezoek staat in "
                                        "zijn geschiedenis."))
            return redirect("walkin:family", family.pk)
    return render(request, "walkin/visit.html", {
        "visit": visit, "hour": visit.hour,
        "form": VisitForm(instance=visit, network_id=visit.network_id),
        "dossier_form": form, "can_open_dossier": True, "dossier_open": True})


@require_GET
def family_visits(request, family_id: int):
    """The family's walk-in visits: how it first came in, in its history."""
    worker = worker_of(request)
    family, access = family_get_for_worker(worker, family_id, category=VISIT_CATEGORY,
                                           purpose=gettext_noop("inloopbezoeken bekijken"))
    visits = list(Visit.objects.filter(family_id=family.pk)
                  .filter(policy.history_q(worker, access, "walkin_visit"))
                  .select_related("hour", "hour__organisation", "service")[:100])
    return render(request, "walkin/family_tab.html", {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "walkin", "visits": visits})


@require_GET
def counts(request):
    worker = worker_of(request)
    if not policy.can_view_open_door_reports(worker):
        raise Http404
    form = PeriodForm(request.GET or None)
    date_from, date_to = form.period()
    return render(request, "walkin/counts.html", {
        "form": form, "date_from": date_from, "date_to": date_to,
        "min_families": MIN_FAMILIES,
        **selectors.counts(worker.organisation.network_id, date_from, date_to)})
