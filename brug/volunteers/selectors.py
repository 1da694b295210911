"""Reads of the volunteer work, always through the access policy."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.models import AuditAction
from brug.families.models import Family
from brug.volunteers.models import Match, RequestStatus, VisitLog, VolunteerRequest


def is_volunteer_view(worker) -> bool:
    """Whether the policy treats this worker as a volunteer (sees only their own matches)."""
    return policy._kind(worker) == "volunteer"


def request_get(family, request_id: int) -> VolunteerRequest:
    found = VolunteerRequest.objects.filter(family_id=family.pk, pk=request_id).first()
    if found is None:
        raise Http404
    return found


def match_get(worker, family, match_id: int) -> Match:
    """A match of this family; a volunteer reaches only their own."""
    match = (Match.objects.select_related("volunteer", "volunteer__organisation", "coordinator",
                                          "request")
             .filter(family_id=family.pk, pk=match_id).first())
    if match is None or (is_volunteer_view(worker) and match.volunteer_id != worker.pk):
        raise Http404
    return match


def matches_of(worker, family):
    qs = (Match.objects.filter(family_id=family.pk)
          .select_related("volunteer", "volunteer__organisation", "coordinator")
          .annotate(visit_count=Count("visits"), last_visit=Max("visits__visited_on"),
                    open_concerns=Count("visits", filter=~Q(visits__concern="")
                                        & Q(visits__concern_handled_at__isnull=True))))
    if is_volunteer_view(worker):
        qs = qs.filter(volunteer_id=worker.pk)
    return list(qs)


def requests_of(family):
    return list(VolunteerRequest.objects.filter(family_id=family.pk))


def visits_of(match: Match, *, limit: int = 30):
    return list(match.visits.select_related("concern_handled_by")[:limit])


def my_matches(worker):
    """A volunteer's running matches, each family seen as the policy and the match allow."""
    matches = list(Match.objects.filter(volunteer_id=worker.pk, ended_on__isnull=True)
                   .select_related("family").annotate(last_visit=Max("visits__visited_on")))
    families = policy.seen_families(worker, [m.family for m in matches])
    for match, family in zip(matches, families, strict=True):
        shown = family.seen_categories & frozenset(match.category_list)
        match.shows_name = Category.IDENTITY in shown
        match.label = family.display_name if match.shows_name else policy.neutral_label(family.pk)
    return matches


def overview_for(worker, *, limit: int = 50):
    """The coordinator page: open requests, running matches and open concerns of the families
    where this worker sees the plan. Each family shown is recorded as read (its plan)."""
    visible = policy.families_granting(worker, Family.objects.all(), Category.PLAN)
    requests = list(VolunteerRequest.objects.filter(status=RequestStatus.OPEN, family__in=visible)
                    .select_related("family")[:limit])
    matches = list(Match.objects.filter(ended_on__isnull=True, family__in=visible)
                   .select_related("family", "volunteer", "coordinator")
                   .annotate(last_visit=Max("visits__visited_on"),
                             open_concerns=Count("visits", filter=~Q(visits__concern="")
                                                 & Q(visits__concern_handled_at__isnull=True)))
                   .order_by("started_on")[:limit])
    concerns = list(VisitLog.objects.filter(match__in=[m.pk for m in matches
                                                       if m.coordinator_id == worker.pk
                                                       or m.family.organisation_id
                                                       == worker.organisation_id])
                    .exclude(concern="").filter(concern_handled_at__isnull=True)
                    .select_related("match", "match__volunteer")[:limit])
    families = {f.pk: f for f in [r.family for r in requests] + [m.family for m in matches]}
    seen = {f.pk: f for f in policy.seen_families(worker, families.values())}
    for row in requests + matches:
        row.family = seen[row.family_id]
    for visit in concerns:
        visit.family_label = seen[visit.family_id].display_name
    for family in seen.values():
        audit_record(actor=worker, family_id=family.pk, category=Category.PLAN,
                     action=AuditAction.VIEW,
                     purpose=gettext_noop("overzicht vrijwilligerswerking"))
    return requests, matches, concerns
