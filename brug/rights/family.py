"""The family's rights as the family reads them: plain names, never ids or fact keys.

- `rights_for_family(family)`: which rights the check found (not yet applied for), which were
  applied for and how each claim stands (with its dated steps), and which the family already
  receives; each with what to bring, where to go and how to apply, from the catalogue.
  Never the worker's notes on a claim, never the facts' keys or the engine's reasoning.
- `log_detail(detail, family_id)`: the plain phrase for the rights app's audit details
  ("gegeven voor rechten: member:2:school_level" → "wat we weten over de school van Ode"),
  registered with `consent.family_log` (see RightsConfig.ready).

Catalogue texts go through gettext at read time, so they follow the family's language as
soon as the catalogue's texts have translations (docs/i18n.md); until then they are Dutch.
"""

from __future__ import annotations

import re
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from brug.families.models import Member
from brug.rights import selectors
from brug.rights.engine import Status
from brug.rights.engine.vocabulary import FACTS
from brug.rights.models import MEMBER_PREFIX, RECEIVED_PREFIX, ClaimStatus, RightClaim


def _claim_text(status: str) -> str:
    texts = {
        ClaimStatus.DISCUSSED: _("We spraken erover."),
        ClaimStatus.APPLIED: _("Aangevraagd. We wachten op een antwoord."),
        ClaimStatus.GRANTED: _("Toegekend: jullie krijgen het."),
        ClaimStatus.REFUSED: _("Geweigerd."),
        ClaimStatus.OBJECTION: _("Jullie maakten bezwaar. We wachten op een antwoord."),
    }
    return str(texts.get(status, ""))


def _step_text(status: str) -> str:
    texts = {
        ClaimStatus.DISCUSSED: _("besproken"),
        ClaimStatus.APPLIED: _("aangevraagd"),
        ClaimStatus.GRANTED: _("toegekend"),
        ClaimStatus.REFUSED: _("geweigerd"),
        ClaimStatus.OBJECTION: _("bezwaar gemaakt"),
    }
    return str(texts.get(status, ""))


def _text(value: str) -> str:
    """A catalogue text in the active language when translated (else as written)."""
    return _(value) if value else ""


def _right(right) -> dict:
    return {
        "name": _text(right.name),
        "about": _text(right.description),
        "who_gives_it": _text(right.granting_body),
        "how": _text(right.how_to_apply),
        "where": _text(right.where),
        "when": _text(right.when),
        "bring": [_text(d) for d in right.documents],
    }


def rights_for_family(family, on: date | None = None) -> dict:
    """{"found": [...], "claims": [...], "received": [names], "found_likely": n,
    "found_possibly": n, "incomplete": bool} (see docs/family-pages.md)."""
    on = on or timezone.localdate()
    dossier = selectors.dossier_of(family, on)
    evaluation, errors = selectors.evaluation_of(dossier, on)
    catalogue = selectors.catalogue()
    claims = list(RightClaim.objects.filter(family_id=family.pk)
                  .prefetch_related("events").order_by("-status_on", "right_id"))
    claimed = {c.right_id for c in claims}
    found, received = [], []
    if evaluation is not None:
        rank = {Status.LIKELY: 0, Status.POSSIBLY: 1}
        results = sorted((r for r in evaluation.results
                          if r.status in rank and r.right.id not in claimed),
                         key=lambda r: (rank[r.status], r.right.name))
        for r in results:
            item = _right(r.right)
            item["chance"] = ("likely" if r.status == Status.LIKELY else "possibly")
            item["chance_text"] = (
                _("Jullie hebben waarschijnlijk recht hierop.") if r.status == Status.LIKELY
                else _("Misschien hebben jullie hier recht op. We moeten nog iets nagaan."))
            found.append(item)
        received = sorted(_text(r.right.name) for r in evaluation.results
                          if r.status == Status.RECEIVED and r.right.id not in claimed)
    out_claims = []
    for claim in claims:
        right = catalogue.by_id.get(claim.right_id)
        if right is None:
            continue  # a right no longer in the catalogue: no name to show
        item = _right(right)
        item.update({
            "status": claim.status,
            "status_text": _claim_text(claim.status),
            "since": claim.status_on,
            "steps": [{"date": e.happened_on, "text": _step_text(e.status)}
                      for e in claim.events.all()],
        })
        out_claims.append(item)
    return {"found": found, "claims": out_claims, "received": received,
            "found_likely": sum(1 for r in found if r["chance"] == "likely"),
            "found_possibly": sum(1 for r in found if r["chance"] == "possibly"),
            "incomplete": evaluation is None or bool(errors)}


# The audit trail, for the family ----------------------------------------------------------

FACT_DETAIL = re.compile(r"^gegeven voor rechten: (\S+)$")
CLAIM_DETAIL = re.compile(r"^aanvraag (\S+): ")


def _fact_phrase(key: str, family_id: int) -> str:
    if key.startswith(RECEIVED_PREFIX):
        right = selectors.catalogue().by_id.get(key[len(RECEIVED_PREFIX):])
        if right is not None:
            return _("wat we weten over %(right)s") % {"right": _text(right.name)}
    elif key.startswith(MEMBER_PREFIX):
        parts = key.split(":")
        if len(parts) == 3 and parts[1].isdecimal():
            name = (Member.objects.filter(family_id=family_id, pk=int(parts[1]))
                    .values_list("first_name", flat=True).first())
            if name and parts[2] == "school_level":
                return _("wat we weten over de school van %(name)s") % {"name": name}
            if name and parts[2] == "disability":
                return _("wat we weten over een handicap van %(name)s") % {"name": name}
    elif key in FACTS:
        return _("wat we weten over ‘%(fact)s’") % {"fact": _text(FACTS[key].label)}
    return _("een antwoord voor jullie rechten")


def log_detail(detail: str, family_id: int) -> str | None:
    match = FACT_DETAIL.match(detail)
    if match:
        return _fact_phrase(match.group(1), family_id)
    match = CLAIM_DETAIL.match(detail)
    if match:
        right = selectors.catalogue().by_id.get(match.group(1))
        if right is None:
            return _("een aanvraag voor een recht")
        return _("de aanvraag voor %(right)s") % {"right": _text(right.name)}
    return None
