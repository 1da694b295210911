"""One open concern in the demo network (fictional): recorded by the contact person, the
Vertrouwenscentrum consulted, the family not told yet, a review due within two weeks."""

from __future__ import annotations

from datetime import timedelta

from brug.concerns import services
from brug.concerns.models import Concern


def load(ctx) -> None:
    family = None
    for candidate in ctx.families:
        worker = candidate.contact_worker
        if worker is not None and candidate.mandates.filter(ended_on__isnull=True).exists() \
                and candidate.members.filter(role="child").exists():
            family = candidate
            break
    if family is None:
        return
    services.concern_record(actor=family.contact_worker, family=family, concern=Concern(
        child=family.members.filter(role="child").first(),
        observed_on=ctx.today - timedelta(days=3),
        seen="Bij het huisbezoek had het jongste kind blauwe plekken op beide bovenarmen; "
             "de moeder zei dat het gevallen was.",
        consulted=",vk,team,",
        consulted_note="Het VK raadt aan het gezin te blijven volgen en samen hulp te zoeken.",
        decision="follow_up",
        decision_reason="Het gezin werkt goed mee; we bespreken het volgende week samen.",
        family_told="withheld",
        withheld_reason="De moeder vertelde dat haar partner geweld gebruikt als hij hoort "
                        "dat hulpverleners zich zorgen maken.",
        review_on=ctx.today + timedelta(days=10)))
