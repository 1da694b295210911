"""The Today page's notifications section (`brug.core.today`): my unread notifications, their
text written through the policy of now (`selectors.shown`). Informative: it does not add to
the "what needs me" count and comes after the work sections, since what a notification is
about mostly has its own section there (a referral waiting, a family's message, a review)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brug.core import today
from brug.notifications import selectors

LIMIT = 5


def unread(worker, day: date):
    rows = list(selectors.of_worker(worker).filter(read_at__isnull=True)[:LIMIT + 1])
    if not rows:
        return None
    count = None
    if len(rows) > LIMIT:
        rows = rows[:LIMIT]
        count = selectors.unread_count(worker)
    items = [today.Item(row.text, reverse("notifications:open", args=[row.id]),
                        timezone.localdate(row.created_at))
             for row in selectors.shown(worker, rows)]
    return today.SectionResult(_("Nieuwe meldingen"), items, count=count,
                               more_url=reverse("notifications:list"))


def register() -> None:
    today.register(today.Section("notifications", unread, priority=90, counts=False))
