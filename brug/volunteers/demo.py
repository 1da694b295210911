"""Ten fictional volunteers with profiles, a few requests, two matches with visits."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model

from brug.core.categories import Category
from brug.network.models import Worker
from brug.volunteers import services
from brug.volunteers.models import VisitLog, VolunteerMeeting, VolunteerProfile, VolunteerRequest

# username, name, languages, neighbourhoods, skills, availability, years, max families
VOLUNTEERS = [
    ("lotte", "Lotte Maes", "Nederlands, Engels", "Centrum", ",company,leisure,homework,",
     ",wed_pm,sat_am,", 3, 2),
    ("vol_youssef", "Youssef Amrani", "Nederlands, Arabisch, Frans", "Noord",
     ",paperwork,network,", ",wed_pm,thu_ev,", 5, 1),
    ("vol_greet", "Greet Vandamme", "Nederlands", "Zuid", ",parenting,company,",
     ",mon_am,tue_am,", 8, 2),
    ("vol_irina", "Irina Popa", "Nederlands, Roemeens", "Centrum, Noord",
     ",shopping,dutch,", ",fri_pm,", 1, 1),
    ("vol_marc", "Marc Hendrickx", "Nederlands, Frans", "Oost", ",paperwork,homework,",
     ",tue_ev,thu_ev,", 2, 1),
    ("vol_fatou", "Fatou Sow", "Nederlands, Frans, Wolof", "Zuid", ",parenting,leisure,",
     ",wed_pm,sat_pm,", 4, 1),
    ("vol_ahmet", "Ahmet Yildiz", "Nederlands, Turks", "Noord", ",homework,dutch,",
     ",mon_pm,wed_pm,", 0, 1),
    ("vol_sofie", "Sofie Wauters", "Nederlands, Engels", "Oost", ",company,network,",
     ",thu_am,", 6, 2),
    ("vol_nour", "Nour Haddad", "Nederlands, Arabisch", "Centrum", ",parenting,dutch,",
     ",wed_am,wed_pm,", 2, 1),
    ("vol_pieter", "Pieter Goossens", "Nederlands", "West", ",leisure,shopping,",
     ",sat_am,sun_pm,", 10, 1),
]


def load(ctx) -> None:
    domo = ctx.organisations["domo"]
    User = get_user_model()
    volunteers = {}
    for username, name, langs, hoods, skills, slots, years, cap in VOLUNTEERS:
        worker = ctx.workers.get(username)
        if worker is None:
            user = User.objects.create_user(username=username, password="demo-brug-2026",
                                            email=f"{username}@demo.brug.invalid")
            worker = Worker.objects.create(user=user, organisation=domo, display_name=name,
                                           roles=",volunteer,")
        VolunteerProfile.objects.create(
            worker=worker, languages=langs, neighbourhoods=hoods, municipality="Demostad",
            skills=skills, availability=slots, experience_years=years, max_families=cap,
            experience="Fictief demoprofiel.")
        volunteers[username] = worker
    coordinator = ctx.workers["coordinator"]
    VolunteerMeeting.objects.create(network=ctx.network, organisation=domo,
                                    held_on=ctx.today - timedelta(days=20),
                                    topic="Cultuursensitief werken", created_by=coordinator) \
        .attendees.set(list(volunteers.values())[:7])
    VolunteerMeeting.objects.create(network=ctx.network, organisation=domo,
                                    held_on=ctx.today - timedelta(days=50),
                                    topic="De sociale kaart leren kennen",
                                    created_by=coordinator) \
        .attendees.set(list(volunteers.values())[2:9])
    sara_families = [f for f in ctx.families
                     if f.contact_worker_id == ctx.workers["sara"].pk
                     and f.mandates.filter(ended_on__isnull=True).exists()
                     and f.members.filter(role="parent").exists()][:4]
    asks = [
        (",company,leisure,", "Mama wil graag iemand om mee naar de bib en de speeltuin te gaan.",
         ",wed_pm,sat_am,", "lotte"),
        (",paperwork,", "Hulp bij brieven van de school en de mutualiteit.", ",wed_pm,thu_ev,",
         "vol_youssef"),
        (",homework,dutch,", "De oudste heeft hulp nodig bij huiswerk; papa wil Nederlands "
         "oefenen.", ",mon_pm,wed_pm,", None),
        (",parenting,", "Iemand om samen te spelen met de kleinste.", ",tue_am,", None),
    ]
    for family, (kinds, text, times, who) in zip(sara_families, asks, strict=False):
        supporter = family.contact_worker
        request = services.request_create(actor=supporter, family=family, request=VolunteerRequest(
            help_kinds=kinds, description=text, times=times, municipality=family.municipality,
            neighbourhood=family.neighbourhood,
            languages=family.home_languages))
        if who is None:
            continue
        match = services.match_create(
            actor=supporter, request=request, volunteer=volunteers[who], coordinator=supporter,
            categories=[Category.IDENTITY, Category.CONTACT, Category.HOUSEHOLD, Category.PLAN],
            consent_given_by=family.members.filter(role="parent").first(),
            started_on=ctx.today - timedelta(days=60))
        for week in range(6):
            services.visit_log(actor=volunteers[who], match=match, visit=VisitLog(
                visited_on=ctx.today - timedelta(days=56 - week * 7), minutes=90 + 15 * (week % 3),
                what_done=["Samen naar de bibliotheek.", "Brief van de school gelezen.",
                           "Gespeeld in de speeltuin.", "Koffie en een babbel."][week % 4],
                concern=("Mama lijkt erg moe en slaapt slecht; de koelkast was leeg."
                         if week == 5 and who == "lotte" else "")))
