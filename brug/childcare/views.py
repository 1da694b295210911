from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from brug.childcare import price, selectors, services, tariff_data
from brug.childcare.forms import (
    DecisionForm,
    PriceInputsForm,
    ProviderForm,
    RequestForm,
    RulesForm,
)
from brug.childcare.models import ChildcareRequest, PriceInputs, Provider, ground_labels
from brug.core.categories import Category
from brug.core.forms import add_service_error, show_stale_edit
from brug.core.locking import StaleEdit
from brug.core.views import worker_of
from brug.families.selectors import family_get_for_worker
from brug.families.tabs import tabs_for

REQUEST_FIELDS = ["start_date", "days_per_week", "municipality", "neighbourhood", "reasons",
                  "income_tariff_only", "assisted", "preferred", "grounds"]


def _family(request, family_id, *, category=Category.PLAN, purpose="", also=()):
    worker = worker_of(request)
    family, access = family_get_for_worker(worker, family_id, category=category,
                                           purpose=purpose, record=request.method == "GET",
                                           also=also)
    return worker, family, access


def _dossier(family, access, **extra):
    return {"family": family, "access": access, "tabs": tabs_for(family, access),
            "active_tab": "childcare", **extra}


def _providers(family):
    return Provider.objects.filter(network_id=family.organisation.network_id, active=True)


def _can_change(access) -> bool:
    return access.can_change(Category.PLAN) and access.home


@require_http_methods(["GET"])
def tab(request, family_id: int):
    worker, family, access = _family(
        request, family_id, purpose=gettext_noop("kinderopvang bekijken"),
        also=(Category.HOUSEHOLD,))
    rules = services.rules_for(family.organisation.network_id)
    rows = []
    for req in selectors.requests_of(worker, family, access):
        rows.append({
            "request": req,
            "children": [str(c) for c in req.children.all()]
            if access.shows_household else [],
            "grounds": ground_labels(req.ground_list, rules.local_ground)
            if access.shows_household else [],
            "offers": list(req.offers.all()),
            "events": [(e.at, selectors.say(e.text, e.params)) for e in req.events.all()],
        })
    return render(request, "childcare/tab.html", _dossier(
        family, access, rows=rows, can_change=_can_change(access),
        shows_price=access.can_view(Category.RIGHTS)))


@require_http_methods(["GET", "POST"])
def request_create(request, family_id: int):
    worker, family, access = _family(request, family_id, also=(Category.HOUSEHOLD,))
    if not _can_change(access):
        raise PermissionDenied
    rules = services.rules_for(family.organisation.network_id)
    form = RequestForm(request.POST or None, family=family, rules=rules,
                       providers=_providers(family), initial={
                           "municipality": family.municipality,
                           "neighbourhood": family.neighbourhood})
    if request.method == "POST" and form.is_valid():
        try:
            made = services.request_create(
                actor=worker, family=family, request=form.save(commit=False),
                children=list(form.cleaned_data["children"]),
                consent_given_by=form.cleaned_data.get("consent_given_by"))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De aanvraag is bewaard en staat bij het lokaal loket."))
            return redirect("childcare:request", family.pk, made.pk)
    return render(request, "childcare/request_form.html", _dossier(
        family, access, form=form, desk=rules.desk_organisation))


