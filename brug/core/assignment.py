"""Who is assigned to a family beyond its contact person.

Kept apart from the policy so that later apps (trajectories: the workers and volunteers
involved) can add their own links by registering a provider, without the policy importing them.
The policy checks one family with the same filter as a page of families, so the dossier and
the lists cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

# Each provider: q_builder(worker) -> Q on Family.
_providers: list[Callable] = []


def register(exists_check: Callable | None, q_builder: Callable) -> None:
    """Add a provider. `exists_check(worker, family)` is no longer consulted (see above); it
    stays in the signature until the registered providers drop it."""
    _providers.append(q_builder)


def assigned_q(worker) -> Q:
    q = Q(contact_worker_id=worker.pk)
    for builder in _providers:
        q |= builder(worker)
    return q
