"""Every page that shows a family's data records the read in the audit trail.

The family-scoped pages are enumerated from the URL configuration (every pattern with an
identifier of a family's object), so a new page is covered without anyone remembering. Each
is opened by the family's contact person; a page that answers is a page that showed the
family, and must have appended a VIEW event for that family. Edit forms count: they show the
data they are about to change.
"""

from __future__ import annotations

import pytest
from django.urls import get_resolver, resolve, reverse

from brug.core.models import AuditAction, AuditEvent
from tests.conftest import give_consent, login
from tests.test_url_access import _PARAM, ID_PATTERNS
from tests.url_kwargs import KWARGS

# Identifiers of objects that belong to one family (see tests/url_kwargs.py).
FAMILY_KWARGS = {"family_id", "member_id", "mandate_id", "consent_id", "trajectory_id",
                 "goal_id", "review_id", "conference_id", "assessment_id", "referral_id",
                 "barrier_id", "right_id", "volunteer_request_id", "match_id",
                 "volunteer_visit_id", "need_id", "session_id", "attendance_id",
                 "registration_id", "appointment_id", "childcare_request_id",
                 "offer_id", "concern_id", "pregnancy_id", "handover_id", "document_id"}
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
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if getattr(resolve(url).func, "family_portal", False):
        # The family's own portal: the family itself reads.
        response = _family_client(w).get(url)
    else:
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


def _family_client(w):
    from tests.portal.conftest import client_for, make_account

    if getattr(w, "_portal_account", None) is None:
        w._portal_account = make_account(w.family, w.parent, w.alice, username="mira-audit")
    return client_for(w._portal_account)


def _portal_patterns(patterns, prefix=""):
    for p in patterns:
        if hasattr(p, "url_patterns"):
            yield from _portal_patterns(p.url_patterns, prefix + str(p.pattern))
        elif p.name and getattr(p.callback, "family_portal", False):
            yield f"portal:{p.name}", prefix + str(p.pattern)


# The portal's pages without an identifier (those with one are FAMILY_PAGES above).
PORTAL_PAGES = sorted((name, pattern) for name, pattern in
                      _portal_patterns(get_resolver("brug.portal.urls").url_patterns)
                      if not _PARAM.search(pattern))


def test_there_are_portal_pages_to_check():
    assert len(PORTAL_PAGES) >= 8


@pytest.mark.parametrize("name,pattern", PORTAL_PAGES, ids=[n for n, _ in PORTAL_PAGES])
def test_every_portal_page_records_the_familys_own_read(world, name, pattern):
    """The family reading its own dossier in the portal leaves a trace too (its log lists it
    under "Jullie zelf"); a page that answers 200 showed family data."""
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = _family_client(world).get(reverse(name))
    if response.status_code in (302, 405):
        pytest.skip(f"GET {name} shows no page ({response.status_code})")
    assert response.status_code == 200, name
    assert AuditEvent.objects.filter(id__gt=before, family_id=world.family.pk,
                                     actor_id=world._portal_account.user_id).exists(), (
        f"GET {name} showed the family its dossier without recording the read")


def test_the_sociale_kaart_opened_for_a_family_records_a_read(world):
    """Not family-scoped by its URL: the family comes as `?gezin=`, and its name is shown."""
    client = login(world.alice)
    client.get(f"/sociale-kaart/?gezin={world.family.pk}")
    assert AuditEvent.objects.filter(family_id=world.family.pk, action=AuditAction.VIEW).exists()
