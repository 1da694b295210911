"""Aid under a fund's rule, totals, the structural right, and interpreters."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from brug.aid import services
from brug.aid.models import AidRecord, Fund, InterpreterBooking
from brug.families.models import Member
from tests.conftest import give_consent, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def toom(world):
    return Fund.objects.create(network=world.network, organisation=world.home, name="TOOM-premie",
                               kind="premium", budget=Decimal("300"), child_under_years=4,
                               amount_per_child=Decimal("150"))


def record(w, fund, amount="150", on=None):
    return services.aid_record(actor=w.alice, family=w.family, record=AidRecord(
        fund=fund, amount=Decimal(amount), received_on=on or timezone.localdate()))


def test_the_premium_is_recorded_once_per_child_per_year(world, toom):
    record(world, toom)
    with pytest.raises(services.AidRefused, match="maximum € 150,00"):
        record(world, toom)
    assert AidRecord.objects.count() == 1


def test_a_family_without_a_child_under_four_is_refused(world, toom):
    Member.objects.filter(family=world.family, role="child").update(
        birth_date=timezone.localdate() - timedelta(days=6 * 365))
    with pytest.raises(services.AidRefused, match="jonger dan 4 jaar"):
        record(world, toom)


def test_an_exhausted_budget_is_refused_through_the_form(world, toom):
    toom.budget = Decimal("100")
    toom.save()
    response = login(world.alice).post(reverse("aid:add", args=[world.family.pk]), {
        "fund": toom.pk, "received_on": timezone.localdate().isoformat(), "amount": "150"})
    assert response.status_code == 200
    assert "Het budget van TOOM-premie voor deze periode is op" in response.content.decode()
    assert not AidRecord.objects.exists()


def test_food_aid_suggests_the_structural_right(world):
    food = Fund.objects.create(network=world.network, organisation=world.home, name="Voedsel",
                               kind="food_parcel", period="month", max_times_per_family=2)
    record(world, food, "25")
    body = login(world.alice).get(reverse("aid:tab", args=[world.family.pk])).content.decode()
    assert "leefloon of aanvullende OCMW-steun" in body
    assert reverse("rights:claim", args=[world.family.pk, "leefloon"]) in body


def test_totals_per_fund_hide_fewer_than_three_families_and_export_safely(world, toom):
    toom.name = "=TOOM"
    toom.save()
    record(world, toom)
    client = login(world.cora)
    assert "minder dan 3" in client.get(reverse("aid:funds")).content.decode()
    csv = client.get(reverse("aid:funds-export")).content.decode("utf-8-sig")
    assert "'=TOOM;" in csv and "150,00" in csv
    assert login(world.alice).get(reverse("aid:funds")).status_code == 404


def test_aid_is_shown_only_with_the_rights_category(world, toom):
    record(world, toom)
    give_consent(world.family, world.partner_org, ["identity"], world.alice)
    assert login(world.charlie).get(reverse("aid:tab", args=[world.family.pk])).status_code == 404
    give_consent(world.family, world.partner_org, ["rights"], world.alice)
    assert login(world.charlie).get(reverse("aid:tab", args=[world.family.pk])).status_code == 200


def test_a_child_is_never_recorded_as_interpreter(world):
    child = Member.objects.get(family=world.family, role="child")
    for booking in (InterpreterBooking(language="Arabisch", kind="adult_relative",
                                       interpreter_member=child, booked_for=date.today()),
                    InterpreterBooking(language="Arabisch", kind="adult_relative",
                                       interpreter_name="ode", booked_for=date.today())):
        with pytest.raises(ValidationError, match="Een kind tolkt nooit|kind van dit gezin"):
            services.booking_record(actor=world.alice, family=world.family, booking=booking)
    teen = Member.objects.create(family=world.family, role="other_adult", first_name="Sami",
                                 birth_date=timezone.localdate() - timedelta(days=16 * 365))
    with pytest.raises(ValidationError, match="Een kind tolkt nooit"):
        services.booking_record(actor=world.alice, family=world.family, booking=InterpreterBooking(
            language="Arabisch", kind="adult_relative", interpreter_member=teen,
            booked_for=date.today()))
    response = login(world.alice).post(reverse("aid:booking-add", args=[world.family.pk]), {
        "language": "Arabisch", "kind": "adult_relative", "interpreter_name": "Ode Test",
        "booked_for": timezone.localdate().isoformat()})
    assert "kind van dit gezin" in response.content.decode()
    assert not InterpreterBooking.objects.exists()


def test_a_professional_interpreter_is_booked_on_a_contact(world):
    from brug.trajectories.models import Contact

    contact = Contact.objects.create(family=world.family, happened_on=timezone.localdate(),
                                     minutes=30, worker=world.alice, organisation=world.home)
    response = login(world.alice).post(reverse("aid:booking-add", args=[world.family.pk]), {
        "language": "Arabisch", "kind": "phone", "interpreter_name": "Tolkendienst",
        "booked_for": timezone.localdate().isoformat(), "contact": contact.pk})
    assert response.status_code == 302
    assert InterpreterBooking.objects.get().contact == contact


def test_an_interpreter_need_is_recorded(world):
    response = login(world.alice).post(reverse("aid:need-add", args=[world.family.pk]),
                                       {"language": "Tigrinya"})
    assert response.status_code == 302
    assert "Tolk nodig: Tigrinya" in login(world.alice).get(
        reverse("aid:tab", args=[world.family.pk])).content.decode()


def test_a_second_fund_with_the_same_name_gets_a_dutch_message(world, toom):
    """The name is unique in the network; the form does not check it (the network is not one
    of its fields), so the service does: a Dutch message, not an IntegrityError."""
    other = Fund.objects.create(network=world.network, organisation=world.home, name="Andere",
                                kind="premium")
    client = login(world.cora)
    data = {"name": "TOOM-premie", "organisation": world.home.pk, "kind": "premium",
            "period": services.rules.PERIOD_NONE, "active": "on"}
    response = client.post(reverse("aid:fund-create"), data)
    assert response.status_code == 200
    assert "al een fonds met deze naam" in response.content.decode()
    response = client.post(reverse("aid:fund", args=[other.pk]),
                           {**data, "version": other.version})
    assert "al een fonds met deze naam" in response.content.decode()
    assert Fund.objects.filter(name="TOOM-premie").count() == 1
