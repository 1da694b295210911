"""Writes of the volunteer work: each one transaction with its audit event.

A match needs the family's consent to share named categories with the volunteer's
organisation (a `SharingConsent`, recorded with the match or already in force), also when the
volunteer belongs to the family's own organisation: the policy shows a volunteer only what the
family agreed to (policy rule 4). The match records the categories; it must share at least the
family's identity (who) and the plan (the request the volunteer answers and the visits).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.consent import services as consent_services
from brug.consent.models import SharingConsent, consents_in_force
from brug.core import multivalue
from brug.core.audit import audit_record
from brug.core.categories import SHAREABLE_CATEGORIES, Category, join_categories, parse_categories
from brug.core.errors import require
from brug.core.locking import StaleEdit, save_versioned
from brug.core.models import AuditAction
from brug.core.roles import Role
from brug.volunteers import matching
from brug.volunteers.models import (
    Match,
    RequestStatus,
    VisitLog,
    VolunteerMeeting,
    VolunteerProfile,
    VolunteerRequest,
)

NETWORK = "network"  # audit category of the network's own data (docs/audit.md)
REQUIRED_CATEGORIES = (Category.IDENTITY, Category.PLAN)


class MatchRefused(ValidationError):
    """The match cannot be made; the message says why, in Dutch."""


def _labels(codes) -> str:
    return ", ".join(str(Category(c).label) for c in codes)


def is_coordinator(worker) -> bool:
    """Manages volunteer profiles and the volunteers' meetings of the network."""
    return policy.can_manage_network(worker) and worker.has_role(Role.COORDINATOR)


def volunteer_categories(worker, match: Match, access) -> frozenset[str]:
    """What the match's volunteer sees of the family: the policy's grant, narrowed to the
    categories the match records (the family's consent for this match)."""
    return access.categories & frozenset(match.category_list)


# Profiles ------------------------------------------------------------------------------


@transaction.atomic
def profile_save(*, actor, profile: VolunteerProfile, expected_version: int | None,
                 fields: list[str]) -> VolunteerProfile:
    require(is_coordinator(actor) or actor.pk == profile.worker_id)
    require(profile.worker.organisation.network_id == actor.organisation.network_id)
    profile.full_clean()
    if profile.pk is None:
        profile.save()
        action = AuditAction.CREATE
    else:
        save_versioned(profile, expected_version=expected_version, fields=fields)
        action = AuditAction.CHANGE
    audit_record(actor=actor, family_id=None, category=NETWORK, action=action,
                 detail=gettext_noop("vrijwilligersprofiel van %(name)s") % {
                     "name": profile.worker.display_name})
    return profile


# Requests -----------------------------------------------------------------------------


def _require_plan_change(actor, family):
    access = policy.access_for(actor, family)
    require(access.can_change(Category.PLAN) and access.home)
    return access


@transaction.atomic
def request_create(*, actor, family, request: VolunteerRequest) -> VolunteerRequest:
    _require_plan_change(actor, family)
    if not multivalue.split(request.help_kinds):
        raise ValidationError({"help_kinds": _("Kies minstens één soort hulp.")})
    request.family = family
    request.created_by = actor
    request.full_clean()
    request.save()
    audit_record(actor=actor, family_id=family.pk, category=Category.PLAN,
                 action=AuditAction.CREATE, detail=gettext_noop("vraag naar een vrijwilliger"))
    return request


@transaction.atomic
def request_edit(*, actor, request: VolunteerRequest, expected_version: int,
                 fields: list[str]) -> VolunteerRequest:
    _require_plan_change(actor, request.family)
    request.full_clean()
    save_versioned(request, expected_version=expected_version, fields=fields)
    audit_record(actor=actor, family_id=request.family_id, category=Category.PLAN,
                 action=AuditAction.CHANGE, detail=gettext_noop("vraag naar een vrijwilliger"))
    return request


