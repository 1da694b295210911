"""The Today page's births section (`brug.core.today`): expected children of my families due
within 60 days or overdue (still recorded as expected). One read, one batch policy check
(category `household`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from brug.core import today
from brug.core.categories import Category
from brug.families.models import Member, MemberRole

LIMIT = 50
AHEAD = timedelta(days=60)


def expected_births(worker, day: date):
    rows = list(Member.objects.filter(
        role=MemberRole.EXPECTED_CHILD, due_date__isnull=False, due_date__lte=day + AHEAD,
        family__contact_worker=worker).order_by("due_date", "id").values_list(
        "due_date", "family_id")[:LIMIT])
    if not rows:
        return None
    items = [today.family_item(family, reverse("families:detail", args=[family]), due,
                               today.DUE if due <= day + timedelta(days=14) else today.NORMAL,
                               _("verwachte geboorte"), needs=Category.HOUSEHOLD)
             for due, family in rows]
    return today.SectionResult(_("Verwachte geboortes"), items)


def register() -> None:
    today.register(today.Section("births", expected_births, priority=60))
