"""The audit trail: one keyed chain per network, append-only, checked against checkpoints.

Tampering tests play someone who can write the database but holds neither the HMAC key nor
the checkpoint file. On PostgreSQL they first lift the append-only trigger, as such a person
(the table's owner) could.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from brug.core.audit import SYSTEM_CHAIN, audit_record, compute_hash, describe, verify_chains
from brug.core.models import AuditEvent, AuditHead
from brug.network.models import Network, Organisation
from tests.conftest import make_family, make_worker

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's"
)


@contextmanager
def tampering():
    """A cursor that may change the audit table, as the table's owner could make it."""
    toggle = "ALTER TABLE core_auditevent {} TRIGGER core_auditevent_append_only"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(toggle.format("DISABLE"))
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute(toggle.format("ENABLE"))


def _events(world, n=3):
    for action in ("view", "change", "view", "view", "change")[:n]:
        audit_record(actor=world.alice, family_id=world.family.pk, category="household",
                     action=action, purpose="huisbezoek")
    return list(AuditEvent.objects.filter(network_id=world.network.pk).order_by("id"))


def _problems():
    return verify_chains()[1]


@pytest.fixture
def checkpoints(tmp_path):
    return tmp_path / "audit-checkpoints.json"


def _verify(path, **kwargs):
    call_command("audit_verify", checkpoints=str(path), **kwargs)


# The chain ----------------------------------------------------------------------------------


def test_the_chain_of_untouched_events_verifies(world, checkpoints):
    _events(world)
    ends, problems = verify_chains()
    assert problems == [] and ends[world.network.pk].count == 3
    _verify(checkpoints, init=True)
    _events(world, 2)
    _verify(checkpoints)
    saved = json.loads(checkpoints.read_text())
    assert saved["networks"][str(world.network.pk)]["count"] == 5


def test_each_network_has_a_chain_and_a_head_of_its_own(world):
    other = Network.objects.create(name="Ander netwerk")
    org = Organisation.objects.create(network=other, name="OCMW Elders", short_name="OE",
                                      kind="ocmw")
    ella = make_worker("ella", org, "supporter", "Ella Elders")
    far_family = make_family(org, ella, "Gezin Elders")
    audit_record(actor=world.alice, family_id=world.family.pk, category="identity", action="view")
    audit_record(actor=ella, family_id=far_family.pk, category="identity", action="view")
    audit_record(actor=world.alice, family_id=world.family.pk, category="plan", action="view")

    mine = AuditEvent.objects.filter(network_id=world.network.pk).order_by("id")
    theirs = AuditEvent.objects.get(network_id=other.pk)
    assert [e.category for e in mine] == ["identity", "plan"]
    assert mine[1].prev_hash == mine[0].hash  # the other network's event is not in between
    assert theirs.prev_hash == "0" * 64
    assert AuditHead.objects.get(network_id=other.pk).count == 1
    assert _problems() == []


def test_an_event_takes_the_familys_network_then_the_actors_then_the_system_chain(world):
    other = Network.objects.create(name="Ander netwerk")
    org = Organisation.objects.create(network=other, name="OCMW Elders", short_name="OE",
                                      kind="ocmw")
    far_family = make_family(org, None, "Gezin Elders")
    # Whoever acts, the event goes to the chain of the family's network.
    by_family = audit_record(actor=world.alice, family_id=far_family.pk, category="identity",
                             action="view")
    by_actor = audit_record(actor=world.cora, family_id=None, category="network",
                            action="change")
    by_system = audit_record(actor=None, family_id=None, category="network", action="change")
    assert by_family.network_id == other.pk
    assert by_actor.network_id == world.network.pk
    assert by_system.network_id == SYSTEM_CHAIN
    assert _problems() == []


def test_events_read_as_plain_dutch(world):
    event = audit_record(
        actor=world.charlie, family_id=world.family.pk, category="household", action="view"
    )
    assert describe(event).startswith("Charlie Claes (CAW) bekeek de gezinssituatie op ")


