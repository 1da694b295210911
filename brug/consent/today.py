"""The Today page's consent section: consents of my families that run out within 30 days
(`brug.core.today`). One read, one batch policy check; `consent` stays in the home
organisation, so only its workers see these."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brug.consent.models import SharingConsent, consents_in_force
from brug.core import today
from brug.core.categories import Category

SHORT = "SHORT_DATE_FORMAT"  # dates in a line of text, in the reader's format


LIMIT = 50
SOON = timedelta(days=30)


def running_out(worker, day: date, *, subject=None):
    rows = list(SharingConsent.objects.filter(
        consents_in_force(day), valid_until__lte=day + SOON,
        family__contact_worker=subject or worker).order_by("valid_until", "id").values_list(
        "valid_until", "family_id", "organisation__short_name")[:LIMIT])
    if not rows:
        return None
    items = [today.family_item(family, reverse("consent:tab", args=[family]), until,
                               today.DUE if until <= day + timedelta(days=7) else today.NORMAL,
                               organisation, needs=Category.CONSENT)
             for until, family, organisation in rows]
    return today.SectionResult(_("Toestemmingen die aflopen"), items)


def team_running_out(coordinator, day: date) -> dict[int, int]:
    """Consents running out within a week, per contact person (counts only)."""
    return dict(SharingConsent.objects.filter(
        consents_in_force(day), valid_until__lte=day + timedelta(days=7),
        family__organisation__network_id=coordinator.organisation.network_id,
        family__anonymised_at__isnull=True).values_list("family__contact_worker_id")
        .annotate(n=Count("id")).order_by())


def glance_consent(worker, family, access, day: date):
    """The mandate (read with the family, `policy.with_mandate_state`, else one read) and the
    consents in force (one narrow read)."""
    from brug.consent.models import Mandate
    from brug.families.overview import Glance

    lines = []
    if hasattr(family, "mandate_since"):
        mandate = family.mandate_since
    else:
        mandate = (Mandate.objects.filter(family_id=family.pk, ended_on__isnull=True)
                   .order_by("-given_on", "-id").values_list("given_on", flat=True).first())
    lines.append(_("Mandaat sinds %(d)s") % {"d": date_format(mandate, SHORT)} if mandate
                 else _("Geen lopend mandaat."))
    # One line per organisation and end date: two consents to one organisation (other
    # categories or purposes) read as the same line on the overview; the tab lists both.
    for organisation, until in dict.fromkeys(SharingConsent.objects.filter(
            consents_in_force(day), family_id=family.pk).order_by("organisation__short_name")
            .values_list("organisation__short_name", "valid_until")[:20]):
        lines.append(_("Toestemming voor %(o)s tot %(d)s") % {
            "o": organisation, "d": date_format(until, SHORT)} if until
            else _("Toestemming voor %(o)s") % {"o": organisation})
    return Glance(_("Mandaat en toestemming"), lines, reverse("consent:tab", args=[family.pk]))


def register() -> None:
    from brug.families import overview

    overview.register(overview.Block("consent", Category.CONSENT, glance_consent, order=10))
    today.register(today.Section("consents", running_out, priority=40, team=team_running_out,
                                 team_label=gettext_lazy("Toestemmingen lopen af")))