@transaction.atomic
def request_close(*, actor, request: VolunteerRequest, expected_version: int):
    _require_plan_change(actor, request.family)
    request.status = RequestStatus.CLOSED
    save_versioned(request, expected_version=expected_version, fields=["status"])
    audit_record(actor=actor, family_id=request.family_id, category=Category.PLAN,
                 action=AuditAction.END, detail=gettext_noop("vraag naar een vrijwilliger"))
    return request


# Matching -----------------------------------------------------------------------------


def candidates_for(network_id: int, *, exclude_family_id: int | None = None):
    """The network's available volunteers as matching sees them: profile, and free places
    (their wished number of families less their running matches). Two queries."""
    profiles = list(
        VolunteerProfile.objects.filter(
            active=True, worker__active=True, worker__organisation__active=True,
            worker__organisation__network_id=network_id,
            worker__roles__contains=multivalue.needle(Role.VOLUNTEER))
        .select_related("worker", "worker__organisation")
        .annotate(running=Count("worker__matches",
                                filter=Q(worker__matches__ended_on__isnull=True)))
    )
    busy = set()
    if exclude_family_id is not None:
        busy = set(Match.objects.filter(family_id=exclude_family_id, ended_on__isnull=True)
                   .values_list("volunteer_id", flat=True))
    out = {}
    for p in profiles:
        if p.worker_id in busy:
            continue
        out[p.worker_id] = (p, matching.Candidate(
            id=p.worker_id,
            languages=matching.norm_set(p.language_list),
            skills=frozenset(multivalue.split(p.skills)),
            neighbourhoods=matching.norm_set(p.neighbourhood_list),
            municipality=matching.norm(p.municipality),
            availability=frozenset(multivalue.split(p.availability)),
            experience_years=p.experience_years,
            free_places=p.max_families - p.running,
        ))
    return out


def suggestions_for(request: VolunteerRequest, *, limit: int = 8):
    """[(profile, Suggestion)] best first."""
    found = candidates_for(request.family.organisation.network_id,
                           exclude_family_id=request.family_id)
    ranked = matching.rank((c for _p, c in found.values()), request.need(), limit=limit)
    return [(found[s.candidate_id][0], s) for s in ranked]


def covered_categories(family, organisation) -> set[str]:
    rows = SharingConsent.objects.filter(
        consents_in_force(timezone.localdate()), family_id=family.pk,
        organisation_id=organisation.pk).values_list("categories", flat=True)
    found: set[str] = set()
    for raw in rows:
        found.update(parse_categories(raw))
    return found


