"""A family account reaches nothing of another family: every portal URL that takes an
identifier, filled with `world.family`'s objects, answers 404 to another family's client.

Enumerated from the URL configuration (like tests/test_url_access.py), so a new portal URL is
covered without anyone remembering.
"""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from tests.test_url_access import ID_PATTERNS
from tests.url_kwargs import KWARGS

PORTAL_ID_PATTERNS = [(n, p) for n, p in ID_PATTERNS if n.startswith("portal:")]


def test_the_portal_has_identifier_urls():
    assert any(name == "portal:consent-withdraw" for name, _p in PORTAL_ID_PATTERNS)


@pytest.fixture
def victim_world(world, family_account):
    from tests.conftest import give_consent

    consent = give_consent(world.family, world.partner_org, ["identity"], world.alice)
    world.consent_to_partner = lambda: consent
    return world


@pytest.mark.parametrize("name,params", PORTAL_ID_PATTERNS, ids=[n for n, _ in PORTAL_ID_PATTERNS])
def test_another_family_gets_nothing_on_every_portal_identifier_url(
        victim_world, other_family_client, name, params):
    url = reverse(name, kwargs={p: KWARGS[p](victim_world) for p in params})
    family_page = getattr(resolve(url).func, "family_portal", False)
    # Family pages: 404. The worker's side of the portal: 403, like every worker page to a
    # user without a worker profile (nothing of the family is in the answer either way).
    expected = 404 if family_page else 403
    assert other_family_client.get(url).status_code in (expected, 405), url
    assert other_family_client.post(url, {}).status_code in (expected, 405), url
    # Nothing was changed on the way.
    consent = victim_world.consent_to_partner()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
