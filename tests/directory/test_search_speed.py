"""The sociale-kaart search at size: the same results from the narrow page read, the count
only when needed, the cached neighbourhood choices, the indexes behind the life-domain
filter."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.forms import BoundField
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brug.core.forms import DateInput, QuickSelect, QuickTextInput
from brug.directory import selectors
from brug.directory import services as directory_services
from brug.directory.cards import card_lines
from brug.directory.forms import SearchForm
from brug.directory.models import (
    Language,
    LifeDomain,
    Location,
    Provider,
    Service,
    ServiceAtLocation,
)
from brug.network.models import Network
from tests.conftest import login
from tests.network_world import make_service

pytestmark = pytest.mark.django_db


def _counts(ctx) -> int:
    """How many times the services were counted."""
    return sum(1 for q in ctx.captured_queries if 'AS "__count"' in q["sql"])


# ---------------------------------------------------------------- life-domain filter

def test_search_by_life_domain_finds_exactly_the_active_services_of_the_network(world):
    every_domain = ",".join(LifeDomain.values)
    make_service(world.network, name="Alles", domains=f",{every_domain},")
    make_service(world.network, name="Werk", domains=",werk,")
    make_service(world.network, name="Werk en inkomen", domains=",werk,inkomen,")
    make_service(world.network, name="Geen domein", domains="")
    # A word in the description is not a life domain.
    make_service(world.network, name="Tekst huisvesting", domains=",inkomen,")
    stopped = make_service(world.network, name="Gestopt", domains=",werk,")
    Service.objects.filter(pk=stopped.pk).update(status="defunct")
    make_service(Network.objects.create(name="Ander"), name="Elders", domains=",werk,")

    def names(domain):
        return [s.name for s in selectors.services_search(
            world.alice, selectors.DirectoryQuery(life_domain=domain))]

    assert names("werk") == ["Alles", "Werk", "Werk en inkomen"]
    assert names("inkomen") == ["Alles", "Tekst huisvesting", "Werk en inkomen"]
    assert names("huisvesting") == ["Alles"]
    for code in LifeDomain.values:
        assert "Alles" in names(code)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize("code", LifeDomain.values)
def test_each_life_domain_count_can_read_its_partial_index(world, code):
    """The indexes' conditions are those the search filters on (else they serve nothing)."""
    make_service(world.network, name="Een", domains=f",{code},")
    qs = selectors.services_search(world.alice, selectors.DirectoryQuery(life_domain=code))
    sql, params = qs.values("pk").query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("set local enable_seqscan = off")
        cur.execute("set local enable_bitmapscan = off")
        cur.execute(f"explain select count(*) from ({sql}) t", params)
        plan = "\n".join(row[0] for row in cur.fetchall())
    assert f"service_domain_{code}" in plan


# ---------------------------------------------------------------- the page and its count

@pytest.fixture
def thirty(world):
    for i in range(30):
        make_service(world.network, org=world.partner_org, name=f"Dienst {i:02}",
                     domains=",werk," if i % 3 == 0 else ",inkomen,")
    return world


@pytest.mark.parametrize("raw", [None, "", "1", "2", "3", "99", "0", "-1", "abc", "2.0"])
@pytest.mark.parametrize("domain", ["", "werk", "voeding"])
def test_search_page_numbers_and_rows_are_those_of_get_page(thirty, raw, domain):
    query = selectors.DirectoryQuery(life_domain=domain)
    expected = Paginator(selectors.services_search(thirty.alice, query), 20).get_page(raw)
    page = selectors.search_page(thirty.alice, query, raw, 20)
    assert page.number == expected.number
    assert page.paginator.count == expected.paginator.count
    assert [c["pk"] for c in page.object_list] == [s.pk for s in expected.object_list]


