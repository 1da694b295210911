from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from brug.access import policy
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.forms import add_service_error, show_stale_edit
from brug.core.locking import StaleEdit
from brug.core.models import AuditAction
from brug.core.views import worker_of
from brug.families.selectors import family_get_for_worker, members_of
from brug.families.tabs import tabs_for
from brug.network.models import Worker
from brug.volunteers import selectors, services
from brug.volunteers.forms import (
    MatchEndForm,
    MatchForm,
    MeetingForm,
    ProfileForm,
    RequestForm,
    VisitForm,
)
from brug.volunteers.models import VolunteerMeeting, VolunteerProfile, VolunteerRequest


def _family(request, family_id, *, purpose="", record=None, also=()):
    worker = worker_of(request)
    if record is None:
        record = request.method == "GET"
    family, access = family_get_for_worker(worker, family_id, category=Category.PLAN,
                                           purpose=purpose, record=record, also=also)
    return worker, family, access


def _dossier(family, access, **extra):
    return {"family": family, "access": access, "tabs": tabs_for(family, access),
            "active_tab": "volunteers", **extra}


@require_http_methods(["GET"])
def volunteer_tab(request, family_id: int):
    worker, family, access = _family(request, family_id,
                                     purpose=gettext_noop("vrijwilligerswerk bekijken"))
    matches = selectors.matches_of(worker, family)
    volunteer = selectors.is_volunteer_view(worker)
    if volunteer:
        access_shown = frozenset()
        for m in matches:
            access_shown |= services.volunteer_categories(worker, m, access)
        if Category.IDENTITY not in access_shown:
            family.display_name = policy.neutral_label(family.pk)
    return render(request, "volunteers/tab.html", _dossier(
        family, access, matches=matches, volunteer=volunteer,
        requests=[] if volunteer else selectors.requests_of(family),
        can_change=access.can_change(Category.PLAN) and access.home))


@require_http_methods(["GET", "POST"])
def request_create(request, family_id: int):
    worker, family, access = _family(request, family_id)
    if not (access.can_change(Category.PLAN) and access.home):
        raise PermissionDenied
    initial = {"municipality": family.municipality, "neighbourhood": family.neighbourhood,
               "languages": family.home_languages}
    form = RequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.request_create(actor=worker, family=family,
                                           request=form.save(commit=False))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De vraag is bewaard. Kies hieronder een vrijwilliger."))
            return redirect("volunteers:request", family.pk, made.pk)
    return render(request, "volunteers/request_form.html", _dossier(family, access, form=form))


@require_http_methods(["GET", "POST"])
def request_detail(request, family_id: int, volunteer_request_id: int):
    worker, family, access = _family(request, family_id,
                                     purpose=gettext_noop("vrijwilliger zoeken"))
    if selectors.is_volunteer_view(worker):
        raise Http404
    vreq = selectors.request_get(family, volunteer_request_id)
    can_change = access.can_change(Category.PLAN) and access.home
    suggestions = services.suggestions_for(vreq) if can_change else []
    volunteers = Worker.objects.filter(pk__in=[p.worker_id for p, _s in suggestions]) \
        .select_related("organisation")
    edit_form = RequestForm(instance=vreq, prefix="edit")
    match_form = MatchForm(family=family, volunteers=volunteers, actor=worker,
                           initial={"volunteer": request.GET.get("kies")})
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if request.POST.get("action") == "edit":
            edit_form = RequestForm(request.POST, instance=vreq, prefix="edit")
            if edit_form.is_valid():
                try:
                    services.request_edit(
                        actor=worker, request=edit_form.save(commit=False),
                        expected_version=edit_form.cleaned_data["version"] or vreq.version,
                        fields=["help_kinds", "description", "languages", "municipality",
                                "neighbourhood", "times"])
                except StaleEdit as exc:
                    show_stale_edit(edit_form, exc,
                                    VolunteerRequest.objects.get(pk=vreq.pk))
                except ValidationError as exc:
                    add_service_error(edit_form, exc)
                else:
                    messages.success(request, _("De vraag is aangepast."))
                    return redirect("volunteers:request", family.pk, vreq.pk)
        else:
            match_form = MatchForm(request.POST, family=family, volunteers=volunteers,
                                   actor=worker)
            if match_form.is_valid():
                d = match_form.cleaned_data
                try:
                    services.match_create(
                        actor=worker, request=vreq, volunteer=d["volunteer"],
                        coordinator=d["coordinator"], categories=d["categories"],
                        consent_given_by=d["consent_given_by"])
                except ValidationError as exc:
                    add_service_error(match_form, exc)
                else:
                    messages.success(request, _("De vrijwilliger is gekoppeld aan het gezin."))
                    return redirect("volunteers:tab", family.pk)
    rows = [{"profile": p, "score": s.score, "reasons": s.texts(_)} for p, s in suggestions]
    return render(request, "volunteers/request_detail.html", _dossier(
        family, access, vreq=vreq, rows=rows, match_form=match_form, edit_form=edit_form,
        can_change=can_change))


