"""The family and its members. Ages and child counts are derived, never stored."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.core.categories import Category
from brug.core.models import VersionedModel
from brug.network.models import Organisation, Worker


class ContactChannel(models.TextChoices):
    VISIT = "visit", _("huisbezoek")
    PHONE = "phone", _("telefoon")
    SMS = "sms", _("sms")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("e-mail")


class Family(VersionedModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("organisatie van de contactpersoon"),
    )
    contact_worker = models.ForeignKey(
        Worker,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="families",
        verbose_name=_("vaste contactpersoon"),
    )
    display_name = models.CharField(
        _("naam van het gezin"),
        max_length=120,
        help_text=_("Zoals het gezin aangesproken wil worden."),
    )
    street_address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True, db_index=True)
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)
    neighbourhood = models.CharField(_("wijk"), max_length=100, blank=True)
    home_languages = models.CharField(
        _("talen thuis"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: Nederlands, Arabisch"),
    )
    preferred_channel = models.CharField(
        _("liefst contact via"),
        max_length=10,
        choices=ContactChannel.choices,
        default=ContactChannel.VISIT,
    )
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # The history boundary of a warm handover (`consent.handover`, policy rule 11): the records
    # dated before `handed_over_on` are the former organisation's history, which the family's
    # organisation reads only in `history_categories` and from `history_since` (None: all).
    handed_over_on = models.DateField(null=True, blank=True, editable=False)
    history_since = models.DateField(null=True, blank=True, editable=False)
    history_categories = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["contact_worker", "display_name"], include=["id"],
                         name="family_by_worker"),
            models.Index(fields=["organisation", "display_name"], name="family_by_org"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        # A family redacted by the policy (`policy.redact`) holds the neutral label and emptied
        # fields: saving it would overwrite what the family told us.
        if getattr(self, "redacted", False):
            raise ValueError("a family redacted for a worker cannot be saved")
        super().save(*args, **kwargs)


class MemberRole(models.TextChoices):
    PARENT = "parent", _("ouder")
    CHILD = "child", _("kind")
    EXPECTED_CHILD = "expected_child", _("verwacht kind")
    OTHER_ADULT = "other_adult", _("andere volwassene")


class Member(VersionedModel):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("rol"), max_length=20, choices=MemberRole.choices)
    first_name = models.CharField(_("voornaam"), max_length=100, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=100, blank=True)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    due_date = models.DateField(_("verwachte geboortedatum"), null=True, blank=True)
    languages = models.CharField(_("talen"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or str(MemberRole(self.role).label)

    def age_on(self, day: date) -> int | None:
        if self.role == MemberRole.EXPECTED_CHILD or self.birth_date is None:
            return None
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    @property
    def age(self) -> int | None:
        return self.age_on(date.today())


def children_under(members, years: int, day: date | None = None) -> int:
    """Children (born) younger than `years` on `day`; members should be prefetched."""
    day = day or date.today()
    return sum(
        1
        for m in members
        if m.role == MemberRole.CHILD and (age := m.age_on(day)) is not None and age < years
    )


class Note(models.Model):
    """A note about the family. Notes are never edited: a correction is a new note.

    `confidential`: professional secrecy — stays inside the author's organisation whatever
    the consent. `youth_confidence`: what a young person told in confidence — never shown on
    the parents' side of the family view.
    """

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(
        _("soort informatie"),
        max_length=20,
        choices=Category.choices,
        default=Category.DOMAIN_NOTES,
    )
    life_domain = models.CharField(_("levensdomein"), max_length=20, blank=True)
    text = models.TextField(_("notitie"))
    confidential = models.BooleanField(
        _("vertrouwelijk"),
        default=False,
        help_text=_("Blijft binnen je eigen organisatie, ook als het gezin delen toestaat."),
    )
    youth_confidence = models.BooleanField(
        _("in vertrouwen verteld door een jongere"),
        default=False,
        help_text=_("Nooit zichtbaar voor de ouders."),
    )
    about_member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("over gezinslid"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"notitie {self.pk} bij gezin {self.family_id}"
