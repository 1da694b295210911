"""Turning missing facts into questions, ordered by the money their answers settle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .conditions import Context
from .derived import derive
from .facts import FACT_ORDER, FACTS, SCHOOL_LEVELS, Household, age_on, describe_member


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


# Ordering questions by the money they settle (documented in docs/rights-engine.md).
# A right without a computed amount (a tariff, a discount) counts as this much per year.
STAKE_WITHOUT_AMOUNT = 120.0
# Amounts are compared per year; a daily amount counts for 220 (childcare) days.
YEARLY_FACTOR = {"once": 1.0, "month": 12.0, "year": 1.0, "day": 220.0, "school_year": 1.0}


def amount_spread(result: Any) -> float:
    """Money still open in a right's amount, per year: high − low, or the stake if unknown."""
    amount = result.amount
    if amount is None or amount.low is None or amount.high is None:
        return stake(result)
    return max(amount.high - amount.low, 0.0) * YEARLY_FACTOR.get(amount.period, 1.0)


def stake(result: Any) -> float:
    """Money a right puts at stake for this family, per year (its highest estimate)."""
    amount = result.amount
    if amount is None or amount.high is None:
        return STAKE_WITHOUT_AMOUNT
    return max(amount.high, 0.0) * YEARLY_FACTOR.get(amount.period, 1.0)


def sensitivity(key: str) -> int:
    if key.startswith("member:"):
        return 1
    fdef = FACTS.get(key)
    return fdef.sensitivity if fdef else 1


def may_matter(key: str, household: Household | None, on: dt.date | None) -> bool:
    """False when the fact cannot hold for this household (benefits for older people).

    A fact with ``min_member_age`` is asked only when a member is that old, or when an adult
    who is not a parent (a grandparent living in) has no birth date. A parent without a birth
    date counts as younger: Brug's families have children, and an older parent is recorded
    with a birth date.
    """
    fdef = FACTS.get(key)
    if fdef is None or fdef.min_member_age is None or household is None or on is None:
        return True
    for m in household.members:
        if m.role == "expected_child":
            continue
        if m.birth_date is None:
            if m.role == "other_adult":
                return True
        elif age_on(m.birth_date, on) >= fdef.min_member_age:
            return True
    return False


def _answers(key: str, household: Household) -> tuple[Any, ...] | None:
    """The possible answers of a question with few answers (None for numbers, dates, text)."""
    if key.startswith("member:"):
        return tuple(SCHOOL_LEVELS) if key.endswith(":school_level") else None
    fdef = FACTS.get(key)
    if fdef is None:
        return None
    if fdef.type == "bool":
        return (True, False)
    if fdef.type == "enum":
        return tuple(fdef.choices)
    return None


def _with_answer(household: Household, key: str, value: Any) -> Household:
    if key.startswith("member:"):
        _, idx, field_name = key.split(":", 2)
        members = list(household.members)
        members[int(idx)] = replace(members[int(idx)], **{field_name: value})
        return Household(tuple(members), household.facts, household.already_received)
    return Household(household.members, {**household.facts, key: value}, household.already_received)


def _settled(right: Any, ctx: Context, household: Household) -> bool:
    """Whether the right's status is decided (not "possibly") in this context (fast path)."""
    if right.id in household.already_received or (
        right.received_if is not None and ctx.facts.get(right.received_if) is True
    ):
        return True
    unknown = False
    for c in right.conditions:
        if not c.in_force(ctx.on):
            continue
        v = c.fn(ctx, None)
        if v is False:
            return True
        if v is None:
            unknown = True
    return not unknown


def _keys_to_ask(
    result: Any, household: Household | None, keys: Iterable[str] | None = None
) -> tuple[str, ...]:
    """The right's missing facts, the income band standing in for an unknown exact income."""
    keys = list(result.missing_facts if keys is None else keys)
    facts = household.facts if household is not None else {}
    if "yearly_income" in keys and "income_band" not in facts and "yearly_income" not in facts:
        # Income is asked in bands first; the exact figure only when the band does not settle.
        keys = ["income_band" if k == "yearly_income" else k for k in keys]
    return tuple(dict.fromkeys(keys))


def order_questions(
    results: Iterable,
    household: Household | None,
    catalogue: Any = None,
    on: dt.date | None = None,
) -> tuple[Question, ...]:
    """Questions for the undecided rights, best first.

    The score of a question is the expected money it settles: for every undecided right that
    needs it, the money at stake (:func:`stake`) times the chance that the answer settles the
    right, divided by the fact's sensitivity. For a question with few answers (yes/no, a
    choice, the income band, a school level) the chance is the share of its answers that
    decide the right, found by trying each answer on the household (fast path, with
    ``catalogue`` and ``on``); for numbers and dates it is 1 for the right's last missing fact
    and 1 / (number of missing facts) otherwise. Facts that cannot hold for this household
    (:func:`may_matter`) are not asked. Ties go to the vocabulary order, then the key text:
    the order is deterministic.
    """
    needs: dict[str, list[Any]] = {}
    keys_of: dict[str, tuple[str, ...]] = {}
    # Facts that only narrow an open amount (the right's status does not depend on them):
    # key -> money they may settle. An unknown income is asked as a band first; the exact
    # figure only while the band leaves the amount open.
    amount_scores: dict[str, float] = {}
    amount_rights: dict[str, list[str]] = {}
    for r in results:
        if r.missing_facts:
            keys = tuple(k for k in _keys_to_ask(r, household) if may_matter(k, household, on))
            keys_of[r.right.id] = keys
            for k in keys:
                needs.setdefault(k, []).append(r)
        amount_keys = getattr(r, "amount_facts", ())
        if amount_keys:
            keys = tuple(
                k
                for k in _keys_to_ask(r, household, amount_keys)
                if may_matter(k, household, on) and k not in keys_of.get(r.right.id, ())
            )
            for k in keys:
                amount_scores[k] = amount_scores.get(k, 0.0) + amount_spread(r) / len(keys)
                amount_rights.setdefault(k, []).append(r.right.id)
    can_try = household is not None and catalogue is not None and on is not None
    params = catalogue.params_at(on) if can_try else None
    date_memo: dict[int, Any] = {}
    scores: dict[str, float] = {}
    for key, rights in needs.items():
        answers = _answers(key, household) if can_try else None
        contexts = None
        if answers:
            contexts = []
            for value in answers:
                h = _with_answer(household, key, value)
                facts, views, missing = derive(h, on)
                ctx = Context(facts, views, missing, params, on)
                # Fast path only (no figures tracked): share conditions as screening does.
                ctx.memo, ctx.date_memo = {}, date_memo
                contexts.append((h, ctx))
        total = 0.0
        for r in rights:
            if contexts is not None:
                chance = sum(_settled(r.right, c, h) for h, c in contexts) / len(contexts)
            else:
                n = len(keys_of[r.right.id])
                chance = 1.0 if n == 1 else 1.0 / n
            total += stake(r) * chance
        scores[key] = total / sensitivity(key)
    for key, money in amount_scores.items():
        scores[key] = scores.get(key, 0.0) + money / sensitivity(key)
    order = sorted(scores, key=lambda k: (-round(scores[k], 6), _priority(k)))
    return tuple(
        question_for(
            k,
            household,
            tuple(sorted({r.right.id for r in needs.get(k, ())} | set(amount_rights.get(k, ())))),
        )
        for k in order
    )
