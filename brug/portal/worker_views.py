"""The worker's side of the family portal: the dossier tab "Gezinsportaal".

Accounts are created, reissued and revoked by the home organisation's workers who manage the
family's consents (`Access.may_manage_consent`); the family's messages are read by the home
organisation (the tab's category, `consent`, is never shared) and marked read by those who may
manage. The one-time code is only ever in the answer to the POST that made it.
"""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from brug.core.categories import Category
from brug.core.views import worker_of
from brug.families import selectors as family_selectors
from brug.families.tabs import tabs_for
from brug.portal import codes, services
from brug.portal.models import AccountStatus, FamilyAccount, PortalMessage


def _family(request, family_id, *, record=True, purpose=""):
    worker = worker_of(request)
    family, access = family_selectors.family_get_for_worker(
        worker, family_id, category=Category.CONSENT, record=record, purpose=purpose)
    return worker, family, access


def _require_manage(access):
    if not access.may_manage_consent:
        raise PermissionDenied(_("Je mag het gezinsportaal van dit gezin niet beheren."))


def _account(family, account_id) -> FamilyAccount:
    account = (FamilyAccount.objects.select_related("user", "member")
               .filter(family_id=family.pk, pk=account_id).first())
    if account is None:
        raise Http404
    account.family = family
    return account


@require_GET
def portal_tab(request, family_id: int):
    worker, family, access = _family(request, family_id,
                                     purpose=gettext_noop("gezinsportaal bekijken"))
    accounts = list(FamilyAccount.objects.filter(family_id=family.pk)
                    .select_related("user", "member").order_by("-created_at"))
    with_account = {a.member_id for a in accounts if a.status != AccountStatus.REVOKED}
    parents = [m for m in family_selectors.members_of(family)
               if m.role == "parent" and m.pk not in with_account]
    family_messages = list(PortalMessage.objects.filter(family_id=family.pk)
                           .select_related("account__member", "read_by")[:50])
    context = {
        "family": family, "access": access, "tabs": tabs_for(family, access),
        "active_tab": "portal", "accounts": accounts, "parents": parents,
        "family_messages": family_messages, "may_manage": access.may_manage_consent,
    }
    return render(request, "portal/worker_tab.html", context)


def _handover(request, family, account, code):
    query = urlencode({"naam": account.login_name, "code": code})
    activation_url = request.build_absolute_uri(reverse("portal:activate")) + "?" + query
    qr = segno.make(activation_url, error="m").svg_inline(scale=4, title=_("QR-code"))
    return render(request, "portal/handover.html", {
        "family": family, "account": account, "code": codes.grouped(code),
        "portal_url": request.build_absolute_uri(reverse("portal:login")),
        "activation_url": activation_url, "qr_svg": qr,
    })


def account_create(request, family_id: int):
    worker, family, access = _family(request, family_id, record=False)
    if request.method != "POST":  # after the access check: an outsider gets 404
        return HttpResponseNotAllowed(["POST"])
    _require_manage(access)
    member = next((m for m in family_selectors.members_of(family)
                   if str(m.pk) == request.POST.get("member", "")), None)
    if member is None:
        messages.error(request, _("Kies een ouder van dit gezin."))
        return redirect("portal:worker-tab", family.pk)
    try:
        account, code = services.account_create(actor=worker, family=family, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("portal:worker-tab", family.pk)
    return _handover(request, family, account, code)


def code_reissue(request, family_id: int, account_id: int):
    worker, family, access = _family(request, family_id, record=False)
    if request.method != "POST":  # after the access check: an outsider gets 404
        return HttpResponseNotAllowed(["POST"])
    account = _account(family, account_id)
    _require_manage(access)
    try:
        code = services.code_reissue(actor=worker, account=account)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("portal:worker-tab", family.pk)
    return _handover(request, family, account, code)


@require_http_methods(["GET", "POST"])
def account_revoke(request, family_id: int, account_id: int):
    worker, family, access = _family(request, family_id, record=request.method == "GET",
                                     purpose=gettext_noop("gezinsportaal bekijken"))
    account = _account(family, account_id)
    _require_manage(access)
    if request.method == "POST":
        services.account_revoke(actor=worker, account=account)
        messages.success(request, _("Het account is ingetrokken. Aanmelden lukt niet meer."))
        return redirect("portal:worker-tab", family.pk)
    return render(request, "portal/worker_revoke.html", {"family": family, "account": account})


def message_read(request, family_id: int, message_id: int):
    worker, family, access = _family(request, family_id, record=False)
    if request.method != "POST":  # after the access check: an outsider gets 404
        return HttpResponseNotAllowed(["POST"])
    message = PortalMessage.objects.filter(family_id=family.pk, pk=message_id).first()
    if message is None:
        raise Http404
    if not (access.home and access.may_manage):
        raise PermissionDenied(_("Je mag dit niet wijzigen."))
    message.family = family
    services.message_mark_read(actor=worker, message=message)
    return redirect("portal:worker-tab", family.pk)
