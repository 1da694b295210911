"""The one access policy: may this worker see or change this family's information?

Every view, form, list, search and export asks these functions. Rules, in order:

1. An inactive worker, a user without a worker profile and an anonymised family: nothing.
2. The family's own organisation (the organisation of its contact person): supporters,
   experience experts, partner workers and coordinators see every category.
3. Any other organisation: only the categories of a consent in force for that organisation
   (not withdrawn, within its dates) — nothing at all without one.
4. Volunteers see a family only when they are assigned to it, and then only the categories
   the family agreed to share with their organisation, even inside the family's own organisation.
5. Changing family data: the family's own organisation (supporter, experience expert,
   coordinator), and only while the dossier is not read-only (a mandate that ended and no new
   one makes it read-only).
6. Notes: a confidential note stays in its author's organisation; a young person's confidence
   too, and it never appears on the parents' side of the family view.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from brug.core.categories import SHAREABLE_CATEGORIES, Category, parse_categories
from brug.core.roles import Role

HOME_ROLES = (Role.SUPPORTER, Role.EXPERIENCE_EXPERT, Role.PARTNER, Role.COORDINATOR)
CHANGE_ROLES = (Role.SUPPORTER, Role.EXPERIENCE_EXPERT, Role.COORDINATOR)
ALL_CATEGORIES = frozenset(c.value for c in Category)


@dataclass(frozen=True)
class Access:
    categories: frozenset[str] = frozenset()
    home: bool = False
    read_only: bool = False
    may_change: bool = False

    @property
    def any(self) -> bool:
        return bool(self.categories)

    def can_view(self, category: str) -> bool:
        return category in self.categories

    def can_change(self, category: str) -> bool:
        return self.may_change and category in self.categories


NO_ACCESS = Access()


def today() -> date:
    return timezone.localdate()


def _usable(worker) -> bool:
    return worker is not None and worker.active and worker.organisation.active


def is_assigned(worker, family) -> bool:
    """Assignment to one family (for volunteers). Trajectories add their involved workers."""
    if family.contact_worker_id == worker.pk:
        return True
    from brug.core import assignment  # late: other apps extend the assignment check

    return assignment.is_assigned_elsewhere(worker, family)


def consented_categories(worker, family, day: date | None = None) -> frozenset[str]:
    from brug.consent.models import SharingConsent, consents_in_force

    rows = SharingConsent.objects.filter(
        consents_in_force(day or today()),
        family_id=family.pk,
        organisation_id=worker.organisation_id,
    ).values_list("categories", flat=True)
    shareable = {c.value for c in SHAREABLE_CATEGORIES}
    found: set[str] = set()
    for raw in rows:
        found.update(c for c in parse_categories(raw) if c in shareable)
    return frozenset(found)


def is_read_only(family) -> bool:
    """Read-only once a mandate has ended and no new mandate runs."""
    from brug.consent.models import Mandate

    ended = False
    for ended_on in Mandate.objects.filter(family_id=family.pk).values_list("ended_on", flat=True):
        if ended_on is None:
            return False
        ended = True
    return ended


def access_for(worker, family, *, day: date | None = None) -> Access:
    if not _usable(worker):
        return NO_ACCESS
    if family.anonymised_at is not None:
        return NO_ACCESS
    home = worker.organisation_id == family.organisation_id
    if home and worker.has_role(*HOME_ROLES):
        categories = ALL_CATEGORIES
    elif worker.has_role(Role.VOLUNTEER) and not worker.has_role(*HOME_ROLES, Role.ADMINISTRATOR):
        if not is_assigned(worker, family):
            return NO_ACCESS
        categories = consented_categories(worker, family, day)
    elif not home and worker.has_role(*HOME_ROLES):
        categories = consented_categories(worker, family, day)
    else:
        # Administrators manage the network, not families.
        return NO_ACCESS
    if not categories:
        return NO_ACCESS
    read_only = is_read_only(family)
    may_change = home and worker.has_role(*CHANGE_ROLES) and not read_only
    return Access(
        categories=frozenset(categories), home=home, read_only=read_only, may_change=may_change
    )


def visible_families(worker, queryset: QuerySet, *, day: date | None = None) -> QuerySet:
    """Narrow a Family queryset to the families this worker may see in some category."""
    from brug.consent.models import consenting_families

    if not _usable(worker):
        return queryset.none()
    queryset = queryset.filter(anonymised_at__isnull=True)
    consented = Q(pk__in=consenting_families(worker.organisation_id, day or today()))
    if worker.has_role(*HOME_ROLES):
        return queryset.filter(Q(organisation_id=worker.organisation_id) | consented)
    if worker.has_role(Role.VOLUNTEER):
        from brug.core import assignment

        return queryset.filter(assignment.assigned_q(worker)).filter(consented)
    return queryset.none()


def _kind(worker) -> str | None:
    """Which branch of `visible_families` a worker's roles take."""
    if worker.has_role(*HOME_ROLES):
        return "home"
    if worker.has_role(Role.VOLUNTEER):
        return "volunteer"
    return None


@functools.cache
def _visible_ids_query(kind: str):
    """`visible_families` for one kind of worker, compiled once (see core.prepared)."""
    from brug.core.prepared import Prepared
    from brug.families.models import Family
    from brug.network.models import Organisation, Worker

    role = Role.SUPPORTER if kind == "home" else Role.VOLUNTEER

    def build(organisation, day, ids, worker=-1):
        # A stand-in with the sentinel ids; the real worker's own state is checked by the caller.
        standin = Worker(pk=worker, roles=Worker.join_roles([role]), active=True)
        standin.organisation = Organisation(pk=organisation, active=True)
        return visible_families(standin, Family.objects.filter(pk__in=ids),
                                day=day).values_list("pk")

    sentinels = {"organisation": -190_212, "day": date(1901, 2, 5), "ids": [-190_213]}
    if kind == "volunteer":  # assignment depends on the worker, not only the organisation
        sentinels["worker"] = -190_211
    return Prepared(build, **sentinels)


def visible_family_ids(worker, family_ids, *, day: date | None = None) -> set[int]:
    """Which of `family_ids` this worker may see: `visible_families`, for a list of ids, as a
    statement compiled once per kind of worker (pages that check a batch of families)."""
    kind = _kind(worker) if _usable(worker) else None
    if kind is None or not family_ids:
        return set()
    values = {"organisation": worker.organisation_id, "day": day or today(),
              "ids": sorted(family_ids)}
    if kind == "volunteer":
        values["worker"] = worker.pk
    rows = _visible_ids_query(kind)(**values)
    return {row[0] for row in rows}


def visible_notes(worker, family, access: Access, queryset: QuerySet) -> QuerySet:
    if not access.any:
        return queryset.none()
    queryset = queryset.filter(family_id=family.pk, category__in=access.categories)
    own = Q(organisation_id=worker.organisation_id)
    return queryset.filter(own | Q(confidential=False, youth_confidence=False))


def notes_for_family_view(queryset: QuerySet) -> QuerySet:
    """What the parents may read about themselves: never a young person's confidence."""
    return queryset.filter(youth_confidence=False)


def can_manage_network(worker) -> bool:
    return _usable(worker) and worker.has_role(Role.COORDINATOR, Role.ADMINISTRATOR)


def can_create_family(worker) -> bool:
    return _usable(worker) and worker.has_role(*CHANGE_ROLES)
