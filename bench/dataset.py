"""The benchmark's dataset: several networks of a realistic shape, deterministic, loaded fast.

    .venv/bin/python bench/dataset.py --database postgresql://…/brug_bench_build [--quick]

Run by `bench/run.py` into a database of its own, which then becomes the template every run
copies (see `common.template_name`). The database is migrated first; small tables are made
with the ORM, large ones with COPY (`copy_model`), whose columns come from the Django models
at run time: the generator names the fields it knows, a field the model no longer has is left
out, and a field the generator does not know is filled by its default (or NULL, or "") — so the
same generator runs while the schema changes under it. A required field without a default
stops the fill with its name. Totals kept in tables of their own are recounted at the end
when the app still has a recount function.

Shape (full size; `--quick` divides it): 4 networks of unequal size, 15 organisations each
(home organisations with family supporters, experience experts and a coordinator; partner
organisations with partner workers and volunteers), 2 000 workers, 100 000 families with
members, a mandate (some ended), consents to partner organisations (some withdrawn or run
out), trajectories in 4 programmes per network with reviews, case conferences and goals,
2 000 000 contacts, notes, 1 000 000 audit events, a sociale kaart of 20 000 services,
200 000 barriers grouped into collective signals, and 5 000 group activities in 25
neighbourhoods per network with a session every two weeks for two years (260 000 sessions)
and three known families at each (757 000 attendance rows, 3 % of sessions cancelled).
Everything is dated around the day of the fill. Names are fictional.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import random
import sys
import uuid
from bisect import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402

SEED = 20261204
PASSWORD = "bench-wachtwoord"  # every bench user's; see bench/settings.py for the hasher


@dataclass(frozen=True)
class Sizes:
    networks: int = 4
    organisations: int = 15  # per network; the first HOME_ORGS are home organisations
    workers: int = 2_000
    families: int = 100_000
    contacts: int = 2_000_000
    notes: int = 300_000
    goals: int = 300_000
    audit_events: int = 1_000_000
    services: int = 20_000
    barriers: int = 200_000
    collectives: int = 50  # per network
    activities: int = 5_000  # group activities, a session every two weeks for two years
    neighbourhoods: int = 25  # per network

    def describe(self) -> str:
        return (f"{self.networks} networks, {self.workers} workers, {self.families} families, "
                f"{self.contacts} contacts, {self.notes} notes, {self.goals} goals, "
                f"{self.audit_events} audit events, {self.services} services, "
                f"{self.barriers} barriers, {self.activities} activities")


FULL = Sizes()
QUICK = Sizes(networks=2, workers=120, families=3_000, contacts=40_000, notes=6_000,
              goals=6_000, audit_events=20_000, services=600, barriers=4_000, collectives=15,
              activities=150, neighbourhoods=8)

NETWORK_SHARES = (4, 3, 2, 1)  # network k gets a share of workers and families
NETWORK_NAMES = ["Huis van het Kind Scheldeland", "Huis van het Kind Kempen",
                 "Huis van het Kind Westhoek", "Huis van het Kind Hageland",
                 "Huis van het Kind Meetjesland", "Huis van het Kind Pajottenland"]
HOME_KINDS = ["kind_en_gezin", "ocmw", "caw", "ckg", "other", "poverty_association"]
PARTNER_KINDS = ["clb", "school", "school", "childcare", "childcare", "police", "volunteer",
                 "other", "clb"]
HOME_ORGS = len(HOME_KINDS)
SURNAMES = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Martens", "Hermans", "Pauwels",
    "Van Damme", "Aerts", "Verstraete", "Michiels", "Smets", "De Backer", "Vermeulen",
    "Van de Velde", "Stevens", "Desmet", "Coppens", "Leroy", "Cools", "Declercq", "Segers",
    "Lemmens", "Verhoeven", "Van den Broeck", "Bogaerts", "Vandenberghe", "Claeys", "Thys",
    "De Clercq", "Geerts", "Wuyts", "Hendrickx", "Mahieu", "Verbeke", "Baert", "Van Dyck",
    "El Amrani", "Benali", "El Idrissi", "Bouzid", "Ait Ouali", "Yilmaz", "Kaya", "Demir",
    "Şahin", "Çelik", "Nowak", "Kowalski", "Wiśniewski", "Popescu", "Ionescu", "Diallo",
    "Traoré", "Mbuyi", "Kabongo", "Nguyen", "Haddad", "Rahimi", "Ahmadi", "Hussein", "Osman",
    "Tesfaye", "Gebremedhin", "Petrov", "Ivanova", "Silva", "Santos", "Garcia", "Rossi",
]
# A long tail of rarer names, made of parts (fictional).
NAME_HEADS = ["Van", "De", "Ver", "Van der", "Van de", "Den", "Op de", "In 't"]
NAME_TAILS = ["Bossche", "Velde", "Kerckhove", "Meersch", "Linden", "Haute", "Moortel",
              "Straeten", "Bruggen", "Walle", "Steene", "Poel", "Eynde", "Hoeven", "Acker",
              "Heyden", "Berghe", "Wiele", "Mosselaer", "Putte", "Leemput", "Rijst"]
FIRST_NAMES = ["Sara", "Noah", "Lina", "Amir", "Emma", "Louis", "Yasmina", "Mohamed", "Fatima",
               "Olivia", "Adam", "Nora", "Liam", "Ayoub", "Marie", "Elif", "Mehmet", "Julia",
               "Anna", "Ibrahim", "Lotte", "Jonas", "Hanne", "Kobe", "Inès", "Rayan", "Zeynep",
               "Wout", "Fien", "Milan", "Aya", "Bilal", "Nina", "Arthur", "Lucas", "Salma"]
STREETS = ["Kerkstraat", "Stationsstraat", "Molenstraat", "Dorpstraat", "Schoolstraat",
           "Nieuwstraat", "Kapelstraat", "Beekstraat", "Veldstraat", "Lindenlaan"]
LANGUAGES = ["Nederlands", "Nederlands", "Nederlands", "Arabisch", "Turks", "Frans",
             "Pools", "Roemeens", "Engels", "Tigrinya", "Dari"]
LIFE_DOMAINS = ["werk", "inkomen", "huisvesting", "gezondheid", "welbevinden", "onderwijs",
                "kinderopvang", "opvoeding", "vrije_tijd", "mobiliteit", "juridisch", "voeding"]
NOTE_CATEGORIES = (["domain_notes"] * 12 + ["household"] * 3 + ["plan"] * 3 + ["contact"]
                   + ["rights"])
NOTE_TEXTS = ["Huisbezoek: de kinderen gaan graag naar school.",
              "Moeder vraagt hulp bij de aanvraag van de schooltoelage.",
              "De huisbaas wil de huur verhogen; samen de brief gelezen.",
              "Vader heeft een sollicitatiegesprek volgende week.",
              "Afspraak gemaakt met het OCMW voor budgetbegeleiding.",
              "De jongste slaapt slecht; doorverwezen naar het consultatiebureau.",
              "Samen naar de bibliotheek geweest voor de speelotheek."]
CONTACT_KINDS = ["home_visit", "home_visit", "home_visit", "office", "phone", "phone", "sms",
                 "whatsapp", "email", "group_activity"]
CONTACT_NOTES = ["", "", "", "Kort telefoontje over de afspraak.", "Huisbezoek, alles ok.",
                 "Samen formulieren ingevuld."]
MINUTES = (15, 20, 30, 45, 60, 90)
# name, caseload cap, duration (months), review every (months), first conference within (months)
PROGRAMMES = [("MISSION", 16, 12, 3, 6), ("VONK", None, 24, 6, 6), ("Domo", None, 18, 3, 6),
              ("TOOM", None, None, 3, None)]
GOAL_WORDING = [("huisvesting", "Een betaalbare woning vinden", "Aanvraag sociale huur"),
                ("werk", "Werk vinden dat past bij de kinderen", "Traject VDAB"),
                ("inkomen", "Rondkomen met ons geld", "Budgetbegeleiding"),
                ("kinderopvang", "Opvang voor de jongste", "Inschrijving IBO"),
                ("opvoeding", "Rust aan tafel", "Opvoedingsondersteuning thuis"),
                ("gezondheid", "Een huisarts voor het gezin", "GMD, verhoogde tegemoetkoming"),
                ("onderwijs", "Naar school zonder stress", "Overleg met CLB")]
SERVICE_WORDS = ["woning", "budget", "opvoeding", "kinderopvang", "werk", "gezondheid", "school",
                 "voeding", "speelgoed", "ontmoeting", "juridisch", "vervoer", "tolk",
                 "huurwaarborg", "voedselbank", "huiswerkbegeleiding", "taalles", "sport"]
BARRIER_TEXTS = ["De wachttijd was te lang", "Het formulier was alleen online",
                 "Niemand sprak een taal die de moeder begrijpt", "De bus rijdt er niet meer",
                 "Het eigen aandeel was te hoog", "Het gezin wist niet dat het bestond",
                 "Open op uren dat ouders werken", "Een afspraak kon alleen via de app"]
DIMENSIONS = ["beschikbaar", "betaalbaar", "bruikbaar", "bereikbaar", "begrijpbaar",
              "betrouwbaar", "bekend"]
CONSENT_SETS = [",identity,contact,plan,", ",identity,contact,household,plan,rights,",
                ",identity,plan,", ",identity,contact,", ",plan,", ",identity,rights,"]
AUDIT_CATEGORIES = (["identity"] * 6 + ["household"] * 3 + ["plan"] * 4 + ["domain_notes"] * 2
                    + ["consent", "contact", "rights"])
AUDIT_ACTIONS = ["view"] * 8 + ["change", "create"]


def surname_pool(rng: random.Random) -> tuple[list[str], list[float]]:
    """Common names with Zipf-like weights, then a long tail of rarer ones."""
    names = list(SURNAMES)
    weights = [1 / (k + 3) for k in range(len(names))]
    for head in NAME_HEADS:
        for tail in NAME_TAILS:
            names.append(f"{head} {tail}")
            weights.append(0.004 + rng.random() * 0.006)
    return names, list(accumulate(weights))


def pick(rng: random.Random, items, cumulative) -> str:
    return items[bisect(cumulative, rng.random() * cumulative[-1])]


# ---------------------------------------------------------------- loading by model

class Loader:
    """COPY rows into a model's table, its columns looked up from the model."""

    def __init__(self, cur, now: datetime):
        self.cur = cur
        self.now = now
        self.tables: list[str] = []

    def fill_value(self, model, field):
        """How to fill a field the generator does not name: (constant, per-row callable)."""
        from django.db import models

        if field.has_default():
            if callable(field.default):
                return None, field.default
            return field.get_default(), None
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now, None
        if field.null:
            return None, None
        if field.blank and isinstance(field, models.CharField | models.TextField):
            return "", None
        raise SystemExit(f"{model.__name__}.{field.name} is required and has no default: "
                         f"teach bench/dataset.py to fill it")

    def copy(self, model, fields: list[str], rows) -> int:
        """COPY `rows` (tuples in the order of `fields`, names or attnames) into `model`."""
        from django.db.models import NOT_PROVIDED

        meta = model._meta
        by_name = {}
        for f in meta.concrete_fields:
            by_name[f.name] = f
            by_name[f.attname] = f
        keep = [k for k, name in enumerate(fields) if name in by_name]
        named = {by_name[fields[k]].attname for k in keep}
        columns = [by_name[fields[k]].column for k in keep]
        constants, makers, made = [], [], []
        for f in meta.concrete_fields:
            if f.attname in named or f.primary_key:
                continue  # an id not named comes from its sequence
            if getattr(f, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
                continue  # the database fills it
            value, maker = self.fill_value(model, f)
            if maker is None:
                columns.append(f.column)
                constants.append(value)
            else:
                made.append(f.column)
                makers.append(maker)
        columns += made
        constants = tuple(constants)
        if meta.db_table not in self.tables:
            self.tables.append(meta.db_table)
        project = len(keep) != len(fields)
        quoted = ", ".join(f'"{c}"' for c in columns)
        n = 0
        with self.cur.cursor.copy(f'COPY "{meta.db_table}" ({quoted}) FROM STDIN') as copy:
            write = copy.write_row
            for row in rows:
                if project:
                    row = tuple(row[k] for k in keep)
                if makers:
                    write((*row, *constants, *(maker() for maker in makers)))
                else:
                    write((*row, *constants))
                n += 1
        return n


# ---------------------------------------------------------------- the fill

def fill(sizes: Sizes) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from brug.consent.models import Mandate, SharingConsent
    from brug.directory.models import Language, Location, Provider, Service, ServiceAtLocation
    from brug.families.models import Family, Member, Note
    from brug.network.models import Network, Organisation, Worker
    from brug.trajectories.models import (
        CaseConference,
        Contact,
        Goal,
        Programme,
        Review,
        Trajectory,
    )

    rng = random.Random(SEED)
    now = datetime.now(UTC).replace(microsecond=0)
    today = date.today()
    steps = common.Steps()
    done = steps.done
    print(f"filling: {sizes.describe()}", flush=True)

    # -- networks, organisations, workers, programmes: few rows, through the ORM
    shares = NETWORK_SHARES[:sizes.networks]
    cut = list(accumulate(shares))

    def network_of(k: int, total: int) -> int:
        return bisect(cut, k * cut[-1] / total)

    with transaction.atomic():
        networks = [Network.objects.create(name=NETWORK_NAMES[n], municipality=f"Gemeente {n}")
                    for n in range(sizes.networks)]
        orgs: list[list] = []
        for n, network in enumerate(networks):
            kinds = HOME_KINDS + PARTNER_KINDS[:sizes.organisations - HOME_ORGS]
            orgs.append(Organisation.objects.bulk_create([
                Organisation(network=network, name=f"{kind.replace('_', ' ').title()} {n}-{k}",
                             short_name=f"{kind[:6].upper()}{n}{k}", kind=kind,
                             postcode=str(9000 + 100 * n + k))
                for k, kind in enumerate(kinds)]))
        User = get_user_model()
        password = make_password(PASSWORD, salt="benchsalt", hasher="md5")
        users = User.objects.bulk_create(
            [User(username=f"bench{j:04d}", password=password, first_name="Werker",
                  last_name=f"{j:04d}") for j in range(sizes.workers)])
        worker_rows = []
        for j, user in enumerate(users):
            n = network_of(j, sizes.workers)
            network_orgs = orgs[n]
            # 70% of a network's workers are in its home organisations.
            if rng.random() < 0.7:
                org = network_orgs[rng.randrange(HOME_ORGS)]
                roles = ",experience_expert," if rng.random() < 0.08 else ",supporter,"
            else:
                org = network_orgs[HOME_ORGS + rng.randrange(len(network_orgs) - HOME_ORGS)]
                roles = ",volunteer," if org.kind == "volunteer" or rng.random() < 0.1 \
                    else ",partner,"
            worker_rows.append(Worker(user=user, organisation=org, roles=roles,
                                      display_name=f"{rng.choice(FIRST_NAMES)} "
                                      f"{rng.choice(SURNAMES)} ({j:04d})"))
        # Each organisation's first worker coordinates (a home one also supports families);
        # one administrator per network.
        seen: set[int] = set()
        admins: set[int] = set()
        for w in worker_rows:
            org = w.organisation
            if org.pk not in seen:
                seen.add(org.pk)
                w.roles = (",supporter,coordinator," if org.kind in HOME_KINDS
                           else ",partner,coordinator,")
            elif org.network_id not in admins and org.kind == "other":
                admins.add(org.network_id)
                w.roles = ",administrator,"
        workers = Worker.objects.bulk_create(worker_rows)
        programmes = {network.pk: Programme.objects.bulk_create([
            Programme(network=network, name=name, caseload_cap=cap, duration_months=months,
                      review_every_months=review, case_conference_within_months=conference)
            for name, cap, months, review, conference in PROGRAMMES]) for network in networks}
    net_of_org = {o.pk: o.network_id for network_orgs in orgs for o in network_orgs}
    org_of = {w.pk: w.organisation_id for w in workers}
    caseworkers: dict[int, list[int]] = {network.pk: [] for network in networks}
    partner_orgs: dict[int, list[int]] = {network.pk: [] for network in networks}
    volunteers = []
    for w in workers:
        if w.has_role("supporter", "experience_expert"):
            caseworkers[net_of_org[w.organisation_id]].append(w.pk)
        if w.has_role("volunteer"):
            volunteers.append(w)
    for network_orgs in orgs:
        for o in network_orgs[HOME_ORGS:]:
            partner_orgs[o.network_id].append(o.pk)
    done(f"{len(networks)} networks, {sum(map(len, orgs))} organisations, "
         f"{len(workers)} workers")

    surnames, surname_weights = surname_pool(rng)
    with transaction.atomic(), connection.cursor() as cur:
        load = Loader(cur, now)
        tables = [m._meta.db_table for m in (
            Family, Member, Mandate, SharingConsent, Note, Trajectory, Review, CaseConference,
            Contact, Goal, Provider, Service, Location, ServiceAtLocation, Language,
            Trajectory.involved.through)]
        with common.bulk_load(cur, tables):
            f0 = common.next_id(cur, Family._meta.db_table)
            m0 = common.next_id(cur, Member._meta.db_table)
            t0 = common.next_id(cur, Trajectory._meta.db_table)
            g0 = common.next_id(cur, Goal._meta.db_table)

            # Family i: contact worker and organisation, network; `fam` keeps what the later
            # tables need: (worker, organisation, network, first member, members, trajectory).
            fam = []
            member_rows = []
            family_rows = []
            m = m0
            for i in range(sizes.families):
                network = networks[network_of(i, sizes.families)].pk
                w = rng.choice(caseworkers[network])
                surname = pick(rng, surnames, surname_weights)
                parents = 1 if rng.random() < 0.35 else 2
                children = rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4, 5))
                first = m
                for p in range(parents):
                    member_rows.append((m, i, "parent", rng.choice(FIRST_NAMES),
                                        surname if p == 0 else pick(rng, surnames,
                                                                    surname_weights),
                                        today - timedelta(days=rng.randint(7000, 17000)), None,
                                        rng.choice(LANGUAGES)))
                    m += 1
                for _c in range(children):
                    member_rows.append((m, i, "child", rng.choice(FIRST_NAMES), surname,
                                        today - timedelta(days=rng.randint(30, 6500)), None,
                                        ""))
                    m += 1
                if rng.random() < 0.05:
                    member_rows.append((m, i, "expected_child", "", surname, None,
                                        today + timedelta(days=rng.randint(10, 250)), ""))
                    m += 1
                postcode = str(9000 + 100 * (network - networks[0].pk) + rng.randrange(60))
                family_rows.append((f0 + i, org_of[w], w, f"Gezin {surname}",
                                    f"{rng.choice(STREETS)} {rng.randint(1, 250)}", postcode,
                                    f"Gemeente {network - networks[0].pk}",
                                    f"Wijk {rng.randrange(25)}", rng.choice(LANGUAGES),
                                    rng.choice(("visit", "phone", "sms", "whatsapp")),
                                    f"04{rng.randrange(10**8):08d}", ""))
                fam.append((w, org_of[w], network, first, m - first))
            load.copy(Family, ["id", "organisation_id", "contact_worker_id", "display_name",
                               "street_address", "postcode", "municipality", "neighbourhood",
                               "home_languages", "preferred_channel", "phone", "email"],
                      family_rows)
            del family_rows
            load.copy(Member, ["id", "family_id", "role", "first_name", "last_name",
                               "birth_date", "due_date", "languages"],
                      ((r[0], f0 + r[1], *r[2:]) for r in member_rows))
            n_members = len(member_rows)
            del member_rows
            done(f"{sizes.families} families, {n_members} members")

            def mandates():
                for i, (w, _o, _n, first, _count) in enumerate(fam):
                    given = today - timedelta(days=rng.randint(20, 900))
                    ended = rng.random() < 0.06
                    yield (f0 + i, first, given, rng.choice(("oral", "written")), "",
                           "Hulp bij wonen en geld", given + timedelta(days=200) if ended
                           else None, "verhuisd" if ended else "", w)

            load.copy(Mandate, ["family_id", "given_by_id", "given_on", "form", "programme",
                                "scope", "ended_on", "end_reason", "recorded_by_id"],
                      mandates())

            # 40% of the families share with one or two partner organisations of their
            # network; some consents were withdrawn or ran out. Each volunteer is assigned to
            # a few families of the network that share with the volunteer's organisation.
            assigned: dict[int, list[int]] = {}  # family index -> volunteer ids
            for v in volunteers:
                network = net_of_org[v.organisation_id]
                for _k in range(3):
                    i = rng.randrange(sizes.families)
                    while fam[i][2] != network:
                        i = rng.randrange(sizes.families)
                    assigned.setdefault(i, []).append(v.pk)

            def consents():
                for i, (w, _o, network, first, _count) in enumerate(fam):
                    shared = []
                    if rng.random() < 0.4:
                        shared = rng.sample(partner_orgs[network],
                                            1 if rng.random() < 0.7 else 2)
                    shared += [org_of[v] for v in assigned.get(i, [])
                               if org_of[v] not in shared]
                    for org in shared:
                        start = today - timedelta(days=rng.randint(0, 700))
                        r = rng.random()
                        until = (today + timedelta(days=rng.randint(-60, 120))
                                 if r < 0.5 else None)
                        withdrawn = now - timedelta(days=rng.randint(1, 90)) if r > 0.93 \
                            else None
                        yield (f0 + i, org, rng.choice(CONSENT_SETS), "samen het plan opvolgen",
                               first, start, until, withdrawn,
                               "het gezin wil het niet meer" if withdrawn else "", w)

            n_consents = load.copy(SharingConsent, [
                "family_id", "organisation_id", "categories", "purpose", "given_by_id",
                "valid_from", "valid_until", "withdrawn_on", "withdrawn_reason",
                "recorded_by_id"], consents())
            done(f"mandates, {n_consents} consents")

            # Trajectories: 90% of the families have one, started up to 900 days ago; most
            # past their planned end are closed.
            traj = []  # (family index, worker, programme, start, end, closed)
            for i, (w, _o, network, _first, _count) in enumerate(fam):
                if rng.random() >= 0.9:
                    continue
                p = rng.choices(range(len(PROGRAMMES)), weights=(2, 4, 2, 2))[0]
                months = PROGRAMMES[p][2]
                start = today - timedelta(days=rng.randint(0, 900))
                end = start + timedelta(days=round(months * 30.44)) if months else None
                closed = None
                if end is not None and end < today - timedelta(days=21) and rng.random() < 0.9:
                    closed = min(today, end + timedelta(days=rng.randint(0, 20)))
                elif rng.random() < 0.05 and (today - start).days > 30:
                    closed = start + timedelta(days=rng.randint(30, (today - start).days))
                traj.append((i, w, programmes[network][p].pk, p, start, end, closed))
            load.copy(Trajectory, [
                "id", "programme_id", "family_id", "responsible_id", "started_on",
                "planned_end_on", "status", "income_check", "closed_on", "closing_reason"],
                ((t0 + k, prog, f0 + i, w, start, end, "closed" if closed else "open",
                  "unknown", closed, ("goals_reached" if end and closed >= end
                                      else "family_stopped") if closed else "")
                 for k, (i, w, prog, _p, start, end, closed) in enumerate(traj)))
            traj_of = {t[0]: t0 + k for k, t in enumerate(traj)}
            load.copy(Trajectory.involved.through, ["trajectory_id", "worker_id"],
                      ((traj_of[i], v) for i, vs in assigned.items() if i in traj_of
                       for v in vs))

            def reviews():
                for k, (_i, w, _prog, p, start, _end, closed) in enumerate(traj):
                    every = PROGRAMMES[p][3]
                    last = closed or today + timedelta(days=round(every * 30.44))
                    n = 1
                    while (due := start + timedelta(days=round(n * every * 30.44))) <= last:
                        n += 1
                        if closed or due < today - timedelta(days=14):
                            held = rng.random() < (0.97 if closed else 0.93)
                        else:
                            held = due < today and rng.random() < 0.3
                        if held:
                            on = min(today, closed or today,
                                     due + timedelta(days=rng.randint(-7, 10)))
                            yield (t0 + k, due, on, "Samen bekeken", w)
                        else:
                            yield (t0 + k, due, None, "", None)

            n_reviews = load.copy(Review, ["trajectory_id", "due_on", "held_on", "summary",
                                           "held_by_id"], reviews())

            def conferences():
                for k, (_i, w, _prog, p, start, _end, closed) in enumerate(traj):
                    within = PROGRAMMES[p][4]
                    if within is None:
                        continue
                    last = closed or today + timedelta(days=60)
                    due, first = start + timedelta(days=round(within * 30.44)), True
                    while due <= last:
                        if (closed or due < today - timedelta(days=10)) and rng.random() < 0.9:
                            parents = rng.random() < 0.9
                            yield (t0 + k, first, due, due - timedelta(days=rng.randint(0, 30)),
                                   parents, "" if parents else "ouders ziek", "Verslag", w)
                        else:
                            yield (t0 + k, first, due, None, True, "", "", None)
                        due, first = due + timedelta(days=365), False

            n_conferences = load.copy(CaseConference, [
                "trajectory_id", "first", "due_by", "held_on", "parents_present",
                "no_parents_reason", "minutes", "recorded_by_id"], conferences())
            done(f"{len(traj)} trajectories, {n_reviews} reviews, {n_conferences} conferences")

            def contacts():
                r = rng.random
                n_traj = len(traj)
                days = [timedelta(days=d) for d in range(2000)]
                for _ in range(sizes.contacts):
                    k = int(r() * n_traj)
                    i, w, _prog, _p, start, _end, closed = traj[k]
                    span = ((closed or today) - start).days
                    yield (f0 + i, t0 + k, CONTACT_KINDS[int(r() * len(CONTACT_KINDS))],
                           start + days[int(r() * (span + 1))], MINUTES[int(r() * 6)],
                           w, org_of[w], "plan", CONTACT_NOTES[int(r() * 6)], r() < 0.05)

            load.copy(Contact, ["family_id", "trajectory_id", "kind", "happened_on", "minutes",
                                "worker_id", "organisation_id", "category", "note",
                                "confidential"], contacts())
            done(f"{sizes.contacts} contacts")

            def goals():
                for j in range(sizes.goals):
                    k, rnd = j % len(traj), j // len(traj)
                    _i, w, _prog, _p, start, _end, closed = traj[k]
                    wording = GOAL_WORDING[(k + rnd) % len(GOAL_WORDING)]
                    status = "reached" if closed else rng.choice(
                        ("planned", "in_progress", "in_progress", "reached"))
                    parent = g0 + j - 2 * len(traj) if rnd % 3 == 2 else None
                    yield (g0 + j, t0 + k, parent, wording[0], wording[1], "", wording[2], "",
                           start + timedelta(days=180), status, False, w, org_of[w])

            load.copy(Goal, ["id", "trajectory_id", "parent_id", "life_domain",
                             "family_wording", "family_language", "worker_wording",
                             "who_does_what", "target_date", "status", "confidential",
                             "created_by_id", "organisation_id"], goals())

            def notes():
                for _ in range(sizes.notes):
                    i = rng.randrange(sizes.families)
                    w, org, _n, first, count = fam[i]
                    yield (f0 + i, w, org, rng.choice(NOTE_CATEGORIES),
                           rng.choice(LIFE_DOMAINS), rng.choice(NOTE_TEXTS),
                           rng.random() < 0.1, rng.random() < 0.02,
                           first + rng.randrange(count) if rng.random() < 0.3 else None,
                           now - timedelta(minutes=rng.randint(0, 60 * 24 * 700)))

            load.copy(Note, ["family_id", "author_id", "organisation_id", "category",
                             "life_domain", "text", "confidential", "youth_confidence",
                             "about_member_id", "created_at"], notes())
            done(f"{sizes.goals} goals, {sizes.notes} notes")

            # The sociale kaart: each network its share of the services; a provider offers
            # 40; each service has one location and Dutch as its language.
            def uid() -> str:
                return str(uuid.UUID(int=rng.getrandbits(128)))

            p0 = common.next_id(cur, Provider._meta.db_table)
            s0 = common.next_id(cur, Service._meta.db_table)
            l0 = common.next_id(cur, Location._meta.db_table)
            n_providers = max(1, sizes.services // 40)
            provider_net = [networks[network_of(k, n_providers)].pk for k in range(n_providers)]
            provider_names = [f"Aanbieder {k} {rng.choice(SERVICE_WORDS)}"
                              for k in range(n_providers)]
            load.copy(Provider, ["id", "hsds_id", "network_id", "name", "description", "email",
                                 "website"],
                      ((p0 + k, uid(), provider_net[k], provider_names[k], "", "", "")
                       for k in range(n_providers)))
            service_net = []

            def services():
                for k in range(sizes.services):
                    prov = k % n_providers
                    service = Service(name=f"{rng.choice(SERVICE_WORDS).capitalize()} "
                                      f"{rng.choice(SURNAMES)} {k}",
                                      description=" ".join(rng.choice(SERVICE_WORDS)
                                                           for _ in range(12)),
                                      life_domains="," + ",".join(sorted(set(
                                          rng.sample(LIFE_DOMAINS, 2)))) + ",")
                    refresh = getattr(service, "refresh_search_text", None)
                    if refresh is not None:
                        refresh(provider_names[prov])
                    service_net.append(provider_net[prov])
                    yield (s0 + k, uid(), provider_net[prov], p0 + prov, service.name,
                           service.description, "inactive" if k % 25 == 0 else "active",
                           service.life_domains, getattr(service, "search_text", ""))

            load.copy(Service, ["id", "hsds_id", "network_id", "provider_id", "name",
                                "description", "status", "life_domains", "search_text"],
                      services())
            load.copy(Location, ["id", "hsds_id", "network_id", "provider_id", "name",
                                 "address_1", "city", "postal_code", "neighbourhood", "country"],
                      ((l0 + k, uid(), service_net[k], p0 + k % n_providers, f"Loket {k}",
                        f"{rng.choice(STREETS)} {k % 150 + 1}", "Benchstad",
                        str(9000 + rng.randrange(400)), f"Wijk {k % 25}", "BE")
                       for k in range(sizes.services)))
            load.copy(ServiceAtLocation, ["hsds_id", "service_id", "location_id",
                                          "description"],
                      ((uid(), s0 + k, l0 + k, "") for k in range(sizes.services)))
            load.copy(Language, ["hsds_id", "service_id", "name", "code", "note"],
                      ((uid(), s0 + k, "Nederlands", "nl", "") for k in range(sizes.services)))
            done(f"{n_providers} providers, {sizes.services} services")
            common.reset_sequences(cur, [Family._meta.db_table, Member._meta.db_table,
                                         Trajectory._meta.db_table, Goal._meta.db_table,
                                         Provider._meta.db_table, Service._meta.db_table,
                                         Location._meta.db_table])
        done("indexes rebuilt, foreign keys checked")

    # -- barriers and collective signals
    fill_signals(sizes, rng, now, today, networks, workers, fam, f0, s0, service_net, p0,
                 n_providers)
    done(f"{sizes.barriers} barriers")
    fill_audit(sizes, rng, now, networks, workers, fam, f0, net_of_org)
    done(f"{sizes.audit_events} audit events")
    sessions, attendance = fill_activities(sizes, rng, now, today, networks, orgs, fam, f0)
    done(f"{sizes.activities} activities, {sessions} sessions, {attendance} attendance")
    recount(networks)
    done("kept totals recounted")
    with connection.cursor() as cur:
        cur.execute("vacuum analyze")
    done("vacuum analyze")
    steps.finished()


def fill_signals(sizes, rng, now, today, networks, workers, fam, f0, s0, service_net, p0,
                 n_providers) -> None:
    from django.db import connection, transaction

    from brug.signals import models as signal_models
    from brug.signals.models import CollectiveSignal, Signal

    coordinators = {}
    for w in workers:
        if w.has_role("coordinator"):
            coordinators.setdefault(w.organisation.network_id, w)
    services_of: dict[int, list[int]] = {}
    for k, network in enumerate(service_net):
        services_of.setdefault(network, []).append(k)
    statuses = ["new", "agenda", "action_plan", "forwarded", "resolved", "not_pursued"]
    with transaction.atomic():
        collectives = {}
        for network in networks:
            met = services_of[network.pk][:max(1, len(services_of[network.pk]) // 10)]
            collectives[network.pk] = (met, CollectiveSignal.objects.bulk_create([
                CollectiveSignal(network=network, title=f"Signaal {c}: {rng.choice(BARRIER_TEXTS)}",
                                 created_by=coordinators[network.pk],
                                 status=statuses[c % len(statuses)],
                                 dimension=DIMENSIONS[c % len(DIMENSIONS)],
                                 life_domain=LIFE_DOMAINS[c % len(LIFE_DOMAINS)],
                                 service_id=s0 + met[(7 * c) % len(met)],
                                 provider_id=p0 + met[(7 * c) % len(met)] % n_providers)
                for c in range(sizes.collectives)]))
    by_network: dict[int, list[int]] = {}
    for i, (_w, _o, network, _first, _count) in enumerate(fam):
        by_network.setdefault(network, []).append(i)
    b0 = None
    barriers = []
    with transaction.atomic(), connection.cursor() as cur:
        load = Loader(cur, now)
        tables = [Signal._meta.db_table]
        dimension_model = getattr(signal_models, "SignalDimension", None)
        if dimension_model is not None:
            tables.append(dimension_model._meta.db_table)
        with common.bulk_load(cur, tables):
            b0 = common.next_id(cur, Signal._meta.db_table)
            for j in range(sizes.barriers):
                network = networks[rng.randrange(len(networks))].pk
                met, group = collectives[network]
                i = rng.choice(by_network[network])
                w, org, *_rest = fam[i]
                service = rng.choice(met)
                chosen = set(rng.sample(DIMENSIONS, rng.randint(1, 2)))
                domain = rng.choice(LIFE_DOMAINS)
                collective = group[rng.randrange(len(group))] if rng.random() < 0.5 else None
                if collective is not None and rng.random() < 0.8:
                    service = collective.service_id - s0
                    chosen = {collective.dimension, rng.choice(DIMENSIONS)}
                    domain = collective.life_domain
                barriers.append((b0 + j, network, f0 + i, w, org, p0 + service % n_providers,
                                 s0 + service, domain, sorted(chosen),
                                 rng.choice(BARRIER_TEXTS),
                                 today - timedelta(days=rng.randint(0, 730)),
                                 collective.pk if collective else None))
            # A coordinator released most descriptions for the bundle (where the model has it).
            load.copy(Signal, ["id", "network_id", "family_id", "recorded_by_id",
                               "organisation_id", "provider_id", "service_id", "life_domain",
                               "dimensions", "description", "observed_on", "collective_id",
                               "released_at", "released_by_id"],
                      ((*b[:8], "," + ",".join(b[8]) + ",", *b[9:],
                        now if b[0] % 10 else None,
                        coordinators[b[1]].pk if b[0] % 10 else None) for b in barriers))
            if dimension_model is not None:
                load.copy(dimension_model, ["signal_id", "dimension", "network_id", "family_id",
                                            "provider_id", "service_id", "life_domain",
                                            "observed_on", "collective_id"],
                          ((b[0], d, b[1], b[2], b[5], b[6], b[7], b[10], b[11])
                           for b in barriers for d in b[8]))
            common.reset_sequences(cur, [Signal._meta.db_table])


def fill_audit(sizes, rng, now, networks, workers, fam, f0, net_of_org) -> None:
    """Views and changes of families by workers of their organisation, over the last year,
    chained as the app chains them (per network when the events carry one)."""
    from django.db import connection, transaction

    from brug.core import audit
    from brug.core.models import AuditEvent, AuditHead

    per_network = any(f.attname == "network_id" for f in AuditEvent._meta.concrete_fields)
    worker_by_id = {w.pk: w for w in workers}
    genesis = getattr(audit, "GENESIS", "0" * 64)
    last: dict[int | None, str] = {}
    last_id: dict[int | None, int] = {}
    count: dict[int | None, int] = {}
    probe = SimpleNamespace(at=now, actor_id=None, actor_name="", organisation_id=None,
                       organisation_name="", family_id=None, category="identity", action="view",
                       purpose="", detail="", prev_hash=genesis, network_id=None)
    try:
        audit.compute_hash(probe)
        app_hash = True
    except Exception:  # a changed hash function: a filler chain instead
        app_hash = False
        print("  (the app's compute_hash did not take an event: the chain is a filler)")
    events = sizes.audit_events
    span = 365 * 24 * 3600

    def rows():
        counter = hashlib.sha256(str(SEED).encode())
        for j in range(events):
            i = rng.randrange(len(fam))
            w, org, network, _first, _count = fam[i]
            worker = worker_by_id[w]
            chain = network if per_network else None
            event = SimpleNamespace(at=now - timedelta(seconds=span * (events - j) // events),
                               actor_id=worker.user_id, actor_name=worker.display_name,
                               organisation_id=org,
                               organisation_name=worker.organisation.short_name,
                               family_id=f0 + i, category=rng.choice(AUDIT_CATEGORIES),
                               action=rng.choice(AUDIT_ACTIONS), purpose="", detail="",
                               prev_hash=last.get(chain, genesis),
                               network_id=network if per_network else None)
            if app_hash:
                event.hash = audit.compute_hash(event)
            else:
                counter.update(b".")
                event.hash = counter.hexdigest()
            last[chain] = event.hash
            last_id[chain] = a0 + j
            count[chain] = count.get(chain, 0) + 1
            yield (a0 + j, event.at, event.actor_id, event.actor_name, event.organisation_id,
                   event.organisation_name, event.family_id, event.category, event.action,
                   event.purpose, event.detail, event.prev_hash, event.hash, network)

    with transaction.atomic(), connection.cursor() as cur:
        load = Loader(cur, now)
        with common.bulk_load(cur, [AuditEvent._meta.db_table]):
            a0 = common.next_id(cur, AuditEvent._meta.db_table)
            load.copy(AuditEvent, ["id", "at", "actor_id", "actor_name", "organisation_id",
                                   "organisation_name", "family_id", "category", "action",
                                   "purpose", "detail", "prev_hash", "hash", "network_id"],
                      rows())
            common.reset_sequences(cur, [AuditEvent._meta.db_table])
        head_fields = {name for f in AuditHead._meta.concrete_fields
                       for name in (f.name, f.attname)}
        for chain, value in last.items():
            values = {"last_hash": value, "last_id": last_id[chain], "count": count[chain]}
            if "network_id" in head_fields:
                values["network_id"] = chain
            else:
                values["pk"] = 1
            AuditHead.objects.create(**{k: v for k, v in values.items()
                                        if k in head_fields or k == "pk"})


SESSION_WEEKS = 104  # two years of sessions, one every two weeks
ACTIVITY_KINDS = ["spelotheek", "speel_en_ontmoet", "speel_en_ontmoet", "oudergroep",
                  "samen_zwanger", "ruilwinkel", "other"]
ACTIVITY_POOL = 20  # the families that come back to one activity


def fill_activities(sizes, rng, now, today, networks, orgs, fam, f0) -> tuple[int, int]:
    """Group activities (each network its share) in the network's neighbourhoods, a session
    every two weeks for the last two years (some cancelled, with anonymous counts), three
    known families at each: mostly from the activity's own 20 (families come back to their
    spelotheek or parent group), one in five from anywhere in the network."""
    from decimal import Decimal

    from django.db import connection, transaction

    from brug.activities.models import Activity, Attendance, Neighbourhood, Session

    by_network: dict[int, list[int]] = {}
    for i, (_w, _o, network, _first, _count) in enumerate(fam):
        by_network.setdefault(network, []).append(i)
    with transaction.atomic():
        hoods = {network.pk: Neighbourhood.objects.bulk_create([
            Neighbourhood(network=network, name=f"Wijk {k}",
                          young_children=rng.randint(150, 900),
                          deprivation_pct=Decimal(rng.randint(30, 450)) / 10,
                          figures_year=today.year - 1)
            for k in range(sizes.neighbourhoods)]) for network in networks}
        shares = NETWORK_SHARES[:len(networks)]
        cut = list(accumulate(shares))
        activities = Activity.objects.bulk_create([
            Activity(network=networks[bisect(cut, a * cut[-1] / sizes.activities)],
                     name=f"{kind.replace('_', ' ').capitalize()} {a}", kind=kind,
                     place=f"{rng.choice(STREETS)} {a % 200 + 1}", capacity=None)
            for a in range(sizes.activities) for kind in [rng.choice(ACTIVITY_KINDS)]])
        for a in activities:
            a.neighbourhood = rng.choice(hoods[a.network_id])
        Activity.objects.bulk_update(activities, ["neighbourhood"], batch_size=2000)
        Activity.organisers.through.objects.bulk_create([
            Activity.organisers.through(activity_id=a.pk, organisation_id=rng.choice(
                orgs[[n.pk for n in networks].index(a.network_id)][:HOME_ORGS]).pk)
            for a in activities])
    first_day = today - timedelta(weeks=SESSION_WEEKS)
    n_sessions = n_attendance = 0
    with transaction.atomic(), connection.cursor() as cur:
        load = Loader(cur, now)
        with common.bulk_load(cur, [Session._meta.db_table, Attendance._meta.db_table]):
            s0 = common.next_id(cur, Session._meta.db_table)
            plan = []  # (session id, activity, day, cancelled)
            for a in activities:
                start = first_day + timedelta(days=a.pk % 14)
                for week in range(0, SESSION_WEEKS, 2):
                    day = start + timedelta(weeks=week)
                    if day <= today:
                        plan.append((s0 + len(plan), a, day, rng.random() < 0.03))

            def sessions():
                for pk, a, day, cancelled in plan:
                    anonymous = 0 if cancelled else rng.choice((0, 0, 1, 1, 2, 3, 4))
                    yield (pk, a.pk, a.network_id, a.neighbourhood_id, day, "10:00", "12:00",
                           cancelled, anonymous, anonymous + rng.randint(0, 2),
                           anonymous * rng.randint(1, 2))

            n_sessions = load.copy(Session, [
                "id", "activity_id", "network_id", "neighbourhood_id", "on_date", "starts_at",
                "ends_at", "cancelled", "anonymous_families", "anonymous_adults",
                "anonymous_children"], sessions())
            pools = {}

            def attendance():
                for pk, a, day, cancelled in plan:
                    if cancelled:
                        continue
                    members = by_network[a.network_id]
                    pool = pools.get(a.pk)
                    if pool is None:
                        pool = pools[a.pk] = rng.sample(members, min(ACTIVITY_POOL,
                                                                     len(members)))
                    came = set()
                    while len(came) < 3:
                        came.add(rng.choice(pool) if rng.random() < 0.8
                                 else rng.choice(members))
                    for i in sorted(came):
                        yield (pk, f0 + i, rng.choice((0, 1, 1, 2)), a.network_id, a.pk,
                               a.neighbourhood_id, day, fam[i][0], now)

            n_attendance = load.copy(Attendance, [
                "session_id", "family_id", "children", "network_id", "activity_id",
                "neighbourhood_id", "on_date", "recorded_by_id", "created_at"], attendance())
            common.reset_sequences(cur, [Session._meta.db_table, Attendance._meta.db_table])
    return n_sessions, n_attendance


def recount(networks) -> None:
    """Totals that an app keeps in tables of its own: COPY sent no signals and fired no
    triggers, so they are counted once here (when the app still keeps them)."""
    for module, function, per_network in (("brug.trajectories.kept", "recount_all", False),
                                          ("brug.signals.bundle", "bundle_counts_rebuild",
                                           True),
                                          ("brug.activities.reach", "rebuild", True)):
        try:
            recount_fn = getattr(importlib.import_module(module), function, None)
        except ImportError:
            continue
        if recount_fn is None:
            continue
        if per_network:
            for network in networks:
                recount_fn(network.pk)
        else:
            recount_fn()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True, help="URL of an empty database")
    parser.add_argument("--quick", action="store_true", help="the small dataset")
    args = parser.parse_args()
    common.setup_django(args.database)
    fill(QUICK if args.quick else FULL)


if __name__ == "__main__":
    main()
