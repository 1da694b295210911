"""Writing, verifying and describing the audit trail.

Services call `audit_record` inside their own transaction, so a change and its trace commit
or roll back together. Reads of dossier pages are recorded by the selectors.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from brug.core.categories import CATEGORY_PHRASE, Category
from brug.core.models import AuditAction, AuditEvent, AuditHead

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> str:
    at = event.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps(
        [
            event.prev_hash,
            at,
            event.actor_id,
            event.actor_name,
            event.organisation_id,
            event.organisation_name,
            event.family_id,
            event.category,
            event.action,
            event.purpose,
            event.detail,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event).encode("utf-8")).hexdigest()


def audit_record(
    *,
    actor,
    family_id: int | None,
    category: str,
    action: str,
    purpose: str = "",
    detail: str = "",
    also: tuple[str, ...] = (),
) -> AuditEvent:
    """Append one event to the chain. `actor` is a Worker, or None for a system process.

    `also`: further categories shown by the same page; each gets its own event, appended under
    the same lock (one round of queries instead of one per category).
    """
    with transaction.atomic():
        head, _created = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS}
        )
        now = timezone.now()
        events = []
        previous = head.last_hash
        for cat in (category, *also):
            event = AuditEvent(
                at=now,
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
        if len(events) == 1:
            events[0].save()
        else:
            AuditEvent.objects.bulk_create(events)
            if events[-1].pk is None:  # backends that do not return ids from bulk inserts
                events[-1] = AuditEvent.objects.filter(hash=events[-1].hash).latest("id")
        head.last_hash = events[-1].hash
        head.last_id = events[-1].pk
        head.save(update_fields=["last_hash", "last_id"])
    return events[0]


@dataclass
class ChainProblem:
    event_id: int | None
    message: str


def verify_chain(events: Iterable[AuditEvent] | None = None) -> tuple[int, list[ChainProblem]]:
    """Walk the whole chain; return the number of events checked and the problems found."""
    if events is None:
        events = AuditEvent.objects.order_by("id").iterator(chunk_size=5000)
    problems: list[ChainProblem] = []
    previous = GENESIS
    count = 0
    last_id = 0
    for event in events:
        count += 1
        if event.prev_hash != previous:
            problems.append(ChainProblem(event.pk, "link to previous event broken"))
        if compute_hash(event) != event.hash:
            problems.append(ChainProblem(event.pk, "content does not match its hash"))
        previous = event.hash
        last_id = event.pk
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != previous or head.last_id != last_id):
        problems.append(ChainProblem(None, "last events missing: chain head does not match"))
    if head is None and count:
        problems.append(ChainProblem(None, "chain head missing"))
    return count, problems


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
    if event.detail:
        sentence += f" ({event.detail})"
    if event.purpose:
        sentence += " — " + _("doel: %(purpose)s") % {"purpose": event.purpose}
    return sentence + "."
