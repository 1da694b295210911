"""The childcare desk through its services and pages: requests, the allocation, offers,
the price page, and who sees what."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from brug.childcare import services
from brug.childcare.models import (
    ChildcareRequest,
    ChildcareRules,
    Offer,
    OfferStatus,
    PriceInputs,
    Provider,
    RequestStatus,
)
from brug.core.locking import StaleEdit
from brug.core.models import AuditAction, AuditEvent
from tests.conftest import give_consent, login, make_family


@pytest.fixture
def desk(world):
    w = world
    ChildcareRules.objects.create(network=w.network, priority_share=25, desk_organisation=w.hub)
    w.nest = Provider.objects.create(network=w.network, name="'t Nestje", municipality="Teststad",
                                     neighbourhood="Noord", baby_places=1, toddler_places=1,
                                     organisation=w.partner_org)
    w.child = w.family.members.get(role="child")
    return w


def _request(w, family=None, child=None, grounds="", **kw):
    family = family or w.family
    child = child or family.members.get(role="child")
    kw.setdefault("start_date", timezone.localdate() + timedelta(days=30))
    req = ChildcareRequest(municipality="Teststad", grounds=grounds, **kw)
    return services.request_create(actor=family.contact_worker, family=family, request=req,
                                   children=[child],
                                   consent_given_by=family.members.get(role="parent"))


def test_a_request_needs_the_familys_consent_to_reach_the_desk(desk):
    w = desk
    req = ChildcareRequest(municipality="Teststad", start_date=timezone.localdate())
    with pytest.raises(ValidationError) as exc:
        services.request_create(actor=w.alice, family=w.family, request=req, children=[w.child])
    assert "consent_given_by" in exc.value.message_dict
    assert not ChildcareRequest.objects.exists()
    made = _request(w, grounds=",single_parent,")
    assert made.status == RequestStatus.OPEN
    assert made.events.get().text.startswith("Aanvraag ingediend")
    assert AuditEvent.objects.filter(family_id=w.family.pk, action=AuditAction.CREATE,
                                     category="plan").exists()


def test_a_child_of_three_or_a_parent_is_refused(desk):
    w = desk
    w.child.birth_date = timezone.localdate() - timedelta(days=4 * 365)
    w.child.save()
    with pytest.raises(ValidationError) as exc:
        _request(w)
    assert "tot 3 jaar" in exc.value.message_dict["children"][0]
    with pytest.raises(ValidationError):
        _request(w, child=w.parent)


def test_priority_family_gets_the_place_and_the_desk_sees_why(desk):
    w = desk
    other = make_family(w.home, w.alice, name="Gezin Later")
    first = _request(w)  # no priority, earlier
    ChildcareRequest.objects.filter(pk=first.pk).update(
        requested_on=timezone.localdate() - timedelta(days=5))
    second = _request(w, family=other, grounds=",single_parent,")
    # Only one baby place: 25% of 1 is reserved (rounded up) for priority.
    _rules, _p, _r, result = services.allocation_inputs(w.network.pk)
    assert [p.request_id for p in result.proposals] == [second.pk]
    page = login(w.cora).get(reverse("childcare:desk"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Voorrangsplaats: het gezin heeft voorrang (alleenstaande ouder)." in text
    assert "Plaats 1 op de wachtlijst: na de gezinnen met voorrang" in text


def test_offer_accept_and_refuse_with_history(desk):
    w = desk
    req = _request(w)
    offer = services.offer_make(actor=w.cora, request_id=req.pk)
    assert offer.provider == w.nest and offer.baby_places == 1
    req.refresh_from_db()
    assert req.status == RequestStatus.OFFERED
    with pytest.raises(ValidationError):  # no second offer while one runs
        services.offer_make(actor=w.cora, request_id=req.pk)
    services.offer_decide(actor=w.alice, offer=offer, accept=False, note="Te ver",
                          expected_version=offer.version)
    req.refresh_from_db()
    assert req.status == RequestStatus.OPEN
    # The refused provider is not proposed again.
    _rules, _p, _r, result = services.allocation_inputs(w.network.pk)
    assert result.proposals == ()
    assert [e.text for e in req.events.all()][0].startswith("Plaats bij %(provider)s geweigerd")


def test_a_stale_decision_is_refused(desk):
    w = desk
    offer = services.offer_make(actor=w.cora, request_id=_request(w).pk)
    services.offer_decide(actor=w.alice, offer=offer, accept=True,
                          expected_version=offer.version)
    with pytest.raises(StaleEdit):
        services.offer_decide(actor=w.alice, offer=offer, accept=False,
                              expected_version=offer.version)
    assert Offer.objects.get().status == OfferStatus.ACCEPTED


def test_offer_page_decides_through_http(desk):
    w = desk
    offer = services.offer_make(actor=w.cora, request_id=_request(w).pk)
    url = reverse("childcare:offer", args=[w.family.pk, offer.pk])
    client = login(w.alice)
    page = client.get(url)
    assert "Waarom dit voorstel" in page.content.decode()
    response = client.post(url, {"version": offer.version, "decision": "accept", "note": ""})
    assert response.status_code == 302
    assert ChildcareRequest.objects.get().status == RequestStatus.PLACED


def test_only_the_desk_sees_the_allocation(desk):
    w = desk
    assert login(w.cora).get(reverse("childcare:desk")).status_code == 200
    for worker in (w.alice, w.charlie, w.olga, w.vera, w.adam):
        assert login(worker).get(reverse("childcare:desk")).status_code == 404


def test_a_family_that_shared_nothing_with_the_desk_keeps_its_place_unnamed(desk):
    w = desk
    req = _request(w)
    w.family.refresh_from_db()
    from brug.consent.models import SharingConsent

    SharingConsent.objects.filter(family=w.family).update(withdrawn_on=timezone.now())
    text = login(w.cora).get(reverse("childcare:desk")).content.decode()
    assert f"Aanvraag nr. {req.pk} (niet gedeeld met jou)" in text
    assert w.family.display_name not in text
    with pytest.raises(PermissionDenied):
        services.offer_make(actor=w.cora, request_id=req.pk)


def test_the_provider_sees_only_what_the_family_shared_with_it(desk):
    w = desk
    offer = services.offer_make(actor=w.cora, request_id=_request(w).pk)
    url = reverse("childcare:provider", args=[w.nest.pk])
    text = login(w.charlie).get(url).content.decode()
    assert "Een gezin (naam niet gedeeld)" in text and w.family.display_name not in text
    give_consent(w.family, w.partner_org, ["identity"], w.alice)
    text = login(w.charlie).get(url).content.decode()
    assert w.family.display_name in text
    assert "dagen per week" not in text  # the request itself is plan: not shared
    give_consent(w.family, w.partner_org, ["plan"], w.alice)
    assert f"{offer.request.days_per_week} dagen per week" in login(w.charlie).get(url) \
        .content.decode()
    assert login(w.olga).get(url).status_code == 404


def test_price_page_saves_inputs_and_refuses_impossible_income(desk):
    w = desk
    url = reverse("childcare:price", args=[w.family.pk])
    client = login(w.alice)
    data = {"income": "-5", "children_in_charge": 1, "multiple_births": 0,
            "reduction": "none"}
    page = client.post(url, data)
    assert page.status_code == 200
    assert "Een inkomen kan niet negatief zijn." in page.content.decode()
    assert not PriceInputs.objects.exists()
    data["income"] = "30.000,00"
    assert client.post(url, data).status_code == 302
    assert PriceInputs.objects.get().income == Decimal("30000.00")
    text = client.get(url + "?op=2014-06-01").content.decode()
    assert "€ 11,55" in text and "te verifiëren" in text
    text = client.get(url).content.decode()
    assert "Niet te berekenen" in text and "nog niet gekend" in text
    assert AuditEvent.objects.filter(family_id=w.family.pk, category="rights",
                                     action=AuditAction.VIEW).exists()


def test_price_page_is_rights_data(desk):
    w = desk
    url = reverse("childcare:price", args=[w.family.pk])
    give_consent(w.family, w.partner_org, ["plan"], w.alice)
    assert login(w.charlie).get(url).status_code == 404
    give_consent(w.family, w.partner_org, ["rights"], w.alice)
    page = login(w.charlie).get(url)
    assert page.status_code == 200 and "Bewaren en berekenen" not in page.content.decode()


def test_request_edit_with_a_stale_version_keeps_the_typed_data(desk):
    w = desk
    req = _request(w)
    url = reverse("childcare:request", args=[w.family.pk, req.pk])
    data = {"action": "edit", "version": req.version, "children": [w.child.pk],
            "start_date": req.start_date.isoformat(), "days_per_week": 4,
            "municipality": "Teststad", "neighbourhood": "Zuid", "reasons": "nieuw",
            "income_tariff_only": "on", "assisted": "on"}
    ChildcareRequest.objects.filter(pk=req.pk).update(version=req.version + 1)
    page = login(w.alice).post(url, data)
    assert page.status_code == 200 and "Iemand anders" in page.content.decode()
    assert ChildcareRequest.objects.get().days_per_week == 3
    data["version"] = req.version + 1
    assert login(w.alice).post(url, data).status_code == 302
    assert ChildcareRequest.objects.get().days_per_week == 4


def test_grounds_are_hidden_without_household(desk):
    w = desk
    _request(w, grounds=",foster,")
    url = reverse("childcare:tab", args=[w.family.pk])
    text = login(w.alice).get(url).content.decode()
    assert "pleegkind" in text and w.child.first_name in text
    give_consent(w.family, w.partner_org, ["plan"], w.alice)
    text = login(w.charlie).get(url).content.decode()
    assert "pleegkind" not in text and w.child.first_name not in text


def test_rules_need_at_least_twenty_percent(desk):
    w = desk
    url = reverse("childcare:rules")
    page = login(w.cora).post(url, {"priority_share": 10, "ground_codes": ["foster"],
                                    "version": 1})
    assert page.status_code == 200
    assert ChildcareRules.objects.get().priority_share == 25
    assert login(w.alice).get(url).status_code == 404


def test_the_menu_offers_the_desk_to_those_who_run_it(desk):
    """The coordinators and the desk organisation's home roles; the menu is cached per
    `menu_key`, so the flag must change the key; a new desk organisation shows at once."""
    from tests.conftest import make_worker

    w = desk
    desk_url = reverse("childcare:desk")
    hub_worker = make_worker("hanne", w.hub, "supporter", "Hanne Hub")
    assert f'href="{desk_url}"' in login(w.cora).get(reverse("families:list")).content.decode()
    assert f'href="{desk_url}"' in login(hub_worker).get(reverse("families:list")).content.decode()
    page = login(w.alice).get(reverse("families:list")).content.decode()
    assert f'href="{desk_url}"' not in page
    assert login(w.alice).get(desk_url).status_code in (403, 404)
    rules = ChildcareRules.objects.get(network=w.network)
    rules.desk_organisation = w.home
    services.rules_save(actor=w.cora, rules=rules, expected_version=rules.version,
                        fields=["desk_organisation"])
    page = login(w.alice).get(reverse("families:list")).content.decode()
    assert f'href="{desk_url}"' in page
    assert login(w.alice).get(desk_url).status_code == 200
    assert f'href="{desk_url}"' not in login(hub_worker).get(
        reverse("families:list")).content.decode()


def test_the_menus_desk_flag_is_one_cache_read_and_a_commit_writes_the_new_desk(
        desk, monkeypatch, django_capture_on_commit_callbacks):
    """The menu asks for the desk organisation on every page: one cache key, no version key
    first. A save removes the entry at once and writes the new desk when it commits, and a
    reader that read the rules before the commit cannot put the old desk back."""
    from django.core.cache import cache

    w = desk
    cache.clear()
    read = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: read.append(key) or real_get(
        key, *a, **k))
    assert services.desk_organisation_id(w.network.pk) == w.hub.pk
    assert services.desk_organisation_id(w.network.pk) == w.hub.pk
    assert read == [services._desk_key(w.network.pk)] * 2
    rules = ChildcareRules.objects.get(network=w.network)
    rules.desk_organisation = w.home
    with django_capture_on_commit_callbacks(execute=True):
        services.rules_save(actor=w.cora, rules=rules, expected_version=rules.version,
                            fields=["desk_organisation"])
        assert cache.get(services._desk_key(w.network.pk)) is None  # removed at once
    cache.add(services._desk_key(w.network.pk), w.hub.pk)  # a late reader's stale value
    assert services.desk_organisation_id(w.network.pk) == w.home.pk