@require_http_methods(["GET", "POST"])
def match_detail(request, family_id: int, match_id: int):
    """The narrow view of a match: who the family is (as far as shared), the question, the
    visits, and the visit form for the match's volunteer."""
    worker, family, access = _family(request, family_id, record=False)
    match = selectors.match_get(worker, family, match_id)
    is_own = worker.pk == match.volunteer_id
    shown = services.volunteer_categories(worker, match, access) if is_own else access.categories
    if request.method == "GET":
        audit_record(actor=worker, family_id=family.pk, category=Category.PLAN,
                     action=AuditAction.VIEW, purpose=gettext_noop("match met vrijwilliger"),
                     also=tuple(c for c in (Category.IDENTITY, Category.CONTACT,
                                            Category.HOUSEHOLD) if c in shown),
                     network_id=family.organisation.network_id)
    if Category.IDENTITY not in shown:
        family.display_name = policy.neutral_label(family.pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST":
        if not is_own:
            raise PermissionDenied
        if form.is_valid():
            try:
                visit = services.visit_log(actor=worker, match=match,
                                           visit=form.save(commit=False))
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Het bezoek is bewaard.") + (
                    " " + _("Je zorg is doorgegeven aan %(name)s.") % {
                        "name": match.coordinator.display_name} if visit.concern else ""))
                return redirect("volunteers:match", family.pk, match.pk)
    members = members_of(family) if Category.HOUSEHOLD in shown else []
    return render(request, "volunteers/match.html", {
        "family": family, "match": match, "is_own": is_own, "form": form,
        "shows_contact": Category.CONTACT in shown, "shows_household": Category.HOUSEHOLD in shown,
        "members": members, "visits": selectors.visits_of(match),
        "sees_concerns": services.sees_concerns(worker, match, access),
        "can_end": match.is_running and services.may_end_match(worker, match),
        "can_log": is_own and match.is_running and Category.PLAN in shown,
    })


@require_http_methods(["GET", "POST"])
def match_end(request, family_id: int, match_id: int):
    worker, family, access = _family(request, family_id)
    match = selectors.match_get(worker, family, match_id)
    if not (match.is_running and services.may_end_match(worker, match)):
        raise PermissionDenied
    form = MatchEndForm(request.POST or None, match=match)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.match_end(actor=worker, match=match, ended_on=d["ended_on"],
                               reason=d["end_reason"], note=d["end_note"],
                               expected_version=d["version"])
        except StaleEdit as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De match is beëindigd."))
            return redirect("volunteers:tab", family.pk)
    return render(request, "volunteers/match_end.html", {"family": family, "match": match,
                                                          "form": form})


