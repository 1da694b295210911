"""The fact vocabulary: every fact a right may use, with type, Dutch question and values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

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
    # Keys start with a letter so YAML never reads them as numbers.
    "lt_15k": (0.0, 14_999.99, "minder dan € 15.000"),
    "b15k_25k": (15_000.0, 24_999.99, "€ 15.000 tot € 25.000"),
    "b25k_35k": (25_000.0, 34_999.99, "€ 25.000 tot € 35.000"),
    "b35k_45k": (35_000.0, 44_999.99, "€ 35.000 tot € 45.000"),
    "b45k_60k": (45_000.0, 59_999.99, "€ 45.000 tot € 60.000"),
    "b60k_80k": (60_000.0, 79_999.99, "€ 60.000 tot € 80.000"),
    "gte_80k": (80_000.0, 5_000_000.0, "€ 80.000 of meer"),
}

MAX_MEMBERS = 30
MAX_CHILDREN = 20
MAX_EXPECTED = 4
MAX_PARENTS = 2
MAX_INCOME = 5_000_000
# Inkomensgarantie voor ouderen and the zorgbudget voor ouderen start at 65 at the earliest.
OLDER_AGE = 65


@dataclass(frozen=True)
class FactDef:
    key: str
    type: str  # bool | number | enum | text | postcode | date
    question: str
    label: str  # short Dutch name of the fact, for explanations
    choices: Mapping[str, str] = field(default_factory=dict)  # enum value -> Dutch label
    minimum: float | None = None
    maximum: float | None = None
    derived: bool = False  # computed by the engine; not accepted as input
    fallback: bool = False  # may be given as input; derived when absent
    # How personal the question is, for ordering questions (questions.py): 1 = everyday
    # (postcode, housing), 2 = a status or a rough figure (leefloon, income band), 3 = an exact
    # figure (income). The expected money a question settles is divided by it.
    sensitivity: int = 1
    # The fact can only hold when a member is at least this old (benefits for older people).
    # When every member's age is known and younger, it derives to false; it is never asked of a
    # household without a member who may be that old (questions.py).
    min_member_age: int | None = None


def _f(key: str, type_: str, label: str, question: str, **kw: Any) -> FactDef:
    return FactDef(key=key, type=type_, label=label, question=question, **kw)


_YES_NO = "bool"

# Input facts, in order of priority for asking (ties in question ordering are broken by this order).
INPUT_FACTS: tuple[FactDef, ...] = (
    _f("postcode", "postcode", "postcode", "Wat is de postcode van de woonplaats van het gezin?"),
    _f("municipality", "text", "gemeente", "In welke gemeente woont het gezin?"),
    _f(
        "yearly_income",
        "number",
        "jaarinkomen van het gezin",
        "Hoeveel is het belastbaar inkomen van het gezin per jaar (bruto, alle volwassenen samen)?",
        minimum=0,
        maximum=MAX_INCOME,
        sensitivity=3,
    ),
    _f(
        "income_band",
        "enum",
        "inkomensgroep",
        "In welke groep valt het jaarinkomen van het gezin?",
        choices={k: v[2] for k, v in INCOME_BANDS.items()},
        sensitivity=2,
    ),
    _f(
        "monthly_disposable_income",
        "number",
        "beschikbaar inkomen van het gezin per maand",
        "Hoeveel geld heeft het gezin samen elke maand te besteden (netto: lonen, uitkeringen, "
        "Groeipakket en alimentatie, na belastingen)?",
        minimum=0,
        maximum=MAX_INCOME / 12,
        sensitivity=3,
    ),
    _f(
        "receives_leefloon",
        _YES_NO,
        "leefloon",
        "Ontvangt iemand in het gezin een leefloon (of gelijkaardige steun van het OCMW)?",
        sensitivity=2,
    ),
    _f(
        "leefloon_since",
        "date",
        "leefloon sinds",
        "Sinds welke datum krijgt iemand in het gezin zonder onderbreking een leefloon?",
        sensitivity=2,
    ),
    _f(
        "has_verhoogde_tegemoetkoming",
        _YES_NO,
        "verhoogde tegemoetkoming",
        "Heeft iemand in het gezin een verhoogde tegemoetkoming bij het ziekenfonds?",
        sensitivity=2,
    ),
    _f(
        "has_disability_allowance",
        _YES_NO,
        "tegemoetkoming voor personen met een handicap",
        "Krijgt iemand in het gezin een tegemoetkoming voor personen met een handicap "
        "(inkomensvervangende of integratietegemoetkoming)?",
        sensitivity=2,
    ),
    _f(
        "disability_allowance_since",
        "date",
        "tegemoetkoming voor personen met een handicap sinds",
        "Sinds welke datum krijgt iemand in het gezin de tegemoetkoming voor personen met een "
        "handicap?",
        sensitivity=2,
    ),
    _f(
        "receives_igo",
        _YES_NO,
        "inkomensgarantie voor ouderen",
        "Krijgt iemand in het gezin een inkomensgarantie voor ouderen (IGO)?",
        sensitivity=2,
        min_member_age=OLDER_AGE,
    ),
    _f(
        "igo_since",
        "date",
        "inkomensgarantie voor ouderen sinds",
        "Sinds welke datum krijgt iemand in het gezin de inkomensgarantie voor ouderen?",
        sensitivity=2,
        min_member_age=OLDER_AGE,
    ),
    _f(
        "receives_zorgbudget_ouderen",
        _YES_NO,
        "zorgbudget voor ouderen",
        "Krijgt iemand in het gezin een zorgbudget voor ouderen met een zorgnood?",
        sensitivity=2,
        min_member_age=OLDER_AGE,
    ),
    _f(
        "zorgbudget_ouderen_since",
        "date",
        "zorgbudget voor ouderen sinds",
        "Sinds welke datum krijgt iemand in het gezin het zorgbudget voor ouderen?",
        sensitivity=2,
        min_member_age=OLDER_AGE,
    ),
    _f(
        "single_parent",
        _YES_NO,
        "alleenstaande ouder",
        "Voedt één ouder de kinderen alleen op?",
        fallback=True,
    ),
    _f(
        "housing",
        "enum",
        "woonsituatie",
        "Hoe woont het gezin?",
        choices={
            "private_rent": "huurt bij een private verhuurder",
            "social_rent": "huurt een sociale woning",
            "owner": "is eigenaar van de woning",
            "homeless": "heeft geen vaste woning",
            "waiting_list_social_housing": (
                "huurt privé en staat op de wachtlijst voor een sociale woning"
            ),
        },
    ),
    _f(
        "collective_gas_heating",
        _YES_NO,
        "verwarming met aardgas via een gemeenschappelijke installatie",
        "Wordt de sociale woning verwarmd met aardgas via een gemeenschappelijke installatie "
        "van het gebouw?",
    ),
    _f(
        "on_social_housing_waiting_list",
        _YES_NO,
        "ingeschreven voor een sociale woning",
        "Staat het gezin ingeschreven voor een sociale woning?",
        fallback=True,
    ),
    _f(
        "years_on_waiting_list",
        "number",
        "jaren op de wachtlijst",
        "Hoeveel jaar staat het gezin al zonder onderbreking op de wachtlijst "
        "voor een sociale woning?",
        minimum=0,
        maximum=60,
    ),
    _f(
        "monthly_rent",
        "number",
        "huurprijs per maand",
        "Hoeveel huur betaalt het gezin per maand (zonder kosten)?",
        minimum=0,
        maximum=20_000,
        sensitivity=2,
    ),
    _f(
        "owns_property",
        _YES_NO,
        "eigendom van een woning of bouwgrond",
        "Heeft iemand in het gezin een woning of bouwgrond "
        "(ook in het buitenland, ook voor een deel)?",
        sensitivity=2,
    ),
    _f(
        "childcare_kind",
        "enum",
        "soort kinderopvang",
        "Gaat een kind naar de kinderopvang? Zo ja: hangt de prijs af van het inkomen?",
        choices={
            "none": "geen kinderopvang",
            "income_tariff": "kinderopvang met een prijs volgens het inkomen",
            "free_price": "kinderopvang met een vaste prijs",
        },
        fallback=True,
    ),
    _f("uses_childcare", _YES_NO, "kinderopvang", "Gaat een kind naar de kinderopvang?"),
    _f(
        "struggles_to_pay_childcare",
        _YES_NO,
        "moeite om de kinderopvang te betalen",
        "Is de prijs van de kinderopvang moeilijk te betalen voor het gezin?",
        sensitivity=2,
    ),
    _f(
        "heats_with_fuel_oil",
        _YES_NO,
        "verwarming met stookolie",
        "Verwarmt het gezin de woning met stookolie, lamppetroleum of propaan in bulk?",
    ),
    _f(
        "in_debt_mediation",
        _YES_NO,
        "schuldbemiddeling",
        "Is het gezin in schuldbemiddeling of in een collectieve schuldenregeling?",
        sensitivity=2,
    ),
    # Groeipakket zorgtoeslagen (orphans, foster children, specific support need).
    _f(
        "child_support_need",
        "enum",
        "specifieke ondersteuningsbehoefte van een kind",
        "Heeft een kind door een ziekte, aandoening of handicap duidelijk meer ondersteuning "
        "nodig dan kinderen van dezelfde leeftijd? Zo ja: hoeveel punten gaf de arts van "
        "Opgroeien?",
        choices={
            "none": "nee",
            "not_evaluated": "ja, maar nog niet beoordeeld door een arts van Opgroeien",
            "lt6": "ja, beoordeeld: minder dan 6 punten",
            "p6_8": "ja, beoordeeld: 6 tot 8 punten",
            "p9_11": "ja, beoordeeld: 9 tot 11 punten",
            "p12_14": "ja, beoordeeld: 12 tot 14 punten",
            "p15_17": "ja, beoordeeld: 15 tot 17 punten",
            "p18_20": "ja, beoordeeld: 18 tot 20 punten",
            "gt20": "ja, beoordeeld: meer dan 20 punten",
        },
    ),
    _f(
        "deceased_parents",
        "enum",
        "overleden ouder(s) van een kind",
        "Is een ouder van een kind in het gezin overleden?",
        choices={
            "none": "nee",
            "one": "ja, één ouder",
            "both": "ja, beide ouders (of de enige ouder)",
        },
    ),
    _f(
        "parent_died_before_2019",
        _YES_NO,
        "ouder overleden voor 2019",
        "Is die ouder overleden voor 1 januari 2019?",
    ),
    _f(
        "n_foster_children",
        "number",
        "aantal pleegkinderen",
        "Hoeveel pleegkinderen wonen er langdurig (perspectiefbiedende pleegzorg) in het gezin?",
        minimum=0,
        maximum=MAX_CHILDREN,
    ),
    # Unpaid maintenance for the children (DAVO).
    _f(
        "has_maintenance_title",
        _YES_NO,
        "onderhoudsgeld vastgelegd",
        "Moet een (ex-)partner onderhoudsgeld voor de kinderen betalen volgens een vonnis of een "
        "akte bij de notaris?",
    ),
    _f(
        "maintenance_unpaid",
        _YES_NO,
        "onderhoudsgeld niet betaald",
        "Werd dat onderhoudsgeld in de laatste 12 maanden minstens 2 keer niet of niet volledig "
        "betaald?",
    ),
    _f(
        "maintenance_per_child",
        "number",
        "onderhoudsgeld per kind per maand",
        "Hoeveel onderhoudsgeld per kind per maand staat in het vonnis of de akte?",
        minimum=0,
        maximum=20_000,
    ),
    # Legal aid (pro deo lawyer).
    _f(
        "needs_lawyer",
        _YES_NO,
        "heeft een advocaat nodig",
        "Heeft iemand in het gezin een advocaat nodig, bijvoorbeeld voor een scheiding, "
        "schulden, de huur, een strafzaak of een verblijfsprocedure?",
    ),
    _f(
        "monthly_net_income",
        "number",
        "netto-inkomen van de volwassenen per maand",
        "Hoeveel netto-inkomen hebben de volwassenen van het gezin samen per maand (loon, "
        "uitkering, leefloon; zonder Groeipakket)?",
        minimum=0,
        maximum=MAX_INCOME / 12,
    ),
    # School allowance and study grant.
    _f(
        "income_mostly_benefits",
        _YES_NO,
        "inkomen vooral uit uitkeringen",
        "Bestaat het inkomen van het gezin voor minstens 70 procent uit een uitkering, "
        "onderhoudsgeld, leefloon of tegemoetkoming voor personen met een handicap?",
    ),
    _f(
        "student_lives_away",
        _YES_NO,
        "kotstudent",
        "Woont de student tijdens het academiejaar op kot (of is hij of zij gehuwd, "
        "zelfstandig of alleenstaand)?",
    ),
    _f(
        "energy_bill_arrears",
        _YES_NO,
        "moeite met de energiefactuur",
        "Heeft het gezin moeite om de factuur voor elektriciteit of gas te betalen, of een "
        "achterstand bij de energieleverancier?",
    ),
    _f(
        "moving_from_inadequate_housing",
        _YES_NO,
        "verhuis uit een slechte woning",
        "Verhuist het gezin (of verhuisde het de laatste 9 maanden) uit een ongeschikte, "
        "onbewoonbare of te kleine woning, of naar een woning van een sociaal verhuurkantoor?",
    ),
    _f(
        "wants_to_buy_or_renovate",
        _YES_NO,
        "plannen om een woning te kopen of te verbouwen",
        "Wil het gezin een woning kopen, bouwen of verbouwen?",
    ),
    _f(
        "high_medical_costs",
        _YES_NO,
        "hoge medische kosten",
        "Betaalt het gezin veel remgeld voor de dokter, het ziekenhuis of medicijnen "
        "(enkele honderden euro per jaar of meer)?",
    ),
    _f(
        "needs_daily_care",
        _YES_NO,
        "zorgnood",
        "Heeft iemand in het gezin door ouderdom, ziekte of een handicap langdurig veel hulp nodig "
        "(bij wassen, aankleden, eten, zich verplaatsen of het huishouden)?",
    ),
    _f(
        "care_points_12_or_more",
        _YES_NO,
        "zorgtoeslag met minstens 12 punten",
        "Krijgt een kind of jongere in het gezin een zorgtoeslag op basis van minstens 12 punten "
        "op de medisch-sociale schaal?",
    ),
    _f(
        "fuel_delivered_on",
        "date",
        "laatste levering van stookolie",
        "Op welke datum werd de stookolie, lamppetroleum of propaan het laatst geleverd?",
    ),
)

# Facts computed by the engine from the members and the evaluation date.
DERIVED_FACTS: tuple[FactDef, ...] = (
    _f("lives_in_flanders", "bool", "woont in Vlaanderen", "", derived=True),
    _f("municipality_key", "text", "gemeente", "", derived=True),
    _f("household_size", "number", "aantal gezinsleden", "", derived=True),
    _f(
        "n_extra_household_members",
        "number",
        "aantal gezinsleden naast de aanvrager",
        "",
        derived=True,
    ),
    _f("n_adults", "number", "aantal volwassenen", "", derived=True),
    _f("n_parents", "number", "aantal ouders", "", derived=True),
    _f("n_children", "number", "aantal kinderen", "", derived=True),
    _f("n_expected_children", "number", "aantal kinderen op komst", "", derived=True),
    _f("n_children_ten_laste", "number", "aantal kinderen ten laste", "", derived=True),
    _f("n_children_under_3", "number", "aantal kinderen jonger dan 3", "", derived=True),
    _f("n_children_under_4", "number", "aantal kinderen jonger dan 4", "", derived=True),
    _f("n_children_under_12", "number", "aantal kinderen jonger dan 12", "", derived=True),
    _f("oecd_scale", "number", "gezinsgrootte volgens de OESO-schaal", "", derived=True),
    _f(
        "equivalised_monthly_income",
        "number",
        "beschikbaar inkomen per maand, gedeeld door de OESO-schaal",
        "",
        derived=True,
    ),
    _f(
        "n_other_adults",
        "number",
        "aantal volwassenen naast de ouder(s)",
        "",
        derived=True,
    ),
    _f("schooltoeslag_points", "number", "punten van het gezin", "", derived=True),
)

FACTS: dict[str, FactDef] = {f.key: f for f in INPUT_FACTS + DERIVED_FACTS}
FACT_ORDER: dict[str, int] = {f.key: i for i, f in enumerate(INPUT_FACTS)}

MEMBER_FIELDS = {"role", "birth_date", "due_date", "school_level", "disability", "label"}
