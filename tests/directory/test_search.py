"""The sociale-kaart search: what it finds (every filter, any case), what a result shows,
the neighbourhood choices, the indexes behind the filters, and a query count that does not
grow with the directory."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django import forms
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brug.core.domains import LevenswebDomain
from brug.core.forms import DateInput
from brug.directory import selectors
from brug.directory import services as directory_services
from brug.directory.models import Language, Location, Service, ServiceAtLocation
from brug.network.models import Network, Organisation
from tests.conftest import login, make_worker
from tests.directory.forms_helper import submitted
from tests.network_world import make_service

pytestmark = pytest.mark.django_db
EDIT_FORMS = ("form", "location_forms", "hour_forms", "phone_forms", "contact_forms")


def _names(body: str) -> list[str]:
    return re.findall(r"<strong>([^<]*)</strong>", body[body.index('<ul class="cards'):])


def _search(client, **params) -> str:
    response = client.get(reverse("directory:search"), params)
    assert response.status_code == 200
    return response.content.decode()


# ---------------------------------------------------------------- what the search finds

def test_search_by_life_domain_finds_exactly_the_active_services_of_the_network(world):
    every_domain = ",".join(LevenswebDomain.values)
    make_service(world.network, name="Alles", domains=f",{every_domain},")
    make_service(world.network, name="Werk", domains=",werk,")
    make_service(world.network, name="Werk en inkomen", domains=",werk,inkomen,")
    make_service(world.network, name="Geen domein", domains="")
    # A word in the description is not a life domain.
    make_service(world.network, name="Tekst huisvesting", domains=",inkomen,")
    stopped = make_service(world.network, name="Gestopt", domains=",werk,")
    Service.objects.filter(pk=stopped.pk).update(status="defunct")
    make_service(Network.objects.create(name="Ander"), name="Elders", domains=",werk,")
    client = login(world.alice)

    assert _names(_search(client, domain="werk")) == ["Alles", "Werk", "Werk en inkomen"]
    assert _names(_search(client, domain="inkomen")) == [
        "Alles", "Tekst huisvesting", "Werk en inkomen"]
    assert _names(_search(client, domain="huisvesting")) == ["Alles"]
    for code in LevenswebDomain.values:
        assert "Alles" in _names(_search(client, domain=code))


@pytest.mark.parametrize("typed", ["WAARBORG", "Huurwaarborg", "waarborgFONDS", "fonds huur"])
def test_a_word_found_by_icontains_finds_the_service(world, typed):
    """Regression (issue 12): a prepared `icontains` slot once returned nothing where the ORM
    found the row. Whatever case and wherever in the word, the search finds what `icontains`
    finds on the service's name."""
    make_service(world.network, name="Huurwaarborgfonds", domains=",huisvesting,")
    make_service(world.network, name="Speelotheek", domains=",vrije_tijd,")
    expected = list(Service.objects.filter(
        *[Q(name__icontains=word) for word in typed.split()]).values_list("name", flat=True))
    assert expected == ["Huurwaarborgfonds"]
    assert _names(_search(login(world.alice), q=typed)) == expected


def test_every_filter_narrows_and_they_combine(world):
    a = make_service(world.network, name="Woonloket", domains=",huisvesting,", postcode="9000",
                     neighbourhood="Centrum")
    make_service(world.network, name="Speelotheek", domains=",vrije_tijd,", postcode="9040",
                 neighbourhood="Molenhoek")
    Language.objects.create(service=a, name="Arabisch", code="ar")
    client = login(world.alice)
    assert _names(_search(client, postcode="9040")) == ["Speelotheek"]
    assert _names(_search(client, wijk="Centrum")) == ["Woonloket"]
    assert _names(_search(client, taal="ARABISCH")) == ["Woonloket"]
    assert _names(_search(client, q="woning", domain="vrije_tijd", postcode="9040")) == [
        "Speelotheek"]
    assert _names(_search(client, q="woning", postcode="9000", taal="arabisch")) == [
        "Woonloket"]
    assert "Geen diensten gevonden" in _search(client, q="bestaatniet")


@pytest.mark.parametrize("params", [{"postcode": "12"}, {"domain": "bestaatniet"},
                                    {"wijk": "Nergens"}, {"page": "²"},
                                    {"gezin": "²"}, {"page": "99999999999999999999"}])
def test_bad_input_is_answered_in_dutch_never_a_500(world, params):
    make_service(world.network, name="Woonloket")
    body = _search(login(world.alice), **params)
    assert "Woonloket" in body


