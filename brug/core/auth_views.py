"""Login with a limit on failed attempts per username and address."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _

from brug.core.models import LoginFailure


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")[:64]


def _recent_failures(username: str, address: str) -> int:
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return LoginFailure.objects.filter(
        username=username.lower()[:150], address=address, at__gte=since
    ).count()


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if _recent_failures(username, _address(request)) >= settings.LOGIN_MAX_FAILURES:
            # An unbound form: a locked-out attempt must not even check the password.
            form = self.get_form_class()(request, initial={"username": username})
            form.cleaned_data = {}
            form.add_error(
                None,
                _("Te veel mislukte pogingen. Probeer opnieuw over %(minutes)s minuten.")
                % {"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        LoginFailure.objects.create(
            username=self.request.POST.get("username", "").lower()[:150],
            address=_address(self.request),
        )
        return super().form_invalid(form)

    def form_valid(self, form):
        LoginFailure.objects.filter(
            username=form.get_user().get_username().lower(), address=_address(self.request)
        ).delete()
        return super().form_valid(form)
