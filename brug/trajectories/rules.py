"""Programme rules as a plain module: entry, planned end, extension, reviews, caseload.

Every check returns `Problem`s with a plain-Dutch message naming the rule that is not met, so a
supporter knows exactly why and a coordinator can decide to override with a recorded reason.
Only Django's translation function and the framework-free rights engine (for the dated EU
poverty line) are imported; no models, no database.

Sources: practice-rules.md §3–5 (VONK, TOOM, Kwadraat, Domo, MISSION, GO-team) and
rights-facts.md §7 (EU-SILC at-risk-of-poverty threshold, modified OECD scale).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from brug.rights.engine import default_catalogue
from brug.rights.engine.poverty import line_month, oecd_scale

# The EU-SILC at-risk-of-poverty line is the rights engine's dated parameter
# `armoede.grens_alleenstaande_jaar` (brug/rights/catalogue/parameters/armoede.yaml): one
# figure, one source, for the rights check and for the entry rules here.


@dataclass(frozen=True)
class Problem:
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ProgrammeRules:
    name: str = ""
    referrer_kinds: frozenset[str] | None = None  # None: any organisation may refer
    referrer_kind_labels: str = ""
    youngest_max_age_months: int | None = None  # the youngest child is younger than this
    child_min_age_months: int | None = None  # some child is at least this old (Kwadraat: 9 y)
    expected_child_counts: bool = True  # a pregnancy counts as "a child under the age"
    requires_kansarm: bool = False
    requires_income_below_poverty: bool = False
    duration_months: int | None = None
    review_every_months: int | None = None
    max_extensions: int = 0
    extension_months: int | None = None
    ends_at_youngest_age_months: int | None = None  # a maximum: stops at this age
    # A minimum: the planned end is never before the youngest child (born or expected) is this
    # many months old (Menen's perinatal coach: "tot de leeftijd van min. 6 maand").
    runs_until_youngest_age_months: int | None = None
    caseload_cap: int | None = None
    case_conference_within_months: int | None = 6


@dataclass(frozen=True)
class EntryFacts:
    """What the entry check needs to know about a family, as plain values."""

    child_birth_dates: tuple[date, ...] = ()
    expecting: bool = False
    kansarm: bool | None = None  # None: no screening yet, or undetermined
    income_below_poverty: bool | None = None  # None: unknown
    referrer_kind: str | None = None  # None: the family came on its own / outreach
    extra: dict = field(default_factory=dict)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_in_months(birth: date, day: date) -> int:
    """Whole months completed: the child is N months old from its N-month birthday on."""
    months = (day.year - birth.year) * 12 + (day.month - birth.month)
    if add_months(birth, months) > day:
        months -= 1
    return months


def _years(months: int) -> str:
    if months % 12 == 0:
        return _("%(n)d jaar") % {"n": months // 12}
    return _("%(n)d maanden") % {"n": months}


def poverty_threshold(adults: int, others_14_plus: int, children_under_14: int,
                      day: date) -> Decimal:
    """Monthly EU poverty line for a household, by the modified OECD scale (1 / 0.5 / 0.3).

    It is meant for the household's *disposable* income (net, with benefits), the measure the
    line is defined on. Before the first known figure the oldest one is used.
    """
    scale = oecd_scale(adults + others_14_plus, children_under_14)
    catalogue = default_catalogue()
    line = line_month(catalogue, day, scale)
    if line is None:
        first = catalogue.parameters["armoede.grens_alleenstaande_jaar"].values[0]
        line = line_month(catalogue, first.valid_from, scale)
    return Decimal(str(line)).quantize(Decimal("1"))


def check_entry(rules: ProgrammeRules, facts: EntryFacts, day: date) -> list[Problem]:
    """Every entry rule the family does not meet (empty list: it may start)."""
    problems: list[Problem] = []
    if rules.referrer_kinds is not None:
        if facts.referrer_kind is None or facts.referrer_kind not in rules.referrer_kinds:
            problems.append(Problem("referrer", _(
                "In %(programme)s mogen alleen deze organisaties een gezin aanmelden: "
                "%(kinds)s.") % {"programme": rules.name, "kinds": rules.referrer_kind_labels}))
    ages = [age_in_months(b, day) for b in facts.child_birth_dates if b <= day]
    if rules.youngest_max_age_months is not None:
        young = any(a < rules.youngest_max_age_months for a in ages) or (
            rules.expected_child_counts and facts.expecting)
        if not young:
            problems.append(Problem("youngest_age", _(
                "%(programme)s is voor gezinnen met een kind jonger dan %(age)s%(expecting)s. "
                "Dit gezin heeft geen kind in die leeftijd.") % {
                "programme": rules.name, "age": _years(rules.youngest_max_age_months),
                "expecting": _(" of een kind op komst") if rules.expected_child_counts else ""}))
    if rules.child_min_age_months is not None:
        if not any(a >= rules.child_min_age_months for a in ages):
            problems.append(Problem("child_min_age", _(
                "%(programme)s is voor kinderen en jongeren vanaf %(age)s. Dit gezin heeft geen "
                "kind van die leeftijd.") % {
                "programme": rules.name, "age": _years(rules.child_min_age_months)}))
    if rules.requires_kansarm and facts.kansarm is not True:
        if facts.kansarm is None:
            message = _("%(programme)s vraagt een kansarmoede-screening met signalen op 3 of "
                        "meer domeinen. Er is nog geen volledige screening.")
        else:
            message = _("%(programme)s is voor gezinnen met signalen op 3 of meer domeinen van "
                        "de kansarmoede-index. De laatste screening toont er minder.")
        problems.append(Problem("kansarm", message % {"programme": rules.name}))
    if rules.requires_income_below_poverty and facts.income_below_poverty is not True:
        if facts.income_below_poverty is None:
            message = _("%(programme)s is voor gezinnen met een inkomen onder de Europese "
                        "armoedegrens. Het inkomen is nog niet gekend.")
        else:
            message = _("%(programme)s is voor gezinnen met een inkomen onder de Europese "
                        "armoedegrens. Het inkomen van dit gezin ligt erboven.")
        problems.append(Problem("income", message % {"programme": rules.name}))
    return problems


def birth_floor(rules: ProgrammeRules, child_birth_dates=(), due_dates=()) -> date | None:
    """The minimum end: the youngest child — born, or else still expected (its due date, a
    provisional floor until the birth is recorded) — reaches `runs_until_youngest_age_months`."""
    if not rules.runs_until_youngest_age_months:
        return None
    days = [*child_birth_dates, *due_dates]
    if not days:
        return None
    return add_months(max(days), rules.runs_until_youngest_age_months)


def planned_end(rules: ProgrammeRules, start: date, child_birth_dates=(),
                due_dates=()) -> date | None:
    """The earliest of: start + duration, and the day the youngest child reaches the end age
    (maxima); then never before the minimum (`birth_floor`), which wins over the duration.

    A programme cannot have a minimum later than its age limit (`check_programme`), so the
    floor never runs past the day a child leaves the programme."""
    ends: list[date] = []
    if rules.duration_months:
        ends.append(add_months(start, rules.duration_months))
    if rules.ends_at_youngest_age_months and child_birth_dates:
        youngest = max(child_birth_dates)
        age_end = add_months(youngest, rules.ends_at_youngest_age_months)
        if age_end > start:
            ends.append(age_end)
    end = min(ends) if ends else None
    floor = birth_floor(rules, child_birth_dates, due_dates)
    if floor is not None and floor > start and (end is None or end < floor):
        end = floor
    return end


def check_programme(rules: ProgrammeRules) -> list[Problem]:
    """Rules that contradict each other: a minimum age later than the age limit."""
    problems = []
    minimum, maximum = rules.runs_until_youngest_age_months, rules.ends_at_youngest_age_months
    if minimum and maximum and minimum > maximum:
        problems.append(Problem("min_after_max", _(
            "De begeleiding kan niet minstens lopen tot het jongste kind %(min)s is als ze "
            "stopt wanneer het %(max)s is.") % {"min": _years(minimum), "max": _years(maximum)}))
    return problems


def ends_by_age_limit(rules: ProgrammeRules, start: date, child_birth_dates=()) -> bool:
    end = planned_end(rules, start, child_birth_dates)
    if end is None or not rules.ends_at_youngest_age_months or not child_birth_dates:
        return False
    return end == add_months(max(child_birth_dates), rules.ends_at_youngest_age_months)


def check_extension(rules: ProgrammeRules, extensions_done: int) -> Problem | None:
    if not rules.extension_months or rules.max_extensions <= 0:
        return Problem("no_extension", _("%(programme)s kan niet verlengd worden.")
                       % {"programme": rules.name})
    if extensions_done >= rules.max_extensions:
        if rules.max_extensions == 1:
            message = _("%(programme)s kan maar één keer verlengd worden, en dat is al gebeurd.")
        else:
            message = _("%(programme)s kan maar %(n)d keer verlengd worden, en dat is al "
                        "gebeurd.")
        return Problem("extension_limit", message % {"programme": rules.name,
                                                     "n": rules.max_extensions})
    return None


def review_dates(rules: ProgrammeRules, start: date, end: date | None,
                 *, horizon_months: int = 24) -> list[date]:
    """Planned reviews every `review_every_months` from the start, before the planned end.

    Without a planned end, reviews are planned for `horizon_months`; the next ones are added
    when the trajectory is extended.
    """
    if not rules.review_every_months:
        return []
    limit = end or add_months(start, horizon_months)
    dates, n = [], 1
    while True:
        due = add_months(start, rules.review_every_months * n)
        if due >= limit:
            return dates
        dates.append(due)
        n += 1


def case_conference_due(rules: ProgrammeRules, start: date) -> date | None:
    if not rules.case_conference_within_months:
        return None
    return add_months(start, rules.case_conference_within_months)


def check_caseload(rules: ProgrammeRules, open_count: int) -> Problem | None:
    """`open_count`: the worker's open trajectories in this programme before the new one."""
    if rules.caseload_cap is not None and open_count + 1 > rules.caseload_cap:
        return Problem("caseload", _(
            "Deze medewerker begeleidt in %(programme)s al %(count)d gezinnen; het maximum is "
            "%(cap)d.") % {"programme": rules.name, "count": open_count, "cap": rules.caseload_cap})
    return None
