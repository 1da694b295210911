"""Walk-in hours and visits: rules of the service, the pages, and the network's counts."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from brug.core.models import AuditAction, AuditEvent
from brug.walkin import selectors, services
from brug.walkin.models import Visit, WalkInHour
from tests.conftest import login
from tests.network_world import make_service


@pytest.fixture
def hour(world):
    return services.hour_create(actor=world.alice, hour=WalkInHour(
        organisation=world.home, name="Zitdag De Regenboog", kind="zitdag", place="School",
        weekday=1, starts_at=time(8, 30), ends_at=time(11)))


def _visit(hour, **kwargs):
    kwargs.setdefault("visited_on", timezone.localdate())
    kwargs.setdefault("question", "Vraag over de schoolfactuur")
    kwargs.setdefault("outcome", "answered")
    return Visit(hour=hour, **kwargs)


def test_an_anonymous_visit_holds_no_identifying_field(world, hour):
    visit = services.visit_record(actor=world.alice, domains=["onderwijs"], visit=_visit(hour))
    visit.refresh_from_db()
    assert visit.anonymous and visit.family_id is None
    # The only person-related fields a visit has: a first name (empty here), nothing else.
    person_fields = {f.name for f in Visit._meta.concrete_fields} & {
        "last_name", "display_name", "phone", "email", "street_address", "birth_date"}
    assert person_fields == set()
    assert visit.first_name == ""


@pytest.mark.parametrize("text", ["mail me op jan.peeters@example.org",
                                  "bel 0470 12 34 56", "rijksregister 85.07.30-033.61"])
def test_a_question_with_an_identifying_detail_is_refused(world, hour, text):
    with pytest.raises(ValidationError) as exc:
        services.visit_record(actor=world.alice, domains=["inkomen"],
                              visit=_visit(hour, question=text))
    assert "question" in exc.value.error_dict
    assert not Visit.objects.exists()


def test_a_first_name_only(world, hour):
    with pytest.raises(ValidationError):
        services.visit_record(actor=world.alice, domains=["inkomen"],
                              visit=_visit(hour, first_name="Amina Haddad"))


def test_a_referral_names_a_service_of_the_sociale_kaart(world, hour):
    with pytest.raises(ValidationError) as exc:
        services.visit_record(actor=world.alice, domains=["huisvesting"],
                              visit=_visit(hour, outcome="referred"))
    assert "service" in exc.value.error_dict
    service = make_service(world.network, org=world.partner_org)
    visit = services.visit_record(actor=world.alice, domains=["huisvesting"],
                                  visit=_visit(hour, outcome="referred", service=service))
    assert visit.service == service


def test_only_workers_of_the_hosting_organisation_or_its_volunteers_record(world, hour):
    for outsider in (world.charlie, world.vera, world.adam):
        with pytest.raises(PermissionDenied):
            services.visit_record(actor=outsider, domains=["inkomen"], visit=_visit(hour))
    hour.volunteers.add(world.vera)
    services.visit_record(actor=world.vera, domains=["inkomen"], visit=_visit(hour))


def test_a_visit_becomes_a_dossier_and_stays_in_its_history(world, hour):
    visit = services.visit_record(actor=world.alice, domains=["inkomen", "huisvesting"],
                                  visit=_visit(hour, first_name="Noor"))
    family = services.visit_to_family(actor=world.alice, visit=visit, display_name="Gezin Noor",
                                      mandate_form="oral", mandate_scope="Budget",
                                      given_on=timezone.localdate())
    visit.refresh_from_db()
    assert visit.family == family
    assert family.mandates.filter(ended_on__isnull=True).count() == 1
    assert family.members.get().first_name == "Noor"
    assert AuditEvent.objects.filter(family_id=family.pk, action=AuditAction.CREATE,
                                     category="domain_notes").exists()
    page = login(world.alice).get(f"/gezinnen/{family.pk}/inloop/")
    assert "Vraag over de schoolfactuur" in page.content.decode()
    # Another organisation without a consent does not learn the visit exists.
    assert login(world.charlie).get(f"/gezinnen/{family.pk}/inloop/").status_code == 404
    with pytest.raises(ValidationError):
        services.visit_to_family(actor=world.alice, visit=visit, display_name="Nog eens",
                                 mandate_form="oral", mandate_scope="x",
                                 given_on=timezone.localdate())


def test_counts_never_show_a_group_under_three(world, hour):
    today = timezone.localdate()
    for i in range(3):
        services.visit_record(actor=world.alice, domains=["inkomen"],
                              visit=_visit(hour, visited_on=today - timedelta(days=i)))
    services.visit_record(actor=world.alice, domains=["werk"], visit=_visit(hour))
    result = selectors.counts(world.network.pk, today - timedelta(days=30), today)
    domains = {r["life_domain"]: r["families"] for r in result["per_domain"]}
    assert domains == {"inkomen": 3}  # "werk" has one visit: not shown
    page = login(world.cora).get("/inloop/tellingen/").content.decode()
    assert "werk" not in page.split("Per inloopmoment en levensdomein")[1]


def test_counts_are_for_coordinators_only(world):
    assert login(world.cora).get("/inloop/tellingen/").status_code == 200
    for other in (world.alice, world.vera, world.adam):
        assert login(other).get("/inloop/tellingen/").status_code == 404


def test_the_hour_page_records_a_visit_and_narrows_services_by_search(world, hour):
    make_service(world.network, org=world.partner_org, name="Budgetbegeleiding")
    make_service(world.network, org=world.partner_org, name="Woonbegeleiding")
    client = login(world.alice)
    page = client.get(f"/inloop/{hour.pk}/?dienst=budget").content.decode()
    assert "Budgetbegeleiding" in page and "Woonbegeleiding —" not in page
    response = client.post(f"/inloop/{hour.pk}/", {
        "visited_on": timezone.localdate().isoformat(), "question": "Schulden",
        "domains": ["inkomen"], "outcome": "answered", "language": "Arabisch"})
    assert response.status_code == 302
    assert Visit.objects.get().language == "Arabisch"


def test_bad_input_gets_a_dutch_message_and_nothing_is_stored(world, hour):
    response = login(world.alice).post(f"/inloop/{hour.pk}/", {
        "visited_on": "morgen", "question": "", "outcome": "referred"})
    assert response.status_code == 200
    assert "Kies minstens één levensdomein." in response.content.decode()
    assert not Visit.objects.exists()


def test_a_stale_edit_is_refused(world, hour):
    visit = services.visit_record(actor=world.alice, domains=["inkomen"], visit=_visit(hour))
    data = {"visited_on": visit.visited_on.isoformat(), "question": "Nieuwe tekst",
            "domains": ["inkomen"], "outcome": "answered", "version": visit.version}
    client = login(world.alice)
    assert client.post(f"/inloop/bezoek/{visit.pk}/", data).status_code == 302
    response = client.post(f"/inloop/bezoek/{visit.pk}/", dict(data, question="Andere"))
    assert response.status_code == 200
    assert "intussen gewijzigd" in response.content.decode()
    visit.refresh_from_db()
    assert visit.question == "Nieuwe tekst"
