"""Directory, referral and signal objects for the shared test world."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from brug.directory.models import (
    Language,
    Location,
    Provider,
    Schedule,
    Service,
    ServiceAtLocation,
)
from brug.referrals import services as referral_services
from brug.signals import services as signal_services
from brug.signals.models import Action, ActionPlan, CollectiveSignal, Meeting, Signal


def make_service(network, *, org=None, name="Woonbegeleiding", domains=",huisvesting,",
                 postcode="9000", neighbourhood="Centrum", provider_name=None) -> Service:
    provider = Provider.objects.create(network=network, organisation=org,
                                       name=provider_name or (org.name if org else "Extern"))
    service = Service(network=network, provider=provider, name=name, life_domains=domains,
                      description="Hulp bij het zoeken naar een betaalbare woning.",
                      fees_description="gratis")
    service.refresh_search_text()
    service.save()
    location = Location.objects.create(network=network, provider=provider, name=f"{name} loket",
                                       address_1="Kerkstraat 2", city="Demostad",
                                       postal_code=postcode, neighbourhood=neighbourhood,
                                       transportation="Bus 3, halte Markt")
    ServiceAtLocation.objects.create(service=service, location=location)
    Schedule.objects.create(service=service, weekday="MO", opens_at="09:00", closes_at="12:00")
    Language.objects.create(service=service, name="Nederlands", code="nl")
    return service


def build_network_objects(w):
    ns = SimpleNamespace()
    ns.service = make_service(w.network, org=w.partner_org)
    ns.referral = referral_services.referral_send(
        actor=w.alice, family=w.family, service=ns.service, question="Zoekt een woning",
        categories=["identity"], urgency="normal", consent_given_by=w.parent)
    ns.meeting = Meeting.objects.create(network=w.network, held_on=timezone.localdate()
                                        + timedelta(days=7), title="Netwerkoverleg",
                                        created_by=w.cora)
    ns.collective = CollectiveSignal.objects.create(network=w.network, title="Huurwaarborg",
                                                    created_by=w.cora, meeting=ns.meeting)
    plan = ActionPlan.objects.create(collective=ns.collective, goal="Lagere waarborg")
    ns.action = Action.objects.create(plan=plan, description="Brief aan OCMW", owner=w.home,
                                      due_on=timezone.localdate())
    ns.barrier = signal_services.barrier_record(
        actor=w.alice, family=w.family, dimensions=["betaalbaar"], signal=Signal(
            service=ns.service, life_domain="huisvesting", description="Waarborg te hoog",
            observed_on=timezone.localdate()))
    return ns
