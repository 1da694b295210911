"""Versioned keys for Django's cache: a result shared by many workers is cached under the
current version of what it was computed from, and the services that write those data bump
the version, so that the next read computes it anew (the old entries are never read again
and expire).

A version is a random token, not a counter: when the cache loses a version key (eviction,
a restart of Redis) the next read draws a new token, so entries cached under an older one
can never match again. A write bumps twice: at once, so that the rest of its own
transaction reads anew, and when the transaction commits, so that what another request read
and cached meanwhile (from before the commit) is not read again.

Only results that hold no family data and that every worker of the scope may see are cached
this way (docs/performance.md); entries also expire after `TIMEOUT`, which bounds what a
write outside the services (a restored database, SQL by hand) can leave stale.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

TIMEOUT = 10 * 60  # seconds an entry is kept (versions themselves are kept until evicted)


def _key(scope: str) -> str:
    return f"brug:version:{scope}"


def version(scope: str) -> str:
    """The current version of `scope` (e.g. "directory:3": network 3's sociale kaart)."""
    return cache.get_or_set(_key(scope), lambda: uuid.uuid4().hex, timeout=None)


def _new(scope: str) -> None:
    cache.set(_key(scope), uuid.uuid4().hex, timeout=None)


def bump(scope: str) -> None:
    """A new version of `scope` now and again when the current transaction commits."""
    _new(scope)
    transaction.on_commit(lambda: _new(scope))
