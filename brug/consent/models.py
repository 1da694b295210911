"""The family's mandate and its consents to share information."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from brug.core.categories import SHAREABLE_CATEGORIES, Category, parse_categories
from brug.families.models import Family, Member
from brug.network.models import Organisation, Worker

SHAREABLE_VALUES = frozenset(c.value for c in SHAREABLE_CATEGORIES)


class MandateForm(models.TextChoices):
    ORAL = "oral", _("mondeling")
    WRITTEN = "written", _("schriftelijk")


class Mandate(models.Model):
    """The family's agreement to be guided. Without it the approach does not work.

    The family may end it at any time, without consequences. An ended mandate leaves the
    dossier read-only for everyone but the retention process.
    """

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="mandates")
    given_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("gegeven door")
    )
    given_on = models.DateField(_("datum"))
    form = models.CharField(_("vorm"), max_length=10, choices=MandateForm.choices)
    programme = models.CharField(_("programma"), max_length=100, blank=True)
    scope = models.TextField(
        _("waarvoor"), help_text=_("Waarvoor het gezin de begeleiding vraagt, in eigen woorden.")
    )
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.CharField(_("reden"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        constraints = [
            # At most one running mandate per family.
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(ended_on__isnull=True),
                name="mandate_one_active_per_family",
            ),
        ]

    def __str__(self) -> str:
        return f"mandaat {self.family_id} van {self.given_on}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class SharingConsent(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("organisatie"),
    )
    categories = models.CharField(_("welke informatie"), max_length=200)
    purpose = models.CharField(_("waarom"), max_length=300)
    given_by = models.ForeignKey(
        Member,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gegeven door"),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)
    # How far back the organisation reads the dated records (contacts, notes, documents,
    # audit): None is all history (policy rule 11).
    history_since = models.DateField(_("geschiedenis vanaf"), null=True, blank=True)
    withdrawn_on = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reden van intrekken"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        indexes = [
            models.Index(fields=["organisation", "family"], name="consent_org_family"),
            # Consents that run out (the agenda), per family, dates at hand.
            models.Index(fields=["family"], include=["valid_from", "valid_until", "organisation"],
                         condition=Q(withdrawn_on__isnull=True, valid_until__isnull=False),
                         name="consent_ending"),
        ]

    def __str__(self) -> str:
        return f"toestemming {self.family_id} → {self.organisation_id}"

    @property
    def category_list(self) -> list[str]:
        return parse_categories(self.categories)

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.category_list if c in Category.values]

    def is_in_force(self, day: date) -> bool:
        return (
            self.withdrawn_on is None
            and self.valid_from <= day
            and (self.valid_until is None or self.valid_until >= day)
        )


def consents_in_force(day: date) -> Q:
    """The filter for consents that grant access on `day`."""
    return (
        Q(withdrawn_on__isnull=True)
        & Q(valid_from__lte=day)
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    )


def shareable_in(raw: str) -> set[str]:
    """The shareable categories of a stored consent (`consent` itself is never shared)."""
    return {c for c in parse_categories(raw) if c in SHAREABLE_VALUES}


def consenting_families(organisation_id: int, day: date, category: str | None = None):
    """Ids of the families with a consent in force on `day` for this organisation that shares
    `category` (None: any shareable category), as a subquery."""
    if category is None:
        # One pattern instead of an OR of one `contains` per category: the same rows, and a
        # sixth of the work for the query compiler on every list page.
        shares = Q(categories__regex=",(" + "|".join(sorted(SHAREABLE_VALUES)) + "),")
    elif category in SHAREABLE_VALUES:
        shares = Q(categories__contains=f",{category},")
    else:
        return SharingConsent.objects.none().values("family_id")
    return SharingConsent.objects.filter(
        consents_in_force(day), shares, organisation_id=organisation_id
    ).values("family_id")


class HandoverStatus(models.TextChoices):
    STARTED = "started", _("gestart")
    COMPLETED = "completed", _("afgerond")
    CANCELLED = "cancelled", _("geannuleerd")


class Handover(models.Model):
    """A warm handover: the family's contact person moves to another organisation (VONK ends at
    3 → the welzijnspunt; a perinatal coach → Kind en Gezin), only with the family's consent
    (`consent`: what the new organisation may read of the history), with a joint contact
    planned, and the old organisation's access ending on an agreed date."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="handovers")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                          related_name="+")
    from_worker = models.ForeignKey(Worker, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    to_worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("nieuwe contactpersoon"))
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                        related_name="+")
    consent = models.ForeignKey(SharingConsent, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("waarom"), max_length=300)
    joint_contact_on = models.DateField(_("gezamenlijk contact op"))
    old_access_until = models.DateField(_("oude organisatie leest mee tot"))
    status = models.CharField(max_length=10, choices=HandoverStatus.choices,
                              default=HandoverStatus.STARTED)
    started_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"overdracht {self.pk}"
