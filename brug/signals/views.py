from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from brug.access import policy
from brug.core import cache_versions
from brug.core.categories import Category
from brug.core.forms import add_service_error
from brug.core.locking import StaleEdit
from brug.core.spreadsheet import SafeWriter
from brug.core.views import worker_of
from brug.directory.models import AccessDimension
from brug.families.selectors import family_get_for_worker
from brug.families.tabs import tabs_for
from brug.signals import bundle as bundle_lib
from brug.signals import selectors, services
from brug.signals.forms import (
    ActionForm,
    BarrierEditForm,
    BarrierForm,
    BundleFilterForm,
    CollectiveForm,
    MeetingForm,
    PlanForm,
    ReleaseForm,
)
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
REVIEW_PAGE_SIZE = 10


def _bundle_viewer(request):
    """The network's bundle pages: 404 for whoever may not see them (volunteers)."""
    worker = worker_of(request)
    if not policy.can_view_signal_bundle(worker):
        raise Http404
    return worker


def _coordinator(request):
    worker = worker_of(request)
    if not policy.can_manage_network(worker):
        raise Http404
    return worker


def _releaser(request):
    worker = worker_of(request)
    if not policy.can_release_barrier_text(worker):
        raise Http404
    return worker


def _collective(worker, collective_id: int) -> CollectiveSignal:
    c = CollectiveSignal.objects.filter(
        pk=collective_id, network_id=worker.organisation.network_id
    ).select_related("provider", "service", "meeting").first()
    if c is None:
        raise Http404
    return c


MAX_PAGE = 10_000  # far beyond any list here; keeps the offset a valid database integer


def _page(request) -> int:
    page = request.GET.get("page", "1")
    return min(int(page), MAX_PAGE) if page.isascii() and page.isdigit() and int(page) > 0 else 1


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class _BundlePage:
    """One page of the bundle, counted only when the template asks for it (not when the
    page's fragment comes from the cache)."""

    def __init__(self, network_id: int, form: BundleFilterForm, page: int) -> None:
        self.network_id, self.form, self.page = network_id, form, page

    @cached_property
    def _found(self):
        return bundle_lib.collective_groups_page(self.network_id, self.form.to_filter(),
                                                 page=self.page, per_page=PAGE_SIZE)

    @property
    def groups(self):
        return self._found[0]

    @property
    def has_next(self) -> bool:
        return self._found[1]


@require_GET
def bundle(request):
    """The filters and the groups are the same for every reader of the network (counts of at
    least `MIN_FAMILIES` families and released descriptions, nothing of one family), so the
    template caches them (`{% cache %}`) under `bundle.cache_version`, per query string."""
    worker = _bundle_viewer(request)
    network_id = worker.organisation.network_id
    form = BundleFilterForm(request.GET or None, network_id=network_id)
    page = _page(request)
    return render(request, "signals/bundle.html", {
        "form": form, "bundle": _BundlePage(network_id, form, page),
        "querystring": _querystring(request), "page": page,
        "bundle_version": bundle_lib.cache_version(network_id),
        "cache_key": request.GET.urlencode(), "cache_timeout": cache_versions.TIMEOUT,
        "min_families": bundle_lib.MIN_FAMILIES,
        "can_release": policy.can_release_barrier_text(worker)})


@require_GET
def bundle_export(request):
    worker = _bundle_viewer(request)
    network_id = worker.organisation.network_id
    form = BundleFilterForm(request.GET or None, network_id=network_id)
    groups = bundle_lib.collective_groups(network_id, form.to_filter())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="signalenbundel.csv"'
    response.write("\ufeff")
    writer = SafeWriter(response, delimiter=";")
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
    form = BundleFilterForm(request.GET or None, network_id=network_id)
    page = _page(request)
    groups, has_next = bundle_lib.suggested_groups_page(network_id, form.to_filter(),
                                                        page=page)
    # The same choice under every group: each URL reversed once, not once per group.
    open_collectives = [
        (reverse("signals:add-group", args=[pk]), title) for pk, title in
        CollectiveSignal.objects.filter(network_id=network_id).exclude(
            status__in=CLOSED_COLLECTIVE).values_list("pk", "title")[:OPEN_COLLECTIVES_SHOWN]]
    return render(request, "signals/suggestions.html", {
        "form": form, "groups": groups, "page": page, "has_next": has_next,
        "querystring": _querystring(request), "open_collectives": open_collectives,
        "reports": bundle_lib.report_thresholds(network_id),
        "min_families": bundle_lib.MIN_FAMILIES})


