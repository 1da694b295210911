"""Trajectory lifecycle through the services: open, extend once, refuse a second, close."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from brug.consent.models import Mandate
from brug.families.models import Member
from brug.trajectories import services
from brug.trajectories.models import ClosingReason, Contact, Goal, TrajectoryStatus
from tests.conftest import make_worker
from tests.trajectories.factories import go_team, kwadraat, make_programme, vonk

TODAY = timezone.localdate()


@pytest.fixture
def teen(world):
    Member.objects.create(family=world.family, role="child", first_name="Jo",
                          birth_date=TODAY - timedelta(days=365 * 10))
    return world


def open_kwadraat(world, **kw):
    return services.trajectory_open(actor=world.alice, family=world.family,
                                    programme=kwadraat(world), responsible=world.alice,
                                    started_on=TODAY, **kw)


def test_it_opens_a_kwadraat_trajectory_with_review_at_three_months(teen):
    t = open_kwadraat(teen)
    assert t.status == TrajectoryStatus.OPEN
    assert t.planned_end_on > TODAY
    assert len(t.reviews.all()) == 1
    assert t.conferences.get().first


def test_it_extends_kwadraat_once_and_refuses_a_second_time(teen):
    t = open_kwadraat(teen)
    end = t.planned_end_on
    t = services.trajectory_extend(actor=teen.alice, trajectory=t, reason="Nog bezig met school")
    assert t.extension_count == 1 and t.planned_end_on > end
    assert len(t.reviews.all()) >= 2
    with pytest.raises(ValidationError, match="maar één keer verlengd"):
        services.trajectory_extend(actor=teen.alice, trajectory=t, reason="nog eens")


def test_it_closes_with_a_reason(teen):
    t = open_kwadraat(teen)
    t = services.trajectory_close(actor=teen.alice, trajectory=t, closed_on=TODAY,
                                  reason=ClosingReason.FAMILY_STOPPED)
    assert t.status == TrajectoryStatus.CLOSED
    with pytest.raises(ValidationError, match="afgesloten"):
        services.trajectory_close(actor=teen.alice, trajectory=t, closed_on=TODAY,
                                  reason=ClosingReason.OTHER)


def test_it_refuses_a_trajectory_without_mandate(world):
    Mandate.objects.filter(family=world.family).delete()
    with pytest.raises(ValidationError, match="geen mandaat"):
        services.trajectory_open(actor=world.alice, family=world.family,
                                 programme=make_programme(world), responsible=world.alice,
                                 started_on=TODAY)


def test_it_names_every_entry_rule_not_met(world):
    # The test family's child is 400 days old and no screening was done.
    with pytest.raises(services.RulesNotMet) as exc:
        services.trajectory_open(actor=world.alice, family=world.family,
                                 programme=go_team(world), responsible=world.alice,
                                 started_on=TODAY, referrer=world.home)
    assert [p.code for p in exc.value.problems] == ["referrer"]
    assert "politie" in exc.value.messages[0]


def approved_override(world, programme, reason="Screening volgt volgende week", **kwargs):
    """Open, be refused, ask the coordinator, who approves: what the pages do."""
    opening = dict(actor=world.alice, family=world.family, programme=programme,
                   responsible=world.alice, started_on=TODAY, **kwargs)
    with pytest.raises(services.RulesNotMet) as exc:
        services.trajectory_open(**opening)
    asked = services.override_request(actor=world.alice, family=world.family,
                                      programme=programme, reason=reason,
                                      problems=exc.value.problems)
    services.override_decide(actor=world.cora, request=asked, approve=True,
                             expected_version=asked.version)
    return services.trajectory_open(**opening)


def test_a_coordinator_approves_an_override_with_a_recorded_reason(world):
    t = approved_override(world, vonk(world))
    assert t.overridden_rules == "kansarm" and t.override_approved_by == world.cora
    assert t.override_reason == "Screening volgt volgende week"


def test_vonk_trajectory_ends_when_the_youngest_turns_three(world):
    t = approved_override(world, vonk(world), reason="x")
    child = world.family.members.get(role="child")
    assert t.planned_end_on == date(child.birth_date.year + 3, child.birth_date.month,
                                    child.birth_date.day)


def test_caseload_above_the_cap_needs_an_override_reason(world):
    programme = make_programme(world, "MISSION", caseload_cap=1)
    services.trajectory_open(actor=world.alice, family=world.family, programme=programme,
                             responsible=world.alice, started_on=TODAY)
    with pytest.raises(services.RulesNotMet, match="maximum is 1"):
        services.trajectory_open(actor=world.alice, family=world.family, programme=programme,
                                 responsible=world.alice, started_on=TODAY)
    approved_override(world, programme, reason="Tijdelijk, collega met verlof")


def test_a_partner_cannot_open_a_trajectory(world):
    with pytest.raises(PermissionDenied):
        services.trajectory_open(actor=world.charlie, family=world.family,
                                 programme=make_programme(world), responsible=world.alice,
                                 started_on=TODAY)


def test_no_goal_plan_for_a_closed_trajectory(teen):
    t = open_kwadraat(teen)
    services.trajectory_close(actor=teen.alice, trajectory=t, closed_on=TODAY,
                              reason=ClosingReason.GOALS_REACHED)
    with pytest.raises(ValidationError, match="afgesloten"):
        services.goal_add(actor=teen.alice, trajectory=t,
                          goal=Goal(life_domain="werk", family_wording="Werk vinden"))


def test_contacts_before_a_mandate_are_outreach_attempts(world):
    Mandate.objects.filter(family=world.family).delete()
    with pytest.raises(ValidationError):
        services.contact_record(actor=world.alice, family=world.family, contact=Contact(
            kind="home_visit", happened_on=TODAY, minutes=30))
    c = services.contact_record(actor=world.alice, family=world.family, contact=Contact(
        kind="outreach_attempt", happened_on=TODAY, minutes=10))
    assert c.pk


@pytest.mark.parametrize("day,minutes,message", [
    (TODAY + timedelta(days=1), 30, "toekomst"), (TODAY, -5, "negatief"),
    (TODAY, 24 * 60 + 1, "24 uur")])
def test_it_refuses_impossible_contacts(world, day, minutes, message):
    with pytest.raises(ValidationError, match=message):
        services.contact_record(actor=world.alice, family=world.family, contact=Contact(
            kind="phone", happened_on=day, minutes=minutes))


def test_a_volunteer_is_assigned_through_the_trajectory(world):
    from brug.access import policy
    from tests.conftest import give_consent

    give_consent(world.family, world.volunteer_org, ["plan"], world.alice)
    assert not policy.access_for(world.vera, world.family).any
    t = services.trajectory_open(actor=world.alice, family=world.family,
                                 programme=make_programme(world), responsible=world.alice,
                                 started_on=TODAY, involved=[world.vera])
    assert policy.access_for(world.vera, world.family).categories == {"plan"}
    services.trajectory_close(actor=world.alice, trajectory=t, closed_on=TODAY,
                              reason=ClosingReason.OTHER)
    assert not policy.access_for(world.vera, world.family).any


def test_conference_without_parents_needs_a_reason(world):
    t = services.trajectory_open(actor=world.alice, family=world.family,
                                 programme=make_programme(world), responsible=world.alice,
                                 started_on=TODAY)
    conf = t.conferences.get()
    with pytest.raises(ValidationError):
        services.conference_record(actor=world.alice, conference=conf, held_on=TODAY,
                                   attendees=[world.alice], parents_present=False)
    services.conference_record(actor=world.alice, conference=conf, held_on=TODAY,
                               attendees=[world.alice, world.charlie], parents_present=False,
                               no_parents_reason="Mama lag in het ziekenhuis; verslag gedeeld")
    conf.refresh_from_db()
    assert conf.held_on == TODAY and set(conf.attendees.all()) == {world.alice, world.charlie}


def test_a_colleague_may_open_a_trajectory_for_another_worker(world):
    other = make_worker("sam", world.home, "supporter")
    t = services.trajectory_open(actor=world.bob, family=world.family,
                                 programme=make_programme(world), responsible=other,
                                 started_on=TODAY)
    assert t.responsible == other
