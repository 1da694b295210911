"""Fictional referrals between demo families and demo services."""

from __future__ import annotations

from brug.directory.models import Service
from brug.referrals import services


def load(ctx) -> None:
    net = ctx.network
    woon = Service.objects.get(network=net, name="Woonbegeleiding")
    clb = Service.objects.get(network=net, name="Schoolloopbaan en leerlingenbegeleiding")
    made = 0
    for i, family in enumerate(ctx.families):
        if made >= 6 or not family.mandates.filter(ended_on__isnull=True).exists():
            continue
        if family.organisation_id == woon.provider.organisation_id:
            continue
        parent = family.members.filter(role="parent").first()
        actor = family.contact_worker
        referral = services.referral_send(
            actor=actor, family=family, service=woon if i % 2 == 0 else clb,
            question="Het gezin zoekt hulp en wil zijn verhaal maar één keer vertellen.",
            categories=["identity", "contact"], urgency="normal", consent_given_by=parent)
        receiver = ctx.workers["an"] if referral.to_organisation.short_name == "CAW" \
            else ctx.workers["jens"]
        if made % 3 == 1:
            services.referral_accept(actor=receiver, referral=referral)
        elif made % 3 == 2:
            referral = services.referral_accept(actor=receiver, referral=referral)
            services.referral_close(actor=receiver, referral=referral, outcome="helped")
        made += 1
