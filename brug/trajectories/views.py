from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from brug.access import policy
from brug.core.categories import Category
from brug.core.forms import add_service_error, show_stale_edit
from brug.core.i18n import render_family_print
from brug.core.links import link_maker
from brug.core.locking import StaleEdit
from brug.core.paging import counted_page
from brug.core.views import worker_of
from brug.families.selectors import family_get_for_worker
from brug.families.tabs import tabs_for
from brug.trajectories import family as family_readers
from brug.trajectories import selectors, services
from brug.trajectories.forms import (
    CloseForm,
    ConferenceForm,
    ConferencePlanForm,
    ContactCorrectForm,
    ContactForm,
    ExtendForm,
    GoalForm,
    OverrideDecisionForm,
    ParentsCommentForm,
    ProgrammeForm,
    RemoveForm,
    ReviewForm,
    TrajectoryOpenForm,
)
from brug.trajectories.models import (
    CaseConference,
    LifeDomain,
    OverrideRequest,
    Programme,
    Review,
)


def _family(request, family_id, *, category=Category.PLAN, purpose="", record=None):
    worker = worker_of(request)
    if record is None:
        record = request.method == "GET"
    family, access = family_get_for_worker(worker, family_id, category=category,
                                           purpose=purpose, record=record)
    return worker, family, access


def _family_name(family, access) -> str:
    return selectors.family_label(family.pk, family.display_name, access.categories)


def _dossier(family, access, **extra):
    return {"family": family, "family_name": _family_name(family, access), "access": access,
            "tabs": tabs_for(family, access), "active_tab": "trajectories", **extra}


