from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from brug.core.audit import audit_record, describe, verify_chain
from brug.core.models import AuditEvent


def _three_events(world):
    for action in ("view", "change", "view"):
        audit_record(
            actor=world.alice,
            family_id=world.family.pk,
            category="household",
            action=action,
            purpose="huisbezoek",
        )


def test_the_chain_of_untouched_events_verifies(world):
    _three_events(world)
    count, problems = verify_chain()
    assert count == 3 and problems == []
    call_command("audit_verify")


def test_changing_one_row_is_detected(world):
    _three_events(world)
    middle = AuditEvent.objects.order_by("id")[1]
    AuditEvent.objects.filter(pk=middle.pk).update(actor_name="Iemand anders")
    _count, problems = verify_chain()
    assert [p.event_id for p in problems] == [middle.pk]
    with pytest.raises(CommandError):
        call_command("audit_verify")


def test_removing_a_row_is_detected(world):
    _three_events(world)
    middle = AuditEvent.objects.order_by("id")[1]
    AuditEvent.objects.filter(pk=middle.pk)._raw_delete(AuditEvent.objects.db)
    _count, problems = verify_chain()
    assert problems


def test_removing_the_last_row_is_detected(world):
    _three_events(world)
    last = AuditEvent.objects.order_by("id").last()
    AuditEvent.objects.filter(pk=last.pk)._raw_delete(AuditEvent.objects.db)
    _count, problems = verify_chain()
    assert any("head" in p.message for p in problems)


def test_events_can_not_be_edited_or_deleted_through_the_orm(world):
    event = audit_record(
        actor=world.alice, family_id=world.family.pk, category="identity", action="view"
    )
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_events_read_as_plain_dutch(world):
    event = audit_record(
        actor=world.charlie, family_id=world.family.pk, category="household", action="view"
    )
    sentence = describe(event)
    assert sentence.startswith("Charlie Claes (CAW) bekeek de gezinssituatie op ")
