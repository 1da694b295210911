from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from brug.core import policy
from brug.core.forms import show_stale_edit
from brug.core.locking import StaleEdit
from brug.core.views import worker_of
from brug.network import services
from brug.network.forms import OrganisationForm, WorkerForm
from brug.network.models import Organisation, Worker


def _manager(request):
    worker = worker_of(request)
    if not policy.can_manage_network(worker):
        raise Http404
    return worker


@require_GET
def organisation_list(request):
    worker = _manager(request)
    organisations = (
        Organisation.objects.filter(network_id=worker.organisation.network_id)
        .annotate(worker_count=Count("workers"))
        .order_by("name")
    )
    return render(request, "network/organisation_list.html", {"organisations": organisations})


@require_http_methods(["GET", "POST"])
def organisation_edit(request, organisation_id: int | None = None):
    worker = _manager(request)
    instance = None
    if organisation_id is not None:
        instance = Organisation.objects.filter(
            pk=organisation_id, network_id=worker.organisation.network_id
        ).first()
        if instance is None:
            raise Http404
    form = OrganisationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_save(
                actor=worker,
                organisation=form.instance,
                expected_version=form.cleaned_data.get("version"),
                changed=form.changed_data,
            )
        except StaleEdit as exc:
            show_stale_edit(form, exc)
        else:
            messages.success(request, _("De organisatie is bewaard."))
            return redirect("network:organisations")
    return render(request, "network/organisation_form.html", {"form": form, "object": instance})


@require_GET
def worker_list(request):
    worker = _manager(request)
    workers = (
        Worker.objects.filter(organisation__network_id=worker.organisation.network_id)
        .select_related("organisation", "user")
        .order_by("organisation__name", "display_name")
    )
    return render(request, "network/worker_list.html", {"workers": workers})


@require_http_methods(["GET", "POST"])
def worker_edit(request, worker_id: int | None = None):
    actor = _manager(request)
    instance = None
    if worker_id is not None:
        instance = (
            Worker.objects.select_related("user", "organisation")
            .filter(pk=worker_id, organisation__network_id=actor.organisation.network_id)
            .first()
        )
        if instance is None:
            raise Http404
    form = WorkerForm(request.POST or None, instance=instance, network=actor.organisation.network)
    if request.method == "POST" and form.is_valid():
        try:
            services.worker_save(
                actor=actor,
                worker=form.instance,
                username=form.cleaned_data["username"],
                password=form.cleaned_data.get("password") or None,
                expected_version=form.cleaned_data.get("version"),
                changed=form.changed_data,
            )
        except StaleEdit as exc:
            show_stale_edit(form, exc)
        else:
            messages.success(request, _("De medewerker is bewaard."))
            return redirect("network:workers")
    return render(request, "network/worker_form.html", {"form": form, "object": instance})