def test_a_page_that_is_not_full_tells_the_count_itself(thirty):
    query = selectors.DirectoryQuery(life_domain="werk")  # 10 services
    with CaptureQueriesContext(connection) as ctx:
        page = selectors.search_page(thirty.alice, query, "1", 20)
    assert page.paginator.count == 10 and _counts(ctx) == 0
    with CaptureQueriesContext(connection) as ctx:
        page = selectors.search_page(thirty.alice, selectors.DirectoryQuery(), "1", 20)
    assert page.paginator.count == 30 and _counts(ctx) == 1
    with CaptureQueriesContext(connection) as ctx:
        page = selectors.search_page(thirty.alice, selectors.DirectoryQuery(), "2", 20)
    assert page.paginator.count == 30 and _counts(ctx) == 0


def test_a_card_shows_what_the_service_page_links_and_lists(world):
    s = make_service(world.network, org=world.partner_org, name="Woonloket",
                     domains=",huisvesting,inkomen,")
    Language.objects.create(service=s, name="Arabisch <b>", code="ar")
    for k in range(3):
        loc = Location.objects.create(network=world.network, name=f"Loket {k}",
                                      address_1=f"Straat {k}", postal_code="", city="Gent",
                                      neighbourhood="")
        ServiceAtLocation.objects.create(service=s, location=loc)
    body = login(world.alice).get(reverse("directory:search")).content.decode()
    card = body[body.index('<a class="card-link"'):body.index("</a></li>")]
    assert f'href="{reverse("directory:service", args=[s.pk])}"' in card
    assert "huisvesting, inkomen" in card
    assert "Kerkstraat 2, 9000 Demostad (Centrum)" in card
    assert "Straat 0 Gent" in card and "Straat 1" not in card  # the first two places
    assert "Talen: Nederlands, Arabisch &lt;b&gt;" in card
    assert "Kostprijs: gratis" in card


# ---------------------------------------------------------------- neighbourhood choices

def _wijk_choices(client) -> list[str]:
    body = client.get(reverse("directory:search")).content.decode()
    select = body[body.index('<select name="wijk"'):]
    select = select[:select.index("</select>")]
    return re.findall(r'<option value="([^"]*)"', select)[1:]


def test_neighbourhood_choices_are_cached_and_refreshed_when_a_location_is_saved(world):
    make_service(world.network, neighbourhood="Centrum")
    client = login(world.alice)
    assert _wijk_choices(client) == ["Centrum"]
    with CaptureQueriesContext(connection) as ctx:
        _wijk_choices(client)
    assert not [q for q in ctx.captured_queries if "DISTINCT" in q["sql"]]
    make_service(world.network, neighbourhood="Molenhoek")
    assert _wijk_choices(client) == ["Centrum", "Molenhoek"]
    # A location changed on its own counts too.
    loc = Location.objects.get(neighbourhood="Centrum")
    loc.neighbourhood = "Brugse Poort"
    loc.save()
    assert _wijk_choices(client) == ["Brugse Poort", "Molenhoek"]


def test_neighbourhood_choices_expire_after_their_minute(world, monkeypatch):
    make_service(world.network, neighbourhood="Centrum")
    client = login(world.alice)
    assert _wijk_choices(client) == ["Centrum"]
    # Written past the cache (as a bulk write or another process does).
    Location.objects.filter(neighbourhood="Centrum").update(neighbourhood="Oud Gent")
    assert _wijk_choices(client) == ["Centrum"]
    monkeypatch.setattr(selectors, "NEIGHBOURHOODS_TTL", 0.0)
    assert _wijk_choices(client) == ["Oud Gent"]


def test_neighbourhood_choices_are_per_network(world):
    make_service(world.network, neighbourhood="Centrum")
    other = Network.objects.create(name="Ander")
    make_service(other, neighbourhood="Elders")
    assert _wijk_choices(login(world.alice)) == ["Centrum"]


def test_an_hsds_import_refreshes_the_neighbourhood_choices(world):
    make_service(world.network, neighbourhood="Centrum")
    client = login(world.alice)
    assert _wijk_choices(client) == ["Centrum"]
    tables = directory_services.hsds_tables(world.network)
    for address in tables["addresses"]:
        address["region"] = "Sluizeken"
    assert directory_services.hsds_import(actor=world.cora, tables=tables).ok
    assert _wijk_choices(client) == ["Sluizeken"]


