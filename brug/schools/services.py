"""Writes of school social work; each one transaction with its audit event.

Schools' figures, the allocation rule and the presence per school are network data: audited
under the network's category like other network admin changes (`network.services`).
Anonymous questions and trainings go to the `school_work` category; a question linked to a
family is part of its dossier (`domain_notes`) and audited there.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.core import multivalue
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.domains import LifeDomain
from brug.core.errors import require
from brug.core.locking import save_versioned
from brug.core.models import AuditAction
from brug.network.models import Organisation
from brug.network.services import NETWORK_AUDIT_CATEGORY
from brug.schools import allocation
from brug.schools.models import (
    QUESTION_CATEGORY,
    SCHOOL_AUDIT,
    AllocationRule,
    Handled,
    Presence,
    PresenceForm,
    Question,
    School,
    Training,
)
from brug.walkin.identifying import identifying_parts

SCHOOL_FIELDS = ["name", "organisation", "pupils", "ses_pct", "figures_period", "wish_form",
                 "wish_hours", "active"]
RULE_FIELDS = ["hours", "weight_ses", "weight_questions", "weight_wish", "high_ses_pct",
               "low_ses_pct", "zitdag_min_hours"]
CSV_COLUMNS = ["school", "organisatie", "leerlingen", "ses_pct", "schooljaar", "vorm", "uren"]


def _network_audit(actor, action: str, detail: str) -> None:
    audit_record(actor=actor, family_id=None, category=NETWORK_AUDIT_CATEGORY, action=action,
                 detail=detail, network_id=actor.organisation.network_id)


# Schools and their figures -----------------------------------------------------------------


def _check_school(actor, school: School) -> None:
    require(policy.can_manage_schools(actor))
    network_id = actor.organisation.network_id
    school.network_id = network_id
    school.name = (school.name or "").strip()
    if school.organisation_id is None or school.organisation.network_id != network_id:
        raise ValidationError({"organisation": _("Kies een organisatie van het netwerk.")})
    try:
        allocation.parse_school_year(school.figures_period)
    except ValueError:
        raise ValidationError({"figures_period": _(
            "Schrijf het schooljaar als 2025-2026.")}) from None
    school.full_clean(validate_unique=False)
    if School.objects.filter(network_id=network_id, name__iexact=school.name).exclude(
            pk=school.pk).exists():
        raise ValidationError({"name": _("Er is al een school met deze naam.")})


@transaction.atomic
def school_save(*, actor, school: School, expected_version: int | None = None) -> School:
    _check_school(actor, school)
    if school.pk is None:
        school.save()
        action = AuditAction.CREATE
    else:
        save_versioned(school, expected_version=expected_version or 0, fields=SCHOOL_FIELDS)
        action = AuditAction.CHANGE
    _network_audit(actor, action, gettext_noop("school %(name)s: %(pupils)s leerlingen, "
                                               "SES %(ses)s%%, %(period)s")
                   % {"name": school.name, "pupils": school.pupils, "ses": school.ses_pct,
                      "period": school.figures_period})
    return school


def _decimal(raw: str, line: int, label: str, high: int) -> Decimal:
    text = (raw or "").strip().replace(" ", "").replace("%", "").replace(",", ".")
    try:
        value = Decimal(text or "0")
    except InvalidOperation:
        raise ValidationError(_("Regel %(line)s: %(label)s is geen getal („%(raw)s”).")
                              % {"line": line, "label": label, "raw": raw[:20]}) from None
    if not value.is_finite() or value < 0 or value > high:
        raise ValidationError(_("Regel %(line)s: %(label)s ligt buiten de grenzen.")
                              % {"line": line, "label": label})
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def schools_import(*, actor, text: str) -> int:
    """Import `school;organisatie;leerlingen;ses_pct;schooljaar;vorm;uren` lines (a header
    line is skipped; `vorm` and `uren` may be empty). All lines or none: the first bad line
    refuses the whole file, named by its number. A school already known by name is updated."""
    require(policy.can_manage_schools(actor))
    if "\x00" in text:  # PostgreSQL stores no NUL character in text
        raise ValidationError(_("Het bestand bevat een ongeldig teken (NUL)."))
    network_id = actor.organisation.network_id
    sample = text[:2000]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    orgs = {}
    for org in Organisation.objects.filter(network_id=network_id, active=True):
        orgs[org.name.casefold()] = org
        orgs.setdefault(org.short_name.casefold(), org)
    forms = {f.value: f.value for f in PresenceForm} | {
        str(f.label).casefold(): f.value for f in PresenceForm}
    parsed: dict[str, School] = {}
    for line, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if not row or not "".join(row).strip():
            continue
        if line == 1 and row[0].strip().casefold() in ("school", "naam"):
            continue
        if len(row) < 5:
            raise ValidationError(_("Regel %(line)s: verwacht school; organisatie; leerlingen; "
                                    "SES-aandeel; schooljaar; vorm; uren.") % {"line": line})
        row = [c.strip() for c in row] + ["", ""]
        name = row[0][:120]
        if not name:
            raise ValidationError(_("Regel %(line)s: de school heeft geen naam.")
                                  % {"line": line})
        org = orgs.get(row[1].casefold()) if row[1] else None
        if org is None:
            raise ValidationError(_("Regel %(line)s: organisatie „%(org)s” is niet gekend in "
                                    "het netwerk.") % {"line": line, "org": row[1][:60]})
        if not row[2].isdecimal() or int(row[2]) > 100000:
            raise ValidationError(_("Regel %(line)s: het aantal leerlingen is geen geheel "
                                    "getal („%(raw)s”).") % {"line": line, "raw": row[2][:20]})
        ses = _decimal(row[3], line, _("SES-aandeel"), 100)
        try:
            allocation.parse_school_year(row[4])
        except ValueError:
            raise ValidationError(_("Regel %(line)s: schrijf het schooljaar als 2025-2026.")
                                  % {"line": line}) from None
        form = forms.get(row[5].casefold(), None) if row[5] else ""
        if form is None:
            raise ValidationError(_("Regel %(line)s: vorm „%(raw)s” is geen zitdag, consult "
                                    "of SPOC.") % {"line": line, "raw": row[5][:20]})
        hours = _decimal(row[6], line, _("uren"), 40)
        if name.casefold() in parsed:
            raise ValidationError(_("Regel %(line)s: school „%(name)s” staat twee keer in het "
                                    "bestand.") % {"line": line, "name": name})
        parsed[name.casefold()] = School(
            network_id=network_id, name=name, organisation=org, pupils=int(row[2]),
            ses_pct=ses, figures_period=row[4], wish_form=form, wish_hours=hours)
    if not parsed:
        raise ValidationError(_("Het bestand bevat geen scholen."))
    existing = {s.name.casefold(): s for s in
                School.objects.select_for_update().filter(network_id=network_id)}
    for key, new in parsed.items():
        school = existing.get(key)
        if school is None:
            new.save()
            continue
        for name in ("organisation", "pupils", "ses_pct", "figures_period", "wish_form",
                     "wish_hours"):
            setattr(school, name, getattr(new, name))
        school.version += 1
        school.save()
    _network_audit(actor, AuditAction.CHANGE, gettext_noop("schoolcijfers ingelezen: %(n)s "
                                                           "scholen") % {"n": len(parsed)})
    return len(parsed)


# The allocation rule and the presence per school ----------------------------------------------


def rule_of(network_id: int) -> AllocationRule:
    """The network's rule (its defaults until a coordinator saves one)."""
    return (AllocationRule.objects.filter(network_id=network_id).first()
            or AllocationRule(network_id=network_id))


