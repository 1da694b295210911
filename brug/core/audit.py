"""Writing, verifying and describing the audit trail (docs/audit.md).

Services call `audit_record` inside their own transaction, so a change and its trace commit
or roll back together. Reads of dossier pages are recorded by the selectors.

The trail is one hash chain per network (tenant): an append locks only its network's
`AuditHead`, so networks never wait for each other, and each chain can later live on the
shard of its network. Every event carries an HMAC-SHA256 over its content and the previous
event's hash, keyed with `settings.AUDIT_HMAC_KEY`, which is never stored in the database:
someone who can write the database but does not hold the key cannot re-chain the rows after
changing one, nor forge an appended row. What the database alone cannot show (the last
events cut off and the head moved back, or everything deleted) is caught by the checkpoints
`audit_verify` keeps outside the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from brug.core.categories import CATEGORY_PHRASE, Category
from brug.core.models import AuditAction, AuditEvent, AuditHead

GENESIS = "0" * 64
# The chain of events that belong to no network: a system process acting on nothing of a
# family (none is written today; the retention process acts on a family, whose network it
# takes). 0 rather than NULL, so the unique head per network also holds for it.
SYSTEM_CHAIN = 0

# The columns the HMAC covers, in this order (the id is not known before the insert; the
# order of a chain is carried by `prev_hash`).
HASHED_FIELDS = (
    "prev_hash",
    "at",
    "network_id",
    "actor_id",
    "actor_name",
    "organisation_id",
    "organisation_name",
    "family_id",
    "category",
    "action",
    "purpose",
    "detail",
)


def _key() -> bytes:
    return settings.AUDIT_HMAC_KEY.encode("utf-8")


def _canonical(event) -> bytes:
    values = [getattr(event, name) for name in HASHED_FIELDS]
    values[1] = event.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def compute_hash(event) -> str:
    """The keyed hash of one event (a model instance or any object with HASHED_FIELDS)."""
    return hmac.new(_key(), b"brug-audit-event\n" + _canonical(event), hashlib.sha256).hexdigest()


def _network_of(family_id: int | None, actor) -> int:
    """The family's organisation's network; else the actor's; else the system chain."""
    if family_id is not None:
        # By label, not by import: core does not import the apps built on it.
        family_model = apps.get_model("families", "Family")
        network_id = (
            family_model.objects.filter(pk=family_id)
            .values_list("organisation__network_id", flat=True)
            .first()
        )
        if network_id is not None:
            return network_id
    if actor is not None:
        return actor.organisation.network_id
    return SYSTEM_CHAIN


def audit_record(
    *,
    actor,
    family_id: int | None,
    category: str,
    action: str,
    purpose: str = "",
    detail: str = "",
    also: tuple[str, ...] = (),
    network_id: int | None = None,
) -> AuditEvent:
    """Append one event to its network's chain. `actor` is a Worker, or None for a system
    process.

    `also`: further categories shown by the same page; each gets its own event, appended under
    the same lock (one round of queries instead of one per category).
    `network_id`: the chain to append to, when the caller has it at hand (it saves a query);
    otherwise it is the family's network, or the actor's when there is no family.
    """
    if network_id is None:
        network_id = _network_of(family_id, actor)
    with transaction.atomic():
        head, _created = AuditHead.objects.select_for_update().get_or_create(
            network_id=network_id, defaults={"last_hash": GENESIS}
        )
        now = timezone.now()
        events = []
        previous = head.last_hash
        for cat in (category, *also):
            event = AuditEvent(
                at=now,
                network_id=network_id,
                actor_id=actor.user_id if actor else None,
                actor_name=actor.display_name if actor else "Brug",
                organisation_id=actor.organisation_id if actor else None,
                organisation_name=actor.organisation.short_name if actor else "",
                family_id=family_id,
                category=cat,
                action=action,
                purpose=purpose[:200],
                detail=detail[:300],
                prev_hash=previous,
            )
            event.hash = compute_hash(event)
            previous = event.hash
            events.append(event)
        # Both of our databases return the new ids from a bulk insert.
        AuditEvent.objects.bulk_create(events)
        # The head row is locked: an UPDATE of the three columns, without a model save.
        AuditHead.objects.filter(pk=head.pk).update(
            last_hash=events[-1].hash, last_id=events[-1].pk, count=head.count + len(events))
    return events[0]


# Verification ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainEnd:
    """Where one network's chain ended when it was last checked: what a checkpoint keeps."""

    last_id: int
    last_hash: str
    count: int


@dataclass
class ChainProblem:
    network_id: int | None
    event_id: int | None
    message: str

    def __str__(self) -> str:
        where = f"network {self.network_id}" if self.network_id is not None else "checkpoints"
        if self.event_id is not None:
            where += f", event {self.event_id}"
        return f"{where}: {self.message}"


@dataclass
class _Walk:
    previous: str = GENESIS
    count: int = 0
    last_id: int = 0


