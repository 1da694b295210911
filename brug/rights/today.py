"""The Today page's rights section (`brug.core.today`): right claims of my families applied
for more than `settings.TODAY_CLAIM_WAIT_WEEKS` weeks ago and still without a decision.
One read, one batch policy check (category `rights`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brug.access import policy
from brug.core import today
from brug.core.categories import Category
from brug.rights.models import ClaimStatus, RightClaim

SHORT = "SHORT_DATE_FORMAT"  # dates in a line of text, in the reader's format


LIMIT = 50


def _cutoff(day: date) -> date:
    return day - timedelta(weeks=settings.TODAY_CLAIM_WAIT_WEEKS)


def waiting_claims(worker, day: date, *, subject=None):
    rows = list(RightClaim.objects.filter(
        status=ClaimStatus.APPLIED, status_on__lte=_cutoff(day),
        family__contact_worker=subject or worker).filter(
        policy.handed_over_q(worker, "right_claim")).order_by("status_on", "id").values_list(
        "status_on", "family_id", "right_id")[:LIMIT])
    if not rows:
        return None
    from brug.rights.selectors import catalogue

    rights = catalogue().by_id
    items = [today.family_item(family, reverse("rights:claim", args=[family, right_id]), on,
                               today.OVERDUE, getattr(rights.get(right_id), "name", right_id),
                               needs=Category.RIGHTS)
             for on, family, right_id in rows]
    return today.SectionResult(_("Aanvragen van rechten zonder beslissing"), items)


def team_waiting_claims(coordinator, day: date) -> dict[int, int]:
    return dict(RightClaim.objects.filter(
        status=ClaimStatus.APPLIED, status_on__lte=_cutoff(day),
        family__organisation__network_id=coordinator.organisation.network_id,
        family__anonymised_at__isnull=True).values_list("family__contact_worker_id")
        .annotate(n=Count("id")).order_by())


def register() -> None:
    from brug.families import overview

    overview.register(overview.Block("rights", Category.RIGHTS, glance_rights, order=50))
    today.register(today.Section("claims", waiting_claims, priority=50,
                                 team=team_waiting_claims,
                                 team_label=gettext_lazy("Aanvragen zonder beslissing")))


def glance_rights(worker, family, access, day: date):
    """Rights in progress: claims discussed, applied for or in objection (one read)."""
    from brug.families.overview import Glance
    from brug.rights.selectors import catalogue

    rights = catalogue().by_id
    statuses = dict(ClaimStatus.choices)
    lines = [_("%(right)s: %(status)s sinds %(d)s") % {
        "right": getattr(rights.get(right_id), "name", right_id), "status": statuses[status],
        "d": date_format(on, SHORT)} for right_id, status, on in RightClaim.objects.filter(
        family_id=family.pk, status__in=(ClaimStatus.DISCUSSED, ClaimStatus.APPLIED,
                                         ClaimStatus.OBJECTION))
        .filter(policy.history_q(worker, access, "right_claim"))
        .order_by("status_on").values_list("right_id", "status", "status_on")[:10]]
    if not lines:
        return None
    return Glance(_("Rechten in aanvraag"), lines, reverse("rights:tab", args=[family.pk]))
