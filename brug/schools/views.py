from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from brug.access import policy
from brug.core.forms import add_service_error, show_stale_edit
from brug.core.locking import StaleEdit
from brug.core.small_groups import MIN_FAMILIES
from brug.core.spreadsheet import SafeWriter
from brug.core.views import worker_of
from brug.families.selectors import family_get_for_worker
from brug.families.tabs import tabs_for
from brug.schools import reasons, selectors, services
from brug.schools.forms import (
    MAX_IMPORT_BYTES,
    ImportForm,
    OverrideForm,
    PeriodForm,
    QuestionForm,
    RuleForm,
    SchoolForm,
    TrainingForm,
)
from brug.schools.models import QUESTION_CATEGORY, AllocationRule, Presence, Question, School


def _find(request) -> str:
    return request.GET.get("dienst", "").strip()[:100]


def _coordinator(request):
    worker = worker_of(request)
    if not policy.can_manage_schools(worker):
        raise Http404
    return worker


def _period(request) -> tuple[PeriodForm, str]:
    form = PeriodForm(request.GET or None)
    period = (form.cleaned_data.get("period") if form.is_valid() else "") or ""
    try:
        services.allocation.parse_school_year(period)
    except ValueError:
        if period:
            form.add_error("period", _("Schrijf het schooljaar als 2025-2026."))
        period = services.current_period()
    if not form.is_bound:
        form = PeriodForm(initial={"period": period})
    return form, period


@require_GET
def school_list(request):
    """Every professional: which worker is present at which school, and how."""
    worker = worker_of(request)
    if not policy.can_use_schools(worker):
        raise Http404
    period = services.current_period()
    presence = selectors.presences(worker.organisation.network_id, period)
    schools = [(s, presence.get(s.pk), policy.does_school_work(worker, s.organisation_id))
               for s in selectors.schools_for(worker).filter(active=True)]
    return render(request, "schools/list.html", {
        "rows": schools, "period": period, "can_manage": policy.can_manage_schools(worker)})