def verify_chains(
    checkpoints: dict[int, ChainEnd] | None = None,
) -> tuple[dict[int, ChainEnd], list[ChainProblem]]:
    """Walk every network's chain; return where each ends now and the problems found.

    With `checkpoints` (kept outside the database by `audit_verify`), a chain must still hold
    the checkpointed event at the checkpointed position: a chain cut back to an earlier end,
    with its head moved back to match, or deleted altogether, is reported.
    """
    checkpoints = checkpoints or {}
    with _snapshot():
        rows = (
            AuditEvent.objects.order_by("network_id", "id")
            .values_list("id", "hash", *HASHED_FIELDS, named=True)
            .iterator(chunk_size=5000)
        )
        ends, problems = _walk(rows, checkpoints)
        heads = {h.network_id: h for h in AuditHead.objects.all()}
    for network_id in sorted(set(heads) | set(ends)):
        end, head = ends.get(network_id), heads.get(network_id)
        if head is None:
            problems.append(ChainProblem(network_id, None, "chain head missing"))
        elif end is None:
            problems.append(ChainProblem(network_id, None, "all events missing, head left"))
        elif (head.last_id, head.last_hash, head.count) != (end.last_id, end.last_hash, end.count):
            problems.append(ChainProblem(
                network_id, None,
                f"chain head does not match the last event (head: {head.count} events up to "
                f"{head.last_id}; chain: {end.count} up to {end.last_id})",
            ))
    for network_id, checkpoint in sorted(checkpoints.items()):
        end = ends.get(network_id)
        if end is None:
            problems.append(ChainProblem(
                network_id, None,
                f"chain missing: the checkpoint counted {checkpoint.count} events",
            ))
        elif end.count < checkpoint.count:
            problems.append(ChainProblem(
                network_id, None,
                f"events missing since the checkpoint: {end.count} events, the checkpoint "
                f"counted {checkpoint.count} up to event {checkpoint.last_id}",
            ))
    return ends, problems


def _walk(rows: Iterable, checkpoints: dict[int, ChainEnd]):
    ends: dict[int, ChainEnd] = {}
    problems: list[ChainProblem] = []
    network_id, walk = None, _Walk()

    def close():
        if network_id is not None:
            ends[network_id] = ChainEnd(walk.last_id, walk.previous, walk.count)

    for row in rows:
        if row.network_id != network_id:
            close()
            network_id, walk = row.network_id, _Walk()
        walk.count += 1
        if row.prev_hash != walk.previous:
            problems.append(ChainProblem(network_id, row.id, "link to the previous event broken"))
        if not hmac.compare_digest(compute_hash(row), row.hash):
            problems.append(ChainProblem(
                network_id, row.id, "content does not match its keyed hash (changed or forged)"
            ))
        checkpoint = checkpoints.get(network_id)
        if checkpoint is not None and walk.count == checkpoint.count and (
            row.id != checkpoint.last_id or row.hash != checkpoint.last_hash
        ):
            problems.append(ChainProblem(
                network_id, row.id,
                f"event {checkpoint.count} of the chain differs from the checkpoint "
                f"(event {checkpoint.last_id})",
            ))
        walk.previous, walk.last_id = row.hash, row.id
    close()
    return ends, problems


@contextmanager
def _snapshot():
    """One consistent view of events and heads while appends go on (PostgreSQL: a repeatable
    read transaction; inside an open transaction, that transaction's view)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


# Checkpoints -------------------------------------------------------------------------------


class CheckpointError(Exception):
    pass


def _checkpoint_mac(body: dict) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(_key(), b"brug-audit-checkpoint\n" + text, hashlib.sha256).hexdigest()


def checkpoints_dump(ends: dict[int, ChainEnd]) -> str:
    body = {
        "version": 1,
        "written_at": timezone.now().astimezone(UTC).isoformat(),
        "networks": {str(n): asdict(end) for n, end in sorted(ends.items())},
    }
    return json.dumps({**body, "mac": _checkpoint_mac(body)}, indent=1) + "\n"


def checkpoints_load(text: str) -> dict[int, ChainEnd]:
    """The checkpoints of a file written by `checkpoints_dump`; CheckpointError when the file
    is not one, or was changed without the key."""
    try:
        data = json.loads(text)
        mac = data.pop("mac")
        if not hmac.compare_digest(str(mac), _checkpoint_mac(data)):
            raise CheckpointError("checkpoint file does not match its keyed hash (changed?)")
        return {int(n): ChainEnd(**end) for n, end in data["networks"].items()}
    except CheckpointError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CheckpointError(f"checkpoint file unreadable: {exc}") from exc


# Reading ----------------------------------------------------------------------------------


def describe(event: AuditEvent) -> str:
    """A plain-Dutch sentence, e.g.
    'An Peeters (CAW) bekeek de gezinssituatie op 3 mei 2026 om 10:05.'"""
    when: datetime = timezone.localtime(event.at)
    who = event.actor_name
    if event.organisation_name:
        who = f"{who} ({event.organisation_name})"
    verb = AuditAction(event.action).label if event.action in AuditAction.values else event.action
    what = (
        CATEGORY_PHRASE.get(Category(event.category), event.category)
        if event.category in Category.values
        else event.category
    )
    sentence = _("%(who)s %(verb)s %(what)s op %(date)s om %(time)s") % {
        "who": who,
        "verb": verb,
        "what": what,
        "date": formats.date_format(when, "j F Y"),
        "time": formats.time_format(when, "H:i"),
    }
    # Purposes and details are stored in the source language (`gettext_noop` where they are
    # written) and translated here, for the reader's language.
    if event.detail:
        sentence += f" ({_(event.detail)})"
    if event.purpose:
        sentence += " — " + _("doel: %(purpose)s") % {"purpose": _(event.purpose)}
    return sentence + "."