def _act_and_return(request, form, trajectory, action, *, done, invalid):
    """A one-field action on the trajectory page: run it, say how it went, go back."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
    else:
        messages.error(request, invalid)
    return redirect("trajectories:detail", trajectory.family_id, trajectory.pk)


def _form_error(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        add_service_error(form, exc)


@require_GET
def trajectory_tab(request, family_id: int):
    worker, family, access = _family(request, family_id, purpose=gettext_noop("traject bekijken"))
    contacts = selectors.contacts_visible(worker, family, access, limit=20,
                                          only=selectors.TAB_CONTACT_FIELDS)
    edit = link_maker("trajectories:contact-edit", 2)  # one reverse() for the list
    for c in contacts:
        c.correctable = services.can_correct_contact(access, worker, c)
        c.edit_url = edit(family.pk, c.pk) if c.correctable else ""
    context = _dossier(
        family, access, trajectories=selectors.trajectories_for_tab(worker, family, access),
        contacts=contacts,
        totals=selectors.time_totals(worker, family, access),
        can_change=access.can_change(Category.PLAN), can_contact=not access.read_only,
        has_mandate=policy.mandate_running(family),  # read with the family
    )
    return render(request, "trajectories/tab.html", context)


# What the open form keeps while the worker does the kansarmoede-screening a programme asks
# for (the session, one family at a time). Not the monthly income: it is never stored.
OPEN_DRAFT_FIELDS = ("programme", "started_on", "responsible", "involved", "referrer",
                     "override_reason")


def _open_draft_key(family_id: int) -> str:
    return f"trajectories:open-draft:{family_id}"


def _open_draft_initial(request, family_id: int) -> dict | None:
    draft = request.session.pop(_open_draft_key(family_id), None)
    if not isinstance(draft, dict):
        return None
    return {name: (values if name == "involved" else (values[0] if values else ""))
            for name, values in draft.items() if name in OPEN_DRAFT_FIELDS}


@require_http_methods(["GET", "POST"])
def trajectory_open(request, family_id: int):
    worker, family, access = _family(request, family_id)
    if not access.can_change(Category.PLAN):
        raise PermissionDenied
    initial = _open_draft_initial(request, family.pk) if request.method == "GET" else None
    form = TrajectoryOpenForm(request.POST or None, family=family, actor=worker,
                              initial=initial)
    problems = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            trajectory = services.trajectory_open(
                actor=worker, family=family, programme=d["programme"],
                responsible=d["responsible"], started_on=d["started_on"],
                involved=list(d["involved"]), referrer=d["referrer"],
                income_check=services.income_check_for(family, d["monthly_income"],
                                                       d["started_on"]))
        except services.RulesNotMet as exc:
            problems = exc.problems
            if d["override_reason"].strip():
                try:
                    services.override_request(actor=worker, family=family,
                                              programme=d["programme"],
                                              reason=d["override_reason"], problems=problems)
                except ValidationError as exc2:
                    _form_error(form, exc2)
                else:
                    messages.info(request, _(
                        "Je vraag om af te wijken ging naar de coördinatoren van het netwerk. "
                        "Als een coördinator ze goedkeurt, open je het traject hier opnieuw."))
            if any(p.code == "kansarm" for p in problems):
                # The screening page links back here; the form comes back as it was.
                request.session[_open_draft_key(family.pk)] = {
                    name: request.POST.getlist(name) for name in OPEN_DRAFT_FIELDS}
            form.add_error(None, _("Dit gezin voldoet niet aan elke regel van het programma. "
                                   "Vraag een coördinator om af te wijken: schrijf de reden "
                                   "en verstuur het formulier."))
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Het traject is geopend."))
            return redirect("trajectories:detail", family.pk, trajectory.pk)
    return render(request, "trajectories/open.html",
                  {"family": family, "form": form, "problems": problems,
                   "has_mandate": services.has_active_mandate(family)})


@require_GET
def trajectory_detail(request, family_id: int, trajectory_id: int):
    worker, family, access = _family(request, family_id, purpose=gettext_noop("traject bekijken"))
    trajectory = selectors.trajectory_get(worker, family, access, trajectory_id)
    today = timezone.localdate()
    reviews = selectors.reviews_of(worker, trajectory, access)
    conferences = list(selectors.conferences_of(worker, trajectory, access)
                       .prefetch_related("attendees"))
    for r in reviews:
        r.overdue = r.held_on is None and r.due_on < today
    for c in conferences:
        c.overdue = c.held_on is None and c.due_by is not None and c.due_by < today
    context = _dossier(
        family, access, trajectory=trajectory, reviews=reviews, conferences=conferences,
        shows_household=access.can_view(Category.HOUSEHOLD),
        involved=list(trajectory.involved.select_related("organisation")),
        extensions=list(trajectory.extensions.select_related("by")),
        end_changes=_end_changes(trajectory, access),
        goals=selectors.goals_visible(worker, trajectory, access),
        can_change=access.can_change(Category.PLAN) and trajectory.is_open,
        extend_form=ExtendForm(), close_form=CloseForm(), plan_form=ConferencePlanForm(),
    )
    return render(request, "trajectories/detail.html", context)


def _end_changes(trajectory, access):
    """The planned end's moves after a birth; which child was born (and that a child was born
    at all) is household information, so without `household` only the dates are shown."""
    changes = trajectory.end_changes.all()
    if access.can_view(Category.HOUSEHOLD):
        changes = changes.select_related("member")
    return list(changes)


@require_http_methods(["GET", "POST"])
def trajectory_extend(request, family_id: int, trajectory_id: int):
    # GET only redirects, after the access check: an outsider gets 404, never a 405 hint.
    worker, family, access = _family(request, family_id, record=False)
    trajectory = selectors.trajectory_get(worker, family, access, trajectory_id)
    if request.method == "GET":
        return redirect("trajectories:detail", family.pk, trajectory.pk)
    form = ExtendForm(request.POST)
    return _act_and_return(
        request, form, trajectory,
        lambda data: services.trajectory_extend(actor=worker, trajectory=trajectory,
                                                reason=data["reason"]),
        done=_("Het traject is verlengd."),
        invalid=_("Schrijf kort waarom het traject verlengd wordt."),
    )


@require_http_methods(["GET", "POST"])
def trajectory_close(request, family_id: int, trajectory_id: int):
    worker, family, access = _family(request, family_id)
    trajectory = selectors.trajectory_get(worker, family, access, trajectory_id)
    if not access.can_change(Category.PLAN):
        raise PermissionDenied
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.trajectory_close(actor=worker, trajectory=trajectory,
                                      closed_on=form.cleaned_data["closed_on"],
                                      reason=form.cleaned_data["reason"],
                                      note=form.cleaned_data["note"])
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Het traject is afgesloten."))
            return redirect("trajectories:detail", family.pk, trajectory.pk)
    return render(request, "trajectories/close.html",
                  {"family": family, "trajectory": trajectory, "form": form})


@require_http_methods(["GET", "POST"])
def contact_add(request, family_id: int):
    worker, family, access = _family(request, family_id, category=Category.IDENTITY)
    if access.read_only:
        raise PermissionDenied
    trajectories = (selectors.trajectories_of(worker, family, access)
                    if access.can_view(Category.PLAN) else [])
    form = ContactForm(request.POST or None, family=family, categories=access.categories,
                       trajectories=trajectories)
    if not form.fields["category"].choices:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_record(actor=worker, family=family, contact=form.save(commit=False))
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Het contact is bewaard."))
            if request.POST.get("next") == "agenda":
                return redirect("trajectories:agenda")
            return redirect("trajectories:tab", family.pk)
    return render(request, "trajectories/contact_form.html",
                  {"family": family, "form": form,
                   "has_mandate": services.has_active_mandate(family)})


def _correctable_contact(request, family_id, contact_id):
    worker, family, access = _family(request, family_id, category=Category.IDENTITY)
    contact = selectors.contact_get(worker, family, access, contact_id)
    if not services.can_correct_contact(access, worker, contact):
        raise PermissionDenied
    return worker, family, access, contact


@require_http_methods(["GET", "POST"])
def contact_edit(request, family_id: int, contact_id: int):
    """Correct a contact: a wrong date, kind or number of minutes, a note for another family."""
    worker, family, access, contact = _correctable_contact(request, family_id, contact_id)
    trajectories = (selectors.trajectories_of(worker, family, access)
                    if access.can_view(Category.PLAN) else [])
    form = ContactCorrectForm(request.POST or None, instance=contact, family=family,
                              categories=access.categories, trajectories=trajectories)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_correct(actor=worker, family=family, contact=form.instance,
                                     expected_version=form.cleaned_data.get("version"),
                                     changed=form.changed_fields)
        except StaleEdit as exc:
            show_stale_edit(form, exc)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Het contact is verbeterd."))
            return redirect("trajectories:tab", family.pk)
    return render(request, "trajectories/contact_edit.html",
                  {"family": family, "form": form, "contact": contact,
                   "remove_form": RemoveForm(initial={"version": contact.version})})


def contact_remove(request, family_id: int, contact_id: int):
    worker, family, access, contact = _correctable_contact(request, family_id, contact_id)
    # Access first, then the method: an outsider learns nothing, not even that the URL exists.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RemoveForm(request.POST)
    form.is_valid()
    try:
        services.contact_remove(actor=worker, family=family, contact=contact,
                                expected_version=form.cleaned_data.get("version"))
    except StaleEdit as exc:
        messages.error(request, str(exc.message))
        return redirect("trajectories:contact-edit", family.pk, contact.pk)
    messages.success(request, _("Het contact is verwijderd."))
    return redirect("trajectories:tab", family.pk)


def _trajectory_for_plan(request, family_id, trajectory_id, *, record_purpose=""):
    worker, family, access = _family(request, family_id, purpose=record_purpose,
                                     record=request.method == "GET")
    trajectory = selectors.trajectory_get(worker, family, access, trajectory_id)
    return worker, family, access, trajectory


@require_http_methods(["GET", "POST"])
def goal_plan(request, family_id: int, trajectory_id: int):
    worker, family, access, trajectory = _trajectory_for_plan(
        request, family_id, trajectory_id, record_purpose=gettext_noop("doelenplan bekijken"))
    can_change = access.can_change(Category.PLAN) and trajectory.is_open
    form = GoalForm(request.POST or None, trajectory=trajectory,
                    visible=policy.history_q(worker, access, "goal"),
                    initial={"family_language": family.home_languages.split(",")[0].strip()})
    if request.method == "POST":
        if not access.can_change(Category.PLAN):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.goal_add(actor=worker, trajectory=trajectory,
                                  goal=form.save(commit=False))
            except ValidationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Het doel is bewaard."))
                return redirect("trajectories:plan", family.pk, trajectory.pk)
    goals = selectors.goals_visible(worker, trajectory, access)
    shown_goals = {g.pk for g in goals} | {s.pk for g in goals for s in g.visible_steps}
    reactions = [r for r in family_readers.reactions_for_worker(trajectory)
                 if r.goal_id is None or r.goal_id in shown_goals]
    return render(request, "trajectories/plan.html", _dossier(
        family, access, trajectory=trajectory, form=form, can_change=can_change,
        domains=_by_domain(goals), family_reactions=reactions))


def _by_domain(goals):
    labels = dict(LifeDomain.choices)
    grouped = {}
    for g in goals:
        grouped.setdefault(g.life_domain, []).append(g)
    return [{"key": k, "label": labels[k], "goals": grouped[k]}
            for k in LifeDomain.values if k in grouped]


@require_http_methods(["GET", "POST"])
def goal_edit(request, family_id: int, trajectory_id: int, goal_id: int):
    worker, family, access, trajectory = _trajectory_for_plan(request, family_id, trajectory_id)
    goal = selectors.goal_get(worker, trajectory, access, goal_id)
    if not access.can_change(Category.PLAN):
        raise PermissionDenied
    form = GoalForm(request.POST or None, instance=goal, trajectory=trajectory,
                    visible=policy.history_q(worker, access, "goal"))
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(actor=worker, goal=form.instance,
                                 expected_version=form.cleaned_data.get("version") or 0,
                                 changed=[f for f in form.changed_data if f != "version"])
        except StaleEdit as exc:
            show_stale_edit(form, exc)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Het doel is bewaard."))
            return redirect("trajectories:plan", family.pk, trajectory.pk)
    return render(request, "trajectories/goal_form.html",
                  {"family": family, "trajectory": trajectory, "form": form, "goal": goal})


@require_GET
def goal_plan_family(request, family_id: int, trajectory_id: int):
    """The family's version: only the family's own words, large clear type, printable.

    The family's reader (`trajectories.family.plan_for_family`) gives what a family may read;
    the worker's access already covers it (they need `plan`, and the reader leaves every
    confidential goal out)."""
    worker, family, access, trajectory = _trajectory_for_plan(
        request, family_id, trajectory_id, record_purpose=gettext_noop("doelenplan voor het gezin"))
    # In the family's language (`?taal=`; docs/i18n.md): the reader writes its texts in it.
    return render_family_print(request, family, "trajectories/plan_family.html", lambda: {
        "family": family,
        "family_name": family_readers.family_name_for_print(family, access.categories),
        "plan": family_readers.plan_for_family(
            family, trajectory_id=trajectory.pk,
            goals=policy.history_q(worker, access, "goal"))[0],
        "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
def review_record(request, family_id: int, trajectory_id: int, review_id: int):
    worker, family, access, trajectory = _trajectory_for_plan(request, family_id, trajectory_id)
    review = selectors.review_get(worker, trajectory, access, review_id)
    if not access.can_change(Category.PLAN):
        raise PermissionDenied
    review.trajectory = trajectory
    form = ReviewForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.review_record(actor=worker, review=review, held_on=d["held_on"],
                                   summary=d["summary"], expected_version=d["version"] or 0)
        except StaleEdit as exc:
            show_stale_edit(form, exc, Review.objects.filter(pk=review.pk).first())
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("De evaluatie is bewaard."))
            return redirect("trajectories:detail", family.pk, trajectory.pk)
    return render(request, "trajectories/review_form.html",
                  {"family": family, "trajectory": trajectory, "review": review, "form": form})


def _conference(request, family_id, trajectory_id, conference_id, *, record_purpose=""):
    worker, family, access, trajectory = _trajectory_for_plan(
        request, family_id, trajectory_id, record_purpose=record_purpose)
    conference = (selectors.conferences_of(worker, trajectory, access).filter(pk=conference_id)
                  .select_related("parents_comment_by").first())
    if conference is None:
        raise Http404
    conference.trajectory = trajectory
    return worker, family, access, trajectory, conference


def _conference_page(request, family, trajectory, conference, form, comment_form):
    return render(request, "trajectories/conference_form.html",
                  {"family": family, "trajectory": trajectory, "conference": conference,
                   "form": form, "comment_form": comment_form})


@require_http_methods(["GET", "POST"])
def conference_record(request, family_id: int, trajectory_id: int, conference_id: int):
    worker, family, access, trajectory, conference = _conference(
        request, family_id, trajectory_id, conference_id)
    if not access.can_change(Category.PLAN):
        raise PermissionDenied
    form = ConferenceForm(request.POST or None, instance=conference,
                          network_id=family.organisation.network_id)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.conference_record(
                actor=worker, conference=conference, held_on=d["held_on"],
                attendees=list(d["attendees"]), parents_present=d["parents_present"],
                no_parents_reason=d["no_parents_reason"], minutes=d["minutes"],
                expected_version=d.get("version") or 0)
        except StaleEdit as exc:
            show_stale_edit(form, exc)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Het casusoverleg is bewaard."))
            return redirect("trajectories:detail", family.pk, trajectory.pk)
    return _conference_page(request, family, trajectory, conference, form,
                            ParentsCommentForm(conference=conference))


@require_http_methods(["GET", "POST"])
def conference_comment(request, family_id: int, trajectory_id: int, conference_id: int):
    """The parents' reaction: a small form of its own on the conference page."""
    worker, family, access, trajectory, conference = _conference(
        request, family_id, trajectory_id, conference_id)
    if request.method == "GET":
        return redirect("trajectories:conference", family.pk, trajectory.pk, conference.pk)
    if not access.can_change(Category.PLAN):
        raise PermissionDenied
    comment_form = ParentsCommentForm(request.POST, conference=conference)
    if comment_form.is_valid():
        try:
            services.conference_comment(
                actor=worker, conference=conference,
                comment=comment_form.cleaned_data["parents_comment"],
                expected_version=comment_form.cleaned_data["version"] or 0)
        except StaleEdit as exc:
            show_stale_edit(comment_form, exc,
                            CaseConference.objects.filter(pk=conference.pk).first())
        except ValidationError as exc:
            _form_error(comment_form, exc)
        else:
            messages.success(request, _("De reactie van de ouders is bewaard."))
            return redirect("trajectories:conference", family.pk, trajectory.pk, conference.pk)
    conference.refresh_from_db()
    form = ConferenceForm(instance=conference, network_id=family.organisation.network_id)
    return _conference_page(request, family, trajectory, conference, form, comment_form)


