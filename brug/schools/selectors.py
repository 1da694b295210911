"""Reads of school social work, through the access policy."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from brug.access import policy
from brug.core import small_groups
from brug.schools import allocation
from brug.schools.models import AskedBy, Presence, Question, School, Training


def schools_for(worker) -> QuerySet:
    """Every school of the network (its name and presence are network information)."""
    return (School.objects.filter(network_id=worker.organisation.network_id)
            .select_related("organisation"))


def school_get(worker, school_id: int) -> School:
    """A school's page (its questions and trainings): the workers of the organisation that
    does the school work there, and the network's coordinators; others 404."""
    if not 0 < school_id < 2**63:
        raise Http404
    school = School.objects.filter(pk=school_id).select_related("organisation").first()
    if school is None or school.network_id != worker.organisation.network_id:
        raise Http404
    if not (policy.does_school_work(worker, school.organisation_id)
            or policy.can_manage_schools(worker)):
        raise Http404
    return school


def presence_get(worker, presence_id: int) -> Presence:
    if not 0 < presence_id < 2**63 or not policy.can_manage_schools(worker):
        raise Http404
    presence = (Presence.objects.filter(pk=presence_id,
                                        network_id=worker.organisation.network_id)
                .select_related("school", "school__organisation", "contact").first())
    if presence is None:
        raise Http404
    return presence


def presences(network_id: int, period: str) -> dict[int, Presence]:
    return {p.school_id: p for p in Presence.objects.filter(network_id=network_id,
                                                             period=period)
            .select_related("contact", "overridden_by")}


def questions_of(worker, school: School, *, limit: int = 50) -> list[Question]:
    """The school's latest anonymous questions: for its school workers. A question linked to
    a family shows only that it is linked (its dossier shows it, through the policy)."""
    if not policy.does_school_work(worker, school.organisation_id):
        return []
    return list(Question.objects.filter(school=school).select_related("service")[:limit])


def trainings_of(school: School, *, limit: int = 50) -> list[Training]:
    return list(Training.objects.filter(school=school)[:limit])


def counts(network_id: int, period: str) -> dict:
    """Questions per school and per school and who asked, in a school year, for the
    network's coordinators. Every group goes through the k >= 3 rule (a question counts as one
    family there, as at the walk-in hours: they are anonymous)."""
    first, last = allocation.parse_school_year(period)
    rows = Question.objects.filter(network_id=network_id, asked_on__gte=first,
                                   asked_on__lte=last)
    names = dict(School.objects.filter(network_id=network_id).values_list("pk", "name"))
    labels = dict(AskedBy.choices)
    per_school = small_groups.counted(rows, "school_id", unit="id",
                                      referred=_count(Q(handled="referred")),
                                      linked=_count(Q(family__isnull=False)))
    per_role = small_groups.counted(rows, "school_id", "asked_by", unit="id")
    return {
        "per_school": sorted((dict(r, school=names.get(r["school_id"], "")) for r in per_school),
                             key=lambda r: r["school"]),
        "per_role": sorted((dict(r, school=names.get(r["school_id"], ""),
                                 role=str(labels.get(r["asked_by"], r["asked_by"])))
                            for r in per_role), key=lambda r: (r["school"], -r["families"])),
        "trainings": Training.objects.filter(network_id=network_id, given_on__gte=first,
                                             given_on__lte=last).count(),
    }


def _count(condition: Q):
    from django.db.models import Count

    return Count("id", filter=condition)
