from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from brug.access import policy
from brug.aid import rules, services
from brug.aid.forms import AidForm, BookingForm, FundForm, NeedForm
from brug.aid.models import AidRecord, Fund, InterpreterBooking, InterpreterNeed
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.forms import add_service_error, show_stale_edit
from brug.core.locking import StaleEdit
from brug.core.models import AuditAction
from brug.core.spreadsheet import SafeWriter
from brug.core.views import worker_of
from brug.families.selectors import family_get_for_worker
from brug.families.tabs import tabs_for


def _family(request, family_id, category, *, purpose="", also=()):
    worker = worker_of(request)
    family, access = family_get_for_worker(worker, family_id, category=category, purpose=purpose,
                                           record=request.method == "GET", also=also)
    return worker, family, access


@require_http_methods(["GET"])
def aid_tab(request, family_id: int):
    worker, family, access = _family(request, family_id, Category.RIGHTS,
                                     purpose=gettext_noop("steun bekijken"),
                                     also=(Category.HOUSEHOLD, Category.PLAN))
    records = list(policy.history_filter(worker, access, "aid_record",
                                         AidRecord.objects.filter(family=family))
                   .select_related("fund")[:50])
    suggestions = sorted({r for rec in records if (r := services.structural_right_for(rec.fund))})
    needs = (list(InterpreterNeed.objects.filter(family=family))
             if access.can_view(Category.HOUSEHOLD) else [])
    bookings = (list(InterpreterBooking.objects.filter(family=family)
                     .filter(policy.history_q(worker, access, "interpreter_booking"))
                     .select_related("interpreter_member")[:30])
                if access.can_view(Category.PLAN) else [])
    return render(request, "aid/tab.html", {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "aid", "records": records, "suggestions": suggestions,
        "needs": needs, "bookings": bookings,
        "can_change": access.can_change(Category.RIGHTS) and access.home,
        "can_book": access.can_change(Category.PLAN) and access.home,
        "can_need": access.can_change(Category.HOUSEHOLD) and access.home,
        "shows_household": access.can_view(Category.HOUSEHOLD),
        "shows_plan": access.can_view(Category.PLAN)})


@require_http_methods(["GET", "POST"])
def aid_add(request, family_id: int):
    worker, family, access = _family(request, family_id, Category.RIGHTS)
    if not (access.can_change(Category.RIGHTS) and access.home):
        raise PermissionDenied
    form = AidForm(request.POST or None, family=family)
    hint = None
    if request.method == "POST" and form.is_valid():
        try:
            record = services.aid_record(actor=worker, family=family,
                                         record=form.save(commit=False))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De steun is bewaard."))
            if services.structural_right_for(record.fund):
                messages.info(request, _("Voedselhulp is noodhulp: vraag samen met het gezin "
                                         "leefloon of aanvullende OCMW-steun aan."))
            return redirect("aid:tab", family.pk)
    fund_id = request.GET.get("fonds")
    if fund_id and fund_id.isdigit():
        fund = Fund.objects.filter(pk=int(fund_id),
                                   network_id=family.organisation.network_id).first()
        if fund:
            today = timezone.localdate()
            hint = rules.suggested_amount(fund.rule(),
                                          services.situation(fund, family, today, 0))
    return render(request, "aid/aid_form.html", {"family": family, "form": form, "hint": hint})


@require_http_methods(["GET", "POST"])
def need_add(request, family_id: int):
    worker, family, access = _family(request, family_id, Category.HOUSEHOLD)
    if not (access.can_change(Category.HOUSEHOLD) and access.home):
        raise PermissionDenied
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_record(actor=worker, family=family, need=form.save(commit=False))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De nood aan een tolk is bewaard."))
            return redirect("aid:tab", family.pk)
    return render(request, "aid/simple_form.html", {
        "family": family, "form": form, "title": _("Een tolk nodig"),
        "button": _("Bewaren")})


