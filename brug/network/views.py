from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import (
    INTERNAL_RESET_SESSION_TOKEN,
    PasswordResetConfirmView,
)
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from brug.access import policy
from brug.core.forms import show_stale_edit
from brug.core.locking import StaleEdit
from brug.core.views import worker_of
from brug.network import selectors, services
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
    instance = _worker_in_network(actor, worker_id) if worker_id is not None else None
    form = WorkerForm(request.POST or None, instance=instance, network=actor.organisation.network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if instance is None:
                services.worker_create(
                    actor=actor, worker=form.instance, username=data["username"],
                    email=data["email"], domain=request.get_host(), use_https=request.is_secure(),
                )
            else:
                services.worker_update(
                    actor=actor, worker=form.instance, username=data["username"],
                    email=data["email"], expected_version=data.get("version"),
                    changed=form.changed_data,
                )
        except StaleEdit as exc:
            show_stale_edit(form, exc)
        except services.MailNotSent as exc:
            form.add_error(None, exc.message)
        else:
            if instance is None:
                messages.success(request, _(
                    "De medewerker is aangemaakt. Een link om een wachtwoord in te stellen is "
                    "gestuurd naar %(email)s.") % {"email": data["email"]})
            else:
                messages.success(request, _("De medewerker is bewaard."))
            return redirect("network:workers")
    return render(request, "network/worker_form.html", {"form": form, "object": instance})


@require_http_methods(["GET", "POST"])
def worker_password_link(request, worker_id: int):
    """Send the worker a new link to set their password (asked on a page, sent by a POST)."""
    actor = _manager(request)
    worker = _worker_in_network(actor, worker_id)
    error = None
    if request.method == "POST" and worker.user.email:
        try:
            services.worker_send_password_link(
                actor=actor, worker=worker, domain=request.get_host(),
                use_https=request.is_secure(),
            )
        except services.MailNotSent as exc:
            error = exc.message
        else:
            messages.success(request, _("Er is een link gestuurd naar %(email)s.") % {
                "email": worker.user.email})
            return redirect("network:worker-edit", worker.pk)
    return render(request, "network/password_link.html", {"object": worker, "error": error})


@require_GET
def network_log(request):
    """Who changed what in the network: the events of this network that concern no family."""
    actor = _manager(request)
    page = Paginator(selectors.network_events(actor), 50).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.area = LOG_AREAS.get(event.category, event.category)
    return render(request, "network/log.html", {"page": page})


# What the family-less events of each app are about, as the log page names them.
LOG_AREAS = {
    services.NETWORK_AUDIT_CATEGORY: gettext_lazy("netwerk"),
    "directory": gettext_lazy("sociale kaart"),
    "programme": gettext_lazy("programma's"),
    "screening": gettext_lazy("grondrechtenmeting"),
    "signals": gettext_lazy("signalen"),
}


def _worker_in_network(actor, worker_id: int) -> Worker:
    worker = (
        Worker.objects.select_related("user", "organisation")
        .filter(pk=worker_id, organisation__network_id=actor.organisation.network_id)
        .first()
    )
    if worker is None:
        raise Http404
    return worker


class SetPasswordView(PasswordResetConfirmView):
    """The page behind the e-mailed link: Django's own token check and form, plus the audit
    event in the transaction that saves the password."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("network:password-set-done")

    def form_valid(self, form):
        services.worker_password_set(form=form)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())
