"""The default list of fundamental rights for the grondrechtenmeting, with anchors.

Every score 0–10 gets a definition: the right's own words at 0, 5 and 10, and a shared scale
between them. A network may reword any anchor (they are rows, not code); these defaults only
seed a network that has none yet.
"""

from __future__ import annotations

GENERIC_SCALE = {
    1: "Bijna niet: de eerste stap is nog niet gezet.",
    2: "Een eerste stap is gezet, maar er is nog geen resultaat.",
    3: "Er is wat hulp, maar het lukt vaak niet.",
    4: "Het lukt soms, met veel moeite en onzekerheid.",
    6: "Het lukt meestal, maar één tegenslag zet het weer op de helling.",
    7: "Het lukt, met wat hulp van buiten.",
    8: "Het lukt goed; er zijn nog kleine zorgen.",
    9: "Bijna helemaal: alleen nog een klein punt.",
}

# key, name, (score 0, score 5, score 10)
DEFAULT_RIGHTS: list[tuple[str, str, tuple[str, str, str]]] = [
    ("inkomen", "Inkomen", (
        "Geen inkomen of niet genoeg om eten en huur te betalen.",
        "Een vast inkomen, maar aan het einde van de maand is er te weinig.",
        "Genoeg inkomen voor wat het gezin nodig heeft, en alle rechten zijn benut.")),
    ("huisvesting", "Wonen", (
        "Geen eigen woonplek, of een woning die onveilig is.",
        "Een woning, maar te klein, vochtig of te duur.",
        "Een veilige, gezonde en betaalbare woning die groot genoeg is.")),
    ("gezondheid", "Gezondheid", (
        "Geen toegang tot een dokter of zorg die nodig is.",
        "Zorg is er, maar kost te veel of wordt uitgesteld.",
        "Het gezin krijgt de zorg die het nodig heeft, betaalbaar en op tijd.")),
    ("onderwijs", "Onderwijs", (
        "De kinderen gaan niet naar school of kinderopvang.",
        "De kinderen gaan naar school, maar schoolkosten of taal maken het moeilijk.",
        "De kinderen gaan graag en geregeld naar school; ouders volgen mee.")),
    ("werk", "Werk", (
        "Geen werk en geen zicht op werk of opleiding.",
        "Tijdelijk of onzeker werk, of een opleiding die loopt.",
        "Werk dat past, met een zeker contract.")),
    ("vrije_tijd", "Cultuur en vrije tijd", (
        "Het gezin doet nooit iets buitenshuis voor plezier.",
        "Af en toe een uitstap of activiteit, als het geld het toelaat.",
        "De kinderen en ouders doen mee aan activiteiten die ze kiezen.")),
    ("rechtsbijstand", "Juridische hulp", (
        "Het gezin weet niet waar het terecht kan met een juridisch probleem.",
        "Het gezin kent een advocaat of dienst, maar de stap is moeilijk.",
        "Het gezin krijgt juridische hulp wanneer het die nodig heeft.")),
    ("dienstverlening", "Maatschappelijke hulp", (
        "Het gezin kent geen dienst die kan helpen, of durft niet te gaan.",
        "Het gezin krijgt hulp van één dienst, maar niet alles wat kan.",
        "Het gezin vindt zelf de weg naar de diensten die het nodig heeft.")),
    ("gezinsleven", "Gezinsleven", (
        "Het gezin kan niet samen leven zoals het wil.",
        "Het gezin leeft samen, maar er is veel spanning door zorgen van buitenaf.",
        "Het gezin leeft samen zoals het wil, met steun van familie en vrienden.")),
]


def anchors_for(low: str, mid: str, high: str) -> dict[int, str]:
    anchors = dict(GENERIC_SCALE)
    anchors[0], anchors[5], anchors[10] = low, mid, high
    return anchors
