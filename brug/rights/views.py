"""The rights tab, answers to its questions, claims, the family schema and the catalogue."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from brug.access import policy
from brug.core.categories import Category
from brug.core.domains import LifeDomain
from brug.core.forms import add_service_error, show_stale_edit
from brug.core.i18n import render_family_print
from brug.core.locking import StaleEdit
from brug.core.views import worker_of
from brug.families import selectors as family_selectors
from brug.families.tabs import tabs_for
from brug.rights import selectors, services
from brug.rights.engine import DOMAINS, LEVELS, Status
from brug.rights.engine.questions import question_for
from brug.rights.engine.vocabulary import FACTS
from brug.rights.forms import AnswerForm, ClaimForm, fact_type
from brug.rights.models import NEXT_STATUS, RECEIVED_PREFIX

MAX_QUESTIONS = 8


def domain_label(code: str) -> str:
    """A life domain's name in the active language, capitalised: the engine's `DOMAINS`
    holds the Dutch names only (it is framework-free), which the schema printed as such."""
    return str(LifeDomain(code).label).capitalize()


def _family(request, family_id, *, record=True, purpose=""):
    worker = worker_of(request)
    family, access = family_selectors.family_get_for_worker(
        worker, family_id, category=Category.RIGHTS, record=record, purpose=purpose)
    return worker, family, access


def _results_context(family, access, *, answer_errors=None, bound=None, worker=None):
    """Everything the results block shows: per domain the missed rights, the questions.

    `bound`: the forms of the answers just sent, by key (or one form), shown again with what
    was typed and its question's text."""
    if bound is not None and not isinstance(bound, dict):
        bound = {bound.fact_key: bound}
    bound = bound or {}
    on = timezone.localdate()
    dossier = selectors.dossier_of(family, on, categories=access.categories)
    evaluation, dossier_errors = selectors.evaluation_of(dossier, on)
    shown_claims = selectors.visible_claim_ids(worker, family, access)
    answer_errors = answer_errors or {}
    questions, domains = [], []
    if evaluation is not None:
        for n, q in enumerate(evaluation.questions[:MAX_QUESTIONS]):
            key = dossier.storage_key(q.key)
            form = bound.get(key) or AnswerForm(key=key, label=q.text, prefix=key)
            form.auto_id = f"q{n}_%s"
            form.fields["value"].label = q.text
            form["value"].label = q.text  # a bound form has built its fields already
            questions.append({"q": q, "key": key, "form": form,
                              "errors": answer_errors.pop(key, [])})
        # An answer that was refused keeps its question even when the order would not show it
        # now (e.g. the exact income while the income band is still unknown): nothing typed is
        # lost.
        shown = {item["key"] for item in questions}
        for key, form in bound.items():
            if key in shown or key not in FACTS or not form.errors:
                continue
            q = question_for(key, None)
            form.auto_id = f"q{len(questions)}_%s"
            form.fields["value"].label = q.text
            form["value"].label = q.text
            questions.append({"q": q, "key": key, "form": form,
                              "errors": answer_errors.pop(key, [])})
        by_domain = evaluation.by_domain()
        rank = {Status.LIKELY: 0, Status.POSSIBLY: 1}
        for domain in DOMAINS:
            results = by_domain.get(domain, ())
            if not results:
                continue
            missed = sorted((r for r in results if r.status in rank),
                            key=lambda r: (rank[r.status], r.right.name))
            domains.append({
                "key": domain, "label": domain_label(domain),
                "missed": [{"r": r, "claim": dossier.claims.get(r.right.id)
                            if shown_claims is None or r.right.id in shown_claims else None}
                           for r in missed],
                "received": [r for r in results if r.status == Status.RECEIVED],
                "not": [r for r in results if r.status == Status.NOT],
            })
    return {
        "known": _known_facts(family, dossier),
        "family": family, "access": access, "can_change": access.can_change(Category.RIGHTS),
        "evaluation": evaluation, "dossier_errors": dossier_errors, "questions": questions,
        "domains": domains,
        "skipped": [dossier.member_labels[m.pk] for m in dossier.skipped],
        "other_errors": answer_errors,
        "received_prefix": RECEIVED_PREFIX, "on": on,
    }


