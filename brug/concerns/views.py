from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from brug.access import policy
from brug.concerns import selectors, services
from brug.concerns.forms import CloseForm, ConcernForm, ReviewForm
from brug.core.categories import Category
from brug.core.forms import add_service_error, show_stale_edit
from brug.core.locking import StaleEdit
from brug.core.views import worker_of
from brug.families.selectors import family_get_for_worker
from brug.families.tabs import tabs_for


@require_http_methods(["GET"])
def concern_tab(request, family_id: int):
    worker = worker_of(request)
    family, access = family_get_for_worker(worker, family_id, category=Category.CONCERN,
                                           record=False)
    rights = policy.concern_access(worker, family)
    concerns = selectors.concerns_of(worker, family, rights)
    selectors.record_reads(worker, family, concerns, gettext_noop("zorgen bekijken"))
    return render(request, "concerns/tab.html", {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "concerns", "concerns": concerns, "rights": rights,
        "shows_household": access.shows_household, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
def concern_create(request, family_id: int):
    worker = worker_of(request)
    family, access = family_get_for_worker(
        worker, family_id, category=Category.CONCERN, record=request.method == "GET",
        purpose=gettext_noop("zorg vastleggen"), also=(Category.HOUSEHOLD,))
    if not policy.concern_access(worker, family).record:
        raise PermissionDenied
    form = ConcernForm(request.POST or None, family=family,
                       shows_household=access.shows_household,
                       initial={"observed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_record(actor=worker, family=family,
                                              concern=form.save(commit=False))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De zorg is vastgelegd."))
            return redirect("concerns:detail", concern.pk)
    return render(request, "concerns/form.html", {"family": family, "form": form})


@require_http_methods(["GET"])
def concern_detail(request, concern_id: int):
    worker = worker_of(request)
    concern, rights = selectors.concern_get(worker, concern_id)
    return _detail(request, concern, rights)


def _detail(request, concern, rights, *, review_form=None, close_form=None):
    shows_household = rights.access.shows_household
    return render(request, "concerns/detail.html", {
        "family": concern.family, "concern": concern, "rights": rights,
        "reviews": list(concern.reviews.select_related("by")),
        "shows_household": shows_household,
        "review_form": review_form or ReviewForm(initial={"version": concern.version}),
        "close_form": close_form or CloseForm(initial={"version": concern.version}),
        "today": timezone.localdate()})


def concern_review(request, concern_id: int):
    worker = worker_of(request)
    concern, rights = selectors.concern_get(worker, concern_id, record=False)
    if request.method != "POST":  # after the access check: an outsider learns nothing
        return HttpResponseNotAllowed(["POST"])
    if not rights.review:
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.concern_review(
                actor=worker, concern=concern, expected_version=form.cleaned_data["version"] or 0,
                keep_withheld=form.cleaned_data["keep_withheld"],
                reason=form.cleaned_data["reason"],
                next_review_on=form.cleaned_data["next_review_on"])
        except StaleEdit as exc:
            show_stale_edit(form, exc)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De beslissing is herbekeken."))
            return redirect("concerns:detail", concern.pk)
    concern.refresh_from_db()
    concern.family = selectors.concern_get(worker, concern_id, record=False)[0].family
    return _detail(request, concern, rights, review_form=form)


def concern_close(request, concern_id: int):
    worker = worker_of(request)
    concern, rights = selectors.concern_get(worker, concern_id, record=False)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not rights.record:
        raise PermissionDenied
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.concern_close(actor=worker, concern=concern,
                                   expected_version=form.cleaned_data["version"] or 0,
                                   note=form.cleaned_data["closing_note"])
        except StaleEdit as exc:
            show_stale_edit(form, exc)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De zorg is afgesloten."))
            return redirect("concerns:detail", concern.pk)
    return _detail(request, concern, rights, close_form=form)


@require_http_methods(["GET"])
def open_concerns(request):
    worker = worker_of(request)
    if not policy.can_oversee_concerns(worker):
        raise Http404
    concerns = selectors.open_concerns(worker)
    selectors.record_open_list_reads(worker, concerns)
    return render(request, "concerns/open.html", {"concerns": concerns})
