"""Writes for barriers and collective signals, each one transaction with its audit event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from brug.core import policy
from brug.core.audit import audit_record
from brug.core.categories import Category
from brug.core.errors import require
from brug.core.locking import save_versioned
from brug.core.models import AuditAction
from brug.core.multivalue import join as join_codes
from brug.directory.models import AccessDimension
from brug.network.models import Role
from brug.signals import bundle
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


def _dimension_rows(signal: Signal) -> list[SignalDimension]:
    return [SignalDimension(
        signal=signal, dimension=d, network_id=signal.network_id, family_id=signal.family_id,
        provider_id=signal.provider_id, service_id=signal.service_id,
        life_domain=signal.life_domain, observed_on=signal.observed_on,
        collective_id=signal.collective_id) for d in signal.dimension_list]


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
    signal.full_clean()
    signal.save()
    SignalDimension.objects.bulk_create(_dimension_rows(signal))
    _counts_refresh([signal])
    audit_record(actor=actor, family_id=family.pk, category=Category.DOMAIN_NOTES,
                 action=AuditAction.CREATE, detail=_("drempel"))
    return signal


def _counts_refresh(barriers) -> None:
    """Recount what these barriers (as they are now or were before a change) count in:
    suggestion groups first, then collective signals (one lock order for every service)."""
    network_id = None
    keys: set = set()
    for b in barriers:
        network_id = b.network_id
        keys |= bundle.suggestion_keys(b)
    if keys:
        bundle.suggestion_counts_refresh(network_id, keys)
    bundle.collective_counts_refresh(b.collective_id for b in barriers)


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
    signal.full_clean()
    save_versioned(signal, expected_version=expected_version or 0,
                   fields=["description", "service_id", "provider_id", "life_domain",
                           "dimensions"])
    SignalDimension.objects.filter(signal_id=signal.pk).delete()
    SignalDimension.objects.bulk_create(_dimension_rows(signal))
    # The groups it left (organisation, service, B's before) and the ones it joined.
    _counts_refresh([current, signal])
    audit_record(actor=actor, family_id=family.pk, category=Category.DOMAIN_NOTES,
                 action=AuditAction.CHANGE, detail=_("drempel gecorrigeerd"))
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
                 detail=_("gezamenlijk signaal: %(t)s") % {"t": collective.title})
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
    # Their other B's leave their suggestion groups too.
    left = set(SignalDimension.objects.filter(signal_id__in=ids).values_list(
        "provider_id", "service_id", "dimension"))
    Signal.objects.filter(pk__in=ids).update(collective=collective)
    SignalDimension.objects.filter(signal_id__in=ids).update(collective_id=collective.pk)
    bundle.suggestion_counts_refresh(collective.network_id, left)
    bundle.collective_counts_refresh([collective.pk])
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
                 detail=_("gezamenlijk signaal: %(t)s → %(s)s") % {
                     "t": collective.title, "s": collective.get_status_display()})
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
    The counts are recounted all the same, so that they stay right whatever this clears.
    """
    Signal.objects.filter(family_id=family_id).update(description="")
    bundle.collective_counts_refresh(Signal.objects.filter(family_id=family_id).values_list(
        "collective_id", flat=True).order_by().distinct())


def barrier_deleted(sender, instance: Signal, **kwargs) -> None:
    """No service deletes a barrier, but deleting a family (or its organisation) cascades to
    its barriers: recount what they counted in, in the deleting transaction, so that a
    count never stays higher than the families behind it (connected in SignalsConfig)."""
    _counts_refresh([instance])