@require_http_methods(["GET", "POST"])
def request_detail(request, family_id: int, childcare_request_id: int):
    worker, family, access = _family(request, family_id,
                                     purpose=gettext_noop("aanvraag kinderopvang"),
                                     also=(Category.HOUSEHOLD,))
    creq = selectors.request_get(worker, family, access, childcare_request_id)
    rules = services.rules_for(family.organisation.network_id)
    can_change = _can_change(access)
    form = RequestForm(instance=creq, family=family, rules=rules, providers=_providers(family),
                       shows_household=access.shows_household)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if request.POST.get("action") == "withdraw":
            try:
                services.request_withdraw(actor=worker, request=creq, expected_version=int(
                    request.POST.get("version") or 0))
            except StaleEdit as exc:
                messages.error(request, exc.message)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("De aanvraag is ingetrokken."))
            return redirect("childcare:request", family.pk, creq.pk)
        form = RequestForm(request.POST, instance=creq, family=family, rules=rules,
                           providers=_providers(family), shows_household=access.shows_household)
        if form.is_valid():
            try:
                services.request_edit(
                    actor=worker, request=form.save(commit=False),
                    children=list(form.cleaned_data["children"]),
                    expected_version=form.cleaned_data["version"] or creq.version,
                    fields=REQUEST_FIELDS)
            except StaleEdit as exc:
                show_stale_edit(form, exc, ChildcareRequest.objects.get(pk=creq.pk))
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("De aanvraag is aangepast."))
                return redirect("childcare:request", family.pk, creq.pk)
    offers = list(creq.offers.select_related("provider"))
    events = [(e.at, selectors.say(e.text, e.params)) for e in creq.events.all()]
    return render(request, "childcare/request_detail.html", _dossier(
        family, access, creq=creq, form=form, offers=offers, events=events,
        can_change=can_change and creq.status == "open",
        can_withdraw=can_change and creq.status != "withdrawn"))


@require_http_methods(["GET", "POST"])
def offer_detail(request, family_id: int, offer_id: int):
    worker, family, access = _family(request, family_id,
                                     purpose=gettext_noop("voorstel kinderopvang"))
    offer = selectors.offer_get(worker, family, access, offer_id)
    rules = services.rules_for(family.organisation.network_id)
    may_decide = offer.status == "proposed" and services.may_decide(worker, offer)
    form = DecisionForm(request.POST or None, initial={"version": offer.version})
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.offer_decide(actor=worker, offer=offer, accept=d["decision"] == "accept",
                                      note=d["note"], expected_version=d["version"])
            except StaleEdit as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("De beslissing van het gezin is bewaard."))
                return redirect("childcare:request", family.pk, offer.request_id)
    reasons = []
    for text, params in offer.reasons:
        if "grounds" in params and not access.shows_household:
            params = {**params, "grounds": None}
        reasons.append(selectors.say(text, params, local_ground=rules.local_ground))
    return render(request, "childcare/offer.html", _dossier(
        family, access, offer=offer, reasons=reasons, form=form, may_decide=may_decide))


def _on(request) -> date:
    raw = request.GET.get("op", "")
    try:
        return date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@require_http_methods(["GET", "POST"])
def price_view(request, family_id: int):
    worker, family, access = _family(request, family_id, category=Category.RIGHTS,
                                     purpose=gettext_noop("inkomenstarief kinderopvang"))
    inputs = PriceInputs.objects.filter(family_id=family.pk).first() or PriceInputs()
    can_change = access.can_change(Category.RIGHTS) and access.home
    form = PriceInputsForm(request.POST or None, instance=inputs)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.price_inputs_save(
                    actor=worker, family=family, inputs=form.save(commit=False),
                    expected_version=form.cleaned_data.get("version"),
                    fields=["income", "income_refused", "children_in_charge",
                            "multiple_births", "reduction", "short_day"])
            except StaleEdit as exc:
                show_stale_edit(form, exc, PriceInputs.objects.get(pk=inputs.pk))
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("De gegevens zijn bewaard."))
                return redirect(request.path + (f"?op={request.GET['op']}"
                                                if request.GET.get("op") else ""))
    on = _on(request)
    result = None
    if inputs.pk:
        try:
            result = price.compute(inputs.price_input(), on, tariff_data.PARAMETERS)
        except price.PriceInputError as exc:
            for field, msg, params in exc.errors:
                form.add_error(field if field in form.fields else None, _(msg) % params)
    lines = [selectors.say(line.text, line.params) for line in result.lines] if result else []
    return render(request, "childcare/price.html", _dossier(
        family, access, form=form, result=result, lines=lines, on=on, can_change=can_change,
        euro=price.euro, figures=[
            {"label": _(f.label), "value": price.euro(f.value) if f.value is not None and
             f.key != "bands" else "", "source": f.source, "verified": f.verified and f.known,
             "note": _(f.note) if f.note else ""} for f in (result.figures if result else ())],
        amount=price.euro(result.amount) if result and result.amount is not None else "",
        low=price.euro(result.low) if result and result.low is not None else "",
        high=price.euro(result.high) if result and result.high is not None else ""))


