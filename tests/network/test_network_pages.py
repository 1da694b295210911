from __future__ import annotations

import re
import smtplib

import pytest
from django.test import Client

from brug.core.models import AuditEvent
from brug.network.models import Network, Organisation, Worker
from tests.conftest import PASSWORD, login, make_worker

ORGANISATION = {
    "name": "CKG De Haven",
    "short_name": "CKG",
    "kind": "ckg",
    "postcode": "9000",
    "municipality": "Demostad",
    "phone": "",
    "email": "",
    "active": "on",
}


def _worker_data(**overrides):
    data = {
        "display_name": "Fien Fontaine",
        "role_choices": ["supporter"],
        "username": "fien",
        "email": "fien@ckg.example",
        "phone": "",
        "active": "on",
    }
    return {**data, **overrides}


def _edit_data(worker: Worker, **overrides):
    data = {
        "display_name": worker.display_name,
        "organisation": worker.organisation_id,
        "role_choices": worker.role_list,
        "username": worker.user.username,
        "email": worker.user.email or f"{worker.user.username}@test.example",
        "phone": worker.phone,
        "active": "on" if worker.active else "",
        "version": worker.version,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def _network_events(world):
    return list(AuditEvent.objects.filter(network_id=world.network.pk, family_id=None,
                                          category="network").order_by("id"))


def _link(message) -> str:
    return re.search(r"https?://[^/]+(/wachtwoord-instellen/\S+/)", message.body).group(1)


def test_coordinator_creates_an_organisation_and_a_worker_who_sets_their_own_password(
    world, mailoutbox
):
    cora = login(world.cora)
    assert cora.post("/netwerk/organisaties/nieuw/", ORGANISATION).status_code == 302
    org = Organisation.objects.get(name="CKG De Haven")
    assert org.network == world.network

    response = cora.post("/netwerk/medewerkers/nieuw/", _worker_data(organisation=org.pk))
    assert response.status_code == 302
    fien = Worker.objects.get(user__username="fien")
    assert fien.role_list == ["supporter"] and fien.organisation == org
    assert not fien.user.has_usable_password()
    # The link went to Fien, not to the coordinator's screen.
    [message] = mailoutbox
    assert message.to == ["fien@ckg.example"]
    link = _link(message)
    assert link not in cora.get(response.url).content.decode()

    events = _network_events(world)
    assert [(e.action, e.actor_name) for e in events] == [
        ("create", "Cora Coppens"), ("create", "Cora Coppens"), ("send", "Cora Coppens")]
    assert "CKG De Haven" in events[0].detail
    assert "Fien Fontaine" in events[1].detail and "gezinsondersteuner" in events[1].detail
    assert "fien@ckg.example" in events[2].detail

    fien_browser = Client()
    form_page = fien_browser.get(link, follow=True)
    assert "Wachtwoord instellen" in form_page.content.decode()
    done = fien_browser.post(form_page.redirect_chain[-1][0], {
        "new_password1": "lang-en-veilig-2026", "new_password2": "lang-en-veilig-2026"})
    assert done.status_code == 302
    fien.user.refresh_from_db()
    assert fien.user.check_password("lang-en-veilig-2026")
    last = _network_events(world)[-1]
    assert (last.actor_name, last.action, last.detail) == (
        "Fien Fontaine", "change", "wachtwoord ingesteld via een link")
    # A link works once.
    assert "werkt niet meer" in Client().get(link, follow=True).content.decode()


def test_a_worker_needs_an_email_address(world, mailoutbox):
    response = login(world.cora).post(
        "/netwerk/medewerkers/nieuw/", _worker_data(organisation=world.home.pk, email=""))
    assert "Vul het e-mailadres van de medewerker in" in response.content.decode()
    assert not Worker.objects.filter(user__username="fien").exists() and mailoutbox == []


def test_the_form_has_no_password_field(world):
    page = login(world.cora).get("/netwerk/medewerkers/nieuw/").content.decode()
    assert 'type="password"' not in page


def test_when_the_mail_cannot_be_sent_nothing_is_saved(world, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPException("down")

    monkeypatch.setattr("brug.network.services.send_mail", refuse)
    response = login(world.cora).post(
        "/netwerk/medewerkers/nieuw/", _worker_data(organisation=world.home.pk))
    assert response.status_code == 200
    assert "kon niet verstuurd worden" in response.content.decode()
    assert not Worker.objects.filter(user__username="fien").exists()
    assert _network_events(world) == []


def test_a_worker_without_roles_is_refused_with_a_message(world):
    response = login(world.cora).post(
        "/netwerk/medewerkers/nieuw/",
        _worker_data(organisation=world.home.pk, role_choices=[]),
    )
    assert "Kies minstens één rol" in response.content.decode()


def test_changed_roles_are_audited_with_old_and_new(world):
    response = login(world.cora).post(
        f"/netwerk/medewerkers/{world.alice.pk}/",
        _edit_data(world.alice, role_choices=["supporter", "coordinator"]),
    )
    assert response.status_code == 302
    [event] = _network_events(world)
    assert event.action == "change"
    assert "rollen: gezinsondersteuner → gezinsondersteuner, netwerkcoördinator" in event.detail


def test_deactivating_a_worker_is_audited_and_ends_their_login(world):
    response = login(world.cora).post(
        f"/netwerk/medewerkers/{world.bob.pk}/", _edit_data(world.bob, active=""))
    assert response.status_code == 302
    world.bob.user.refresh_from_db()
    assert not world.bob.user.is_active
    [event] = _network_events(world)
    assert event.action == "deactivate" and "Bob Bakkali" in event.detail


def test_organisation_changes_and_deactivation_are_audited(world):
    cora = login(world.cora)
    data = {**ORGANISATION, "name": "CAW Test", "short_name": "CAW", "kind": "caw",
            "version": world.partner_org.version}
    assert cora.post(f"/netwerk/organisaties/{world.partner_org.pk}/",
                     {**data, "phone": "09 123"}).status_code == 302
    assert cora.post(f"/netwerk/organisaties/{world.partner_org.pk}/",
                     {**data, "phone": "09 123", "version": data["version"] + 1,
                      "active": ""}).status_code == 302
    changed, deactivated = _network_events(world)
    assert changed.action == "change" and "telefoon: — → 09 123" in changed.detail
    assert deactivated.action == "deactivate" and "actief: ja → nee" in deactivated.detail


def test_a_coordinator_sends_a_new_link_and_the_current_password_keeps_working(
    world, mailoutbox
):
    world.alice.user.email = "alice@ocmw.example"
    world.alice.user.save()
    cora = login(world.cora)
    url = f"/netwerk/medewerkers/{world.alice.pk}/wachtwoordlink/"
    assert "alice@ocmw.example" in cora.get(url).content.decode()
    assert mailoutbox == []  # asking is not sending
    assert cora.post(url).status_code == 302
    [message] = mailoutbox
    assert message.to == ["alice@ocmw.example"] and "/wachtwoord-instellen/" in message.body
    [event] = _network_events(world)
    assert event.action == "send" and "alice@ocmw.example" in event.detail
    world.alice.user.refresh_from_db()
    assert world.alice.user.check_password(PASSWORD)


def test_changing_an_address_warns_the_old_one(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    world.alice.user.email = "alice@ocmw.example"
    world.alice.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        login(world.cora).post(f"/netwerk/medewerkers/{world.alice.pk}/",
                               _edit_data(world.alice, email="overname@elders.example"))
    [notice] = mailoutbox
    assert notice.to == ["alice@ocmw.example"] and "overname@elders.example" in notice.body
    [event] = _network_events(world)
    assert "e-mail: alice@ocmw.example → overname@elders.example" in event.detail


def test_the_network_log_shows_who_changed_what_in_this_network_only(world):
    cora = login(world.cora)
    cora.post(f"/netwerk/medewerkers/{world.bob.pk}/", _edit_data(world.bob, phone="0470"))
    elsewhere = Network.objects.create(name="Elders")
    far_org = Organisation.objects.create(network=elsewhere, name="Ver", short_name="Ver",
                                          kind="ocmw")
    far_coordinator = make_worker("zoe", far_org, "coordinator", "Zoë Ver")
    login(far_coordinator).post("/netwerk/organisaties/nieuw/", {**ORGANISATION,
                                                                 "name": "Geheim CKG"})
    page = cora.get("/netwerk/logboek/").content.decode()
    assert "Bob Bakkali" in page and "Cora Coppens" in page
    assert "Geheim CKG" not in page
    assert "Geheim CKG" in login(far_coordinator).get("/netwerk/logboek/").content.decode()


@pytest.mark.parametrize("url", ["/netwerk/organisaties/", "/netwerk/medewerkers/",
                                 "/netwerk/logboek/"])
def test_supporters_do_not_reach_the_network_pages(world, as_alice, url):
    assert as_alice.get(url).status_code == 404


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
