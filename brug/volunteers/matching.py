"""Matching volunteers to a family's request: scores, a ranking and the reasons in plain Dutch.

Framework-free (no Django): the services hand it plain values, the view translates the
reasons. Domo's practice (practice-rules §4): one volunteer per family for a long time, so a
good match on skills, language, nearness and free time matters more than anything else.

Weights are deliberately simple and written down here, so a coordinator can be told why a
volunteer is suggested: every point of a score comes with a reason.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


def gettext_noop(text: str) -> str:
    """Marks a Dutch reason for the translation catalogue; the view translates it."""
    return text


DAYS = [
    ("mon", gettext_noop("maandag")),
    ("tue", gettext_noop("dinsdag")),
    ("wed", gettext_noop("woensdag")),
    ("thu", gettext_noop("donderdag")),
    ("fri", gettext_noop("vrijdag")),
    ("sat", gettext_noop("zaterdag")),
    ("sun", gettext_noop("zondag")),
]
PARTS = [
    ("am", gettext_noop("voormiddag")),
    ("pm", gettext_noop("namiddag")),
    ("ev", gettext_noop("avond")),
]
# "wed_pm" -> ("woensdag", "namiddag"): one weekday part of a week.
SLOTS: dict[str, tuple[str, str]] = {
    f"{d}_{p}": (day, part) for d, day in DAYS for p, part in PARTS
}

HELP_KINDS = {
    "company": gettext_noop("een babbel en gezelschap"),
    "paperwork": gettext_noop("papieren en administratie"),
    "parenting": gettext_noop("opvoeden en spelen met de kinderen"),
    "homework": gettext_noop("huiswerk"),
    "leisure": gettext_noop("vrije tijd en uitstappen"),
    "shopping": gettext_noop("boodschappen"),
    "dutch": gettext_noop("Nederlands oefenen"),
    "network": gettext_noop("de weg vinden naar diensten en verenigingen"),
}

W_LANGUAGE = 30      # per shared language (the family's own language first of all)
W_NEIGHBOURHOOD = 25  # lives in the family's neighbourhood
W_MUNICIPALITY = 10  # lives in the same municipality (not the same neighbourhood)
W_FIRST_SLOT = 20    # free at one of the family's times
W_MORE_SLOTS = 5     # each further shared time (at most three more)
W_HELP = 15          # per kind of help asked that the volunteer offers
W_EXPERIENCE = 2     # per year of experience, at most 10 points
EXPERIENCE_CAP = 10


@dataclass(frozen=True)
class Reason:
    """One reason, as a Dutch template with its values; `text()` fills it in."""

    template: str
    params: tuple[tuple[str, str], ...] = ()
    points: int = 0

    def text(self, translate: Callable[[str], str] = lambda s: s) -> str:
        values = {k: translate(v) for k, v in self.params}
        return translate(self.template) % values


@dataclass(frozen=True)
class Candidate:
    """A volunteer as matching sees them. Strings are compared case-insensitively."""

    id: int
    languages: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()
    neighbourhoods: frozenset[str] = frozenset()
    municipality: str = ""
    availability: frozenset[str] = frozenset()
    experience_years: int = 0
    free_places: int = 1


@dataclass(frozen=True)
class Need:
    """What a family's request asks for."""

    help_kinds: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    neighbourhood: str = ""
    municipality: str = ""
    times: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Suggestion:
    candidate_id: int
    score: int
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    def texts(self, translate: Callable[[str], str] = lambda s: s) -> list[str]:
        return [r.text(translate) for r in self.reasons]


def norm(value: str) -> str:
    return " ".join(value.split()).casefold()


def norm_set(values: Iterable[str]) -> frozenset[str]:
    return frozenset(n for v in values if (n := norm(v)))


def _language_label(language: str) -> str:
    return language[:1].upper() + language[1:]


def score(candidate: Candidate, need: Need) -> Suggestion | None:
    """The candidate's score for this need with its reasons; None when the volunteer has no
    free place (they already support as many families as they want to)."""
    if candidate.free_places <= 0:
        return None
    reasons: list[Reason] = []
    shared = sorted(candidate.languages & need.languages)
    for language in shared:
        reasons.append(Reason(gettext_noop("spreekt %(language)s"),
                              (("language", _language_label(language)),), W_LANGUAGE))
    if need.neighbourhood and need.neighbourhood in candidate.neighbourhoods:
        reasons.append(Reason(gettext_noop("woont in de wijk"), (), W_NEIGHBOURHOOD))
    elif need.municipality and need.municipality == candidate.municipality:
        reasons.append(Reason(gettext_noop("woont in dezelfde gemeente"), (), W_MUNICIPALITY))
    slots = [s for s, _ in _ordered_slots() if s in candidate.availability and s in need.times]
    for i, slot in enumerate(slots[:4]):
        day, part = SLOTS[slot]
        reasons.append(Reason(gettext_noop("%(day)s%(part)s vrij"),
                              (("day", day), ("part", part)),
                              W_FIRST_SLOT if i == 0 else W_MORE_SLOTS))
    for kind in sorted(candidate.skills & need.help_kinds):
        reasons.append(Reason(gettext_noop("helpt graag met %(help)s"),
                              (("help", HELP_KINDS.get(kind, kind)),), W_HELP))
    if candidate.experience_years > 0:
        years = candidate.experience_years
        reasons.append(Reason(
            gettext_noop("1 jaar ervaring") if years == 1
            else gettext_noop("%(years)s jaar ervaring"),
            () if years == 1 else (("years", str(years)),),
            min(years * W_EXPERIENCE, EXPERIENCE_CAP)))
    return Suggestion(candidate.id, sum(r.points for r in reasons), tuple(reasons))


_SLOT_ORDER = list(SLOTS.items())


def _ordered_slots():
    return _SLOT_ORDER


def rank(candidates: Iterable[Candidate], need: Need, *, limit: int = 10) -> list[Suggestion]:
    """The best `limit` volunteers for this need, highest score first (ties: lowest id, so the
    order is stable). Volunteers without a free place are left out; a volunteer that matches
    on nothing scores 0 and comes last."""
    scored = (s for c in candidates if (s := score(c, need)) is not None)
    return heapq.nsmallest(limit, scored, key=lambda s: (-s.score, s.candidate_id))
