"""Settings for Brug, read from the environment (see docs/operations.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from brug.env import cache_settings, env_bool, env_int, env_list, env_secret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BRUG_VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("BRUG_TESTING", False)
# Refuse to start in production mode without a real secret key (the test suite and the
# benchmark run with DEBUG off and a short fixed key).
SECRET_KEY = env_secret("SECRET_KEY", required=not DEBUG, min_length=0 if TESTING else 50,
                        dev_default="brug-dev-only-not-secret")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
SILENCED_SYSTEM_CHECKS: list[str] = []
# The key of the audit trail's keyed hash chain; never stored in the database (docs/audit.md).
AUDIT_HMAC_KEY = env_secret("AUDIT_HMAC_KEY", required=not (DEBUG or TESTING),
                            dev_default="brug-dev-audit-key-not-secret")
# Where `manage.py audit_verify` keeps its checkpoints: outside the database, out of reach of
# whoever can write the database (docs/audit.md).
AUDIT_CHECKPOINT_FILE = os.environ.get("AUDIT_CHECKPOINT_FILE", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "brug.core",
    "brug.network",
    "brug.families",
    "brug.consent",
    "brug.screening",
    "brug.trajectories",
    "brug.directory",
    "brug.referrals",
    "brug.signals",
    "brug.rights",
    "brug.portal",
    "brug.volunteers",
    "brug.aid",
    "brug.walkin",
    "brug.activities",
    "brug.appointments",
    "brug.notifications",
    "brug.today",
    "brug.childcare",
    "brug.concerns",
    "brug.perinatal",
    "brug.schools",
    "brug.documents",
    "brug.search",
    "brug.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "brug.core.i18n.WorkerLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "brug.core.middleware.RefuseNulMiddleware",
    "brug.core.middleware.NoStoreWhenLoggedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "brug.core.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "brug.urls"
WSGI_APPLICATION = "brug.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "brug" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["brug.core.templatetags.brug_dates",
                         "brug.core.templatetags.brug_numbers",
                         "brug.core.templatetags.brug_lists"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "brug.access.context_processors.worker",
                "brug.core.i18n.languages",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'brug.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or _default_sqlite,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The covering indexes (`include=`) serve PostgreSQL; SQLite builds them without their
    # extra columns, which is all it can do, so its warning says nothing to act on.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Page queries are short; PostgreSQL's JIT compiler costs more (up to a second on a
    # misestimated plan) than it ever saves here. Brug's data fit in memory, where reading
    # a page by index costs about what reading the next one does: with the default
    # random_page_cost of 4 (a spinning disk) the planner preferred scanning all 20 000
    # service places to 333 index probes, four times slower (docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c random_page_cost=" + os.environ.get("PG_RANDOM_PAGE_COST", "1.1"))
    # Parameters bound by the server let psycopg prepare a statement it has run twice on a
    # connection, so PostgreSQL parses and plans each page query once per connection instead
    # of on every page (planning cost more than running most of them).
    if env_bool("PG_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "brug.core.auth_backend.WorkerBackend",
    # The family portal's accounts (/gezin/); it answers only the portal's own sign-in.
    "brug.portal.backends.FamilyBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    # Hashing strength is not what the tests measure; keep the suite fast.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "today:home"
# Today page: a right claim applied for longer than this many weeks without a decision needs
# the worker (docs/today.md).
TODAY_CLAIM_WAIT_WEEKS = env_int("TODAY_CLAIM_WAIT_WEEKS", 6)
LOGOUT_REDIRECT_URL = "login"
# Failed logins per username+address before the login form refuses for a while.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)

LANGUAGE_CODE = "nl"
# Dutch is the source language (msgids are the Dutch texts). Families read Brug in any of these
# nine languages (the portal and every print a worker hands over); workers in the first three.
# Each language is labelled in its own language (docs/i18n.md).
LANGUAGES = [
    ("nl", "Nederlands"),
    ("fr", "Français"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("pl", "Polski"),
    ("uk", "Українська"),
]
FAMILY_LANGUAGES = [code for code, _name in LANGUAGES]
# Worker pages fall back to LANGUAGE_CODE when the request asks for another language
# (`brug.core.i18n.WorkerLanguageMiddleware`).
WORKER_LANGUAGES = ["nl", "fr", "en"]
LOCALE_PATHS = [BASE_DIR / "brug" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The project-level stylesheet lives in brug/static (brug itself is not an app).
STATICFILES_DIRS = [BASE_DIR / "brug" / "static"]
# WhiteNoise serves the few static files (one stylesheet, htmx) from the app itself; finders
# make that work without a collectstatic step, which keeps `make run` to one command.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = DEBUG

# Documents attached to dossiers (docs/documents.md): never under a served path; downloaded
# only through brug.documents.views, which checks the access policy. The file system under
# the var directory by default; BRUG_DOCUMENT_STORAGE=s3 keeps them in an S3-compatible
# bucket through django-storages (`pip install .[s3]`; docs/operations.md).
DOCUMENT_MAX_BYTES = env_int("BRUG_DOCUMENT_MAX_MB", 10) * 1024 * 1024
DOCUMENTS_DIR = Path(os.environ.get("BRUG_DOCUMENTS_DIR", VAR_DIR / "documents"))
if TESTING and "BRUG_DOCUMENTS_DIR" not in os.environ:
    import tempfile

    DOCUMENTS_DIR = Path(tempfile.gettempdir()) / "brug-test-documents"
if os.environ.get("BRUG_DOCUMENT_STORAGE", "file") == "s3":
    _documents_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("BRUG_DOCUMENTS_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("BRUG_DOCUMENTS_S3_ENDPOINT") or None,
            "region_name": os.environ.get("BRUG_DOCUMENTS_S3_REGION") or None,
            # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by boto3 itself.
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    _documents_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DOCUMENTS_DIR, "base_url": None,
                    "directory_permissions_mode": 0o700, "file_permissions_mode": 0o600},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": _documents_storage,
}

# The cache and the sessions. With CACHE_URL (redis://host:port/db) the default cache is
# Redis, shared by every web worker and host, and sessions are `cached_db`: read from the
# cache, written to both, so a logged-in page spends no query on its session. Without it
# sessions stay `db` (`cached_db` on a per-process cache would keep a session ended in one
# worker alive in another's, docs/security.md) and the cache is Django's per-process memory
# where Brug runs as one process (DEBUG, tests) and none in production (`brug.env`).
CACHES, SESSION_ENGINE = cache_settings(os.environ.get("CACHE_URL", ""),
                                        one_process=DEBUG or TESTING)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10

# Security: secure cookies and headers whenever we are not in development.
SESSION_COOKIE_SECURE = not DEBUG and not TESTING
CSRF_COOKIE_SECURE = not DEBUG and not TESTING
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    # The proxy terminates TLS: trust its X-Forwarded-Proto, send plain HTTP to HTTPS and
    # tell browsers to use only HTTPS from then on (HSTS).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preloading is a decision for the owner of the whole domain (the browsers' list takes
    # registrable domains, not Brug's host), so it is off unless asked for, and the deploy
    # check's reminder about it is silenced.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Content-Security-Policy (django-csp): everything from Brug itself, no inline script or
# style, no eval (htmx is told not to use it, base.html), no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# E-mail (set-password links for new workers): printed to the console in development.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "brug@localhost")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# Brug's address as workers reach it, for links in e-mails sent outside a request (the
# notification digest, docs/notifications.md). Required by `send_digests` in production.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG or TESTING else "")
# How long a set-password link stays valid (Django's password-reset tokens).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# How long after a mandate ended a dossier is kept read-only before anonymisation.
RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
