"""Reads of the sociale kaart. Every worker of a network sees its whole directory:
it holds no family data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from brug.directory.models import (
    AccessibilityReport,
    AccessibilityScore,
    Language,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)


@dataclass
class DirectoryQuery:
    text: str = ""
    life_domain: str = ""
    postcode: str = ""
    neighbourhood: str = ""
    language: str = ""


def _text_filter(qs: QuerySet, text: str) -> QuerySet:
    # Every word must occur; search_text is stored lower-cased so a plain LIKE does, and on
    # PostgreSQL the trigram index (migration 0002) serves it.
    for word in text.lower().split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs


def services_search(worker, query: DirectoryQuery) -> QuerySet:
    qs = Service.objects.filter(network_id=worker.organisation.network_id,
                                status=ServiceStatus.ACTIVE)
    if query.text.strip():
        qs = _text_filter(qs, query.text.strip())
    if query.life_domain:
        qs = qs.filter(life_domains__contains=f",{query.life_domain},")
    place = Q()
    if query.postcode:
        place &= Q(location__postal_code=query.postcode)
    if query.neighbourhood:
        place &= Q(location__neighbourhood__iexact=query.neighbourhood)
    if place:
        qs = qs.filter(pk__in=ServiceAtLocation.objects.filter(place).values("service_id"))
    if query.language:
        qs = qs.filter(pk__in=Language.objects.filter(name__iexact=query.language)
                       .values("service_id"))
    return qs.select_related("provider").order_by("name", "id")


def with_card_details(services) -> QuerySet:
    """What a result card shows, in a fixed number of queries whatever the page size."""
    return services.prefetch_related(
        Prefetch("at_locations", queryset=ServiceAtLocation.objects.select_related("location")),
        Prefetch("languages", queryset=Language.objects.order_by("id")),
    )


def neighbourhoods(worker) -> list[str]:
    return list(
        Location.objects.filter(network_id=worker.organisation.network_id)
        .exclude(neighbourhood="").order_by("neighbourhood")
        .values_list("neighbourhood", flat=True).distinct()
    )


def service_get(worker, service_id: int) -> Service:
    service = (
        Service.objects.filter(pk=service_id, network_id=worker.organisation.network_id)
        .select_related("provider", "provider__organisation", "programme")
        .prefetch_related(
            Prefetch("at_locations", queryset=ServiceAtLocation.objects.select_related("location")
                     .prefetch_related("location__phones")),
            Prefetch("schedules", queryset=Schedule.objects.order_by("id")),
            "languages", "phones", "contacts",
            Prefetch("accessibility_reports",
                     queryset=AccessibilityReport.objects.select_related("recorded_by")
                     .prefetch_related(Prefetch("scores",
                                                queryset=AccessibilityScore.objects.order_by("id")))),
        )
        .first()
    )
    if service is None:
        raise Http404
    return service


def service_get_for_edit(worker, service_id: int) -> Service:
    service = (
        Service.objects.filter(pk=service_id, network_id=worker.organisation.network_id)
        .select_related("provider", "programme")
        .prefetch_related(Prefetch("languages", queryset=Language.objects.order_by("id")))
        .first()
    )
    if service is None:
        raise Http404
    return service


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"
