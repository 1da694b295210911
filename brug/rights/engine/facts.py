"""Fact vocabulary, household input, validation and derived facts.

A household is a list of members plus household facts. A fact that is absent is *unknown*;
the engine then reasons with three values and asks for it. Impossible input raises
:class:`FactValidationError` with a Dutch message per field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .values import Interval

ROLES = {
    "parent": "ouder",
    "child": "kind",
    "expected_child": "kind op komst",
    "other_adult": "andere volwassene",
}
SCHOOL_LEVELS = {
    "none": "gaat (nog) niet naar school",
    "kleuter": "kleuteronderwijs",
    "lager": "lager onderwijs",
    "secundair": "secundair onderwijs",
    "hoger": "hoger onderwijs",
}
INCOME_BANDS: dict[str, tuple[float, float, str]] = {
    "lt_15000": (0.0, 14_999.99, "minder dan € 15.000"),
    "15000_25000": (15_000.0, 24_999.99, "€ 15.000 tot € 25.000"),
    "25000_35000": (25_000.0, 34_999.99, "€ 25.000 tot € 35.000"),
    "35000_45000": (35_000.0, 44_999.99, "€ 35.000 tot € 45.000"),
    "45000_60000": (45_000.0, 59_999.99, "€ 45.000 tot € 60.000"),
    "60000_80000": (60_000.0, 79_999.99, "€ 60.000 tot € 80.000"),
    "gte_80000": (80_000.0, 5_000_000.0, "€ 80.000 of meer"),
}

MAX_MEMBERS = 30
MAX_CHILDREN = 20
MAX_EXPECTED = 4
MAX_PARENTS = 2
MAX_INCOME = 5_000_000


@dataclass(frozen=True)
class FactDef:
    key: str
    type: str  # bool | number | enum | text | postcode
    question: str
    label: str  # short Dutch name of the fact, for explanations
    choices: Mapping[str, str] = field(default_factory=dict)  # enum value -> Dutch label
    minimum: float | None = None
    maximum: float | None = None
    derived: bool = False  # computed by the engine; not accepted as input
    fallback: bool = False  # may be given as input; derived when absent


def _f(key: str, type_: str, label: str, question: str, **kw: Any) -> FactDef:
    return FactDef(key=key, type=type_, label=label, question=question, **kw)


_YES_NO = "bool"

# Input facts, in order of priority for asking (ties in question ordering are broken by this order).
INPUT_FACTS: tuple[FactDef, ...] = (
    _f("postcode", "postcode", "postcode", "Wat is de postcode van de woonplaats van het gezin?"),
    _f("municipality", "text", "gemeente", "In welke gemeente woont het gezin?"),
    _f("yearly_income", "number", "jaarinkomen van het gezin",
       "Hoeveel is het belastbaar inkomen van het gezin per jaar (bruto, alle volwassenen samen)?",
       minimum=0, maximum=MAX_INCOME),
    _f("income_band", "enum", "inkomensgroep", "In welke groep valt het jaarinkomen van het gezin?",
       choices={k: v[2] for k, v in INCOME_BANDS.items()}),
    _f("receives_leefloon", _YES_NO, "leefloon", "Ontvangt iemand in het gezin een leefloon (of gelijkaardige steun van het OCMW)?"),
    _f("has_verhoogde_tegemoetkoming", _YES_NO, "verhoogde tegemoetkoming",
       "Heeft iemand in het gezin een verhoogde tegemoetkoming bij het ziekenfonds?"),
    _f("has_disability_allowance", _YES_NO, "tegemoetkoming voor personen met een handicap",
       "Krijgt iemand in het gezin een tegemoetkoming voor personen met een handicap (inkomensvervangende of integratietegemoetkoming)?"),
    _f("receives_igo", _YES_NO, "inkomensgarantie voor ouderen",
       "Krijgt iemand in het gezin een inkomensgarantie voor ouderen (IGO)?"),
    _f("receives_zorgbudget_ouderen", _YES_NO, "zorgbudget voor ouderen",
       "Krijgt iemand in het gezin een zorgbudget voor ouderen met een zorgnood?"),
    _f("single_parent", _YES_NO, "alleenstaande ouder", "Voedt één ouder de kinderen alleen op?", fallback=True),
    _f("housing", "enum", "woonsituatie", "Hoe woont het gezin?", choices={
        "private_rent": "huurt bij een private verhuurder",
        "social_rent": "huurt een sociale woning",
        "owner": "is eigenaar van de woning",
        "homeless": "heeft geen vaste woning",
        "waiting_list_social_housing": "huurt privé en staat op de wachtlijst voor een sociale woning",
    }),
    _f("on_social_housing_waiting_list", _YES_NO, "ingeschreven voor een sociale woning",
       "Staat het gezin ingeschreven voor een sociale woning?", fallback=True),
    _f("years_on_waiting_list", "number", "jaren op de wachtlijst",
       "Hoeveel jaar staat het gezin al zonder onderbreking op de wachtlijst voor een sociale woning?",
       minimum=0, maximum=60),
    _f("monthly_rent", "number", "huurprijs per maand", "Hoeveel huur betaalt het gezin per maand (zonder kosten)?",
       minimum=0, maximum=20_000),
    _f("owns_property", _YES_NO, "eigendom van een woning of bouwgrond",
       "Heeft iemand in het gezin een woning of bouwgrond (ook in het buitenland, ook voor een deel)?"),
    _f("childcare_kind", "enum", "soort kinderopvang",
       "Gaat een kind naar de kinderopvang? Zo ja: hangt de prijs af van het inkomen?", choices={
           "none": "geen kinderopvang",
           "income_tariff": "kinderopvang met een prijs volgens het inkomen",
           "free_price": "kinderopvang met een vaste prijs",
       }, fallback=True),
    _f("uses_childcare", _YES_NO, "kinderopvang", "Gaat een kind naar de kinderopvang?"),
    _f("struggles_to_pay_childcare", _YES_NO, "moeite om de kinderopvang te betalen",
       "Is de prijs van de kinderopvang moeilijk te betalen voor het gezin?"),
    _f("heats_with_fuel_oil", _YES_NO, "verwarming met stookolie",
       "Verwarmt het gezin de woning met stookolie, lamppetroleum of propaan in bulk?"),
    _f("in_debt_mediation", _YES_NO, "schuldbemiddeling",
       "Is het gezin in schuldbemiddeling of in een collectieve schuldenregeling?"),
)

# Facts computed by the engine from the members and the evaluation date.
DERIVED_FACTS: tuple[FactDef, ...] = (
    _f("lives_in_flanders", "bool", "woont in Vlaanderen", "", derived=True),
    _f("municipality_key", "text", "gemeente", "", derived=True),
    _f("household_size", "number", "aantal gezinsleden", "", derived=True),
    _f("n_extra_household_members", "number", "aantal gezinsleden naast de aanvrager", "", derived=True),
    _f("n_adults", "number", "aantal volwassenen", "", derived=True),
    _f("n_parents", "number", "aantal ouders", "", derived=True),
    _f("n_children", "number", "aantal kinderen", "", derived=True),
    _f("n_expected_children", "number", "aantal kinderen op komst", "", derived=True),
    _f("n_children_ten_laste", "number", "aantal kinderen ten laste", "", derived=True),
    _f("n_children_under_3", "number", "aantal kinderen jonger dan 3", "", derived=True),
    _f("n_children_under_4", "number", "aantal kinderen jonger dan 4", "", derived=True),
    _f("n_children_under_12", "number", "aantal kinderen jonger dan 12", "", derived=True),
    _f("oecd_scale", "number", "gezinsgrootte volgens de OESO-schaal", "", derived=True),
    _f("schooltoeslag_points", "number", "punten van het gezin", "", derived=True),
)

FACTS: dict[str, FactDef] = {f.key: f for f in INPUT_FACTS + DERIVED_FACTS}
FACT_ORDER: dict[str, int] = {f.key: i for i, f in enumerate(INPUT_FACTS)}

MEMBER_FIELDS = {"role", "birth_date", "due_date", "school_level", "disability", "label"}


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
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            errors.append((name, "Vul een getal in."))
            return None
        if fdef.minimum is not None and value < fdef.minimum:
            errors.append((name, f"{fdef.label.capitalize()} kan niet negatief zijn." if fdef.minimum == 0
                           else f"{fdef.label.capitalize()} is te klein."))
            return None
        if fdef.maximum is not None and value > fdef.maximum:
            errors.append((name, f"{fdef.label.capitalize()} is onmogelijk hoog; controleer het getal."))
            return None
        return value
    if fdef.type == "enum":
        if value not in fdef.choices:
            allowed = ", ".join(fdef.choices)
            errors.append((name, f"Kies een van deze waarden: {allowed}."))
            return None
        return value
    if fdef.type == "postcode":
        text = str(value).strip()
        if not (text.isdigit() and len(text) == 4 and 1000 <= int(text) <= 9999):
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
        raw = {"role": raw.role, "birth_date": raw.birth_date, "due_date": raw.due_date,
               "school_level": raw.school_level, "disability": raw.disability, "label": raw.label}
    if not isinstance(raw, Mapping):
        errors.append((where, "Een gezinslid moet gegevens hebben."))
        return None
    for key in raw:
        if key not in MEMBER_FIELDS:
            errors.append((f"{where}.{key}", f"Onbekend gegeven '{key}' bij een gezinslid."))
    role = raw.get("role")
    if role not in ROLES:
        errors.append((f"{where}.role", "Kies de rol: parent, child, expected_child of other_adult."))
        return None
    birth = due = None
    if role == "expected_child":
        due = _as_date(raw.get("due_date"))
        if due is None:
            errors.append((f"{where}.due_date", "Vul de verwachte geboortedatum in (JJJJ-MM-DD)."))
        elif due < on - dt.timedelta(days=31):
            errors.append((f"{where}.due_date", "De verwachte geboortedatum ligt al voorbij; registreer het kind als geboren."))
        elif due > on + dt.timedelta(days=300):
            errors.append((f"{where}.due_date", "De verwachte geboortedatum ligt meer dan tien maanden in de toekomst."))
        if raw.get("birth_date") is not None:
            errors.append((f"{where}.birth_date", "Een kind op komst heeft nog geen geboortedatum."))
    else:
        raw_birth = raw.get("birth_date")
        if raw_birth is not None:
            birth = _as_date(raw_birth)
            if birth is None:
                errors.append((f"{where}.birth_date", "Ongeldige geboortedatum; gebruik JJJJ-MM-DD."))
            elif birth > on:
                errors.append((f"{where}.birth_date", "De geboortedatum ligt na de datum van de berekening."))
            elif age_on(birth, on) > 120:
                errors.append((f"{where}.birth_date", "Een leeftijd van meer dan 120 jaar is niet mogelijk."))
            elif role in ("parent", "other_adult") and age_on(birth, on) < 12:
                errors.append((f"{where}.birth_date", "Een ouder of volwassene jonger dan 12 jaar is niet mogelijk."))
        elif role == "child":
            errors.append((f"{where}.birth_date", "Vul de geboortedatum van het kind in."))
    level = raw.get("school_level")
    if level is not None:
        if role != "child":
            errors.append((f"{where}.school_level", "Alleen bij een kind kan je het onderwijs invullen."))
            level = None
        elif level not in SCHOOL_LEVELS:
            errors.append((f"{where}.school_level", "Kies: none, kleuter, lager, secundair of hoger."))
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
        data = {"members": list(data.members), "facts": dict(data.facts),
                "already_received": sorted(data.already_received)}
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
        raise FactValidationError([("members", f"Meer dan {MAX_MEMBERS} gezinsleden is niet mogelijk; controleer de gegevens.")])
    members = [m for i, raw in enumerate(raw_members) if (m := _check_member(i, raw, on, errors)) is not None]
    n_children = sum(1 for m in members if m.role in ("child", "expected_child"))
    if n_children > MAX_CHILDREN:
        errors.append(("members", f"{n_children} kinderen in één gezin is niet mogelijk; controleer de gegevens."))
    if sum(1 for m in members if m.role == "expected_child") > MAX_EXPECTED:
        errors.append(("members", "Meer dan vier kinderen tegelijk op komst is niet mogelijk."))
    if sum(1 for m in members if m.role == "parent") > MAX_PARENTS:
        errors.append(("members", "Een gezin heeft hoogstens twee ouders; registreer andere volwassenen als 'other_adult'."))
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
            errors.append(("facts.income_band", "De inkomensgroep past niet bij het ingevulde jaarinkomen."))
    if facts.get("uses_childcare") is False and facts.get("childcare_kind") not in (None, "none"):
        errors.append(("facts.childcare_kind", "Er is geen kinderopvang, dus er is ook geen soort kinderopvang."))
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


# ---------------------------------------------------------------------------------------------
# Derived facts


class MemberView:
    """A member as seen on the evaluation date (ages computed once)."""

    __slots__ = ("index", "role", "age", "age_prev_year_end", "school_level", "disability",
                 "birth_date", "ten_laste", "member")

    def __init__(self, index: int, member: Member, on: dt.date):
        self.index = index
        self.member = member
        self.role = member.role
        self.birth_date = member.birth_date
        # A child under 2 does not go to school yet; older children need the recorded level.
        self.school_level = member.school_level
        if self.school_level is None and member.role == "child" and member.birth_date is not None \
                and age_on(member.birth_date, on) < 2:
            self.school_level = "none"
        self.disability = member.disability
        if member.birth_date is not None:
            self.age: int | None = age_on(member.birth_date, on)
            prev_end = dt.date(on.year - 1, 12, 31)
            # Born this year: counts as 0 years old on the previous 31 December.
            self.age_prev_year_end: int | None = (
                age_on(member.birth_date, prev_end) if member.birth_date <= prev_end else 0
            )
        else:
            self.age = None
            self.age_prev_year_end = None
        self.ten_laste = self._ten_laste()

    def _ten_laste(self) -> bool | None:
        # A child counts as "ten laste" until 18, and until 25 while in education.
        if self.role != "child" or self.age is None:
            return False
        if self.age < 18:
            return True
        if self.age >= 25:
            return False
        if self.school_level is None:
            return None
        return self.school_level != "none"


FLEMISH_POSTCODES = ((1500, 3999), (8000, 9999))


def postcode_in_flanders(postcode: str) -> bool:
    code = int(postcode)
    return any(lo <= code <= hi for lo, hi in FLEMISH_POSTCODES)


def _count(views: list[MemberView], pred) -> tuple[int | Interval, list[str]]:
    lo = hi = 0
    missing: list[str] = []
    for v in views:
        r = pred(v)
        if r is True:
            lo += 1
            hi += 1
        elif r is None:
            hi += 1
            missing.append(f"member:{v.index}:school_level")
    return (Interval(lo, hi) if hi != lo else lo), missing


def derive(household: Household, on: dt.date) -> tuple[dict[str, Any], tuple[MemberView, ...], dict[str, tuple[str, ...]]]:
    """Return (facts including derived ones, member views, missing sources of uncertain derived facts)."""
    facts: dict[str, Any] = dict(household.facts)
    views = [MemberView(i, m, on) for i, m in enumerate(household.members)]
    missing: dict[str, tuple[str, ...]] = {}
    born = [v for v in views if v.role != "expected_child"]
    children = [v for v in born if v.role == "child"]
    adults = [v for v in born if v.role in ("parent", "other_adult")]
    parents = [v for v in born if v.role == "parent"]

    pc = facts.get("postcode")
    facts["lives_in_flanders"] = postcode_in_flanders(pc) if pc is not None else None
    missing["lives_in_flanders"] = ("postcode",)
    mun = facts.get("municipality")
    facts["municipality_key"] = mun.casefold() if mun else None
    missing["municipality_key"] = ("municipality",)

    facts["household_size"] = len(born)
    facts["n_extra_household_members"] = max(len(born) - 1, 0)
    facts["n_adults"] = len(adults)
    facts["n_parents"] = len(parents)
    facts["n_children"] = len(children)
    facts["n_expected_children"] = len(views) - len(born)
    n_tl, miss_tl = _count(children, lambda v: v.ten_laste)
    facts["n_children_ten_laste"] = n_tl
    missing["n_children_ten_laste"] = tuple(miss_tl)
    facts["n_children_under_3"] = sum(1 for v in children if v.age is not None and v.age < 3)
    facts["n_children_under_4"] = sum(1 for v in children if v.age is not None and v.age < 4)
    facts["n_children_under_12"] = sum(1 for v in children if v.age is not None and v.age < 12)

    # Modified OECD scale: 1 for the first person aged 14+, 0.5 for others aged 14+, 0.3 under 14.
    # Adults without a birth date count as 14+.
    older = sum(1 for v in born if v.age is None or v.age >= 14)
    younger = len(born) - older
    facts["oecd_scale"] = round((1.0 + 0.5 * (older - 1) if older else 0.0) + 0.3 * younger, 2) if born else None

    # Schooltoeslag points: 1 start point + 1 per dependant + 1 per person with a handicap (approximation).
    disabled = sum(1 for v in born if v.disability)
    if isinstance(n_tl, Interval):
        facts["schooltoeslag_points"] = Interval(1 + n_tl.lo + disabled, 1 + n_tl.hi + disabled)
        missing["schooltoeslag_points"] = tuple(miss_tl)
    else:
        facts["schooltoeslag_points"] = 1 + n_tl + disabled

    if "yearly_income" not in facts and "income_band" in facts:
        lo, hi, _ = INCOME_BANDS[facts["income_band"]]
        facts["yearly_income"] = Interval(lo, hi)
    if "single_parent" not in facts and born:
        # Derivable when the household list is complete: one parent, no other adult, children.
        if len(parents) == 1 and not [v for v in adults if v.role == "other_adult"] and children:
            facts["single_parent"] = True
        elif len(parents) >= 2:
            facts["single_parent"] = False
    if "childcare_kind" not in facts and facts.get("uses_childcare") is False:
        facts["childcare_kind"] = "none"
    if "on_social_housing_waiting_list" not in facts:
        housing = facts.get("housing")
        if housing == "waiting_list_social_housing":
            facts["on_social_housing_waiting_list"] = True
        elif housing == "social_rent":
            facts["on_social_housing_waiting_list"] = False
    return facts, tuple(views), missing
