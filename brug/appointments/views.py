from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from brug.access.policy import is_volunteer
from brug.appointments import feed, selectors, services
from brug.appointments.forms import AppointmentForm, CancelForm, FeedForm, LogContactForm
from brug.appointments.models import CalendarFeed
from brug.core.categories import Category
from brug.core.forms import add_service_error, show_stale_edit
from brug.core.locking import StaleEdit
from brug.core.views import worker_of
from brug.families.models import Member
from brug.families.selectors import family_get_for_worker
from brug.families.tabs import tabs_for

MY_DAYS = 14
LOG_WITHIN = 7


def _family(request, family_id, *, purpose=""):
    worker = worker_of(request)
    family, access = family_get_for_worker(worker, family_id, category=Category.PLAN,
                                           purpose=purpose, record=request.method == "GET",
                                           also=(Category.HOUSEHOLD,))
    return worker, family, access


def _planner(request, family_id, *, purpose=""):
    worker, family, access = _family(request, family_id, purpose=purpose)
    if not services.may_plan(worker, access):
        raise PermissionDenied
    return worker, family, access


@require_GET
def appointments_tab(request, family_id: int):
    worker, family, access = _family(request, family_id,
                                     purpose=gettext_noop("afspraken bekijken"))
    now = timezone.now()
    rows = selectors.for_family(family, access)
    # Still to come or still to log (a planned one that began), then the rest, newest first.
    open_ones = [a for a in rows if a.is_planned or a.starts_at >= now]
    return render(request, "appointments/tab.html", {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "appointments",
        "upcoming": sorted(open_ones, key=lambda a: a.starts_at),
        "past": [a for a in rows if a not in open_ones],
        "now": now, "can_plan": services.may_plan(worker, access),
        "can_log": not access.read_only,
    })


def _form(request, family, worker, access, instance=None):
    member_qs = None
    if access.can_view(Category.HOUSEHOLD):
        member_qs = Member.objects.filter(family_id=family.pk).order_by("id")
    form = AppointmentForm(request.POST or None, instance=instance,
                           workers=selectors.worker_choices(family, worker), members=member_qs)
    if instance is None and request.method == "GET":
        form.initial["workers"] = [worker.pk]
    return form


def _people(form):
    data = form.cleaned_data
    return list(data["workers"]), list(data.get("members") or [])


@require_http_methods(["GET", "POST"])
def appointment_plan(request, family_id: int):
    worker, family, access = _planner(request, family_id,
                                      purpose=gettext_noop("afspraak plannen"))
    form = _form(request, family, worker, access)
    if request.method == "POST" and form.is_valid():
        workers, members = _people(form)
        try:
            services.appointment_plan(actor=worker, family=family, appointment=form.save(),
                                      workers=workers, members=members)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De afspraak is gepland."))
            return redirect("appointments:tab", family.pk)
    return render(request, "appointments/form.html", {
        "family": family, "form": form, "title": _("Een afspraak plannen"),
        "button": _("Afspraak plannen")})


@require_http_methods(["GET", "POST"])
def appointment_edit(request, family_id: int, appointment_id: int):
    worker, family, access = _planner(request, family_id,
                                      purpose=gettext_noop("afspraak wijzigen"))
    appointment = selectors.appointment_get(family, appointment_id)
    if not appointment.is_planned:
        messages.error(request, _("Deze afspraak is niet meer gepland en kan niet meer "
                                  "gewijzigd worden."))
        return redirect("appointments:tab", family.pk)
    form = _form(request, family, worker, access, instance=appointment)
    if request.method == "POST" and form.is_valid():
        workers, members = _people(form)
        if "members" not in form.fields:  # not shown to this worker: keep them as they are
            members = list(appointment.members.all())
        try:
            services.appointment_update(
                actor=worker, appointment=form.save(), workers=workers, members=members,
                expected_version=form.cleaned_data.get("version") or 0)
        except StaleEdit as exc:
            show_stale_edit(form, exc)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De afspraak is bewaard."))
            return redirect("appointments:tab", family.pk)
    return render(request, "appointments/form.html", {
        "family": family, "form": form, "appointment": appointment,
        "title": _("Afspraak wijzigen of verplaatsen"), "button": _("Bewaren")})


