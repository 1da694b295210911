"""HSDS 3 nested JSON: export, import with the shape detected, errors at their path."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from brug.directory import hsds, hsds_nested
from brug.directory import services as directory_services
from brug.directory.models import Location, Provider, Schedule, Service, ServiceAtLocation
from brug.network.models import Network, Organisation
from tests.conftest import login, make_worker
from tests.directory.test_directory import _snapshot, rich_directory  # noqa: F401


def _nested(network) -> list[dict]:
    return hsds_nested.to_nested(directory_services.hsds_tables(network))


def _empty_network_coordinator():
    other = Network.objects.create(name="Ander netwerk")
    hub = Organisation.objects.create(network=other, name="HvK 2", short_name="HvK2",
                                      kind="other")
    return other, make_worker("coord2", hub, "coordinator")


@pytest.fixture
def shared_place(rich_directory):  # noqa: F811
    """A place used by both services, with hours that hold only there."""
    w = rich_directory
    woon, spel = Service.objects.get(name="Woonloket"), Service.objects.get(name="Speelotheek")
    place = Location.objects.get(services_here__service=woon)
    sal = ServiceAtLocation.objects.create(service=spel, location=place, description="ook hier")
    Schedule.objects.create(service=spel, service_at_location=sal, weekday="SA",
                            opens_at="10:00", closes_at="12:00")
    return w


def test_export_nests_organisation_places_hours_languages_and_phones(shared_place):
    doc = json.loads(hsds_nested.to_json(directory_services.hsds_tables(shared_place.network)))
    assert isinstance(doc, list)
    woon = next(s for s in doc if s["name"] == "Woonloket")
    assert woon["organization"]["name"] == "CAW Test"
    assert woon["minimum_age"] == 18 and woon["maximum_age"] == 99
    place = woon["service_at_locations"][0]["location"]
    assert place["addresses"][0]["postal_code"] == "9000"
    assert {h["byday"] for h in woon["schedules"]} == {"MO", "TU"}
    assert {lang["name"] for lang in woon["languages"]} == {"Nederlands", "Arabisch"}
    assert woon["phones"][0]["number"] == "09 123 45 67"
    assert {a["taxonomy_term"]["code"] for a in woon["attributes"]} == {"huisvesting",
                                                                        "inkomen"}
    spel = next(s for s in doc if s["name"] == "Speelotheek")
    shared = next(sal for sal in spel["service_at_locations"] if sal.get("description"))
    assert shared["location"]["id"] == place["id"]
    assert [(h["byday"], h["opens_at"]) for h in shared["schedules"]] == [("SA", "10:00")]


def test_nested_round_trip_into_an_empty_network_gives_the_same_directory(shared_place):
    w = shared_place
    exported = hsds_nested.to_json(directory_services.hsds_tables(w.network))
    parsed = hsds_nested.parse_file("kaart.json", exported)
    assert parsed.paths is not None  # detected as nested
    other, coordinator = _empty_network_coordinator()
    result = directory_services.hsds_import(actor=coordinator, tables=parsed.tables,
                                            parsed=parsed)
    assert result.ok, [str(e) for e in result.errors]
    assert _nested(other) == _nested(w.network)
    assert _snapshot(other) == _snapshot(w.network)
    # the shared place is one place, used by both services
    assert Location.objects.filter(network=other).count() == Location.objects.filter(
        network=w.network).count()


def test_the_shape_is_detected(rich_directory):  # noqa: F811
    tables = directory_services.hsds_tables(rich_directory.network)
    assert hsds_nested.parse_file("a.json", hsds.to_json(tables)).paths is None
    assert hsds_nested.parse_file("a.json", hsds_nested.to_json(tables)).paths is not None
    api_page = json.dumps({"total_items": 2, "contents": hsds_nested.to_nested(tables)})
    assert len(hsds_nested.parse_file("a.json", api_page.encode()).tables["services"]) == 2
    with pytest.raises(hsds.HsdsFileError):
        hsds_nested.parse_file("a.json", b"[]")


def _bad_file() -> bytes:
    return json.dumps([
        {"id": "s1", "name": "Goed", "organization": {"id": "o1", "name": "Vzw Een"},
         "schedules": [{"id": "h1", "byday": "MO", "opens_at": "09:00"}]},
        {"id": "s2", "name": "Fout", "status": "open",
         "organization": {"id": "o1", "name": "Vzw Een, maar anders"},
         "schedules": [{"id": "h2", "byday": "TU", "opens_at": "9u"}],
         "service_at_locations": [{"id": "sal1", "location": {
             "id": "l1", "name": "Loket", "addresses": [{"id": "a1", "postal_code": "90000"}]}}],
         "languages": [{"id": "t1", "service_id": "s1", "name": "Frans"}]},
        "geen object",
    ]).encode()


def test_errors_point_at_their_place_in_the_file_and_nothing_is_imported(world):
    parsed = hsds_nested.parse_file("kaart.json", _bad_file())
    result = directory_services.hsds_import(actor=world.cora, tables=parsed.tables,
                                            parsed=parsed)
    assert not result.ok
    rows = {e.row for e in result.errors}
    assert "services[1].schedules[0].opens_at" in rows
    assert "services[1].status" in rows
    assert "services[1].service_at_locations[0].location.addresses[0].postal_code" in rows
    assert "services[1].organization.id" in rows  # same id, other content
    assert "services[1].languages[0].service_id" in rows  # points elsewhere than its parent
    assert "services[2]" in rows
    assert Service.objects.count() == 0 and Provider.objects.count() == 0


def test_import_page_shows_the_paths(world):
    response = login(world.cora).post(reverse("directory:import"), {
        "file": SimpleUploadedFile("kaart.json", _bad_file(), "application/json")})
    body = response.content.decode()
    assert "services[1].schedules[0].opens_at" in body
    assert "geen geldig uur" in body and "Er is niets ingelezen" in body


def test_export_page_offers_the_three_forms(rich_directory):  # noqa: F811
    client = login(rich_directory.alice)
    page = client.get(reverse("directory:export")).content.decode()
    for value in ('value="json"', 'value="csv"', 'value="genest"'):
        assert value in page
    response = client.get(reverse("directory:export") + "?formaat=genest")
    assert response["Content-Disposition"].endswith('hsds-genest.json"')
    assert {s["name"] for s in json.loads(response.content)} == {"Woonloket", "Speelotheek"}
    assert client.get(reverse("directory:export") + "?formaat=xml").status_code == 404
