"""Programme rules on who may refer (practice rules §3).

A directory service can be the door to a programme (`Service.programme`): the GO-team takes
families only from the police, Kind en Gezin and CLB. `Programme.referrer_kinds` lists the
organisation kinds that may refer into it; empty means every organisation may. A service that
is no programme's door has no rule here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from brug.network.models import OrganisationKind


@dataclass(frozen=True)
class RuleDecision:
    allowed: bool
    reason: str = ""


def kind_labels(kinds) -> list[str]:
    """Labels of organisation kinds, in the fixed order of `OrganisationKind`."""
    chosen = set(kinds)
    return [str(k.label) for k in OrganisationKind if k.value in chosen]


def plain_list(labels: list[str], last_word: str) -> str:
    """'a, b of c' — a list the way people say it."""
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} {last_word} {labels[-1]}"


def referrers_text(programme) -> str:
    """Who may refer into `programme`, in words ('elke organisatie' when open to all)."""
    kinds = programme.referrer_kind_list
    if not kinds:
        return _("elke organisatie")
    return plain_list(kind_labels(kinds), _("en"))


def may_refer(*, actor, family, service) -> RuleDecision:
    """May `actor` refer `family` to `service` under the rules of the programme behind it?"""
    programme = service.programme
    if programme is None:
        return RuleDecision(True)
    kinds = programme.referrer_kind_list
    if not kinds or actor.organisation.kind in kinds:
        return RuleDecision(True)
    return RuleDecision(False, _(
        "%(service)s is de instap in %(programme)s. Daar kunnen alleen %(kinds)s een gezin "
        "doorverwijzen; %(org)s (%(kind)s) kan dat niet. Vraag het aan een van hen, of kies een "
        "andere dienst.") % {
            "service": service.name, "programme": programme.name,
            "kinds": plain_list(kind_labels(kinds), _("of")),
            "org": actor.organisation.short_name,
            "kind": actor.organisation.get_kind_display()})
