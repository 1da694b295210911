"""Reads of the sociale kaart. Every worker of a network sees its whole directory:
it holds no family data."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from brug.core import cache_versions, multivalue
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


def cache_version(network_id: int) -> str:
    """The version of the network's sociale kaart, for cache keys of what every worker of
    the network shares (search results, lists of organisations); `services` bump it on
    every write."""
    return f"{network_id}:" + cache_versions.version(f"directory:{network_id}")


MAX_WORDS = 8


def _text_filter(qs: QuerySet, text: str) -> QuerySet:
    # Every word must occur anywhere, in any case. `search_text` is stored lower-cased, so a
    # lower-cased word and `contains` match as `icontains` would, and the plain LIKE is what
    # the trigram index of migration 0002 serves on PostgreSQL (`icontains` writes
    # UPPER(search_text), which that index does not cover).
    for word in text.lower().split()[:MAX_WORDS]:
        qs = qs.filter(search_text__contains=word)
    return qs


def services_search(worker, query: DirectoryQuery) -> QuerySet:
    """The active services of the worker's network that match `query`, by name."""
    qs = Service.objects.filter(network_id=worker.organisation.network_id,
                                status=ServiceStatus.ACTIVE)
    if query.text.strip():
        qs = _text_filter(qs, query.text.strip())
    if query.life_domain:
        # The same condition as the per-domain partial indexes (models.Service.Meta).
        qs = qs.filter(multivalue.holds("life_domains", query.life_domain))
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
    return qs.order_by("name", "id")


def search_page(worker, query: DirectoryQuery, number, per_page: int) -> Page:
    """One page of `services_search` (`Paginator.get_page`: a bad or too high number gives
    the first or last page), each service with its provider, places and languages: the count,
    the page and two prefetches, whatever the size of the directory."""
    qs = (services_search(worker, query)
          .select_related("provider")
          .only("pk", "name", "life_domains", "fees_description", "provider__name")
          .prefetch_related(
              # Only the columns a card shows (`Location.address_line`, `Language.__str__`).
              Prefetch("at_locations", queryset=ServiceAtLocation.objects
                       .select_related("location")
                       .only("service_id", "location__address_1", "location__postal_code",
                             "location__city", "location__neighbourhood")
                       .order_by("id")),
              Prefetch("languages", queryset=Language.objects.only("service_id", "name")
                       .order_by("id"))))
    return Paginator(qs, per_page).get_page(number)


def neighbourhoods(worker) -> list[str]:
    """The neighbourhoods (wijken) of the network's places, for the search form."""
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
