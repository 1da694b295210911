from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from brug.core.categories import Category
from brug.core.forms import add_service_error, show_stale_edit
from brug.core.locking import StaleEdit
from brug.core.views import worker_of
from brug.families.selectors import family_get_for_worker
from brug.families.tabs import tabs_for
from brug.screening import kansarmoede, selectors, services
from brug.screening.forms import AssessmentForm, FundamentalRightForm, ScreeningForm
from brug.screening.models import FundamentalRight


@require_http_methods(["GET", "POST"])
def kansarmoede_tab(request, family_id: int):
    worker = worker_of(request)
    family, access = family_get_for_worker(
        worker, family_id, category=Category.HOUSEHOLD,
        purpose=gettext_noop("kansarmoede-screening"),
        record=request.method == "GET",
    )
    form = ScreeningForm(request.POST or None)
    if request.method == "POST":
        if not access.can_change(Category.HOUSEHOLD):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.screening_record(
                    actor=worker, family=family, screened_on=form.cleaned_data["screened_on"],
                    answers=form.answers(), note=form.cleaned_data["note"])
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("De screening is bewaard."))
                if request.POST.get("next") == "traject":  # back to the trajectory being opened
                    return redirect("trajectories:open", family.pk)
                return redirect("screening:kansarmoede", family.pk)
    screenings = selectors.screenings_of(family)
    labels = {c.key: c.label for c in kansarmoede.CRITERIA}
    for s in screenings:
        s.rows = [(labels.get(k, k), kansarmoede.ANSWER_LABELS.get(v, v))
                  for k, v in s.answers.items()]
        s.result_obj = s.result()
    context = {"family": family, "access": access, "tabs": tabs_for(family, access),
               "active_tab": "kansarmoede", "form": form, "screenings": screenings,
               "can_write": access.can_change(Category.HOUSEHOLD),
               "back": "traject" if (request.GET.get("next") or request.POST.get("next"))
               == "traject" else ""}
    return render(request, "screening/kansarmoede.html", context)


@require_http_methods(["GET", "POST"])
def screening_edit(request, family_id: int, screening_id: int):
    """Correct a screening: a wrong answer or date. The outcome is computed again."""
    worker = worker_of(request)
    family, access = family_get_for_worker(
        worker, family_id, category=Category.HOUSEHOLD,
        purpose=gettext_noop("kansarmoede-screening"), record=request.method == "GET")
    screening = selectors.screening_get(family, screening_id)
    if not access.can_change(Category.HOUSEHOLD):
        raise PermissionDenied
    form = ScreeningForm(request.POST or None, screening=screening)
    if request.method == "POST" and form.is_valid():
        try:
            services.screening_correct(
                actor=worker, screening=screening,
                expected_version=form.cleaned_data.get("version"),
                screened_on=form.cleaned_data["screened_on"], answers=form.answers(),
                note=form.cleaned_data["note"])
        except StaleEdit as exc:
            show_stale_edit(form, exc, current=selectors.screening_get(family, screening_id))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De screening is verbeterd."))
            return redirect("screening:kansarmoede", family.pk)
    return render(request, "screening/screening_edit.html",
                  {"family": family, "access": access, "form": form, "screening": screening,
                   "tabs": tabs_for(family, access), "active_tab": "kansarmoede"})


@require_GET
def rights_tab(request, family_id: int):
    worker = worker_of(request)
    family, access = family_get_for_worker(
        worker, family_id, category=Category.RIGHTS,
        purpose=gettext_noop("grondrechtenmeting bekijken"))
    assessments = selectors.assessments_of(family)
    context = {"family": family, "access": access, "tabs": tabs_for(family, access),
               "active_tab": "grondrechten", "assessments": list(reversed(assessments)),
               "charts": selectors.progress_charts(assessments),
               "can_write": access.can_change(Category.RIGHTS)}
    return render(request, "screening/rights_tab.html", context)


@require_http_methods(["GET", "POST"])
def assessment_create(request, family_id: int):
    worker = worker_of(request)
    family, access = family_get_for_worker(worker, family_id, category=Category.RIGHTS,
                                           record=request.method == "GET")
    if not access.can_change(Category.RIGHTS):
        raise PermissionDenied
    rights = services.fundamental_rights_ensure(network=family.organisation.network)
    rights = selectors.rights_of_network(family.organisation.network_id)
    form = AssessmentForm(request.POST or None, rights=rights)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(
                actor=worker, family=family, assessed_on=form.cleaned_data["assessed_on"],
                scores=form.scores(), chosen_right=form.chosen(), note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De grondrechtenmeting is bewaard."))
            return redirect("screening:rights", family.pk)
    return render(request, "screening/assessment_form.html",
                  {"family": family, "access": access, "form": form})


@require_GET
def assessment_detail(request, family_id: int, assessment_id: int):
    worker = worker_of(request)
    family, access = family_get_for_worker(
        worker, family_id, category=Category.RIGHTS,
        purpose=gettext_noop("grondrechtenmeting bekijken"))
    assessment = selectors.assessment_get(family, assessment_id)
    if assessment is None:
        raise Http404
    return render(request, "screening/assessment_detail.html", {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "grondrechten", "assessment": assessment})


def _coordinator(request):
    worker = worker_of(request)
    if not services.can_configure_rights(worker):
        raise Http404
    return worker


@require_GET
def fundamental_right_list(request):
    """The network's rights of the grondrechtenmeting (seeded with the defaults if none)."""
    worker = _coordinator(request)
    services.fundamental_rights_ensure(network=worker.organisation.network)
    rights = FundamentalRight.objects.filter(network_id=worker.organisation.network_id)
    return render(request, "screening/fundamental_right_list.html", {"rights": rights})


@require_http_methods(["GET", "POST"])
def fundamental_right_edit(request, fundamental_right_id: int | None = None):
    worker = _coordinator(request)
    instance = None
    if fundamental_right_id is not None:
        instance = FundamentalRight.objects.filter(
            pk=fundamental_right_id, network_id=worker.organisation.network_id).first()
        if instance is None:
            raise Http404
    form = FundamentalRightForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.fundamental_right_save(
                actor=worker, right=form.instance, anchors=form.anchors(),
                expected_version=form.cleaned_data.get("version"))
        except StaleEdit as exc:
            show_stale_edit(form, exc)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                add_service_error(form, exc)
        else:
            messages.success(request, _("Het grondrecht is bewaard."))
            return redirect("screening:fundamental-rights")
    return render(request, "screening/fundamental_right_form.html",
                  {"form": form, "object": instance})
