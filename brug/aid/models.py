"""Material aid and premiums under a fund's rule, and interpreters.

Categories (docs/volunteers-and-aid.md): aid a family received is `rights` (support the family
realised, next to its rights claims); an interpreter need is `household` (the family's
languages); an interpreter booked on a contact or a case conference is `plan`, like them.
A fund and its rule are the network's data.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.aid import rules
from brug.core.models import VersionedModel
from brug.families.models import Family, Member
from brug.network.models import Network, Organisation, Worker


class AidKind(models.TextChoices):
    FOOD_PARCEL = "food_parcel", _("voedselpakket")
    VOUCHER = "voucher", _("waardebon")
    PREMIUM = "premium", _("premie")
    SECOND_HAND = "second_hand", _("tweedehands spullen")
    OTHER = "other", _("andere")


class Period(models.TextChoices):
    YEAR = rules.PERIOD_YEAR, _("per kalenderjaar")
    MONTH = rules.PERIOD_MONTH, _("per maand")
    NONE = rules.PERIOD_NONE, _("zonder periode")


# Aid that points to a structural right: the catalogue right suggested with it (practice
# rules §7, MISSION: food aid must always lead to an application at the OCMW).
STRUCTURAL_RIGHT = {AidKind.FOOD_PARCEL: "leefloon"}

MONEY = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Fund(VersionedModel):
    """A fund or scheme that grants aid, with its rule (budget, who qualifies, maxima)."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("beheerd door"))
    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(_("soort steun"), max_length=20, choices=AidKind.choices)
    period = models.CharField(_("periode"), max_length=10, choices=Period.choices,
                              default=Period.YEAR)
    budget = models.DecimalField(_("budget per periode (€)"), null=True, blank=True, **MONEY)
    child_under_years = models.PositiveSmallIntegerField(
        _("voor gezinnen met een kind jonger dan (jaar)"), null=True, blank=True,
        validators=[MaxValueValidator(25)])
    max_times_per_family = models.PositiveSmallIntegerField(
        _("hoogstens zoveel keer per gezin per periode"), null=True, blank=True)
    max_amount_per_family = models.DecimalField(
        _("hoogstens dit bedrag per gezin per periode (€)"), null=True, blank=True, **MONEY)
    amount_per_child = models.DecimalField(
        _("bedrag per kind dat in aanmerking komt, per periode (€)"), null=True, blank=True,
        **MONEY)
    valid_from = models.DateField(_("loopt vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("loopt tot"), null=True, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["network", "name"],
                                               name="aid_fund_unique_name")]

    def __str__(self) -> str:
        return self.name

    def rule(self) -> rules.FundRule:
        return rules.FundRule(
            name=self.name, period=self.period, budget=self.budget,
            child_under_years=self.child_under_years,
            max_times_per_family=self.max_times_per_family,
            max_amount_per_family=self.max_amount_per_family,
            amount_per_child=self.amount_per_child,
            valid_from=self.valid_from, valid_until=self.valid_until)


class AidRecord(models.Model):
    """What a family received under a fund. Never edited: a correction is a new entry."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="aid_records")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="records",
                             verbose_name=_("fonds of regeling"))
    received_on = models.DateField(_("ontvangen op"))
    amount = models.DecimalField(_("bedrag of waarde (€)"), **MONEY)
    note = models.CharField(_("wat precies (mag leeg blijven)"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["fund", "received_on"], include=["amount"], name="aid_by_fund"),
            models.Index(fields=["family", "fund", "received_on"], name="aid_by_family"),
        ]

    def __str__(self) -> str:
        return f"steun {self.pk} gezin {self.family_id}"


class InterpreterNeed(VersionedModel):
    """The family needs an interpreter in this language."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="interpreter_needs")
    language = models.CharField(_("taal"), max_length=60)
    note = models.CharField(_("opmerking (bv. liefst een vrouwelijke tolk)"), max_length=200,
                            blank=True)
    ended_on = models.DateField(_("niet meer nodig sinds"), null=True, blank=True)
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["language", "id"]

    def __str__(self) -> str:
        return self.language


class InterpreterKind(models.TextChoices):
    PROFESSIONAL = "professional", _("professionele tolk (ter plaatse)")
    PHONE = "phone", _("tolk via telefoon of video")
    SOCIAL = "social", _("sociaal tolk")
    ADULT_RELATIVE = "adult_relative", _("een volwassene uit het netwerk van het gezin")


class InterpreterBooking(models.Model):
    """An interpreter booked on a contact or a case conference (relations from this side, so
    the trajectories app is not changed). Children are never recorded as interpreters."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("taal"), max_length=60)
    kind = models.CharField(_("soort tolk"), max_length=20, choices=InterpreterKind.choices)
    interpreter_name = models.CharField(_("naam van de tolk of dienst"), max_length=120,
                                        blank=True)
    interpreter_member = models.ForeignKey(Member, null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="+",
                                           verbose_name=_("gezinslid dat tolkt"))
    booked_for = models.DateField(_("datum"))
    contact = models.ForeignKey("trajectories.Contact", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("bij contact"))
    conference = models.ForeignKey("trajectories.CaseConference", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("bij casusoverleg"))
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-booked_for", "-id"]

    def __str__(self) -> str:
        return f"tolk {self.language} {self.booked_for}"
