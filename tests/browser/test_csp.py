"""Under the Content-Security-Policy the pages still work in a browser, and nothing they do
is refused: htmx adds a member row, the search list refreshes, the print button prints."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
window.print = () => { window.__printed = true; };
"""


def test_the_pages_work_under_the_policy_without_violations(world, live_server, phone):
    phone.add_init_script(_WATCH)
    log_in(phone, live_server, "alice", PASSWORD)
    phone.goto(f"{live_server.url}/gezinnen/nieuw/")
    rows = phone.locator(".member-row")
    before = rows.count()
    phone.get_by_role("button", name="Nog een gezinslid").click()
    expect(rows).to_have_count(before + 1)  # Playwright's waits need no eval in the page
    assert phone.input_value("#id_m-TOTAL_FORMS") == str(before + 1)
    assert phone.evaluate("window.__violations") == []

    phone.goto(f"{live_server.url}/gezinnen/")
    assert "Gezin Test" in phone.inner_text("#family-rows")
    phone.fill("input[name=q]", "Onbestaande naam")
    expect(phone.locator("#family-rows")).not_to_contain_text("Gezin Test")
    assert phone.evaluate("window.__violations") == []

    phone.goto(f"{live_server.url}/gezinnen/{world.family.pk}/rechten/schema/")
    phone.click("button[data-print]")
    assert phone.evaluate("window.__printed") is True
    assert phone.evaluate("window.__violations") == []
