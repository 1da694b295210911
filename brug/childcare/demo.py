"""Four fictional childcare providers, the network's priority rules and a handful of requests
(two turned into offers, one accepted), plus the price inputs of two families."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from brug.childcare import services
from brug.childcare.models import ChildcareRequest, ChildcareRules, PriceInputs, Provider
from brug.families.models import Member, MemberRole

PROVIDERS = [
    # name, kind, neighbourhood, income tariff, baby places, toddler places, organisation key
    ("Kinderopvang 't Nestje", "daycare", "Centrum", True, 2, 2, "opvang"),
    ("Kinderdagverblijf De Speelboom", "daycare", "Noord", True, 3, 1, None),
    ("Onthaalouder Griet", "childminder", "Zuid", True, 1, 1, None),
    ("Crèche Zonnestraal", "daycare", "Oost", False, 2, 2, None),
]

# (family index, grounds, days per week, reasons, preferred provider indexes)
REQUESTS = [
    (0, ",single_parent,work_or_training,", 4, "Mama start een opleiding tot zorgkundige.",
     ()),
    (1, "", 3, "Papa werkt in ploegen; oma kan niet meer helpen.", (1,)),
    (2, ",low_income,", 2, "Het kind leert er Nederlands en de ouders zoeken werk.", ()),
    (3, ",foster,", 5, "Pleegkind; de pleegouders werken allebei.", (0, 2)),
    (4, "", 3, "Mama gaat terug werken na het ouderschapsverlof.", ()),
    (5, ",single_parent,", 4, "Alleenstaande vader, nieuwe job in de haven.", ()),
]


def load(ctx) -> None:
    coordinator = ctx.workers["coordinator"]
    rules = ChildcareRules(network=ctx.network, priority_share=25,
                           desk_organisation=ctx.organisations["hvk"])
    services.rules_save(actor=coordinator, rules=rules, expected_version=None, fields=[])
    providers = []
    for name, kind, hood, it, baby, toddler, org in PROVIDERS:
        providers.append(services.provider_save(actor=coordinator, provider=Provider(
            name=name, kind=kind, municipality="Demostad", neighbourhood=hood,
            income_tariff=it, baby_places=baby, toddler_places=toddler,
            organisation=ctx.organisations[org] if org else None), expected_version=None,
            fields=[]))
    candidates = []
    for family in ctx.families:
        if family.anonymised_at:
            continue
        children = [m for m in Member.objects.filter(family=family).order_by("id")
                    if m.role == MemberRole.EXPECTED_CHILD or (
                        m.role == MemberRole.CHILD and m.birth_date
                        and (ctx.today - m.birth_date).days < 2 * 365)]
        parent = Member.objects.filter(family=family, role=MemberRole.PARENT).first()
        mandate_running = family.mandates.filter(ended_on__isnull=True).exists()
        if children and parent and mandate_running and family.contact_worker_id:
            candidates.append((family, children[0], parent))
    made = []
    for (index, grounds, days, reasons, preferred), (family, child, parent) in zip(
            REQUESTS, candidates, strict=False):
        req = ChildcareRequest(
            start_date=ctx.today + timedelta(days=60 + 7 * index), days_per_week=days,
            municipality="Demostad", neighbourhood=family.neighbourhood or "",
            grounds=grounds, reasons=reasons,
            preferred=",".join(str(providers[i].pk) for i in preferred),
            income_tariff_only=True)
        made.append(services.request_create(
            actor=family.contact_worker, family=family, request=req, children=[child],
            consent_given_by=parent))
        # Spread the request dates so the order is visible (as if asked earlier).
        ChildcareRequest.objects.filter(pk=req.pk).update(
            requested_on=ctx.today - timedelta(days=90 - 11 * index))
    if len(made) >= 2:
        offer = services.offer_make(actor=coordinator, request_id=made[0].pk)
        services.offer_decide(actor=coordinator, offer=offer, accept=True,
                              note="Start na de zomer.", expected_version=offer.version)
        services.offer_make(actor=coordinator, request_id=made[1].pk)
    for (family, _child, _parent), income in zip(candidates[:2], ("24500", None),
                                                 strict=False):
        services.price_inputs_save(
            actor=family.contact_worker, family=family, inputs=PriceInputs(
                income=Decimal(income) if income else None, income_refused=income is None,
                children_in_charge=2), expected_version=None, fields=[])