def test_a_nul_character_in_the_search_is_refused_in_dutch(world):
    response = login(world.alice).get(reverse("directory:search"), {"q": "a\x00b"})
    assert response.status_code == 400
    assert "ongeldig teken" in response.content.decode().lower()


def test_a_bad_postcode_is_explained_next_to_the_field(world):
    body = _search(login(world.alice), postcode="12")
    assert "Een Belgische postcode heeft 4 cijfers." in body


@pytest.mark.parametrize("family_id", ["99999999999999999999", "0"])
def test_an_unknown_family_to_refer_is_not_found(world, family_id):
    response = login(world.alice).get(reverse("directory:search"), {"gezin": family_id})
    assert response.status_code == 404


# ---------------------------------------------------------------- what a result shows

def test_a_result_shows_what_the_service_page_links_and_lists_escaped(world):
    s = make_service(world.network, org=world.partner_org, name="Woonloket <script>",
                     domains=",huisvesting,inkomen,")
    Language.objects.create(service=s, name="Arabisch <b>", code="ar")
    for k in range(3):
        loc = Location.objects.create(network=world.network, name=f"Loket {k}",
                                      address_1=f"Straat {k}", postal_code="", city="Gent",
                                      neighbourhood="")
        ServiceAtLocation.objects.create(service=s, location=loc)
    body = _search(login(world.alice), gezin=str(world.family.pk))
    card = body[body.index('<a class="card-link"'):body.index("</a></li>")]
    assert (f'href="{reverse("directory:service", args=[s.pk])}?gezin={world.family.pk}"'
            in card)
    assert "Woonloket &lt;script&gt;" in card and "<script>" not in card
    assert "huisvesting, inkomen" in card
    assert "Kerkstraat 2, 9000 Demostad (Centrum)" in card
    assert "Straat 0 Gent" in card and "Straat 1" not in card  # the first two places
    assert "Talen: Nederlands, Arabisch &lt;b&gt;" in card
    assert "Kostprijs: gratis" in card


def test_the_pager_keeps_every_filter(world):
    for i in range(25):
        make_service(world.network, name=f"Dienst {i:02}", domains=",werk,",
                     neighbourhood="Molenhoek")
    client = login(world.alice)
    body = _search(client, domain="werk", wijk="Molenhoek", taal="nederlands")
    assert "25 diensten gevonden" in body and "pagina 1 van 2" in body
    link = re.search(r'href="\?([^"]*page=2)"', body).group(1).replace("&amp;", "&")
    assert set(link.split("&")) == {"domain=werk", "wijk=Molenhoek", "taal=nederlands",
                                    "page=2"}
    page2 = client.get(reverse("directory:search") + "?" + link).content.decode()
    assert _names(page2) == [f"Dienst {i:02}" for i in range(20, 25)]


# ---------------------------------------------------------------- neighbourhood choices

def _wijk_choices(client) -> list[str]:
    body = client.get(reverse("directory:search")).content.decode()
    select = body[body.index('<select name="wijk"'):]
    select = select[:select.index("</select>")]
    return re.findall(r'<option value="([^"]*)"', select)[1:]


def test_neighbourhood_choices_follow_every_edit_at_once(world):
    """The search form is cached per network; an edit of a service renews it."""
    service = make_service(world.network, org=world.partner_org, neighbourhood="Centrum")
    client = login(world.alice)
    assert _wijk_choices(client) == ["Centrum"]
    edit = reverse("directory:service-edit", args=[service.pk])
    data = submitted(login(world.charlie).get(edit), *EDIT_FORMS)
    data["plaats-0-neighbourhood"] = "Oud Gent"
    assert login(world.charlie).post(edit, data).status_code == 302
    assert _wijk_choices(client) == ["Oud Gent"]


def test_results_are_shared_by_the_network_and_follow_every_edit_at_once(world):
    service = make_service(world.network, org=world.partner_org, name="Woonbegeleiding")
    url = reverse("directory:search")
    assert _names(_search(login(world.alice), q="woon")) == ["Woonbegeleiding"]
    # Another worker of the network: the form and the results come from the cache.
    bob = login(world.bob)
    with CaptureQueriesContext(connection) as ctx:
        assert bob.get(url, {"q": "woon"}).status_code == 200
    assert _directory_queries(ctx) == []
    edit = reverse("directory:service-edit", args=[service.pk])
    data = submitted(login(world.charlie).get(edit), *EDIT_FORMS)
    data["name"] = "Woonhulp"
    assert login(world.charlie).post(edit, data).status_code == 302
    assert _names(_search(bob, q="woon")) == ["Woonhulp"]
    # Another network's workers never see this network's cached results.
    other = Network.objects.create(name="Ander")
    org = Organisation.objects.create(network=other, name="Elders", short_name="ELD",
                                      kind=world.home.kind)
    assert _names(_search(login(make_worker("otto", org, "supporter")), q="woon")) == []


