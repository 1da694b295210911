"""Login is required everywhere except the views marked `login_not_required`."""

from django.contrib.auth.middleware import LoginRequiredMiddleware as _Base


def _worker_of(user):
    if not user.is_authenticated:
        return None
    from brug.network.models import Worker

    return (
        Worker.objects.select_related("organisation", "organisation__network")
        .filter(user_id=user.pk)
        .first()
    )


class LoginRequiredMiddleware(_Base):
    def process_view(self, request, view_func, view_args, view_kwargs):
        request.worker = _worker_of(request.user)
        return super().process_view(request, view_func, view_args, view_kwargs)
