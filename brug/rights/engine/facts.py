"""Household input and its validation.

The vocabulary is in vocabulary.py, derived facts in derived.py.

A household is a list of members plus household facts. A fact that is absent is *unknown*;
the engine then reasons with three values and asks for it. Impossible input raises
:class:`FactValidationError` with a Dutch message per field.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .vocabulary import (
    DERIVED_FACTS,
    FACT_ORDER,
    FACTS,
    INCOME_BANDS,
    INPUT_FACTS,
    MAX_CHILDREN,
    MAX_EXPECTED,
    MAX_MEMBERS,
    MAX_PARENTS,
    MEMBER_FIELDS,
    ROLES,
    SCHOOL_LEVELS,
    FactDef,
)

__all__ = [
    "DERIVED_FACTS",
    "FACT_ORDER",
    "FACTS",
    "INCOME_BANDS",
    "INPUT_FACTS",
    "MEMBER_FIELDS",
    "ROLES",
    "SCHOOL_LEVELS",
    "FactDef",
    "FactValidationError",
    "Household",
    "Member",
    "age_on",
    "describe_member",
    "validate_household",
]


class FactValidationError(ValueError):
    """Impossible or malformed household facts. ``errors`` is a list of (field, Dutch message)."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{f}: {m}" for f, m in errors))


@dataclass(frozen=True)
class Member:
    role: str
    birth_date: dt.date | None = None
    due_date: dt.date | None = None
    school_level: str | None = None
    disability: bool = False  # recognised handicap >= 66% or >= 4 points in pillar 1
    label: str = ""  # a first name or short label, used in questions


@dataclass(frozen=True)
class Household:
    members: tuple[Member, ...]
    facts: Mapping[str, Any]
    already_received: frozenset[str] = frozenset()


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def describe_member(member: Member, index: int) -> str:
    if member.label:
        return member.label
    if member.role == "expected_child" and member.due_date:
        return f"het kind dat verwacht wordt op {member.due_date:%d-%m-%Y}"
    if member.birth_date:
        noun = "het kind" if member.role == "child" else "de " + ROLES[member.role]
        return f"{noun} geboren op {member.birth_date:%d-%m-%Y}"
    return f"gezinslid {index + 1}"


def _check_fact(key: str, value: Any, errors: list[tuple[str, str]]) -> Any:
    fdef = FACTS.get(key)
    name = f"facts.{key}"
    if fdef is None or fdef.derived:
        errors.append((name, f"Onbekend gegeven '{key}'."))
        return None
    if fdef.type == "bool":
        if not isinstance(value, bool):
            errors.append((name, "Antwoord met ja of nee."))
            return None
        return value
    if fdef.type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(value, float) and not math.isfinite(value)):
            # NaN passes every comparison below and no JSON column stores it.
            errors.append((name, "Vul een getal in."))
            return None
        if fdef.minimum is not None and value < fdef.minimum:
            errors.append(
                (
                    name,
                    f"{fdef.label.capitalize()} kan niet negatief zijn."
                    if fdef.minimum == 0
                    else f"{fdef.label.capitalize()} is te klein.",
                )
            )
            return None
        if fdef.maximum is not None and value > fdef.maximum:
            errors.append(
                (name, f"{fdef.label.capitalize()} is onmogelijk hoog; controleer het getal.")
            )
            return None
        return value
    if fdef.type == "enum":
        if value not in fdef.choices:
            allowed = ", ".join(fdef.choices)
            errors.append((name, f"Kies een van deze waarden: {allowed}."))
            return None
        return value
    if fdef.type == "date":
        day = _as_date(value)
        if day is None:
            errors.append((name, "Vul een datum in (JJJJ-MM-DD)."))
            return None
        return day
    if fdef.type == "postcode":
        text = str(value).strip()
        if not (text.isdecimal() and len(text) == 4 and 1000 <= int(text) <= 9999):
            errors.append((name, "Een Belgische postcode heeft vier cijfers (1000 tot 9999)."))
            return None
        return text
    if not isinstance(value, str) or not value.strip():
        errors.append((name, "Vul een tekst in."))
        return None
    return value.strip()


