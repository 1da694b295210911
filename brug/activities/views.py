from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from brug.access import policy
from brug.activities import reach, selectors, services
from brug.activities.forms import (
    ActivityForm,
    AttendanceForm,
    CountsForm,
    GenerateForm,
    ImportForm,
    NeighbourhoodForm,
    ReachForm,
    RegistrationForm,
)
from brug.activities.models import Activity, Attendance, Neighbourhood, Session
from brug.core.forms import add_service_error, show_stale_edit
from brug.core.locking import StaleEdit
from brug.core.small_groups import MIN_FAMILIES
from brug.core.spreadsheet import SafeWriter
from brug.core.views import worker_of
from brug.families.models import Family

MAX_IMPORT_BYTES = 200_000
REACH_PAGE = 50  # activities per page of the reach report


def _coordinator(request):
    worker = worker_of(request)
    if not policy.can_view_open_door_reports(worker):
        raise Http404
    return worker


def _family_for(worker, raw_id) -> Family | None:
    """A family the worker picked from `selectors.family_choices`: checked again."""
    family = Family.objects.filter(pk=raw_id).select_related("organisation").first()
    if family is None or not services.may_record_family(worker, family):
        return None
    return family


@require_GET
def activity_list(request):
    worker = worker_of(request)
    return render(request, "activities/list.html", {
        "activities": list(selectors.activities_for(worker)),
        "can_plan": policy.can_plan_open_doors(worker),
        "can_report": policy.can_view_open_door_reports(worker)})