@transaction.atomic
def match_create(*, actor, request: VolunteerRequest, volunteer, coordinator,
                 categories: list[str], consent_given_by=None,
                 started_on: date | None = None) -> Match:
    family = request.family
    access = _require_plan_change(actor, family)
    require(access.may_manage_consent)
    locked = VolunteerRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status == RequestStatus.CLOSED:
        raise MatchRefused(_("Deze vraag is afgesloten."))
    if not (volunteer.active and volunteer.has_role(Role.VOLUNTEER)
            and volunteer.organisation.network_id == family.organisation.network_id):
        raise MatchRefused(_("Deze persoon is geen actieve vrijwilliger van jullie netwerk."))
    profile = VolunteerProfile.objects.filter(worker=volunteer).first()
    if profile is None or not profile.active:
        raise MatchRefused(_("Deze vrijwilliger is nu niet beschikbaar voor een nieuw gezin."))
    running = Match.objects.filter(volunteer=volunteer, ended_on__isnull=True).count()
    if running >= profile.max_families:
        raise MatchRefused(_("%(name)s begeleidt al %(n)s gezin(nen), zoveel als gewenst.") % {
            "name": volunteer.display_name, "n": running})
    if coordinator is None or not coordinator.active or \
            coordinator.organisation.network_id != family.organisation.network_id:
        raise MatchRefused(_("Kies wie de match opvolgt."))
    shareable = {c.value for c in SHAREABLE_CATEGORIES}
    chosen = set(categories)
    if not chosen <= shareable:
        raise MatchRefused(_("Deze informatie kan niet gedeeld worden."))
    missing_required = [c for c in REQUIRED_CATEGORIES if c not in chosen]
    if missing_required:
        raise MatchRefused(_(
            "Een vrijwilliger moet minstens weten wie het gezin is en wat de vraag is: deel "
            "%(what)s.") % {"what": _labels(missing_required)})
    org = volunteer.organisation
    consent = None
    if consent_given_by is not None:
        if consent_given_by.family_id != family.pk or consent_given_by.role not in (
                "parent", "other_adult"):
            raise MatchRefused(_("De toestemming wordt gegeven door een volwassene van het gezin."))
        consent = consent_services.consent_give(
            actor=actor, family=family, consent=SharingConsent(
                organisation=org, categories=join_categories(chosen),
                purpose=(_("Vrijwilliger %(name)s (%(org)s)") % {
                    "name": volunteer.display_name, "org": org.short_name})[:300],
                given_by=consent_given_by, valid_from=timezone.localdate()))
    else:
        missing = [c.value for c in SHAREABLE_CATEGORIES
                   if c.value in chosen and c.value not in covered_categories(family, org)]
        if missing:
            raise MatchRefused(_(
                "Het gezin gaf geen toestemming om %(what)s te delen met %(org)s. Vraag het gezin "
                "om toestemming en duid aan wie ze gaf.") % {
                    "what": _labels(missing), "org": org.short_name})
    match = Match(request=locked, family=family, volunteer=volunteer, coordinator=coordinator,
                  categories=join_categories(chosen), consent=consent,
                  started_on=started_on or timezone.localdate(), created_by=actor)
    match.full_clean(exclude=["request", "family"])
    try:
        with transaction.atomic():
            match.save()
    except IntegrityError:
        raise MatchRefused(_("Deze vrijwilliger is al gekoppeld aan dit gezin.")) from None
    locked.status = RequestStatus.MATCHED
    save_versioned(locked, expected_version=locked.version, fields=["status"])
    audit_record(actor=actor, family_id=family.pk, category=Category.PLAN,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("match met vrijwilliger %(name)s (%(org)s): %(what)s") % {
                     "name": volunteer.display_name, "org": org.short_name,
                     "what": _labels(chosen)})
    return match


def may_end_match(actor, match: Match) -> bool:
    if actor.pk == match.coordinator_id and policy.access_for(actor, match.family).any:
        return True
    return policy.access_for(actor, match.family).may_manage


@transaction.atomic
def match_end(*, actor, match: Match, ended_on: date, reason: str, note: str = "",
              expected_version: int) -> Match:
    """The match ends with a reason; the volunteer's assignment ends with it (the policy
    reads running matches), and a consent given with the match is ended too."""
    require(may_end_match(actor, match))
    locked = Match.objects.select_for_update().select_related("volunteer__organisation") \
        .get(pk=match.pk)
    if locked.version != expected_version:
        raise StaleEdit()
    if locked.ended_on is not None:
        raise ValidationError(_("Deze match is al beëindigd."))
    if ended_on < locked.started_on:
        raise ValidationError({"ended_on": _("Het einde ligt vóór de start van de match.")})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("Het einde ligt in de toekomst.")})
    if not reason:
        raise ValidationError({"end_reason": _("Kies een reden.")})
    locked.ended_on, locked.end_reason, locked.end_note = ended_on, reason, note[:300]
    save_versioned(locked, expected_version=expected_version,
                   fields=["ended_on", "end_reason", "end_note"])
    audit_record(actor=actor, family_id=locked.family_id, category=Category.PLAN,
                 action=AuditAction.END,
                 detail=gettext_noop("match met vrijwilliger %(name)s: %(why)s") % {
                     "name": locked.volunteer.display_name, "why": locked.get_end_reason_display()})
    if locked.consent_id is not None:
        still_used = Match.objects.filter(consent_id=locked.consent_id,
                                          ended_on__isnull=True).exists()
        updated = 0 if still_used else SharingConsent.objects.filter(
            pk=locked.consent_id, withdrawn_on__isnull=True).update(
                withdrawn_on=timezone.now(), withdrawn_reason=_("match beëindigd")[:300])
        if updated:
            audit_record(actor=actor, family_id=locked.family_id, category=Category.CONSENT,
                         action=AuditAction.END,
                         detail=gettext_noop("delen met %(org)s: match beëindigd") % {
                             "org": locked.volunteer.organisation.short_name})
    return locked


