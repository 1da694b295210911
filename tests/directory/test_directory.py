"""The sociale kaart: search, HSDS export → import round trip, all-or-nothing import."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.db import connection
from django.urls import reverse

from brug.directory import hsds, selectors
from brug.directory import services as directory_services
from brug.directory.models import (
    AccessibilityReport,
    Contact,
    Language,
    Location,
    Phone,
    Provider,
    Schedule,
    Service,
    ServiceAtLocation,
)
from brug.network.models import Network, Organisation
from tests.conftest import login, make_worker
from tests.network_world import make_service


def _snapshot(network) -> dict:
    """The directory of a network without database ids: what a round trip must keep."""
    tables = directory_services.hsds_tables(network)
    return {t: sorted(json.dumps(r, sort_keys=True) for r in rows) for t, rows in tables.items()}


@pytest.fixture
def rich_directory(world):
    s = make_service(world.network, org=world.partner_org, name="Woonloket",
                     domains=",huisvesting,inkomen,")
    s.minimum_age, s.maximum_age, s.email, s.url = 18, 99, "woon@caw.test", "https://caw.test/w"
    s.save()
    Phone.objects.create(service=s, number="09 123 45 67", type="voice")
    Contact.objects.create(service=s, name="Onthaal", email="onthaal@caw.test")
    Language.objects.create(service=s, name="Arabisch", code="ar", note="op dinsdag")
    Schedule.objects.create(service=s, weekday="TU", opens_at="13:00", closes_at="16:30",
                            description="zonder afspraak")
    make_service(world.network, org=None, name="Speelotheek", domains=",vrije_tijd,",
                 postcode="9040", neighbourhood="Molenhoek", provider_name="Vzw Spel")
    return world


def test_hsds_json_round_trip_gives_the_same_directory(rich_directory, settings):
    w = rich_directory
    exported = hsds.to_json(directory_services.hsds_tables(w.network))
    other = Network.objects.create(name="Ander netwerk")
    hub = Organisation.objects.create(network=other, name="HvK 2", short_name="HvK2",
                                      kind="other")
    coordinator = make_worker("coord2", hub, "coordinator")
    result = directory_services.hsds_import(actor=coordinator, tables=hsds.parse_json(exported))
    assert result.ok, [str(e) for e in result.errors]
    assert _snapshot(other) == _snapshot(w.network)


def test_hsds_csv_round_trip_gives_the_same_directory(rich_directory):
    w = rich_directory
    exported = hsds.to_csv_zip(directory_services.hsds_tables(w.network))
    other = Network.objects.create(name="Ander netwerk")
    hub = Organisation.objects.create(network=other, name="HvK 2", short_name="HvK2",
                                      kind="other")
    coordinator = make_worker("coord2", hub, "coordinator")
    result = directory_services.hsds_import(actor=coordinator, tables=hsds.parse_csv_zip(exported))
    assert result.ok, [str(e) for e in result.errors]
    assert _snapshot(other) == _snapshot(w.network)


FORMULAS = ['=HYPERLINK("http://x.test")', "+32 9 123", "-5", "@SUM(A1)", "'=al tekst",
            "''+twee", "'gewoon"]


def _cells(archive_bytes: bytes, table: str) -> list[dict]:
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        text = archive.read(f"{table}.csv").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_writes_formulas_as_text_and_reads_them_back_equal(rich_directory):
    """A cell a spreadsheet would run (= + - @) is written after an apostrophe; the import
    takes exactly that apostrophe off again, so export → import is the same directory."""
    w = rich_directory
    service = Service.objects.get(name="Woonloket")
    for i, text in enumerate(FORMULAS):
        Contact.objects.create(service=service, name=text, title=f"t{i}")
    service.fees_description = "=1+1"
    service.save()
    exported = hsds.to_csv_zip(directory_services.hsds_tables(w.network))

    written = {row["title"]: row["name"] for row in _cells(exported, "contacts")}
    assert written["t0"] == "'" + FORMULAS[0]
    assert [written[f"t{i}"] for i in (1, 2, 3)] == ["'+32 9 123", "'-5", "'@SUM(A1)"]
    assert written["t4"] == "''=al tekst" and written["t5"] == "'''+twee"
    assert written["t6"] == "'gewoon"
    assert not [cell for table in hsds.TABLES for row in _cells(exported, table)
                for cell in row.values() if cell[:1] in ("=", "+", "-", "@", "\t")]

    other = Network.objects.create(name="Ander netwerk")
    hub = Organisation.objects.create(network=other, name="HvK 2", short_name="HvK2",
                                      kind="other")
    coordinator = make_worker("coord2", hub, "coordinator")
    result = directory_services.hsds_import(actor=coordinator, tables=hsds.parse_csv_zip(exported))
    assert result.ok, [str(e) for e in result.errors]
    assert _snapshot(other) == _snapshot(w.network)
    names = set(Contact.objects.filter(service__network=other).values_list("name", flat=True))
    assert names >= set(FORMULAS)
    assert Service.objects.get(network=other, name="Woonloket").fees_description == "=1+1"


def test_the_csv_download_is_spreadsheet_safe(rich_directory):
    Contact.objects.create(service=Service.objects.get(name="Woonloket"), name="=cmd|x")
    response = login(rich_directory.alice).get(reverse("directory:export") + "?formaat=csv")
    assert response["Content-Type"] == "application/zip"
    assert [r["name"] for r in _cells(response.content, "contacts") if "cmd" in r["name"]] == [
        "'=cmd|x"]


def test_reimporting_the_own_export_changes_nothing(rich_directory):
    w = rich_directory
    before = _snapshot(w.network)
    tables = hsds.parse_json(hsds.to_json(directory_services.hsds_tables(w.network)))
    result = directory_services.hsds_import(actor=w.cora, tables=tables)
    assert result.ok
    assert result.created["services"] == 0 and result.updated["services"] == 2
    assert _snapshot(w.network) == before
    # the link to the network organisation survives the import
    assert Provider.objects.get(name="CAW Test").organisation_id == w.partner_org.pk


def test_bad_file_imports_nothing_and_reports_each_row_in_dutch(world):
    tables = {
        "organizations": [{"id": "o1", "name": "Vzw Test"}],
        "services": [
            {"id": "s1", "organization_id": "o1", "name": "Goed"},
            {"id": "s2", "organization_id": "o9", "name": "", "status": "open",
             "email": "geen-mail", "minimum_age": "12", "maximum_age": "3"},
        ],
        "addresses": [{"id": "a1", "location_id": "l1", "postal_code": "90000"}],
        "locations": [{"id": "l1", "name": "Loket"}],
        "schedules": [{"id": "h1", "service_id": "s1", "byday": "MO,XX", "opens_at": "9u",
                       "closes_at": "08:00"}],
    }
    result = directory_services.hsds_import(actor=world.cora, tables=tables)
    assert not result.ok
    found = {(e.table, e.row, e.field) for e in result.errors}
    assert ("services", 2, "organization_id") in found
    assert ("services", 2, "name") in found
    assert ("services", 2, "status") in found
    assert ("services", 2, "email") in found
    assert ("services", 2, "maximum_age") in found
    assert ("addresses", 1, "postal_code") in found
    assert ("schedules", 1, "byday") in found
    assert ("schedules", 1, "opens_at") in found
    assert "rij 2" in str(result.errors[0]) or any("rij 2" in str(e) for e in result.errors)
    assert Service.objects.count() == 0 and Provider.objects.count() == 0


def test_import_page_shows_the_row_report(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = json.dumps({"services": [{"id": "s1", "organization_id": "x", "name": "A"}]})
    response = login(world.cora).post(reverse("directory:import"), {
        "file": SimpleUploadedFile("kaart.json", bad.encode(), "application/json")})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Er is niets ingelezen" in body and "organization_id" in body
    assert Service.objects.count() == 0
    not_json = login(world.cora).post(reverse("directory:import"), {
        "file": SimpleUploadedFile("kaart.json", b"{kapot", "application/json")})
    assert "geen geldig JSON" in not_json.content.decode()


def test_import_is_for_coordinators_only(world):
    assert login(world.alice).get(reverse("directory:import")).status_code == 404


def test_search_by_life_domain_text_and_postcode(rich_directory):
    w = rich_directory
    q = selectors.DirectoryQuery
    names = lambda query: [s.name for s in selectors.services_search(w.alice, query)]  # noqa: E731
    assert names(q(life_domain="huisvesting")) == ["Woonloket"]
    assert names(q(life_domain="vrije_tijd")) == ["Speelotheek"]
    assert names(q(text="BETAALBARE woning")) == ["Speelotheek", "Woonloket"]
    assert names(q(postcode="9040")) == ["Speelotheek"]
    assert names(q(neighbourhood="centrum")) == ["Woonloket"]
    assert names(q(language="arabisch")) == ["Woonloket"]
    assert names(q(text="bestaatniet")) == []


def test_service_page_shows_hours_languages_cost_and_reports(rich_directory):
    w = rich_directory
    s = Service.objects.get(name="Woonloket")
    response = login(w.charlie).post(reverse("directory:report-create", args=[s.pk]), {
        "visited_on": "2025-01-10", "reporter_kind": "experience_expert",
        "summary": "Onthaal vriendelijk", "score_begrijpbaar": "2",
        "remark_begrijpbaar": "Formulier alleen in moeilijk Nederlands"})
    assert response.status_code == 302
    assert AccessibilityReport.objects.count() == 1
    body = login(w.olga).get(reverse("directory:service", args=[s.pk])).content.decode()
    for text in ("dinsdag", "13:00", "Arabisch", "gratis", "Bus 3", "moeilijk Nederlands"):
        assert text in body


def test_service_of_another_network_is_not_found(world):
    other = Network.objects.create(name="Ander netwerk")
    s = make_service(other, name="Elders")
    assert login(world.alice).get(reverse("directory:service", args=[s.pk])).status_code == 404


def test_export_is_valid_hsds_json(rich_directory):
    response = login(rich_directory.alice).get(reverse("directory:export") + "?formaat=json")
    doc = json.loads(response.content)
    assert doc["hsds_version"] == "3.0"
    assert {s["name"] for s in doc["services"]} == {"Woonloket", "Speelotheek"}
    assert Location.objects.count() == len(doc["locations"])
    assert ServiceAtLocation.objects.count() == len(doc["service_at_locations"])


def test_service_page_query_count_does_not_grow_with_its_places_and_reports(world):
    from django.test.utils import CaptureQueriesContext

    from brug.directory.models import AccessibilityScore

    s = make_service(world.network, org=world.partner_org, name="Woonloket")
    client = login(world.alice)
    url = reverse("directory:service", args=[s.pk])

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add(k: int) -> None:
        loc = Location.objects.create(network=world.network, name=f"Loket {k}", city="Gent")
        ServiceAtLocation.objects.create(service=s, location=loc)
        Phone.objects.create(location=loc, number=f"09 000 00 {k:02}")
        Schedule.objects.create(service=s, weekday="TU", opens_at="13:00", closes_at="16:00")
        report = AccessibilityReport.objects.create(service=s, visited_on="2025-01-10",
                                                    reporter_kind="worker",
                                                    recorded_by=world.charlie)
        AccessibilityScore.objects.create(report=report, dimension="bekend", score=2)

    add(0)
    few = queries()
    for k in range(1, 8):
        add(k)
    assert queries() == few
