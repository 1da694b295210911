from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from brug.core import policy, versions
from brug.core.categories import Category
from brug.core.forms import add_service_error
from brug.core.links import link_maker
from brug.core.locking import StaleEdit
from brug.core.views import worker_of
from brug.directory.models import AccessDimension
from brug.families.selectors import family_get_for_worker
from brug.families.tabs import tabs_for
from brug.signals import bundle as bundle_lib
from brug.signals import services
from brug.signals.forms import (
    ActionForm,
    BarrierEditForm,
    BarrierForm,
    BundleFilterForm,
    CollectiveForm,
    MeetingForm,
    PlanForm,
)
from brug.signals.lines import group_cards, suggestion_cards
from brug.signals.models import (
    CLOSED_COLLECTIVE,
    Action,
    ActionPlan,
    CollectiveSignal,
    Meeting,
    Signal,
)

PAGE_SIZE = 25
OPEN_COLLECTIVES_SHOWN = 30


def _coordinator(request):
    worker = worker_of(request)
    if not policy.can_manage_network(worker):
        raise Http404
    return worker


def _collective(worker, collective_id: int) -> CollectiveSignal:
    c = CollectiveSignal.objects.filter(
        pk=collective_id, network_id=worker.organisation.network_id
    ).select_related("provider", "service", "meeting").first()
    if c is None:
        raise Http404
    return c


def _page(request) -> int:
    page = request.GET.get("page", "1")
    return int(page) if page.isdigit() and int(page) > 0 else 1


# Bundle and suggestion pages per process and version of the signals' data (`core.versions`).
_kept_pages = versions.Kept("signals", "pages", size=200)  # pages of 40–90 KB


def _query_key(request) -> tuple:
    return tuple(sorted((k, tuple(v)) for k, v in request.GET.lists()))


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def bundle(request):
    worker = worker_of(request)
    network_id = worker.organisation.network_id
    manages = policy.can_manage_network(worker)
    # The same anonymous bundle for everyone of the network who asks the same: computed once
    # per version of the signals' data (twenty partners open it during a network meeting).
    key = ("bundle", network_id, _query_key(request), manages, get_language())
    body = _kept_pages.get(key, lambda: _bundle_body(request, network_id, manages))
    return render(request, "signals/bundle.html", {"body": body})


def _bundle_body(request, network_id: int, manages: bool) -> str:
    form = BundleFilterForm(request.GET or None, network_id=network_id)
    page = _page(request)
    groups, has_next = bundle_lib.collective_groups_page(network_id, form.to_filter(),
                                                         page=page, per_page=PAGE_SIZE)
    link = link_maker("signals:collective", 1)
    for g in groups:
        g.url = link(g.collective.pk)
    return render_to_string("signals/_bundle_body.html", {
        "form": form, "groups": groups, "cards": group_cards(groups),
        "querystring": _querystring(request), "can_manage_network": manages,
        "page": page, "has_next": has_next, "min_families": bundle_lib.MIN_FAMILIES})


@require_GET
def bundle_export(request):
    worker = worker_of(request)
    network_id = worker.organisation.network_id
    form = BundleFilterForm(request.GET or None, network_id=network_id)
    groups = bundle_lib.collective_groups(network_id, form.to_filter())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="signalenbundel.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("signaal"), _("status"), _("organisatie"), _("dienst"), _("B"),
                     _("gezinnen"), _("drempels"), _("voorbeelden")])
    for g in groups:
        c = g.collective
        writer.writerow([c.title, c.get_status_display(), c.provider.name if c.provider else "",
                         c.service.name if c.service else "", c.get_dimension_display(),
                         g.families, g.barriers, " | ".join(g.descriptions)])
    return response


@require_GET
def suggestions(request):
    worker = _coordinator(request)
    network_id = worker.organisation.network_id
    key = ("suggestions", network_id, _query_key(request), get_language())
    body = _kept_pages.get(key, lambda: _suggestions_body(request, network_id))
    # The forms' token is the viewer's own: put in after, in the place kept for it.
    return render(request, "signals/suggestions.html", {
        "body": mark_safe(body.replace(_CSRF_PLACE, get_token(request)))})  # token: [A-Za-z0-9]


# Raw in our own markup only: the same text in any value from the data is escaped (`&lt;`).
_CSRF_PLACE = "<csrf>"


