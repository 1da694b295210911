"""Bad input on every page and form: a clear Dutch answer, never a 500.

The pages are enumerated from the URL configuration (identifiers from tests/url_kwargs.py),
opened by the first of a supporter, the coordinator and the administrator who may see them,
and every form on them is posted back with a NUL character and with numbers that are not
numbers (NaN, Infinity, 1e999). The test client raises any exception a view lets through,
so a 500 fails the test with its traceback.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.core.pages import PAGES, PageOpener

NUL_MESSAGE = "ongeldig teken"
NOT_NUMBERS = ("NaN", "Infinity", "-inf", "1e999")


class _Forms(HTMLParser):
    """The forms of a page: action, method and their fields with the values they carry."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get")
                          .lower(), "fields": []}
            self.forms.append(self._form)
        elif tag == "option" and self._select is not None:
            if not self._select["value"] or "selected" in a:  # the first, or the selected
                self._select["value"] = a.get("value", "")
            self._select.setdefault("options", []).append(a.get("value", ""))
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].append({"name": a["name"], "value": a.get("value") or "",
                                         "kind": a.get("type") or "text",
                                         "multiple": False})
        elif tag in ("select", "textarea"):
            field = {"name": a["name"], "value": "", "kind": tag, "multiple": "multiple" in a}
            self._form["fields"].append(field)
            if tag == "select":
                self._select = field
            else:
                self._textarea = field

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def _forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return [f for f in parser.forms if f["method"] == "post"
            and f["action"] != reverse("logout")  # nothing typed there; it ends the test
            and any(field["kind"] not in ("hidden", "select", "checkbox", "radio")
                    for field in f["fields"])]


def _data(form, change) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for field in form["fields"]:
        value = field["value"]
        if field["kind"] not in ("hidden", "select", "checkbox", "radio"):
            value = change(value)
        data.setdefault(field["name"], []).append(value)
    return data


@pytest.fixture
def opened(world):
    # Income in a band: the rights tab then asks numbers (rent, years on the waiting list),
    # where NaN and Infinity must get a Dutch message (it asks the band, a choice, first).
    from brug.rights import services as rights_services

    rights_services.fact_record(actor=world.alice, family=world.family, key="income_band",
                                value="b25k_35k")
    return PageOpener(world)


@pytest.mark.parametrize("name,params", PAGES, ids=[n for n, _ in PAGES])
def test_no_page_or_form_answers_bad_input_with_a_500(opened, name, params):
    client, url, page = opened(name, params)
    if client is None:
        # A POST-only view (its forms sit on the pages that link to it, posted from there)
        # or a file: a NUL character still never reaches it.
        response = login(opened.world.alice).post(url, {"q": "\x00"})
        assert response.status_code == 400 and NUL_MESSAGE in response.content.decode(), url
        return
    nul = client.get(url, {"q": "zoek\x00", "page": "1"})
    assert nul.status_code == 400 and NUL_MESSAGE in nul.content.decode(), url
    for form in _forms(page.content.decode()):
        action = urljoin(url, form["action"]) if form["action"] else url
        response = client.post(action, _data(form, lambda v: v + "\x00"))
        assert response.status_code == 400 and NUL_MESSAGE in response.content.decode(), \
            action
        for not_a_number in NOT_NUMBERS:
            response = client.post(action, _data(form, lambda v, n=not_a_number: n))
            assert response.status_code < 500, (action, not_a_number)


@pytest.mark.parametrize("name", ["login", "families:create", "consent:mandate-create",
                                  "rights:tab", "trajectories:contact-add"])
def test_the_forms_of_a_page_are_found(opened, name):
    params = next(p for n, p in PAGES if n == name)
    _, url, page = opened(name, params)
    assert _forms(page.content.decode()), url


def test_a_number_that_is_not_a_number_gets_a_dutch_form_error(world):
    from brug.rights.forms import AnswerForm

    for text in NOT_NUMBERS:
        form = AnswerForm({"key": "yearly_income", "value": text}, key="yearly_income")
        assert not form.is_valid()
        assert "Geef een getal" in str(form.errors["value"])


# -- Extreme values, one field at a time (issues 13-17's pages) ------------------------------

# The apps of issues 13-17 (and the family portal): every form on their pages gets, in one
# field at a time while the others hold plausible values (so the form is otherwise valid and
# the value reaches the service), a number too big for any column or float, a date at the end
# of the calendar, one at its start and a 10 000-character text.
EXTREME = ("1e309", "99999999999999999999", "9999-12-31", "0001-01-01", "x" * 10_000)
NEW_APPS = ("rights", "activities", "walkin", "volunteers", "aid", "childcare", "schools",
            "concerns", "perinatal", "portal", "notifications", "appointments", "today")
NEW_PAGES = [(n, p) for n, p in PAGES if n.split(":")[0] in NEW_APPS]


def _plausible(field) -> list[str]:
    """A value the field would accept from a person filling it in."""
    from django.utils import timezone

    kind, value = field["kind"], field["value"]
    if kind == "select":
        if field["multiple"]:
            return [v for v in field.get("options", []) if v][:1] or [""]
        return [value or next((v for v in field.get("options", []) if v), "")]
    if kind in ("hidden", "checkbox", "radio") or value:
        return [value]
    return [{"date": timezone.localdate().isoformat(), "time": "10:00",
             "datetime-local": timezone.localdate().isoformat() + "T10:00", "number": "1",
             "email": "a@example.org", "tel": "0470000000"}.get(kind, "Test")]


def _extreme_posts(form):
    base = {}
    for field in form["fields"]:
        base.setdefault(field["name"], []).extend(_plausible(field))
    typed = {f["name"] for f in form["fields"]
             if f["kind"] not in ("hidden", "select", "checkbox", "radio")}
    for name in sorted(typed):
        for value in EXTREME:
            yield name, value, {**base, name: [value]}


@pytest.mark.parametrize("name,params", NEW_PAGES, ids=[n for n, _ in NEW_PAGES])
def test_no_form_of_the_new_pages_answers_extreme_values_with_a_500(opened, name, params):
    from tests.portal.conftest import client_for, make_account

    world = opened.world
    from brug.families.models import Member

    second = Member.objects.create(family=world.family, role="parent", first_name="Fuzz")
    account = make_account(world.family, second, world.alice, username="mira-fuzz")
    opened.clients.insert(3, client_for(account))  # the family's own portal pages
    client, url, page = opened(name, params)
    if client is None:
        return
    for form in _forms(page.content.decode()):
        action = urljoin(url, form["action"]) if form["action"] else url
        for field, value, data in _extreme_posts(form):
            response = client.post(action, data)
            assert response.status_code < 500, (action, field, value[:20])
