"""Writes for barriers and collective signals, each one transaction with its audit event."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brug.access import policy
from brug.core import cache_versions
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.errors import require
from brug.core.locking import save_versioned
from brug.core.models import AuditAction
from brug.core.multivalue import join as join_codes
from brug.directory.models import AccessDimension
from brug.families.models import Member
from brug.network.models import Role
from brug.signals.models import (
    CLOSED_COLLECTIVE,
    Action,
    ActionPlan,
    CollectiveSignal,
    CollectiveSignalEvent,
    CollectiveStatus,
    Meeting,
    Signal,
    SignalDimension,
)

AUDIT_CATEGORY = "signals"


def _changed(network_id: int) -> None:
    """The network's barriers, collective signals or meetings changed: the bundle page is
    computed anew (`bundle.cache_version`)."""
    cache_versions.bump(f"signals:{network_id}")


def _dimension_rows(signal: Signal) -> list[SignalDimension]:
    return [SignalDimension(
        signal=signal, dimension=d, network_id=signal.network_id, family_id=signal.family_id,
        provider_id=signal.provider_id, service_id=signal.service_id,
        life_domain=signal.life_domain, observed_on=signal.observed_on,
        collective_id=signal.collective_id) for d in signal.dimension_list]


def family_names_in(text: str, family_id: int) -> list[str]:
    """The first and last names of the family's members that `text` contains as a whole
    word, whatever the case."""
    names = {name.strip() for pair in Member.objects.filter(family_id=family_id)
             .values_list("first_name", "last_name") for name in pair}
    return sorted(name for name in names if len(name) > 1 and re.search(
        rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE))


def _refuse_family_names(text: str, family_id: int) -> None:
    found = family_names_in(text, family_id)
    if found:
        raise ValidationError({"description": _(
            "De beschrijving noemt een gezinslid (%(names)s). Beschrijf de drempel zonder "
            "namen: de tekst kan in de signalenbundel komen.") % {"names": ", ".join(found)}})


@transaction.atomic
def barrier_record(*, actor, family, signal: Signal, dimensions: list[str]) -> Signal:
    access = policy.access_for(actor, family)
    require(access.can_view(Category.DOMAIN_NOTES) and not access.read_only)
    if signal.service_id:  # a service names its organisation (as barrier_update does)
        signal.provider_id = signal.service.provider_id
    if not signal.provider_id:
        raise ValidationError({"service": _("Kies de dienst of de organisatie waar het gezin "
                                            "de drempel ervaarde.")})
    if not dimensions:
        raise ValidationError({"dimensions": _("Kies minstens één B.")})
    signal.family = family
    signal.network_id = family.organisation.network_id
    signal.recorded_by = actor
    signal.organisation = actor.organisation
    signal.dimensions = join_codes(dimensions, AccessDimension)
    if signal.collective_id:
        require(signal.collective.network_id == signal.network_id)
    _refuse_family_names(signal.description, family.pk)
    signal.full_clean()
    signal.save()
    SignalDimension.objects.bulk_create(_dimension_rows(signal))
    audit_record(actor=actor, family_id=family.pk, category=Category.DOMAIN_NOTES,
                 action=AuditAction.CREATE, detail=gettext_noop("drempel"))
    _changed(signal.network_id)
    return signal


def can_edit_barrier(worker, signal: Signal, access: policy.Access) -> bool:
    """The author or a coordinator who may see it, while the dossier may change and the
    collective signal it belongs to (if any) is not resolved or dropped."""
    if access.read_only or not access.can_view(Category.DOMAIN_NOTES):
        return False
    if not (access.home or signal.organisation_id == worker.organisation_id):
        return False  # the barrier tab shows other organisations only their own
    if signal.collective_id and signal.collective.status in CLOSED_COLLECTIVE:
        return False
    return signal.recorded_by_id == worker.pk or worker.has_role(Role.COORDINATOR)


@transaction.atomic
def barrier_update(*, actor, family, signal: Signal, dimensions: list[str],
                   expected_version: int | None) -> Signal:
    """Correct a barrier; the grouping rows follow. Someone else's save in between raises
    StaleEdit."""
    # Locked, so grouping it into a collective signal meanwhile waits for this correction.
    current = Signal.objects.select_for_update().get(pk=signal.pk)
    signal.collective_id = current.collective_id
    require(current.family_id == family.pk
            and can_edit_barrier(actor, current, policy.access_for(actor, family)),
            _("Deze drempel kan je niet (meer) wijzigen."))
    if signal.service_id:
        signal.provider_id = signal.service.provider_id
    if not signal.provider_id:
        raise ValidationError({"service": _("Kies de dienst of de organisatie waar het gezin "
                                            "de drempel ervaarde.")})
    if not dimensions:
        raise ValidationError({"dimensions": _("Kies minstens één B.")})
    require(signal.provider.network_id == current.network_id)
    signal.dimensions = join_codes(dimensions, AccessDimension)
    _refuse_family_names(signal.description, family.pk)
    fields = ["description", "service_id", "provider_id", "life_domain", "dimensions"]
    if signal.description != current.description:
        # A new text has not been read by a coordinator: out of the bundle until released.
        signal.released_at, signal.released_by = None, None
        fields += ["released_at", "released_by"]
    signal.full_clean()
    save_versioned(signal, expected_version=expected_version or 0, fields=fields)
    SignalDimension.objects.filter(signal_id=signal.pk).delete()
    SignalDimension.objects.bulk_create(_dimension_rows(signal))
    audit_record(actor=actor, family_id=family.pk, category=Category.DOMAIN_NOTES,
                 action=AuditAction.CHANGE, detail=gettext_noop("drempel gecorrigeerd"))
    _changed(signal.network_id)
    return signal


@transaction.atomic
def barrier_release(*, actor, signal: Signal, description: str,
                    expected_version: int) -> Signal:
    """A coordinator releases a barrier's description for the signal bundle, as written or
    corrected (without names). Someone else's change in between raises StaleEdit."""
    require(policy.can_release_barrier_text(actor)
            and actor.organisation.network_id == signal.network_id)
    description = description.strip()
    if not description:
        raise ValidationError({"description": _("Een lege beschrijving valt niet vrij te "
                                                "geven.")})
    _refuse_family_names(description, signal.family_id)
    edited = description != signal.description
    signal.description = description
    signal.released_at, signal.released_by = timezone.now(), actor
    signal.full_clean()
    save_versioned(signal, expected_version=expected_version,
                   fields=["description", "released_at", "released_by"])
    audit_record(actor=actor, family_id=signal.family_id, category=Category.DOMAIN_NOTES,
                 action=AuditAction.CHANGE,
                 detail=(gettext_noop("drempelbeschrijving aangepast en vrijgegeven voor de "
                                      "signalenbundel") if edited else
                         gettext_noop("drempelbeschrijving vrijgegeven voor de signalenbundel")))
    _changed(signal.network_id)
    return signal


