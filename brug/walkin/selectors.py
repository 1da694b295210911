"""Reads of walk-in hours and visits, through the access policy."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404

from brug.access import policy
from brug.core import small_groups
from brug.core.domains import LifeDomain
from brug.walkin.models import Visit, VisitDomain, WalkInHour


def hours_for(worker) -> QuerySet:
    """The walk-in hours this worker records visits at."""
    qs = WalkInHour.objects.filter(network_id=worker.organisation.network_id)
    own = Q(organisation_id=worker.organisation_id) if policy.hosts_open_door(
        worker, [worker.organisation_id]) else Q(pk__in=[])
    return qs.filter(own | Q(volunteers=worker)).distinct().select_related("organisation")


def hour_get(worker, hour_id: int) -> WalkInHour:
    if not 0 < hour_id < 2**63:
        raise Http404
    hour = WalkInHour.objects.filter(pk=hour_id).select_related("organisation").first()
    if hour is None or not policy.hosts_open_door(
            worker, [hour.organisation_id], hour.volunteers.values_list("pk", flat=True)):
        raise Http404
    return hour


def visit_get(worker, visit_id: int) -> Visit:
    if not 0 < visit_id < 2**63:
        raise Http404
    visit = (Visit.objects.filter(pk=visit_id)
             .select_related("hour", "hour__organisation", "service", "family").first())
    if visit is None:
        raise Http404
    hour_get(worker, visit.hour_id)
    return visit


def visits_of(hour: WalkInHour, *, limit: int = 50) -> list[Visit]:
    return list(Visit.objects.filter(hour=hour).select_related("service", "recorded_by")
                [:limit])


def counts(network_id: int, date_from: date, date_to: date) -> dict:
    """Visits per walk-in hour and month, and per hour and life domain, for the network's
    coordinators. Every group goes through the network's k >= 3 rule: a visitor is anonymous,
    so each visit counts as a family there (a returning visitor counts again)."""
    rows = VisitDomain.objects.filter(network_id=network_id, visited_on__gte=date_from,
                                      visited_on__lte=date_to)
    visits = Visit.objects.filter(network_id=network_id, visited_on__gte=date_from,
                                  visited_on__lte=date_to)
    per_month = small_groups.counted(visits.annotate(month=TruncMonth("visited_on")),
                                     "hour_id", "month", unit="id",
                                     referred=Count("id", filter=Q(outcome="referred")))
    per_domain = small_groups.counted(rows, "hour_id", "life_domain", unit="visit_id")
    labels = dict(LifeDomain.choices)
    hours = dict(WalkInHour.objects.filter(network_id=network_id).values_list("pk", "name"))
    return {
        "per_month": [dict(r, hour=hours.get(r["hour_id"], "")) for r in
                      per_month.order_by("hour_id", "month")],
        "per_domain": [dict(r, hour=hours.get(r["hour_id"], ""),
                            domain=str(labels.get(r["life_domain"], r["life_domain"]))) for r in
                       per_domain.order_by("hour_id", "-families", "life_domain")],
    }
