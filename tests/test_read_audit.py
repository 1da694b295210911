"""Every page that shows a family's data records the read in the audit trail.

The family-scoped pages are enumerated from the URL configuration (every pattern with an
identifier of a family's object), so a new page is covered without anyone remembering. Each
is opened by the family's contact person; a page that answers is a page that showed the
family, and must have appended a VIEW event for that family. Edit forms count: they show the
data they are about to change.
"""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from brug.core.models import AuditAction, AuditEvent
from tests.conftest import give_consent, login
from tests.test_url_access import ID_PATTERNS
from tests.url_kwargs import KWARGS

# Identifiers of objects that belong to one family (see tests/url_kwargs.py).
FAMILY_KWARGS = {"family_id", "member_id", "mandate_id", "consent_id", "trajectory_id",
                 "goal_id", "review_id", "conference_id", "assessment_id", "referral_id",
                 "barrier_id", "right_id"}
FAMILY_PAGES = [(name, params) for name, params in ID_PATTERNS
                if FAMILY_KWARGS.intersection(params)]


def test_there_are_family_pages_to_check():
    assert len(FAMILY_PAGES) >= 30


@pytest.fixture
def family_world(world):
    consent = give_consent(world.family, world.partner_org, ["identity"], world.alice)
    world.consent_to_partner = lambda: consent
    return world


@pytest.mark.parametrize("name,params", FAMILY_PAGES, ids=[n for n, _ in FAMILY_PAGES])
def test_every_family_page_records_a_read(family_world, name, params):
    w = family_world
    url = reverse(name, kwargs={p: KWARGS[p](w) for p in params})
    if getattr(resolve(url).func, "family_portal", False):
        pytest.skip("a family-portal page: the family reads its own data; its sign-ins are "
                    "audited (docs/portal.md)")
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    # The family's contact person; pages for the network's coordinator (releasing a
    # barrier's text) are opened by the coordinator.
    response = login(w.alice).get(url)
    if response.status_code == 404:
        response = login(w.cora).get(url)
    if response.status_code in (302, 405):
        pytest.skip(f"GET {url} shows no page ({response.status_code})")
    assert response.status_code == 200, url
    assert AuditEvent.objects.filter(
        id__gt=before, family_id=w.family.pk, action=AuditAction.VIEW
    ).exists(), f"GET {url} showed the family without recording a read"


def test_the_sociale_kaart_opened_for_a_family_records_a_read(world):
    """Not family-scoped by its URL: the family comes as `?gezin=`, and its name is shown."""
    client = login(world.alice)
    client.get(f"/sociale-kaart/?gezin={world.family.pk}")
    assert AuditEvent.objects.filter(family_id=world.family.pk, action=AuditAction.VIEW).exists()
