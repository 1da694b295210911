"""The one way a portal view gets the signed-in family.

    @family_portal
    def home(request):
        request.family_account, request.family  # set for the view

- anonymous: to the portal's sign-in page (with `next`);
- a worker (or any user without a family account): 404 — a worker never reaches a portal
  page as a family, and the page does not even say it exists;
- a revoked account or an anonymised family: signed out, to the sign-in page with a message.

It also activates the account's language for the page.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from brug.portal.backends import account_usable, family_account_of


def family_languages() -> list[str]:
    return list(getattr(settings, "FAMILY_LANGUAGES", [code for code, _n in settings.LANGUAGES]))


def activate_language(request, code: str) -> None:
    if code in family_languages():
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


def family_portal(view):
    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if SESSION_KEY in request.session:
                # A session whose account was revoked since (the backend no longer loads its
                # user): end it rather than keep it around.
                logout(request)
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if getattr(request, "worker", None) is not None:
            raise Http404
        account = family_account_of(request.user)
        if account is None:
            raise Http404
        if not account_usable(account):
            logout(request)
            messages.error(request, _("Dit account is afgesloten. Vraag je begeleider om hulp."))
            return redirect("portal:login")
        request.family_account = account
        request.family = account.family
        activate_language(request, account.language)
        return view(request, *args, **kwargs)

    wrapper.family_portal = True
    return wrapper
