"""Fictional services of the fictional Demostad (deterministic)."""

from __future__ import annotations

from brug.directory.models import (
    AccessibilityReport,
    AccessibilityScore,
    Language,
    Location,
    Phone,
    Provider,
    Schedule,
    Service,
    ServiceAtLocation,
)
from brug.trajectories.models import Programme

# key of network organisation (or None: external), provider name, service, domains, fee,
# neighbourhood, postcode, languages, days
SERVICES = [
    ("caw", None, "Woonbegeleiding", "huisvesting", "gratis", "Centrum", "9999",
     ["Nederlands", "Frans"], ["MO", "WE", "FR"]),
    ("caw", None, "Onthaal zonder afspraak", "welbevinden,juridisch", "gratis", "Stationswijk",
     "9999", ["Nederlands", "Engels"], ["TU", "TH"]),
    ("ocmw", None, "Budgetbegeleiding", "inkomen", "gratis", "Centrum", "9999",
     ["Nederlands", "Arabisch"], ["MO", "TU", "TH"]),
    ("ocmw", None, "Huurwaarborg via het OCMW", "huisvesting,inkomen", "gratis", "Centrum",
     "9999", ["Nederlands"], ["MO", "TH"]),
    ("kg", None, "Consultatiebureau Molenhoek", "gezondheid,opvoeding", "gratis", "Molenhoek",
     "9999", ["Nederlands", "Turks"], ["WE"]),
    ("ckg", None, "Opvoedingsondersteuning aan huis", "opvoeding", "gratis", "Kouter", "9999",
     ["Nederlands"], ["MO", "TU", "WE", "TH", "FR"]),
    ("opvang", None, "Kinderopvang met inkomenstarief", "kinderopvang",
     "inkomenstarief, vanaf € 5,60 per dag", "Nieuwe Dok", "9999", ["Nederlands"],
     ["MO", "TU", "WE", "TH", "FR"]),
    ("clb", None, "Schoolloopbaan en leerlingenbegeleiding", "onderwijs", "gratis", "Centrum",
     "9999", ["Nederlands", "Frans"], ["MO", "TU", "TH", "FR"]),
    ("schakel", None, "Ontmoetingsmoment voor ouders", "welbevinden,vrije_tijd", "gratis",
     "Rivierenwijk", "9999", ["Nederlands", "Pools", "Roemeens"], ["SA"]),
    (None, "Voedselbank Demostad", "Voedselpakketten", "voeding", "€ 1 per pakket",
     "Stationswijk", "9999", ["Nederlands"], ["WE", "SA"]),
    (None, "Speelotheek De Knikker", "Speelgoed lenen", "vrije_tijd,opvoeding",
     "€ 5 per jaar", "Kouter", "9999", ["Nederlands"], ["WE", "SA"]),
    (None, "Vzw Werkkracht", "Begeleiding naar werk", "werk", "gratis", "Nieuwe Dok", "9999",
     ["Nederlands", "Engels", "Arabisch"], ["MO", "TU", "WE", "TH"]),
    ("ocmw", None, "GO-team: snelle gezinsondersteuning", "opvoeding,welbevinden", "gratis",
     "Centrum", "9999", ["Nederlands", "Frans"], ["MO", "TU", "WE", "TH", "FR"]),
    ("hvk", None, "VONK: gezinsbegeleiding 0 tot 3 jaar", "opvoeding,kinderopvang,inkomen",
     "gratis", "Rivierenwijk", "9999", ["Nederlands", "Arabisch", "Roemeens"], ["TU", "TH"]),
]

# Services that are the door to a programme of brug.trajectories.demo: its rules on who may
# refer apply to them.
PROGRAMME_DOORS = {"GO-team: snelle gezinsondersteuning": "GO-team",
                   "VONK: gezinsbegeleiding 0 tot 3 jaar": "VONK"}


def load(ctx) -> None:
    orgs = ctx.organisations
    for n, (key, ext_name, name, domains, fee, wijk, postcode, langs, days) in enumerate(SERVICES):
        org = orgs[key] if key else None
        provider, _created = Provider.objects.get_or_create(
            network=ctx.network, name=org.name if org else ext_name,
            defaults={"organisation": org})
        service = Service(network=ctx.network, provider=provider, name=name,
                          life_domains="," + domains + ",", fees_description=fee,
                          description=f"{name} in Demostad. Fictieve demodienst.",
                          eligibility_description="Gezinnen uit Demostad.",
                          application_process="Kom langs tijdens de openingsuren of bel.")
        if name in PROGRAMME_DOORS:
            service.programme = Programme.objects.filter(
                network=ctx.network, name=PROGRAMME_DOORS[name]).first()
        service.refresh_search_text(provider.name)
        service.save()
        location = Location.objects.create(
            network=ctx.network, provider=provider, name=f"{provider.name} — {wijk}",
            address_1=f"Marktplein {n + 1}", city="Demostad", postal_code=postcode,
            neighbourhood=wijk, transportation="Bus 3 of 7, halte Markt. Fietsenstalling.")
        sal = ServiceAtLocation.objects.create(service=service, location=location)
        for day in days:
            Schedule.objects.create(service=service, service_at_location=sal, weekday=day,
                                    opens_at="09:00", closes_at="12:00")
        for lang in langs:
            Language.objects.create(service=service, name=lang)
        Phone.objects.create(service=service, number=f"099 00 {n:02d} 00", type="voice")
    voedsel = Service.objects.get(network=ctx.network, name="Voedselpakketten")
    report = AccessibilityReport.objects.create(
        service=voedsel, visited_on=ctx.today, reporter_kind="experience_expert",
        recorded_by=ctx.workers["karim"], summary="Lange wachtrij buiten, weinig privacy.")
    AccessibilityScore.objects.create(report=report, dimension="betaalbaar", score=2,
                                      remark="Je moet je hele situatie uitleggen aan het loket.")
    AccessibilityScore.objects.create(report=report, dimension="bereikbaar", score=3)
