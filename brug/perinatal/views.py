from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from brug.access import policy
from brug.activities.models import ActivityKind, Registration
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.forms import add_service_error
from brug.core.models import AuditAction
from brug.core.views import worker_of
from brug.families.selectors import family_get_for_worker
from brug.families.tabs import tabs_for
from brug.perinatal import services
from brug.perinatal.forms import BirthForm, OutreachForm, PregnancyForm
from brug.perinatal.models import Pregnancy, PregnancyStatus
from brug.trajectories.models import Trajectory, TrajectoryStatus


def _family(request, family_id, *, purpose="", also=()):
    worker = worker_of(request)
    family, access = family_get_for_worker(worker, family_id, category=Category.HOUSEHOLD,
                                           purpose=purpose, record=request.method == "GET",
                                           also=also)
    return worker, family, access


def _can_change(access) -> bool:
    return access.home and access.can_change(Category.HOUSEHOLD)


@require_http_methods(["GET"])
def register(request):
    """The expecting families of the worker's organisation, nearest due date first."""
    worker = worker_of(request)
    if not policy.handles_referrals(worker):
        raise Http404
    pregnancies = list(Pregnancy.objects.filter(
        family__organisation_id=worker.organisation_id, family__anonymised_at__isnull=True,
        status=PregnancyStatus.EXPECTING)
        .select_related("family", "expected_child", "signalled_by_organisation")
        .order_by("expected_child__due_date", "id")[:200])
    families = {f.pk: f for f in policy.seen_families(worker, {p.family_id: p.family
                                                               for p in pregnancies}.values())}
    for p in pregnancies:
        p.family = families[p.family_id]
        audit_record(actor=worker, family_id=p.family_id, category=Category.HOUSEHOLD,
                     action=AuditAction.VIEW, purpose=gettext_noop("register zwangerschappen"),
                     also=(Category.IDENTITY,), network_id=worker.organisation.network_id)
    return render(request, "perinatal/register.html", {
        "pregnancies": pregnancies, "today": timezone.localdate()})


@require_http_methods(["GET"])
def tab(request, family_id: int):
    worker, family, access = _family(request, family_id,
                                     purpose=gettext_noop("zwangerschap bekijken"),
                                     also=(Category.PLAN, Category.CONTACT))
    pregnancies = list(Pregnancy.objects.filter(family=family)
                       .select_related("expected_child", "signalled_by_organisation")
                       .prefetch_related("attempts__worker"))
    # Samen Zwanger: the group activities of the open doors (issue 16), not sessions of our own.
    groups = (list(Registration.objects.filter(
        family=family, activity__kind=ActivityKind.PREGNANCY_GROUP).select_related("activity"))
        if access.can_view(Category.CONTACT) else [])
    trajectories = (list(Trajectory.objects.filter(family=family, status=TrajectoryStatus.OPEN)
                         .filter(policy.history_q(worker, access, "trajectory"))
                         .select_related("programme"))
                    if access.can_view(Category.PLAN) else [])
    return render(request, "perinatal/tab.html", {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "perinatal", "pregnancies": pregnancies, "groups": groups,
        "trajectories": trajectories, "can_change": _can_change(access)})


@require_http_methods(["GET", "POST"])
def create(request, family_id: int):
    worker, family, access = _family(request, family_id)
    if not _can_change(access):
        raise PermissionDenied
    form = PregnancyForm(request.POST or None, network_id=family.organisation.network_id,
                         initial={"signalled_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.pregnancy_register(actor=worker, family=family,
                                        due_date=form.cleaned_data["due_date"],
                                        pregnancy=form.save(commit=False))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De zwangerschap is aangemeld."))
            return redirect("perinatal:tab", family.pk)
    return render(request, "perinatal/form.html", {
        "family": family, "form": form, "title": _("Een zwangerschap aanmelden")})


def _pregnancy(family, pregnancy_id: int) -> Pregnancy:
    pregnancy = Pregnancy.objects.filter(family=family, pk=pregnancy_id).first()
    if pregnancy is None:
        raise Http404
    pregnancy.family = family
    return pregnancy


@require_http_methods(["GET", "POST"])
def outreach_add(request, family_id: int, pregnancy_id: int):
    worker, family, access = _family(request, family_id)
    pregnancy = _pregnancy(family, pregnancy_id)
    if not _can_change(access):
        raise PermissionDenied
    form = OutreachForm(request.POST or None, initial={"attempted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.outreach_record(actor=worker, pregnancy=pregnancy,
                                     attempt=form.save(commit=False))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De poging tot contact is bewaard."))
            return redirect("perinatal:tab", family.pk)
    return render(request, "perinatal/form.html", {
        "family": family, "form": form, "title": _("Een poging tot contact")})


@require_http_methods(["GET", "POST"])
def birth(request, family_id: int, pregnancy_id: int):
    worker, family, access = _family(request, family_id)
    pregnancy = _pregnancy(family, pregnancy_id)
    if not _can_change(access):
        raise PermissionDenied
    form = BirthForm(request.POST or None, initial={"born_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.birth_record(actor=worker, pregnancy=pregnancy,
                                  born_on=form.cleaned_data["born_on"],
                                  first_name=form.cleaned_data["first_name"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De geboorte is vastgelegd. Lopende begeleidingen "
                                        "volgen de regels van hun programma."))
            return redirect("perinatal:tab", family.pk)
    return render(request, "perinatal/form.html", {
        "family": family, "form": form, "title": _("De geboorte vastleggen")})
