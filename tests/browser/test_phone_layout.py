"""Every worker page fits a 360 px phone (issue 14, "Phone layout").

One browser, one context per role: each role walks its main pages (and every tab of a dossier
it may open) and each page must be no wider than the screen, keep the header and the dossier's
tabs within a quarter of the first screen, and offer tap targets of at least 24 × 24 px
(44 px high for the primary buttons and the menu).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from brug.core.categories import SHAREABLE_CATEGORIES
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, give_consent

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740

# What a page measures of itself: its width, the header and tab bar, and the tap targets that
# are too small. Links inside running text are exempt (WCAG 2.5.8 "inline"); the targets that
# count are the header's, the buttons, the actions and the links that stand on their own.
MEASURE = """() => {
  const box = (el) => el ? el.getBoundingClientRect() : null;
  const visible = (el) => { const r = box(el); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden"; };
  const name = (el) => (el.outerHTML || "").slice(0, 120);
  const small = [], lowPrimary = [];
  const targets = document.querySelectorAll(
    "header.top a, header.top button, header.top summary, .tabs a, main button, main .button, "
    + "main .actions a, main summary");
  for (const el of targets) {
    if (!visible(el)) continue;
    const r = box(el);
    if (r.width < 24 || r.height < 24) small.push(name(el) + ` ${r.width}x${r.height}`);
  }
  for (const el of document.querySelectorAll("main button.primary, main .button.primary, "
      + "header.top summary, header.top nav a, .tabs a")) {
    if (visible(el) && box(el).height < 44) lowPrimary.push(name(el) + ` h=${box(el).height}`);
  }
  const tabs = document.querySelector("nav.tabs");
  return {
    width: document.documentElement.scrollWidth,
    chrome: box(document.querySelector("header.top")).height + (tabs ? box(tabs).height : 0),
    small, lowPrimary,
  };
}"""


def _dossier_pages(page, url):
    page.goto(url)
    return [url] + [
        href for href in page.eval_on_selector_all("nav.tabs a", "as => as.map(a => a.href)")
        if href != url
    ]


def _check(page, url):
    response = page.goto(url)
    assert response.ok, f"{url}: {response.status}"
    m = page.evaluate(MEASURE)
    problems = []
    if m["width"] > WIDTH:
        problems.append(f"{m['width']} px wide")
    if m["chrome"] > HEIGHT / 4:
        problems.append(f"header and tabs {m['chrome']} px high")
    if m["small"]:
        problems.append(f"targets under 24 px: {m['small']}")
    if m["lowPrimary"]:
        problems.append(f"primary targets under 44 px: {m['lowPrimary']}")
    return [f"{url}: {p}" for p in problems]


def _walk(browser, live_server, username, paths, dossier=None):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, live_server, username, PASSWORD)
        urls = [live_server.url + p for p in paths]
        if dossier is not None:
            urls += _dossier_pages(page, live_server.url + dossier)
        problems = [p for url in urls for p in _check(page, url)]
        # The menu opens on a phone without JavaScript-driven layout and its links are 44 px.
        page.goto(live_server.url + "/")
        page.click("header.top summary")
        assert page.is_visible("header.top nav >> text=Sociale kaart")
        heights = page.eval_on_selector_all(
            "header.top nav a, header.top nav button",
            "els => els.map(e => e.getBoundingClientRect().height)")
        assert heights and min(heights) >= 44
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    finally:
        context.close()
    return problems


COMMON = ["today:home", "families:list", "trajectories:agenda", "appointments:mine",
          "directory:search", "referrals:inbox", "notifications:list"]


@pytest.mark.django_db(transaction=True)
def test_every_main_page_of_each_role_fits_a_360_px_phone(world, live_server, browser):
    give_consent(world.family, world.partner_org, list(SHAREABLE_CATEGORIES), world.alice)
    dossier = reverse("families:detail", args=[world.family.pk])
    roles = {
        "alice": ([reverse(n) for n in COMMON], dossier),
        "charlie": ([reverse(n) for n in COMMON], dossier),
        "cora": ([reverse(n) for n in [
            "today:home", "families:list", "directory:search", "referrals:inbox",
            "referrals:overdue", "signals:bundle", "signals:suggestions", "signals:meetings",
            "network:organisations", "network:workers", "network:log", "rights:catalogue",
            "rights:screen",
            "trajectories:caseload", "trajectories:programmes", "volunteers:overview",
            "walkin:hours", "activities:list", "childcare:desk", "childcare:providers",
            "activities:reach",
        ]] + [reverse("activities:reach") + "?per=activity"], None),
        "vera": ([reverse(n) for n in ["today:home", "volunteers:mine", "directory:search"]],
                 None),
    }
    problems = []
    for username, (paths, dossier_url) in roles.items():
        problems += _walk(browser, live_server, username, paths, dossier_url)
    assert not problems, "\n".join(problems)
