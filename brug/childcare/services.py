"""Writes of the childcare desk, each one transaction with its audit event, and the read of
the allocation's inputs. Access: docs/childcare.md "Wie ziet wat"."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.childcare import allocation
from brug.childcare.models import (
    ChildcareRequest,
    ChildcareRules,
    Ground,
    Offer,
    OfferStatus,
    PriceInputs,
    Provider,
    RequestEvent,
    RequestStatus,
)
from brug.consent import services as consent_services
from brug.consent.models import SharingConsent, consents_in_force
from brug.core import cache_versions, multivalue
from brug.core.audit import audit_record
from brug.core.categories import Category, join_categories, parse_categories
from brug.core.errors import require
from brug.core.locking import StaleEdit, save_versioned
from brug.core.models import AuditAction
from brug.core.roles import Role
from brug.families.models import MemberRole

NETWORK = "network"  # audit category of the network's own data (docs/audit.md)
HELD = (OfferStatus.PROPOSED, OfferStatus.ACCEPTED)


def rules_for(network_id: int) -> ChildcareRules:
    rules = ChildcareRules.objects.filter(network_id=network_id).first()
    return rules or ChildcareRules(network_id=network_id)


def is_coordinator(worker) -> bool:
    return policy.can_manage_network(worker) and worker.has_role(Role.COORDINATOR)


def _desk_key(network_id: int) -> str:
    return f"brug:childcare:desk:{network_id}"


def desk_organisation_id(network_id: int) -> int | None:
    """The organisation that runs the network's desk, cached (the menu asks it on every
    request, so under one key: one round trip to the cache, not a version and then the
    entry). `rules_save` removes the entry at once and writes the saved value when its
    transaction commits; a reader that missed only adds what it read (`cache.add`), so a
    value read before the commit never replaces the one the commit wrote. Entries expire
    after `cache_versions.TIMEOUT` (the demo loader writes the rules without the service)."""
    key = _desk_key(network_id)
    found = cache.get(key)
    if found is None:
        found = ChildcareRules.objects.filter(network_id=network_id).values_list(
            "desk_organisation_id", flat=True).first() or 0
        cache.add(key, found, cache_versions.TIMEOUT)
    return found or None


def _desk_changed(rules: ChildcareRules) -> None:
    key, desk = _desk_key(rules.network_id), rules.desk_organisation_id or 0
    cache.delete(key)
    transaction.on_commit(lambda: cache.set(key, desk, cache_versions.TIMEOUT))


def runs_desk(worker) -> bool:
    """The menu's "Kinderopvang" (`access.context_processors`): `is_desk` without a query for
    the coordinators and with the cached desk organisation for the others."""
    if worker is None or policy._kind(worker) != "home":
        return False
    if is_coordinator(worker):
        return True
    return desk_organisation_id(worker.organisation.network_id) == worker.organisation_id


def is_desk(worker, rules: ChildcareRules | None = None) -> bool:
    """Runs the allocation: the network's coordinators, and the home roles of the desk's
    organisation."""
    if worker is None or policy._kind(worker) != "home" and not is_coordinator(worker):
        return False
    if is_coordinator(worker):
        return True
    rules = rules or rules_for(worker.organisation.network_id)
    return rules.desk_organisation_id == worker.organisation_id


def _event(request: ChildcareRequest, actor, text: str, **params) -> None:
    RequestEvent.objects.create(request=request, family_id=request.family_id, text=text,
                                params=params, by=actor)


def _require_plan_change(actor, family):
    access = policy.access_for(actor, family)
    require(access.can_change(Category.PLAN) and access.home)
    return access


def child_groups(children, start: date) -> list[str]:
    groups = []
    for child in children:
        group = allocation.age_group(child.birth_date, start)
        if group is not None:
            groups.append(group)
    return groups


def _check_request(request: ChildcareRequest, children, rules: ChildcareRules) -> None:
    errors = {}
    if not children:
        errors["children"] = _("Kies voor welk kind het gezin opvang zoekt.")
    elif any(c.role not in (MemberRole.CHILD, MemberRole.EXPECTED_CHILD) for c in children):
        errors["children"] = _("Opvang is voor een kind of een verwacht kind van het gezin.")
    elif len(child_groups(children, request.start_date)) != len(children):
        errors["children"] = _("Baby- en peuteropvang is voor kinderen tot 3 jaar op de "
                               "startdatum.")
    if request.start_date and request.start_date < request.requested_on:
        errors["start_date"] = _("De startdatum ligt vóór de datum van de aanvraag.")
    unknown = [g for g in multivalue.split(request.grounds) if g not in Ground.values]
    if unknown:
        errors["grounds"] = _("Onbekende voorrangsgroep.")
    if errors:
        raise ValidationError(errors)


def _desk_consent(actor, family, rules, consent_given_by, chosen: set[str]):
    """Sharing with the desk's organisation, when it is not the family's own: a consent in
    force, or one the family gives now (who gave it is recorded)."""
    desk = rules.desk_organisation
    if desk is None or desk.pk == family.organisation_id:
        return
    covered = set()
    for raw in SharingConsent.objects.filter(consents_in_force(timezone.localdate()),
                                             family_id=family.pk, organisation_id=desk.pk) \
            .values_list("categories", flat=True):
        covered.update(parse_categories(raw))
    if chosen <= covered:
        return
    if consent_given_by is None:
        raise ValidationError({"consent_given_by": _(
            "Het lokaal loket (%(org)s) ziet de aanvraag alleen met de toestemming van het "
            "gezin: duid aan wie ze gaf.") % {"org": desk.short_name}})
    if consent_given_by.family_id != family.pk or consent_given_by.role not in (
            MemberRole.PARENT, MemberRole.OTHER_ADULT):
        raise ValidationError({"consent_given_by": _(
            "De toestemming wordt gegeven door een volwassene van het gezin.")})
    consent_services.consent_give(actor=actor, family=family, consent=SharingConsent(
        organisation=desk, categories=join_categories(chosen | covered),
        purpose=_("Aanvraag kinderopvang bij het lokaal loket")[:300],
        given_by=consent_given_by, valid_from=timezone.localdate()))


@transaction.atomic
def request_create(*, actor, family, request: ChildcareRequest, children,
                   consent_given_by=None) -> ChildcareRequest:
    _require_plan_change(actor, family)
    rules = rules_for(family.organisation.network_id)
    request.family = family
    request.created_by = actor
    request.requested_on = timezone.localdate()
    _check_request(request, children, rules)
    request.full_clean(exclude=["family", "created_by"])
    # The desk must know who the family is (identity) and what it asks (plan).
    chosen = {Category.IDENTITY.value, Category.PLAN.value} | (
        {Category.HOUSEHOLD.value} if request.grounds else set())
    _desk_consent(actor, family, rules, consent_given_by, chosen)
    request.save()
    request.children.set(children)
    _event(request, actor, gettext_noop("Aanvraag ingediend door %(who)s."),
           who=actor.display_name)
    audit_record(actor=actor, family_id=family.pk, category=Category.PLAN,
                 action=AuditAction.CREATE, detail=gettext_noop("aanvraag kinderopvang"))
    return request


@transaction.atomic
def request_edit(*, actor, request: ChildcareRequest, children, expected_version: int,
                 fields: list[str]) -> ChildcareRequest:
    _require_plan_change(actor, request.family)
    if request.status not in (RequestStatus.OPEN,):
        raise ValidationError(_("Een aanvraag met een voorstel of een plaats wijzig je niet "
                                "meer; trek ze in en maak een nieuwe."))
    _check_request(request, children, rules_for(request.family.organisation.network_id))
    request.full_clean(exclude=["family", "created_by"])
    save_versioned(request, expected_version=expected_version, fields=fields)
    request.children.set(children)
    _event(request, actor, gettext_noop("Aanvraag gewijzigd door %(who)s."),
           who=actor.display_name)
    audit_record(actor=actor, family_id=request.family_id, category=Category.PLAN,
                 action=AuditAction.CHANGE, detail=gettext_noop("aanvraag kinderopvang"))
    return request


@transaction.atomic
def request_withdraw(*, actor, request: ChildcareRequest, expected_version: int):
    _require_plan_change(actor, request.family)
    if request.status == RequestStatus.WITHDRAWN:
        raise ValidationError(_("Deze aanvraag is al ingetrokken."))
    request.status = RequestStatus.WITHDRAWN
    save_versioned(request, expected_version=expected_version, fields=["status"])
    Offer.objects.filter(request=request, status=OfferStatus.PROPOSED).update(
        status=OfferStatus.REFUSED, decided_on=timezone.localdate(),
        decision_note=_("aanvraag ingetrokken")[:300])
    _event(request, actor, gettext_noop("Aanvraag ingetrokken door %(who)s."),
           who=actor.display_name)
    audit_record(actor=actor, family_id=request.family_id, category=Category.PLAN,
                 action=AuditAction.END, detail=gettext_noop("aanvraag kinderopvang"))
    return request


# The allocation ----------------------------------------------------------------------


def free_places(providers) -> dict[int, dict[str, int]]:
    """Places of each provider less the offers that hold one (proposed or accepted)."""
    held = {row["provider_id"]: row for row in Offer.objects.filter(
        provider__in=[p.pk for p in providers], status__in=HELD).values("provider_id")
        .annotate(baby=Sum("baby_places"), toddler=Sum("toddler_places"))}
    out = {}
    for p in providers:
        h = held.get(p.pk, {})
        out[p.pk] = {allocation.BABY: p.baby_places - (h.get("baby") or 0),
                     allocation.TODDLER: p.toddler_places - (h.get("toddler") or 0)}
    return out


def allocation_inputs(network_id: int):
    """Everything the allocation reads, in four queries: the rules, the providers with their
    held places, the open requests with their children and refused providers."""
    rules = rules_for(network_id)
    providers = list(Provider.objects.filter(network_id=network_id, active=True))
    free = free_places(providers)
    requests = list(ChildcareRequest.objects.filter(
        family__organisation__network_id=network_id, status=RequestStatus.OPEN)
        .select_related("family").prefetch_related("children")
        .annotate(n_refused=Count("offers", filter=Q(offers__status=OfferStatus.REFUSED))))
    refused: dict[int, set[int]] = {}
    for rid, pid in Offer.objects.filter(request__in=[r.pk for r in requests if r.n_refused],
                                         status=OfferStatus.REFUSED) \
            .values_list("request_id", "provider_id"):
        refused.setdefault(rid, set()).add(pid)
    inputs = [allocation.Request(
        id=r.pk, requested_on=r.requested_on,
        needs=tuple(child_groups(r.children.all(), r.start_date)),
        grounds=frozenset(r.ground_list), municipality=r.municipality,
        neighbourhood=r.neighbourhood, preferred=tuple(r.preferred_ids),
        refused=frozenset(refused.get(r.pk, ())), income_tariff_only=r.income_tariff_only)
        for r in requests]
    provs = [allocation.Provider(p.pk, free[p.pk], p.income_tariff, p.municipality,
                                 p.neighbourhood, p.name) for p in providers]
    alloc_rules = allocation.Rules(rules.priority_share, tuple(rules.ground_list))
    return rules, {p.pk: p for p in providers}, {r.pk: r for r in requests}, \
        allocation.allocate(inputs, provs, alloc_rules)


@transaction.atomic
def offer_make(*, actor, request_id: int) -> Offer:
    """The desk turns the allocation's proposal for one request into an offer. The allocation
    is computed again inside the transaction, so a proposal that no longer holds (a place
    taken meanwhile) is refused rather than double-booked."""
    network_id = actor.organisation.network_id
    require(is_desk(actor))
    locked = ChildcareRequest.objects.select_for_update().filter(
        pk=request_id, family__organisation__network_id=network_id).first()
    if locked is None or not policy.access_for(actor, locked.family).can_view(Category.PLAN):
        raise PermissionDenied
    if locked.status != RequestStatus.OPEN:
        raise ValidationError(_("Voor deze aanvraag loopt al een voorstel of ze is afgesloten."))
    list(Provider.objects.select_for_update().filter(network_id=network_id))
    _rules, providers, _requests, result = allocation_inputs(network_id)
    proposal = next((p for p in result.proposals if p.request_id == locked.pk), None)
    if proposal is None:
        raise ValidationError(_("Er is nu geen vrije plaats voor deze aanvraag."))
    places = dict(proposal.places)
    offer = Offer.objects.create(
        request=locked, family_id=locked.family_id, provider=providers[proposal.provider_id],
        baby_places=places.get(allocation.BABY, 0),
        toddler_places=places.get(allocation.TODDLER, 0), priority=proposal.priority,
        reasons=[[r.text, r.params] for r in proposal.reasons], created_by=actor)
    locked.status = RequestStatus.OFFERED
    save_versioned(locked, expected_version=locked.version, fields=["status"])
    _event(locked, actor, gettext_noop("Plaats voorgesteld bij %(provider)s door %(who)s."),
           provider=offer.provider.name, who=actor.display_name)
    audit_record(actor=actor, family_id=locked.family_id, category=Category.PLAN,
                 action=AuditAction.CREATE,
                 detail=gettext_noop("voorstel kinderopvang bij %(provider)s") % {
                     "provider": offer.provider.name})
    return offer


def may_decide(actor, offer: Offer) -> bool:
    access = policy.access_for(actor, offer.family)
    return (access.can_change(Category.PLAN) and access.home) or (
        is_desk(actor) and access.can_view(Category.PLAN))


@transaction.atomic
def offer_decide(*, actor, offer: Offer, accept: bool, note: str = "",
                 expected_version: int) -> Offer:
    """The family accepts or refuses the place (recorded by its supporter or the desk).
    Refused: the request is open again and that provider is not proposed again."""
    require(may_decide(actor, offer))
    locked = Offer.objects.select_for_update().select_related("provider", "request") \
        .get(pk=offer.pk)
    if locked.version != expected_version:
        raise StaleEdit()
    if locked.status != OfferStatus.PROPOSED:
        raise ValidationError(_("Over dit voorstel is al beslist."))
    locked.status = OfferStatus.ACCEPTED if accept else OfferStatus.REFUSED
    locked.decided_on = timezone.localdate()
    locked.decision_note = note.strip()[:300]
    save_versioned(locked, expected_version=expected_version,
                   fields=["status", "decided_on", "decision_note"])
    request = locked.request
    request.status = RequestStatus.PLACED if accept else RequestStatus.OPEN
    save_versioned(request, expected_version=request.version, fields=["status"])
    _event(request, actor, gettext_noop("Plaats bij %(provider)s aanvaard.") if accept
           else gettext_noop("Plaats bij %(provider)s geweigerd: %(note)s"),
           provider=locked.provider.name, note=locked.decision_note)
    audit_record(actor=actor, family_id=locked.family_id, category=Category.PLAN,
                 action=AuditAction.CHANGE,
                 detail=(gettext_noop("plaats kinderopvang bij %(provider)s aanvaard") if accept
                         else gettext_noop("plaats kinderopvang bij %(provider)s geweigerd"))
                 % {"provider": locked.provider.name})
    return locked


# Price inputs, providers, rules ------------------------------------------------------------


@transaction.atomic
def price_inputs_save(*, actor, family, inputs: PriceInputs, expected_version: int | None,
                      fields: list[str]) -> PriceInputs:
    access = policy.access_for(actor, family)
    require(access.can_change(Category.RIGHTS) and access.home)
    inputs.family = family
    inputs.full_clean(exclude=["family"])
    if inputs.pk is None:
        inputs.save()
        action = AuditAction.CREATE
    else:
        save_versioned(inputs, expected_version=expected_version or inputs.version,
                       fields=fields)
        action = AuditAction.CHANGE
    audit_record(actor=actor, family_id=family.pk, category=Category.RIGHTS, action=action,
                 detail=gettext_noop("gegevens voor het inkomenstarief"))
    return inputs


@transaction.atomic
def provider_save(*, actor, provider: Provider, expected_version: int | None,
                  fields: list[str]) -> Provider:
    require(is_desk(actor))
    provider.network_id = actor.organisation.network_id
    if provider.organisation_id and provider.organisation.network_id != provider.network_id:
        raise ValidationError({"organisation": _("Kies een organisatie van jullie netwerk.")})
    provider.full_clean(exclude=["network"])
    if provider.pk is None:
        provider.save()
        action = AuditAction.CREATE
    else:
        save_versioned(provider, expected_version=expected_version or provider.version,
                       fields=fields)
        action = AuditAction.CHANGE
    audit_record(actor=actor, family_id=None, category=NETWORK, action=action,
                 detail=gettext_noop("kinderopvang %(name)s") % {"name": provider.name})
    return provider


@transaction.atomic
def rules_save(*, actor, rules: ChildcareRules, expected_version: int | None,
               fields: list[str]) -> ChildcareRules:
    require(is_coordinator(actor))
    rules.network_id = actor.organisation.network_id
    if rules.desk_organisation_id and \
            rules.desk_organisation.network_id != rules.network_id:
        raise ValidationError({"desk_organisation": _("Kies een organisatie van jullie "
                                                      "netwerk.")})
    if Ground.LOCAL in rules.ground_list and not rules.local_ground.strip():
        raise ValidationError({"local_ground": _("Beschrijf de lokale voorrangsregel.")})
    rules.full_clean(exclude=["network"])
    if rules.pk is None:
        rules.save()
    else:
        save_versioned(rules, expected_version=expected_version or rules.version,
                       fields=fields)
    _desk_changed(rules)
    audit_record(actor=actor, family_id=None, category=NETWORK, action=AuditAction.CHANGE,
                 detail=gettext_noop("voorrangsregels kinderopvang: %(share)s%%") % {
                     "share": rules.priority_share})
    return rules


def free_text_clear(family_id: int) -> None:
    """Retention: the family's words go; dates, places and decisions stay."""
    ChildcareRequest.objects.filter(family_id=family_id).update(reasons="")
    Offer.objects.filter(family_id=family_id).update(decision_note="")