# Visits ------------------------------------------------------------------------------


@transaction.atomic
def visit_log(*, actor, match: Match, visit: VisitLog) -> VisitLog:
    """The match's volunteer logs a visit; a concern is flagged to the match's coordinator."""
    if actor.pk != match.volunteer_id:
        raise PermissionDenied
    access = policy.access_for(actor, match.family)
    if not match.is_running or Category.PLAN not in volunteer_categories(actor, match, access):
        raise PermissionDenied
    if visit.visited_on and visit.visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("Die datum ligt in de toekomst.")})
    if visit.visited_on and visit.visited_on < match.started_on:
        raise ValidationError({"visited_on": _("Die datum ligt vóór de start van de match.")})
    visit.match = match
    visit.family_id = match.family_id
    visit.created_by = actor
    visit.concern = visit.concern.strip()
    visit.full_clean(exclude=["match", "family"])
    visit.save()
    detail = gettext_noop("bezoek van vrijwilliger (%(m)s min)") % {"m": visit.minutes}
    if visit.concern:
        detail += " " + _("met een zorg voor %(name)s") % {"name": match.coordinator.display_name}
    audit_record(actor=actor, family_id=match.family_id, category=Category.PLAN,
                 action=AuditAction.CREATE, detail=detail)
    return visit


def sees_concerns(worker, match: Match, access) -> bool:
    """The concern is for the match's coordinator (and the family's own organisation, which
    answers for the family); the volunteer who wrote it sees their own words."""
    return access.home or worker.pk in (match.coordinator_id, match.volunteer_id)


@transaction.atomic
def concern_handle(*, actor, visit: VisitLog) -> VisitLog:
    match = visit.match
    access = policy.access_for(actor, match.family)
    require(access.may_manage or (actor.pk == match.coordinator_id and access.any))
    updated = VisitLog.objects.filter(pk=visit.pk, concern_handled_at__isnull=True) \
        .exclude(concern="").update(concern_handled_at=timezone.now(), concern_handled_by=actor)
    if updated:
        audit_record(actor=actor, family_id=match.family_id, category=Category.PLAN,
                     action=AuditAction.CHANGE,
                     detail=gettext_noop("zorg van vrijwilliger opgevolgd"))
    visit.refresh_from_db()
    return visit


# Meetings -----------------------------------------------------------------------------


@transaction.atomic
def meeting_save(*, actor, meeting: VolunteerMeeting, attendees) -> VolunteerMeeting:
    require(is_coordinator(actor))
    meeting.network_id = actor.organisation.network_id
    if meeting.pk is None:
        meeting.created_by = actor
    meeting.full_clean(exclude=["network"])
    new = meeting.pk is None
    meeting.save()
    meeting.attendees.set([w for w in attendees
                           if w.organisation.network_id == meeting.network_id])
    audit_record(actor=actor, family_id=None, category=NETWORK,
                 action=AuditAction.CREATE if new else AuditAction.CHANGE,
                 detail=gettext_noop("vrijwilligersoverleg %(d)s: %(n)s aanwezig") % {
                     "d": meeting.held_on.isoformat(), "n": len(attendees)})
    return meeting


def free_text_clear(family_id: int) -> None:
    """Retention: the words of requests and visits go; dates, minutes and reasons stay."""
    VolunteerRequest.objects.filter(family_id=family_id).update(description="")
    VisitLog.objects.filter(family_id=family_id).update(what_done="", concern="")
    Match.objects.filter(family_id=family_id).update(end_note="")
