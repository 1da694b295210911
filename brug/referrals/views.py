from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from brug.core.categories import Category
from brug.core.forms import add_service_error
from brug.core.locking import StaleEdit
from brug.core.views import worker_of
from brug.directory import rules
from brug.directory import selectors as directory_selectors
from brug.families.selectors import family_get_for_worker
from brug.families.tabs import tabs_for
from brug.referrals import selectors, services
from brug.referrals.forms import (
    AcceptForm,
    CloseForm,
    DeclineForm,
    OverdueForm,
    ReferralForm,
    WithdrawForm,
)
from brug.referrals.models import ReferralStatus

PAGE_SIZE = 25


def _age_days(referral) -> int:
    return (timezone.now() - referral.sent_at).days


@require_GET
def family_tab(request, family_id: int):
    worker = worker_of(request)
    family, access = family_get_for_worker(worker, family_id, category=Category.IDENTITY,
                                           purpose=gettext_noop("doorverwijzingen bekijken"))
    context = {"family": family, "access": access, "tabs": tabs_for(family, access),
               "active_tab": "referrals",
               "referrals": selectors.of_family(worker, family, access),
               "may_refer": access.home and access.may_change}
    return render(request, "referrals/family_tab.html", context)


@require_http_methods(["GET", "POST"])
def referral_create(request, family_id: int, service_id: int):
    worker = worker_of(request)
    family, access = family_get_for_worker(worker, family_id, category=Category.IDENTITY,
                                           record=request.method == "GET")
    if not (access.home and access.may_change):
        raise PermissionDenied(_("Je mag dit gezin niet doorverwijzen."))
    service = directory_selectors.service_get(worker, service_id)
    to_org = service.provider.organisation
    covered = services.covered_categories(family, to_org) if to_org else set()
    form = ReferralForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_send(
                actor=worker, family=family, service=service, question=data["question"],
                categories=data["categories"], urgency=data["urgency"],
                consent_given_by=data["given_by"] if data["consent_now"] else None,
                member=data["member"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De doorverwijzing is verstuurd naar %(org)s.") % {
                "org": referral.to_organisation.short_name})
            return redirect("referrals:detail", referral.pk)
    covered_labels = [str(Category(c).label) for c in sorted(covered) if c in Category.values]
    # Said before anything is typed; after a POST the form's own error says it.
    decision = rules.may_refer(actor=worker, family=family, service=service) \
        if request.method == "GET" else None
    return render(request, "referrals/referral_form.html", {
        "form": form, "family": family, "service": service, "to_org": to_org,
        "covered_labels": covered_labels,
        "refusal": decision.reason if decision and not decision.allowed else ""})


@require_GET
def referral_detail(request, referral_id: int):
    worker = worker_of(request)
    referral, side, access = selectors.referral_get_for_worker(worker, referral_id)
    shows_family = access.can_view(Category.IDENTITY)
    # Who the referral is about is household information: shown only with that category.
    shows_member = shows_family and access.can_view(Category.HOUSEHOLD)
    version = {"version": referral.version}
    context = {
        "r": referral, "side": side, "access": access, "shows_family": shows_family,
        "shows_member": shows_member,
        "age": _age_days(referral),
        "may_answer": side == "receiver" and referral.status == ReferralStatus.SENT,
        "may_withdraw": referral.status == ReferralStatus.SENT and access.may_manage,
        "may_close": (referral.status == ReferralStatus.ACCEPTED
                      and (side == "receiver" or access.may_manage)),
        "accept_form": AcceptForm(initial=version),
        "decline_form": DeclineForm(initial=version),
        "withdraw_form": WithdrawForm(initial=version),
        "close_form": CloseForm(initial=version),
    }
    return render(request, "referrals/referral_detail.html", context)


def _act(request, referral_id, form_class, action, success):
    worker = worker_of(request)
    referral, side, access = selectors.referral_get_for_worker(worker, referral_id, record=False)
    # Access first, then the method: an outsider learns nothing, not even that the URL exists.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = form_class(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            action(worker, referral, data, version)
        except StaleEdit as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, success)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("referrals:detail", referral.pk)


@require_http_methods(["GET", "POST"])
def referral_accept(request, referral_id: int):
    return _act(request, referral_id, AcceptForm,
                lambda w, r, d, v: services.referral_accept(actor=w, referral=r,
                                                            expected_version=v),
                _("Je hebt de doorverwijzing aanvaard."))


@require_http_methods(["GET", "POST"])
def referral_decline(request, referral_id: int):
    return _act(request, referral_id, DeclineForm,
                lambda w, r, d, v: services.referral_decline(actor=w, referral=r,
                                                             reason=d["reason"],
                                                             expected_version=v),
                _("Je hebt de doorverwijzing geweigerd. De verwijzer ziet je reden."))


@require_http_methods(["GET", "POST"])
def referral_withdraw(request, referral_id: int):
    return _act(request, referral_id, WithdrawForm,
                lambda w, r, d, v: services.referral_withdraw(actor=w, referral=r,
                                                              reason=d["reason"],
                                                              expected_version=v),
                _("De doorverwijzing is ingetrokken."))


@require_http_methods(["GET", "POST"])
def referral_close(request, referral_id: int):
    return _act(request, referral_id, CloseForm,
                lambda w, r, d, v: services.referral_close(actor=w, referral=r,
                                                           outcome=d["outcome"], note=d["note"],
                                                           expected_version=v),
                _("De doorverwijzing is afgesloten."))


@require_GET
def inbox(request):
    worker = worker_of(request)
    open_only = request.GET.get("alles") != "1"
    received = Paginator(selectors.received(worker, open_only=open_only), PAGE_SIZE).get_page(
        request.GET.get("page"))
    sent = Paginator(selectors.sent(worker, open_only=open_only), PAGE_SIZE).get_page(
        request.GET.get("page_sent"))
    received_rows = selectors.with_families_seen(worker, received.object_list)
    sent_rows = selectors.with_families_seen(worker, sent.object_list)
    for r in received_rows + sent_rows:
        r.age = _age_days(r)
    return render(request, "referrals/inbox.html",
                  {"received": received, "sent": sent, "received_rows": received_rows,
                   "sent_rows": sent_rows, "open_only": open_only})


@require_GET
def overdue(request):
    worker = worker_of(request)
    form = OverdueForm(request.GET or None)
    days = 14
    if form.is_valid() and form.cleaned_data.get("days") is not None:
        days = form.cleaned_data["days"]
    rows = selectors.overdue_by_organisation(worker, days=days)
    now = timezone.now()
    for row in rows:
        row["oldest_days"] = (now - row["oldest"]).days
        row["status_label"] = ReferralStatus(row["status"]).label
    return render(request, "referrals/overdue.html", {"form": form, "rows": rows, "days": days})