def test_a_new_neighbourhood_can_be_searched_at_once(world):
    make_service(world.network, name="Oud", neighbourhood="Centrum")
    client = login(world.alice)
    client.get(reverse("directory:search"))
    make_service(world.network, name="Nieuw", neighbourhood="Molenhoek")
    body = client.get(reverse("directory:search") + "?wijk=Molenhoek").content.decode()
    assert "1 dienst gevonden" in body and "Nieuw" in body


# ---------------------------------------------------------------- the select widget

@pytest.mark.parametrize("value", [None, "", "b", "x", ["b"], 3])
def test_quick_select_writes_what_the_template_select_writes(value):
    choices = [("", "alle <wijken>"), ("a", "A & co"), ("b", 'B "quoted"'), (3, "drie")]

    def html(widget):
        out = widget.render("wijk", value, attrs={"id": "id_wijk", "required": True,
                                                  "disabled": False})
        return re.sub(r"\s*\n\s*", "\n", str(out)).strip()

    assert html(QuickSelect(choices=choices)) == html(forms.Select(choices=choices))


@pytest.mark.parametrize("value", [None, "", "huur & waarborg", '"quoted"'])
def test_quick_text_input_writes_what_the_template_input_writes(value):
    attrs = {"type": "search", "placeholder": "bv. <x>", "maxlength": "200"}

    def html(widget):
        return str(widget.render("q", value, attrs={"id": "id_q", "required": True}))

    assert html(QuickTextInput(attrs=attrs)) == html(forms.TextInput(attrs=attrs))


@pytest.mark.parametrize("data", [None, {}, {"q": "woning", "domain": "werk", "wijk": "B"},
                                  {"postcode": "12", "domain": "bestaatniet"}])
def test_search_form_fields_read_as_django_draws_them(data):
    form = SearchForm(data, neighbourhoods=["A", "B & C"])
    form.is_valid() if data is not None else None
    for name in form.fields:
        quick = str(form[name].as_field_group())
        plain = str(BoundField(form, form.fields[name], name).as_field_group())
        assert re.sub(r"\s+", " ", quick).strip() == re.sub(r"\s+", " ", plain).strip(), name


# ---------------------------------------------------------------- counts kept per version

def _fresh_count(worker, query) -> int:
    return selectors.services_search(worker, query).count()


def _changes(world):
    """Every kind of write that moves a search's count, with the search it moves."""
    q = selectors.DirectoryQuery
    werk, word = q(life_domain="werk"), q(text="betaalbare")
    postcode, taal = q(postcode="9000"), q(language="nederlands")

    def service(**kw):
        return Service.objects.filter(network=world.network, status="active", **kw) \
            .order_by("id").first()

    def location():
        return Location.objects.filter(network=world.network, postal_code="9000") \
            .order_by("id").first()

    return [
        (werk, lambda: make_service(world.network, name="Nieuw", domains=",werk,")),
        (werk, lambda: Service.objects.filter(pk=service().pk).update(status="inactive")),
        (werk, lambda: Service.objects.filter(pk=service().pk).update(life_domains=",inkomen,")),
        (word, lambda: Service.objects.filter(pk=service().pk).update(search_text="iets")),
        (werk, lambda: Service.objects.filter(pk=service(life_domains=",werk,").pk).delete()),
        (postcode, lambda: Location.objects.filter(pk=location().pk).update(postal_code="9040")),
        (postcode, lambda: ServiceAtLocation.objects.filter(location=location()).delete()),
        (taal, lambda: Language.objects.filter(service=service()).delete()),
        (taal, lambda: Language.objects.create(service=service(), name="Nederlands")),
        (werk, lambda: connection.cursor().execute(
            "UPDATE directory_service SET life_domains = ',werk,' WHERE network_id = %s",
            [world.network.pk])),
    ]


def _many(world):
    for i in range(25):
        make_service(world.network, name=f"Dienst {i:02}", domains=",werk,")


def test_the_count_follows_every_kind_of_change_within_a_transaction(world):
    _many(world)
    for query, change in _changes(world):
        selectors.search_page(world.alice, query, "1", 20)  # counted (and kept, if at all)
        change()
        page = selectors.search_page(world.alice, query, "1", 20)
        assert page.paginator.count == _fresh_count(world.alice, query)


