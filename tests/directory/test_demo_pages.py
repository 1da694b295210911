"""The demo network loads with directory, referrals and signals, and their pages answer."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from brug.core import demo
from brug.directory.models import Service
from brug.referrals.models import Referral
from brug.signals.models import CollectiveSignal, Meeting


def _client(username):
    c = Client()
    assert c.login(username=username, password=demo.DEMO_PASSWORD)
    return c


def test_demo_pages_answer(db):
    ctx = demo.load(families=24)
    assert Service.objects.count() >= 10 and Referral.objects.exists()
    sara, coordinator, an = _client("sara"), _client("coordinator"), _client("an")
    service = Service.objects.first()
    collective = CollectiveSignal.objects.first()
    meeting = Meeting.objects.first()
    referral = Referral.objects.filter(to_organisation=ctx.organisations["caw"]).first()
    family = ctx.families[0]
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
    ]:
        assert client.get(url).status_code == 200, url
