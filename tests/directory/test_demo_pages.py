"""The demo network loads with directory, referrals and signals, and their pages answer."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from brug.demo import loader as demo
from brug.directory.models import Service
from brug.referrals.models import Referral
from brug.signals.models import CollectiveSignal, Meeting, Signal


def _client(username):
    c = Client()
    assert c.login(username=username, password=demo.DEMO_PASSWORD)
    return c


def test_demo_pages_answer(db):
    ctx = demo.load(families=24)
    assert Service.objects.count() >= 10 and Referral.objects.exists()
    # Issue 17's demo: four childcare providers, six schools with their SES figures.
    from brug.childcare.models import Provider
    from brug.schools.models import School

    assert Provider.objects.filter(network=ctx.network).count() == 4
    schools = School.objects.filter(network=ctx.network)
    assert schools.count() == 6
    assert all(s.ses_pct is not None and s.pupils for s in schools)
    sara, coordinator, an = _client("sara"), _client("coordinator"), _client("an")
    service = Service.objects.first()
    collective = CollectiveSignal.objects.first()
    meeting = Meeting.objects.first()
    referral = Referral.objects.filter(to_organisation=ctx.organisations["caw"]).first()
    family = ctx.families[0]
    caw_service = Service.objects.get(network=ctx.network, name="Woonbegeleiding")
    barrier = Signal.objects.filter(recorded_by=ctx.workers["sara"], collective__isnull=True) \
        .first()
    # The GO-team and VONK each have a door in the sociale kaart; the GO-team's refuses the
    # OCMW (police, K&G and CLB only), VONK's takes every organisation.
    doors = _demo_doors(ctx)
    assert {"GO-team", "VONK"} <= set(doors)
    go_page = sara.get(reverse("directory:service", args=[doors["GO-team"].pk])
                       + f"?gezin={family.pk}").content.decode()
    assert "Instap in programma GO-team" in go_page and "kan dat niet" in go_page
    vonk_page = sara.get(reverse("directory:service", args=[doors["VONK"].pk])
                         + f"?gezin={family.pk}").content.decode()
    assert "doorverwijzen kan door: elke organisatie" in vonk_page
    for client, url in [
        (sara, reverse("directory:search") + "?domain=huisvesting&q=woon"),
        (sara, reverse("directory:service", args=[service.pk]) + f"?gezin={family.pk}"),
        (sara, reverse("referrals:inbox")),
        (sara, reverse("referrals:family", args=[family.pk])),
        (sara, reverse("signals:family", args=[family.pk])),
        (sara, reverse("signals:bundle")),
        (an, reverse("referrals:detail", args=[referral.pk])),
        (coordinator, reverse("referrals:overdue")),
        (coordinator, reverse("signals:suggestions")),
        (coordinator, reverse("signals:collective", args=[collective.pk])),
        (coordinator, reverse("signals:agenda", args=[meeting.pk])),
        (coordinator, reverse("signals:meetings")),
        (coordinator, reverse("directory:import")),
        (coordinator, reverse("directory:export")),
        (coordinator, reverse("directory:service-create")),
        (coordinator, reverse("directory:service-edit", args=[service.pk])),
        (an, reverse("directory:service-edit", args=[caw_service.pk])),
        (sara, reverse("signals:barrier-edit", args=[barrier.family_id, barrier.pk])),
    ]:
        assert client.get(url).status_code == 200, url


def _demo_doors(ctx):
    return {s.programme.name: s for s in Service.objects.filter(
        network=ctx.network, programme__isnull=False).select_related("programme")}