@require_http_methods(["GET", "POST"])
def appointment_cancel(request, family_id: int, appointment_id: int):
    worker, family, access = _planner(request, family_id,
                                      purpose=gettext_noop("afspraak annuleren"))
    appointment = selectors.appointment_get(family, appointment_id)
    form = CancelForm(request.POST or None, initial={"version": appointment.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_cancel(actor=worker, appointment=appointment,
                                        expected_version=form.cleaned_data["version"],
                                        reason=form.cleaned_data["reason"])
        except StaleEdit as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De afspraak is geannuleerd."))
            return redirect("appointments:tab", family.pk)
    return render(request, "appointments/confirm.html", {
        "family": family, "form": form, "appointment": appointment,
        "title": _("Afspraak annuleren"), "button": _("Afspraak annuleren")})


@require_http_methods(["GET", "POST"])
def appointment_log_contact(request, family_id: int, appointment_id: int):
    """The tap "it happened": a GET only shows the confirmation with the minutes; the POST
    (the tap on the tab or here) records the contact."""
    worker, family, access = _family(request, family_id,
                                     purpose=gettext_noop("afspraak als contact noteren"))
    if access.read_only:
        raise PermissionDenied
    appointment = selectors.appointment_get(family, appointment_id)
    form = LogContactForm(request.POST or None, initial={
        "minutes": appointment.minutes, "version": appointment.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_log_contact(
                actor=worker, appointment=appointment,
                expected_version=form.cleaned_data["version"],
                minutes=form.cleaned_data["minutes"])
        except StaleEdit as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het contact is bewaard."))
            if request.POST.get("next") == "mine":
                return redirect("appointments:mine")
            return redirect("appointments:tab", family.pk)
    return render(request, "appointments/confirm.html", {
        "family": family, "form": form, "appointment": appointment,
        "title": _("Gebeurd: als contact noteren"), "button": _("Contact bewaren")})


@require_GET
def my_appointments(request):
    worker = worker_of(request)
    today = timezone.localdate()
    rows = selectors.upcoming_for(worker, today, MY_DAYS)
    # Last week's that happened but nobody logged yet: one tap away, here too.
    to_log = [a for a in selectors.upcoming_for(worker, today - timedelta(days=LOG_WITHIN),
                                                LOG_WITHIN) if a.is_planned]
    days: dict = {}
    for a in rows:
        days.setdefault(timezone.localdate(a.starts_at), []).append(a)
    return render(request, "appointments/mine.html", {
        "days": sorted(days.items()), "to_log": to_log, "today": today, "now": timezone.now(),
        "span": MY_DAYS, "volunteer": is_volunteer(worker)})


@require_http_methods(["GET", "POST"])
def feed_settings(request):
    """The worker's own calendar settings: make, renew or revoke the secret address, and
    whether it names the families."""
    worker = worker_of(request)
    current = CalendarFeed.objects.filter(worker=worker).first()
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("create", "renew"):
            token = services.feed_create(actor=worker)
            # Shown once, on the next page only: the address is not kept anywhere else.
            request.session["appointments_feed_url"] = request.build_absolute_uri(
                reverse("appointments:feed", args=[token]))
            messages.success(request, _("Je nieuwe agenda-adres is klaar. Een vorig adres "
                                        "werkt niet meer."))
        elif action == "revoke":
            services.feed_revoke(actor=worker)
            messages.success(request, _("Het agenda-adres werkt niet meer."))
        elif action == "families" and current is not None:
            form = FeedForm(request.POST)
            if form.is_valid():
                services.feed_show_families(actor=worker,
                                            show=form.cleaned_data["show_families"])
                messages.success(request, _("Bewaard."))
        return redirect("appointments:feed-settings")
    return render(request, "appointments/feed_settings.html", {
        "feed": current, "new_url": request.session.pop("appointments_feed_url", None),
        "form": FeedForm(initial={"show_families": current.show_families}) if current else None,
    })


@login_not_required
def calendar_feed(request, feed_token: str):
    """The worker's calendar, for their phone: the token in the address authorises. An
    unknown or revoked token, or an inactive worker: 404."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    worker = feed.worker_for_token(feed_token)
    if worker is None:
        raise Http404
    body = feed.calendar_for(worker)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="brug.ics"'
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex"
    return response
