"""Which language a page speaks: workers choose among WORKER_LANGUAGES, families among all.

Django's `LocaleMiddleware` picks the language from the language cookie (set by Django's
`set_language` view, `/i18n/setlang/`) or the browser's Accept-Language. A worker page must
not switch to a language only families read (its texts are not translated into it), so this
middleware, placed right after `LocaleMiddleware`, falls back to `LANGUAGE_CODE` (Dutch) for
every page except the family-facing ones: views marked with `family_language` and every view
of the family portal (URL namespace `portal`). See docs/i18n.md.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_logged_in
from django.utils import translation
from django.views.i18n import set_language as django_set_language

# URL namespaces whose every view speaks the family's language.
FAMILY_NAMESPACES = ("portal",)


def family_language(view):
    """Mark a view as family-facing: it may speak any of FAMILY_LANGUAGES."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.family_language = True
    return wrapped


def worker_language(code: str | None) -> str:
    """The language a worker page speaks when `code` (one of LANGUAGES) is asked for."""
    return code if code in settings.WORKER_LANGUAGES else settings.LANGUAGE_CODE


def _activate(request, code: str) -> None:
    translation.activate(code)
    request.LANGUAGE_CODE = translation.get_language()


def _is_family_facing(request, view_func) -> bool:
    if getattr(view_func, "family_language", False):
        return True
    match = getattr(request, "resolver_match", None)
    return bool(match and set(match.namespaces) & set(FAMILY_NAMESPACES))


class WorkerLanguageMiddleware:
    """Worker pages in WORKER_LANGUAGES only; family-facing views in the asked language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # What LocaleMiddleware found (cookie or browser); family-facing views get it back.
        request.family_language_code = getattr(request, "LANGUAGE_CODE",
                                               settings.LANGUAGE_CODE)
        # Until a view is known (and for pages no view answers, like a 404), a worker page.
        fallback = worker_language(request.family_language_code)
        if fallback != request.family_language_code:
            _activate(request, fallback)
        response = self.get_response(request)
        # A login on this request: this browser takes over the person's stored language
        # (`_apply_at_login`), whatever login view it went through.
        code = getattr(request, "login_language", None)
        if code:
            set_language_cookie(response, code, secure=request.is_secure())
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _is_family_facing(request, view_func):
            if request.family_language_code != translation.get_language():
                _activate(request, request.family_language_code)
        return None


# The language a logged-in person chose, kept on their own record ----------------------------
#
# The language cookie is per browser. A person who chooses a language expects it on the next
# device too, and in what Brug sends them (a cron run has no cookie). Each kind of person keeps
# it on their own record: a worker on `NotificationSettings.language` (the notifications app),
# a family member on `FamilyAccount.language` (the portal). Those apps register a store from
# their `AppConfig.ready`, since `core` imports no app above it.

LanguageReader = Callable[[object], "str | None"]   # user -> stored code, None when not theirs
LanguageWriter = Callable[[object, str], bool]      # (user, code) -> True when it was theirs

_STORES: list[tuple[LanguageReader, LanguageWriter]] = []


def register_language_store(read: LanguageReader, write: LanguageWriter) -> None:
    if (read, write) not in _STORES:
        _STORES.append((read, write))


def stored_language(user) -> str | None:
    """The language this person chose (one of LANGUAGES), or None when they chose none."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    for read, _write in _STORES:
        code = read(user)
        if code:
            return code if code in dict(settings.LANGUAGES) else None
    return None


def language_store(user, code: str) -> bool:
    """Keep `code` on this person's own record; False when no store knows them."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return any(write(user, code) for _read, write in _STORES)


def set_language_cookie(response, code: str, *, secure: bool = False) -> None:
    """The language cookie as Django's `set_language` view writes it."""
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code,
                        max_age=settings.LANGUAGE_COOKIE_AGE,
                        path=settings.LANGUAGE_COOKIE_PATH,
                        domain=settings.LANGUAGE_COOKIE_DOMAIN,
                        secure=settings.LANGUAGE_COOKIE_SECURE or secure,
                        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                        samesite=settings.LANGUAGE_COOKIE_SAMESITE)


@login_not_required
def set_language(request):
    """The footer's switch: Django's `set_language` (the cookie; open before login), and for a
    logged-in person also their own record, so the choice follows them to another device and
    into their e-mails."""
    response = django_set_language(request)
    cookie = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie is not None and cookie.value:
        language_store(request.user, cookie.value)
    return response


def _apply_at_login(sender, request, user, **kwargs) -> None:
    """At login (any view: worker login, portal sign-in or activation, set-password), the
    person's stored language wins over this browser's cookie; `WorkerLanguageMiddleware` writes
    the cookie on the response. (Django no longer keeps the language in the session.)"""
    code = stored_language(user)
    if code and request is not None:
        request.login_language = code


def connect() -> None:
    """Called from `CoreConfig.ready`."""
    user_logged_in.connect(_apply_at_login, dispatch_uid="brug.core.i18n.apply_at_login")


def languages(request):
    """Template context: the languages a worker may choose (the footer's switch)."""
    return {"worker_languages": [(code, name) for code, name in settings.LANGUAGES
                                 if code in settings.WORKER_LANGUAGES]}


# Where family-facing texts live: a catalogue entry with an occurrence (`#:`) in one of these
# files or folders is something a family reads, so it must be translated into every family
# language (tests/test_translations.py). Add a page here when a family gets to see it.
FAMILY_FACING_SOURCES = (
    "brug/templates/portal/",
    "brug/portal/",
    "templates/portal/",
    "brug/templates/consent/family_view.html",
    "brug/templates/trajectories/plan_family.html",
    "brug/templates/trajectories/conference_parents.html",
    "brug/templates/rights/schema.html",
    "brug/templates/consent/_family_log.html",
    "brug/templates/trajectories/_family_conference.html",
    "brug/templates/trajectories/_family_plan.html",
    # The family readers: every sentence a family reads about itself (portal and prints).
    "brug/consent/family.py",
    "brug/consent/family_log.py",
    "brug/families/family.py",
    "brug/referrals/family.py",
    "brug/rights/family.py",
    # The rights catalogue's family-facing texts (generated from the YAML catalogue).
    "brug/rights/catalogue/texts.py",
    "brug/trajectories/family.py",
)
