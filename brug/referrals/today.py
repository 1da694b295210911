"""The Today page's referral sections (`brug.core.today`): referrals sent to my organisation
that wait for an answer (receivers: a partner's home page shows them) and referrals I sent
that have no answer yet (senders). One read each, one batch policy check for the labels.

A receiver sees a referral sent to her organisation whatever the family shares (the referral
is addressed to her); the family's name only with `identity`, else its neutral label.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brug.access import policy
from brug.core import today
from brug.core.categories import Category
from brug.referrals.models import Referral, ReferralStatus, Urgency

LIMIT = 50
WAIT_DAYS = 14  # a referral without an answer for longer is overdue (like the overdue list)


def _result(title, qs, worker, day):
    rows = list(qs.order_by("sent_at", "id").values_list(
        "pk", "family_id", "sent_at", "service__name", "urgency")[:LIMIT])
    if not rows:
        return None
    items = []
    for pk, family, sent_at, service, urgency in rows:
        sent_on = timezone.localdate(sent_at)
        late = (day - sent_on).days > WAIT_DAYS or urgency == Urgency.URGENT
        # Shown whatever the family shares (the referral is addressed to the worker): under
        # the family's name with `identity`, else its neutral label.
        items.append(today.family_item(family, reverse("referrals:detail", args=[pk]), sent_on,
                                       today.OVERDUE if late else today.DUE, service,
                                       needs=Category.IDENTITY, unnamed_too=True))
    return today.SectionResult(title, items, count=qs.count() if len(rows) >= LIMIT else None)


def waiting_for_me(worker, day: date):
    """Sent to my organisation, no answer yet (anyone of the organisation may answer)."""
    if not policy.handles_referrals(worker):
        return None
    qs = Referral.objects.filter(to_organisation_id=worker.organisation_id,
                                 status=ReferralStatus.SENT)
    return _result(_("Doorverwijzingen die op jouw antwoord wachten"), qs, worker, day)


def without_answer(worker, day: date, *, subject=None):
    qs = Referral.objects.filter(from_worker=subject or worker, status=ReferralStatus.SENT)
    return _result(_("Doorverwijzingen zonder antwoord"), qs, worker, day)


def team_without_answer(coordinator, day: date) -> dict[int, int]:
    """Referrals a team member sent that have waited longer than WAIT_DAYS (counts only)."""
    since = timezone.now() - timedelta(days=WAIT_DAYS)
    return dict(Referral.objects.filter(
        from_organisation__network_id=coordinator.organisation.network_id,
        status=ReferralStatus.SENT,
        sent_at__lt=since).values_list("from_worker_id").annotate(n=Count("id")).order_by())


def register() -> None:
    register_overview()
    today.register(today.Section("referrals-in", waiting_for_me, priority=30))
    today.register(today.Section("referrals-out", without_answer, priority=35,
                                 team=team_without_answer,
                                 team_label=gettext_lazy("Doorverwijzingen zonder antwoord")))


def glance_referrals(worker, family, access, day: date):
    """The family's open referrals (one read); the dossier page has checked `identity`."""
    from brug.families.overview import Glance
    from brug.referrals.models import OPEN_STATUSES

    statuses = dict(ReferralStatus.choices)
    lines = [f"{service} · {to} · {statuses[status]}" for service, to, status in
             Referral.objects.filter(family_id=family.pk, status__in=OPEN_STATUSES)
             .filter(policy.history_q(worker, access, "referral"))
             .order_by("-sent_at").values_list("service__name", "to_organisation__short_name",
                                               "status")[:10]]
    if not lines:
        return None
    return Glance(_("Lopende doorverwijzingen"), lines,
                  reverse("referrals:family", args=[family.pk]))


def register_overview() -> None:
    from brug.families import overview

    overview.register(overview.Block("referrals", Category.IDENTITY, glance_referrals,
                                     order=40))
