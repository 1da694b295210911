"""Trajectory objects for the shared test world, created once per world."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from brug.network.models import OrganisationKind
from brug.screening.models import FundamentalRight, RightsAssessment, RightScore
from brug.trajectories.models import (
    CaseConference,
    Contact,
    Goal,
    Programme,
    Review,
    Trajectory,
)


def make_programme(world, name="Testprogramma", **rules) -> Programme:
    return Programme.objects.create(network=world.network, name=name, **rules)


def kwadraat(world) -> Programme:
    return make_programme(world, "Kwadraat", child_min_age_months=9 * 12, duration_months=6,
                          review_every_months=3, max_extensions=1, extension_months=6)


def vonk(world) -> Programme:
    return make_programme(world, "VONK", youngest_max_age_months=36, requires_kansarm=True,
                          ends_at_youngest_age_months=36, review_every_months=3)


def go_team(world) -> Programme:
    return make_programme(world, "GO-team", referrer_kinds=",".join(
        ["", OrganisationKind.POLICE, OrganisationKind.KIND_EN_GEZIN, OrganisationKind.CLB, ""]))


class TrajectoryWorld:
    pass


def trajectory_world(world):
    if hasattr(world, "_traj"):
        return world._traj
    t = TrajectoryWorld()
    today = timezone.localdate()
    t.programme = make_programme(world, "Basis", review_every_months=3, duration_months=12)
    t.trajectory = Trajectory.objects.create(
        programme=t.programme, family=world.family, responsible=world.alice,
        started_on=today - timedelta(days=30), planned_end_on=today + timedelta(days=330))
    t.goal = Goal.objects.create(trajectory=t.trajectory, life_domain="huisvesting",
                                 family_wording="Een woning zonder schimmel",
                                 worker_wording="Dossier sociale huisvesting opstarten",
                                 created_by=world.alice, organisation=world.home)
    t.review = Review.objects.create(trajectory=t.trajectory, due_on=today + timedelta(days=60))
    t.conference = CaseConference.objects.create(trajectory=t.trajectory, first=True,
                                                 due_by=today + timedelta(days=150))
    t.contact = Contact.objects.create(family=world.family, trajectory=t.trajectory,
                                       kind="home_visit", happened_on=today, minutes=45,
                                       worker=world.alice, organisation=world.home,
                                       note="Samen de brief van de huisbaas gelezen.")
    right = FundamentalRight.objects.create(network=world.network, key="wonen", name="Wonen")
    t.assessment = RightsAssessment.objects.create(family=world.family, assessed_on=today,
                                                   recorded_by=world.alice)
    RightScore.objects.create(assessment=t.assessment, right=right, joint_score=4)
    t.right = right
    world._traj = t
    return t
