"""The service directory (sociale kaart), shaped after Open Referral HSDS 3.x.

HSDS table → model: organization → `Provider`, service → `Service`, location (+ its address)
→ `Location`, service_at_location → `ServiceAtLocation`, schedule → `Schedule`, language →
`Language`, phone → `Phone`, contact → `Contact`. Life domains (the levensweb) are exported as
HSDS taxonomy terms/attributes. Each row keeps its HSDS `id` (`hsds_id`) so that an export
imported elsewhere, and back, keeps its identities.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from brug.core import multivalue
from brug.core.domains import LevenswebDomain
from brug.core.models import VersionedModel
from brug.network.models import Network, Organisation, Worker


class AccessDimension(models.TextChoices):
    """The 7 B's of accessibility."""

    AVAILABLE = "beschikbaar", _("beschikbaar")
    AFFORDABLE = "betaalbaar", _("betaalbaar")
    USEFUL = "bruikbaar", _("bruikbaar")
    REACHABLE = "bereikbaar", _("bereikbaar")
    UNDERSTANDABLE = "begrijpbaar", _("begrijpbaar")
    RELIABLE = "betrouwbaar", _("betrouwbaar")
    KNOWN = "bekend", _("bekend")


def new_hsds_id() -> str:
    return str(uuid.uuid4())


def search_text_of(*parts: str) -> str:
    """What the search box searches: the non-empty parts, lower-cased, in one text."""
    return " ".join(p for p in parts if p).lower()


LIFE_DOMAIN_LABELS = dict(LevenswebDomain.choices)


def life_domain_labels(raw: str) -> list[str]:
    """The labels (in the active language) of a stored list of domains, unknown codes left
    out."""
    return [str(LIFE_DOMAIN_LABELS[c]) for c in multivalue.split(raw) if c in LIFE_DOMAIN_LABELS]


class Provider(VersionedModel):
    """HSDS organization: who offers services. Linked to a network member when it is one."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="providers")
    hsds_id = models.CharField(max_length=64, default=new_hsds_id)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="providers", verbose_name=_("organisatie in het netwerk"),
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["network", "hsds_id"],
                                               name="provider_unique_hsds_id")]

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("actief")
    INACTIVE = "inactive", _("niet actief")
    DEFUNCT = "defunct", _("bestaat niet meer")
    TEMPORARILY_CLOSED = "temporarily closed", _("tijdelijk gesloten")


class Service(VersionedModel):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="services")
    hsds_id = models.CharField(max_length=64, default=new_hsds_id)
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="services",
                                 verbose_name=_("aanbieder"))
    name = models.CharField(_("naam"), max_length=200)
    alternate_name = models.CharField(_("andere naam"), max_length=200, blank=True)
    description = models.TextField(_("wat"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ServiceStatus.choices,
                              default=ServiceStatus.ACTIVE)
    fees_description = models.CharField(_("kostprijs"), max_length=300, blank=True)
    eligibility_description = models.TextField(_("voor wie"), blank=True)
    application_process = models.TextField(_("hoe aanvragen"), blank=True)
    interpretation_services = models.CharField(_("tolken"), max_length=300, blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimumleeftijd"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximumleeftijd"), null=True, blank=True)
    # Codes of `LevenswebDomain` in the encoding of `core.multivalue`.
    life_domains = models.CharField(_("levensdomeinen"), max_length=200, blank=True)
    # The programme this service is the door to (GO-team, VONK…): its rules on who may refer
    # apply to referrals to this service (brug.directory.rules).
    programme = models.ForeignKey(
        "trajectories.Programme", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="services", verbose_name=_("instap in programma"),
    )
    # Lower-cased name, alternate name, description and provider: what the search box searches.
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["network", "hsds_id"],
                                               name="service_unique_hsds_id")]
        indexes = [
            models.Index(fields=["network", "status", "name"], name="service_by_name"),
            # The search lists active services by name and counts them. Partial indexes on
            # exactly the search's conditions let the count and the page read a small index
            # (index-only) instead of the whole table: one for all active services, one per
            # life domain (the levensweb is a fixed list; a new domain gets its index from
            # makemigrations). The condition must stay the one `services_search` filters on.
            models.Index(fields=["network", "name", "id"], name="service_active_by_name",
                         condition=models.Q(status="active")),
            *[models.Index(fields=["network", "name", "id"], name=f"service_domain_{code}",
                           condition=models.Q(status="active",
                                              life_domains__contains=multivalue.needle(code)))
              for code in LevenswebDomain.values],
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def life_domain_list(self) -> list[str]:
        return multivalue.split(self.life_domains)

    @property
    def life_domain_labels(self) -> list[str]:
        return life_domain_labels(self.life_domains)

    def refresh_search_text(self, provider_name: str | None = None) -> None:
        self.search_text = search_text_of(
            self.name, self.alternate_name, self.description,
            provider_name if provider_name is not None else self.provider.name)


class Location(VersionedModel):
    """HSDS location with its (single, physical) address folded in."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="locations")
    hsds_id = models.CharField(max_length=64, default=new_hsds_id)
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="locations")
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    transportation = models.TextField(_("hoe er geraken"), blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    address_1 = models.CharField(_("adres"), max_length=200, blank=True)
    city = models.CharField(_("gemeente"), max_length=100, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    # The neighbourhood (wijk); exported as the HSDS address `region`.
    neighbourhood = models.CharField(_("wijk"), max_length=100, blank=True)
    country = models.CharField(_("land"), max_length=2, default="BE")

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["network", "hsds_id"],
                                               name="location_unique_hsds_id")]
        indexes = [
            # With the id: the search by postcode finds its services from the index alone.
            models.Index(fields=["postal_code", "id"], name="location_postcode_id"),
            # The search by neighbourhood (`iexact` compares UPPER(...)), and the search
            # form's choices of a network.
            models.Index(Upper("neighbourhood"), "id", name="location_by_neighbourhood"),
            models.Index(fields=["network", "neighbourhood"], name="location_neighbourhoods"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address_line(self) -> str:
        """The address on one line: 'Kerkstraat 2, 9000 Gent (Centrum)'."""
        line = f"{self.address_1}, {self.postal_code}" if self.postal_code else self.address_1
        line = f"{line} {self.city}"
        return f"{line} ({self.neighbourhood})" if self.neighbourhood else line


class ServiceAtLocation(models.Model):
    hsds_id = models.CharField(max_length=64, default=new_hsds_id)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services_here")
    description = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"],
                                               name="service_at_location_once")]
        # The services at a place, from the index alone (the search by postcode or wijk).
        indexes = [models.Index(fields=["location", "service"], name="service_at_place")]

    def __str__(self) -> str:
        return f"{self.service_id} @ {self.location_id}"


