"""The worker's notifications: the list, opening one, marking read, the e-mail choice."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brug.core.i18n import worker_language
from brug.core.paging import page_without_total
from brug.core.views import worker_of
from brug.notifications import selectors, services
from brug.notifications.forms import SettingsForm


@require_GET
def notification_list(request):
    worker = worker_of(request)
    page = page_without_total(selectors.of_worker(worker), request.GET.get("page"),
                              selectors.PAGE_SIZE)
    return render(request, "notifications/list.html", {
        "page": page, "rows": selectors.shown(worker, page.object_list)})


@require_GET
def notification_count(request):
    """The bell's count, fetched by htmx after the page: per worker and per request, so it is
    neither in the cached menu nor a query of every page (base.html)."""
    worker = worker_of(request)
    return render(request, "notifications/_bell_count.html",
                  {"unread": selectors.unread_count(worker)})


@require_GET
def notification_open(request, notification_id: int):
    """Marks the notification read and goes to the page it is about (that page checks access
    and records its own read)."""
    worker = worker_of(request)
    notification = selectors.notification_get(worker, notification_id)
    services.mark_read(worker=worker, notification=notification)
    url = selectors.shown(worker, [notification])[0].url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect(url)
    messages.info(request, _("Je kan de pagina van deze melding niet (meer) openen."))
    return redirect("notifications:list")


def notification_read(request, notification_id: int):
    worker = worker_of(request)
    notification = selectors.notification_get(worker, notification_id)
    # The owner first, then the method: another worker learns nothing, not even that it exists.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.mark_read(worker=worker, notification=notification)
    return redirect("notifications:list")


@require_POST
def notification_read_all(request):
    worker = worker_of(request)
    count = services.mark_all_read(worker=worker)
    if count:
        messages.success(request, _("Alle meldingen zijn gelezen."))
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    worker = worker_of(request)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            language = form.cleaned_data["language"] or None  # none sent: kept as it was
            services.settings_set(worker=worker, email=form.cleaned_data["email"],
                                  language=language)
            with translation.override(language or translation.get_language()):
                messages.success(request, _("Je keuze is bewaard."))
            response = redirect("notifications:settings")
            if language is None:
                return response
            # Brug itself follows the choice on this device (the footer's switch sets the
            # same cookie; docs/i18n.md).
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language,
                                max_age=settings.LANGUAGE_COOKIE_AGE,
                                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                                secure=settings.LANGUAGE_COOKIE_SECURE,
                                httponly=settings.LANGUAGE_COOKIE_HTTPONLY)
            return response
    else:
        email, language = services.choices_of(worker)
        form = SettingsForm(initial={
            "email": email, "language": language or worker_language(translation.get_language())})
    return render(request, "notifications/settings.html", {
        "form": form, "has_address": bool(services.address_of(worker))})
