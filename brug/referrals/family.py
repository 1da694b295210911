"""The family's referrals as the family reads them: to which service of which organisation,
what was shared, and how it went, with dates.

Never the question the worker wrote for the receiving service, nor the reasons and notes
written when it was declined, withdrawn or closed: those are the workers' wording between
organisations. The outcome is shown as its plain label.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from brug.core.categories import Category
from brug.referrals.models import Outcome, Referral, ReferralStatus


def status_text(status: str) -> str:
    texts = {
        ReferralStatus.SENT: _("Verstuurd. We wachten op een antwoord."),
        ReferralStatus.ACCEPTED: _("Aanvaard: de dienst helpt jullie verder."),
        ReferralStatus.DECLINED: _("De dienst kon jullie niet helpen."),
        ReferralStatus.WITHDRAWN: _("Ingetrokken: we stuurden de vraag niet verder."),
        ReferralStatus.CLOSED: _("Afgesloten."),
    }
    return str(texts.get(status, ""))


def outcome_text(outcome: str) -> str:
    texts = {
        Outcome.HELPED: _("Jullie werden geholpen."),
        Outcome.NOT_HELPED: _("Het lukte niet om jullie te helpen."),
        Outcome.NO_SHOW: _("Jullie konden niet gaan."),
        Outcome.REFERRED_ON: _("Jullie werden verder doorverwezen."),
    }
    return str(texts.get(outcome, ""))


def _shared(referral: Referral) -> list[str]:
    from brug.consent.family_log import THINGS

    return [str(THINGS[Category(c)]) for c in referral.category_list if c in Category.values]


def referrals_for_family(family) -> list[dict]:
    """Newest first: service, organisation, status with its dates."""
    rows = (Referral.objects.filter(family_id=family.pk)
            .select_related("service", "to_organisation", "from_organisation")
            .order_by("-sent_at", "-id"))
    out = []
    for r in rows:
        answered = timezone.localtime(r.answered_at).date() if r.answered_at else None
        closed = timezone.localtime(r.closed_at).date() if r.closed_at else None
        steps = [{"date": timezone.localtime(r.sent_at).date(),
                  "text": _("verstuurd naar %(org)s") % {"org": r.to_organisation.name}}]
        if answered and r.status in (ReferralStatus.ACCEPTED, ReferralStatus.CLOSED):
            steps.append({"date": answered, "text": _("aanvaard")})
        elif answered and r.status == ReferralStatus.DECLINED:
            steps.append({"date": answered, "text": _("niet aanvaard")})
        if closed and r.status == ReferralStatus.WITHDRAWN:
            steps.append({"date": closed, "text": _("ingetrokken")})
        elif closed:
            steps.append({"date": closed, "text": _("afgesloten")})
        out.append({
            "service": r.service.name,
            "organisation": r.to_organisation.name,
            "sent_by": r.from_organisation.name,
            "sent_on": steps[0]["date"],
            "status": r.status,
            "status_text": status_text(r.status),
            "is_open": r.is_open,
            "outcome_text": outcome_text(r.outcome) if r.outcome else "",
            "shared": _shared(r),
            "steps": steps,
        })
    return out
