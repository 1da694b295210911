"""What the simulated workers open: the hot pages, their weights, and who opens which.

A network's workers open a page every ~20 s; the weights say which pages (per 100 requests).
Each page draws a worker who would open it (a coordinator the caseload, a supporter the
agenda…) and a path that worker may see, so that an answer other than 200 is a real error.
Everything is drawn from a seeded random generator over the dataset's rows.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

FLOOR = "floor (base template)"
# page -> weight per 100 requests. The barriers tab is opened to record a barrier: about 300
# a day in a dataset of 2 000 workers, against millions of page views (its weight is small).
WEIGHTS = {
    "my families": 18,
    "search by name": 10,
    "dossier": 16,
    "dossier: trajectory tab": 8,
    "dossier: notes": 5,
    "dossier: consent tab": 3,
    "dossier: audit tab": 2,
    "dossier: barriers": 0.2,
    "today": 8,
    "agenda": 3,
    "caseload": 3,
    "sociale kaart search": 14.8,
    "signal bundle": 8,
    # Coordinators read the reach of the group activities now and then: 1 in 100.
    "reach report": 1,
}
CASELOAD_PAGE = 50  # workers per page of the caseload overview
SERVICE_WORDS = ["woning", "budget", "opvoeding", "kinderopvang", "werk", "gezondheid",
                 "school", "voeding", "huiswerkbegeleiding", "taalles", "tolk", "sport"]
LIFE_DOMAINS = ["werk", "inkomen", "huisvesting", "gezondheid", "welbevinden", "onderwijs",
                "kinderopvang", "opvoeding", "vrije_tijd", "mobiliteit", "juridisch", "voeding"]
DIMENSIONS = ["beschikbaar", "betaalbaar", "bruikbaar", "bereikbaar", "begrijpbaar",
              "betrouwbaar", "bekend"]


@dataclass
class Member:
    """A worker of the dataset as the mix sees them."""

    pk: int
    username: str
    roles: set[str]
    organisation: int
    network: int
    home: bool  # in an organisation that holds families (not a partner organisation)
    cookie: str = ""
    caseload: list[int] = field(default_factory=list)  # families they are contact for


@dataclass
class Population:
    members: list[Member]
    families_of_org: dict[int, list[tuple[int, str]]]  # organisation -> (family, name)
    shared_with_org: dict[int, list[tuple[int, str]]]  # organisation -> consented families
    caseload_pages: dict[int, int]  # network -> pages of the caseload overview
    urls: dict[str, str]  # dossier tab -> URL with {id}


def population(today: date) -> Population:
    """The workers, families and consents the mix draws from (read once, before serving)."""
    from django.db.models import Q
    from django.urls import reverse

    from brug.consent.models import SharingConsent
    from brug.families.models import Family
    from brug.network.models import Worker

    members = []
    by_pk = {}
    for w in (Worker.objects.filter(active=True, organisation__active=True)
              .select_related("user", "organisation").order_by("id")):
        roles = {r for r in w.roles.split(",") if r}
        m = Member(w.pk, w.user.username, roles, w.organisation_id,
                   w.organisation.network_id, home=bool(roles & {"supporter",
                                                                 "experience_expert"}))
        members.append(m)
        by_pk[m.pk] = m
    families_of_org = defaultdict(list)
    for pk, org, worker, name in Family.objects.filter(anonymised_at__isnull=True).values_list(
            "pk", "organisation_id", "contact_worker_id", "display_name").order_by("pk"):
        families_of_org[org].append((pk, name))
        if worker in by_pk:
            by_pk[worker].caseload.append(pk)
    names = {pk: name for fams in families_of_org.values() for pk, name in fams}
    shared = defaultdict(list)
    in_force = (Q(withdrawn_on__isnull=True) & Q(valid_from__lte=today)
                & (Q(valid_until__isnull=True) | Q(valid_until__gte=today)))
    for family, org, categories in (SharingConsent.objects.filter(in_force)
                                    .values_list("family_id", "organisation_id", "categories")
                                    .order_by("pk")):
        if ",identity," in categories and family in names:
            shared[org].append((family, names[family]))
    caseworkers = defaultdict(int)
    for m in members:
        if m.roles & {"supporter", "experience_expert", "volunteer"}:
            caseworkers[m.network] += 1
    pages = {network: max(1, -(-n // CASELOAD_PAGE)) for network, n in caseworkers.items()}
    urls = {tab: reverse(name, args=[987654321]).replace("987654321", "{id}")
            for tab, name in (("dossier", "families:detail"),
                              ("dossier: trajectory tab", "trajectories:tab"),
                              ("dossier: notes", "families:notes"),
                              ("dossier: consent tab", "consent:tab"),
                              ("dossier: audit tab", "consent:audit"),
                              ("dossier: barriers", "signals:family"))}
    return Population(members, dict(families_of_org), dict(shared), pages, urls)


def users_to_log_in(pop: Population) -> list[Member]:
    """Who opens pages: everybody but the administrators (they manage, they see no family)."""
    return [m for m in pop.members if m.roles - {"administrator"}]


def pages(pop: Population, users: list[Member]) -> dict:
    """The mix: page -> (weight, chooser); a chooser draws (path, cookie) from an rng."""
    home = [m for m in users if m.home and m.caseload]
    partners = [m for m in users if "partner" in m.roles and pop.shared_with_org.get(
        m.organisation)]
    casework = [m for m in users if m.roles & {"supporter", "experience_expert"}]
    coordinators = [m for m in users if "coordinator" in m.roles]
    bundle_readers = [m for m in users if m.roles & {"supporter", "coordinator"}]
    everyone = list(users)
    if not (home and casework and coordinators):
        raise SystemExit("the dataset has no supporters with families, or no coordinators")

    def own_family(rng: random.Random, m: Member) -> tuple[int, str]:
        """Mostly a family of their own caseload, else one of their organisation."""
        if rng.random() < 0.8:
            pk = rng.choice(m.caseload)
            return pk, ""
        return rng.choice(pop.families_of_org[m.organisation])

    def dossier_of(tab: str, partner_share: float = 0.0):
        url = pop.urls[tab]

        def choose(rng: random.Random) -> tuple[str, str]:
            if partners and rng.random() < partner_share:
                m = rng.choice(partners)
                pk = rng.choice(pop.shared_with_org[m.organisation])[0]
            else:
                m = rng.choice(home)
                pk = own_family(rng, m)[0]
            return url.format(id=pk), m.cookie
        return choose

    def my_families(rng):
        m = rng.choice(everyone)
        return "/gezinnen/", m.cookie

    def search_by_name(rng):
        # What a worker types: the first letters of a family's name they know.
        if partners and rng.random() < 0.2:
            m = rng.choice(partners)
            name = rng.choice(pop.shared_with_org[m.organisation])[1]
        else:
            m = rng.choice(home)
            name = rng.choice(pop.families_of_org[m.organisation])[1]
        name = name.removeprefix("Gezin ").split(" ")[-1]
        typed = name[:rng.randint(min(4, len(name)), len(name))].lower()
        return "/gezinnen/?" + urlencode({"q": typed}), m.cookie

    def today(rng):
        # The landing page: every worker opens it first and comes back to it between tasks.
        return "/", rng.choice(everyone).cookie

    def agenda(rng):
        return "/agenda/", rng.choice(casework).cookie

    def caseload(rng):
        m = rng.choice(coordinators)
        page = 1 if rng.random() < 0.7 else rng.randint(1, pop.caseload_pages[m.network])
        return "/netwerk/caseload/" + (f"?page={page}" if page > 1 else ""), m.cookie

    def directory(rng):
        m = rng.choice(everyone)
        r = rng.random()
        if r < 0.6:
            query = {"q": rng.choice(SERVICE_WORDS)}
        elif r < 0.85:
            query = {"domain": rng.choice(LIFE_DOMAINS)}
        else:
            query = {"postcode": str(9000 + rng.randrange(400))}
        return "/sociale-kaart/?" + urlencode(query), m.cookie

    def bundle(rng):
        m = rng.choice(bundle_readers)
        r = rng.random()
        if r < 0.6:
            return "/signalen/", m.cookie
        if r < 0.8:
            return "/signalen/?" + urlencode({"dimension": rng.choice(DIMENSIONS)}), m.cookie
        return "/signalen/?" + urlencode({"life_domain": rng.choice(LIFE_DOMAINS)}), m.cookie

    def reach_report(rng):
        """This year per neighbourhood (the default) now and then; mostly another year,
        quarter or month of the last two years, per neighbourhood or per activity (now and
        then a later page), so most answers are not the cached one."""
        m = rng.choice(coordinators)
        if rng.random() < 0.2:
            return "/activiteiten/bereik/", m.cookie
        today = date.today()
        r = rng.random()
        if r < 0.3:
            period = str(today.year - rng.randrange(2))
        elif r < 0.6:
            q = today.year * 4 + (today.month - 1) // 3 - rng.randrange(8)
            period = f"{q // 4}-K{q % 4 + 1}"
        else:
            n = today.year * 12 + today.month - 1 - rng.randrange(24)
            period = f"{n // 12}-{n % 12 + 1:02d}"
        query = {"period": period, "per": "activity" if rng.random() < 0.5
                 else "neighbourhood"}
        if query["per"] == "activity" and rng.random() < 0.3:
            query["page"] = rng.randint(2, 20)  # the activities, 50 a page: a later one
        return "/activiteiten/bereik/?" + urlencode(query), m.cookie

    choosers = {
        "my families": my_families,
        "search by name": search_by_name,
        "dossier": dossier_of("dossier", partner_share=0.2),
        "dossier: trajectory tab": dossier_of("dossier: trajectory tab"),
        "dossier: notes": dossier_of("dossier: notes"),
        "dossier: consent tab": dossier_of("dossier: consent tab"),
        "dossier: audit tab": dossier_of("dossier: audit tab"),
        "dossier: barriers": dossier_of("dossier: barriers"),
        "today": today,
        "agenda": agenda,
        "caseload": caseload,
        "sociale kaart search": directory,
        "signal bundle": bundle,
        "reach report": reach_report,
    }
    return {name: (WEIGHTS[name], choosers[name]) for name in WEIGHTS}


def floor_page(users: list[Member]) -> dict:
    def choose(rng):
        return "/bench/vloer/", rng.choice(users).cookie

    return {FLOOR: (1, choose)}
