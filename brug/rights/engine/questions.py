"""Turning missing facts into questions, ordered so few questions settle many rights."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .facts import FACT_ORDER, FACTS, SCHOOL_LEVELS, Household, describe_member


@dataclass(frozen=True)
class Question:
    key: str  # a fact key, or "member:<index>:<field>" for a member's field
    text: str  # the Dutch question
    type: str  # bool | number | enum | text | postcode | date
    choices: Mapping[str, str]  # enum value -> Dutch label (empty for other types)
    rights: tuple[str, ...]  # ids of the undecided rights this answer helps settle
    member_index: int | None = None
    field: str = ""  # the fact key, or the member field


def question_for(key: str, household: Household | None, rights: tuple[str, ...] = ()) -> Question:
    if key.startswith("member:"):
        _, idx, field = key.split(":", 2)
        i = int(idx)
        who = (
            describe_member(household.members[i], i)
            if household and i < len(household.members)
            else f"gezinslid {i + 1}"
        )
        if field == "school_level":
            return Question(
                key, f"Naar welke school gaat {who}?", "enum", dict(SCHOOL_LEVELS), rights, i, field
            )
        return Question(key, f"Wat is de geboortedatum van {who}?", "date", {}, rights, i, field)
    fdef = FACTS[key]
    return Question(key, fdef.question, fdef.type, dict(fdef.choices), rights, None, key)


def _priority(key: str) -> tuple[int, int, str]:
    if key.startswith("member:"):
        return (len(FACT_ORDER), int(key.split(":")[1]), key)
    return (FACT_ORDER.get(key, len(FACT_ORDER)), 0, key)


def order_keys(missing_by_right: Mapping[str, Iterable[str]]) -> list[tuple[str, tuple[str, ...]]]:
    """Greedy order of fact keys: first the key that is missing in the most undecided rights.

    Ties go to the key that completes the most rights (it is their last missing fact), then to
    the fact vocabulary order, then to the key text: the order is deterministic.
    Returns (key, rights that need it) pairs.
    """
    pending = {rid: set(keys) for rid, keys in missing_by_right.items() if keys}
    needs: dict[str, list[str]] = {}
    for rid, keys in pending.items():
        for k in keys:
            needs.setdefault(k, []).append(rid)
    out: list[tuple[str, tuple[str, ...]]] = []
    while pending:
        counts: dict[str, int] = {}
        completes: dict[str, int] = {}
        for keys in pending.values():
            for k in keys:
                counts[k] = counts.get(k, 0) + 1
                if len(keys) == 1:
                    completes[k] = completes.get(k, 0) + 1
        best = min(counts, key=lambda k: (-counts[k], -completes.get(k, 0), _priority(k)))
        out.append((best, tuple(sorted(needs[best]))))
        for rid in list(pending):
            pending[rid].discard(best)
            if not pending[rid]:
                del pending[rid]
    return out


def order_questions(results: Iterable, household: Household | None) -> tuple[Question, ...]:
    """Questions for the missing facts of the possibly-entitled results, best first."""
    missing = {r.right.id: r.missing_facts for r in results if r.missing_facts}
    return tuple(question_for(k, household, rids) for k, rids in order_keys(missing))