def _known_facts(family, dossier) -> list[dict]:
    """The recorded facts (latest per key) in plain Dutch, with who recorded them and when."""
    members = {str(pk): None for pk in dossier.member_ids}
    cat = selectors.catalogue()
    rows = []
    for key, fact in dossier.facts.items():
        if fact.value is None:
            continue
        kind, choices = fact_type(key)
        if key.startswith(RECEIVED_PREFIX):
            right = cat.by_id.get(key[len(RECEIVED_PREFIX):])
            label = _("Krijgt al: %(right)s") % {"right": right.name if right else key}
        elif key.startswith("member:"):
            _p, member_id, name = key.split(":", 2)
            if member_id not in members:
                continue
            label = _("Gezinslid %(n)s: %(field)s") % {
                "n": dossier.member_labels.get(int(member_id), ""),
                "field": _("school") if name == "school_level" else _("handicap")}
        else:
            label = FACTS[key].label if key in FACTS else key
        if kind == "bool":
            value = _("ja") if fact.value else _("nee")
        else:
            value = choices.get(fact.value, fact.value)
        rows.append({"key": key, "label": label, "value": value,
                     "by": fact.recorded_by.display_name,
                     "at": fact.recorded_at})
    return sorted(rows, key=lambda r: str(r["label"]))


@require_GET
def rights_tab(request, family_id: int):
    worker, family, access = _family(request, family_id, purpose=gettext_noop("rechten bekijken"))
    context = _results_context(family, access, worker=worker)
    context.update(tabs=tabs_for(family, access), active_tab="rights")
    return render(request, "rights/tab.html", context)


@require_http_methods(["GET", "POST"])
def answer(request, family_id: int):
    """Record one answer; htmx gets the results block back, others a redirect or the page."""
    worker, family, access = _family(request, family_id, record=False)
    if request.method == "GET":
        return redirect("rights:tab", family.pk)
    if not access.can_change(Category.RIGHTS):
        raise PermissionDenied(_("Je mag dit dossier niet wijzigen."))
    if "keys" in request.POST:
        return _answer_several(request, worker, family, access)
    key = request.POST.get("key", "")
    if not services.storable_key(family, key):
        raise Http404
    form = AnswerForm(request.POST, key=key)
    errors: dict[str, list[str]] = {}
    if form.is_valid():
        try:
            services.fact_record(actor=worker, family=family, key=key,
                                 value=form.cleaned_data["value"])
        except ValidationError as exc:
            errors[key] = exc.messages
        else:
            if not request.htmx:
                messages.success(request, _("Het antwoord is genoteerd."))
                return redirect("rights:tab", family.pk)
            form = None
    else:
        errors[key] = [m for ms in form.errors.values() for m in ms]
    if form is not None:  # shown again inside the questions form, under its own name
        form = AnswerForm({f"{key}-key": key, f"{key}-value": request.POST.get("value", "")},
                          key=key, prefix=key)
    context = _results_context(family, access, worker=worker, answer_errors=errors,
                               bound=form)
    if request.htmx:
        return render(request, "rights/_results.html", context)
    context.update(tabs=tabs_for(family, access), active_tab="rights")
    return render(request, "rights/tab.html", context, status=200)


def _answer_several(request, worker, family, access):
    """The questions form: every question answered is recorded, one by one (each answer is a
    fact of its own, audited); "weet ik niet" records nothing. A refused answer stays in the
    form, under its question, with what was typed; the others are kept."""
    keys = list(dict.fromkeys(request.POST.getlist("keys")))[:MAX_QUESTIONS]
    if not all(services.storable_key(family, key) for key in keys):
        raise Http404
    errors: dict[str, list[str]] = {}
    kept: dict[str, AnswerForm] = {}
    recorded = 0
    for key in keys:
        form = AnswerForm(request.POST, key=key, prefix=key)
        if not form.is_valid():
            errors[key] = [m for ms in form.errors.values() for m in ms]
            kept[key] = form
            continue
        if form.cleaned_data["value"] is None:
            continue
        try:
            services.fact_record(actor=worker, family=family, key=key,
                                 value=form.cleaned_data["value"])
        except ValidationError as exc:
            errors[key] = exc.messages
            kept[key] = form
        else:
            recorded += 1
    if not errors and not request.htmx:
        if recorded:
            messages.success(request, ngettext("%(n)d antwoord is genoteerd.",
                                               "%(n)d antwoorden zijn genoteerd.", recorded)
                             % {"n": recorded})
        return redirect("rights:tab", family.pk)
    context = _results_context(family, access, worker=worker, answer_errors=errors,
                               bound=kept)
    if request.htmx:
        return render(request, "rights/_results.html", context)
    context.update(tabs=tabs_for(family, access), active_tab="rights")
    return render(request, "rights/tab.html", context, status=200)


