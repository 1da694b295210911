"""Fictional walk-in hours with about forty visits (deterministic). No names: a visit holds
at most a first name."""

from __future__ import annotations

from datetime import time, timedelta

from brug.directory.models import Service
from brug.walkin import services
from brug.walkin.models import Visit, WalkInHour

QUESTIONS = [
    ("Vraagt hoe de schoolfactuur in schijven betaald kan worden.", ["onderwijs", "inkomen"]),
    ("Zoekt een kinderopvang met inkomenstarief in de buurt.", ["kinderopvang"]),
    ("De huisbaas wil de waarborg niet terugstorten.", ["huisvesting"]),
    ("Brief van het groeipakket niet begrepen; samen gelezen.", ["inkomen"]),
    ("Kind slaapt slecht, ouder is uitgeput.", ["opvoeding", "welbevinden"]),
    ("Zoekt een huisarts die Arabisch spreekt.", ["gezondheid"]),
    ("Vraag naar een zwemclub tegen verminderd tarief.", ["vrije_tijd"]),
    ("Wil Nederlandse les combineren met werk zoeken.", ["werk"]),
    ("Energiefactuur veel hoger dan verwacht.", ["inkomen", "huisvesting"]),
]
LANGUAGES = ["Nederlands", "Arabisch", "Frans", "Turks", "Engels", "Roemeens"]
FIRST_NAMES = ["", "", "", "Amina", "", "Sofie", "", "Youssef", "", ""]


def load(ctx) -> None:
    orgs, w = ctx.organisations, ctx.workers
    hours = [
        services.hour_create(actor=w["sara"], hour=WalkInHour(
            organisation=orgs["ocmw"], name="Zitdag basisschool De Regenboog", kind="zitdag",
            place="Basisschool De Regenboog, Molenhoek", weekday=1, starts_at=time(8, 30),
            ends_at=time(11, 30))),
        services.hour_create(actor=w["sara"], hour=WalkInHour(
            organisation=orgs["ocmw"], name="Spreekuur Sociaal Huis", kind="spreekuur",
            place="Sociaal Huis, Centrum", weekday=3, starts_at=time(13, 30),
            ends_at=time(16, 0))),
        services.hour_create(actor=w["coordinator"], hour=WalkInHour(
            organisation=orgs["hvk"], name="Onthaal Huis van het Kind", kind="onthaal",
            place="Huis van het Kind, Stationswijk", weekday=2, starts_at=time(9, 0),
            ends_at=time(12, 0)), volunteers=[w["lotte"]]),
    ]
    referral_targets = list(Service.objects.filter(network=ctx.network).order_by("name")[:6])
    rng = ctx.rng
    for i in range(40):
        hour = hours[i % len(hours)]
        actor = w["coordinator"] if hour.organisation_id == orgs["hvk"].pk else (
            w["sara"] if i % 2 else w["karim"])
        question, domains = QUESTIONS[rng.randrange(len(QUESTIONS))]
        outcome = ("answered", "referred", "referred", "follow_up")[i % 4]
        services.visit_record(actor=actor, domains=domains, visit=Visit(
            hour=hour, visited_on=ctx.today - timedelta(days=rng.randint(0, 120)),
            first_name=FIRST_NAMES[i % len(FIRST_NAMES)], question=question,
            language=LANGUAGES[rng.randrange(len(LANGUAGES))], outcome=outcome,
            service=referral_targets[i % len(referral_targets)] if outcome == "referred"
            else None,
            follow_up="Volgende week samen de aanvraag invullen." if outcome == "follow_up"
            else ""))
    # One visitor asked for guidance: the visit became a dossier and stays in its history.
    first = Visit.objects.filter(hour=hours[1], first_name="").order_by("id").first()
    if first is not None:
        services.visit_to_family(actor=w["sara"], visit=first, display_name="Gezin Noor",
                                 mandate_form="oral", given_on=ctx.today,
                                 mandate_scope="Hulp bij de energiefactuur en het budget.")
