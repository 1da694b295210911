"""The family portal's own pages: sign-in, activation, home, language, consents, messages.

Every page but sign-in and activation goes through `family_portal` (brug/portal/auth.py).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brug.access.policy import is_read_only
from brug.core.auth_views import attempt_allowed, attempts_clear, client_address, lockout_key
from brug.core.categories import Category
from brug.portal import selectors, services
from brug.portal.auth import activate_language, family_languages, family_portal
from brug.portal.backends import family_account_of
from brug.portal.forms import ActivationForm, MessageForm, SignInForm
from brug.portal.words import category_words

BACKEND = "brug.portal.backends.FamilyBackend"


def _lockout_key(login_name: str) -> str:
    # The portal counts apart from the worker login (a family name never locks a worker out).
    return ("gezin:" + lockout_key(login_name))[:150]


def _locked_message() -> str:
    return _("Te veel mislukte pogingen. Probeer opnieuw over %(minutes)s minuten.") % {
        "minutes": settings.LOGIN_LOCKOUT_MINUTES}


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("portal:home")


def _signed_in(request, account) -> HttpResponseRedirect:
    login(request, account.user, backend=BACKEND)
    activate_language(request, account.language)
    response = redirect(_safe_next(request))
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, account.language,
                        samesite="Lax", secure=request.is_secure())
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in(request):
    if family_account_of(request.user) is not None and request.method == "GET":
        return redirect("portal:home")
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["login_name"]
        key, address = _lockout_key(name), client_address(request)
        if not attempt_allowed(key, address):
            form.add_error(None, _locked_message())
            status = 429
        else:
            user = authenticate(request, username=name.strip(),
                                password=form.cleaned_data["secret"], family_portal=True)
            account = family_account_of(user)
            if account is not None:
                attempts_clear(key, address)
                services.sign_in_recorded(account, ok=True)
                return _signed_in(request, account)
            known = services.account_by_login(name)
            if known is not None:
                services.sign_in_recorded(known, ok=False)
            form.add_error(None, _failure_message(known, form.cleaned_data["secret"]))
    return render(request, "portal/sign_in.html",
                  {"form": form, "next": _safe_next(request)}, status=status)


def _failure_message(account, secret: str) -> str:
    """Only whoever knows the PIN learns that the account is closed or not yet active."""
    if account is not None and account.user.check_password(secret):
        if account.status == "revoked" or account.family.anonymised_at is not None:
            return _("Dit account is afgesloten. Vraag je begeleider om hulp.")
    if account is not None and account.status == "pending":
        return _("Dit account is nog niet geactiveerd. Gebruik eerst de code van je begeleider "
                 "(knop 'Account activeren').")
    return _("Naam of PIN klopt niet. Probeer opnieuw.")


@login_not_required
@require_http_methods(["GET", "POST"])
def activate(request):
    initial = {"login_name": request.GET.get("naam", ""), "code": request.GET.get("code", "")}
    form = ActivationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["login_name"]
        key, address = _lockout_key(name), client_address(request)
        if not attempt_allowed(key, address):
            form.add_error(None, _locked_message())
            status = 429
        else:
            try:
                account = services.account_activate(
                    login_name=name, code=form.cleaned_data["code"],
                    secret=form.cleaned_data["secret"])
            except services.ActivationError as exc:
                if exc.account is not None:
                    services.sign_in_recorded(exc.account, ok=False, activation=True)
                form.add_error(None, exc.message)
            else:
                attempts_clear(key, address)
                services.sign_in_recorded(account, ok=True)
                messages.success(request, _("Je account is klaar. Voortaan meld je je aan met "
                                            "je naam en je PIN."))
                return _signed_in(request, account)
    return render(request, "portal/activate.html", {"form": form}, status=status)


@login_not_required
@require_POST
def sign_out(request):
    # Only a family session ends here; a worker's is not the portal's to end.
    if request.user.is_authenticated and family_account_of(request.user) is None:
        raise Http404
    logout(request)
    return redirect("portal:login")


@login_not_required
@require_POST
def language(request):
    """Store the chosen language (on the account when signed in) and activate it."""
    code = request.POST.get("language", "")
    target = _safe_next(request)
    if code not in family_languages():
        return redirect(target)
    account = family_account_of(request.user)
    if account is not None and getattr(request, "worker", None) is None:
        try:
            services.language_set(account=account, language=code)
        except ValidationError:
            return redirect(target)
    response = redirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, samesite="Lax",
                        secure=request.is_secure())
    return response


@require_GET
@family_portal
def home(request):
    context = selectors.home_context(request.family_account)
    services.family_read(request.family_account, Category.IDENTITY, Category.PLAN,
                         purpose=gettext_noop("startpagina van het gezinsportaal"))
    context["current"] = "portal:home"
    return render(request, "portal/home.html", context)


def _portal_page(request, template, context, current):
    context.update({"current": current, "read_only": is_read_only(request.family)})
    return render(request, template, context)


@require_GET
@family_portal
def consents(request):
    family = request.family
    services.family_read(request.family_account, Category.CONSENT,
                         purpose=gettext_noop("toestemmingen in het gezinsportaal"))
    return _portal_page(request, "portal/consents.html", {
        "consents": selectors.consents_for_family(family),
        "mandate": selectors.active_mandate(family),
    }, "portal:consents")


@require_http_methods(["GET", "POST"])
@family_portal
def consent_withdraw(request, consent_id: int):
    consent = selectors.consent_for_family(request.family, consent_id)
    if request.method == "POST":
        try:
            changed = services.consent_withdraw(account=request.family_account, consent=consent)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if changed:
                messages.success(request, _(
                    "Klaar. %(org)s ziet vanaf nu niets meer van jullie gegevens. Je "
                    "begeleider weet het.") % {"org": consent.organisation.name})
            else:
                messages.info(request, _("Deze toestemming was al ingetrokken. Er veranderde "
                                         "niets."))
        return redirect("portal:consents")
    consent.words = category_words(consent.categories)
    services.family_read(request.family_account, Category.CONSENT,
                         purpose=gettext_noop("toestemmingen in het gezinsportaal"))
    return _portal_page(request, "portal/consent_withdraw.html", {"consent": consent},
                        "portal:consents")


@require_http_methods(["GET", "POST"])
@family_portal
def mandate_end(request):
    if request.method == "POST":
        try:
            services.mandate_end(account=request.family_account,
                                 reason=request.POST.get("reason", "")[:300])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _(
                "De begeleiding is gestopt. Niemand kan jullie dossier nog veranderen. Je kunt "
                "hier alles blijven lezen en downloaden. Je begeleider weet het."))
        return redirect("portal:consents")
    services.family_read(request.family_account, Category.CONSENT,
                         purpose=gettext_noop("toestemmingen in het gezinsportaal"))
    return _portal_page(request, "portal/mandate_end.html",
                        {"mandate": selectors.active_mandate(request.family)},
                        "portal:consents")


@require_http_methods(["GET", "POST"])
@family_portal
def messages_page(request):
    initial = {"kind": request.GET.get("soort", "message")}
    form = MessageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(account=request.family_account,
                                  kind=form.cleaned_data["kind"],
                                  text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Je bericht is verstuurd naar je begeleider."))
            return redirect("portal:messages")
    services.family_read(request.family_account, Category.CONSENT,
                         purpose=gettext_noop("berichten in het gezinsportaal"))
    return _portal_page(request, "portal/messages.html", {
        "form": form, "sent": selectors.messages_for_family(request.family),
    }, "portal:messages")
