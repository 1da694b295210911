"""Database sessions that bring their user along: one query per request instead of two.

The session's row (`brug.core.models.Session`) keeps the id of its user beside the signed
data, so the statement that reads the session also reads the user, its worker, organisation
and network (`auth_backend.user_columns`), compiled once per process (`core.prepared`).
`AuthenticationMiddleware` then takes that user instead of asking the login backend for it,
after the same checks Django makes: the session names this user and a configured backend,
the user may log in, and the session's password hash matches. Whatever is unusual (no
user in the row, a hash made with an old secret, an inactive user) goes through Django's own
`auth.get_user`, which decides and cleans up as always.

Writing, expiry, `clearsessions` and logout stay Django's own.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware as _DjangoAuthentication
from django.contrib.sessions.backends import db
from django.db import router
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from brug.core.auth_backend import user_columns, user_from_row
from brug.core.prepared import Prepared


def _build(key, now):
    from brug.core.models import Session

    return (Session.objects.filter(session_key=key, expire_date__gt=now)
            .values_list("session_data", "expire_date", *user_columns("user__")))


_SESSION_ROW = Prepared(_build, key="~no-session-key~",
                        now=datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC))


class SessionStore(db.SessionStore):
    @classmethod
    def get_model_class(cls):
        from brug.core.models import Session

        return Session

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            instance.user_id = None
        return instance

    def _get_session_from_db(self):
        self.user = None  # the user that came with the row, if any
        if not self.session_key:  # the base class refuses invalid keys when setting them
            return None
        using = router.db_for_read(self.model)
        rows = _SESSION_ROW(using=using, key=self.session_key, now=timezone.now())
        if not rows:
            self._session_key = None
            return None
        row = rows[0]
        self.user = user_from_row(row[2:], using)
        return self.model(session_key=self.session_key, session_data=row[0], expire_date=row[1])


def user_of_session(request):
    """The user read with the session, when Django's checks would accept it; else None."""
    session = request.session
    try:
        user_id = session[SESSION_KEY]  # loads the session, and with it `session.user`
        backend_path = session[BACKEND_SESSION_KEY]
        session_hash = session[HASH_SESSION_KEY]
    except KeyError:
        return None
    user = getattr(session, "user", None)
    if (user is None or str(user.pk) != str(user_id)
            or backend_path not in settings.AUTHENTICATION_BACKENDS):
        return None
    if not auth.load_backend(backend_path).user_can_authenticate(user):
        return None
    if not constant_time_compare(session_hash, user.get_session_auth_hash()):
        return None  # Django's get_user tries the fallback secrets or ends the session
    return user


def _user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = user_of_session(request) or auth.get_user(request)
    return request._cached_user


class AuthenticationMiddleware(_DjangoAuthentication):
    """Django's, with the user taken from the session's row when it came along."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))