def need_end(request, family_id: int, need_id: int):
    worker, family, access = _family(request, family_id, Category.HOUSEHOLD)
    need = InterpreterNeed.objects.filter(family=family, pk=need_id).first()
    if need is None:
        raise Http404
    if request.method != "POST":  # after the access check: an outsider learns nothing
        return HttpResponseNotAllowed(["POST"])
    try:
        services.need_end(actor=worker, need=need,
                          expected_version=int(request.POST.get("version") or 0))
    except StaleEdit as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Genoteerd: geen tolk meer nodig."))
    return redirect("aid:tab", family.pk)


@require_http_methods(["GET", "POST"])
def booking_add(request, family_id: int):
    worker, family, access = _family(request, family_id, Category.PLAN)
    if not (access.can_change(Category.PLAN) and access.home):
        raise PermissionDenied
    from brug.trajectories.models import CaseConference, Contact

    form = BookingForm(
        request.POST or None, family=family,
        contacts=Contact.objects.filter(family=family).filter(policy.dated_q(
            worker, access, "happened_on", category_field="category")).order_by("-happened_on"),
        conferences=CaseConference.objects.filter(trajectory__family=family).filter(
            policy.history_q(worker, access, "conference")),
        initial={"language": (InterpreterNeed.objects.filter(family=family, ended_on=None)
                              .values_list("language", flat=True).first() or "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_record(actor=worker, family=family,
                                    booking=form.save(commit=False))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De tolk is geboekt."))
            return redirect("aid:tab", family.pk)
    return render(request, "aid/simple_form.html", {
        "family": family, "form": form, "title": _("Een tolk boeken"),
        "button": _("Tolk boeken")})


def _coordinator(request):
    worker = worker_of(request)
    if not services.manages_funds(worker):
        raise Http404
    return worker


def _year(request) -> int:
    raw = request.GET.get("jaar", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


@require_http_methods(["GET"])
def funds(request):
    worker = _coordinator(request)
    year = _year(request)
    return render(request, "aid/funds.html", {
        "funds": Fund.objects.filter(network_id=worker.organisation.network_id)
        .select_related("organisation"),
        "totals": services.totals(worker.organisation.network_id, year=year), "year": year})


@require_http_methods(["GET"])
def funds_export(request):
    worker = _coordinator(request)
    year = _year(request)
    rows = services.totals(worker.organisation.network_id, year=year)
    out = io.StringIO()
    writer = SafeWriter(out, delimiter=";")
    writer.writerow([_("fonds"), _("jaar"), _("bedrag"), _("aantal keer"), _("gezinnen"),
                     _("budget")])
    for r in rows:
        writer.writerow([r["fund"], year, f"{r['amount']:.2f}".replace(".", ","), r["grants"],
                         r["families"] if r["families"] is not None else _("minder dan 3"),
                         f"{r['budget']:.2f}".replace(".", ",") if r["budget"] is not None
                         else ""])
    audit_record(actor=worker, family_id=None, category=services.NETWORK,
                 action=AuditAction.EXPORT,
                 detail=gettext_noop("totalen per fonds %(y)s") % {"y": year})
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="steun-{year}.csv"'
    return response


@require_http_methods(["GET", "POST"])
def fund_edit(request, fund_id: int | None = None):
    worker = _coordinator(request)
    network_id = worker.organisation.network_id
    fund = None
    if fund_id is not None:
        fund = Fund.objects.filter(pk=fund_id, network_id=network_id).first()
        if fund is None:
            raise Http404
    form = FundForm(request.POST or None, instance=fund, network_id=network_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.fund_save(actor=worker, fund=form.save(commit=False),
                               expected_version=form.cleaned_data.get("version")
                               or (fund.version if fund else None),
                               fields=[f for f in form.Meta.fields])
        except StaleEdit as exc:
            show_stale_edit(form, exc, Fund.objects.get(pk=fund.pk))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het fonds is bewaard."))
            return redirect("aid:funds")
    return render(request, "aid/simple_form.html", {
        "form": form, "title": _("Fonds of regeling"), "button": _("Fonds bewaren")})