class Weekday(models.TextChoices):
    MO = "MO", _("maandag")
    TU = "TU", _("dinsdag")
    WE = "WE", _("woensdag")
    TH = "TH", _("donderdag")
    FR = "FR", _("vrijdag")
    SA = "SA", _("zaterdag")
    SU = "SU", _("zondag")


class Schedule(models.Model):
    """Weekly opening hours (HSDS schedule with freq=WEEKLY, one weekday per row)."""

    hsds_id = models.CharField(max_length=64, default=new_hsds_id)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(ServiceAtLocation, null=True, blank=True,
                                            on_delete=models.CASCADE, related_name="schedules")
    weekday = models.CharField(_("dag"), max_length=2, choices=Weekday.choices)
    opens_at = models.TimeField(_("van"), null=True, blank=True)
    closes_at = models.TimeField(_("tot"), null=True, blank=True)
    description = models.CharField(_("uitleg"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.weekday} {self.opens_at}-{self.closes_at}"

    @property
    def weekday_order(self) -> int:
        return list(Weekday.values).index(self.weekday)


class Language(models.Model):
    hsds_id = models.CharField(max_length=64, default=new_hsds_id)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(_("taal"), max_length=100)
    code = models.CharField(_("code"), max_length=10, blank=True)
    note = models.CharField(_("opmerking"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        # The search by language (`iexact` compares UPPER(...)); its statistics also tell the
        # planner how many services speak a language.
        indexes = [models.Index(Upper("name"), "service", name="language_by_name")]

    def __str__(self) -> str:
        return self.name


class Phone(models.Model):
    hsds_id = models.CharField(max_length=64, default=new_hsds_id)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="phones")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="phones")
    number = models.CharField(_("nummer"), max_length=40)
    type = models.CharField(_("soort"), max_length=20, blank=True)
    description = models.CharField(_("uitleg"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number


class Contact(models.Model):
    hsds_id = models.CharField(max_length=64, default=new_hsds_id)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("naam"), max_length=200, blank=True)
    title = models.CharField(_("functie"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name or self.email


class ReporterKind(models.TextChoices):
    MYSTERY_SHOPPER = "mystery_shopper", _("mystery shopper")
    EXPERIENCE_EXPERT = "experience_expert", _("ervaringsdeskundige")
    WORKER = "worker", _("medewerker")


class AccessibilityReport(models.Model):
    """A visit report on a service: a score per B with remarks (practice rules §8)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE,
                                related_name="accessibility_reports")
    visited_on = models.DateField(_("bezocht op"))
    reporter_kind = models.CharField(_("wie bezocht"), max_length=20,
                                     choices=ReporterKind.choices)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("samenvatting"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.service_id} {self.visited_on}"


class AccessibilityScore(models.Model):
    report = models.ForeignKey(AccessibilityReport, on_delete=models.CASCADE,
                               related_name="scores")
    dimension = models.CharField(max_length=20, choices=AccessDimension.choices)
    # 1 (a real threshold) … 5 (no threshold at all)
    score = models.PositiveSmallIntegerField()
    remark = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["report", "dimension"],
                                               name="score_once_per_dimension")]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.score}"

    LOW = 2  # a score at or below this counts as a threshold that feeds the signals

    @property
    def is_threshold(self) -> bool:
        return self.score <= self.LOW
