"""Writes of walk-in hours and visits; each one transaction with its audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.consent import services as consent_services
from brug.consent.models import Mandate
from brug.core import multivalue
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.domains import LifeDomain
from brug.core.errors import require
from brug.core.locking import save_versioned
from brug.core.models import AuditAction
from brug.families import services as family_services
from brug.families.models import Family, Member, MemberRole
from brug.walkin.identifying import identifying_parts
from brug.walkin.models import (
    OPEN_DOORS_AUDIT,
    VISIT_CATEGORY,
    Outcome,
    Visit,
    VisitDomain,
    WalkInHour,
)

HOUR_FIELDS = ["organisation", "name", "kind", "place", "weekday", "on_date", "starts_at",
               "ends_at", "active"]
VISIT_FIELDS = ["visited_on", "first_name", "question", "life_domains", "language", "outcome",
                "service", "follow_up"]


def may_host(worker, hour: WalkInHour) -> bool:
    return policy.hosts_open_door(worker, [hour.organisation_id],
                                  hour.volunteers.values_list("pk", flat=True))


def _check_hour(actor, hour: WalkInHour) -> None:
    require(policy.can_plan_open_doors(actor))
    network_id = actor.organisation.network_id
    if hour.organisation_id is None or hour.organisation.network_id != network_id:
        raise ValidationError({"organisation": _("Kies een organisatie van het netwerk.")})
    # Coordinators plan for any organisation of the network; others for their own.
    if not actor.has_role("coordinator") and hour.organisation_id != actor.organisation_id:
        raise ValidationError({"organisation": _("Je kan alleen inloopmomenten van je eigen "
                                                 "organisatie plannen.")})
    if (hour.weekday is None) == (hour.on_date is None):
        raise ValidationError({"weekday": _("Kies een vaste weekdag of één datum (niet "
                                            "allebei).")})
    if hour.starts_at and hour.ends_at and hour.ends_at <= hour.starts_at:
        raise ValidationError({"ends_at": _("Het einduur moet na het beginuur liggen.")})
    hour.network_id = network_id


@transaction.atomic
def hour_create(*, actor, hour: WalkInHour, volunteers=()) -> WalkInHour:
    _check_hour(actor, hour)
    hour.full_clean()
    hour.save()
    hour.volunteers.set(volunteers)
    audit_record(actor=actor, family_id=None, category=OPEN_DOORS_AUDIT, action=AuditAction.CREATE,
                 detail=gettext_noop("inloopmoment %(name)s") % {"name": hour.name},
                 network_id=hour.network_id)
    return hour


@transaction.atomic
def hour_update(*, actor, hour: WalkInHour, expected_version: int, volunteers=()) -> WalkInHour:
    _check_hour(actor, hour)
    hour.full_clean()
    save_versioned(hour, expected_version=expected_version, fields=HOUR_FIELDS)
    hour.volunteers.set(volunteers)
    audit_record(actor=actor, family_id=None, category=OPEN_DOORS_AUDIT, action=AuditAction.CHANGE,
                 detail=gettext_noop("inloopmoment %(name)s") % {"name": hour.name},
                 network_id=hour.network_id)
    return hour


def _check_visit(actor, visit: Visit, domains) -> list[str]:
    require(may_host(actor, visit.hour))
    codes = [d for d in domains if d in LifeDomain.values]
    if not codes:
        raise ValidationError({"life_domains": _("Kies minstens één levensdomein.")})
    found = identifying_parts(visit.question) + identifying_parts(visit.follow_up)
    if found:
        raise ValidationError({"question": _(
            "Dit lijkt een %(what)s te bevatten. Een inloopbezoek bewaart niets waarmee je de "
            "bezoeker kan herkennen: laat het weg.") % {"what": found[0]}})
    if " " in visit.first_name.strip():
        raise ValidationError({"first_name": _("Alleen een voornaam, zonder achternaam.")})
    visit.first_name = visit.first_name.strip()
    if visit.outcome == Outcome.REFERRED and visit.service_id is None:
        raise ValidationError({"service": _("Kies de dienst waarnaar je doorverwees.")})
    if visit.outcome != Outcome.REFERRED:
        visit.service = None
    if visit.outcome == Outcome.FOLLOW_UP and not visit.follow_up.strip():
        raise ValidationError({"follow_up": _("Schrijf kort wat je afsprak (zonder namen).")})
    if visit.service_id and visit.service.network_id != visit.hour.network_id:
        raise ValidationError({"service": _("Kies een dienst van de sociale kaart.")})
    if visit.visited_on and visit.visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("De datum ligt in de toekomst.")})
    visit.life_domains = multivalue.join(codes, LifeDomain)
    visit.network_id = visit.hour.network_id
    visit.organisation_id = visit.hour.organisation_id
    return codes


def _domain_rows(visit: Visit, codes: list[str]) -> None:
    VisitDomain.objects.filter(visit=visit).delete()
    VisitDomain.objects.bulk_create([
        VisitDomain(visit=visit, network_id=visit.network_id, hour_id=visit.hour_id,
                    life_domain=code, visited_on=visit.visited_on) for code in codes])


@transaction.atomic
def visit_record(*, actor, visit: Visit, domains) -> Visit:
    """A visit at a walk-in hour, without a dossier."""
    codes = _check_visit(actor, visit, domains)
    visit.recorded_by = actor
    visit.full_clean()
    visit.save()
    _domain_rows(visit, codes)
    audit_record(actor=actor, family_id=None, category=OPEN_DOORS_AUDIT, action=AuditAction.CREATE,
                 detail=gettext_noop("inloopbezoek %(pk)s") % {"pk": visit.pk},
                 network_id=visit.network_id)
    return visit


@transaction.atomic
def visit_update(*, actor, visit: Visit, domains, expected_version: int) -> Visit:
    """Correct a visit (version-checked). A visit linked to a dossier is changed only by who
    may change that dossier."""
    codes = _check_visit(actor, visit, domains)
    if visit.family_id:
        require(policy.access_for(actor, visit.family).can_change(VISIT_CATEGORY))
    visit.full_clean()
    save_versioned(visit, expected_version=expected_version, fields=VISIT_FIELDS)
    _domain_rows(visit, codes)
    audit_record(actor=actor, family_id=visit.family_id,
                 category=VISIT_CATEGORY if visit.family_id else OPEN_DOORS_AUDIT,
                 action=AuditAction.CHANGE,
                 detail=gettext_noop("inloopbezoek %(pk)s") % {"pk": visit.pk},
                 network_id=visit.network_id)
    return visit


@transaction.atomic
def visit_to_family(*, actor, visit: Visit, display_name: str, mandate_form: str,
                    mandate_scope: str, given_on: date) -> Family:
    """The visitor asks for guidance: a family dossier with a mandate, in the actor's own
    organisation, and the visit linked to it (it stays in the family's history)."""
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    if locked.family_id is not None:
        raise ValidationError(_("Dit bezoek hoort al bij een gezinsdossier."))
    require(may_host(actor, visit.hour) and policy.can_create_family(actor))
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("De datum ligt in de toekomst.")})
    family = family_services.family_create(
        actor=actor, family=Family(display_name=display_name.strip()),
        members=[Member(role=MemberRole.PARENT, first_name=visit.first_name)])
    parent = family.members.get()
    consent_services.mandate_record(actor=actor, family=family, mandate=Mandate(
        given_by=parent, given_on=given_on, form=mandate_form, scope=mandate_scope))
    locked.family = family
    locked.linked_at = timezone.now()
    locked.save(update_fields=["family", "linked_at", "updated_at"])
    visit.family, visit.linked_at = family, locked.linked_at
    audit_record(actor=actor, family_id=family.pk, category=Category.DOMAIN_NOTES,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("inloopbezoek %(pk)s van %(day)s aan het dossier gekoppeld")
                 % {"pk": visit.pk, "day": visit.visited_on.isoformat()})
    return family
