"""The Today page's messages section (`brug.core.today`): unread messages families sent to
me through the portal. One read, one batch policy check (the portal tab's category,
`consent`: only the family's own organisation reads them)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brug.core import today
from brug.core.categories import Category
from brug.portal.models import PortalMessage

LIMIT = 50


def unread_messages(worker, day: date):
    rows = list(PortalMessage.objects.filter(to_worker=worker, read_at__isnull=True)
                .order_by("created_at", "id").values_list("created_at", "family_id", "kind")
                [:LIMIT])
    if not rows:
        return None
    kinds = dict(PortalMessage._meta.get_field("kind").choices)
    items = [today.family_item(family, reverse("portal:worker-tab", args=[family]),
                               timezone.localdate(at), today.DUE, str(kinds.get(kind, "")),
                               needs=Category.CONSENT)
             for at, family, kind in rows]
    return today.SectionResult(_("Berichten van gezinnen"), items)


def register() -> None:
    today.register(today.Section("messages", unread_messages, priority=25))
