"""Everything a family may see about itself in one structure: the portal's "Mijn gegevens"
page and its JSON download (GDPR right of access). Built from each app's family readers, so
what they leave out (confidential notes, a young person's confidences, the worker's wording
of goals, notes on claims and referrals, internal keys) is left out here too.

The JSON's structure is documented in docs/family-pages.md; it carries no database ids.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import get_language

from brug.consent import family as consent_readers
from brug.consent import family_log
from brug.families import family as family_readers
from brug.portal.models import MessageKind, PortalMessage
from brug.referrals import family as referral_readers
from brug.rights import family as rights_readers
from brug.trajectories import family as trajectory_readers

FORMAT = "brug-family-data"
VERSION = 1
# Keys that only link a page to a form; never part of the download.
_LINK_KEYS = {"id", "trajectory_id"}


def messages_for_family(family) -> list[dict]:
    rows = PortalMessage.objects.filter(family_id=family.pk).exclude(kind=MessageKind.NOTICE)
    return [{"date": timezone.localtime(m.created_at).date(),
             "kind": str(MessageKind(m.kind).label), "text": m.text} for m in rows]


def family_data(family) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "made_on": timezone.localdate(),
        "language": get_language(),
        "family": family_readers.family_details(family),
        "members": family_readers.members_for_family(family),
        "agreements": {"mandates": consent_readers.mandates_for_family(family),
                       "consents": consent_readers.consents_for_family(family)},
        "plan": trajectory_readers.plan_for_family(family),
        "conferences": trajectory_readers.conferences_for_family(family),
        "rights": rights_readers.rights_for_family(family),
        "referrals": referral_readers.referrals_for_family(family),
        "notes": family_readers.notes_for_family(family),
        "messages": messages_for_family(family),
        "access_log": family_log.access_log_data(family_log.access_log(family)),
    }


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in _LINK_KEYS}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def family_json(family) -> str:
    return json.dumps(_plain(family_data(family)), ensure_ascii=False, indent=1)
