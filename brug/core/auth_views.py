"""Login with a limit on failed attempts per username and address.

The limit counts the username as the login compares it, and then case-folded: Django's
form strips spaces and normalises Unicode (NFKC), so " Sara", "SARA" and "ｓａｒａ" are all
attempts on "sara" (the login itself stays case-sensitive).

It cannot be raced: every attempt first writes its own row and commits it (the view runs in
autocommit), and only then counts the rows of the window, its own included. Of any number of
simultaneous attempts, the n-th row to commit sees at least n rows, so at most
`LOGIN_MAX_FAILURES` attempts per window get their password checked, on PostgreSQL and on
SQLite alike, with no lock or shared cache. A successful login removes the rows; a refused
attempt removes its own, so hammering a locked form does not extend the lockout.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _

from brug.core.models import LoginFailure

_MAX_LENGTH = LoginFailure._meta.get_field("username").max_length


def lockout_key(username: str) -> str:
    """The name the lockout counts: as the login form normalises it, case-folded."""
    return get_user_model().normalize_username(username.strip()).casefold()[:_MAX_LENGTH]


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")[:64]


def _attempts(key: str, address: str):
    return LoginFailure.objects.filter(username=key, address=address)


def _window_start():
    return timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def attempt_allowed(key: str, address: str) -> bool:
    """Write this attempt's row, commit it, then count the window's rows (its own included).

    False: locked out; the attempt's own row is removed again and the caller must not check
    the password. The login view and the family portal's sign-in and activation share it.
    """
    since = _window_start()
    LoginFailure.objects.filter(at__lt=since).delete()  # rows out of every window
    attempt = LoginFailure.objects.create(username=key, address=address)
    if _attempts(key, address).filter(at__gte=since).count() > settings.LOGIN_MAX_FAILURES:
        attempt.delete()
        return False
    return True


def attempts_clear(key: str, address: str) -> None:
    """A successful login clears the slate for this name and address."""
    _attempts(key, address).delete()


def client_address(request) -> str:
    return _address(request)


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        key = lockout_key(request.POST.get("username", ""))
        if not attempt_allowed(key, _address(request)):
            # An unbound form: a locked-out attempt must not even check the password.
            form = self.get_form_class()(request, initial={"username": request.POST.get(
                "username", "")})
            form.cleaned_data = {}
            form.add_error(
                None,
                _("Te veel mislukte pogingen. Probeer opnieuw over %(minutes)s minuten.")
                % {"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # A failed attempt keeps its row (form_invalid needs to do nothing); a good one
        # clears the slate for this username and address.
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        attempts_clear(lockout_key(self.request.POST.get("username", "")),
                       _address(self.request))
        return super().form_valid(form)
