"""Contacts: no invented home visit, no absurd dates, corrections and removals (issue 14)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brug.core.models import AuditEvent
from brug.trajectories.models import Contact, Goal
from tests.conftest import login
from tests.trajectories.factories import trajectory_world

TODAY = timezone.localdate()


@pytest.fixture
def t(world):
    return trajectory_world(world)


def test_the_quick_form_invents_no_home_visit(world, as_alice):
    url = reverse("trajectories:contact-add", args=[world.family.pk])
    page = as_alice.get(url).content.decode()
    assert not re.search(r'<input[^>]*name="kind"[^>]*checked', page)
    minutes = re.search(r'<input[^>]*name="minutes"[^>]*>', page).group(0)
    assert "value=" not in minutes
    # One tap on "bewaren" with what the form shows records nothing and says what is missing.
    response = as_alice.post(url, {"happened_on": TODAY.isoformat(), "category": "plan"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wat voor contact was het?" in body
    assert "Hoeveel minuten duurde het contact?" in body
    assert not Contact.objects.exists()


def test_a_contact_long_before_the_family_was_known_is_refused(world, as_alice):
    url = reverse("trajectories:contact-add", args=[world.family.pk])
    # The mandate is ten days old: three years before it is a mistyped year.
    response = as_alice.post(url, {"kind": "phone", "minutes": "20", "category": "plan",
                                   "happened_on": (TODAY - timedelta(days=3 * 365)).isoformat()})
    assert response.status_code == 200
    assert "Deze datum ligt te ver terug" in response.content.decode()
    assert not Contact.objects.exists()
    # A late registration of last year's visit is fine.
    response = as_alice.post(url, {"kind": "phone", "minutes": "20", "category": "plan",
                                   "happened_on": (TODAY - timedelta(days=365)).isoformat()})
    assert response.status_code == 302
    assert Contact.objects.count() == 1


def test_a_goal_target_date_in_the_past_is_refused(world, t, as_alice):
    plan = reverse("trajectories:plan", args=[world.family.pk, t.trajectory.pk])
    response = as_alice.post(plan, {"life_domain": "werk", "family_wording": "Werk vinden",
                                    "family_language": "Nederlands", "status": "planned",
                                    "target_date": (TODAY - timedelta(days=1)).isoformat()})
    assert response.status_code == 200
    assert "De streefdatum ligt in het verleden" in response.content.decode()
    assert not Goal.objects.filter(family_wording="Werk vinden").exists()
    # A goal whose date has passed meanwhile can still be edited without changing the date.
    Goal.objects.filter(pk=t.goal.pk).update(target_date=TODAY - timedelta(days=5))
    edit = reverse("trajectories:goal-edit", args=[world.family.pk, t.trajectory.pk, t.goal.pk])
    response = as_alice.post(edit, {
        "life_domain": "huisvesting", "family_wording": "Een woning zonder schimmel, snel",
        "family_language": "Nederlands", "status": "in_progress", "version": 1,
        "target_date": (TODAY - timedelta(days=5)).isoformat()})
    assert response.status_code == 302
    t.goal.refresh_from_db()
    assert t.goal.status == "in_progress"


def _correction(t, **changes):
    data = {"kind": "home_visit", "happened_on": TODAY.isoformat(), "minutes": "45",
            "trajectory": t.trajectory.pk, "category": "plan",
            "note": "Samen de brief van de huisbaas gelezen.", "version": 1}
    data.update(changes)
    return data


def test_a_contact_is_corrected_audited_and_version_checked(world, t, as_alice):
    tab = as_alice.get(reverse("trajectories:tab", args=[world.family.pk])).content.decode()
    url = reverse("trajectories:contact-edit", args=[world.family.pk, t.contact.pk])
    assert url in tab
    response = as_alice.post(url, _correction(t, minutes="30", kind="phone"))
    assert response.status_code == 302
    t.contact.refresh_from_db()
    assert (t.contact.minutes, t.contact.kind, t.contact.version) == (30, "phone", 2)
    event = AuditEvent.objects.filter(family_id=world.family.pk, action="change").last()
    assert event.detail.startswith("contact verbeterd")
    # A form read at version 1 no longer saves over version 2: what was typed stays.
    response = as_alice.post(url, _correction(t, minutes="90"))
    assert response.status_code == 200
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in response.content.decode()
    t.contact.refresh_from_db()
    assert t.contact.minutes == 30


def test_a_contact_is_removed_with_an_audit_event(world, t, as_alice):
    remove = reverse("trajectories:contact-remove", args=[world.family.pk, t.contact.pk])
    response = as_alice.post(remove, {"version": 1})
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=t.contact.pk).exists()
    assert AuditEvent.objects.filter(family_id=world.family.pk, action="delete",
                                     detail__startswith="contact verwijderd").exists()


def test_a_stale_removal_removes_nothing(world, t, as_alice):
    Contact.objects.filter(pk=t.contact.pk).update(version=2)
    remove = reverse("trajectories:contact-remove", args=[world.family.pk, t.contact.pk])
    as_alice.post(remove, {"version": 1})
    assert Contact.objects.filter(pk=t.contact.pk).exists()


def test_only_who_may_change_the_dossier_corrects_a_contact(world, t):
    edit = reverse("trajectories:contact-edit", args=[world.family.pk, t.contact.pk])
    remove = reverse("trajectories:contact-remove", args=[world.family.pk, t.contact.pk])
    for worker in (world.vera, world.charlie, world.olga):
        client = login(worker)
        assert client.get(edit).status_code in (403, 404)
        assert client.post(remove, {"version": 1}).status_code in (403, 404)
    assert Contact.objects.filter(pk=t.contact.pk, version=1).exists()


def test_a_corrected_date_follows_the_same_rules(world, t, as_alice):
    url = reverse("trajectories:contact-edit", args=[world.family.pk, t.contact.pk])
    response = as_alice.post(url, _correction(
        t, happened_on=(TODAY - timedelta(days=3 * 365)).isoformat()))
    assert "Deze datum ligt te ver terug" in response.content.decode()
    response = as_alice.post(url, _correction(t, happened_on=(TODAY + timedelta(days=3))
                                              .isoformat()))
    assert "Dit contact ligt in de toekomst" in response.content.decode()
    t.contact.refresh_from_db()
    assert t.contact.happened_on == TODAY
