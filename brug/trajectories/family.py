"""The plan and the case conferences as the family reads them.

Only what is meant for the family: goals in the family's own words (never the worker's
wording), their status and who does what; a confidential goal stays inside its organisation
(its flag promises that) and is left out; case conferences with their date, who was there, the
minutes (written for the parents) and the parents' reactions — never the reason recorded for
holding one without the parents, never contacts, reviews' notes or extensions' reasons.

The readers take a family the caller already has (the portal's own family, or a worker's
family through the policy) and return plain data; ids only where a page links to a form.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from brug.core.categories import Category
from brug.core.domains import LifeDomain
from brug.trajectories.models import (
    CaseConference,
    FamilyReaction,
    Goal,
    GoalStatus,
    Trajectory,
    TrajectoryStatus,
)


def family_name_for_print(family, categories) -> str:
    """The family's name on a print for the family: the name where the worker may see
    `identity`, a neutral label otherwise (as `selectors.family_label`, but in this module so
    the label is translated into every family language)."""
    if Category.IDENTITY in categories:
        return family.display_name
    return _("Gezin nr. %(number)s") % {"number": family.pk}


def goal_status_text(status: str) -> str:
    texts = {
        GoalStatus.PLANNED: _("Nog te doen"),
        GoalStatus.IN_PROGRESS: _("Bezig"),
        GoalStatus.REACHED: _("Gelukt"),
        GoalStatus.STOPPED: _("Niet meer nodig"),
    }
    return str(texts.get(status, ""))


def _reaction(r: FamilyReaction) -> dict:
    return {"text": r.text, "at": r.created_at,
            "by": r.member.first_name if r.member_id and r.member else ""}


def _goal(g: Goal, steps: list[Goal], reactions: list[FamilyReaction]) -> dict:
    return {
        "id": g.pk,
        "text": g.family_wording,
        "status": g.status,
        "status_text": goal_status_text(g.status),
        "who_does_what": g.who_does_what,
        "target_date": g.target_date,
        "steps": [{"text": s.family_wording, "status": s.status,
                   "status_text": goal_status_text(s.status)} for s in steps],
        "reactions": [_reaction(r) for r in reactions],
    }


def _by_domain(goals: list[dict], domain_of: dict[int, str]) -> list[dict]:
    labels = dict(LifeDomain.choices)
    grouped: dict[str, list[dict]] = {}
    for g in goals:
        grouped.setdefault(domain_of[g["id"]], []).append(g)
    return [{"key": k, "label": str(labels[k]).capitalize(), "goals": grouped[k]}
            for k in LifeDomain.values if k in grouped]


def trajectory_status_text(t: Trajectory) -> str:
    if t.status == TrajectoryStatus.OPEN:
        return _("Loopt")
    return _("Gestopt")


def plan_for_family(family, *, trajectory_id: int | None = None, goals=None) -> list[dict]:
    """Per trajectory (open ones first, then newest): its goals per life domain in the
    family's words, and the family's reactions. `trajectory_id`: only that one (404 when it is
    not this family's). `goals`: a further filter on the goals (a worker's print: the grant's
    history, `policy.history_q`)."""
    trajectories = Trajectory.objects.filter(family_id=family.pk).select_related(
        "programme", "responsible__organisation")
    if trajectory_id is not None:
        trajectories = trajectories.filter(pk=trajectory_id)
    shown_goals = Goal.objects.filter(confidential=False)
    if goals is not None:
        shown_goals = shown_goals.filter(goals)
    trajectories = list(trajectories.prefetch_related(
        Prefetch("goals", queryset=shown_goals.order_by("life_domain", "parent_id", "id")),
        Prefetch("family_reactions", queryset=FamilyReaction.objects.filter(
            conference__isnull=True).select_related("member")),
    ))
    if trajectory_id is not None and not trajectories:
        raise Http404
    trajectories.sort(key=lambda t: (t.status != TrajectoryStatus.OPEN, -t.started_on.toordinal(),
                                     -t.pk))
    out = []
    for t in trajectories:
        goals = list(t.goals.all())
        reactions = list(t.family_reactions.all())
        top = [g for g in goals if g.parent_id is None]
        shown = {g.pk for g in top}
        steps: dict[int, list[Goal]] = {}
        for g in goals:
            if g.parent_id in shown:
                steps.setdefault(g.parent_id, []).append(g)
        items = [_goal(g, steps.get(g.pk, []), [r for r in reactions if r.goal_id == g.pk])
                 for g in top]
        out.append({
            "id": t.pk,
            "programme": t.programme.name,
            "is_open": t.status == TrajectoryStatus.OPEN,
            "status_text": trajectory_status_text(t),
            "started_on": t.started_on,
            "planned_end_on": t.planned_end_on,
            "closed_on": t.closed_on,
            "contact_person": t.responsible.display_name,
            "organisation": t.responsible.organisation.name,
            "domains": _by_domain(items, {g.pk: g.life_domain for g in top}),
            "reactions": [_reaction(r) for r in reactions if r.goal_id is None],
        })
    return out


def goal_get_for_family(family, trajectory_id: int, goal_id: int) -> Goal:
    """A goal of the family's own plan that the family may read (404 otherwise)."""
    goal = (Goal.objects.filter(pk=goal_id, trajectory_id=trajectory_id,
                                trajectory__family_id=family.pk, confidential=False)
            .select_related("trajectory__family__organisation").first())
    if goal is None:
        raise Http404
    return goal


