"""The prints a worker hands over speak the family's language (docs/i18n.md).

`?taal=` picks the language; without it the family's own (its portal account, else the home
languages of the dossier), else the worker's. The print keeps its access check and its read
event; the worker's own pages stay in the worker's language.
"""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation

from brug.core.i18n import FAMILY_FACING_SOURCES
from brug.core.models import AuditEvent
from brug.portal.models import FamilyAccount
from brug.trajectories import services as trajectory_services
from tests.conftest import login
from tests.trajectories.factories import trajectory_world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()

# Per print: its URL name and a text of it that the Arabic catalogue translates.
PRINTS = {
    "consent:family-view": "ما يحفظه Brug عنكم",        # Wat Brug over jullie bijhoudt
    "trajectories:plan-family": "خطتنا",                 # Ons plan
    "trajectories:conference-parents": "محضر الاجتماع",  # Verslag van het overleg
    "rights:schema": "حقوقكم",                           # Jullie rechten
}
DUTCH = {
    "consent:family-view": "Wat Brug over jullie bijhoudt",
    "trajectories:plan-family": "Ons plan",
    "trajectories:conference-parents": "Verslag van het overleg",
    "rights:schema": "Jullie rechten",
}


@pytest.fixture
def urls(world):
    t = trajectory_world(world)
    trajectory_services.conference_record(
        actor=world.alice, conference=t.conference, held_on=TODAY,
        attendees=[world.alice, world.bob], parents_present=True, minutes="Verslag.")
    family = world.family.pk
    return {
        "consent:family-view": reverse("consent:family-view", args=[family]),
        "trajectories:plan-family": reverse("trajectories:plan-family",
                                            args=[family, t.trajectory.pk]),
        "trajectories:conference-parents": reverse(
            "trajectories:conference-parents", args=[family, t.trajectory.pk, t.conference.pk]),
        "rights:schema": reverse("rights:schema", args=[family]),
    }


def _html_tag(body: str) -> str:
    return re.search(r"<html[^>]*>", body).group(0)


@pytest.mark.parametrize("name", PRINTS)
def test_a_print_in_arabic_is_right_to_left_and_arabic(world, urls, as_alice, name):
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = as_alice.get(urls[name], {"taal": "ar"})
    assert response.status_code == 200
    body = response.content.decode()
    assert _html_tag(body) == '<html lang="ar" dir="rtl">'
    assert PRINTS[name] in body and DUTCH[name] not in body
    assert response.headers["Content-Language"] == "ar"
    # The worker's bar stays in the worker's language, and offers every family language.
    assert 'lang="nl" dir="ltr"' in body and "Taal van deze afdruk" in body
    assert '<option value="ar" lang="ar" selected>العربية</option>' in body
    # The read event is still written, for this family.
    events = AuditEvent.objects.filter(pk__gt=before, family_id=world.family.pk)
    assert events.filter(action="view").exists()


@pytest.mark.parametrize("name", PRINTS)
@pytest.mark.parametrize("asked", ["xx", "ar-EG", "../nl", ""])
def test_an_unknown_language_falls_back_to_the_workers(world, urls, as_alice, name, asked):
    response = as_alice.get(urls[name], {"taal": asked})
    assert response.status_code == 200
    body = response.content.decode()
    assert _html_tag(body) == '<html lang="nl" dir="ltr">'
    assert DUTCH[name] in body


@pytest.mark.parametrize("name", PRINTS)
def test_access_denied_stays_denied_in_any_language(world, urls, name):
    olga = login(world.olga)
    response = olga.get(urls[name], {"taal": "ar"})
    assert response.status_code == 404
    assert PRINTS[name] not in response.content.decode()


def test_the_print_defaults_to_the_familys_home_language(world, urls, as_alice):
    world.family.home_languages = "Arabisch, Nederlands"
    world.family.save(update_fields=["home_languages"])
    body = as_alice.get(urls["trajectories:plan-family"]).content.decode()
    assert _html_tag(body) == '<html lang="ar" dir="rtl">'
    # The worker may still choose another.
    body = as_alice.get(urls["trajectories:plan-family"], {"taal": "nl"}).content.decode()
    assert _html_tag(body) == '<html lang="nl" dir="ltr">'


def test_the_portal_account_language_comes_before_the_home_language(world, urls, as_alice):
    from django.contrib.auth import get_user_model

    world.family.home_languages = "Arabisch"
    world.family.save(update_fields=["home_languages"])
    user = get_user_model().objects.create_user(username="mira-portal")
    FamilyAccount.objects.create(user=user, family=world.family, member=world.parent,
                                 language="tr", status="active", created_by=world.alice)
    body = as_alice.get(urls["rights:schema"]).content.decode()
    assert _html_tag(body) == '<html lang="tr" dir="ltr">'


def test_without_a_known_family_language_the_print_speaks_the_workers(world, urls, as_alice):
    as_alice.cookies["django_language"] = "fr"
    body = as_alice.get(urls["consent:family-view"]).content.decode()
    assert _html_tag(body) == '<html lang="fr" dir="ltr">'


def test_the_workers_pages_stay_in_the_workers_language_after_a_print(world, urls, as_alice):
    as_alice.get(urls["trajectories:plan-family"], {"taal": "ar"})
    assert translation.get_language() == "nl"
    page = as_alice.get(reverse("families:detail", args=[world.family.pk]))
    assert _html_tag(page.content.decode()).startswith('<html lang="nl"')


def test_lists_in_arabic_use_the_arabic_comma(world, urls, as_alice):
    body = as_alice.get(urls["trajectories:conference-parents"], {"taal": "ar"}).content.decode()
    assert "Alice Aerts (OCMW)</bdi>، <bdi>Bob Bakkali (OCMW)" in body
    body = as_alice.get(urls["trajectories:conference-parents"], {"taal": "nl"}).content.decode()
    assert "Alice Aerts (OCMW)</bdi>, <bdi>Bob Bakkali (OCMW)" in body


def test_the_joined_filter_escapes_and_follows_the_language():
    template = Template("{{ things|joined }}|{% list_separator %}")
    context = Context({"things": ["a<b", "c"]})
    with translation.override("ar"):
        assert template.render(context) == "a&lt;b، c|، "
    with translation.override("fr"):
        assert template.render(context) == "a&lt;b, c|, "


def _included(name: str) -> set[str]:
    source = get_template(name).template.source
    found = set()
    for inc in re.findall(r'{%\s*include\s+"([^"]+)"', source):
        found |= {inc} | _included(inc)
    return found


@pytest.mark.parametrize("template", ["consent/family_view.html",
                                      "trajectories/plan_family.html",
                                      "trajectories/conference_parents.html",
                                      "rights/schema.html"])
def test_every_template_of_a_print_is_family_facing(template):
    """What a print shows in a family-only language must be in FAMILY_FACING_SOURCES (the
    catalogues translate only those texts into it); the worker's bar is the one exception."""
    for name in {template} | _included(template):
        if name == "_print_language.html":
            continue
        path = f"brug/templates/{name}"
        assert any(path.startswith(source) for source in FAMILY_FACING_SOURCES), path