def _require_coordinator(actor, network_id: int) -> None:
    require(policy.can_manage_network(actor) and actor.organisation.network_id == network_id)


def _history(actor, collective: CollectiveSignal, note: str = "") -> None:
    CollectiveSignalEvent.objects.create(collective=collective, by=actor,
                                         status=collective.status, note=note[:500])


@transaction.atomic
def meeting_create(*, actor, meeting: Meeting) -> Meeting:
    _require_coordinator(actor, actor.organisation.network_id)
    meeting.network = actor.organisation.network
    meeting.created_by = actor
    meeting.full_clean()
    meeting.save()
    _changed(meeting.network_id)
    return meeting


@transaction.atomic
def collective_create(*, actor, collective: CollectiveSignal, provider_id=None, service_id=None,
                      dimension: str = "", report_ids=()) -> CollectiveSignal:
    """A new collective signal, by hand or from a suggestion (then its barriers join it)."""
    network_id = actor.organisation.network_id
    _require_coordinator(actor, network_id)
    collective.network_id = network_id
    collective.created_by = actor
    if provider_id and not collective.provider_id:
        collective.provider_id, collective.service_id = provider_id, service_id
        collective.dimension = collective.dimension or dimension
    collective.full_clean()
    collective.save()
    if provider_id and dimension:
        collective_add_group(actor=actor, collective=collective, provider_id=provider_id,
                             service_id=service_id, dimension=dimension)
    if report_ids:
        from brug.directory.models import AccessibilityReport

        collective.reports.set(AccessibilityReport.objects.filter(
            pk__in=report_ids, service__network_id=network_id))
    _history(actor, collective, _("aangemaakt"))
    audit_record(actor=actor, family_id=None, category=AUDIT_CATEGORY, action=AuditAction.CREATE,
                 detail=gettext_noop("gezamenlijk signaal: %(t)s") % {"t": collective.title})
    _changed(collective.network_id)
    return collective