def concern_handled(request, family_id: int, volunteer_visit_id: int):
    worker, family, access = _family(request, family_id, record=False)
    from brug.volunteers.models import VisitLog

    visit = VisitLog.objects.select_related("match", "match__family").filter(
        family_id=family.pk, pk=volunteer_visit_id).first()
    if visit is None or (selectors.is_volunteer_view(worker)):
        raise Http404
    if request.method != "POST":  # after the access check: an outsider learns nothing
        return HttpResponseNotAllowed(["POST"])
    services.concern_handle(actor=worker, visit=visit)
    messages.success(request, _("De zorg is opgevolgd."))
    if request.POST.get("next") == "overzicht":
        return redirect("volunteers:overview")
    return redirect("volunteers:match", family.pk, visit.match_id)


@require_http_methods(["GET"])
def my_matches(request):
    worker = worker_of(request)
    if not selectors.is_volunteer_view(worker):
        raise Http404
    matches = selectors.my_matches(worker)
    return render(request, "volunteers/mine.html", {"matches": matches})


@require_http_methods(["GET"])
def overview(request):
    worker = worker_of(request)
    if not policy.handles_referrals(worker):  # the network's professionals
        raise Http404
    requests, matches, concerns = selectors.overview_for(worker)
    return render(request, "volunteers/overview.html", {
        "requests": requests, "matches": matches, "concerns": concerns,
        "is_coordinator": services.is_coordinator(worker)})


@require_http_methods(["GET"])
def profiles(request):
    worker = worker_of(request)
    if not services.is_coordinator(worker):
        raise Http404
    from brug.core import multivalue
    from brug.core.roles import Role

    volunteers = (Worker.objects.filter(organisation__network_id=worker.organisation.network_id)
                  .filter(multivalue.holds("roles", Role.VOLUNTEER))
                  .select_related("organisation", "volunteer_profile").order_by("display_name"))
    return render(request, "volunteers/profiles.html", {"volunteers": volunteers})


@require_http_methods(["GET", "POST"])
def profile_edit(request, worker_id: int):
    worker = worker_of(request)
    from brug.core.roles import Role

    volunteer = Worker.objects.select_related("organisation").filter(
        pk=worker_id, organisation__network_id=worker.organisation.network_id).first()
    if volunteer is None or not volunteer.has_role(Role.VOLUNTEER) or not (
            services.is_coordinator(worker) or worker.pk == volunteer.pk):
        raise Http404
    profile = VolunteerProfile.objects.filter(worker=volunteer).first() or \
        VolunteerProfile(worker=volunteer)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(
                actor=worker, profile=form.save(commit=False),
                expected_version=form.cleaned_data.get("version") or profile.version,
                fields=["skills", "languages", "municipality", "neighbourhoods", "availability",
                        "experience_years", "experience", "max_families", "active"])
        except StaleEdit as exc:
            show_stale_edit(form, exc, VolunteerProfile.objects.get(pk=profile.pk))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het profiel is bewaard."))
            return redirect("volunteers:profiles" if services.is_coordinator(worker)
                            else "volunteers:mine")
    return render(request, "volunteers/profile_form.html", {"volunteer": volunteer,
                                                            "form": form})


@require_http_methods(["GET", "POST"])
def meetings(request, volunteer_meeting_id: int | None = None):
    worker = worker_of(request)
    if not services.is_coordinator(worker):
        raise Http404
    network_id = worker.organisation.network_id
    meeting = None
    if volunteer_meeting_id is not None:
        meeting = VolunteerMeeting.objects.filter(pk=volunteer_meeting_id,
                                                  network_id=network_id).first()
        if meeting is None:
            raise Http404
    form = MeetingForm(request.POST or None, instance=meeting, network_id=network_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_save(actor=worker, meeting=form.save(commit=False),
                                  attendees=list(form.cleaned_data["attendees"]))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het overleg is bewaard."))
            return redirect("volunteers:meetings")
    listed = (VolunteerMeeting.objects.filter(network_id=network_id)
              .select_related("organisation").prefetch_related("attendees")[:24])
    return render(request, "volunteers/meetings.html", {"form": form, "meetings": listed,
                                                        "meeting": meeting})
