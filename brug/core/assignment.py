"""Who is assigned to a family: its contact person, and whoever else an app says.

Kept apart from the policy so that apps (families: the contact person; trajectories: the
workers and volunteers involved; volunteers: the running matches) add their own links by
registering a provider, without the policy importing them. The policy checks one family with
the same filter as a page of families, so the dossier and the lists cannot disagree.

A provider yields the ids of the (few) families it assigns to a worker, as a one-column
queryset read through its own index. `assigned_q` unites them into one subquery, `id IN
(ids of provider 1 UNION ids of provider 2 ...)`: PostgreSQL reads the few ids first and then
the families by primary key. An OR of correlated subqueries per family instead (`contact
person = X OR EXISTS(...) OR EXISTS(...)`) kept it from every index: it scanned every family.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

# Each provider: family_ids(worker) -> a queryset of one column, the family ids.
_providers: list[Callable[[object], QuerySet]] = []


def register(family_ids: Callable[[object], QuerySet]) -> None:
    """Add a provider: `family_ids(worker)` returns a `values(...)` queryset of family ids
    (unordered; it becomes a part of a UNION)."""
    _providers.append(family_ids)


def assigned_q(worker) -> Q:
    """A filter on Family: the families this worker is assigned to (one subquery)."""
    parts = [family_ids(worker).order_by() for family_ids in _providers]
    if not parts:
        return Q(pk__in=[])
    first, *rest = parts
    return Q(pk__in=first.union(*rest) if rest else first)
