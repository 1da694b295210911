"""Fictional barriers, a collective signal, a meeting and an action plan."""

from __future__ import annotations

from datetime import timedelta

from brug.directory.models import Service
from brug.signals import services
from brug.signals.models import Action, CollectiveSignal, Meeting, Signal

TEXTS = [
    "Moest drie keer terugkomen met dezelfde papieren.",
    "Wachtrij buiten in de regen, iedereen kon meeluisteren.",
    "De brief was te moeilijk; niemand legde het uit.",
    "Openingsuren vallen samen met de werkuren van de ouders.",
]


def load(ctx) -> None:
    net = ctx.network
    voedsel = Service.objects.get(network=net, name="Voedselpakketten")
    waarborg = Service.objects.get(network=net, name="Huurwaarborg via het OCMW")
    coordinator = ctx.workers["coordinator"]
    meeting = Meeting.objects.create(network=net, held_on=ctx.today + timedelta(days=14),
                                     title="Netwerkoverleg Huis van het Kind",
                                     created_by=coordinator)
    collective = services.collective_create(actor=coordinator, collective=CollectiveSignal(
        title="Huurwaarborg: te hoog en te traag", meeting=meeting, dimension="betaalbaar",
        life_domain="huisvesting",
        description="Gezinnen vinden geen woning omdat de waarborg te lang op zich laat wachten."))
    for i, family in enumerate(ctx.families[:24]):
        if not family.mandates.filter(ended_on__isnull=True).exists():
            continue
        actor = family.contact_worker
        at_food = i % 2 == 0
        barrier = services.barrier_record(actor=actor, family=family, signal=Signal(
            service=voedsel if at_food else waarborg,
            life_domain="voeding" if at_food else "huisvesting",
            description=TEXTS[ctx.rng.randrange(len(TEXTS))],
            observed_on=ctx.today - timedelta(days=ctx.rng.randint(1, 120)),
            collective=None if at_food else collective),
            dimensions=["bereikbaar", "betaalbaar"] if at_food else ["betaalbaar", "begrijpbaar"])
        if i % 4:  # the rest wait on the coordinator's review list
            services.barrier_release(actor=coordinator, signal=barrier,
                                     description=barrier.description,
                                     expected_version=barrier.version)
    plan = services.action_plan_save(actor=coordinator, collective=collective,
                                     goal="De waarborg binnen twee weken toekennen.")
    services.action_add(actor=coordinator, plan=plan, action=Action(
        description="Procedure huurwaarborg bespreken met het OCMW",
        owner=ctx.organisations["ocmw"], due_on=ctx.today + timedelta(days=30)))
