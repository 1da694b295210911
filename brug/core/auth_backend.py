"""The login backend: Django's ModelBackend, with the worker fetched alongside the user.

Every request loads the logged-in user; bringing the worker, its organisation and network
in the same query saves a round trip and an ORM compile on every page.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class WorkerBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()._default_manager.select_related("worker__organisation__network")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
