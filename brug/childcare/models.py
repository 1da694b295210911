"""The local childcare desk (lokaal loket kinderopvang): providers, the network's priority
rules, a family's request with its history, offers, and the inputs of the inkomenstarief.

Information categories (docs/childcare.md): a request, its offers and history are `plan` (the
support the family gets, like a volunteer request); the priority grounds of a request describe
the family's situation and are shown only with `household`; the income and the price inputs
are `rights` (the inkomenstarief is a reduced tariff of the rechtenverkenner).
Providers and the priority rules are the network's data, not a family's.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.childcare import price
from brug.core import multivalue
from brug.core.models import VersionedModel
from brug.families.models import Family, Member
from brug.network.models import Network, Organisation, Worker


class Ground(models.TextChoices):
    """Priority grounds (VVSG, seed 001): the network enables and orders them as data."""

    SINGLE_PARENT = "single_parent", _("alleenstaande ouder")
    LOW_INCOME = "low_income", _("laag inkomen")
    LOW_EDUCATION = "low_education", _("ouder met een laag opleidingsniveau")
    HEALTH_CARE = "health_care", _("moeilijke gezondheids- of zorgsituatie")
    FOSTER = "foster", _("pleegkind")
    WORK_OR_TRAINING = "work_or_training", _("ouders aan het werk of in opleiding")
    SIBLING = "sibling", _("broer of zus in dezelfde opvang")
    LOCAL = "local", _("lokale voorrangsregel")


def ground_labels(codes, local_label: str = "") -> list[str]:
    names = dict(Ground.choices)
    return [str(local_label or names[c]) if c == Ground.LOCAL else str(names[c])
            for c in codes if c in names]


class ChildcareRules(VersionedModel):
    """The network's priority rules and who runs the desk."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="+")
    priority_share = models.PositiveSmallIntegerField(
        _("voorbehouden voor voorrang (%)"), default=25,
        validators=[MinValueValidator(20), MaxValueValidator(100)],
        help_text=_("Minstens 20 à 30% van de plaatsen met inkomenstarief."))
    grounds = models.CharField(_("voorrangsgroepen"), max_length=300,
                               default=",single_parent,low_income,foster,work_or_training,"
                                       "sibling,")
    local_ground = models.CharField(
        _("lokale voorrangsregel"), max_length=150, blank=True,
        help_text=_("Bijvoorbeeld: een ouder werkt in het ziekenhuis. Mag niet discrimineren."))
    desk_organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+",
                                          verbose_name=_("organisatie van het lokaal loket"))

    @property
    def ground_list(self) -> list[str]:
        return multivalue.split(self.grounds)


class ProviderKind(models.TextChoices):
    DAYCARE = "daycare", _("kinderdagverblijf")
    CHILDMINDER = "childminder", _("onthaalouder")
    GROUP = "group", _("groepsopvang")


class Provider(VersionedModel):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort"), max_length=20, choices=ProviderKind.choices,
                            default=ProviderKind.DAYCARE)
    municipality = models.CharField(_("gemeente"), max_length=100)
    neighbourhood = models.CharField(_("wijk"), max_length=100, blank=True)
    income_tariff = models.BooleanField(_("werkt met inkomenstarief"), default=True)
    baby_places = models.PositiveSmallIntegerField(
        _("plaatsen voor baby's"), default=0, validators=[MaxValueValidator(500)],
        help_text=_("Plaatsen die het lokaal loket toewijst (jonger dan 18 maanden)."))
    toddler_places = models.PositiveSmallIntegerField(
        _("plaatsen voor peuters"), default=0, validators=[MaxValueValidator(500)],
        help_text=_("Van 18 maanden tot 3 jaar."))
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("organisatie in het netwerk"),
        help_text=_("Haar medewerkers zien de voorstellen aan deze opvang, en van het gezin "
                    "alleen wat het deelde met die organisatie."))
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class RequestStatus(models.TextChoices):
    OPEN = "open", _("zoekt een plaats")
    OFFERED = "offered", _("plaats voorgesteld")
    PLACED = "placed", _("plaats aanvaard")
    WITHDRAWN = "withdrawn", _("ingetrokken")


