"""Typed helpers that read settings from the environment and fail loudly."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, *, required: bool, dev_default: str, min_length: int = 0) -> str:
    """A secret that must be set in production; a fixed default is only allowed in development.

    In production a secret shorter than `min_length` is refused as well: a short key can be
    guessed, and Django's deploy check would only warn about it.
    """
    value = os.environ.get(name, "")
    if value and (not required or len(value) >= min_length):
        return value
    if value:
        raise ImproperlyConfigured(
            f"{name} is too short: use at least {min_length} random characters."
        )
    if required:
        raise ImproperlyConfigured(
            f"{name} is not set. Set it in the environment, or set DEBUG=1 for local development."
        )
    return dev_default


LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


DUMMY = "django.core.cache.backends.dummy.DummyCache"


def cache_settings(url: str, *, one_process: bool = True) -> tuple[dict, str]:
    """`CACHES` and `SESSION_ENGINE` for a cache URL: Redis shared by every process with
    `cached_db` sessions, or (no URL) `db` sessions and a default cache that no process can
    hold stale: the per-process memory cache where Brug runs as one process (development,
    `make run`, the tests: `one_process`), and no cache at all otherwise. Under gunicorn
    without Redis a version bumped in one worker (a released or cleared barrier text, an
    edited service) would not reach the other workers' memory for up to the entries' timeout.

    The alias `code_fragments` is always per-process memory: for template fragments that
    depend on nothing but the code and the template's own arguments (the menu), never on data,
    so no process can hold a stale copy and a round trip to Redis would cost more than it saves.
    """
    url = url.strip()
    fragments = {"BACKEND": LOCAL_MEMORY, "LOCATION": "code-fragments"}
    if not url:
        return ({"default": {"BACKEND": LOCAL_MEMORY if one_process else DUMMY},
                 "code_fragments": fragments},
                "django.contrib.sessions.backends.db")
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"CACHE_URL must be a Redis URL (redis://host:port/db), not {url!r}")
    return ({"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                         "LOCATION": url, "KEY_PREFIX": "brug"},
             "code_fragments": fragments},
            "django.contrib.sessions.backends.cached_db")
