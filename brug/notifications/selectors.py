"""Reading notifications: always the worker's own, their text written now through the policy.

A notification stores no text. What it says is built here from its kind and the policy of
this moment: the family's name only while the worker is granted `identity` for it, a neutral
label while the worker sees the family without it, and no family at all once the worker sees
nothing of it (a consent withdrawn, a mandate ended at another organisation). A link to a
family's page is given only while the worker may open it; opening it is a normal page read
there, recorded by that page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from brug.access import policy
from brug.core.categories import Category
from brug.notifications.models import Kind, Notification

PAGE_SIZE = 30


def _texts() -> dict[str, tuple[str, str]]:
    """Per kind: (text naming the family, text without a family). Translated when shown."""
    return {
        Kind.REFERRAL_RECEIVED: (_("Nieuwe doorverwijzing voor %(family)s"),
                                 _("Nieuwe doorverwijzing")),
        Kind.REFERRAL_ACCEPTED: (_("Doorverwijzing van %(family)s aanvaard"),
                                 _("Een doorverwijzing werd aanvaard")),
        Kind.REFERRAL_DECLINED: (_("Doorverwijzing van %(family)s geweigerd"),
                                 _("Een doorverwijzing werd geweigerd")),
        Kind.REFERRAL_CLOSED: (_("Doorverwijzing van %(family)s afgesloten"),
                               _("Een doorverwijzing werd afgesloten")),
        Kind.PORTAL_MESSAGE: (_("Nieuw bericht van %(family)s in het gezinsportaal"),
                              _("Nieuw bericht van een gezin in het gezinsportaal")),
        Kind.CONSENT_WITHDRAWN: (_("%(family)s trok een toestemming om te delen in"),
                                 _("Een gezin trok een toestemming om te delen in")),
        Kind.MANDATE_ENDED: (_("%(family)s stopte de begeleiding"),
                             _("Een gezin stopte de begeleiding")),
        Kind.CLAIM_DECIDED: (_("Een collega noteerde een beslissing over een recht van "
                               "%(family)s"),
                             _("Een collega noteerde een beslissing over een recht")),
        Kind.REVIEW_OVERDUE: (_("Tussentijdse evaluatie van %(family)s is te laat"),
                              _("Een tussentijdse evaluatie is te laat")),
    }


# The page a notification opens, and the category the worker needs for it.
_FAMILY_PAGES = {
    Kind.PORTAL_MESSAGE: ("portal:worker-tab", Category.CONSENT),
    Kind.CONSENT_WITHDRAWN: ("portal:worker-tab", Category.CONSENT),
    Kind.MANDATE_ENDED: ("portal:worker-tab", Category.CONSENT),
    Kind.CLAIM_DECIDED: ("rights:tab", Category.RIGHTS),
    Kind.REVIEW_OVERDUE: ("trajectories:tab", Category.PLAN),
}
_REFERRAL_KINDS = (Kind.REFERRAL_RECEIVED, Kind.REFERRAL_ACCEPTED, Kind.REFERRAL_DECLINED,
                   Kind.REFERRAL_CLOSED)


@dataclass(slots=True)
class Shown:
    id: int
    text: str
    url: str
    created_at: object
    unread: bool


def _label(notification, categories) -> str | None:
    if notification.family_id is None or not categories:
        return None
    if Category.IDENTITY in categories:
        return notification.family.display_name
    return policy.neutral_label(notification.family_id)


def _url(notification, categories) -> str:
    if notification.kind in _REFERRAL_KINDS and notification.object_id:
        # The referral's page answers with the referral selector's own rules.
        return reverse("referrals:detail", args=[notification.object_id])
    page = _FAMILY_PAGES.get(notification.kind)
    if page and notification.family_id and page[1] in categories:
        return reverse(page[0], args=[notification.family_id])
    return ""


def shown(worker, notifications) -> list[Shown]:
    """The worker's notifications as text and link, written with the policy of now (one query
    for the consents of other organisations' families, none for the worker's own)."""
    notifications = list(notifications)
    families = {n.family_id: n.family for n in notifications if n.family_id is not None}
    granted = policy.categories_by_family(worker, families.values()) if families else {}
    texts = _texts()
    rows = []
    for n in notifications:
        categories = granted.get(n.family_id, frozenset())
        named, plain = texts[n.kind]
        label = _label(n, categories)
        text = named % {"family": label} if label else plain
        rows.append(Shown(n.pk, text, _url(n, categories), n.created_at, n.read_at is None))
    return rows


def of_worker(worker):
    return Notification.objects.filter(recipient=worker).select_related("family")


def unread_count(worker) -> int:
    return Notification.objects.filter(recipient=worker, read_at__isnull=True).count()


def notification_get(worker, notification_id: int) -> Notification:
    """The worker's own notification; anyone else's answers 404, like an unknown id."""
    found = of_worker(worker).filter(pk=notification_id).first()
    if found is None:
        raise Http404
    return found
