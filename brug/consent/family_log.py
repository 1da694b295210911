"""Who looked at or changed the family's dossier, in plain words, for the family itself.

The audit trail (`core.AuditEvent`) is written for verification: one row per category per read,
category keys, details in the wording of the code that wrote them ("gegeven voor rechten:
member:2:school_level"). The family reads it here as short sentences, grouped by month and by
organisation, e.g. under "CAW" in "maart 2026": "Lien Peeters bekeek jullie plan op 3 maart."

Rules:
- one line per person, day and action: the events one page read writes (one per category)
  and repeated reads of the same things on the same day become one line, with a count;
- what was looked at or changed is a phrase of `THINGS` (per category) or, when the detail
  has a form we know, a more precise phrase (`DETAIL_FORMS`, plus readers other apps register
  with `register_detail_reader`, e.g. the rights app naming a right instead of its id);
- a detail we do not recognise is dropped, never shown: it may hold internal keys, or it was
  written in another language than the family reads;
- `purpose` is not shown (it is the worker's reason, written for the audit), except to tell a
  family member's own sign-ins apart.

Framework-light: it reads `AuditEvent` rows of one family and returns plain data; the views
record their own read event.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q  # noqa: F401 (the withholders' type)
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brug.core.categories import Category
from brug.core.models import AuditAction, AuditEvent

# What each category is, said to the family ("… bekeek jullie plan").
THINGS = {
    Category.IDENTITY: gettext_lazy("jullie naam"),
    Category.CONTACT: gettext_lazy("jullie adres en telefoonnummer"),
    Category.HOUSEHOLD: gettext_lazy("de gegevens van jullie gezin"),
    Category.DOMAIN_NOTES: gettext_lazy("de notities over jullie gezin"),
    Category.PLAN: gettext_lazy("jullie plan"),
    Category.RIGHTS: gettext_lazy("jullie rechten"),
    Category.CONSENT: gettext_lazy("jullie toestemmingen en deze lijst"),
    Category.CONCERN: gettext_lazy("een zorg over de veiligheid van jullie kind"),
}
SOMETHING = gettext_lazy("iets in jullie dossier")

# One sentence per action; %(who)s is a person, %(what)s one or more phrases of THINGS.
SENTENCES = {
    AuditAction.VIEW: gettext_lazy("%(who)s bekeek %(what)s op %(date)s"),
    AuditAction.CREATE: gettext_lazy("%(who)s voegde %(what)s toe op %(date)s"),
    AuditAction.CHANGE: gettext_lazy("%(who)s veranderde %(what)s op %(date)s"),
    AuditAction.DELETE: gettext_lazy("%(who)s wiste %(what)s op %(date)s"),
    AuditAction.WITHDRAW: gettext_lazy("%(who)s trok %(what)s in op %(date)s"),
    AuditAction.END: gettext_lazy("%(who)s stopte %(what)s op %(date)s"),
    AuditAction.EXPORT: gettext_lazy("%(who)s zette %(what)s in een bestand op %(date)s"),
    AuditAction.ANONYMISE: gettext_lazy("%(who)s maakte %(what)s anoniem op %(date)s"),
    AuditAction.DEACTIVATE: gettext_lazy("%(who)s sloot %(what)s af op %(date)s"),
    AuditAction.SEND: gettext_lazy("%(who)s stuurde %(what)s op %(date)s"),
}
TIMES = gettext_lazy("(%(n)s keer)")
# The sentences above end without a period: a count may follow ("… op 3 maart (2 keer).").

# Details as the services write them in Dutch (the language most events are written in), and
# what the family reads instead. First match wins; a group may be used as %(1)s.
DETAIL_FORMS: list[tuple[re.Pattern, object]] = [
    (re.compile(r"^mandaat$"), gettext_lazy("jullie afspraak over de begeleiding")),
    (re.compile(r"^overdracht naar (.+)$"),
     gettext_lazy("de overdracht van jullie begeleiding naar %(1)s")),
    (re.compile(r"^delen met ([^:]+)"),
     gettext_lazy("jullie toestemming om te delen met %(1)s")),
    (re.compile(r"^account gezinsportaal"), gettext_lazy("een account voor het gezinsportaal")),
    (re.compile(r"^bericht van het gezin gelezen$"), gettext_lazy("jullie bericht")),
    (re.compile(r"^(bericht|vraag om correctie)$"), gettext_lazy("een bericht")),
    (re.compile(r"^\d+ gezinsleden$"), gettext_lazy("de gegevens van jullie gezin")),
    (re.compile(r"^(ouder|kind|verwacht kind|andere volwassene)$"),
     gettext_lazy("de gegevens van een gezinslid")),
    (re.compile(r"^notitie$"), gettext_lazy("een notitie")),
    (re.compile(r"^doorverwijzing naar (.+) \([^)]*\):"),
     gettext_lazy("een doorverwijzing naar %(1)s")),
    (re.compile(r"^doorverwijzing"), gettext_lazy("een doorverwijzing")),
    (re.compile(r"^doel: "), gettext_lazy("een doel in jullie plan")),
    (re.compile(r"^casusoverleg gepland$"), gettext_lazy("een overleg met jullie")),
    (re.compile(r"^casusoverleg$"), gettext_lazy("het verslag van een overleg")),
    (re.compile(r"^reactie van de ouders op het casusoverleg$"),
     gettext_lazy("jullie reactie op het verslag van een overleg")),
    (re.compile(r"^reactie van het gezin op een doel$"),
     gettext_lazy("een reactie op een doel in jullie plan")),
    (re.compile(r"^reactie van het gezin op het verslag van een overleg$"),
     gettext_lazy("een reactie op het verslag van een overleg")),
    (re.compile(r"^reactie van het gezin op het plan$"),
     gettext_lazy("een reactie op jullie plan")),
    (re.compile(r"^tussentijdse evaluatie$"),
     gettext_lazy("het verslag van een gesprek over hoe het gaat")),
    (re.compile(r"^traject .+ geopend"), gettext_lazy("een begeleiding")),
    (re.compile(r"^traject verlengd$"), gettext_lazy("de einddatum van de begeleiding")),
    (re.compile(r": geplande einddatum van "), gettext_lazy("de einddatum van de begeleiding")),
    (re.compile(r"^contact: "), gettext_lazy("een contact met jullie")),
    (re.compile(r"^kansarmoede-screening$"),
     gettext_lazy("een vragenlijst over jullie situatie")),
    (re.compile(r"^grondrechtenmeting$"),
     gettext_lazy("een gesprek over jullie grondrechten")),
    (re.compile(r"^drempel"), gettext_lazy("iets wat het jullie moeilijk maakte")),
    (re.compile(r"^bewaartermijn verstreken$"), gettext_lazy("jullie gegevens")),
]
# A trajectory closed: the detail is the closing reason's label.
CLOSED_TRAJECTORY = gettext_lazy("de begeleiding")

# Purposes of a family member's own events (brug.portal.services.sign_in_recorded).
SIGNED_IN = re.compile(r"^aangemeld in het gezinsportaal$")
SIGN_IN_FAILED = re.compile(r"^mislukte (aanmelding|activering)")
PORTAL_ACTIVATED = re.compile(r"^account gezinsportaal geactiveerd$")

# A reader: (detail, family_id) -> a phrase for the family, or None when it is not its form.
DetailReader = Callable[[str, int], str | None]
_readers: list[DetailReader] = []


# A withholder: (family_id) -> a Q on AuditEvent of events the family must not read now, or None.
# The concerns app registers one: the events of a concern whose decision is not to tell the
# family (because telling would endanger the child) stay out of the family's log, its print and
# its portal while that decision stands; once it is lifted they show again. Workers' audit tab
# (consent.selectors.audit_page) still shows every event to the family's own organisation.
Withholder = Callable[[int], "Q | None"]
_withholders: list[Withholder] = []


def register_withholder(withholder: Withholder) -> None:
    """Other apps (concerns) say which events the family does not read; from AppConfig.ready."""
    if withholder not in _withholders:
        _withholders.append(withholder)


def family_events(family_id: int):
    """The family's audit events as the family may read them (what withholders leave)."""
    qs = AuditEvent.objects.filter(family_id=family_id)
    for withholder in _withholders:
        hidden = withholder(family_id)
        if hidden is not None:
            qs = qs.exclude(hidden)
    return qs