def test_a_new_search_reuses_the_form_fields_it_did_not_change(world):
    """The form's fields are cached one by one: a search for another postcode reads no
    neighbourhoods, shows its own postcode, and a bad value is still explained."""
    make_service(world.network, org=world.partner_org, neighbourhood="Centrum")
    client = login(world.alice)
    url = reverse("directory:search")
    cache.clear()
    assert 'value="9000"' in _search(client, postcode="9000")
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(url, {"postcode": "9001"}).content.decode()
    assert not [q for q in _directory_queries(ctx) if "neighbourhood" in q]
    assert 'value="9001"' in body and 'value="9000"' not in body
    assert _wijk_choices(client) == ["Centrum"]
    body = _search(client, postcode="90")
    assert "Een Belgische postcode heeft 4 cijfers." in body and 'value="90"' in body
    assert "Een Belgische postcode heeft 4 cijfers." not in _search(client, postcode="9002")


def test_neighbourhood_choices_are_per_network(world):
    make_service(world.network, neighbourhood="Centrum")
    other = Network.objects.create(name="Ander")
    make_service(other, neighbourhood="Elders")
    assert _wijk_choices(login(world.alice)) == ["Centrum"]


def test_an_hsds_import_changes_the_neighbourhood_choices(world):
    make_service(world.network, neighbourhood="Centrum")
    client = login(world.alice)
    assert _wijk_choices(client) == ["Centrum"]
    tables = directory_services.hsds_tables(world.network)
    for address in tables["addresses"]:
        address["region"] = "Sluizeken"
    assert directory_services.hsds_import(actor=world.cora, tables=tables).ok
    assert _wijk_choices(client) == ["Sluizeken"]


# ---------------------------------------------------------------- query count and indexes

def _directory_queries(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if '"directory_' in q["sql"]]


@pytest.mark.parametrize("params", [{}, {"domain": "huisvesting"}, {"q": "woning"},
                                    {"postcode": "9000", "taal": "nederlands"}])
def test_search_page_query_count_does_not_grow_with_data(world, params):
    client = login(world.alice)
    url = reverse("directory:search")

    def queries() -> tuple[int, int]:
        client.get(url, params)  # the session settles
        cache.clear()  # the queries of a search not cached yet
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        return len(ctx.captured_queries), len(_directory_queries(ctx))

    for i in range(3):
        make_service(world.network, org=world.partner_org, name=f"Dienst {i}")
    small = queries()
    for i in range(40):
        s = make_service(world.network, org=world.partner_org, name=f"Meer {i}",
                         neighbourhood=f"Wijk {i}")
        Language.objects.create(service=s, name="Frans", code="fr")
    assert queries() == small
    # The neighbourhood choices, the count, the page with its providers, and its places and
    # languages.
    assert small[1] == 5


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize("code", LevenswebDomain.values)
def test_each_life_domain_count_can_read_its_partial_index(world, code):
    """The indexes' conditions are those the search filters on (else they serve nothing)."""
    one = make_service(world.network, name="Een", domains=f",{code},")
    # Many services of another domain, so that the small partial index is the plan of choice
    # whatever else the table holds (with a handful of rows any index will do).
    other = next(c for c in LevenswebDomain.values if c != code)
    Service.objects.bulk_create([
        Service(network=one.network, provider=one.provider, name=f"Ander {i}",
                life_domains=f",{other},", description="", fees_description="")
        for i in range(500)])
    qs = selectors.services_search(world.alice, selectors.DirectoryQuery(life_domain=code))
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cur:
        # Statistics of this test's own rows (rolled back with it), not of what earlier tests
        # left behind: the plan must not depend on the order the suite runs in.
        cur.execute(f"analyze {Service._meta.db_table}")
        cur.execute("set local enable_seqscan = off")
        cur.execute("set local enable_bitmapscan = off")
        cur.execute(f"explain select count(*) from ({sql}) t", params)
        plan = "\n".join(row[0] for row in cur.fetchall())
    assert f"service_domain_{code}" in plan


# ---------------------------------------------------------------- core's date widget

@pytest.mark.parametrize("value", [None, "", date(2026, 3, 1), "2026-13-45 <x>"])
def test_date_input_writes_what_the_template_input_writes(value):
    class TemplateDateInput(forms.DateInput):
        input_type = "date"

    def html(widget):
        return str(widget.render("van", value, attrs={"id": "id_van", "required": True}))

    assert html(DateInput()) == html(TemplateDateInput(format="%Y-%m-%d"))
