from __future__ import annotations

from brug.network.models import Organisation, Worker
from tests.conftest import login


def test_coordinator_creates_an_organisation_and_a_worker(world):
    cora = login(world.cora)
    response = cora.post(
        "/netwerk/organisaties/nieuw/",
        {
            "name": "CKG De Haven",
            "short_name": "CKG",
            "kind": "ckg",
            "postcode": "9000",
            "municipality": "Demostad",
            "phone": "",
            "email": "",
            "active": "on",
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="CKG De Haven")
    assert org.network == world.network
    response = cora.post(
        "/netwerk/medewerkers/nieuw/",
        {
            "display_name": "Fien Fontaine",
            "organisation": org.pk,
            "role_choices": ["supporter"],
            "username": "fien",
            "password": "lang-en-veilig-2026",
            "phone": "",
            "active": "on",
        },
    )
    assert response.status_code == 302
    fien = Worker.objects.get(user__username="fien")
    assert fien.role_list == ["supporter"] and fien.organisation == org
    assert fien.user.check_password("lang-en-veilig-2026")


def test_a_worker_without_roles_is_refused_with_a_message(world):
    response = login(world.cora).post(
        "/netwerk/medewerkers/nieuw/",
        {
            "display_name": "X",
            "organisation": world.home.pk,
            "username": "x",
            "password": "lang-en-veilig-2026",
            "active": "on",
        },
    )
    assert "Kies minstens één rol" in response.content.decode()


def test_supporters_do_not_reach_the_network_pages(world, as_alice):
    assert as_alice.get("/netwerk/organisaties/").status_code == 404
    assert as_alice.get("/netwerk/medewerkers/").status_code == 404


def test_a_stale_organisation_edit_is_refused(world):
    cora = login(world.cora)
    data = {
        "name": "OCMW Test",
        "short_name": "OCMW",
        "kind": "ocmw",
        "postcode": "",
        "municipality": "",
        "phone": "",
        "email": "",
        "active": "on",
        "version": world.home.version,
    }
    assert (
        cora.post(f"/netwerk/organisaties/{world.home.pk}/", {**data, "phone": "1"}).status_code
        == 302
    )
    again = cora.post(f"/netwerk/organisaties/{world.home.pk}/", {**data, "phone": "2"})
    assert "Iemand anders" in again.content.decode()