@require_http_methods(["GET", "POST"])
def school_create(request):
    worker = _coordinator(request)
    network_id = worker.organisation.network_id
    form = SchoolForm(request.POST or None, network_id=network_id,
                      initial={"figures_period": services.current_period()})
    if request.method == "POST" and form.is_valid():
        try:
            school = services.school_save(actor=worker, school=form.save(commit=False))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De school is bewaard."))
            return redirect("schools:school", school.pk)
    return render(request, "schools/school_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def school_edit(request, school_id: int):
    worker = _coordinator(request)
    school = selectors.school_get(worker, school_id)
    form = SchoolForm(request.POST or None, instance=school,
                      network_id=worker.organisation.network_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_save(actor=worker, school=form.instance,
                                 expected_version=form.cleaned_data.get("version"))
        except StaleEdit as exc:
            show_stale_edit(form, exc, School.objects.get(pk=school.pk))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De school is bewaard."))
            return redirect("schools:school", school.pk)
    return render(request, "schools/school_form.html", {"form": form, "school": school})


@require_http_methods(["GET", "POST"])
def school_import(request):
    worker = _coordinator(request)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("Het bestand is te groot."))
        else:
            try:
                n = services.schools_import(actor=worker,
                                            text=upload.read().decode("utf-8-sig"))
            except UnicodeDecodeError:
                form.add_error("file", _("Bewaar het bestand als CSV in UTF-8."))
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                messages.success(request, _("%(n)s scholen ingelezen.") % {"n": n})
                return redirect("schools:allocation")
    return render(request, "schools/import.html", {"form": form})


@require_GET
def school_export(request):
    worker = _coordinator(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="scholen.csv"'
    response.write("\ufeff")
    writer = SafeWriter(response, delimiter=";")
    writer.writerow(services.CSV_COLUMNS)
    for s in selectors.schools_for(worker).order_by("name"):
        writer.writerow([s.name, s.organisation.name, s.pupils, str(s.ses_pct),
                         s.figures_period, s.wish_form, str(s.wish_hours)])
    return response


@require_http_methods(["GET", "POST"])
def allocation_page(request):
    """The rule (weights as data), the proposal per school with its reasons, and what
    applies (the proposal or the coordinator's override)."""
    worker = _coordinator(request)
    network_id = worker.organisation.network_id
    period_form, period = _period(request)
    rule = services.rule_of(network_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    rule_form = RuleForm(request.POST if action == "rule" else None, instance=rule)
    if action == "rule" and rule_form.is_valid():
        try:
            services.rule_save(actor=worker, rule=rule_form.instance,
                               expected_version=rule_form.cleaned_data.get("version"))
        except StaleEdit as exc:
            show_stale_edit(rule_form, exc, AllocationRule.objects.filter(
                network_id=network_id).first())
        except ValidationError as exc:
            add_service_error(rule_form, exc)
        else:
            messages.success(request, _("De verdeelsleutel is bewaard. Bereken de verdeling "
                                        "opnieuw om hem toe te passen."))
            return redirect(f"{request.path}?period={period}")
    if action == "compute":
        try:
            services.allocation_compute(actor=worker, period=period)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De verdeling voor %(period)s is berekend.")
                             % {"period": period})
        return redirect(f"{request.path}?period={period}")
    presence = selectors.presences(network_id, period)
    rows = []
    for school in selectors.schools_for(worker).filter(active=True):
        p = presence.get(school.pk)
        rows.append({"school": school, "presence": p,
                     "reasons": [reasons.describe(c, v) for c, v in p.proposed_reasons]
                     if p else []})
    return render(request, "schools/allocation.html", {
        "period_form": period_form, "period": period, "rule_form": rule_form, "rows": rows,
        "total": sum((r["presence"].hours for r in rows if r["presence"]), 0)})


@require_http_methods(["GET", "POST"])
def presence_edit(request, presence_id: int):
    worker = worker_of(request)
    presence = selectors.presence_get(worker, presence_id)
    form = OverrideForm(request.POST or None, instance=presence)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.presence_override(
                actor=worker, presence=Presence.objects.select_related("school").get(
                    pk=presence.pk),
                hours=data["hours"], form=data["form"], reason=data["override_reason"],
                contact=data["contact"], expected_version=data.get("version") or 0)
        except StaleEdit as exc:
            show_stale_edit(form, exc, Presence.objects.get(pk=presence.pk))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De aanwezigheid is bewaard."))
            return redirect(f"{_url('schools:allocation')}?period={presence.period}")
    return render(request, "schools/presence.html", {
        "form": form, "presence": presence,
        "reasons": [reasons.describe(c, v) for c, v in presence.proposed_reasons]})


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@require_http_methods(["GET", "POST"])
def school_detail(request, school_id: int):
    """A school: log a question (its school workers), the latest questions, trainings."""
    worker = worker_of(request)
    school = selectors.school_get(worker, school_id)
    works_here = policy.does_school_work(worker, school.organisation_id)
    find = _find(request)
    schools = School.objects.filter(pk=school.pk)
    form = QuestionForm(request.POST or None, network_id=school.network_id, schools=schools,
                        find=find, initial={"school": school.pk})
    if request.method == "POST":
        if not works_here:
            raise Http404
        if form.is_valid():
            try:
                services.question_record(actor=worker, question=form.save(commit=False),
                                         domains=form.cleaned_data["domains"])
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("De vraag is bewaard, anoniem."))
                return redirect("schools:school", school.pk)
    period = services.current_period()
    presence = selectors.presences(school.network_id, period).get(school.pk)
    return render(request, "schools/school.html", {
        "school": school, "form": form, "find": find, "works_here": works_here,
        "questions": selectors.questions_of(worker, school),
        "trainings": selectors.trainings_of(school), "training_form": TrainingForm(),
        "presence": presence, "period": period,
        "can_manage": policy.can_manage_schools(worker)})


@require_http_methods(["GET", "POST"])
def training_create(request, school_id: int):
    worker = worker_of(request)
    school = selectors.school_get(worker, school_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = TrainingForm(request.POST)
    if form.is_valid():
        training = form.save(commit=False)
        training.school = school
        try:
            services.training_record(actor=worker, training=training)
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("De vorming is bewaard."))
            return redirect("schools:school", school.pk)
    return render(request, "schools/school.html", {
        "school": school, "form": None, "training_form": form,
        "works_here": policy.does_school_work(worker, school.organisation_id),
        "questions": selectors.questions_of(worker, school),
        "trainings": selectors.trainings_of(school)}, status=400)


@require_GET
def counts(request):
    worker = _coordinator(request)
    form, period = _period(request)
    return render(request, "schools/counts.html", {
        "form": form, "period": period, "min_families": MIN_FAMILIES,
        **selectors.counts(worker.organisation.network_id, period)})


@require_http_methods(["GET", "POST"])
def family_questions(request, family_id: int):
    """The family's school questions, and logging one linked to the dossier (with its
    consent: the access policy). Read and write are audited."""
    worker = worker_of(request)
    family, access = family_get_for_worker(worker, family_id, category=QUESTION_CATEGORY,
                                           purpose=gettext_noop("schoolvragen bekijken"))
    schools = School.objects.filter(network_id=worker.organisation.network_id, active=True,
                                    organisation_id=worker.organisation_id)
    may_log = services.may_link(worker, family) and policy.does_school_work(
        worker, worker.organisation_id) and schools.exists()
    find = _find(request)
    form = QuestionForm(request.POST or None, network_id=worker.organisation.network_id,
                        schools=schools, find=find) if may_log else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.question_record_for_family(
                    actor=worker, question=form.save(commit=False),
                    domains=form.cleaned_data["domains"], family=family)
            except ValidationError as exc:
                add_service_error(form, exc)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("De vraag staat bij het dossier."))
                return redirect("schools:family", family.pk)
    questions = list(Question.objects.filter(family_id=family.pk)
                     .select_related("school", "service")[:100])
    return render(request, "schools/family_tab.html", {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "schools", "questions": questions, "form": form, "find": find})
