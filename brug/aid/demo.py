"""A TOOM premium fund (€150 per child under 4, per year) with payments, and a food-aid fund."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError

from brug.aid import services
from brug.aid.models import AidRecord, Fund, InterpreterNeed


def load(ctx) -> None:
    ocmw = ctx.organisations["ocmw"]
    toom = Fund.objects.create(
        network=ctx.network, organisation=ocmw, name="TOOM-premie", kind="premium",
        period="year", budget=Decimal("15000"), child_under_years=4,
        amount_per_child=Decimal("150"))
    food = Fund.objects.create(
        network=ctx.network, organisation=ctx.organisations["schakel"],
        name="Voedselpakketten De Schakel", kind="food_parcel", period="month",
        max_times_per_family=2)
    paid = 0
    on = max(ctx.today - timedelta(days=30), ctx.today.replace(month=1, day=1))
    for family in ctx.families:
        if family.contact_worker is None or not family.mandates.filter(
                ended_on__isnull=True).exists():
            continue
        situation = services.situation(toom, family, on, Decimal("0"))
        amount = toom.rule() and services.rules.suggested_amount(toom.rule(), situation)
        if amount and paid < 12:
            try:
                services.aid_record(actor=family.contact_worker, family=family, record=AidRecord(
                    fund=toom, received_on=on, amount=amount, note="Jaarlijkse premie"))
                paid += 1
            except ValidationError:
                pass
    for family in ctx.families[:6]:
        if family.contact_worker is None or not family.mandates.filter(
                ended_on__isnull=True).exists():
            continue
        try:
            services.aid_record(actor=family.contact_worker, family=family, record=AidRecord(
                fund=food, received_on=ctx.today - timedelta(days=3), amount=Decimal("25"),
                note="Pakket met verse groenten"))
        except ValidationError:
            pass
    for family in ctx.families[:3]:
        if family.home_languages and "Nederlands" not in family.home_languages and \
                family.contact_worker is not None:
            InterpreterNeed.objects.create(family=family, language=family.home_languages
                                           .split(",")[0].strip(), created_by=family.contact_worker)
