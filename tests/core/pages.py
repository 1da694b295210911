"""Every page of the URL configuration, opened by a worker who may see it (for tests that
check something of every page)."""

from __future__ import annotations

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import give_consent, login
from tests.url_kwargs import KWARGS


def _pages(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _pages(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", tuple(entry.pattern.regex.groupindex)


# (URL name, its keyword arguments), for every named URL.
PAGES = sorted(set(_pages()))


class PageOpener:
    """Opens a page (identifiers from tests/url_kwargs.py) as the first of the family's
    supporter, the coordinator, the administrator and an anonymous visitor who gets it."""

    def __init__(self, world):
        give_consent(world.family, world.partner_org, ["identity"], world.alice)
        consent = give_consent(world.family, world.partner_org, ["plan"], world.alice)
        world.consent_to_partner = lambda: consent
        self.world = world
        self.clients = [login(world.alice), login(world.cora), login(world.adam), Client()]

    def __call__(self, name, params, html_only=True):
        """(client, url, response) of the first who gets a 200, or (None, url, None)."""
        url = reverse(name, kwargs={p: KWARGS[p](self.world) for p in params})
        for client in self.clients:
            response = client.get(url)
            if response.status_code == 200 and (
                    not html_only or "text/html" in response["Content-Type"]):
                return client, url, response
        return None, url, None