@require_GET
def conference_for_parents(request, family_id: int, trajectory_id: int, conference_id: int):
    """The minutes for the parents: plain large type, printable, no worker-only information
    (the family's reader, `trajectories.family.conference_for_family`)."""
    worker, family, access, trajectory, conference = _conference(
        request, family_id, trajectory_id, conference_id,
        record_purpose=gettext_noop("verslag casusoverleg voor de ouders"))
    return render_family_print(request, family, "trajectories/conference_parents.html", lambda: {
        "family": family,
        "family_name": family_readers.family_name_for_print(family, access.categories),
        "conference": family_readers.conference_for_family(family, conference.pk),
        "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
def conference_plan(request, family_id: int, trajectory_id: int):
    worker, family, access, trajectory = _trajectory_for_plan(request, family_id, trajectory_id)
    if request.method == "GET":
        return redirect("trajectories:detail", family.pk, trajectory.pk)
    form = ConferencePlanForm(request.POST)
    return _act_and_return(
        request, form, trajectory,
        lambda data: services.conference_plan(actor=worker, trajectory=trajectory,
                                              due_by=data["due_by"]),
        done=_("Het casusoverleg is gepland."), invalid=_("Kies een datum."),
    )


@require_GET
def agenda(request):
    worker = worker_of(request)
    day = timezone.localdate()
    is_coordinator = selectors.can_see_caseload(worker)
    # A coordinator carries the team's overdue reviews and case conferences too: the agenda
    # said "Niets dringends" while they were months late (issue 14).
    team = selectors.team_overdue(worker, day) if is_coordinator else None
    return render(request, "trajectories/agenda.html", {
        "agenda": selectors.agenda_for(worker, day), "team": team,
        "is_coordinator": is_coordinator})


CASELOAD_PAGE = 50


@require_GET
def caseload(request):
    worker = worker_of(request)
    if not selectors.can_see_caseload(worker):
        raise Http404
    network_id = worker.organisation.network_id
    # The page and the number of workers in one query (`counted_page`).
    page = counted_page(selectors.caseload_workers(network_id), request.GET.get("page"),
                        CASELOAD_PAGE)
    programmes = selectors.caseload_programmes(network_id)
    return render(request, "trajectories/caseload.html", {
        "page": page, "programmes": programmes,
        "rows": selectors.caseload_rows(list(page.object_list), programmes,
                                        timezone.localdate())})


def _coordinator(request):
    worker = worker_of(request)
    if not services.can_configure_programmes(worker):
        raise Http404
    return worker


@require_GET
def programme_list(request):
    worker = _coordinator(request)
    programmes = Programme.objects.filter(network_id=worker.organisation.network_id)
    return render(request, "trajectories/programme_list.html", {"programmes": programmes})


@require_http_methods(["GET", "POST"])
def programme_edit(request, programme_id: int | None = None):
    worker = _coordinator(request)
    instance = None
    if programme_id is not None:
        instance = Programme.objects.filter(pk=programme_id,
                                            network_id=worker.organisation.network_id).first()
        if instance is None:
            raise Http404
    form = ProgrammeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(actor=worker, programme=form.instance,
                                    expected_version=form.cleaned_data.get("version"),
                                    changed=form.changed_fields)
        except StaleEdit as exc:
            show_stale_edit(form, exc)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Het programma is bewaard."))
            return redirect("trajectories:programmes")
    return render(request, "trajectories/programme_form.html", {"form": form, "object": instance})


def _override_coordinator(request):
    worker = worker_of(request)
    if worker is None or not services._is_network_coordinator(
            worker, worker.organisation.network_id):
        raise Http404
    return worker


@require_GET
def override_list(request):
    """The network's requests to set a programme rule aside: waiting ones first. The family
    shows as far as the coordinator may see it; the reason of a waiting request is read to
    decide it (recorded; `selectors.override_requests_for_coordinator`)."""
    worker = _override_coordinator(request)
    requests = selectors.override_requests_for_coordinator(worker)
    for r in requests:
        r.form = OverrideDecisionForm(initial={"version": r.version})
    return render(request, "trajectories/override_list.html", {"requests": requests})


def override_decide(request, override_id: int):
    worker = _override_coordinator(request)
    override = OverrideRequest.objects.filter(
        pk=override_id, programme__network_id=worker.organisation.network_id).select_related(
        "family__organisation", "programme").first()
    if override is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = OverrideDecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        services.override_decide(actor=worker, request=override, approve=approve,
                                 expected_version=form.cleaned_data.get("version"),
                                 note=form.cleaned_data.get("note") or "")
    except StaleEdit as exc:
        messages.error(request, str(exc.message))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Goedgekeurd.") if approve else _("Geweigerd."))
    return redirect("trajectories:overrides")
