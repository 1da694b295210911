"""The login backend: Django's ModelBackend, with the worker fetched alongside the user.

Every request loads the logged-in user. Here the user, its worker, the worker's organisation
and network come in one query, compiled once per process (`core.prepared`): before, this ORM
query cost about half of the CPU of an empty logged-in page.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from brug.core.prepared import Prepared

# (model, path from the user) in the order their columns come in the row.
_CHAIN = (("user", ""), ("worker", "worker__"), ("organisation", "worker__organisation__"),
          ("network", "worker__organisation__network__"))


def _models():
    from brug.network.models import Network, Organisation, Worker

    return {"user": get_user_model(), "worker": Worker, "organisation": Organisation,
            "network": Network}


def _columns(model) -> list:
    return list(model._meta.concrete_fields)


def user_columns(path: str = "") -> list[str]:
    """The columns `user_from_row` takes, as lookups from the model that `path` starts at
    (`""`: the user itself; `"user__"`: a model with a `user` relation)."""
    models = _models()
    return [path + prefix + field.name for key, prefix in _CHAIN
            for field in _columns(models[key])]


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
    """The user of a row of `user_columns()` values, with its worker, organisation and
    network attached; None when the row holds no user (an outer join found none)."""
    models, start, objects = _models(), 0, {}
    for key, _prefix in _CHAIN:
        fields = _columns(models[key])
        values = row[start:start + len(fields)]
        start += len(fields)
        objects[key] = (models[key].from_db(using, [f.attname for f in fields], values)
                        if values[0] is not None else None)
    user, worker = objects["user"], objects["worker"]
    if user is None:
        return None
    if worker is None:
        # Remember that there is none, as select_related would: `user.worker` then raises.
        user._meta.get_field("worker").set_cached_value(user, None)
        return user
    if objects["organisation"] is not None:
        worker.organisation = objects["organisation"]
        worker.organisation.network = objects["network"]
    user.worker = worker
    return user


class WorkerBackend(ModelBackend):
    def get_user(self, user_id):
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