def register_detail_reader(reader: DetailReader) -> None:
    """Other apps (rights) add a reader for details they write; from AppConfig.ready."""
    if reader not in _readers:
        _readers.append(reader)


def thing_of(event: AuditEvent) -> str:
    """The phrase for what an event looked at or changed; never the raw detail."""
    detail = (event.detail or "").strip()
    if detail:
        for reader in _readers:
            phrase = reader(detail, event.family_id)
            if phrase:
                return str(phrase)
        for pattern, phrase in DETAIL_FORMS:
            match = pattern.search(detail)
            if match:
                return str(phrase) % {"1": match.group(1)} if match.groups() else str(phrase)
        if event.action == AuditAction.END and event.category == Category.PLAN:
            return str(CLOSED_TRAJECTORY)
    if event.category in Category.values:
        return str(THINGS[Category(event.category)])
    return str(SOMETHING)


@dataclass
class LogLine:
    day: date
    who: str
    action: str
    things: tuple[str, ...] = ()
    count: int = 0  # how many times (page reads, changes) this line stands for
    sentence: str = ""


@dataclass
class OrganisationGroup:
    name: str
    lines: list[LogLine] = field(default_factory=list)


@dataclass
class MonthGroup:
    month: date  # the first day of the month
    organisations: list[OrganisationGroup] = field(default_factory=list)


@dataclass
class AccessLog:
    months: list[MonthGroup]
    earlier: int  # events before the first month shown
    since: date | None  # the first day shown (None: everything)


def _group_name(event: AuditEvent) -> str:
    if event.actor_id is None:
        return "Brug"
    if event.organisation_id is None:
        return _("Jullie zelf")
    return event.organisation_name or _("Een organisatie")