@require_http_methods(["GET", "POST"])
def fact_forget(request, family_id: int):
    """Undo a wrong answer: the fact becomes unknown again (history keeps the old value)."""
    worker, family, access = _family(request, family_id, record=False)
    if request.method == "GET":
        return redirect("rights:tab", family.pk)
    if not access.can_change(Category.RIGHTS):
        raise PermissionDenied(_("Je mag dit dossier niet wijzigen."))
    key = request.POST.get("key", "")
    if not services.storable_key(family, key):
        raise Http404
    try:
        services.fact_record(actor=worker, family=family, key=key, value=None)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Het antwoord is gewist; de vraag staat weer open."))
    return redirect("rights:tab", family.pk)


@require_http_methods(["GET", "POST"])
def claim(request, family_id: int, right_id: str):
    """One right for this family: the claim's stand, its dated history, the next step."""
    worker, family, access = _family(request, family_id, record=request.method == "GET",
                                     purpose=gettext_noop("aanvraag van een recht bekijken"))
    right = selectors.right_get(right_id)
    claim = selectors.claim_get_for_worker(worker, family, access, right_id)
    current = claim.status if claim else None
    can_change = access.can_change(Category.RIGHTS)
    form = ClaimForm(request.POST or None, next_statuses=NEXT_STATUS.get(current, ()),
                     version=claim.version if claim else None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(_("Je mag dit dossier niet wijzigen."))
        if form.is_valid():
            try:
                services.claim_change(
                    actor=worker, family=family, right_id=right_id,
                    status=form.cleaned_data["status"],
                    happened_on=form.cleaned_data["happened_on"],
                    note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data["version"])
            except StaleEdit as exc:
                show_stale_edit(form, exc, selectors.claim_get(family, right_id))
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("De stand van de aanvraag is bewaard."))
                return redirect("rights:claim", family.pk, right_id)
    events = selectors.claim_events(worker, claim, access) if claim else []
    context = {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "rights", "right": right, "claim": claim, "events": events,
        "form": form if NEXT_STATUS.get(current) and can_change else None,
    }
    return render(request, "rights/claim.html", context)


@require_GET
def schema(request, family_id: int):
    """Printable: the family's own rights per life domain, in plain words."""
    worker, family, access = _family(request, family_id,
                                     purpose=gettext_noop("rechtenschema afdrukken"))
    on = timezone.localdate()
    dossier = selectors.dossier_of(family, on, categories=access.categories)
    evaluation, errors = selectors.evaluation_of(dossier, on)

    def context():
        pages = []
        if evaluation is not None:
            by_domain = evaluation.by_domain()
            for domain in DOMAINS:
                rights = [r.right for r in by_domain.get(domain, ())
                          if r.status in (Status.LIKELY, Status.POSSIBLY)]
                if rights:
                    pages.append({"label": domain_label(domain),
                                  "rights": sorted(rights, key=lambda r: r.name)})
        return {"family": family, "pages": pages, "today": on, "errors": errors}

    # In the family's language (`?taal=`; docs/i18n.md); the domain labels too.
    return render_family_print(request, family, "rights/schema.html", context)


@require_GET
def catalogue(request):
    """The catalogue for coordinators: every right with its figures, dates and sources."""
    worker = worker_of(request)
    if not policy.can_manage_network(worker):
        raise Http404
    today = timezone.localdate()
    outdated_before = today - timedelta(days=18 * 30)
    cat = selectors.catalogue()
    rights = []
    for right in sorted(cat.rights, key=lambda r: (list(DOMAINS).index(r.domain), r.name)):
        figures = []
        for pid in sorted(right.params):
            param = cat.parameters.get(pid)
            if param is None:
                continue
            value = param.at(today)
            figures.append({
                "param": param, "value": value,
                "outdated": value is not None and value.valid_from < outdated_before,
            })
        rights.append({"right": right, "level": LEVELS.get(right.level, right.level),
                       "figures": figures})
    return render(request, "rights/catalogue.html", {"rights": rights, "today": today})



