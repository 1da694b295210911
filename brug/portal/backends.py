"""Signing in to the family portal: a backend beside `WorkerBackend`.

It answers only when asked with `family_portal=True` (the portal's sign-in form), and only for
users with an active family account of a family that is not anonymised. The worker login never
passes that flag, and `WorkerBackend` refuses family accounts, so neither door opens the other.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ObjectDoesNotExist


def family_account_of(user):
    """The user's family account, or None (a worker, an anonymous user)."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.family_account
    except ObjectDoesNotExist:
        return None


def account_usable(account) -> bool:
    return (
        account is not None
        and account.status == "active"
        and account.family.anonymised_at is None
    )


class FamilyBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, *, family_portal=False,
                     **kwargs):
        if not family_portal:
            return None
        # A parent types the login name as printed, maybe with capitals or spaces (phones
        # capitalise the first letter): login names are lowercase, so match without case.
        typed = (username or "").strip()
        exact = (get_user_model()._default_manager.filter(username__iexact=typed,
                                                          family_account__isnull=False)
                 .values_list("username", flat=True).first())
        return super().authenticate(request, username=exact or typed, password=password)

    def user_can_authenticate(self, user) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return account_usable(family_account_of(user))

    def get_user(self, user_id):
        # One query for the user, the account, its family member and family (every portal
        # page needs them) — like `WorkerBackend.get_user`.
        users = get_user_model()._default_manager.select_related(
            "family_account__family__organisation", "family_account__member")
        try:
            user = users.get(pk=user_id)
        except (ObjectDoesNotExist, TypeError, ValueError):
            return None
        return user if self.user_can_authenticate(user) else None

    # A family account holds no Django permissions.
    def get_all_permissions(self, user_obj, obj=None):
        return set()