@transaction.atomic
def collective_add_group(*, actor, collective: CollectiveSignal, provider_id: int,
                         service_id: int | None, dimension: str) -> int:
    """Add the unassigned barriers of one (organisation, service, B) group by hand."""
    _require_coordinator(actor, collective.network_id)
    ids = SignalDimension.objects.filter(
        network_id=collective.network_id, collective_id__isnull=True, provider_id=provider_id,
        service_id=service_id, dimension=dimension).values_list("signal_id", flat=True)
    ids = list(ids)
    Signal.objects.filter(pk__in=ids).update(collective=collective)
    SignalDimension.objects.filter(signal_id__in=ids).update(collective_id=collective.pk)
    _changed(collective.network_id)
    return len(ids)


@transaction.atomic
def collective_update(*, actor, collective: CollectiveSignal, expected_version: int,
                      changed: list[str], note: str = "") -> CollectiveSignal:
    _require_coordinator(actor, collective.network_id)
    if collective.status == CollectiveStatus.FORWARDED and not collective.forwarded_to.strip():
        raise ValidationError({"forwarded_to": _("Aan wie is het signaal doorgegeven?")})
    collective.full_clean()
    fields = ["meeting_id" if f == "meeting" else f for f in changed
              if f not in ("version", "note")]
    save_versioned(collective, expected_version=expected_version, fields=fields)
    if "status" in changed or note:
        _history(actor, collective, note)
    audit_record(actor=actor, family_id=None, category=AUDIT_CATEGORY, action=AuditAction.CHANGE,
                 detail=gettext_noop("gezamenlijk signaal: %(t)s → %(s)s") % {
                     "t": collective.title, "s": collective.get_status_display()})
    _changed(collective.network_id)
    return collective


@transaction.atomic
def action_plan_save(*, actor, collective: CollectiveSignal, goal: str) -> ActionPlan:
    _require_coordinator(actor, collective.network_id)
    plan, _created = ActionPlan.objects.get_or_create(collective=collective,
                                                      defaults={"goal": goal})
    if not _created:
        plan.goal = goal
        plan.save(update_fields=["goal"])
    if collective.status in (CollectiveStatus.NEW, CollectiveStatus.AGENDA):
        collective.status = CollectiveStatus.ACTION_PLAN
        save_versioned(collective, expected_version=collective.version, fields=["status"])
        _history(actor, collective, _("actieplan opgesteld"))
    return plan


@transaction.atomic
def action_add(*, actor, plan: ActionPlan, action: Action) -> Action:
    _require_coordinator(actor, plan.collective.network_id)
    require(action.owner.network_id == plan.collective.network_id)
    action.plan = plan
    action.full_clean()
    action.save()
    _history(actor, plan.collective, _("actie: %(a)s") % {"a": action.description})
    return action


@transaction.atomic
def action_done(*, actor, action: Action, done_on) -> Action:
    _require_coordinator(actor, action.plan.collective.network_id)
    action.done_on = done_on
    save_versioned(action, expected_version=action.version, fields=["done_on"])
    return action


def free_text_clear(family_id: int) -> None:
    """Retention: clear the description of the family's barriers.

    The barrier rows (domain, B's, organisation, date, collective) stay, so the bundle's
    counts of families and barriers do not change; empty descriptions are not quoted.
    """
    barriers = Signal.objects.filter(family_id=family_id)
    for network_id in set(barriers.values_list("network_id", flat=True)):
        _changed(network_id)
    barriers.update(description="")
