"""The cache and the sessions from CACHE_URL: `cached_db` only on a cache all processes share."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from brug.env import cache_settings


def test_without_a_cache_url_sessions_stay_in_the_database_only():
    caches, engine = cache_settings("")
    assert caches["default"]["BACKEND"].endswith("LocMemCache")
    # A per-process cache under cached_db would keep a logged-out session alive elsewhere.
    assert engine == "django.contrib.sessions.backends.db"


def test_several_processes_without_a_shared_cache_cache_nothing():
    """Production without CACHE_URL (gunicorn, several workers): a version bumped in one
    worker's memory would leave the others serving stale (or retention-cleared) text."""
    caches, engine = cache_settings("", one_process=False)
    assert caches["default"]["BACKEND"].endswith("DummyCache")
    assert engine == "django.contrib.sessions.backends.db"


def test_with_redis_sessions_are_cached_in_it():
    caches, engine = cache_settings(" redis://127.0.0.1:6379/2 ")
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://127.0.0.1:6379/2"
    assert engine == "django.contrib.sessions.backends.cached_db"


def test_a_cache_url_that_is_not_redis_is_refused():
    with pytest.raises(ImproperlyConfigured):
        cache_settings("locmem://")


def test_code_fragments_stay_in_each_process_whatever_the_cache_url():
    for url in ("", "redis://127.0.0.1:6379/2"):
        caches, _engine = cache_settings(url)
        assert caches["code_fragments"]["BACKEND"].endswith("LocMemCache")
