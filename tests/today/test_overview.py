"""The dossier's overview at a glance: only the categories granted, audited like the page."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from brug.core.models import AuditEvent
from brug.rights.models import RightClaim
from brug.trajectories.models import Programme, Trajectory
from tests.conftest import give_consent, login

TODAY = timezone.localdate()


def _world(world):
    programme = Programme.objects.create(network=world.network, name="Kwadraat")
    Trajectory.objects.create(programme=programme, family=world.family, responsible=world.alice,
                              started_on=TODAY - timedelta(days=30),
                              planned_end_on=TODAY + timedelta(days=10))
    RightClaim.objects.create(family=world.family, right_id="x", status="applied",
                              status_on=TODAY - timedelta(days=3))


def test_the_home_organisation_sees_everything_at_a_glance(world, as_alice):
    _world(world)
    before = AuditEvent.objects.count()
    page = as_alice.get(reverse("families:detail", args=[world.family.pk])).content.decode()
    for text in ("Mandaat sinds", "Kwadraat · eindigt binnenkort", "Nog geen contact.",
                 "Rechten in aanvraag", "aangevraagd"):
        assert text in page, text
    events = AuditEvent.objects.filter(id__gt=0).order_by("-id")[: AuditEvent.objects.count()
                                                                  - before]
    assert {"plan", "rights", "consent"} <= {e.category for e in events}


def test_a_partner_sees_only_the_granted_glances(world):
    _world(world)
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    charlie = login(world.charlie)
    page = charlie.get(reverse("families:detail", args=[world.family.pk])).content.decode()
    assert "Kwadraat" not in page and "Mandaat sinds" not in page and "aangevraagd" not in page
    give_consent(world.family, world.partner_org, ["plan"], world.alice)
    page = charlie.get(reverse("families:detail", args=[world.family.pk])).content.decode()
    assert "Kwadraat" in page and "Mandaat sinds" not in page
