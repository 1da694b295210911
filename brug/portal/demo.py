"""A fictional family with an active portal account, for `make run` (README lists it)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from brug.consent.models import SharingConsent, consents_in_force
from brug.portal.models import AccountStatus, FamilyAccount

PORTAL_LOGIN = "fatima-demo"
PORTAL_PIN = "731946"
PORTAL_LANGUAGE = "ar"


def _pick(ctx):
    """The first demo family with a running mandate and a consent in force (so the portal
    has something to show and to withdraw)."""
    for family in ctx.families:
        if not family.mandates.filter(ended_on__isnull=True).exists():
            continue
        if family.contact_worker is None:
            continue
        if SharingConsent.objects.filter(consents_in_force(ctx.today), family=family).exists():
            return family
    return None


def load(ctx) -> None:
    family = _pick(ctx)
    if family is None:
        return
    parent = family.members.filter(role="parent").order_by("id").first()
    parent.first_name = "Fatima"
    parent.languages = "Arabisch, Nederlands"
    parent.save(update_fields=["first_name", "languages"])
    family.home_languages = "Arabisch, Nederlands"
    family.save(update_fields=["home_languages"])
    if family.contact_worker.phone == "":
        family.contact_worker.phone = "0470 99 00 11"
        family.contact_worker.save(update_fields=["phone"])
    user = get_user_model().objects.create_user(username=PORTAL_LOGIN, password=PORTAL_PIN)
    FamilyAccount.objects.create(user=user, family=family, member=parent,
                                 created_by=family.contact_worker, language=PORTAL_LANGUAGE,
                                 status=AccountStatus.ACTIVE)
    ctx.portal_family = family
