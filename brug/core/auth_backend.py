"""The login backend: Django's ModelBackend, with the worker fetched alongside the user.

Every request loads the logged-in user. Here the user, its worker, the worker's organisation
and network come in one query, compiled once per process (`core.prepared`): before, this ORM
query cost about half of the CPU of an empty logged-in page.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from brug.core.prepared import Joined, Prepared

# The user with its worker, the worker's organisation and network, as one row.
_USER = Joined(settings.AUTH_USER_MODEL, "worker", "worker__organisation",
               "worker__organisation__network")


def user_columns(path: str = "") -> list[str]:
    """The columns `user_from_row` takes, as lookups from the model that `path` starts at
    (`""`: the user itself; `"user__"`: a model with a `user` relation)."""
    return _USER.columns(path)


def _build(user_id):
    return get_user_model()._default_manager.filter(pk=user_id).values_list(*user_columns())


_USER_ROW = Prepared(_build, user_id=-190_203)


def load_user(user_id, using: str = "default"):
    """The user with its worker, organisation and network attached, or None."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    rows = _USER_ROW(using=using, user_id=user_id)
    return user_from_row(rows[0], using) if rows else None


def user_from_row(row, using: str = "default"):
    """The user of a row of `user_columns()` values, with its worker (or the knowledge that
    there is none, as `select_related` would give: `user.worker` then raises), the worker's
    organisation and network attached; None when the row holds no user."""
    return _USER.build(row, using)


class WorkerBackend(ModelBackend):
    def get_user(self, user_id):
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
