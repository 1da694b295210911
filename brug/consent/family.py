"""The family's agreements as the family reads them: its mandate(s) and every consent to
share, in plain words. The reason a worker wrote when a consent was withdrawn or a mandate
ended is not shown (the family knows why it stopped; the text is the worker's)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from brug.consent.family_log import THINGS
from brug.consent.models import Mandate, SharingConsent
from brug.core.categories import Category


def mandates_for_family(family) -> list[dict]:
    rows = Mandate.objects.filter(family_id=family.pk).select_related("given_by")
    return [{"given_by": m.given_by.first_name or str(m.given_by), "given_on": m.given_on,
             "what_for": m.scope, "programme": m.programme, "ended_on": m.ended_on,
             "is_active": m.is_active} for m in rows]


def consents_for_family(family) -> list[dict]:
    today = timezone.localdate()
    rows = SharingConsent.objects.filter(family_id=family.pk).select_related(
        "organisation", "given_by")
    out = []
    for c in rows:
        if c.withdrawn_on is not None:
            state = _("Ingetrokken")
        elif c.is_in_force(today):
            state = _("Geldt nu")
        elif c.valid_from > today:
            state = _("Geldt later")
        else:
            state = _("Voorbij")
        out.append({
            "id": c.pk,
            "organisation": c.organisation.name,
            "what": [str(THINGS[Category(k)]) for k in c.category_list if k in Category.values],
            "why": c.purpose,
            "given_by": (c.given_by.first_name or str(c.given_by)) if c.given_by else "",
            "from": c.valid_from,
            "until": c.valid_until,
            "withdrawn_on": timezone.localtime(c.withdrawn_on).date() if c.withdrawn_on else None,
            "in_force": c.is_in_force(today),
            "state": str(state),
        })
    return out