def _check_member(i: int, raw: Any, on: dt.date, errors: list[tuple[str, str]]) -> Member | None:
    where = f"members[{i}]"
    if isinstance(raw, Member):
        raw = {
            "role": raw.role,
            "birth_date": raw.birth_date,
            "due_date": raw.due_date,
            "school_level": raw.school_level,
            "disability": raw.disability,
            "label": raw.label,
        }
    if not isinstance(raw, Mapping):
        errors.append((where, "Een gezinslid moet gegevens hebben."))
        return None
    for key in raw:
        if key not in MEMBER_FIELDS:
            errors.append((f"{where}.{key}", f"Onbekend gegeven '{key}' bij een gezinslid."))
    role = raw.get("role")
    if role not in ROLES:
        errors.append(
            (f"{where}.role", "Kies de rol: parent, child, expected_child of other_adult.")
        )
        return None
    birth = due = None
    if role == "expected_child":
        due = _as_date(raw.get("due_date"))
        if due is None:
            errors.append((f"{where}.due_date", "Vul de verwachte geboortedatum in (JJJJ-MM-DD)."))
        elif due < on - dt.timedelta(days=31):
            errors.append(
                (
                    f"{where}.due_date",
                    "De verwachte geboortedatum ligt al voorbij; registreer het kind als geboren.",
                )
            )
        elif due > on + dt.timedelta(days=300):
            errors.append(
                (
                    f"{where}.due_date",
                    "De verwachte geboortedatum ligt meer dan tien maanden in de toekomst.",
                )
            )
        if raw.get("birth_date") is not None:
            errors.append(
                (f"{where}.birth_date", "Een kind op komst heeft nog geen geboortedatum.")
            )
    else:
        raw_birth = raw.get("birth_date")
        if raw_birth is not None:
            birth = _as_date(raw_birth)
            if birth is None:
                errors.append(
                    (f"{where}.birth_date", "Ongeldige geboortedatum; gebruik JJJJ-MM-DD.")
                )
            elif birth > on:
                errors.append(
                    (f"{where}.birth_date", "De geboortedatum ligt na de datum van de berekening.")
                )
            elif age_on(birth, on) > 120:
                errors.append(
                    (f"{where}.birth_date", "Een leeftijd van meer dan 120 jaar is niet mogelijk.")
                )
            elif role in ("parent", "other_adult") and age_on(birth, on) < 12:
                errors.append(
                    (
                        f"{where}.birth_date",
                        "Een ouder of volwassene jonger dan 12 jaar is niet mogelijk.",
                    )
                )
        elif role == "child":
            errors.append((f"{where}.birth_date", "Vul de geboortedatum van het kind in."))
    level = raw.get("school_level")
    if level is not None:
        if role != "child":
            errors.append(
                (f"{where}.school_level", "Alleen bij een kind kan je het onderwijs invullen.")
            )
            level = None
        elif level not in SCHOOL_LEVELS:
            errors.append(
                (f"{where}.school_level", "Kies: none, kleuter, lager, secundair of hoger.")
            )
            level = None
    disability = raw.get("disability", False)
    if not isinstance(disability, bool):
        errors.append((f"{where}.disability", "Antwoord met ja of nee."))
        disability = False
    label = raw.get("label") or ""
    return Member(role, birth, due, level, disability, str(label))


def validate_household(
    data: Mapping[str, Any] | Household,
    on: dt.date,
    *,
    known_rights: Iterable[str] | None = None,
) -> Household:
    """Check and normalise a household; raise :class:`FactValidationError` listing every problem.

    ``data`` has ``members`` (list of mappings with ``role``, ``birth_date``/``due_date``,
    optional ``school_level``, ``disability``, ``label``), ``facts`` (fact key -> value; absent =
    unknown) and ``already_received`` (right ids).
    """
    if isinstance(data, Household):
        data = {
            "members": list(data.members),
            "facts": dict(data.facts),
            "already_received": sorted(data.already_received),
        }
    errors: list[tuple[str, str]] = []
    for key in data:
        if key not in ("members", "facts", "already_received"):
            errors.append((key, f"Onbekend onderdeel '{key}'."))
    raw_members = data.get("members") or []
    if not isinstance(raw_members, (list, tuple)):
        raise FactValidationError([("members", "De gezinsleden moeten een lijst zijn.")])
    if not raw_members:
        errors.append(("members", "Een gezin heeft minstens één gezinslid."))
    if len(raw_members) > MAX_MEMBERS:
        raise FactValidationError(
            [
                (
                    "members",
                    f"Meer dan {MAX_MEMBERS} gezinsleden is niet mogelijk; controleer de gegevens.",
                )
            ]
        )
    members = [
        m
        for i, raw in enumerate(raw_members)
        if (m := _check_member(i, raw, on, errors)) is not None
    ]
    n_children = sum(1 for m in members if m.role in ("child", "expected_child"))
    if n_children > MAX_CHILDREN:
        errors.append(
            (
                "members",
                f"{n_children} kinderen in één gezin is niet mogelijk; controleer de gegevens.",
            )
        )
    if sum(1 for m in members if m.role == "expected_child") > MAX_EXPECTED:
        errors.append(("members", "Meer dan vier kinderen tegelijk op komst is niet mogelijk."))
    if sum(1 for m in members if m.role == "parent") > MAX_PARENTS:
        errors.append(
            (
                "members",
                "Een gezin heeft hoogstens twee ouders; "
                "registreer andere volwassenen als 'other_adult'.",
            )
        )
    raw_facts = data.get("facts") or {}
    if not isinstance(raw_facts, Mapping):
        raise FactValidationError([("facts", "De gegevens van het gezin moeten een mapping zijn.")])
    facts: dict[str, Any] = {}
    for key, value in raw_facts.items():
        if value is None:
            continue  # None means unknown, same as absent
        checked = _check_fact(str(key), value, errors)
        if checked is not None:
            facts[str(key)] = checked
    if "yearly_income" in facts and "income_band" in facts:
        lo, hi, _ = INCOME_BANDS[facts["income_band"]]
        if not lo <= facts["yearly_income"] <= hi:
            errors.append(
                ("facts.income_band", "De inkomensgroep past niet bij het ingevulde jaarinkomen.")
            )
    if facts.get("uses_childcare") is False and facts.get("childcare_kind") not in (None, "none"):
        errors.append(
            (
                "facts.childcare_kind",
                "Er is geen kinderopvang, dus er is ook geen soort kinderopvang.",
            )
        )
    received = data.get("already_received") or ()
    if isinstance(received, str) or not isinstance(received, Iterable):
        errors.append(("already_received", "Geef een lijst van rechten."))
        received = ()
    received_set = frozenset(str(r) for r in received)
    if known_rights is not None:
        known = set(known_rights)
        for rid in sorted(received_set - known):
            errors.append(("already_received", f"Onbekend recht '{rid}'."))
    if errors:
        raise FactValidationError(errors)
    return Household(tuple(members), facts, received_set)