@transaction.atomic
def rule_save(*, actor, rule: AllocationRule, expected_version: int | None = None
              ) -> AllocationRule:
    require(policy.can_manage_schools(actor))
    rule.network_id = actor.organisation.network_id
    if rule.low_ses_pct is not None and rule.high_ses_pct is not None \
            and rule.low_ses_pct > rule.high_ses_pct:
        raise ValidationError({"low_ses_pct": _("„Laag” moet onder „hoog” liggen.")})
    rule.full_clean(validate_unique=False)
    if rule.pk is None:
        rule.save()
    else:
        save_versioned(rule, expected_version=expected_version or 0, fields=RULE_FIELDS)
    _network_audit(actor, AuditAction.CHANGE, gettext_noop(
        "verdeelsleutel schoolwerking: %(hours)s uur; gewichten SES %(s)s, vragen %(q)s, "
        "wens %(w)s") % {"hours": rule.hours, "s": rule.weight_ses,
                         "q": rule.weight_questions, "w": rule.weight_wish})
    return rule


def weights_of(rule: AllocationRule) -> allocation.Weights:
    return allocation.Weights(
        hours=rule.hours, ses=rule.weight_ses, questions=rule.weight_questions,
        wish=rule.weight_wish, high_ses_pct=rule.high_ses_pct, low_ses_pct=rule.low_ses_pct,
        zitdag_min_hours=rule.zitdag_min_hours)


