"""Every URL that takes an identifier answers 404 to a worker without access.

The patterns are enumerated from the URL configuration, so a new URL is covered without
anyone remembering to add a test.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import give_consent, login
from tests.url_kwargs import KWARGS, OPEN_TO_ALL_WORKERS

_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _patterns(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            params = _PARAM.findall(str(entry.pattern))
            if params:
                yield f"{namespace}{entry.name}", params


ID_PATTERNS = sorted(set((name, tuple(params)) for name, params in _patterns()))


def test_there_are_identifier_urls_to_check():
    assert len(ID_PATTERNS) >= 10


@pytest.fixture
def outsider_world(world):
    consent = give_consent(world.family, world.partner_org, ["identity"], world.alice)
    world.consent_to_partner = lambda: consent
    return world


@pytest.mark.parametrize("name,params", ID_PATTERNS, ids=[n for n, _ in ID_PATTERNS])
def test_outsider_gets_404_on_every_identifier_url(outsider_world, name, params):
    if name in OPEN_TO_ALL_WORKERS:
        pytest.skip(OPEN_TO_ALL_WORKERS[name])
    missing = [p for p in params if p not in KWARGS]
    assert not missing, f"add {missing} to tests/url_kwargs.py so {name} is checked"
    url = reverse(name, kwargs={p: KWARGS[p](outsider_world) for p in params})
    client = login(outsider_world.olga)
    assert client.get(url).status_code == 404, url
    assert client.post(url, {}).status_code in (404, 405), url
