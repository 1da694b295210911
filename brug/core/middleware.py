"""Request checks every page shares: login, bad input, and no caching of family data."""

from django.contrib.auth.middleware import LoginRequiredMiddleware as _Base
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


def _worker_of(user):
    """The user's worker profile; `WorkerBackend.get_user` has already fetched it."""
    if not user.is_authenticated:
        return None
    try:
        return user.worker
    except ObjectDoesNotExist:
        return None


class LoginRequiredMiddleware(_Base):
    """Login is required everywhere except the views marked `login_not_required`."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.worker = _worker_of(request.user)
        return super().process_view(request, view_func, view_args, view_kwargs)


def _has_nul(request) -> bool:
    if "\x00" in request.path_info:
        return True
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)
    return any("\x00" in key or any("\x00" in value for value in values)
               for source in sources for key, values in source.lists())


class RefuseNulMiddleware:
    """A NUL character in the address, the query string or a posted form is refused with a
    400 page in Dutch, before any view sees it.

    No person types one; PostgreSQL refuses it in text (the request would end in a 500),
    and a form field that let it through would store what no other page can show.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return render(request, "400.html", {"reason": _(
                "Je aanvraag bevatte een ongeldig teken (een nul-teken). Ga terug, controleer "
                "wat je invulde of plakte, en probeer opnieuw.")}, status=400)
        return self.get_response(request)


class NoStoreWhenLoggedInMiddleware:
    """Every answer to a logged-in user may hold family data: no browser or proxy keeps it
    (`Cache-Control: no-store`), so the back button on a shared computer after logout, or a
    proxy's cache, shows nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