def _suggestions_body(request, network_id: int) -> str:
    form = BundleFilterForm(request.GET or None, network_id=network_id)
    page = _page(request)
    groups, has_next = bundle_lib.suggested_groups_page(
        network_id, form.to_filter(), page=page, per_page=bundle_lib.SUGGESTIONS_PER_PAGE)
    open_collectives = CollectiveSignal.objects.filter(network_id=network_id).exclude(
        status__in=CLOSED_COLLECTIVE).values_list("pk", "title")[:OPEN_COLLECTIVES_SHOWN]
    # The same options under every group: written once.
    add_link = link_maker("signals:add-group", 1)
    collective_options = format_html_join("", '<option value="{}">{}</option>', (
        (add_link(pk), title) for pk, title in open_collectives))
    reports = bundle_lib.report_thresholds(network_id)
    service_link = link_maker("directory:service", 1)
    for r in reports:
        r["url"] = service_link(r["report__service_id"])
    cards = suggestion_cards(
        groups, create_url=reverse("signals:collective-create"),
        collective_options=collective_options,
        csrf_input=mark_safe(  # the place is replaced by the viewer's token, see above
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{_CSRF_PLACE}">'))
    return render_to_string("signals/_suggestions_body.html", {
        "form": form, "groups": groups, "cards": cards, "page": page, "has_next": has_next,
        "querystring": _querystring(request), "reports": reports,
        "min_families": bundle_lib.MIN_FAMILIES})


def _int(value):
    return int(value) if value and str(value).isdigit() else None


@require_http_methods(["GET", "POST"])
def collective_create(request):
    worker = _coordinator(request)
    network_id = worker.organisation.network_id
    source = request.POST if request.method == "POST" else request.GET
    provider_id, service_id = _int(source.get("provider_id")), _int(source.get("service_id"))
    dimension = source.get("group_dimension", "")
    if dimension and dimension not in AccessDimension.values:
        raise Http404
    initial = {"dimension": dimension}
    form = CollectiveForm(request.POST if request.method == "POST" else None,
                          network_id=network_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        collective = services.collective_create(
            actor=worker, collective=form.save(commit=False), provider_id=provider_id,
            service_id=service_id, dimension=dimension,
            report_ids=[_int(r) for r in request.POST.getlist("report_id") if _int(r)])
        messages.success(request, _("Het gezamenlijk signaal is aangemaakt."))
        return redirect("signals:collective", collective.pk)
    return render(request, "signals/collective_form.html", {
        "form": form, "provider_id": provider_id, "service_id": service_id,
        "group_dimension": dimension, "report_ids": request.GET.getlist("report_id")})


@require_GET
def collective_detail(request, collective_id: int):
    worker = worker_of(request)
    c = _collective(worker, collective_id)
    families = bundle_lib.family_count_or_none(c)
    plan = ActionPlan.objects.filter(collective=c).first()
    is_coordinator = policy.can_manage_network(worker)
    return render(request, "signals/collective_detail.html", {
        "c": c, "families": families, "min_families": bundle_lib.MIN_FAMILIES,
        "descriptions": bundle_lib.descriptions_of(c) if families else [],
        "events": c.events.select_related("by").all(), "plan": plan,
        "actions": plan.actions.select_related("owner").all() if plan else [],
        "reports": c.reports.select_related("service").prefetch_related("scores"),
        "is_coordinator": is_coordinator,
        "plan_form": PlanForm(initial={"goal": plan.goal if plan else ""}),
        "action_form": ActionForm(network_id=c.network_id),
        "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
def collective_edit(request, collective_id: int):
    worker = _coordinator(request)
    c = _collective(worker, collective_id)
    form = CollectiveForm(request.POST or None, instance=c, network_id=c.network_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.collective_update(actor=worker, collective=form.instance,
                                       expected_version=form.cleaned_data.get("version") or 0,
                                       changed=form.changed_data,
                                       note=form.cleaned_data.get("note", ""))
        except StaleEdit as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het signaal is bijgewerkt."))
            return redirect("signals:collective", c.pk)
    return render(request, "signals/collective_form.html", {"form": form, "c": c})


@require_http_methods(["GET", "POST"])
def collective_add_group(request, collective_id: int):
    worker = _coordinator(request)
    c = _collective(worker, collective_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    dimension = request.POST.get("group_dimension", "")
    provider_id = _int(request.POST.get("provider_id"))
    if dimension not in AccessDimension.values or not provider_id:
        raise Http404
    n = services.collective_add_group(actor=worker, collective=c, provider_id=provider_id,
                                      service_id=_int(request.POST.get("service_id")),
                                      dimension=dimension)
    messages.success(request, _("%(n)s drempels toegevoegd aan het signaal.") % {"n": n})
    return redirect("signals:collective", c.pk)


@require_http_methods(["GET", "POST"])
def plan_save(request, collective_id: int):
    worker = _coordinator(request)
    c = _collective(worker, collective_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = PlanForm(request.POST)
    if form.is_valid():
        services.action_plan_save(actor=worker, collective=c, goal=form.cleaned_data["goal"])
        messages.success(request, _("Het actieplan is bewaard."))
    else:
        messages.error(request, _("Beschrijf wat het netwerk wil bereiken."))
    return redirect("signals:collective", c.pk)


@require_http_methods(["GET", "POST"])
def action_add(request, collective_id: int):
    worker = _coordinator(request)
    c = _collective(worker, collective_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = ActionPlan.objects.filter(collective=c).first()
    if plan is None:
        messages.error(request, _("Stel eerst het actieplan op."))
        return redirect("signals:collective", c.pk)
    form = ActionForm(request.POST, network_id=c.network_id)
    if form.is_valid():
        services.action_add(actor=worker, plan=plan, action=form.save(commit=False))
        messages.success(request, _("De actie is toegevoegd."))
    else:
        for field, errors in form.errors.items():
            for e in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {e}")
    return redirect("signals:collective", c.pk)


@require_http_methods(["GET", "POST"])
def action_done(request, collective_id: int, action_id: int):
    worker = _coordinator(request)
    c = _collective(worker, collective_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = Action.objects.filter(pk=action_id, plan__collective=c).select_related(
        "plan__collective").first()
    if action is None:
        raise Http404
    services.action_done(actor=worker, action=action, done_on=timezone.localdate())
    return redirect("signals:collective", c.pk)


@require_http_methods(["GET", "POST"])
def meetings(request):
    worker = worker_of(request)
    is_coordinator = policy.can_manage_network(worker)
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        if not is_coordinator:
            raise Http404
        if form.is_valid():
            services.meeting_create(actor=worker, meeting=form.save(commit=False))
            messages.success(request, _("Het netwerkoverleg is toegevoegd."))
            return redirect("signals:meetings")
    return render(request, "signals/meetings.html", {
        "meetings": Meeting.objects.filter(network_id=worker.organisation.network_id)[:100],
        "form": form, "is_coordinator": is_coordinator})


@require_GET
def agenda(request, meeting_id: int):
    """The bundle for one meeting, to print as its agenda."""
    worker = worker_of(request)
    meeting = Meeting.objects.filter(pk=meeting_id,
                                     network_id=worker.organisation.network_id).first()
    if meeting is None:
        raise Http404
    groups = bundle_lib.collective_groups(meeting.network_id,
                                          bundle_lib.BundleFilter(meeting_id=meeting.pk))
    hidden = CollectiveSignal.objects.filter(meeting=meeting).exclude(
        pk__in=[g.collective.pk for g in groups]).order_by("title")
    return render(request, "signals/agenda.html",
                  {"meeting": meeting, "groups": groups, "hidden": hidden,
                   "min_families": bundle_lib.MIN_FAMILIES})


@require_http_methods(["GET", "POST"])
def family_barriers(request, family_id: int):
    worker = worker_of(request)
    family, access = family_get_for_worker(
        worker, family_id, category=Category.DOMAIN_NOTES,
        purpose=_("drempels bekijken") if request.method == "GET" else "",
        record=request.method == "GET")
    network_id = family.organisation.network_id
    form = BarrierForm(request.POST or None, network_id=network_id)
    if request.method == "POST":
        if access.read_only:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.barrier_record(actor=worker, family=family,
                                        signal=form.save(commit=False),
                                        dimensions=form.cleaned_data["dimension_choices"])
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("De drempel is bewaard. Zonder naam telt hij mee "
                                            "in de signalenbundel."))
                return redirect("signals:family", family.pk)
    barriers = Signal.objects.filter(family_id=family.pk)
    if not access.home:
        barriers = barriers.filter(organisation_id=worker.organisation_id)
    barriers = list(barriers.select_related("service", "provider", "collective")[:100])
    for b in barriers:
        b.editable = services.can_edit_barrier(worker, b, access)
    return render(request, "signals/family_tab.html", {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "barriers", "form": form, "can_write": not access.read_only,
        "barriers": barriers})


@require_http_methods(["GET", "POST"])
def barrier_edit(request, family_id: int, barrier_id: int):
    worker = worker_of(request)
    family, access = family_get_for_worker(
        worker, family_id, category=Category.DOMAIN_NOTES,
        purpose=_("drempel corrigeren") if request.method == "GET" else "",
        record=request.method == "GET")
    barrier = Signal.objects.filter(pk=barrier_id, family_id=family.pk).select_related(
        "collective", "service", "provider").first()
    if barrier is None or not (access.home or barrier.organisation_id == worker.organisation_id):
        raise Http404
    if not services.can_edit_barrier(worker, barrier, access):
        raise PermissionDenied(_("Alleen wie de drempel vastlegde of een coördinator kan hem "
                                 "corrigeren, zolang het gezamenlijk signaal niet afgesloten "
                                 "is."))
    data = request.POST.copy() if request.method == "POST" else None
    form = BarrierEditForm(data, instance=barrier, network_id=family.organisation.network_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.barrier_update(actor=worker, family=family, signal=form.instance,
                                    dimensions=form.cleaned_data["dimension_choices"],
                                    expected_version=form.cleaned_data.get("version"))
        except StaleEdit as exc:
            form.add_error(None, exc.message)
            # Keep what was typed; a second save after reading the new data goes through.
            data["version"] = str(Signal.objects.filter(pk=barrier.pk)
                                  .values_list("version", flat=True).first() or 0)
        except ValidationError as exc:
            # Above the form: the service's field names need not match the form's.
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("De drempel is gecorrigeerd."))
            return redirect("signals:family", family.pk)
    return render(request, "signals/barrier_form.html", {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "barriers", "form": form, "barrier": barrier})
