"""Six fictional schools with SES figures, a few months of anonymous questions, two trainings
and the allocation for this school year (deterministic; no pupil, no name)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from brug.directory.models import Service
from brug.schools import allocation, services
from brug.schools.models import Question, School, Training

SCHOOLS = [
    # name, pupils, SES %, wish form, wish hours
    ("Basisschool De Linde", 240, "62", "zitdag", "4"),
    ("Basisschool Het Klavertje", 180, "48", "zitdag", "3"),
    ("GO! Atheneum Demostad", 720, "21", "consult", "0"),
    ("Vrije Basisschool Sint-Jozef", 310, "35", "", "0"),
    ("Middenschool De Brug", 410, "57", "spoc", "1"),
    ("Basisschool De Vlieger", 95, "71", "zitdag", "2"),
]
SUMMARIES = ["", "", "Schoolfactuur in schijven betalen", "Geen sportkledij voor de turnles",
             "Vraag naar studietoelage", "Warme maaltijd op school te duur", "",
             "Hulp bij de inschrijving secundair onderwijs", "Huur niet betaald, stress thuis"]
DOMAINS = [["onderwijs"], ["inkomen"], ["onderwijs", "inkomen"], ["welbevinden"],
           ["huisvesting"], ["opvoeding"], ["vrije_tijd"]]


def load(ctx) -> None:
    orgs, w = ctx.organisations, ctx.workers
    coordinator = w["coordinator"]
    period = services.current_period(ctx.today)
    figures_period = allocation.previous_school_year(period)
    schools = [services.school_save(actor=coordinator, school=School(
        name=name, organisation=orgs["ocmw"], pupils=pupils, ses_pct=Decimal(ses),
        figures_period=figures_period, wish_form=form, wish_hours=Decimal(hours)))
        for name, pupils, ses, form, hours in SCHOOLS]
    rule = services.rule_of(ctx.network.pk)
    rule.hours = Decimal(24)
    services.rule_save(actor=coordinator, rule=rule)
    referral_targets = list(Service.objects.filter(network=ctx.network).order_by("name")[:5])
    rng = ctx.rng
    # About five months of questions, more at the schools with more SES pupils (and some in
    # the previous school year, so the allocation has questions to count).
    weights = [6, 4, 2, 2, 4, 3]
    for i in range(70):
        school = rng.choices(schools, weights=weights)[0]
        handled = "referred" if referral_targets and i % 3 == 0 else "on_the_spot"
        services.question_record(
            actor=w["sara"] if i % 2 else w["karim"], domains=DOMAINS[rng.randrange(len(DOMAINS))],
            question=Question(
                school=school, asked_on=ctx.today - timedelta(days=rng.randint(0, 150)),
                asked_by=("parent", "parent", "pupil", "teacher", "counsellor")[i % 5],
                summary=SUMMARIES[rng.randrange(len(SUMMARIES))], handled=handled,
                service=referral_targets[i % len(referral_targets)]
                if handled == "referred" else None))
    services.training_record(actor=w["sara"], training=Training(
        school=schools[0], given_on=ctx.today - timedelta(days=40),
        topic="Armoede herkennen in de klas", audience="teachers", participants=18))
    services.training_record(actor=w["karim"], training=Training(
        school=schools[4], given_on=ctx.today - timedelta(days=12),
        topic="Kostenbewust onderwijs: de schoolrekening", audience="counsellors",
        participants=6))
    presences = services.allocation_compute(actor=coordinator, period=period)
    # One override, with its reason, and named workers.
    by_school = {p.school_id: p for p in presences}
    vlieger = by_school[schools[5].pk]
    vlieger.school = schools[5]
    services.presence_override(
        actor=coordinator, presence=vlieger, hours=Decimal(3), form="zitdag",
        reason="Nieuwe klas voor anderstalige nieuwkomers sinds september.",
        contact=w["karim"], expected_version=vlieger.version)
    for i, school in enumerate(schools[:5]):
        p = by_school[school.pk]
        p.school = school
        services.presence_override(actor=coordinator, presence=p, hours=p.hours, form=p.form,
                                   reason="", contact=w["sara"] if i % 2 == 0 else w["karim"],
                                   expected_version=p.version)