@require_http_methods(["GET", "POST"])
def desk(request):
    worker = worker_of(request)
    rules = services.rules_for(worker.organisation.network_id)
    if not services.is_desk(worker, rules):
        raise Http404
    if request.method == "POST":
        try:
            services.offer_make(actor=worker, request_id=int(request.POST.get("request") or 0))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Het voorstel is gemaakt; het gezin beslist."))
        return redirect("childcare:desk")
    rules, providers, requests, result = services.allocation_inputs(worker.organisation
                                                                    .network_id)
    proposals, waiting = selectors.desk_view(worker, rules, providers, requests, result)
    return render(request, "childcare/desk.html", {
        "rules": rules, "proposals": proposals, "waiting": waiting,
        "grounds": ground_labels(rules.ground_list, rules.local_ground),
        "is_coordinator": services.is_coordinator(worker)})


@require_http_methods(["GET", "POST"])
def providers(request):
    worker = worker_of(request)
    network_id = worker.organisation.network_id
    is_desk = services.is_desk(worker)
    listed = Provider.objects.filter(network_id=network_id)
    if not is_desk:
        listed = listed.filter(organisation_id=worker.organisation_id)
        if not listed.exists():
            raise Http404
    form = ProviderForm(request.POST or None, network_id=network_id) if is_desk else None
    if request.method == "POST":
        if not is_desk:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.provider_save(actor=worker, provider=form.save(commit=False),
                                       expected_version=None, fields=[])
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("De opvang is bewaard."))
                return redirect("childcare:providers")
    free = services.free_places(list(listed))
    rows = [{"provider": p, "free": free[p.pk]} for p in listed]
    return render(request, "childcare/providers.html", {"rows": rows, "form": form,
                                                        "is_desk": is_desk})


@require_http_methods(["GET", "POST"])
def provider_detail(request, provider_id: int):
    worker = worker_of(request)
    provider = Provider.objects.filter(pk=provider_id,
                                       network_id=worker.organisation.network_id).first()
    is_desk = services.is_desk(worker)
    own = provider is not None and provider.organisation_id == worker.organisation_id and \
        worker.has_role("supporter", "experience_expert", "partner", "coordinator")
    if provider is None or not (is_desk or own):
        raise Http404
    form = ProviderForm(request.POST or None, instance=provider,
                        network_id=provider.network_id) if is_desk else None
    if request.method == "POST":
        if not is_desk:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.provider_save(
                    actor=worker, provider=form.save(commit=False),
                    expected_version=form.cleaned_data.get("version"),
                    fields=["name", "kind", "municipality", "neighbourhood", "income_tariff",
                            "baby_places", "toddler_places", "organisation", "active"])
            except StaleEdit as exc:
                show_stale_edit(form, exc, Provider.objects.get(pk=provider.pk))
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("De opvang is bewaard."))
                return redirect("childcare:provider", provider.pk)
    offers = selectors.provider_offers(worker, provider) if own else []
    return render(request, "childcare/provider.html", {
        "provider": provider, "form": form, "offers": offers, "own": own,
        "free": services.free_places([provider])[provider.pk]})


@require_http_methods(["GET", "POST"])
def rules(request):
    worker = worker_of(request)
    if not services.is_coordinator(worker):
        raise Http404
    network_id = worker.organisation.network_id
    current = services.rules_for(network_id)
    form = RulesForm(request.POST or None, instance=current, network_id=network_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.rules_save(actor=worker, rules=form.save(commit=False),
                                expected_version=form.cleaned_data.get("version"),
                                fields=["priority_share", "grounds", "local_ground",
                                        "desk_organisation"])
        except StaleEdit as exc:
            show_stale_edit(form, exc, services.rules_for(network_id))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De voorrangsregels zijn bewaard."))
            return redirect("childcare:desk")
    return render(request, "childcare/rules.html", {"form": form})
