"""Adding and editing services in the sociale kaart: who may, what is saved, stale edits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from brug.core.models import AuditEvent
from brug.directory import selectors
from brug.directory.models import Language, Location, Provider, Schedule, Service
from brug.trajectories.models import Programme
from tests.conftest import login, make_worker
from tests.directory.forms_helper import submitted
from tests.network_world import make_service

FORMS = ("form", "location_forms", "hour_forms", "phone_forms", "contact_forms")


@pytest.fixture
def caw_service(world):
    return make_service(world.network, org=world.partner_org, name="Woonbegeleiding")


def edit_page(worker, service):
    return login(worker).get(reverse("directory:service-edit", args=[service.pk]))


def test_partner_worker_edits_the_service_of_its_own_organisation(world, caw_service):
    page = edit_page(world.charlie, caw_service)
    assert page.status_code == 200
    data = submitted(page, *FORMS)
    data.update({"description": "Samen een huurcontract lezen en een woning zoeken.",
                 "fees_description": "gratis, ook zonder afspraak",
                 "eligibility_description": "Gezinnen uit Demostad",
                 "application_process": "Bel of kom langs",
                 "language_names": "Nederlands, Frans; tigrinya",
                 "domain_choices": ["huisvesting", "juridisch"], "status": "temporarily closed",
                 "minimum_age": "18", "maximum_age": "99",
                 "plaats-0-postal_code": "9040", "plaats-0-neighbourhood": "Molenhoek",
                 "plaats-0-transportation": "Tram 1, halte Kerk",
                 "uren-0-DELETE": "on",
                 "uren-1-weekday": "TH", "uren-1-opens_at": "13:00", "uren-1-closes_at": "16:00",
                 "uren-1-description": "zonder afspraak"})
    response = login(world.charlie).post(
        reverse("directory:service-edit", args=[caw_service.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    s = Service.objects.get(pk=caw_service.pk)
    assert s.version == caw_service.version + 1
    assert s.status == "temporarily closed" and (s.minimum_age, s.maximum_age) == (18, 99)
    assert s.life_domain_list == ["huisvesting", "juridisch"]
    assert "huurcontract" in s.search_text and "caw test" in s.search_text
    # The language that stayed keeps its row (and code); the new ones are added.
    assert Language.objects.get(service=s, name="Nederlands").code == "nl"
    assert sorted(Language.objects.filter(service=s).values_list("name", flat=True)) == [
        "Frans", "Nederlands", "tigrinya"]
    place = Location.objects.get(services_here__service=s)
    assert (place.postal_code, place.neighbourhood) == ("9040", "Molenhoek")
    assert [(h.weekday, h.opens_at.strftime("%H:%M")) for h in Schedule.objects.filter(
        service=s)] == [("TH", "13:00")]
    event = AuditEvent.objects.filter(category="directory").latest("id")
    assert event.action == "change" and "Woonbegeleiding" in event.detail
    assert event.family_id is None
    # search finds the new words
    found = selectors.services_search(world.alice, selectors.DirectoryQuery(text="huurcontract"))
    assert list(found) == []  # temporarily closed services are not listed
    Service.objects.filter(pk=s.pk).update(status="active")
    found = selectors.services_search(world.alice, selectors.DirectoryQuery(text="huurcontract"))
    assert [x.pk for x in found] == [s.pk]


def test_only_coordinators_and_the_providers_workers_may_edit(world, caw_service):
    url = reverse("directory:service-edit", args=[caw_service.pk])
    assert login(world.cora).get(url).status_code == 200
    assert login(world.charlie).get(url).status_code == 200
    for outsider in (world.olga, world.alice, world.vera):
        assert login(outsider).get(url).status_code == 404
        assert login(outsider).post(url, {"name": "Gekaapt"}).status_code == 404
    assert Service.objects.get(pk=caw_service.pk).name == "Woonbegeleiding"
    detail = reverse("directory:service", args=[caw_service.pk])
    assert url in login(world.charlie).get(detail).content.decode()
    assert url not in login(world.olga).get(detail).content.decode()


def test_new_service_link_on_the_search_page_for_those_allowed(world):
    new = reverse("directory:service-create")
    assert new in login(world.alice).get(reverse("directory:search")).content.decode()
    assert new not in login(world.vera).get(reverse("directory:search")).content.decode()
    assert login(world.vera).get(new).status_code == 404


def test_a_worker_adds_a_service_for_its_own_organisation(world):
    client = login(world.olga)
    page = client.get(reverse("directory:service-create"))
    form = page.context["form"]
    assert "programme" not in form.fields  # who may refer is the coordinators' decision
    assert form["new_provider_name"].value() == "CLB Test"
    data = submitted(page, *FORMS)
    data.update({"name": "Spreekuur op school", "status": "active",
                 "description": "Vragen over school, zonder afspraak.",
                 "language_names": "Nederlands", "domain_choices": ["onderwijs"],
                 "plaats-0-name": "Basisschool De Linde", "plaats-0-address_1": "Lindelaan 4",
                 "plaats-0-postal_code": "9000", "plaats-0-city": "Demostad",
                 "uren-0-weekday": "WE", "uren-0-opens_at": "08:30",
                 "uren-0-closes_at": "10:00"})
    response = client.post(reverse("directory:service-create"), data)
    assert response.status_code == 302, response.context["form"].errors
    s = Service.objects.get(name="Spreekuur op school")
    assert s.provider.organisation == world.outsider_org and s.provider.name == "CLB Test"
    assert s.network == world.network and "zonder afspraak" in s.search_text
    place = Location.objects.get(services_here__service=s)
    assert place.provider == s.provider and place.network == world.network
    assert s.schedules.get().weekday == "WE"
    assert AuditEvent.objects.filter(category="directory", action="create").exists()
    # and olga may now edit it, not the CAW's
    assert edit_page(world.olga, s).status_code == 200


def test_a_worker_cannot_put_a_service_under_another_organisations_provider(world, caw_service):
    page = login(world.olga).get(reverse("directory:service-create"))
    data = submitted(page, *FORMS)
    data.update({"name": "Onder andermans naam", "status": "active",
                 "new_provider_name": "", "provider": str(caw_service.provider_id)})
    response = login(world.olga).post(reverse("directory:service-create"), data)
    assert response.status_code == 200
    assert "provider" in response.context["form"].errors
    assert not Service.objects.filter(name="Onder andermans naam").exists()


def test_coordinator_links_a_new_provider_and_the_programme(world):
    go = Programme.objects.create(network=world.network, name="GO-team",
                                  referrer_kinds=",kind_en_gezin,clb,police,")
    client = login(world.cora)
    page = client.get(reverse("directory:service-create"))
    data = submitted(page, *FORMS)
    data.update({"name": "GO-team aanmelding", "status": "active",
                 "new_provider_name": "Sociaal Huis", "new_provider_organisation":
                 str(world.home.pk), "programme": str(go.pk)})
    response = client.post(reverse("directory:service-create"), data)
    assert response.status_code == 302, response.context["form"].errors
    s = Service.objects.get(name="GO-team aanmelding")
    assert s.programme == go and s.provider.organisation == world.home
    body = client.get(reverse("directory:service", args=[s.pk])).content.decode()
    assert "Instap in programma GO-team — doorverwijzen kan door: Kind en Gezin, CLB en " \
           "politie." in body


def test_a_provider_worker_cannot_change_the_programme_link(world, caw_service):
    go = Programme.objects.create(network=world.network, name="GO-team",
                                  referrer_kinds=",police,")
    Service.objects.filter(pk=caw_service.pk).update(programme=go)
    data = submitted(edit_page(world.charlie, caw_service), *FORMS)
    data["programme"] = ""
    data["name"] = "Woonbegeleiding CAW"
    response = login(world.charlie).post(
        reverse("directory:service-edit", args=[caw_service.pk]), data)
    assert response.status_code == 302
    s = Service.objects.get(pk=caw_service.pk)
    assert s.name == "Woonbegeleiding CAW" and s.programme == go


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(world, caw_service):
    first = submitted(edit_page(world.charlie, caw_service), *FORMS)
    second = submitted(edit_page(world.cora, caw_service), *FORMS)
    first["description"] = "Versie van Charlie"
    assert login(world.charlie).post(reverse("directory:service-edit", args=[caw_service.pk]),
                                     first).status_code == 302
    second["description"] = "Versie van Cora"
    second["plaats-1-name"] = "Tweede loket"
    response = login(world.cora).post(reverse("directory:service-edit", args=[caw_service.pk]),
                                      second)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft deze gegevens intussen gewijzigd" in body
    assert "Nu bewaard" in body and "Versie van Charlie" in body  # what is saved now
    assert "Versie van Cora" in body and "Tweede loket" in body
    s = Service.objects.get(pk=caw_service.pk)
    assert s.description == "Versie van Charlie"
    assert not Location.objects.filter(name="Tweede loket").exists()
    # Having seen the warning, saving again is deliberate and goes through.
    again = submitted(response, *FORMS)
    response = login(world.cora).post(reverse("directory:service-edit", args=[caw_service.pk]),
                                      again)
    assert response.status_code == 302
    assert Service.objects.get(pk=caw_service.pk).description == "Versie van Cora"
    assert Location.objects.filter(name="Tweede loket",
                                   services_here__service=caw_service).exists()


def test_bad_rows_are_explained_in_dutch_and_nothing_is_saved(world, caw_service):
    data = submitted(edit_page(world.charlie, caw_service), *FORMS)
    data.update({"name": "Nieuwe naam", "plaats-0-postal_code": "900",
                 "uren-1-weekday": "FR", "uren-1-opens_at": "14:00",
                 "uren-1-closes_at": "09:00", "minimum_age": "12", "maximum_age": "3"})
    response = login(world.charlie).post(
        reverse("directory:service-edit", args=[caw_service.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Een Belgische postcode heeft 4 cijfers" in body
    assert "Het sluitingsuur ligt niet na het openingsuur" in body
    assert "De maximumleeftijd is kleiner dan de minimumleeftijd" in body
    assert Service.objects.get(pk=caw_service.pk).name == "Woonbegeleiding"


def test_removing_a_place_keeps_its_hours_with_the_service(world, caw_service):
    place = Location.objects.get(services_here__service=caw_service)
    sal = caw_service.at_locations.get()
    Schedule.objects.filter(service=caw_service).update(service_at_location=sal)
    data = submitted(edit_page(world.charlie, caw_service), *FORMS)
    data["plaats-0-DELETE"] = "on"
    response = login(world.charlie).post(
        reverse("directory:service-edit", args=[caw_service.pk]), data)
    assert response.status_code == 302
    assert not Location.objects.filter(pk=place.pk).exists()  # no other service used it
    hours = Schedule.objects.get(service=caw_service)
    assert hours.service_at_location_id is None


def test_a_place_shared_with_another_service_stays_for_that_service(world, caw_service):
    other = make_service(world.network, org=world.partner_org, name="Onthaal")
    place = Location.objects.get(services_here__service=caw_service)
    other.at_locations.create(location=place)
    data = submitted(edit_page(world.charlie, caw_service), *FORMS)
    index = next(i for i, f in enumerate(
        edit_page(world.charlie, caw_service).context["location_forms"].forms)
        if f.instance.pk == place.pk)
    data[f"plaats-{index}-DELETE"] = "on"
    login(world.charlie).post(reverse("directory:service-edit", args=[caw_service.pk]), data)
    assert Location.objects.filter(pk=place.pk).exists()
    assert not caw_service.at_locations.filter(location=place).exists()
    assert other.at_locations.filter(location=place).exists()


def test_provider_list_of_a_worker_holds_only_its_own_organisation(world, caw_service):
    make_service(world.network, org=None, name="Voedselbank", provider_name="Vzw Brood")
    form = edit_page(world.charlie, caw_service).context["form"]
    assert set(form.fields["provider"].queryset) == set(
        Provider.objects.filter(organisation=world.partner_org))
    # a volunteer of the same organisation does not edit the map
    volunteer = make_worker("vic", world.partner_org, "volunteer")
    assert edit_page(volunteer, caw_service).status_code == 404


def test_phones_and_contact_persons_are_added_changed_and_removed(world, caw_service):
    from brug.directory.models import Contact, Phone

    url = reverse("directory:service-edit", args=[caw_service.pk])
    data = submitted(edit_page(world.charlie, caw_service), *FORMS)
    data.update({"tel-0-number": "09 123 45 67", "tel-0-type": "algemeen",
                 "tel-0-description": "elke voormiddag",
                 "contact-0-name": "Noor Nachtegaele", "contact-0-title": "onthaal",
                 "contact-0-email": "onthaal@caw.example"})
    assert login(world.charlie).post(url, data).status_code == 302
    phone = Phone.objects.get(service=caw_service)
    assert (phone.number, phone.description) == ("09 123 45 67", "elke voormiddag")
    assert Contact.objects.get(service=caw_service).email == "onthaal@caw.example"
    page = login(world.alice).get(reverse("directory:service", args=[caw_service.pk]))
    assert 'href="tel:09 123 45 67"' in page.content.decode()
    assert "Noor Nachtegaele" in page.content.decode()

    data = submitted(edit_page(world.charlie, Service.objects.get(pk=caw_service.pk)), *FORMS)
    data.update({"tel-0-number": "09 765 43 21", "contact-0-DELETE": "on"})
    assert login(world.charlie).post(url, data).status_code == 302
    assert list(Phone.objects.filter(service=caw_service).values_list("number", flat=True)) \
        == ["09 765 43 21"]
    assert not Contact.objects.filter(service=caw_service).exists()


def test_a_bad_phone_or_an_empty_contact_is_explained_and_nothing_is_saved(world, caw_service):
    from brug.directory.models import Contact, Phone

    data = submitted(edit_page(world.charlie, caw_service), *FORMS)
    data.update({"name": "Nieuwe naam", "tel-0-number": "bel ons", "contact-0-title": "onthaal"})
    response = login(world.charlie).post(
        reverse("directory:service-edit", args=[caw_service.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dit is geen telefoonnummer" in body and "Geef een naam of een e-mailadres" in body
    assert 'value="bel ons"' in body  # what was typed stays
    assert Service.objects.get(pk=caw_service.pk).name == "Woonbegeleiding"
    assert not Phone.objects.filter(service=caw_service).exists()
    assert not Contact.objects.filter(service=caw_service).exists()