@require_http_methods(["GET", "POST"])
def activity_create(request):
    worker = worker_of(request)
    if not policy.can_plan_open_doors(worker):
        raise Http404
    form = ActivityForm(request.POST or None, worker=worker)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                actor=worker, activity=form.save(commit=False),
                organisers=form.cleaned_data["organisers"],
                volunteers=form.cleaned_data["volunteers"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De activiteit is bewaard. Plan nu de sessies."))
            if services.may_host(worker, activity):
                return redirect("activities:detail", activity.pk)
            return redirect("activities:list")
    return render(request, "activities/activity_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def activity_edit(request, activity_id: int):
    worker = worker_of(request)
    activity = selectors.activity_get(worker, activity_id)
    if not policy.can_plan_open_doors(worker):
        raise Http404
    form = ActivityForm(request.POST or None, instance=activity, worker=worker)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(actor=worker, activity=form.instance,
                                     organisers=form.cleaned_data["organisers"],
                                     volunteers=form.cleaned_data["volunteers"],
                                     expected_version=form.cleaned_data.get("version") or 0)
        except StaleEdit as exc:
            show_stale_edit(form, exc, Activity.objects.get(pk=activity.pk))
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("De activiteit is bewaard."))
            return redirect("activities:detail", activity.pk)
    return render(request, "activities/activity_form.html", {"form": form,
                                                             "activity": activity})


@require_http_methods(["GET", "POST"])
def activity_detail(request, activity_id: int):
    """The activity: its sessions, registrations and waiting list, and planning sessions."""
    worker = worker_of(request)
    activity = selectors.activity_get(worker, activity_id)
    can_plan = policy.can_plan_open_doors(worker)
    form = GenerateForm(request.POST or None)
    if request.method == "POST":
        if not can_plan:
            raise Http404
        if form.is_valid():
            try:
                made = services.sessions_generate(actor=worker, activity=activity,
                                                  **form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("%(n)s sessies gepland.") % {"n": made})
                return redirect("activities:detail", activity.pk)
    today = timezone.localdate()
    sessions = Session.objects.filter(activity=activity)
    find = request.GET.get("gezin", "")
    return render(request, "activities/detail.html", {
        "activity": activity, "form": form, "can_plan": can_plan,
        "organisers": list(activity.organisers.all()),
        "upcoming": list(sessions.filter(on_date__gte=today).order_by("on_date")[:8]),
        "past": list(sessions.filter(on_date__lt=today).order_by("-on_date")[:12]),
        "registrations": selectors.registrations_of(
            worker, activity, purpose=gettext_noop("inschrijvingen bekijken")),
        "choices": selectors.family_choices(worker, find), "find": find,
        "registration_form": RegistrationForm()})


@require_http_methods(["GET", "POST"])
def registration_add(request, activity_id: int):
    worker = worker_of(request)
    activity = selectors.activity_get(worker, activity_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een gezin of geef een voornaam."))
        return redirect("activities:detail", activity.pk)
    family = None
    if form.cleaned_data.get("family"):
        family = _family_for(worker, form.cleaned_data["family"])
        if family is None:
            raise Http404
    try:
        reg = services.registration_add(actor=worker, activity=activity, family=family,
                                        first_name=form.cleaned_data.get("first_name") or "")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Op de wachtlijst gezet: de activiteit is volzet.")
                         if reg.status == "waiting" else _("Ingeschreven."))
    return redirect("activities:detail", activity.pk)


@require_http_methods(["GET", "POST"])
def registration_cancel(request, registration_id: int):
    worker = worker_of(request)
    reg = selectors.registration_get(worker, registration_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    version = request.POST.get("version", "")
    try:
        promoted = services.registration_cancel(
            actor=worker, registration=reg,
            expected_version=int(version) if version.isdecimal() and len(version) < 9 else 0)
    except StaleEdit as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("Uitgeschreven.") + (
            " " + _("De eerste op de wachtlijst kreeg de vrije plaats.") if promoted else ""))
    return redirect("activities:detail", reg.activity_id)


@require_http_methods(["GET", "POST"])
def session_detail(request, session_id: int):
    """One session: anonymous counts and the known families who came."""
    worker = worker_of(request)
    session = selectors.session_get(worker, session_id)
    data = request.POST.copy() if request.method == "POST" else None
    form = CountsForm(data, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=worker, session=form.instance,
                                    expected_version=form.cleaned_data.get("version") or 0)
        except StaleEdit as exc:
            show_stale_edit(form, exc, Session.objects.get(pk=session.pk))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De aantallen zijn bewaard."))
            return redirect("activities:session", session.pk)
    find = request.GET.get("gezin", "")
    attendance, others = selectors.attendance_of(worker, session,
                                                 purpose=gettext_noop("aanwezigheden bekijken"))
    return render(request, "activities/session.html", {
        "session": session, "activity": session.activity, "form": form,
        "attendance": attendance, "others": others, "find": find,
        "choices": selectors.family_choices(worker, find),
        "attendance_form": AttendanceForm()})


@require_http_methods(["GET", "POST"])
def attendance_add(request, session_id: int):
    worker = worker_of(request)
    session = selectors.session_get(worker, session_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een gezin en een aantal kinderen tussen 0 en 20."))
        return redirect("activities:session", session.pk)
    family = _family_for(worker, form.cleaned_data["family"])
    if family is None:
        raise Http404
    try:
        services.attendance_record(actor=worker, session=session, family=family,
                                   children=form.cleaned_data["children"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Aanwezigheid bewaard."))
    return redirect("activities:session", session.pk)


@require_http_methods(["GET", "POST"])
def attendance_remove(request, session_id: int, attendance_id: int):
    worker = worker_of(request)
    session = selectors.session_get(worker, session_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    row = Attendance.objects.filter(pk=attendance_id, session=session).select_related(
        "family", "session__activity").first() if 0 < attendance_id < 2**63 else None
    if row is None or not services.may_record_family(worker, row.family):
        raise Http404
    services.attendance_remove(actor=worker, attendance=row)
    messages.success(request, _("Aanwezigheid geschrapt."))
    return redirect("activities:session", session.pk)


# Coordinators: neighbourhood figures and reach --------------------------------------------


@require_http_methods(["GET", "POST"])
def neighbourhoods(request):
    worker = _coordinator(request)
    network_id = worker.organisation.network_id
    action = request.POST.get("action") if request.method == "POST" else ""
    form = NeighbourhoodForm(request.POST if action == "add" else None)
    import_form = ImportForm(request.POST, request.FILES) if action == "import" else ImportForm()
    if action == "add" and form.is_valid():
        try:
            services.neighbourhood_save(actor=worker, neighbourhood=form.save(commit=False))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De wijk is bewaard."))
            return redirect("activities:neighbourhoods")
    if action == "import" and import_form.is_valid():
        upload = import_form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            import_form.add_error("file", _("Het bestand is te groot."))
        else:
            try:
                text = upload.read().decode("utf-8-sig")
                n = services.neighbourhoods_import(actor=worker, text=text,
                                                   year=import_form.cleaned_data.get("year"))
            except UnicodeDecodeError:
                import_form.add_error("file", _("Bewaar het bestand als CSV in UTF-8."))
            except ValidationError as exc:
                import_form.add_error("file", exc)
            else:
                messages.success(request, _("%(n)s wijken ingelezen.") % {"n": n})
                return redirect("activities:neighbourhoods")
    return render(request, "activities/neighbourhoods.html", {
        "form": form, "import_form": import_form,
        "neighbourhoods": list(Neighbourhood.objects.filter(network_id=network_id))})


@require_http_methods(["GET", "POST"])
def neighbourhood_edit(request, neighbourhood_id: int):
    worker = _coordinator(request)
    hood = Neighbourhood.objects.filter(
        pk=neighbourhood_id, network_id=worker.organisation.network_id).first() \
        if 0 < neighbourhood_id < 2**63 else None
    if hood is None:
        raise Http404
    form = NeighbourhoodForm(request.POST or None, instance=hood)
    if request.method == "POST" and form.is_valid():
        try:
            services.neighbourhood_save(actor=worker, neighbourhood=form.instance,
                                        expected_version=form.cleaned_data.get("version"))
        except StaleEdit as exc:
            show_stale_edit(form, exc, Neighbourhood.objects.get(pk=hood.pk))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De wijk is bewaard."))
            return redirect("activities:neighbourhoods")
    return render(request, "activities/neighbourhood_form.html", {"form": form,
                                                                  "hood": hood})


def _reach(request, worker):
    network_id = worker.organisation.network_id
    form = ReachForm(request.GET or None, network_id=network_id)
    data = form.valid_data()
    per = data.get("per") or "neighbourhood"
    form.for_grouping(per)
    return (form, network_id, form.chosen(), per,
            data.get("neighbourhood") if per == "activity" else None)


@require_GET
def reach_report(request):
    worker = _coordinator(request)
    form, network_id, period, per, hood = _reach(request, worker)
    page = None
    if per == "activity":  # thousands of activities: a page at a time (the export has all)
        page = reach.activity_page(network_id, period, request.GET.get("page"),
                                   per_page=REACH_PAGE, neighbourhood_id=hood)
        rows = page.object_list
    else:
        rows = reach.by_neighbourhood(network_id, period)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "activities/reach.html", {
        "form": form, "per": per, "rows": rows, "date_from": period.start,
        "date_to": period.last, "page": page, "min_families": MIN_FAMILIES,
        "query": query.urlencode(),
        "rate": reach.network_rate(rows) if per == "neighbourhood" else None,
        "chart": reach.chart(rows) if per == "neighbourhood" and rows else None,
        "not_reached": [r for r in rows if r.not_reached]})


@require_GET
def reach_export(request):
    worker = _coordinator(request)
    form, network_id, period, per, hood = _reach(request, worker)
    rows = (reach.by_activity(network_id, period, neighbourhood_id=hood) if per == "activity"
            else reach.by_neighbourhood(network_id, period))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bereik.csv"'
    response.write("\ufeff")
    writer = SafeWriter(response, delimiter=";")
    if per == "activity":
        writer.writerow([_("activiteit"), _("soort"), _("wijk"), _("sessies"), _("gezinnen"),
                         _("bezoeken volwassenen"), _("bezoeken kinderen")])
        for r in rows:
            writer.writerow([r.label, r.kind, r.extra.get("neighbourhood", ""), r.sessions,
                             r.families, r.adult_visits, r.child_visits])
    else:
        writer.writerow([_("wijk"), _("kinderen 0-3"), _("aandeel kansarmoede %"),
                         _("sessies"), _("gezinnen"), _("gezinnen per 100 kinderen"),
                         _("bezoeken kinderen"), _("niet bereikt")])
        for r in rows:
            writer.writerow([r.label, r.young_children, str(r.deprivation_pct),
                             r.sessions if r.shown else "", r.families if r.shown else "",
                             "" if r.per_100 is None else r.per_100,
                             r.child_visits if r.shown else "",
                             _("ja") if r.not_reached else ""])
    return response
