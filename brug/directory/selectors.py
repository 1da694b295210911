"""Reads of the sociale kaart. Every worker of a network sees its whole directory:
it holds no family data."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from brug.core import versions
from brug.core.links import link_maker
from brug.core.prepared import Prepared, planned_per_call
from brug.directory.models import (
    AccessibilityReport,
    AccessibilityScore,
    Language,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    life_domain_labels,
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


CARD_FIELDS = ("pk", "name", "provider__name", "life_domains", "fees_description")
PLACES_PER_CARD = 2


def _place_line(address_1: str, postal_code: str, city: str, neighbourhood: str) -> str:
    line = f"{address_1}, {postal_code}" if postal_code else address_1
    line = f"{line} {city}"
    return f"{line} ({neighbourhood})" if neighbourhood else line


_IDS = [-190_251]
_PLACES = Prepared(
    lambda ids: ServiceAtLocation.objects.filter(service_id__in=ids).order_by("id")
    .values_list("service_id", "location__address_1", "location__postal_code", "location__city",
                 "location__neighbourhood"),
    ids=_IDS)
_LANGUAGES = Prepared(
    lambda ids: Language.objects.filter(service_id__in=ids).order_by("id")
    .values_list("service_id", "name"),
    ids=_IDS)


def service_cards(rows: list[dict], *, link_suffix: str = "") -> list[dict]:
    """Cards for `rows` (`CARD_FIELDS` values of a page of `services_search`): two prepared
    queries.

    A card is a dict of what the result list shows, as text: `pk`, `name`, `provider`,
    `url` (the service page, plus `link_suffix`), `labels` (its life domains), `places` (a
    line for each of its first two places, in the order they were linked), `fees` and
    `languages`. Plain values: the list renders 20 of them on every search.
    """
    ids = [r["pk"] for r in rows]
    places: dict[int, list[str]] = {pk: [] for pk in ids}
    languages: dict[int, list[str]] = {pk: [] for pk in ids}
    if ids:
        for service_id, *address in _PLACES(ids=ids):
            if len(places[service_id]) < PLACES_PER_CARD:
                places[service_id].append(_place_line(*address))
        for service_id, name in _LANGUAGES(ids=ids):
            languages[service_id].append(name)
    link = link_maker("directory:service", 1)
    return [{"pk": r["pk"], "name": r["name"], "provider": r["provider__name"],
             "url": f"{link(r['pk'])}{link_suffix}",
             "labels": ", ".join(life_domain_labels(r["life_domains"])),
             "places": places[r["pk"]], "fees": r["fees_description"],
             "languages": ", ".join(languages[r["pk"]])} for r in rows]


# Result pages per search, kept per process for as long as the directory's data do not
# change (`brug.core.versions`, domain "directory"; PostgreSQL only). What a search shows
# depends only on the network and the search, not on who asks.
_pages = versions.Kept("directory", "pages", size=1000)  # pages of about 10 KB


def search_page(worker, query: DirectoryQuery, number, per_page: int, *,
                link_suffix: str = "", version=...) -> Page:
    """One page of `services_search` as `service_cards`, numbered as `Paginator.get_page` does.

    The count is the costly part at thousands of services; when the page comes back less
    than full it tells the total by itself, so the count is only asked for a full page (or
    a page past the end, which then shows the last page, as `get_page` does). `version`:
    the directory's (`core.versions.current`) when the caller read it already.
    """
    key = (worker.organisation.network_id, tuple(query.text.lower().split()[:8]),
           query.life_domain, query.postcode, query.neighbourhood.lower(),
           query.language.lower(), str(number), per_page, link_suffix, get_language())
    cards, html, number, count = _pages.get(
        key, lambda: _search_page(worker, query, number, per_page, link_suffix),
        version=version)
    paginator = Paginator([], per_page)
    paginator.count = count
    page = Page(cards, number, paginator)
    page.html = html  # the cards as `cards.card_lines` writes them
    return page


def _search_page(worker, query: DirectoryQuery, number, per_page: int,
                 link_suffix: str) -> tuple[list[dict], str, int, int]:
    """(cards, their HTML, page number, count) of one search page."""
    from brug.directory.cards import card_lines

    # Planned for its own values: a word's plan depends on how rare it is, and a life
    # domain's partial index serves only a plan that sees the domain (a generic prepared plan
    # counted "werk" in 16 ms instead of 1). The result is kept, so planning is rare.
    with planned_per_call():
        cards, number, count = _search_page_rows(worker, query, number, per_page, link_suffix)
    return cards, card_lines(cards), number, count


def _search_page_rows(worker, query: DirectoryQuery, number, per_page: int,
                      link_suffix: str) -> tuple[list[dict], int, int]:
    qs = services_search(worker, query)
    paginator = Paginator(qs, per_page)
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    rows = _page_rows(qs, number, per_page) if number >= 1 else []
    if number >= 1 and (0 < len(rows) < per_page or (number == 1 and not rows)):
        paginator.count = (number - 1) * per_page + len(rows)
    else:
        paginator.count = qs.count()
        if number < 1 or number > paginator.num_pages:
            number = paginator.num_pages
            rows = _page_rows(qs, number, per_page)
    return service_cards(rows, link_suffix=link_suffix), number, paginator.count


def _page_rows(qs: QuerySet, number: int, per_page: int) -> list[dict]:
    offset = (number - 1) * per_page
    return list(qs.values(*CARD_FIELDS)[offset:offset + per_page])


# The neighbourhood choices of the search form, per network, for a minute per process: they
# are asked on every search, change rarely, and a choice that shows up a minute late is
# harmless (the results themselves are never cached). A location saved in this process
# drops its network's entry at once.
NEIGHBOURHOODS_TTL = 60.0
_neighbourhoods: dict[int, tuple[float, list[str]]] = {}


def neighbourhoods(worker) -> list[str]:
    network_id = worker.organisation.network_id
    now = time.monotonic()
    cached = _neighbourhoods.get(network_id)
    if cached is not None and now - cached[0] < NEIGHBOURHOODS_TTL:
        return cached[1]
    values = list(
        Location.objects.filter(network_id=network_id)
        .exclude(neighbourhood="").order_by("neighbourhood")
        .values_list("neighbourhood", flat=True).distinct()
    )
    _neighbourhoods[network_id] = (now, values)
    return values


def forget_neighbourhoods(network_id: int) -> None:
    """Drop the cached choices of a network, now and at commit.

    At commit too: a search in another thread may have cached the old list in between.
    """
    def forget() -> None:
        _neighbourhoods.pop(network_id, None)

    forget()
    transaction.on_commit(forget)


def clear_caches() -> None:
    """Empty this module's per-process caches (tests: a rolled-back id may come back)."""
    _neighbourhoods.clear()


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