def trajectory_get_for_family(family, trajectory_id: int) -> Trajectory:
    trajectory = (Trajectory.objects.filter(pk=trajectory_id, family_id=family.pk)
                  .select_related("family__organisation", "programme").first())
    if trajectory is None:
        raise Http404
    return trajectory


def _conference(c: CaseConference) -> dict:
    return {
        "id": c.pk,
        "trajectory_id": c.trajectory_id,
        "programme": c.trajectory.programme.name,
        "held": c.held_on is not None,
        "held_on": c.held_on,
        "planned_by": None if c.held_on else c.due_by,
        "parents_present": c.parents_present if c.held_on else None,
        "attendees": [{"name": w.display_name, "organisation": w.organisation.short_name}
                      for w in c.attendees.all()] if c.held_on else [],
        "minutes": c.minutes if c.held_on else "",
        "parents_comment": c.parents_comment if c.held_on else "",
        "parents_commented_on": c.parents_commented_on if c.held_on else None,
        "reactions": [_reaction(r) for r in c.family_reactions.all()],
    }


def _conferences(family):
    return (CaseConference.objects.filter(trajectory__family_id=family.pk)
            .select_related("trajectory__programme")
            .prefetch_related("attendees__organisation",
                              Prefetch("family_reactions",
                                       queryset=FamilyReaction.objects.select_related("member"))))


def conferences_for_family(family) -> list[dict]:
    """Held conferences newest first, then the planned ones."""
    rows = list(_conferences(family))
    rows.sort(key=lambda c: (c.held_on is None, -(c.held_on or c.due_by or date.min).toordinal(),
                             -c.pk))
    return [_conference(c) for c in rows]


def conference_for_family(family, conference_id: int) -> dict:
    """One conference of this family (404 for another family's)."""
    c = _conferences(family).filter(pk=conference_id).first()
    if c is None:
        raise Http404
    return _conference(c)


def conference_get_for_family(family, conference_id: int) -> CaseConference:
    c = (CaseConference.objects.filter(pk=conference_id, trajectory__family_id=family.pk)
         .select_related("trajectory__family__organisation").first())
    if c is None:
        raise Http404
    return c


def reactions_for_worker(trajectory) -> list[FamilyReaction]:
    """The family's reactions to this trajectory's plan and goals, for the worker's plan page
    (the caller has checked the worker may read the plan)."""
    return list(FamilyReaction.objects.filter(trajectory_id=trajectory.pk,
                                              conference__isnull=True)
                .select_related("member", "goal"))
