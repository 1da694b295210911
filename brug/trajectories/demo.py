"""Fictional programmes and trajectories for the demo network (deterministic).

The programmes follow practice-rules.md §3–4; the numbers are the ones in the seed documents.
"""

from __future__ import annotations

from datetime import timedelta

from brug.network.models import OrganisationKind as K
from brug.trajectories import services
from brug.trajectories.models import Contact, Goal, Programme, TrajectoryStatus

PROGRAMMES = [
    dict(name="VONK", description="Gezinsbegeleiding, ouderbijeenkomsten, spel- en "
         "ontmoetingsmomenten en een ruilwinkel voor gezinnen met kinderen van 0 tot 3 jaar. "
         "Stopt als het kind 3 wordt en naar school gaat.",
         youngest_max_age_months=36, requires_kansarm=True, ends_at_youngest_age_months=36,
         review_every_months=3),
    dict(name="TOOM", description="Extra gezinsondersteuning met een ervaringsdeskundige voor "
         "gezinnen met kinderen jonger dan 4 en een inkomen onder de Europese armoedegrens; "
         "jaarlijkse premie van € 150 per kind. Het gezin heeft de regie.",
         youngest_max_age_months=48, requires_income_below_poverty=True, review_every_months=6),
    dict(name="Domo", description="Vrijwilligers bezoeken wekelijks aanstaande gezinnen en "
         "gezinnen met kinderen tot 12 jaar. Een engagement, geen resultaatsverbintenis.",
         youngest_max_age_months=13 * 12, case_conference_within_months=None),
    dict(name="Kwadraat", description="Jongerentraject vanaf 9 jaar: 6 maanden, tussentijdse "
         "evaluatie na 3 maanden, één keer te verlengen met 6 maanden.",
         child_min_age_months=9 * 12, duration_months=6, review_every_months=3,
         max_extensions=1, extension_months=6, referrer_kinds=f",{K.CLB},{K.SCHOOL},"),
    dict(name="Outreach (MISSION)", description="Outreachende casemanagers pakken inkomen, "
         "wonen, gezondheid, onderwijs, werk en opvoeding samen aan; hoogstens 16 gezinnen per "
         "casemanager.", caseload_cap=16, review_every_months=3),
    dict(name="Perinatale coach", description="Eén vaste coach van de zwangerschap tot het "
         "kind minstens 6 maanden is.", youngest_max_age_months=6,
         runs_until_youngest_age_months=6, review_every_months=3),
    dict(name="GO-team", description="Alleen politie, Kind en Gezin en CLB melden gezinnen aan "
         "(bewust, tegen wachtlijsten).", referrer_kinds=f",{K.KIND_EN_GEZIN},{K.CLB},{K.POLICE},",
         review_every_months=3),
]

GOALS = [
    ("kinderopvang", "Lina naar de crèche, 3 dagen per week", "Opvang zoeken met inkomenstarief; "
     "attest inkomenstarief aanvragen", "Mama belt de crèche, Sara helpt met het attest"),
    ("huisvesting", "Een woning zonder vocht", "Inschrijving sociale huisvesting en huurpremie "
     "nakijken", "Samen naar het woonloket"),
    ("inkomen", "Minder stress over de rekeningen", "Afbetalingsplan energie, sociaal tarief "
     "nakijken", "Papa brengt de brieven mee"),
    ("onderwijs", "Naar het oudercontact gaan", "Tolk regelen voor het oudercontact",
     "Sara vraagt een tolk aan"),
    ("opvoeding", "Rustiger slapengaan met de kinderen", "Opvoedingsvragen bespreken; eventueel "
     "CKG-aanbod", "Samen naar de ouderbijeenkomst"),
]

MINUTES = ("We keken samen naar wat al lukt: de kinderen gaan graag naar de opvang. De huur "
           "blijft zwaar; we vragen samen de huurpremie aan. Volgende stap: samen naar het "
           "woonloket.")
PARENTS_COMMENT = "Klopt. We willen ook graag hulp bij de brieven van de school."


def load(ctx) -> None:
    programmes = {p["name"]: Programme.objects.create(network=ctx.network, **p)
                  for p in PROGRAMMES}
    rng, today, w = ctx.rng, ctx.today, ctx.workers
    kinds = ["home_visit", "home_visit", "phone", "whatsapp", "sms", "office", "email"]
    for i, family in enumerate(ctx.families):
        actor = family.contact_worker
        if not family.mandates.filter(ended_on__isnull=True).exists():
            if family.mandates.exists():
                continue
            for n in range(1 + i % 3):  # outreach before a mandate
                services.contact_record(actor=actor, family=family, contact=Contact(
                    kind="outreach_attempt", happened_on=today - timedelta(days=3 + 9 * n),
                    minutes=rng.choice([10, 15, 20]), note="Niemand thuis; briefje gelaten."))
            continue
        programme = programmes[["Outreach (MISSION)", "VONK", "Domo", "TOOM"][i % 4]]
        started = today - timedelta(days=20 + (i * 13) % 200)
        involved = [w["lotte"]] if programme.name == "Domo" else []
        if i % 5 == 0:
            involved.append(w["karim"])
        opening = dict(
            actor=actor, family=family, programme=programme, responsible=actor,
            started_on=started, involved=involved,
            referrer=ctx.organisations["kg"] if i % 2 else ctx.organisations["ocmw"],
            income_check="below" if i % 3 else "unknown")
        try:
            trajectory = services.trajectory_open(**opening)
        except services.RulesNotMet as exc:
            # A rule that does not fit: asked of, and approved by, the coordinator.
            asked = services.override_request(
                actor=actor, family=family, programme=programme,
                reason="Demo: regels nagekeken met de coördinator", problems=exc.problems)
            services.override_decide(actor=w["coordinator"], request=asked, approve=True,
                                     expected_version=asked.version)
            trajectory = services.trajectory_open(**opening)
        for n in range(2 + i % 5):
            services.contact_record(actor=actor, family=family, contact=Contact(
                trajectory=trajectory, kind=kinds[(i + n) % len(kinds)],
                happened_on=max(started, today - timedelta(days=2 + n * 6)),
                minutes=rng.choice([15, 30, 45, 60, 90]),
                note="Samen de week overlopen." if n % 2 else ""))
        for g in range(1 + i % 3):
            domain, fam, wrk, who = GOALS[(i + g) % len(GOALS)]
            goal = services.goal_add(actor=actor, trajectory=trajectory, goal=Goal(
                life_domain=domain, family_wording=fam, family_language="Nederlands",
                worker_wording=wrk, who_does_what=who,
                target_date=today + timedelta(days=30 * (g + 1))))
            if g == 0:
                services.goal_add(actor=actor, trajectory=trajectory, goal=Goal(
                    parent=goal, life_domain=domain, family_wording="Eerste stap: bellen",
                    worker_wording="Telefoonnummer en uren opzoeken", status="in_progress"))
        conference = trajectory.conferences.first()
        if i % 3 == 1 and conference is not None:
            conference = services.conference_record(
                actor=actor, conference=conference, held_on=max(started, today - timedelta(
                    days=7)), attendees=[actor, w["coordinator"]], parents_present=True,
                minutes=MINUTES)
            services.conference_comment(actor=actor, conference=conference,
                                        comment=PARENTS_COMMENT,
                                        expected_version=conference.version)
        if i % 7 == 0 and trajectory.status == TrajectoryStatus.OPEN and i:
            services.trajectory_close(actor=actor, trajectory=trajectory, closed_on=today,
                                      reason="goals_reached")
