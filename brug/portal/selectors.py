"""What the family sees in the portal: always its own family, never internal notes."""

from __future__ import annotations

from django.utils import timezone

from brug.access.policy import is_read_only
from brug.appointments.family import upcoming_for_family


def _phone_digits(phone: str) -> str:
    """+32 470 12 34 56 → 32470123456 (wa.me wants the international number, digits only);
    a Belgian 04.. number gets its country code."""
    digits = "".join(c for c in phone if c.isdigit())
    if phone.strip().startswith("+"):
        return digits
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0"):
        return "32" + digits[1:]
    return digits


def contact_person(family) -> dict | None:
    worker = family.contact_worker
    if worker is None:
        return None
    organisation = worker.organisation
    phone = worker.phone or organisation.phone
    info = {"name": worker.display_name, "organisation": organisation.name, "phone": phone}
    if phone:
        digits = _phone_digits(phone)
        info["tel"] = "+" + digits
        info["whatsapp"] = f"https://wa.me/{digits}"
        info["sms"] = "sms:+" + digits
    return info


def appointments(family, limit: int = 4) -> list[dict]:
    """Planned reviews and case conferences of the family's open trajectories: the date
    only (never their notes)."""
    from brug.trajectories.models import CaseConference, Review

    today = timezone.localdate()
    items = [
        {"kind": "review", "date": r.due_on, "programme": r.trajectory.programme.name}
        for r in Review.objects.filter(trajectory__family_id=family.pk, held_on__isnull=True,
                                       trajectory__closed_on__isnull=True)
        .select_related("trajectory__programme").order_by("due_on")[:10]
    ]
    items += [
        {"kind": "conference", "date": c.due_by, "programme": c.trajectory.programme.name}
        for c in CaseConference.objects.filter(trajectory__family_id=family.pk,
                                               held_on__isnull=True,
                                               trajectory__closed_on__isnull=True)
        .select_related("trajectory__programme").order_by("due_by")[:10]
    ]
    for item in items:
        item["overdue"] = item["date"] is not None and item["date"] < today
    # The next few only: a trajectory plans its reviews a year or two ahead.
    return sorted(items, key=lambda i: (i["date"] is None, i["date"] or today))[:limit]


def home_context(account) -> dict:
    family = account.family
    return {
        "account": account,
        "contact": contact_person(family),
        "appointments": appointments(family),
        "visits": upcoming_for_family(family),
        "read_only": is_read_only(family),
    }


def consents_for_family(family) -> list:
    """Every consent, in force and past, with its categories in plain words."""
    from brug.consent.models import SharingConsent
    from brug.portal.words import category_words

    today = timezone.localdate()
    consents = list(SharingConsent.objects.filter(family_id=family.pk)
                    .select_related("organisation").order_by("-valid_from", "-id"))
    for c in consents:
        c.in_force = c.is_in_force(today)
        c.words = category_words(c.categories)
    return consents


def consent_for_family(family, consent_id: int):
    from django.http import Http404

    from brug.consent.models import SharingConsent

    consent = (SharingConsent.objects.select_related("organisation")
               .filter(family_id=family.pk, pk=consent_id).first())
    if consent is None:
        raise Http404
    return consent


def active_mandate(family):
    from brug.consent.models import Mandate

    return Mandate.objects.filter(family_id=family.pk, ended_on__isnull=True).first()


def messages_for_family(family) -> list:
    from brug.portal.models import MessageKind, PortalMessage

    return list(PortalMessage.objects.filter(family_id=family.pk)
                .exclude(kind=MessageKind.NOTICE).select_related("account__member")[:50])
