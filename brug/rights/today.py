"""The Today page's rights section (`brug.core.today`): right claims of my families applied
for more than `settings.TODAY_CLAIM_WAIT_WEEKS` weeks ago and still without a decision.
One read, one batch policy check (category `rights`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brug.access import policy
from brug.core import today
from brug.core.categories import Category
from brug.rights.models import ClaimStatus, RightClaim

LIMIT = 50


def _cutoff(day: date) -> date:
    return day - timedelta(weeks=settings.TODAY_CLAIM_WAIT_WEEKS)


def waiting_claims(worker, day: date, *, subject=None):
    rows = list(RightClaim.objects.filter(
        status=ClaimStatus.APPLIED, status_on__lte=_cutoff(day),
        family__contact_worker=subject or worker).order_by("status_on", "id").values_list(
        "status_on", "family_id", "right_id")[:LIMIT])
    if not rows:
        return None
    from brug.rights.selectors import catalogue

    rights = catalogue().by_id
    labels = policy.family_labels(worker, {r[1] for r in rows}, Category.RIGHTS, day=day)
    items = [today.Item(labels[family], reverse("rights:claim", args=[family, right_id]), on,
                        today.OVERDUE,
                        getattr(rights.get(right_id), "name", right_id))
             for on, family, right_id in rows if family in labels]
    return today.SectionResult(_("Aanvragen van rechten zonder beslissing"), items)


def team_waiting_claims(coordinator, day: date) -> dict[int, int]:
    return dict(RightClaim.objects.filter(
        status=ClaimStatus.APPLIED, status_on__lte=_cutoff(day),
        family__organisation__network_id=coordinator.organisation.network_id,
        family__anonymised_at__isnull=True).values_list("family__contact_worker_id")
        .annotate(n=Count("id")).order_by())


def register() -> None:
    today.register(today.Section("claims", waiting_claims, priority=50,
                                 team=team_waiting_claims,
                                 team_label=gettext_lazy("Aanvragen zonder beslissing")))
