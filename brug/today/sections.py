"""The coordinator's own section on Today: the team members with overdue work (clickable)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from brug.core import today
from brug.today import selectors


def team_overdue(worker, day: date):
    if not selectors.sees_team(worker):
        return None
    rows = [r for r in selectors.team_table(worker, day)["rows"] if r["total"]]
    items = [today.Item(r["worker"].display_name,
                        reverse("today:team-worker", args=[r["worker"].pk]), None,
                        today.OVERDUE,
                        ngettext("%(n)s ding te laat", "%(n)s dingen te laat",
                                 r["total"]) % {"n": r["total"]})
             for r in rows]
    return today.SectionResult(_("Mijn team: werk dat te laat is"), items,
                               more_url=reverse("today:team"))


def register() -> None:
    # Not in the menu's count: each item is someone else's work.
    today.register(today.Section("team", team_overdue, priority=5, counts=False))