def test_production_refuses_to_start_without_the_key():
    """Like SECRET_KEY: without DEBUG (and outside the test suite) the key must be set."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k not in ("DEBUG", "BRUG_TESTING", "AUDIT_HMAC_KEY")}
    result = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ.setdefault("
         "'DJANGO_SETTINGS_MODULE', 'brug.settings'); django.setup()"],
        env={**env, "DEBUG": "0", "SECRET_KEY": "x" * 50},
        capture_output=True, text=True,
    )
    assert result.returncode != 0 and "AUDIT_HMAC_KEY is not set" in result.stderr


# Append-only -------------------------------------------------------------------------------


def test_events_can_not_be_changed_or_deleted_through_the_orm(world):
    event = _events(world, 1)[0]
    for attempt in (
        event.save,
        event.delete,
        lambda: AuditEvent.objects.filter(pk=event.pk).update(detail="x"),
        lambda: AuditEvent.objects.all().delete(),
    ):
        with pytest.raises(RuntimeError):
            attempt()


@on_postgres
@pytest.mark.parametrize("statement", [
    "UPDATE core_auditevent SET detail = 'weg'",
    "DELETE FROM core_auditevent",
    "TRUNCATE core_auditevent",
])
def test_postgresql_refuses_changes_to_the_audit_table(world, statement):
    _events(world, 2)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.filter(detail="weg").count() == 0
    assert AuditEvent.objects.count() == 2


def test_deleting_a_user_leaves_their_events_intact(world):
    dirk = make_worker("dirk", world.home, "supporter", "Dirk Dewulf")
    for category in ("identity", "plan"):
        audit_record(actor=dirk, family_id=world.family.pk, category=category, action="view")
    dirk.user.delete()
    assert AuditEvent.objects.filter(actor_name="Dirk Dewulf").count() == 2
    assert _problems() == []


# Tampering, each detected ------------------------------------------------------------------


def test_a_changed_row_is_detected(world, checkpoints):
    events = _events(world)
    _verify(checkpoints, init=True)
    with tampering() as cursor:
        cursor.execute("UPDATE core_auditevent SET actor_name = %s WHERE id = %s",
                       ["Iemand anders", events[1].pk])
    assert [p.event_id for p in _problems()] == [events[1].pk]
    with pytest.raises(CommandError, match="NOT intact"):
        _verify(checkpoints)


def test_rows_re_chained_without_the_key_are_detected(world, checkpoints):
    """Change a row, then recompute every hash from it on and move the head along: the links
    hold again, but without the key the hashes are not the keyed ones."""
    events = _events(world, 4)
    _verify(checkpoints, init=True)
    previous = events[0].hash
    with override_settings(AUDIT_HMAC_KEY="a-guess"), tampering() as cursor:
        for event in events[1:]:
            if event.pk == events[1].pk:
                event.detail = "verzonnen"
            event.prev_hash = previous
            event.hash = previous = compute_hash(event)
            cursor.execute(
                "UPDATE core_auditevent SET detail = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [event.detail, event.prev_hash, event.hash, event.pk],
            )
        AuditHead.objects.filter(network_id=world.network.pk).update(last_hash=previous)
    problems = _problems()
    assert {p.event_id for p in problems} == {e.pk for e in events[1:]}
    assert all("keyed hash" in p.message for p in problems)
    with pytest.raises(CommandError):
        _verify(checkpoints)


def test_a_cut_tail_with_the_head_moved_back_is_detected_by_the_checkpoint(world, checkpoints):
    events = _events(world, 5)
    _verify(checkpoints, init=True)
    kept = events[2]
    with tampering() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id > %s", [kept.pk])
    AuditHead.objects.filter(network_id=world.network.pk).update(
        last_id=kept.pk, last_hash=kept.hash, count=3)
    assert _problems() == []  # the database alone looks intact
    with pytest.raises(CommandError):
        _verify(checkpoints)
    _ends, problems = verify_chains(_saved(checkpoints))
    assert "events missing since the checkpoint" in problems[0].message


def test_a_cut_tail_hidden_by_new_events_is_detected_by_the_checkpoint(world, checkpoints):
    events = _events(world, 5)
    _verify(checkpoints, init=True)
    with tampering() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id > %s", [events[2].pk])
    AuditHead.objects.filter(network_id=world.network.pk).update(
        last_id=events[2].pk, last_hash=events[2].hash, count=3)
    _events(world, 3)  # the count is back above the checkpoint's
    _ends, problems = verify_chains(_saved(checkpoints))
    assert "differs from the checkpoint" in problems[0].message


def test_a_forged_appended_row_is_detected(world, checkpoints):
    events = _events(world)
    _verify(checkpoints, init=True)
    last = events[-1]
    forged = AuditEvent(
        at=last.at, network_id=last.network_id, actor_id=None, actor_name="Brug",
        organisation_id=None, organisation_name="", family_id=world.family.pk,
        category="consent", action="create", purpose="", detail="toestemming (verzonnen)",
        prev_hash=last.hash,
    )
    with override_settings(AUDIT_HMAC_KEY="a-guess"):
        forged.hash = compute_hash(forged)
    forged.save()
    AuditHead.objects.filter(network_id=world.network.pk).update(
        last_id=forged.pk, last_hash=forged.hash, count=4)
    assert [p.event_id for p in _problems()] == [forged.pk]
    with pytest.raises(CommandError):
        _verify(checkpoints)


def test_everything_deleted_is_detected_by_the_checkpoint(world, checkpoints):
    _events(world)
    _verify(checkpoints, init=True)
    with tampering() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
    AuditHead.objects.all().delete()
    assert _problems() == []  # nothing left to contradict anything
    with pytest.raises(CommandError):
        _verify(checkpoints)
    _ends, problems = verify_chains(_saved(checkpoints))
    assert problems[0].message == "chain missing: the checkpoint counted 3 events"


def test_a_removed_middle_row_is_detected(world):
    events = _events(world)
    with tampering() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    assert events[2].pk in [p.event_id for p in _problems()]


# The checkpoint file -----------------------------------------------------------------------


def test_a_changed_checkpoint_file_is_refused(world, checkpoints):
    _events(world)
    _verify(checkpoints, init=True)
    data = json.loads(checkpoints.read_text())
    data["networks"][str(world.network.pk)]["count"] = 1
    checkpoints.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="keyed hash"):
        _verify(checkpoints)


def test_a_missing_checkpoint_file_is_refused_unless_it_is_the_first_check(world, checkpoints):
    _events(world)
    with pytest.raises(CommandError, match="--init"):
        _verify(checkpoints)
    _verify(checkpoints, init=True)
    with pytest.raises(CommandError, match="already exists"):
        _verify(checkpoints, init=True)


def test_problems_leave_the_checkpoint_file_as_it_was(world, checkpoints):
    events = _events(world)
    _verify(checkpoints, init=True)
    before = checkpoints.read_text()
    with tampering() as cursor:
        cursor.execute("UPDATE core_auditevent SET detail = 'x' WHERE id = %s", [events[0].pk])
    with pytest.raises(CommandError):
        _verify(checkpoints)
    assert checkpoints.read_text() == before


def _saved(path):
    from brug.core.audit import checkpoints_load

    return checkpoints_load(path.read_text())


# Concurrency -------------------------------------------------------------------------------


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_a_chain():
    """Threads, each with its own connection, append to one network and to another at once."""
    import threading

    from django.db import connections

    workers = []
    for name in ("Een", "Twee"):
        network = Network.objects.create(name=name)
        org = Organisation.objects.create(network=network, name=name, short_name=name,
                                          kind="ocmw")
        worker = make_worker(f"w{name.lower()}", org, "supporter")
        worker = type(worker).objects.select_related("organisation").get(pk=worker.pk)
        workers.append(worker)
    start = threading.Barrier(4)

    def append(worker):
        try:
            start.wait()
            for _ in range(15):
                audit_record(actor=worker, family_id=None, category="network", action="view")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(workers[i % 2],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ends, problems = verify_chains()
    assert problems == []
    assert [ends[w.organisation.network_id].count for w in workers] == [30, 30]
