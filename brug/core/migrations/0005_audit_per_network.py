"""The audit trail becomes one keyed chain per network, and append-only in PostgreSQL itself.

Existing events are given their network (the family's organisation's network; else the
network of the organisation that acted; else 0, the chain of system events) and chained again
per network under the HMAC key. Before that, the old unkeyed chain is checked: re-keying a
chain that was already broken would hide the break, so the migration stops unless the
operator, having looked (`manage.py audit_verify` on the previous version), sets
AUDIT_REKEY_ACCEPT_BROKEN=1; the break is then recorded as an event of the system chain.

The hash functions are copied here, not imported: a migration must keep computing what it
computed when it was written.
"""

import hashlib
import hmac
import json
import os
from datetime import UTC

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

GENESIS = "0" * 64
BATCH = 2000
OLD_FIELDS = ("prev_hash", "at", "actor_id", "actor_name", "organisation_id",
              "organisation_name", "family_id", "category", "action", "purpose", "detail")
NEW_FIELDS = ("prev_hash", "at", "network_id", "actor_id", "actor_name", "organisation_id",
              "organisation_name", "family_id", "category", "action", "purpose", "detail")


def _canonical(event, fields) -> bytes:
    values = [getattr(event, name) for name in fields]
    values[1] = event.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _old_hash(event) -> str:
    return hashlib.sha256(_canonical(event, OLD_FIELDS)).hexdigest()


def _new_hash(event) -> str:
    key = settings.AUDIT_HMAC_KEY.encode("utf-8")
    message = b"brug-audit-event\n" + _canonical(event, NEW_FIELDS)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _batches(AuditEvent):
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last).order_by("id")[:BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1].id


def _old_chain_problems(AuditEvent, AuditHead) -> list[int]:
    """Ids of events where the old single chain was broken (0: its head did not match)."""
    broken, previous, last_id = [], GENESIS, 0
    for batch in _batches(AuditEvent):
        for event in batch:
            if event.prev_hash != previous or _old_hash(event) != event.hash:
                broken.append(event.id)
            previous, last_id = event.hash, event.id
    head = AuditHead.objects.order_by("id").first()
    if head is not None and (head.last_hash, head.last_id) != (previous, last_id):
        broken.append(0)
    return broken


def rechain(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditHead = apps.get_model("core", "AuditHead")
    Family = apps.get_model("families", "Family")
    Organisation = apps.get_model("network", "Organisation")

    broken = _old_chain_problems(AuditEvent, AuditHead)
    if broken and os.environ.get("AUDIT_REKEY_ACCEPT_BROKEN") != "1":
        raise RuntimeError(
            f"The audit trail's chain is broken at {len(broken)} place(s) (first event ids: "
            f"{broken[:10]}; 0 = its head). Re-keying it would hide that. Investigate first; "
            "then run the migration again with AUDIT_REKEY_ACCEPT_BROKEN=1 to re-key it anyway "
            "(the break is recorded in the trail)."
        )
    org_network = dict(Organisation.objects.values_list("id", "network_id"))
    heads: dict[int, list] = {}  # network -> [last_hash, last_id, count]
    for batch in _batches(AuditEvent):
        family_ids = {e.family_id for e in batch if e.family_id is not None}
        family_network = {
            pk: org_network.get(org)
            for pk, org in Family.objects.filter(pk__in=family_ids).values_list(
                "id", "organisation_id")
        }
        for event in batch:
            network = (family_network.get(event.family_id)
                       or org_network.get(event.organisation_id) or 0)
            head = heads.setdefault(network, [GENESIS, 0, 0])
            event.network_id = network
            event.prev_hash = head[0]
            event.hash = _new_hash(event)
            heads[network] = [event.hash, event.id, head[2] + 1]
        AuditEvent.objects.bulk_update(batch, ["network_id", "prev_hash", "hash"])
    AuditHead.objects.all().delete()
    AuditHead.objects.bulk_create(
        AuditHead(network_id=n, last_hash=h, last_id=i, count=c) for n, (h, i, c) in heads.items()
    )
    if broken:
        head = heads.get(0, [GENESIS, 0, 0])
        event = AuditEvent(
            at=timezone.now(), network_id=0, actor_id=None, actor_name="Brug",
            organisation_id=None, organisation_name="", family_id=None, category="audit",
            action="change", purpose="",
            detail=f"re-keyed over a broken chain ({len(broken)} places; ids {broken[:10]})"[:300],
            prev_hash=head[0],
        )
        event.hash = _new_hash(event)
        event.save()
        AuditHead.objects.update_or_create(
            network_id=0, defaults={"last_hash": event.hash, "last_id": event.id,
                                    "count": head[2] + 1})


TRIGGER = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on core_auditevent refused', TG_OP;
END
$$;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_append_only();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""


def add_trigger(apps, schema_editor):
    # SQLite has no TRUNCATE and no statement triggers; the model refuses changes there.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_drop_own_session"),
        ("families", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                    on_delete=models.deletion.DO_NOTHING, related_name="+",
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="network_id",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="audithead",
            name="count",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="audithead",
            name="network_id",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.RunPython(rechain, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="audithead",
            name="network_id",
            field=models.BigIntegerField(unique=True),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["network_id", "id"], name="audit_network_chain"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(choices=[
                ("view", "bekeek"), ("create", "maakte aan"), ("change", "wijzigde"),
                ("delete", "verwijderde"), ("withdraw", "trok in"), ("end", "beëindigde"),
                ("export", "exporteerde"), ("anonymise", "anonimiseerde"),
                ("deactivate", "zette op non-actief"), ("send", "verstuurde"),
            ], max_length=12),
        ),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