class ChildcareRequest(VersionedModel):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    children = models.ManyToManyField(Member, related_name="+", verbose_name=_("voor wie"))
    start_date = models.DateField(_("gewenste startdatum"))
    days_per_week = models.PositiveSmallIntegerField(
        _("dagen per week"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)])
    municipality = models.CharField(_("gemeente"), max_length=100)
    neighbourhood = models.CharField(_("wijk"), max_length=100, blank=True)
    preferred = models.CharField(_("gekozen opvang"), max_length=200, blank=True)
    grounds = models.CharField(_("voorrang"), max_length=300, blank=True)
    reasons = models.TextField(_("waarom het gezin opvang zoekt"), blank=True,
                               help_text=_("In de woorden van het gezin."))
    income_tariff_only = models.BooleanField(_("alleen opvang met inkomenstarief"),
                                             default=True)
    assisted = models.BooleanField(_("samen met het gezin ingeschreven"), default=True)
    requested_on = models.DateField(_("datum van de aanvraag"))
    status = models.CharField(max_length=10, choices=RequestStatus.choices,
                              default=RequestStatus.OPEN)
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-requested_on", "-id"]
        indexes = [models.Index(fields=["status", "requested_on"], name="ccreq_status")]

    def __str__(self) -> str:
        return f"aanvraag {self.pk}"

    @property
    def preferred_ids(self) -> list[int]:
        return [int(x) for x in self.preferred.split(",") if x.strip().isdigit()]

    @property
    def ground_list(self) -> list[str]:
        return multivalue.split(self.grounds)


class RequestEvent(models.Model):
    """The request's history, as the family and the desk read it. Never edited."""

    request = models.ForeignKey(ChildcareRequest, on_delete=models.CASCADE,
                                related_name="events")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    text = models.CharField(max_length=300)  # a Dutch msgid, translated when shown
    params = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(Worker, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.text[:40]}"


class OfferStatus(models.TextChoices):
    PROPOSED = "proposed", _("voorgesteld")
    ACCEPTED = "accepted", _("aanvaard")
    REFUSED = "refused", _("geweigerd")


class Offer(VersionedModel):
    request = models.ForeignKey(ChildcareRequest, on_delete=models.CASCADE,
                                related_name="offers")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="offers")
    baby_places = models.PositiveSmallIntegerField(default=0)
    toddler_places = models.PositiveSmallIntegerField(default=0)
    priority = models.BooleanField(default=False)
    reasons = models.JSONField(default=list)  # [[msgid, params], ...] from allocation
    status = models.CharField(max_length=10, choices=OfferStatus.choices,
                              default=OfferStatus.PROPOSED)
    decided_on = models.DateField(null=True, blank=True)
    decision_note = models.CharField(_("toelichting"), max_length=300, blank=True)
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["provider", "status"], name="ccoffer_provider")]

    def __str__(self) -> str:
        return f"voorstel {self.pk}"


class PriceInputs(VersionedModel):
    """What the inkomenstarief is computed from (category `rights`)."""

    family = models.OneToOneField(Family, on_delete=models.CASCADE, related_name="+")
    income = models.DecimalField(_("gezamenlijk belastbaar beroepsinkomen per jaar"),
                                 max_digits=12, decimal_places=2, null=True, blank=True)
    income_refused = models.BooleanField(_("het gezin geeft geen inkomen of attest"),
                                         default=False)
    children_in_charge = models.PositiveSmallIntegerField(
        _("kinderen ten laste"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(price.MAX_CHILDREN)])
    multiple_births = models.PositiveSmallIntegerField(_("meerlingen"), default=0,
                                                       validators=[MaxValueValidator(10)])
    reduction = models.CharField(_("verminderd tarief"), max_length=20, default="none",
                                 choices=[
                                     (price.Reduction.NONE, _("geen")),
                                     (price.Reduction.IVT, _("individueel verminderd tarief "
                                                             "(Kind en Gezin)")),
                                     (price.Reduction.OCMW_HALF, _("OCMW: de helft")),
                                     (price.Reduction.OCMW_HIGH, _("OCMW: vast tarief (hoog)")),
                                     (price.Reduction.OCMW_LOW, _("OCMW: vast tarief (laag)")),
                                 ])
    short_day = models.BooleanField(_("minder dan 5 uur per dag"), default=False)

    def price_input(self) -> price.PriceInput:
        return price.PriceInput(income=self.income, children_in_charge=self.children_in_charge,
                                multiple_births=self.multiple_births,
                                income_refused=self.income_refused, reduction=self.reduction,
                                short_day=self.short_day)
