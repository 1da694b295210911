"""The login backend: Django's ModelBackend, with the worker fetched alongside the user.

Every page reads the logged-in user and then its worker, the worker's organisation and
network (the header, the policy). `get_user` loads them together with `select_related`, so
a logged-in page spends two queries on who is asking: the session, then this one.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ObjectDoesNotExist


class WorkerBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related(
            "worker__organisation__network")
        try:
            user = users.get(pk=user_id)
        except (ObjectDoesNotExist, TypeError, ValueError):
            return None
        return user if self.user_can_authenticate(user) else None

    def authenticate(self, request, username=None, password=None, **kwargs):
        # The family portal's sign-in (`brug.portal.backends.FamilyBackend`) is not a door
        # for workers.
        if kwargs.get("family_portal"):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user) -> bool:
        """An inactive user, an inactive worker or a worker of a deactivated organisation
        can neither log in nor keep a session: `get_user` asks this on every request."""
        if not super().user_can_authenticate(user):
            return False
        try:
            worker = user.worker
        except ObjectDoesNotExist:
            # A family member's portal account is not a worker login (it signs in at
            # /gezin/); any other user without a worker profile logs in but sees nothing.
            return not hasattr(user, "family_account")
        return worker.active and worker.organisation.active
