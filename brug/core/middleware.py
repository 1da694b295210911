"""Login is required everywhere except the views marked `login_not_required`."""

from django.contrib.auth.middleware import LoginRequiredMiddleware as _Base
from django.core.exceptions import ObjectDoesNotExist


def _worker_of(user):
    """The user's worker profile; `WorkerBackend.get_user` has already fetched it."""
    if not user.is_authenticated:
        return None
    try:
        return user.worker
    except ObjectDoesNotExist:
        return None


class LoginRequiredMiddleware(_Base):
    def process_view(self, request, view_func, view_args, view_kwargs):
        request.worker = _worker_of(request.user)
        return super().process_view(request, view_func, view_args, view_kwargs)
