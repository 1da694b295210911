"""The perinatal register: signalling, outreach before a mandate, the birth and the coach's
planned end (at least 6 months after the birth)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from brug.activities.models import Registration
from brug.consent.models import Mandate
from brug.core.models import AuditEvent
from brug.families.models import Member
from brug.perinatal.models import OutreachAttempt, Pregnancy
from brug.trajectories import rules
from brug.trajectories import services as trajectory_services
from tests.conftest import login, make_family
from tests.open_doors_world import build_open_doors
from tests.perinatal.factories import make_pregnancy
from tests.trajectories.factories import make_programme

TODAY = timezone.localdate()


def test_registering_a_pregnancy_adds_the_expected_child_with_its_due_date(world):
    due = TODAY + timedelta(days=120)
    response = login(world.alice).post(reverse("perinatal:create", args=[world.family.pk]), {
        "due_date": due.isoformat(), "signalled_by": "kind_en_gezin",
        "signalled_on": TODAY.isoformat()})
    assert response.status_code == 302
    pregnancy = Pregnancy.objects.get()
    assert pregnancy.expected_child.role == "expected_child"
    assert pregnancy.expected_child.due_date == due
    assert AuditEvent.objects.filter(detail="zwangerschap aangemeld").count() == 1


def test_an_impossible_due_date_is_refused_and_nothing_is_stored(world):
    response = login(world.alice).post(reverse("perinatal:create", args=[world.family.pk]), {
        "due_date": (TODAY + timedelta(days=400)).isoformat(), "signalled_by": "hospital",
        "signalled_on": TODAY.isoformat()})
    assert response.status_code == 200
    assert "meer dan tien maanden" in response.content.decode()
    assert not Pregnancy.objects.exists()
    assert not Member.objects.filter(role="expected_child").exists()


def test_outreach_before_a_mandate_is_recorded_apart_from_contacts(world):
    family = make_family(world.home, world.alice, name="Gezin Zonder Mandaat")
    assert not Mandate.objects.filter(family=family).exists()
    pregnancy = make_pregnancy(family, world.alice)
    response = login(world.alice).post(
        reverse("perinatal:outreach-add", args=[family.pk, pregnancy.pk]),
        {"attempted_on": TODAY.isoformat(), "channel": "phone", "result": "not_reached"})
    assert response.status_code == 302
    assert OutreachAttempt.objects.get().organisation == world.home
    from brug.trajectories.models import Contact

    assert not Contact.objects.filter(family=family).exists()


def test_the_register_lists_the_own_organisations_expecting_families_only(world):
    make_pregnancy(world.family, world.alice)
    other = make_family(world.partner_org, world.charlie, name="Gezin Elders")
    make_pregnancy(other, world.charlie)
    body = login(world.alice).get(reverse("perinatal:register")).content.decode()
    assert "Gezin Test" in body and "Gezin Elders" not in body
    assert login(world.vera).get(reverse("perinatal:register")).status_code == 404


def test_the_birth_moves_the_coach_trajectory_to_six_months_after_it(world):
    coach = make_programme(world, "Perinatale coach", runs_until_youngest_age_months=6)
    pregnancy = make_pregnancy(world.family, world.alice, due_in_days=20)
    trajectory = trajectory_services.trajectory_open(
        actor=world.alice, family=world.family, programme=coach, responsible=world.alice,
        started_on=TODAY)
    assert trajectory.planned_end_on == rules.add_months(TODAY + timedelta(days=20), 6)
    born = TODAY - timedelta(days=1)
    response = login(world.alice).post(
        reverse("perinatal:birth", args=[world.family.pk, pregnancy.pk]),
        {"born_on": born.isoformat(), "first_name": "Noor"})
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.planned_end_on == rules.add_months(born, 6)
    pregnancy.refresh_from_db()
    assert pregnancy.status == "born" and pregnancy.expected_child.birth_date == born
    # Twice is refused, with a message.
    response = login(world.alice).post(
        reverse("perinatal:birth", args=[world.family.pk, pregnancy.pk]),
        {"born_on": born.isoformat()})
    assert "al vastgelegd" in response.content.decode()


def test_the_tab_shows_samen_zwanger_groups_of_the_open_doors(world):
    doors = build_open_doors(world)
    doors.activity.kind = "samen_zwanger"
    doors.activity.save()
    Registration.objects.create(activity=doors.activity, family=world.family,
                                status="registered", recorded_by=world.alice)
    make_pregnancy(world.family, world.alice)
    body = login(world.alice).get(reverse("perinatal:tab", args=[world.family.pk])) \
        .content.decode()
    assert doors.activity.name in body


def test_a_partner_without_household_consent_gets_404(world):
    pregnancy = make_pregnancy(world.family, world.alice)
    client = login(world.charlie)
    assert client.get(reverse("perinatal:tab", args=[world.family.pk])).status_code == 404
    assert client.get(reverse("perinatal:birth",
                              args=[world.family.pk, pregnancy.pk])).status_code == 404
