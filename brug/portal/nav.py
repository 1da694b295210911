"""The portal's menu: one list; entries whose page is not (yet) registered are skipped, so an
app adds a page by adding its URL name here."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

NAV = [
    ("portal:home", _("Home")),
    ("portal:plan", _("Plan")),
    ("portal:rights", _("Rechten")),
    ("portal:referrals", _("Doorverwijzingen")),
    ("portal:access-log", _("Wie keek")),
    ("portal:consents", _("Toestemming")),
    ("portal:messages", _("Berichten")),
    ("portal:my-data", _("Mijn gegevens")),
]


def nav_items(current: str = "") -> list[dict]:
    items = []
    for name, label in NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"name": name, "label": label, "url": url, "current": name == current})
    return items
