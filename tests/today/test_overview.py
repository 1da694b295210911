"""The dossier's overview at a glance: only the categories granted, audited like the page."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from brug.core.models import AuditEvent
from brug.rights.models import RightClaim
from brug.trajectories.models import Contact, Goal, Programme, Trajectory
from tests.appointments.factories import make_appointment
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


def _goal(world, trajectory, status, *, confidential=False, organisation=None):
    return Goal.objects.create(trajectory=trajectory, life_domain="werk", family_wording="x",
                               status=status, confidential=confidential,
                               created_by=world.alice,
                               organisation=organisation or world.home)


def _contact(world, days_ago, *, confidential=False, organisation=None):
    return Contact.objects.create(family=world.family, kind="home_visit",
                                  happened_on=TODAY - timedelta(days=days_ago), minutes=30,
                                  worker=world.alice, organisation=organisation or world.home,
                                  category="plan", confidential=confidential)


def test_goals_last_contact_and_next_appointment_in_a_constant_number_of_queries(world,
                                                                               as_alice):
    """Goal counts, the last contact and the next appointment: confidential rows of another
    organisation stay out, and more rows cost no more queries."""
    _world(world)
    trajectory = Trajectory.objects.get(family=world.family)
    url = reverse("families:detail", args=[world.family.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            page = as_alice.get(url).content.decode()
        return len(ctx.captured_queries), page

    count()
    few, page = count()
    assert "Doelen:" not in page and "Nog geen contact." in page
    assert "Volgende afspraak" not in page
    for _i in range(3):
        _goal(world, trajectory, "planned")
    _goal(world, trajectory, "reached")
    _goal(world, trajectory, "in_progress", confidential=True)  # the home's own: counted
    _goal(world, trajectory, "stopped", confidential=True, organisation=world.partner_org)
    _contact(world, 5)
    _contact(world, 1, confidential=True, organisation=world.partner_org)  # not for Alice
    make_appointment(world, starts_in=timedelta(days=2))
    n, page = count()
    assert n == few
    assert "Doelen: 3 nog te doen, 1 bezig, 1 gelukt" in page
    assert "niet meer nodig" not in page
    last = date_format(TODAY - timedelta(days=5), "SHORT_DATE_FORMAT")
    assert f"Laatste contact: {last}" in page
    assert "Volgende afspraak" in page and "huisbezoek" in page
