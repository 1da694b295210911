"""Small helpers for thin views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def worker_of(request):
    """The logged-in worker; users without a worker profile see nothing."""
    worker = getattr(request, "worker", None)
    if worker is None or not worker.active:
        raise PermissionDenied
    return worker