def _review_page(request, worker, *, failed: Signal | None = None, failed_form=None):
    """The coordinator's list of barrier descriptions waiting for release."""
    page = 1 if failed is not None else _page(request)
    barriers, has_next = selectors.review_page(worker, page=page, per_page=REVIEW_PAGE_SIZE,
                                               first=failed)
    for b in barriers:
        b.form = failed_form if b is failed else ReleaseForm(
            initial={"description": b.description, "version": b.version},
            auto_id=f"id_{b.pk}_%s")
    return render(request, "signals/review.html", {
        "barriers": barriers, "page": page, "has_next": has_next, "querystring": ""})


@require_GET
def review(request):
    return _review_page(request, _releaser(request))


@require_http_methods(["GET", "POST"])
def release(request, barrier_id: int):
    worker = _releaser(request)  # first, so that nobody else learns the barrier exists
    barrier = selectors.barriers_to_review(worker).filter(pk=barrier_id).first()
    if barrier is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    data = request.POST.copy()
    form = ReleaseForm(data, auto_id=f"id_{barrier.pk}_%s")
    if form.is_valid():
        try:
            services.barrier_release(actor=worker, signal=barrier,
                                     description=form.cleaned_data["description"],
                                     expected_version=form.cleaned_data["version"])
        except StaleEdit as exc:
            form.add_error(None, exc.message)
            # Keep what was typed; releasing again after reading the new text goes through.
            barrier = selectors.barriers_to_review(worker).filter(pk=barrier_id).first()
            if barrier is None:  # released or emptied meanwhile
                messages.info(request, _("Deze beschrijving werd intussen al vrijgegeven."))
                return redirect("signals:review")
            data["version"] = str(barrier.version)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De beschrijving is vrijgegeven voor de "
                                        "signalenbundel."))
            return redirect("signals:review")
    return _review_page(request, worker, failed=barrier, failed_form=form)


def _int(value):
    """A positive id typed in a URL, or None (not digits, or past any id: never a 500)."""
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 16 else None


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
    worker = _bundle_viewer(request)
    c = _collective(worker, collective_id)
    plan = ActionPlan.objects.filter(collective=c).first()
    is_coordinator = policy.can_manage_network(worker)
    return render(request, "signals/collective_detail.html", {
        "c": c, "group": bundle_lib.collective_group(c), "min_families": bundle_lib.MIN_FAMILIES,
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
    worker = _bundle_viewer(request)
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
    worker = _bundle_viewer(request)
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
        purpose=gettext_noop("drempels bekijken") if request.method == "GET" else "",
        record=request.method == "GET")
    network_id = family.organisation.network_id
    find = request.GET.get("dienst", "").strip()[:100]
    form = BarrierForm(request.POST or None, network_id=network_id, find=find)
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
                messages.success(request, _("De drempel is bewaard. Hij telt mee in de "
                                            "signalenbundel; de beschrijving komt er pas in "
                                            "als een coördinator ze vrijgaf."))
                return redirect("signals:family", family.pk)
    barriers = Signal.objects.filter(family_id=family.pk)
    if not access.home:
        barriers = barriers.filter(organisation_id=worker.organisation_id)
    barriers = list(barriers.select_related("service", "provider", "collective")[:100])
    for b in barriers:
        b.editable = services.can_edit_barrier(worker, b, access)
    # The unbound form's fields (lists of the network's services, organisations and open
    # collective signals) are the same for every worker of the network: cached by the
    # template under the network's version, per search word and day (the default date).
    return render(request, "signals/family_tab.html", {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "barriers", "form": form, "can_write": not access.read_only,
        "barriers": barriers, "find": find,
        "form_version": selectors.cache_version(network_id), "today": timezone.localdate(),
        "cache_timeout": cache_versions.TIMEOUT})


@require_http_methods(["GET", "POST"])
def barrier_edit(request, family_id: int, barrier_id: int):
    worker = worker_of(request)
    family, access = family_get_for_worker(
        worker, family_id, category=Category.DOMAIN_NOTES,
        purpose=gettext_noop("drempel corrigeren") if request.method == "GET" else "",
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
            add_service_error(form, exc)
        else:
            messages.success(request, _("De drempel is gecorrigeerd."))
            return redirect("signals:family", family.pk)
    return render(request, "signals/barrier_form.html", {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "barriers", "form": form, "barrier": barrier})
