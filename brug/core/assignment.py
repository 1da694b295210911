"""Who is assigned to a family beyond its contact person.

Kept apart from the policy so that later apps (trajectories: the workers and volunteers
involved) can add their own links by registering a provider, without the policy importing them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

# Each provider: (exists_check(worker, family) -> bool, q_builder(worker) -> Q on Family)
_providers: list[tuple[Callable, Callable]] = []


def register(exists_check: Callable, q_builder: Callable) -> None:
    _providers.append((exists_check, q_builder))


def is_assigned_elsewhere(worker, family) -> bool:
    return any(check(worker, family) for check, _q in _providers)


def assigned_q(worker) -> Q:
    q = Q(contact_worker_id=worker.pk)
    for _check, builder in _providers:
        q |= builder(worker)
    return q
