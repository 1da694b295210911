"""Allocation of free childcare places: proposals with their reason, and an explained waiting
list. Framework-free (no Django), deterministic: the same input gives the same output.

The rule (docs/childcare.md "De volgorde"):
1. At every provider with the inkomenstarief, a share of the free places of each age group is
   reserved for families with a priority ground (the network's `priority_share`, rounded up:
   "at least"). Providers with a free price reserve nothing.
2. Priority round: families with at least one of the network's priority grounds, in the order
   of their request date, then the request number, take a reserved place at the first provider
   that suits them. Several grounds give no extra weight: nobody is scored.
3. General round: every family still waiting (priority families first placed nowhere included),
   in the order of request date, then request number, takes a free place (not reserved, or
   reserved and left over after the priority round) at the first provider that suits them.
4. A provider suits a request when it has a place for every child in the child's age group, is
   not refused before by the family, and offers the inkomenstarief when the family asks for it.
   Order of providers: the family's choices in its order; without choices, the providers in the
   family's municipality, those in its neighbourhood first, then by provider number.
5. Everyone not placed is on the waiting list: priority families first, then the others, each
   in request date order, then request number.

Reasons are Dutch msgids with `%(name)s` parameters; the Django layer translates them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date


def gettext_noop(text: str) -> str:
    return text


BABY = "baby"
TODDLER = "toddler"
GROUPS = (BABY, TODDLER)
GROUP_LABEL = {BABY: gettext_noop("baby"), TODDLER: gettext_noop("peuter")}
# A baby is younger than 18 months at the start date; a toddler from 18 months up to 3 years
# (baby- en peuteropvang ends when the child goes to school at about 2.5-3).
TODDLER_FROM_MONTHS = 18
CHILDCARE_UNTIL_MONTHS = 36


def months_between(born: date, on: date) -> int:
    months = (on.year - born.year) * 12 + (on.month - born.month)
    if on.day < born.day:
        months -= 1
    return months


def age_group(born: date | None, on: date) -> str | None:
    """The age group at the start date; None when the child is 3 or older. An expected child
    (no birth date yet) is a baby."""
    if born is None or born >= on:
        return BABY
    months = months_between(born, on)
    if months >= CHILDCARE_UNTIL_MONTHS:
        return None
    return BABY if months < TODDLER_FROM_MONTHS else TODDLER


@dataclass(frozen=True)
class Provider:
    id: int
    free: dict  # group -> free places
    income_tariff: bool
    municipality: str = ""
    neighbourhood: str = ""
    name: str = ""


@dataclass(frozen=True)
class Request:
    id: int
    requested_on: date
    needs: tuple[str, ...]  # one age group per child
    grounds: frozenset[str] = frozenset()
    municipality: str = ""
    neighbourhood: str = ""
    preferred: tuple[int, ...] = ()
    refused: frozenset[int] = frozenset()
    income_tariff_only: bool = False


@dataclass(frozen=True)
class Rules:
    priority_share: int  # percent of the free places of an income-tariff provider
    grounds: tuple[str, ...]  # the network's priority grounds (as data)


@dataclass(frozen=True)
class Reason:
    text: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Proposal:
    request_id: int
    provider_id: int
    places: tuple[tuple[str, int], ...]  # (group, count)
    priority: bool
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Waiting:
    request_id: int
    position: int
    priority: bool
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Allocation:
    proposals: tuple[Proposal, ...]
    waiting: tuple[Waiting, ...]
    reserved: dict  # provider id -> {group: reserved places}


def norm(text: str) -> str:
    return " ".join(text.lower().split())


def reserved_places(free: int, share: int) -> int:
    """At least `share` percent of the free places, rounded up."""
    if free <= 0 or share <= 0:
        return 0
    return min(free, math.ceil(free * share / 100))


def _order_key(r: Request):
    return (r.requested_on, r.id)


def _candidates(request: Request, providers: dict[int, Provider],
                by_municipality: dict[str, list[Provider]]) -> list[tuple[Provider, str]]:
    """Providers in the order the request tries them, each with why it is in the list."""
    out: list[tuple[Provider, str]] = []
    if request.preferred:
        for rank, pid in enumerate(request.preferred, start=1):
            p = providers.get(pid)
            if p is not None:
                out.append((p, f"choice:{rank}"))
    else:
        local = by_municipality.get(norm(request.municipality), [])
        hood = norm(request.neighbourhood)
        same = [p for p in local if hood and norm(p.neighbourhood) == hood]
        other = [p for p in local if not (hood and norm(p.neighbourhood) == hood)]
        out = [(p, "neighbourhood") for p in same] + [(p, "municipality") for p in other]
    return [(p, why) for p, why in out
            if p.id not in request.refused and (p.income_tariff or not request.income_tariff_only)]


def _fits(needs: Counter, pool: dict[str, int]) -> bool:
    return all(pool.get(g, 0) >= n for g, n in needs.items())


def _where_reason(provider: Provider, why: str) -> Reason:
    if why.startswith("choice:"):
        return Reason(gettext_noop("%(provider)s is keuze %(rank)s van het gezin."),
                      {"provider": provider.name or str(provider.id), "rank": why[7:]})
    if why == "neighbourhood":
        return Reason(gettext_noop("%(provider)s ligt in de wijk van het gezin (%(where)s)."),
                      {"provider": provider.name or str(provider.id),
                       "where": provider.neighbourhood})
    return Reason(gettext_noop("%(provider)s ligt in de gemeente van het gezin (%(where)s)."),
                  {"provider": provider.name or str(provider.id),
                   "where": provider.municipality})


def _places(needs: Counter) -> tuple[tuple[str, int], ...]:
    return tuple((g, needs[g]) for g in GROUPS if needs.get(g))


def allocate(requests: Iterable[Request], providers: Sequence[Provider], rules: Rules
             ) -> Allocation:
    by_id = {p.id: p for p in providers}
    by_municipality: dict[str, list[Provider]] = {}
    for p in sorted(providers, key=lambda p: p.id):
        by_municipality.setdefault(norm(p.municipality), []).append(p)
    reserved: dict[int, dict[str, int]] = {}
    general: dict[int, dict[str, int]] = {}
    for p in providers:
        res = {g: reserved_places(p.free.get(g, 0), rules.priority_share) if p.income_tariff
               else 0 for g in GROUPS}
        reserved[p.id] = res
        general[p.id] = {g: max(p.free.get(g, 0), 0) - res[g] for g in GROUPS}
    reserved_at_start = {pid: dict(v) for pid, v in reserved.items()}
    enabled = tuple(rules.grounds)
    ordered = sorted(requests, key=_order_key)
    priority = [r for r in ordered if r.grounds & set(enabled)]
    placed: dict[int, Proposal] = {}
    needs_of = {r.id: Counter(r.needs) for r in ordered}
    candidates = {r.id: _candidates(r, by_id, by_municipality) for r in ordered}

    def grounds_of(r: Request) -> list[str]:
        return [g for g in enabled if g in r.grounds]

    # Round 1: reserved places, priority families by date.
    for rank, r in enumerate(priority, start=1):
        needs = needs_of[r.id]
        if not needs:
            continue
        for p, why in candidates[r.id]:
            if _fits(needs, reserved[p.id]):
                for g, n in needs.items():
                    reserved[p.id][g] -= n
                placed[r.id] = Proposal(r.id, p.id, _places(needs), True, (
                    Reason(gettext_noop("Voorrangsplaats: het gezin heeft voorrang (%(grounds)s)."),
                           {"grounds": grounds_of(r)}),
                    Reason(gettext_noop(
                        "Gezinnen met voorrang komen aan de beurt volgens de datum van hun "
                        "aanvraag: dit gezin vroeg op %(date)s en was %(rank)s van %(total)s."),
                        {"date": r.requested_on.isoformat(), "rank": rank,
                         "total": len(priority)}),
                    _where_reason(p, why),
                ))
                break
    # Left-over reserved places are free for everyone in round 2.
    for pid, res in reserved.items():
        for g in GROUPS:
            general[pid][g] += res[g]
            res[g] = 0
    # Round 2: every family still waiting, by date.
    for rank, r in enumerate(ordered, start=1):
        if r.id in placed or not needs_of[r.id]:
            continue
        needs = needs_of[r.id]
        for p, why in candidates[r.id]:
            if _fits(needs, general[p.id]):
                for g, n in needs.items():
                    general[p.id][g] -= n
                placed[r.id] = Proposal(r.id, p.id, _places(needs), False, (
                    Reason(gettext_noop(
                        "Gewone plaats, volgens de datum van de aanvraag: dit gezin vroeg op "
                        "%(date)s en was %(rank)s van %(total)s in de rij."),
                        {"date": r.requested_on.isoformat(), "rank": rank,
                         "total": len(ordered)}),
                    _where_reason(p, why),
                ))
                break
    # The waiting list.
    waiting_rows = [r for r in priority if r.id not in placed] + \
                   [r for r in ordered if r.id not in placed and not (r.grounds & set(enabled))]
    waiting = []
    for position, r in enumerate(waiting_rows, start=1):
        is_priority = bool(r.grounds & set(enabled))
        reasons = []
        if not needs_of[r.id]:
            reasons.append(Reason(gettext_noop(
                "Geen kind in de leeftijd van baby- en peuteropvang op de startdatum."), {}))
        elif not candidates[r.id]:
            reasons.append(Reason(gettext_noop(
                "Geen opvang die past bij de keuzes van het gezin%(tariff)s."),
                {"tariff": gettext_noop(" (met inkomenstarief)") if r.income_tariff_only
                 else ""}))
        else:
            reasons.append(Reason(gettext_noop(
                "Geen vrije plaats voor %(groups)s bij %(providers)s."),
                {"groups": [g for g, _n in _places(needs_of[r.id])],
                 "providers": [p.name or str(p.id) for p, _w in candidates[r.id]]}))
        if is_priority:
            reasons.append(Reason(gettext_noop(
                "Plaats %(position)s op de wachtlijst: gezinnen met voorrang (%(grounds)s) "
                "staan vóór de andere, en onder elkaar volgens de datum van hun aanvraag "
                "(%(date)s)."), {"position": position, "grounds": grounds_of(r),
                                 "date": r.requested_on.isoformat()}))
        else:
            reasons.append(Reason(gettext_noop(
                "Plaats %(position)s op de wachtlijst: na de gezinnen met voorrang, volgens de "
                "datum van de aanvraag (%(date)s)."),
                {"position": position, "date": r.requested_on.isoformat()}))
        waiting.append(Waiting(r.id, position, is_priority, tuple(reasons)))
    proposals = tuple(placed[r.id] for r in ordered if r.id in placed)
    return Allocation(proposals=proposals, waiting=tuple(waiting), reserved=reserved_at_start)