def _network_with_a_supporter():
    from brug.network.models import Organisation
    from tests.conftest import make_worker

    network = Network.objects.create(name="Kaart")
    worker = make_worker("wim", Organisation.objects.create(network=network, name="OCMW",
                                                            short_name="OCMW", kind="ocmw"),
                         "supporter")
    return network, worker


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_counts_are_kept_until_a_committed_change_and_then_counted_again():
    network, worker = _network_with_a_supporter()

    class World:
        pass

    world = World()
    world.network, world.alice = network, worker
    _many(world)
    for query, change in _changes(world):
        selectors.search_page(worker, query, "1", 20)
        with CaptureQueriesContext(connection) as ctx:
            again = selectors.search_page(worker, query, "1", 20)
        if again.paginator.count >= 20:  # a full page: the count came from the cache
            assert _counts(ctx) == 0
        change()  # autocommit: committed at once
        page = selectors.search_page(worker, query, "1", 20)
        assert page.paginator.count == _fresh_count(worker, query)


# The card as the template wrote it before `cards.card_lines` (whitespace aside).
OLD_CARD = Template(
    '{% load i18n %}{% for s in cards %}<li><a class="card-link" href="{{ s.url }}">'
    '<strong>{{ s.name }}</strong> <span class="meta">{{ s.provider }}</span> '
    '{% if s.labels %}<span class="meta">{{ s.labels }}</span>{% endif %} '
    '{% for line in s.places %}<span class="meta">{{ line }}</span>{% endfor %} '
    '{% if s.fees %}<span class="meta">{% translate "Kostprijs" %}: {{ s.fees }}</span>{% endif %} '
    '{% if s.languages %}<span class="meta">{% translate "Talen" %}: {{ s.languages }}'
    '</span>{% endif %} </a></li> {% endfor %}')


def test_cards_read_as_the_template_wrote_them_with_every_value_escaped():
    hostile = '<script>alert("x")</script> & \'quoted\''
    cards = [
        {"pk": 1, "name": hostile, "provider": hostile, "url": f"/s/1/?gezin=2&x={hostile}",
         "labels": hostile, "places": [hostile, "Kerkstraat 2, 9000 Gent"], "fees": hostile,
         "languages": hostile},
        {"pk": 2, "name": "Kaal", "provider": "Extern", "url": "/s/2/", "labels": "",
         "places": [], "fees": "", "languages": ""},
    ]

    def norm(html):  # whitespace between tags aside
        return re.sub(r">\s+<", "><", str(html)).strip()

    new = str(card_lines(cards))
    assert "<script>" not in new and "&lt;script&gt;" in new
    assert norm(new) == norm(OLD_CARD.render(Context({"cards": cards})))


@pytest.mark.parametrize("value", [None, "", date(2026, 3, 1), "2026-13-45 <x>"])
def test_date_input_writes_what_the_template_input_writes(value):
    class TemplateDateInput(forms.DateInput):
        input_type = "date"

    def html(widget):
        return str(widget.render("van", value, attrs={"id": "id_van", "required": True}))

    assert html(DateInput()) == html(TemplateDateInput(format="%Y-%m-%d"))


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_kept_result_pages_follow_a_renamed_organisation_and_service():
    network, worker = _network_with_a_supporter()
    service = make_service(network, name="Woonloket", provider_name="Vzw Dak")
    query = selectors.DirectoryQuery(life_domain="huisvesting")

    def card():
        return selectors.search_page(worker, query, "1", 20).object_list[0]

    assert card()["provider"] == "Vzw Dak"
    with CaptureQueriesContext(connection) as ctx:
        assert card()["name"] == "Woonloket"
    assert len(ctx.captured_queries) == 1  # the version only: the page was kept
    Provider.objects.filter(pk=service.provider_id).update(name="Vzw Dak en Thuis")
    assert card()["provider"] == "Vzw Dak en Thuis"
    Service.objects.filter(pk=service.pk).update(name="Woonwinkel")
    assert card()["name"] == "Woonwinkel"