# -- Population screening (coordinators; brug/rights/screening.py) ----------------------------

def _screener(request):
    worker = worker_of(request)
    if not policy.can_screen_rights(worker):
        raise Http404
    return worker


@require_http_methods(["GET", "POST"])
def screen(request):
    """Start a screening: upload a CSV/XLSX or pick a worker's caseload; the recent runs."""
    from brug.rights import screening
    from brug.rights.forms import ScreeningCaseloadForm, ScreeningUploadForm

    worker = _screener(request)
    upload_form = ScreeningUploadForm(prefix="upload")
    caseload_form = ScreeningCaseloadForm(prefix="caseload", coordinator=worker)
    refused = []
    if request.method == "POST":
        on = timezone.localdate()
        if request.POST.get("source") == "caseload":
            caseload_form = ScreeningCaseloadForm(request.POST, prefix="caseload",
                                                  coordinator=worker)
            if caseload_form.is_valid():
                run = screening.run_from_caseload(
                    actor=worker, subject=caseload_form.cleaned_data["worker"], on=on)
                return redirect("rights:screen-run", run_id=run.pk)
        else:
            upload_form = ScreeningUploadForm(request.POST, request.FILES, prefix="upload")
            if upload_form.is_valid():
                try:
                    run = screening.run_from_upload(
                        actor=worker, upload=upload_form.cleaned_data["file"], on=on)
                except screening.ScreeningRefused as exc:
                    refused = exc.errors
                else:
                    return redirect("rights:screen-run", run_id=run.pk)
    runs = screening.runs_of(worker)
    status = 400 if request.method == "POST" else 200
    return render(request, "rights/screen.html", {
        "upload_form": upload_form, "caseload_form": caseload_form, "refused": refused,
        "runs": runs, "retention_days": screening.RETENTION_DAYS,
        "max_households": screening.MAX_HOUSEHOLDS,
    }, status=status)


@require_GET
def screen_run(request, run_id: int):
    """A run: its progress bar while it runs, then the results."""
    from brug.rights import screening

    worker = _screener(request)
    run = screening.run_get(worker, run_id)
    context = {"run": run, "retention_days": screening.RETENTION_DAYS}
    if run.status == "done":
        try:
            page = int(request.GET.get("pagina", "1"))
        except ValueError:
            page = 1
        households, pages = screening.households_page(worker, run, page)
        summary, hidden = screening.network_summary(run)
        context.update({
            "by_right": screening.results_by_right(run), "summary": summary,
            "hidden": hidden, "households": households, "page": min(max(page, 1), pages),
            "pages": pages, "min_group": 3, "errors": screening.errors_of(worker, run),
        })
    return render(request, "rights/screen_run.html", context)


@require_http_methods(["GET", "POST"])
def screen_step(request, run_id: int):
    """Advance the run by one chunk. htmx: the progress fragment again (it polls itself),
    or a full reload when done; without JavaScript: back to the run page."""
    from brug.rights import screening

    worker = _screener(request)
    if request.method == "GET":  # only posts advance; a run of someone else is a 404 first
        return redirect("rights:screen-run", run_id=screening.run_get(worker, run_id).pk)
    run = screening.advance(actor=worker, run_id=run_id)
    if not getattr(request, "htmx", False):
        return redirect("rights:screen-run", run_id=run.pk)
    response = render(request, "rights/_screen_progress.html", {"run": run})
    if run.status == "done":
        response["HX-Refresh"] = "true"
    return response


def _download(content, content_type: str, filename: str):
    from django.http import HttpResponse

    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def screen_csv(request, run_id: int):
    from brug.rights import screening

    worker = _screener(request)
    run = screening.run_get(worker, run_id)
    return _download(screening.export_csv(worker, run), "text/csv; charset=utf-8",
                     f"gemiste-rechten-{run.pk}.csv")


@require_GET
def screen_xlsx(request, run_id: int):
    from brug.rights import screening

    worker = _screener(request)
    run = screening.run_get(worker, run_id)
    return _download(
        screening.export_xlsx(worker, run),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"gemiste-rechten-{run.pk}.xlsx")


@require_GET
def screen_errors(request, run_id: int):
    from brug.rights import screening

    worker = _screener(request)
    run = screening.run_get(worker, run_id)
    return _download(screening.errors_csv(worker, run), "text/csv; charset=utf-8",
                     f"fouten-{run.pk}.csv")