def questions_in(network_id: int, period: str) -> dict[int, int]:
    """Questions per school in a school year (all of them: the rule needs the true number,
    the coordinators' report applies k >= 3)."""
    from django.db.models import Count

    first, last = allocation.parse_school_year(period)
    rows = (Question.objects.filter(network_id=network_id, asked_on__gte=first,
                                    asked_on__lte=last)
            .order_by().values("school_id").annotate(n=Count("id")))
    return {r["school_id"]: r["n"] for r in rows}


@transaction.atomic
def allocation_compute(*, actor, period: str) -> list[Presence]:
    """Compute the proposal for every active school for `period` (a school year) from its
    figures, its questions of the year before and its wishes. An override stays in force,
    with the new proposal beside it."""
    require(policy.can_manage_schools(actor))
    try:
        allocation.parse_school_year(period)
    except ValueError:
        raise ValidationError({"period": _("Schrijf het schooljaar als 2025-2026.")}) from None
    network_id = actor.organisation.network_id
    schools = list(School.objects.filter(network_id=network_id, active=True).order_by("name"))
    if not schools:
        raise ValidationError(_("Er zijn nog geen actieve scholen."))
    asked = questions_in(network_id, allocation.previous_school_year(period))
    proposals = allocation.allocate([
        allocation.SchoolFigures(key=s.pk, name=s.name, pupils=s.pupils, ses_pct=s.ses_pct,
                                 questions=asked.get(s.pk, 0), wish_form=s.wish_form,
                                 wish_hours=s.wish_hours) for s in schools],
        weights_of(rule_of(network_id)))
    now = timezone.now()
    existing = {p.school_id: p for p in Presence.objects.select_for_update().filter(
        network_id=network_id, period=period)}
    result = []
    for proposal in proposals:
        presence = existing.get(proposal.key) or Presence(
            network_id=network_id, school_id=proposal.key, period=period)
        presence.proposed_hours = proposal.hours
        presence.proposed_form = proposal.form
        presence.proposed_reasons = [[code, values] for code, values in proposal.reasons]
        presence.score = proposal.score
        presence.computed_at = now
        if not presence.overridden:
            presence.hours, presence.form = proposal.hours, proposal.form
        if presence.pk:
            presence.version += 1
        presence.save()
        result.append(presence)
    _network_audit(actor, AuditAction.CHANGE, gettext_noop(
        "verdeling schoolwerking %(period)s berekend voor %(n)s scholen")
        % {"period": period, "n": len(result)})
    return result


@transaction.atomic
def presence_override(*, actor, presence: Presence, hours: Decimal, form: str, reason: str,
                      contact, expected_version: int) -> Presence:
    """The coordinator sets the hours and form (with a reason) and the named worker. The
    computed proposal stays beside it. Without a reason, the proposal applies again."""
    require(policy.can_manage_schools(actor))
    require(presence.network_id == actor.organisation.network_id)
    reason = (reason or "").strip()
    if contact is not None and (contact.organisation_id != presence.school.organisation_id
                                or not contact.active):
        raise ValidationError({"contact": _("Kies een medewerker van de organisatie die de "
                                            "schoolwerking doet.")})
    changed = hours != presence.proposed_hours or form != presence.proposed_form
    if changed and not reason:
        raise ValidationError({"override_reason": _(
            "Schrijf waarom je van het voorstel afwijkt.")})
    if changed:
        presence.hours, presence.form, presence.override_reason = hours, form, reason
        presence.overridden_by, presence.overridden_at = actor, timezone.now()
    else:
        presence.hours, presence.form = presence.proposed_hours, presence.proposed_form
        presence.override_reason, presence.overridden_by, presence.overridden_at = "", None, None
    presence.contact = contact
    presence.full_clean(validate_unique=False)
    save_versioned(presence, expected_version=expected_version,
                   fields=["hours", "form", "override_reason", "overridden_by",
                           "overridden_at", "contact"])
    _network_audit(actor, AuditAction.CHANGE, gettext_noop(
        "aanwezigheid %(school)s %(period)s: %(hours)s uur %(form)s (voorstel %(ph)s uur "
        "%(pf)s); reden: %(reason)s") % {
            "school": presence.school.name, "period": presence.period, "hours": presence.hours,
            "form": presence.form, "ph": presence.proposed_hours, "pf": presence.proposed_form,
            "reason": presence.override_reason or "—"})
    return presence


