"""Reads for the rights pages: the engine's household input built from the dossier.

The caller has checked access to the family. Every read here is a constant number of queries
whatever the size of the family, its facts or its claims.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from brug.access import policy
from brug.core.categories import Category
from brug.families.models import Member, MemberRole
from brug.rights.engine import (
    Evaluation,
    FactValidationError,
    Household,
    default_catalogue,
    evaluate,
    validate_household,
)
from brug.rights.engine.vocabulary import FACTS
from brug.rights.models import (
    MEMBER_PREFIX,
    RECEIVED_PREFIX,
    ClaimStatus,
    FamilyFact,
    RightClaim,
)

MEMBER_FACT_FIELDS = ("school_level", "disability")


def catalogue():
    return default_catalogue()


def right_get(right_id: str):
    right = catalogue().by_id.get(right_id)
    if right is None:
        raise Http404
    return right


def latest_facts(family) -> dict[str, FamilyFact]:
    """The latest recorded row per key (one query)."""
    latest: dict[str, FamilyFact] = {}
    for row in FamilyFact.objects.filter(family_id=family.pk).select_related(
        "recorded_by"
    ).order_by("key", "-recorded_at", "-id"):
        latest.setdefault(row.key, row)
    return latest


def fact_history(family, key: str, limit: int = 20) -> list[FamilyFact]:
    return list(FamilyFact.objects.filter(family_id=family.pk, key=key)
                .select_related("recorded_by").order_by("-recorded_at", "-id")[:limit])


def claims_of(family) -> dict[str, RightClaim]:
    return {c.right_id: c for c in RightClaim.objects.filter(family_id=family.pk)}


def claim_get(family, right_id: str) -> RightClaim | None:
    return RightClaim.objects.filter(family_id=family.pk, right_id=right_id).first()


def visible_claim_ids(worker, family, access) -> set[str] | None:
    """The rights whose claim this grant reads (policy rule 11: a claim is dated by its
    stand's date; None: every claim). The engine still counts every claim."""
    if not access.limits_history:
        return None
    return set(policy.history_filter(worker, access, "right_claim", RightClaim.objects.filter(
        family_id=family.pk)).values_list("right_id", flat=True))


def claim_get_for_worker(worker, family, access, right_id: str) -> RightClaim | None:
    """The claim for one right, None when there is none; 404 when there is one this grant
    does not read (rule 11: it does not open by its address)."""
    claim = claim_get(family, right_id)
    if claim is not None and access.limits_history and not policy.history_filter(
            worker, access, "right_claim", RightClaim.objects.filter(pk=claim.pk)).exists():
        raise Http404
    return claim


def claim_events(worker, claim, access) -> list:
    return list(policy.history_filter(worker, access, "right_claim_event", claim.events.all())
                .select_related("recorded_by").order_by("happened_on", "recorded_at", "id"))


@dataclass
class Dossier:
    """What the engine is given, and how its question keys map back to storage keys."""

    data: dict[str, Any]
    member_ids: list[int]  # engine member index -> Member.pk
    member_labels: dict[int, str] = field(default_factory=dict)  # Member.pk -> first name
    skipped: list[Member] = field(default_factory=list)  # members the engine cannot use
    facts: dict[str, FamilyFact] = field(default_factory=dict)
    claims: dict[str, RightClaim] = field(default_factory=dict)

    def storage_key(self, question_key: str) -> str:
        """`member:<index>:field` (engine) -> `member:<member id>:field` (stored)."""
        if question_key.startswith(MEMBER_PREFIX):
            _p, index, name = question_key.split(":", 2)
            return f"{MEMBER_PREFIX}{self.member_ids[int(index)]}:{name}"
        return question_key


def build_household_input(family, members, facts: dict[str, FamilyFact],
                          claims: dict[str, RightClaim], on: date, *,
                          categories: Collection[str] = policy.ALL_CATEGORIES,
                          names: bool = True) -> Dossier:
    """The engine's household dict: dossier members and address plus the latest facts.

    `categories`: what the viewer is granted for this family (`Access.categories`,
    `policy.categories_by_family`; all of them for the family itself). A field of the family
    whose category is not granted does not reach the engine: the family goes through
    `policy.redact` (the one field map), so without `contact` the postcode and municipality
    are unknown to the engine (it asks them, a local right stays "possibly") instead of
    deciding on data the viewer may not see. The stored answers (`FamilyFact`) and claims are
    `rights`.

    Members are called "gezinslid 1", "gezinslid 2"… in questions, explanations and lists
    without `household` (or with `names=False`), never by name. Their roles and birth/due
    dates still reach the engine (see docs/access.md, "Known gaps")."""
    categories = frozenset(categories)
    family = policy.redact(copy.copy(family), categories)
    names = names and Category.HOUSEHOLD in categories
    values = {k: f.value for k, f in facts.items()}
    out_members, member_ids, skipped = [], [], []
    labels = {m.pk: str(m) if names else _("gezinslid %(n)s") % {"n": n}
              for n, m in enumerate(members, start=1)}
    for m in members:
        entry: dict[str, Any] = {"role": m.role}
        if not names:
            entry["label"] = labels[m.pk]
        elif m.first_name:
            entry["label"] = m.first_name
        if m.role == MemberRole.EXPECTED_CHILD:
            if m.due_date is None or m.due_date < on:
                skipped.append(m)
                continue
            entry["due_date"] = m.due_date
        else:
            if m.birth_date is None and m.role == MemberRole.CHILD:
                skipped.append(m)
                continue
            if m.birth_date is not None:
                if m.birth_date > on:
                    skipped.append(m)
                    continue
                entry["birth_date"] = m.birth_date
        for name in MEMBER_FACT_FIELDS:
            value = values.get(f"{MEMBER_PREFIX}{m.pk}:{name}")
            if value is None or (name == "school_level" and m.role != MemberRole.CHILD):
                continue
            if m.role != MemberRole.EXPECTED_CHILD:
                entry[name] = value
        out_members.append(entry)
        member_ids.append(m.pk)
    household_facts = {k: v for k, v in values.items()
                       if k in FACTS and v is not None and not FACTS[k].derived}
    if family.postcode:
        household_facts["postcode"] = family.postcode
    if family.municipality:
        household_facts["municipality"] = family.municipality
    received = {k[len(RECEIVED_PREFIX):] for k, v in values.items()
                if k.startswith(RECEIVED_PREFIX) and v is True}
    received |= {rid for rid, c in claims.items() if c.status == ClaimStatus.GRANTED}
    received &= set(catalogue().by_id)
    data = {"members": out_members, "facts": household_facts,
            "already_received": sorted(received)}
    return Dossier(data=data, member_ids=member_ids, skipped=skipped, facts=facts, claims=claims,
                   member_labels=labels)


def dossier_of(family, on: date, *,
               categories: Collection[str] = policy.ALL_CATEGORIES) -> Dossier:
    """The household input as a viewer granted `categories` may have it evaluated."""
    members = list(Member.objects.filter(family_id=family.pk).order_by("id"))
    return build_household_input(family, members, latest_facts(family), claims_of(family), on,
                                 categories=categories)


def validate(dossier: Dossier, on: date) -> Household:
    return validate_household(dossier.data, on, known_rights=catalogue().by_id)


def evaluation_of(dossier: Dossier, on: date) -> tuple[Evaluation | None, list[tuple[str, str]]]:
    """The evaluation, or the engine's Dutch errors when the dossier itself is impossible."""
    try:
        household = validate(dossier, on)
    except FactValidationError as exc:
        return None, exc.errors
    return evaluate(catalogue(), household, on), []