# A family member in the trail: "Fatima (gezin)" (`FamilyAccount.actor_name`, stored in the
# source language). The family's own group already says who they are: the first name is enough.
FAMILY_ACTOR = re.compile(r"^(?P<name>.*) \(gezin\)$")


def _who(event: AuditEvent) -> str:
    if event.organisation_id is None and event.actor_id is not None:
        match = FAMILY_ACTOR.match(event.actor_name or "")
        if match:
            return match.group("name")
    return event.actor_name


def _own_kind(event: AuditEvent) -> str:
    """For a family member's own events: which of the sign-in sentences it gets ("" else)."""
    if event.organisation_id is not None or event.actor_id is None:
        return ""
    purpose = event.purpose or ""
    for kind, pattern in (("in", SIGNED_IN), ("failed", SIGN_IN_FAILED),
                          ("activated", PORTAL_ACTIVATED)):
        if pattern.search(purpose):
            return kind
    return ""


def _sentence(event: AuditEvent, line: LogLine) -> str:
    day = formats.date_format(line.day, "MONTH_DAY_FORMAT")
    kind = _own_kind(event)
    if kind:
        if kind == "in":
            text = _("%(who)s meldde zich aan in het gezinsportaal op %(date)s")
            return _with_count(text % {"who": line.who, "date": day}, line)
        if kind == "failed":
            text = _("Iemand probeerde zich aan te melden als %(who)s, met een verkeerde PIN "
                     "of code, op %(date)s")
            return _with_count(text % {"who": line.who, "date": day}, line)
        text = _("%(who)s maakte het account voor het gezinsportaal klaar op %(date)s")
        return _with_count(text % {"who": line.who, "date": day}, line)
    template = SENTENCES.get(line.action, SENTENCES[AuditAction.CHANGE])
    what = get_text_list(list(line.things), _("en"))
    return _with_count(str(template) % {"who": line.who, "what": what, "date": day}, line)


def _with_count(text: str, line: LogLine) -> str:
    if line.count > 1:
        text = f"{text} {TIMES % {'n': line.count}}"
    return text + "."


def _first_of_month(day: date, back: int) -> date:
    month = day.month - back
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, 1)


def access_log(family, *, months: int | None = None, today: date | None = None,
               worker=None, access=None) -> AccessLog:
    """The family's trail as `AccessLog`: newest month first; in a month, organisations by
    their latest line; lines newest first. `months`: only this many months up to today (with
    the number of earlier events in `earlier`). `worker`, `access`: a worker prints it, as far
    as the grant's history goes (policy rule 11, as the audit tab)."""
    today = today or timezone.localdate()
    qs = family_events(family.pk)
    if access is not None and access.limits_history:
        from brug.access import policy

        qs = qs.filter(policy.dated_q(worker, access, "at__date", category_field="category"))
    since = None
    earlier = 0
    if months is not None:
        since = _first_of_month(today, months - 1)
        start = timezone.make_aware(timezone.datetime(since.year, since.month, since.day))
        earlier = qs.filter(at__lt=start).count()
        qs = qs.filter(at__gte=start)
    events = list(qs.only("at", "actor_id", "actor_name", "organisation_id",
                          "organisation_name", "category", "action", "purpose", "detail")
                  .order_by("-at", "-id"))
    # 1. One moment: the events one page read or one change wrote together (same time,
    #    person and action), with the things they were about, in the order written.
    moments: dict[tuple, list[AuditEvent]] = {}
    for event in events:
        moments.setdefault((event.at, event.actor_id, event.actor_name, event.organisation_id,
                            event.action), []).append(event)
    # 2. One line: the same person doing the same to the same things on the same day.
    lines: dict[tuple, LogLine] = {}
    first_event: dict[tuple, AuditEvent] = {}
    for (at, actor_id, actor_name, organisation_id, action), group in moments.items():
        things = tuple(dict.fromkeys(thing_of(e) for e in reversed(group)))
        day = timezone.localtime(at).date()
        key = (day, actor_id, actor_name, organisation_id, _group_name(group[0]), action,
               things, _own_kind(group[0]))
        line = lines.get(key)
        if line is None:
            line = lines[key] = LogLine(day=day, who=_who(group[0]), action=action,
                                        things=things)
            first_event[key] = group[0]
        line.count += 1
    result: dict[date, dict[str, OrganisationGroup]] = {}
    for key, line in lines.items():
        line.sentence = _sentence(first_event[key], line)
        month = line.day.replace(day=1)
        groups = result.setdefault(month, {})
        group = groups.setdefault(key[4], OrganisationGroup(name=key[4]))
        group.lines.append(line)
    months_out = [MonthGroup(month=m, organisations=list(result[m].values()))
                  for m in sorted(result, reverse=True)]
    return AccessLog(months=months_out, earlier=earlier, since=since)


def access_log_data(log: AccessLog) -> list[dict]:
    """The log as plain data (the family's JSON download)."""
    return [
        {"month": m.month.strftime("%Y-%m"),
         "organisations": [
             {"organisation": g.name,
              "lines": [{"date": line.day.isoformat(), "person": line.who,
                         "text": line.sentence, "times": line.count} for line in g.lines]}
             for g in m.organisations]}
        for m in log.months
    ]
