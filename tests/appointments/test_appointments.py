"""Planning, moving, cancelling and logging appointments, through HTTP and the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from brug.appointments import selectors, services
from brug.appointments.models import Appointment, AppointmentMove, AppointmentStatus
from brug.core.locking import StaleEdit
from brug.core.models import AuditAction, AuditEvent
from brug.trajectories.models import Contact
from tests.appointments.factories import make_appointment
from tests.conftest import give_consent, login

pytestmark = pytest.mark.django_db


def _post_plan(client, family, **overrides):
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {"kind": "home_visit", "day": tomorrow.isoformat(), "start": "10:00",
            "duration": "45", "place": "thuis", "workers": [], "note": "NOTE-MARKER"}
    data.update(overrides)
    return client.post(reverse("appointments:plan", args=[family.pk]), data)


def test_a_supporter_plans_a_home_visit_with_an_end_time_instead_of_a_duration(world):
    client = login(world.alice)
    response = _post_plan(client, world.family, duration="", end="11:30",
                          workers=[world.alice.pk, world.bob.pk], members=[world.parent.pk])
    assert response.status_code == 302
    a = Appointment.objects.get(family=world.family)
    assert a.minutes == 90 and timezone.localtime(a.starts_at).hour == 10
    assert set(a.workers.all()) == {world.alice, world.bob}
    assert list(a.members.all()) == [world.parent]
    assert AuditEvent.objects.filter(family_id=world.family.pk, action=AuditAction.CREATE,
                                     category="plan").exists()


def test_bad_input_gets_a_message_and_nothing_is_saved(world):
    client = login(world.alice)
    response = _post_plan(client, world.family, duration="", end="09:00",
                          workers=[world.alice.pk])
    assert response.status_code == 200
    assert "Het einde ligt voor het begin." in response.content.decode()
    response = _post_plan(client, world.family, workers=[])
    assert response.status_code == 200
    past = _post_plan(client, world.family, day="2020-01-01", workers=[world.alice.pk])
    assert "in het verleden" in past.content.decode()
    assert not Appointment.objects.exists()


def test_moving_keeps_the_history_and_a_stale_form_is_refused(world):
    a = make_appointment(world)
    old_start, version = a.starts_at, a.version
    a.starts_at = old_start + timedelta(days=1)
    services.appointment_update(actor=world.alice, appointment=a, expected_version=version,
                                workers=[world.alice], members=[])
    move = AppointmentMove.objects.get(appointment=a)
    assert move.from_starts_at == old_start and move.to_starts_at == a.starts_at
    stale = Appointment.objects.get(pk=a.pk)
    stale.place = "kantoor"
    with pytest.raises(StaleEdit):
        services.appointment_update(actor=world.bob, appointment=stale,
                                    expected_version=version, workers=[world.bob])
    assert Appointment.objects.get(pk=a.pk).place == "thuis"


def test_a_stale_edit_through_the_page_keeps_what_was_typed(world):
    a = make_appointment(world)
    client = login(world.alice)
    url = reverse("appointments:edit", args=[world.family.pk, a.pk])
    local = timezone.localtime(a.starts_at)
    data = {"kind": "office", "day": local.date().isoformat(), "start": "14:00",
            "duration": "30", "place": "kantoor", "workers": [world.alice.pk],
            "version": a.version}
    fresh = Appointment.objects.get(pk=a.pk)
    services.appointment_cancel(actor=world.bob, appointment=fresh,
                                expected_version=fresh.version, reason="ziek")
    response = client.post(url, data)
    assert response.status_code == 302  # not planned anymore: told so, not changed
    assert Appointment.objects.get(pk=a.pk).kind == "home_visit"
    b = make_appointment(world)
    data["version"] = b.version
    fresh = Appointment.objects.get(pk=b.pk)
    fresh.place = "elders"
    services.appointment_update(actor=world.bob, appointment=fresh,
                                expected_version=fresh.version, workers=[world.bob])
    response = client.post(reverse("appointments:edit", args=[world.family.pk, b.pk]), data)
    assert response.status_code == 200
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in response.content.decode()
    assert 'value="kantoor"' in response.content.decode()
    assert Appointment.objects.get(pk=b.pk).place == "elders"


def test_moving_an_appointment_far_into_the_past_is_refused_with_a_message(world):
    # An edit may move an appointment back (it took place a day earlier), but not to the year
    # 1: stored in UTC that is a date before the year 1, which no page could read back.
    a = make_appointment(world)
    client = login(world.alice)
    url = reverse("appointments:edit", args=[world.family.pk, a.pk])
    data = {"kind": "office", "start": "10:00", "duration": "30", "place": "kantoor",
            "workers": [world.alice.pk], "version": a.version}
    for day in ("0001-01-01", (timezone.localdate() - timedelta(days=400)).isoformat()):
        response = client.post(url, {**data, "day": day})
        assert response.status_code == 200
        assert "te ver in het verleden" in response.content.decode()
    assert Appointment.objects.get(pk=a.pk).starts_at == a.starts_at
    yesterday = timezone.localdate() - timedelta(days=1)
    assert client.post(url, {**data, "day": yesterday.isoformat()}).status_code == 302
    assert timezone.localtime(Appointment.objects.get(pk=a.pk).starts_at).date() == yesterday
    assert client.get(url).status_code == 200


def test_cancel_needs_a_reason_and_is_audited(world):
    a = make_appointment(world)
    client = login(world.alice)
    url = reverse("appointments:cancel", args=[world.family.pk, a.pk])
    assert client.post(url, {"reason": " ", "version": a.version}).status_code == 200
    assert client.post(url, {"reason": "Mama is ziek", "version": a.version}).status_code == 302
    a.refresh_from_db()
    assert a.status == AppointmentStatus.CANCELLED and a.cancel_reason == "Mama is ziek"
    assert AuditEvent.objects.filter(family_id=world.family.pk,
                                     detail__startswith="afspraak geannuleerd").exists()


def test_a_done_appointment_becomes_a_contact_in_one_tap_with_the_confirmed_minutes(world):
    a = make_appointment(world, starts_in=-timedelta(hours=2), minutes=60)
    assert not Contact.objects.exists()  # nothing is invented before the tap
    client = login(world.alice)
    url = reverse("appointments:log-contact", args=[world.family.pk, a.pk])
    assert client.get(url).status_code == 200
    assert not Contact.objects.exists()  # opening the confirmation records nothing either
    response = client.post(url, {"minutes": "75", "version": a.version})
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.minutes == 75 and contact.kind == "home_visit"
    assert contact.happened_on == timezone.localdate(a.starts_at)
    assert contact.worker == world.alice
    a.refresh_from_db()
    assert a.status == AppointmentStatus.DONE and a.contact == contact
    # A second tap (double submit) does not make a second contact.
    client.post(url, {"minutes": "75", "version": a.version})
    assert Contact.objects.count() == 1


def test_an_appointment_still_to_come_cannot_be_logged(world):
    a = make_appointment(world)
    with pytest.raises(ValidationError):
        services.appointment_log_contact(actor=world.alice, appointment=a,
                                         expected_version=a.version, minutes=60)
    assert not Contact.objects.exists()


def test_only_those_who_may_change_the_dossier_plan(world):
    give_consent(world.family, world.partner_org, ["identity", "plan"], world.alice)
    url = reverse("appointments:plan", args=[world.family.pk])
    assert login(world.charlie).get(url).status_code == 403  # sees the plan, may not change
    assert login(world.olga).get(url).status_code == 404  # another organisation, no consent
    assert login(world.alice).get(url).status_code == 200
    with pytest.raises(PermissionDenied):
        make_appointment(world, by=world.charlie)


def test_another_organisations_worker_gets_404_on_the_tab_and_the_appointment(world):
    a = make_appointment(world)
    client = login(world.olga)
    for name, args in [("appointments:tab", [world.family.pk]),
                       ("appointments:edit", [world.family.pk, a.pk]),
                       ("appointments:log-contact", [world.family.pk, a.pk])]:
        assert client.get(reverse(name, args=args)).status_code == 404


def test_volunteers_see_only_appointments_of_families_they_are_assigned_to(world):
    a = make_appointment(world, workers=[world.alice, world.vera])
    give_consent(world.family, world.volunteer_org, ["plan"], world.alice)
    # Listed among her workers, but not assigned to the family: nothing.
    assert selectors.upcoming_for(world.vera, timezone.localdate(), 7) == []
    assert login(world.vera).get(
        reverse("appointments:tab", args=[world.family.pk])).status_code == 404
    world.family.contact_worker = world.vera  # assigned (as its contact person here)
    world.family.save()
    shown = selectors.upcoming_for(world.vera, timezone.localdate(), 7)
    assert [x.pk for x in shown] == [a.pk]
    # Shared plan but not identity: the neutral label, never the name.
    assert shown[0].family.display_name != "Gezin Test"
    assert not shown[0].shows_members


def test_my_appointments_and_next_for_family(world):
    a = make_appointment(world, starts_in=timedelta(days=1))
    later = make_appointment(world, starts_in=timedelta(days=3))
    response = login(world.alice).get(reverse("appointments:mine"))
    assert response.status_code == 200
    assert "Gezin Test" in response.content.decode()
    assert selectors.next_for_family(world.alice, world.family).pk == a.pk
    assert selectors.next_for_family(world.olga, world.family) is None
    assert [x.pk for x in selectors.upcoming_for(world.alice, timezone.localdate(), 2)] == [a.pk]
    assert later.pk in [x.pk for x in selectors.upcoming_for(world.alice,
                                                            timezone.localdate(), 7)]


def test_the_tab_shows_the_appointment_and_records_the_read(world):
    make_appointment(world, note="NOTE-MARKER")
    response = login(world.alice).get(reverse("appointments:tab", args=[world.family.pk]))
    body = response.content.decode()
    assert "NOTE-MARKER" in body and "Mira" in body
    assert AuditEvent.objects.filter(family_id=world.family.pk, action=AuditAction.VIEW,
                                     purpose="afspraken bekijken").exists()


def test_the_family_portal_lists_upcoming_appointments_without_notes(world):
    from brug.appointments.family import upcoming_for_family

    make_appointment(world, note="NOTE-MARKER", place="thuis")
    rows = upcoming_for_family(world.family)
    assert len(rows) == 1 and set(rows[0]) == {"kind", "starts_at", "minutes", "place"}
    from tests.portal.conftest import client_for, make_account

    account = make_account(world.family, world.parent, world.alice, username="mira-appt")
    body = client_for(account).get(reverse("portal:home")).content.decode()
    assert "Bezoek bij jullie thuis" in body and "NOTE-MARKER" not in body


def test_retention_clears_what_people_wrote(world):
    from brug.appointments.services import free_text_clear

    a = make_appointment(world, note="NOTE-MARKER", place="Kerkstraat 1")
    free_text_clear(world.family.pk)
    a.refresh_from_db()
    assert a.note == "" and a.place == "" and a.minutes == 60
