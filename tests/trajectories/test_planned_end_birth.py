"""A child's birth moves the planned end of programmes that end at the youngest child's age."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import formats, timezone

from brug.core import births
from brug.core.models import AuditEvent
from brug.families import services as family_services
from brug.families.models import Member
from brug.trajectories import rules, services
from brug.trajectories.models import ClosingReason, PlannedEndChange, Trajectory
from tests.trajectories.factories import make_programme

TODAY = timezone.localdate()


def _vonk(world, **extra):
    # VONK's age rules without the kansarmoede check, so the test family may start.
    return make_programme(world, "VONK", youngest_max_age_months=36,
                          ends_at_youngest_age_months=36, review_every_months=3, **extra)


def _open(world, programme):
    return services.trajectory_open(actor=world.alice, family=world.family, programme=programme,
                                    responsible=world.alice, started_on=TODAY)


def _ode(world):
    return world.family.members.get(first_name="Ode")


def _long(day):
    return formats.date_format(day, "j F Y")


def test_the_registry_calls_every_handler_once(monkeypatch):
    calls = []
    monkeypatch.setattr(births, "_handlers", [])
    handler = lambda **kw: calls.append(kw)  # noqa: E731
    births.register(handler)
    births.register(handler)
    births.birth_recorded(actor="a", family="f", member="m")
    assert calls == [{"actor": "a", "family": "f", "member": "m"}]


def test_adding_a_newborn_moves_the_planned_end(world, as_alice):
    trajectory = _open(world, _vonk(world))
    old_end = rules.add_months(_ode(world).birth_date, 36)
    assert trajectory.planned_end_on == old_end
    born = TODAY - timedelta(days=5)
    lina = family_services.member_add(actor=world.alice, family=world.family, member=Member(
        role="child", first_name="Lina", birth_date=born))
    trajectory.refresh_from_db()
    new_end = rules.add_months(born, 36)
    assert trajectory.planned_end_on == new_end and trajectory.version == 2
    change = PlannedEndChange.objects.get()
    assert (change.previous_end_on, change.new_end_on, change.member, change.by) == (
        old_end, new_end, lina, world.alice)
    event = AuditEvent.objects.filter(family_id=world.family.pk, category="plan",
                                      action="change").latest("id")
    assert old_end.isoformat() in event.detail and new_end.isoformat() in event.detail
    assert "Lina" not in event.detail
    # Reviews are planned up to the new end.
    last_review = trajectory.reviews.order_by("due_on").last().due_on
    assert old_end < last_review < new_end
    page = as_alice.get(reverse("trajectories:detail",
                                args=[world.family.pk, trajectory.pk])).content.decode()
    assert (f"Geplande einddatum verschoven van {_long(old_end)} naar {_long(new_end)} "
            f"(geboorte van Lina).") in page


def test_recording_the_birth_of_an_expected_child_moves_the_planned_end(world, as_alice):
    due = TODAY + timedelta(days=10)
    expected = Member.objects.create(family=world.family, role="expected_child", due_date=due)
    trajectory = _open(world, _vonk(world))
    old_end = trajectory.planned_end_on
    born = TODAY - timedelta(days=1)
    response = as_alice.post(reverse("families:member-edit", args=[world.family.pk,
                                                                   expected.pk]), {
        "role": "child", "first_name": "Noor", "birth_date": born.isoformat(),
        "version": expected.version})
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.planned_end_on == rules.add_months(born, 36)
    change = PlannedEndChange.objects.get(trajectory=trajectory)
    assert change.previous_end_on == old_end and change.member_id == expected.pk


def test_other_programmes_closed_trajectories_and_older_children_are_left_alone(world):
    fixed = _open(world, make_programme(world, "Vast", duration_months=12))
    closed = _open(world, _vonk(world))
    services.trajectory_close(actor=world.alice, trajectory=closed, closed_on=TODAY,
                              reason=ClosingReason.OTHER)
    vonk = _open(world, make_programme(world, "VONK 2", ends_at_youngest_age_months=36))
    ends = {t.pk: t.planned_end_on for t in Trajectory.objects.all()}
    # An older sibling: the youngest does not change, so neither does the end.
    family_services.member_add(actor=world.alice, family=world.family, member=Member(
        role="child", first_name="Sam", birth_date=TODAY - timedelta(days=3000)))
    family_services.member_add(actor=world.alice, family=world.family, member=Member(
        role="parent", first_name="Omar", birth_date=TODAY - timedelta(days=12000)))
    assert {t.pk: t.planned_end_on for t in Trajectory.objects.all()} == ends
    assert not PlannedEndChange.objects.exists()
    family_services.member_add(actor=world.alice, family=world.family, member=Member(
        role="child", first_name="Lina", birth_date=TODAY))
    after = {t.pk: t.planned_end_on for t in Trajectory.objects.all()}
    assert after[fixed.pk] == ends[fixed.pk] and after[closed.pk] == ends[closed.pk]
    assert after[vonk.pk] == rules.add_months(TODAY, 36)
    assert list(PlannedEndChange.objects.values_list("trajectory_id", flat=True)) == [vonk.pk]


def test_the_duration_still_caps_the_end_and_extensions_are_kept(world):
    programme = _vonk(world, duration_months=24, max_extensions=1, extension_months=6)
    trajectory = _open(world, programme)
    capped = rules.add_months(_ode(world).birth_date, 36)
    assert trajectory.planned_end_on == capped  # earlier than start + 24 months
    services.trajectory_extend(actor=world.alice, trajectory=trajectory, reason="Nog nodig")
    family_services.member_add(actor=world.alice, family=world.family, member=Member(
        role="child", first_name="Lina", birth_date=TODAY))
    trajectory.refresh_from_db()
    # New youngest: start + 24 months is now the earliest end; the extension adds 6.
    assert trajectory.planned_end_on == rules.add_months(rules.add_months(TODAY, 24), 6)


def test_editing_other_member_fields_does_not_move_anything(world):
    trajectory = _open(world, _vonk(world))
    Trajectory.objects.filter(pk=trajectory.pk).update(planned_end_on=TODAY)  # out of date
    ode = _ode(world)
    ode.first_name = "Odette"
    family_services.member_update(actor=world.alice, member=ode, expected_version=ode.version,
                                  changed=["first_name"])
    assert not PlannedEndChange.objects.exists()
    # A corrected birth date does recompute.
    ode.birth_date = ode.birth_date - timedelta(days=30)
    family_services.member_update(actor=world.alice, member=ode, expected_version=ode.version,
                                  changed=["birth_date"])
    trajectory.refresh_from_db()
    assert trajectory.planned_end_on == rules.add_months(ode.birth_date, 36)
    assert PlannedEndChange.objects.get().previous_end_on == TODAY


def test_a_coach_runs_to_six_months_after_the_birth_not_the_due_date(world, as_alice):
    coach = make_programme(world, "Perinatale coach", runs_until_youngest_age_months=6)
    due = TODAY + timedelta(days=60)
    expected = family_services.member_add(actor=world.alice, family=world.family, member=Member(
        role="expected_child", first_name="", due_date=due))
    trajectory = _open(world, coach)
    assert trajectory.planned_end_on == rules.add_months(due, 6)  # provisional, the due date
    born = TODAY  # born early
    expected.role, expected.birth_date = "child", born
    family_services.member_update(actor=world.alice, member=expected,
                                  expected_version=expected.version,
                                  changed=["role", "birth_date"])
    trajectory.refresh_from_db()
    assert trajectory.planned_end_on == rules.add_months(born, 6)
    assert PlannedEndChange.objects.filter(trajectory=trajectory).count() == 1


def test_a_programme_whose_minimum_outlasts_its_age_limit_is_refused(world):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as err:
        make_programme(world, "Fout", runs_until_youngest_age_months=40,
                       ends_at_youngest_age_months=36).full_clean()
    assert "runs_until_youngest_age_months" in err.value.message_dict
