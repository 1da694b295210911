"""A supporter on a home visit works on a phone (issue 14, "Phone layout").

The pages of a visit, the forms filled in on the sofa included (a contact, an appointment, a
referral, the rights questions), and the coordinator's and the volunteer's main pages fit a
360 px screen (and the coordinator's tables a 640 px one, a phone held sideways): the
document is no wider than the viewport, and every choice of a form (a label
around a checkbox or a radio button) is a 44 px tap target.

The context is not a "mobile" one on purpose: Chromium's mobile emulation widens the layout
viewport to the content, so `innerWidth` would grow with the very overflow this test looks for.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brug.core.categories import SHAREABLE_CATEGORIES
from brug.signals.models import Meeting
from brug.volunteers import services as volunteer_services
from brug.volunteers.models import VolunteerProfile, VolunteerRequest
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, give_consent
from tests.network_world import make_service

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740

MEASURE = """() => {
  const shown = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
  const choices = [];
  for (const input of document.querySelectorAll(
      "main label > input[type=checkbox], main label > input[type=radio]")) {
    const label = input.parentElement;
    if (shown(label) && label.getBoundingClientRect().height < 44) {
      choices.push(`${input.name}: ${label.textContent.trim().slice(0, 30)} `
                   + `h=${label.getBoundingClientRect().height}`);
    }
  }
  return {width: document.documentElement.scrollWidth, viewport: window.innerWidth,
          choices: choices.slice(0, 5)};
}"""


def _problems(page, url):
    response = page.goto(url)
    assert response.ok, f"{url}: {response.status}"
    page.wait_for_load_state("networkidle")  # the header's counters arrive after the page
    m = page.evaluate(MEASURE)
    problems = []
    if m["width"] > m["viewport"]:
        problems.append(f"{m['width']} px wide on a {m['viewport']} px screen")
    if m["choices"]:
        problems.append(f"choices under 44 px: {m['choices']}")
    return [f"{url}: {p}" for p in problems]


def _walk(browser, live_server, username, paths, tabs_of=None, language=None, width=WIDTH):
    context = browser.new_context(viewport={"width": width, "height": HEIGHT}, has_touch=True,
                                  device_scale_factor=2, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, live_server, username, PASSWORD)
        if language:  # the footer's language choice, as a worker makes it
            page.select_option(".foot .language select", language)
            page.click(".foot .language button")
            page.wait_for_load_state()
        urls = [live_server.url + p for p in paths]
        if tabs_of is not None:
            page.goto(live_server.url + tabs_of)
            urls += page.eval_on_selector_all("nav.tabs a", "as => as.map(a => a.href)")
        return [p for url in urls for p in _problems(page, url)]
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_the_pages_of_a_home_visit_fit_a_360_px_phone(world, live_server, browser):
    w = world
    give_consent(w.family, w.partner_org, list(SHAREABLE_CATEGORIES), w.alice)
    # A service's name is its page's heading: one long Dutch word is wider than a phone.
    service = make_service(w.network, org=w.partner_org, name="Opvoedingsondersteuning aan huis")
    # The signal bundle's filter lists the meetings by their (long) title.
    Meeting.objects.create(network=w.network, held_on=timezone.localdate() + timedelta(days=7),
                           title="Netwerkoverleg Huis van het Kind", created_by=w.cora)
    VolunteerProfile.objects.create(worker=w.vera, languages="Nederlands, Arabisch",
                                    availability=",wed_pm,", skills=",paperwork,")
    request = volunteer_services.request_create(
        actor=w.alice, family=w.family,
        request=VolunteerRequest(help_kinds=",paperwork,", languages="Arabisch",
                                 times=",wed_pm,", description="Brieven lezen"))
    match = volunteer_services.match_create(
        actor=w.alice, request=request, volunteer=w.vera, coordinator=w.alice,
        categories=["identity", "plan"], consent_given_by=w.parent)
    family = w.family.pk
    dossier = reverse("families:detail", args=[family])

    problems = _walk(browser, live_server, "alice", [
        reverse("today:home"),
        reverse("families:list"),
        reverse("families:list") + "?q=Test",
        reverse("trajectories:contact-add", args=[family]),
        reverse("appointments:plan", args=[family]),
        reverse("trajectories:agenda"),
        reverse("rights:tab", args=[family]),
        reverse("rights:schema", args=[family]),
        reverse("referrals:create", args=[family, service.pk]),
        reverse("directory:search") + "?q=opvoeding",
        reverse("directory:service", args=[service.pk]),
        reverse("notifications:list"),
    ], tabs_of=dossier)
    # French labels are longer ("accompagnateur :" above a score of the fundamental rights).
    problems += _walk(browser, live_server, "alice", [
        reverse("screening:assessment-create", args=[family]),
        reverse("trajectories:contact-add", args=[family]),
        reverse("appointments:plan", args=[family]),
        reverse("referrals:create", args=[family, service.pk]),
    ], language="fr")
    problems += _walk(browser, live_server, "cora", [
        reverse("trajectories:caseload"),
        reverse("signals:bundle"),
        reverse("activities:reach"),
        reverse("rights:screen"),
        reverse("schools:import"),
    ])
    # A phone held sideways (640 px): too wide for the tables' card layout, so they scroll.
    problems += _walk(browser, live_server, "cora", [
        reverse("trajectories:caseload"),
        reverse("today:team"),
        reverse("rights:catalogue"),
        reverse("network:workers"),
    ], width=640)
    problems += _walk(browser, live_server, "vera", [
        reverse("volunteers:mine"),
        reverse("volunteers:match", args=[family, match.pk]),
    ])
    assert not problems, "\n".join(problems)