# Questions and trainings ---------------------------------------------------------------------


def _check_question(actor, question: Question, domains) -> None:
    school = question.school
    require(school.active and policy.does_school_work(actor, school.organisation_id))
    codes = [d for d in domains if d in LifeDomain.values]
    if not codes:
        raise ValidationError({"life_domains": _("Kies minstens één levensdomein.")})
    found = identifying_parts(question.summary)
    if found:
        raise ValidationError({"summary": _(
            "Dit lijkt een %(what)s te bevatten. Een vraag bewaart niets waarmee je een "
            "leerling of ouder kan herkennen: laat het weg.") % {"what": found[0]}})
    if question.handled == Handled.REFERRED and question.service_id is None:
        raise ValidationError({"service": _("Kies de dienst waarnaar je doorverwees.")})
    if question.handled != Handled.REFERRED:
        question.service = None
    if question.service_id and question.service.network_id != school.network_id:
        raise ValidationError({"service": _("Kies een dienst van de sociale kaart.")})
    if question.asked_on and question.asked_on > timezone.localdate():
        raise ValidationError({"asked_on": _("De datum ligt in de toekomst.")})
    question.life_domains = multivalue.join(codes, LifeDomain)
    question.network_id = school.network_id
    question.organisation_id = school.organisation_id
    question.recorded_by = actor


@transaction.atomic
def question_record(*, actor, question: Question, domains) -> Question:
    """A question at a school, anonymous: who asked (a role), life domains, what was done."""
    question.family = None
    _check_question(actor, question, domains)
    question.full_clean()
    question.save()
    audit_record(actor=actor, family_id=None, category=SCHOOL_AUDIT, action=AuditAction.CREATE,
                 detail=gettext_noop("schoolvraag %(pk)s (%(school)s)")
                 % {"pk": question.pk, "school": question.school.name},
                 network_id=question.network_id)
    return question


def may_link(actor, family) -> bool:
    """A question is linked to a family only where the family agreed: its own organisation
    (mandate) or a consent in force that shares its notes with the actor's organisation."""
    access = policy.access_for(actor, family)
    return access.can_view(QUESTION_CATEGORY) and not access.read_only


@transaction.atomic
def question_record_for_family(*, actor, question: Question, domains, family) -> Question:
    """A question linked to a family's dossier, with its consent (the access policy)."""
    require(may_link(actor, family))
    _check_question(actor, question, domains)
    question.family = family
    question.full_clean()
    question.save()
    audit_record(actor=actor, family_id=family.pk, category=Category.DOMAIN_NOTES,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("schoolvraag %(pk)s (%(school)s) bij het dossier")
                 % {"pk": question.pk, "school": question.school.name})
    return question


@transaction.atomic
def training_record(*, actor, training: Training) -> Training:
    school = training.school
    require(policy.does_school_work(actor, school.organisation_id)
            or policy.can_manage_schools(actor))
    if training.given_on and training.given_on > timezone.localdate():
        raise ValidationError({"given_on": _("De datum ligt in de toekomst.")})
    if identifying_parts(training.topic):
        raise ValidationError({"topic": _("Een onderwerp bevat geen contactgegevens.")})
    training.network_id = school.network_id
    training.recorded_by = actor
    training.full_clean()
    training.save()
    audit_record(actor=actor, family_id=None, category=SCHOOL_AUDIT, action=AuditAction.CREATE,
                 detail=gettext_noop("vorming %(topic)s (%(school)s, %(n)s deelnemers)")
                 % {"topic": training.topic, "school": school.name,
                    "n": training.participants},
                 network_id=training.network_id)
    return training


def current_period(day: date | None = None) -> str:
    return allocation.school_year_of(day or timezone.localdate())
