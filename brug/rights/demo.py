"""Fictional rights facts and claims for the demo families (deterministic). Never real people."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError

from brug.access import policy
from brug.core.categories import Category
from brug.rights import services
from brug.rights.models import ClaimStatus

BANDS = ["lt_15k", "lt_15k", "b15k_25k", "b15k_25k", "b25k_35k", "b35k_45k"]
HOUSING = ["private_rent", "private_rent", "social_rent", "waiting_list_social_housing", "owner"]
CLAIMS = [
    ("groeipakket_sociale_toeslag", [ClaimStatus.DISCUSSED, ClaimStatus.APPLIED]),
    ("verhoogde_tegemoetkoming", [ClaimStatus.DISCUSSED, ClaimStatus.APPLIED,
                                  ClaimStatus.GRANTED]),
    ("huurpremie", [ClaimStatus.DISCUSSED]),
    ("studietoelage", [ClaimStatus.APPLIED, ClaimStatus.REFUSED, ClaimStatus.OBJECTION]),
    ("demostad_premie_jonge_kinderen", [ClaimStatus.DISCUSSED, ClaimStatus.APPLIED]),
]


def _school_level(age: int | None) -> str | None:
    if age is None or age < 3:
        return None
    return "kleuter" if age < 6 else "lager" if age < 12 else "secundair"


def load(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    for i, family in enumerate(ctx.families):
        actor = family.contact_worker
        if actor is None or not policy.access_for(actor, family).can_change(Category.RIGHTS):
            continue
        if i % 3 == 2:
            continue  # a third of the families: nothing asked yet
        facts = {"income_band": BANDS[rng.randrange(len(BANDS))],
                 "housing": HOUSING[rng.randrange(len(HOUSING))]}
        if rng.random() < 0.5:
            facts["receives_leefloon"] = rng.random() < 0.3
        if rng.random() < 0.5:
            facts["has_verhoogde_tegemoetkoming"] = rng.random() < 0.5
        if facts["housing"] in ("private_rent", "waiting_list_social_housing"):
            facts["monthly_rent"] = rng.randrange(550, 950, 25)
        for member in family.members.filter(role="child"):
            level = _school_level(member.age_on(today))
            if level and rng.random() < 0.7:
                facts[f"member:{member.pk}:school_level"] = level
        for key, value in facts.items():
            try:
                services.fact_record(actor=actor, family=family, key=key, value=value, on=today)
            except (ValidationError, PermissionDenied):
                continue
        if i % 4 == 0:
            right_id, steps = CLAIMS[(i // 4) % len(CLAIMS)]
            version = None
            for n, status in enumerate(steps):
                claim = services.claim_change(
                    actor=actor, family=family, right_id=right_id, status=status,
                    happened_on=today - timedelta(days=10 * (len(steps) - n)),
                    note="Samen het formulier ingevuld." if status == ClaimStatus.APPLIED else "",
                    expected_version=version)
                version = claim.version
