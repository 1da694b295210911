"""The kansarmoede-index screening of Kind en Gezin, as a plain module.

A family is *kansarm* when it scores weak on at least 3 of 6 criteria (rights-facts.md §6).
The criteria and their definitions are data: the source publishes no numeric scoring grid, so a
network may reword a definition or change the threshold without touching code. Each criterion
may be left *unknown*; the result then says whether the unknowns could still change it.

Only Django's translation function is used, so the module is testable without a database.
This is a professional indicator ("signalen op 3 of meer domeinen"), never an official status
and never a judgement of the parents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

WEAK = "weak"
NOT_WEAK = "not_weak"
UNKNOWN = "unknown"
ANSWERS = (WEAK, NOT_WEAK, UNKNOWN)
ANSWER_LABELS = {WEAK: _("zwak"), NOT_WEAK: _("niet zwak"), UNKNOWN: _("weet ik niet")}

DEFAULT_THRESHOLD = 3

# Outcomes
KANSARM = "kansarm"
NOT_KANSARM = "not_kansarm"
UNDETERMINED = "undetermined"
OUTCOME_LABELS = {
    KANSARM: _("signalen op 3 of meer domeinen"),
    NOT_KANSARM: _("minder dan 3 domeinen met signalen"),
    UNDETERMINED: _("nog niet te zeggen: te veel vragen open"),
}


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    definition: str


# Wording after Statistiek Vlaanderen's metadata (rights-facts.md §6).
CRITERIA: tuple[Criterion, ...] = (
    Criterion("income", _("Beschikbaar maandinkomen"), _(
        "Onregelmatig maandinkomen, of beschikbaar inkomen (na schulden) lager dan het leefloon; "
        "of leven van een werkloosheidsuitkering en/of leefloon. Het aantal kinderen telt mee, "
        "het groeipakket niet.")),
    Criterion("education", _("Opleiding van de ouders"), _(
        "Hoogstens lager onderwijs, beroepsonderwijs, buitengewoon onderwijs, lager secundair "
        "niet afgemaakt, en/of niet kunnen lezen en schrijven.")),
    Criterion("work", _("Werksituatie van de ouders"), _(
        "Onzeker werk (bijvoorbeeld tijdelijke contracten), beide ouders of de alleenstaande "
        "ouder zonder werk, en/of werk in een beschutte werkplaats.")),
    Criterion("stimulation", _("Stimulatie van de kinderen"), _(
        "Weinig stimulatie van de kinderen, niet of onregelmatig naar de kleuterschool, en/of "
        "moeilijkheden in de zorg voor de kinderen.")),
    Criterion("housing", _("Huisvesting"), _(
        "Vervallen, ongezonde en/of onveilige woning (vocht, lekken, verzakking en dergelijke), "
        "te klein, en/of te weinig nutsvoorzieningen.")),
    Criterion("health", _("Gezondheid"), _(
        "Zwakke gezondheid van gezinsleden, weinig kennis van en deelname aan de "
        "gezondheidszorg, chronische ziekten en/of handicaps in het gezin.")),
)


@dataclass(frozen=True)
class Result:
    weak: int
    not_weak: int
    unknown: int
    threshold: int
    outcome: str

    @property
    def is_kansarm(self) -> bool | None:
        """True, False, or None while unknowns could still change the outcome."""
        return {KANSARM: True, NOT_KANSARM: False}.get(self.outcome)

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])

    @property
    def explanation(self) -> str:
        text = _("Zwak op %(weak)d van de %(total)d domeinen") % {
            "weak": self.weak, "total": self.weak + self.not_weak + self.unknown}
        if self.unknown:
            text += _(", %(unknown)d nog onbekend") % {"unknown": self.unknown}
        return text + "."


def evaluate(
    answers: Mapping[str, str],
    *,
    criteria: Iterable[Criterion] = CRITERIA,
    threshold: int = DEFAULT_THRESHOLD,
) -> Result:
    """Count weak criteria. A criterion missing from `answers` counts as unknown.

    kansarm: weak >= threshold. not kansarm: even if every unknown were weak, the threshold is
    not reached. Otherwise undetermined.
    """
    keys = [c.key for c in criteria]
    if threshold < 1 or threshold > len(keys):
        raise ValueError(f"threshold must be between 1 and {len(keys)}")
    extra = set(answers) - set(keys)
    if extra:
        raise ValueError(f"unknown criteria: {sorted(extra)}")
    counts = {WEAK: 0, NOT_WEAK: 0, UNKNOWN: 0}
    for key in keys:
        value = answers.get(key, UNKNOWN) or UNKNOWN
        if value not in counts:
            raise ValueError(f"criterion {key}: answer must be one of {ANSWERS}, not {value!r}")
        counts[value] += 1
    if counts[WEAK] >= threshold:
        outcome = KANSARM
    elif counts[WEAK] + counts[UNKNOWN] < threshold:
        outcome = NOT_KANSARM
    else:
        outcome = UNDETERMINED
    return Result(weak=counts[WEAK], not_weak=counts[NOT_WEAK], unknown=counts[UNKNOWN],
                  threshold=threshold, outcome=outcome)
