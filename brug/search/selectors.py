"""One search box across what the worker may see (docs/documents.md, "Search").

No search of its own: each group is the app's own selector, which goes through the access
policy — families matched only on the fields the worker sees of each
(`families.selectors.families_visible_to`), the network's sociale kaart
(`directory.selectors.services_search`), the referrals of the worker's organisation
(`referrals.selectors.received`/`sent`), matched on the service and organisations, or on a
family the worker finds by its visible fields. Family rows are redacted before they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from brug.access import policy
from brug.directory.selectors import DirectoryQuery, services_search
from brug.families.selectors import families_visible_to
from brug.referrals import selectors as referral_selectors

PER_GROUP = 5
MIN_LENGTH = 2
MAX_LENGTH = 100


@dataclass
class Group:
    rows: list = field(default_factory=list)
    more: bool = False


@dataclass
class Results:
    query: str
    families: Group
    services: Group
    referrals: Group

    @property
    def empty(self) -> bool:
        return not (self.families.rows or self.services.rows or self.referrals.rows)


def _capped(qs, limit: int) -> Group:
    rows = list(qs[: limit + 1])
    return Group(rows=rows[:limit], more=len(rows) > limit)


def _referrals(worker, query: str, limit: int) -> Group:
    families = families_visible_to(worker, query=query).values("pk")
    match = (Q(service__name__icontains=query) | Q(to_organisation__name__icontains=query)
             | Q(from_organisation__name__icontains=query) | Q(family_id__in=families))
    qs = (referral_selectors.received(worker) | referral_selectors.sent(worker)).filter(match)
    group = _capped(qs.select_related("family", "service", "to_organisation",
                                      "from_organisation").order_by("-sent_at", "-id"), limit)
    group.rows = referral_selectors.with_families_seen(worker, group.rows)
    return group


def search(worker, query: str, *, limit: int = PER_GROUP) -> Results | None:
    """None when the query is too short to search."""
    query = " ".join(query.split())[:MAX_LENGTH]
    if len(query) < MIN_LENGTH:
        return None
    families = _capped(families_visible_to(worker, query=query), limit)
    families.rows = policy.seen_families(worker, families.rows)
    return Results(
        query=query,
        families=families,
        services=_capped(services_search(worker, DirectoryQuery(text=query))
                         .select_related("provider"), limit),
        referrals=_referrals(worker, query, limit),
    )
