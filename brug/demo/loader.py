"""Fictional, deterministic demo network and families. Never real people.

Other apps add their own demo data by providing `brug.<app>.demo.load(context)`; they are
called in INSTALLED_APPS order after the network and families exist.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from brug.consent import services as consent_services
from brug.consent.models import Mandate, SharingConsent
from brug.core.categories import join_categories
from brug.families import services as family_services
from brug.families.models import Family, Member, Note
from brug.network.models import Network, Organisation, Worker

NETWORK_NAME = "Huis van het Kind Demostad"
DEMO_PASSWORD = "demo-brug-2026"
SEED = 20261123

ORGANISATIONS = [
    # key, name, short name, kind
    ("hvk", "Huis van het Kind Demostad", "HvK", "other"),
    ("kg", "Kind en Gezin regio Demostad", "K&G", "kind_en_gezin"),
    ("ocmw", "Sociaal Huis Demostad (OCMW)", "OCMW", "ocmw"),
    ("caw", "CAW Demoland", "CAW", "caw"),
    ("clb", "CLB Demostad", "CLB", "clb"),
    ("ckg", "CKG De Speelboot", "CKG", "ckg"),
    ("school", "Basisschool De Regenboog", "De Regenboog", "school"),
    ("opvang", "Kinderopvang 't Nestje", "'t Nestje", "childcare"),
    ("domo", "Domo Demostad", "Domo", "volunteer"),
    ("police", "Politie Demostad, jeugdcel", "Politie", "police"),
    ("schakel", "Vereniging De Schakel", "De Schakel", "poverty_association"),
]

WORKERS = [
    # username, display name, organisation key, roles
    ("sara", "Sara Vermeulen", "ocmw", "supporter"),
    ("karim", "Karim El Idrissi", "ocmw", "experience_expert"),
    ("nadia", "Nadia Claes", "kg", "supporter"),
    ("an", "An Peeters", "caw", "partner"),
    ("jens", "Jens Wouters", "clb", "partner"),
    ("lotte", "Lotte Maes", "domo", "volunteer"),
    ("coordinator", "Els De Smet", "hvk", "coordinator"),
    ("beheer", "Tom Janssens", "hvk", "administrator"),
]

SURNAMES = [
    "Aerts",
    "Bakkali",
    "Bogaert",
    "Ceulemans",
    "Diallo",
    "Dubois",
    "Claeys",
    "Goossens",
    "Haddad",
    "Hermans",
    "Jacobs",
    "Kowalski",
    "Lambrechts",
    "Martens",
    "Mertens",
    "Nowak",
    "Ouedraogo",
    "Pauwels",
    "Popescu",
    "Renard",
    "Sahin",
    "Smet",
    "Tahiri",
    "Van Damme",
    "Verbeke",
    "Wuyts",
    "Yilmaz",
    "Zeghers",
    "Amrani",
    "Baert",
    "Coppens",
    "De Backer",
    "Dimitrov",
    "Engels",
    "Fontaine",
    "Gashi",
    "Hoxha",
    "Ismaili",
    "Janssen",
    "Kaya",
    "Lemmens",
    "Mahmoud",
    "Nijs",
    "Osei",
    "Peeters",
    "Rahimi",
    "Stevens",
    "Thys",
    "Vandenberghe",
    "Willems",
]
FIRST_ADULT = [
    "Sofie",
    "Fatima",
    "Jan",
    "Amina",
    "Marta",
    "Youssef",
    "Ilse",
    "Kofi",
    "Elena",
    "Ahmed",
    "Nathalie",
    "Mehmet",
    "Griet",
    "Samira",
    "Bart",
    "Olena",
    "Aisha",
    "Dirk",
]
FIRST_CHILD = [
    "Lina",
    "Noah",
    "Adam",
    "Emma",
    "Mila",
    "Rayan",
    "Lucas",
    "Sara",
    "Yasmine",
    "Louis",
    "Nora",
    "Elias",
    "Hanne",
    "Omar",
    "Jade",
    "Milan",
    "Ines",
    "Finn",
]
LANGUAGES = [
    "Nederlands",
    "Nederlands",
    "Nederlands, Arabisch",
    "Frans",
    "Turks, Nederlands",
    "Pools",
    "Roemeens",
    "Tigrinya",
    "Engels, Nederlands",
    "Oekraïens",
    "Berbers",
]
NEIGHBOURHOODS = ["Centrum", "Stationswijk", "Molenhoek", "Kouter", "Nieuwe Dok", "Rivierenwijk"]
STREETS = ["Kerkstraat", "Molenstraat", "Stationsplein", "Beekstraat", "Lindelaan", "Dokkaai"]


@dataclass
class DemoContext:
    network: Network
    organisations: dict[str, Organisation]
    workers: dict[str, Worker]
    families: list[Family] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    today: date = field(default_factory=timezone.localdate)


def _network() -> tuple[Network, dict[str, Organisation], dict[str, Worker]]:
    network = Network.objects.create(name=NETWORK_NAME, municipality="Demostad")
    orgs = {
        key: Organisation.objects.create(
            network=network,
            name=name,
            short_name=short,
            kind=kind,
            postcode="9999",
            municipality="Demostad",
        )
        for key, name, short, kind in ORGANISATIONS
    }
    User = get_user_model()
    workers = {}
    for username, name, org_key, roles in WORKERS:
        # Set-password links go to an address; .invalid never reaches anyone.
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD,
                                        email=f"{username}@demo.brug.invalid")
        workers[username] = Worker.objects.create(
            user=user,
            organisation=orgs[org_key],
            display_name=name,
            roles=Worker.join_roles(roles.split(",")),
        )
    return network, orgs, workers


def _birth(rng: random.Random, today: date, min_years: float, max_years: float) -> date:
    days = rng.randint(int(min_years * 365), int(max_years * 365))
    return today - timedelta(days=days)


def _families(ctx: DemoContext, count: int) -> None:
    rng, today, w = ctx.rng, ctx.today, ctx.workers
    contact_pool = [w["sara"]] * 5 + [w["karim"]] * 3 + [w["nadia"]] * 2
    for i in range(count):
        surname = SURNAMES[i % len(SURNAMES)]
        contact = contact_pool[i % len(contact_pool)]
        lang = LANGUAGES[rng.randrange(len(LANGUAGES))]
        family = Family(
            display_name=f"Gezin {surname}",
            street_address=f"{STREETS[rng.randrange(len(STREETS))]} {rng.randint(1, 140)}",
            postcode="9999",
            municipality="Demostad",
            neighbourhood=NEIGHBOURHOODS[rng.randrange(len(NEIGHBOURHOODS))],
            home_languages=lang,
            preferred_channel=rng.choice(["visit", "phone", "sms", "whatsapp"]),
            phone=f"0470 00 {i:02d} {rng.randint(10, 99)}",
            contact_worker=contact,
        )
        members = [
            Member(
                role="parent",
                first_name=FIRST_ADULT[rng.randrange(len(FIRST_ADULT))],
                last_name=surname,
                birth_date=_birth(rng, today, 19, 45),
                languages=lang,
            )
        ]
        if rng.random() < 0.55:  # two-parent family; the rest single-parent
            members.append(
                Member(
                    role="parent",
                    first_name=FIRST_ADULT[rng.randrange(18)],
                    last_name=surname,
                    birth_date=_birth(rng, today, 20, 50),
                )
            )
        if rng.random() < 0.1:
            members.append(
                Member(
                    role="other_adult",
                    first_name="Grootmoeder",
                    last_name=surname,
                    birth_date=_birth(rng, today, 55, 75),
                )
            )
        for _c in range(rng.choice([1, 1, 2, 2, 3, 4])):
            members.append(
                Member(
                    role="child",
                    first_name=FIRST_CHILD[rng.randrange(18)],
                    last_name=surname,
                    birth_date=_birth(rng, today, 0.1, 15),
                )
            )
        if rng.random() < 0.2:
            members.append(
                Member(
                    role="expected_child",
                    first_name="",
                    last_name=surname,
                    due_date=today + timedelta(days=rng.randint(20, 250)),
                )
            )
        family_services.family_create(actor=contact, family=family, members=members)
        ctx.families.append(family)
        _consent_for(ctx, family, i, contact)


def _consent_for(ctx: DemoContext, family: Family, i: int, contact: Worker) -> None:
    parent = family.members.filter(role="parent").first()
    if i % 10 == 9:
        return  # outreach: no mandate yet
    consent_services.mandate_record(
        actor=contact,
        family=family,
        mandate=Mandate(
            given_by=parent,
            given_on=ctx.today - timedelta(days=30 + i * 7),
            form="written" if i % 3 else "oral",
            scope="Hulp bij papieren, rechten en een betere woning.",
        ),
    )
    if i % 4 == 0:
        consent_services.consent_give(
            actor=contact,
            family=family,
            consent=SharingConsent(
                organisation=ctx.organisations["caw"],
                categories=join_categories(["identity", "contact", "household"]),
                purpose="Samen zoeken naar een woning",
                given_by=parent,
                valid_from=ctx.today - timedelta(days=20),
            ),
        )
    if i % 6 == 1 and contact.organisation_id != ctx.organisations["kg"].pk:
        consent_services.consent_give(
            actor=contact,
            family=family,
            consent=SharingConsent(
                organisation=ctx.organisations["kg"],
                categories=join_categories(["identity", "plan"]),
                purpose="Afstemming consultatiebureau",
                given_by=parent,
                valid_from=ctx.today - timedelta(days=60),
                valid_until=ctx.today + timedelta(days=300),
            ),
        )
    if i % 7 == 3:
        consent_services.consent_give(
            actor=contact,
            family=family,
            consent=SharingConsent(
                organisation=ctx.organisations["clb"],
                categories=join_categories(["identity"]),
                purpose="Schoolloopbaan van de kinderen",
                given_by=parent,
                valid_from=ctx.today - timedelta(days=40),
            ),
        )
        Note.objects.create(
            family=family,
            author=contact,
            organisation=contact.organisation,
            category="domain_notes",
            life_domain="onderwijs",
            text="De oudste mist vaak de bus naar school; ouders zoeken een "
            "oplossing met de school.",
        )
    if i == 17:
        mandate = family.mandates.get(ended_on__isnull=True)
        mandate.family = family
        consent_services.mandate_end(
            actor=contact,
            mandate=mandate,
            ended_on=ctx.today,
            reason="Het gezin verhuist naar een andere stad.",
        )


@transaction.atomic
def load(*, families: int = 50) -> DemoContext | None:
    if Network.objects.filter(name=NETWORK_NAME).exists():
        return None
    network, orgs, workers = _network()
    ctx = DemoContext(network=network, organisations=orgs, workers=workers)
    _families(ctx, families)
    for config in apps.get_app_configs():
        if not config.name.startswith("brug.") or config.name in ("brug.core", "brug.demo"):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise  # a demo module that exists but fails to import is a bug, not "none"
            continue
        module.load(ctx)
    return ctx
