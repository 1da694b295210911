"""Which language a page speaks: workers choose among WORKER_LANGUAGES, families among all.

Django's `LocaleMiddleware` picks the language from the language cookie (set by Django's
`set_language` view, `/i18n/setlang/`) or the browser's Accept-Language. A worker page must
not switch to a language only families read (its texts are not translated into it), so this
middleware, placed right after `LocaleMiddleware`, falls back to `LANGUAGE_CODE` (Dutch) for
every page except the family-facing ones: views marked with `family_language` and every view
of the family portal (URL namespace `portal`). See docs/i18n.md.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.utils import translation

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
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _is_family_facing(request, view_func):
            if request.family_language_code != translation.get_language():
                _activate(request, request.family_language_code)
        return None


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
