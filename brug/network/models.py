"""The network: organisations and the workers in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.core import multivalue
from brug.core.models import VersionedModel
from brug.core.roles import Role


class Network(models.Model):
    """A local partnership (Huis van het Kind). One deployment may host several."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    KIND_EN_GEZIN = "kind_en_gezin", _("Kind en Gezin")
    OCMW = "ocmw", _("OCMW / Sociaal Huis")
    CAW = "caw", _("CAW")
    CLB = "clb", _("CLB")
    CKG = "ckg", _("CKG")
    SCHOOL = "school", _("school")
    CHILDCARE = "childcare", _("kinderopvang")
    POLICE = "police", _("politie")
    VOLUNTEER = "volunteer", _("vrijwilligersorganisatie")
    POVERTY_ASSOCIATION = "poverty_association", _("vereniging waar armen het woord nemen")
    OTHER = "other", _("andere")


class Organisation(VersionedModel):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(_("naam"), max_length=200)
    short_name = models.CharField(
        _("korte naam"), max_length=40, help_text=_("Zoals collega's de organisatie noemen.")
    )
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Worker(VersionedModel):
    """A user working in one organisation, with one or more roles."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worker"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="workers")
    display_name = models.CharField(_("naam"), max_length=150)
    # Stored as ",supporter,coordinator," (`core.multivalue`).
    roles = models.CharField(_("rollen"), max_length=200)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.organisation.short_name})"

    @property
    def role_list(self) -> list[str]:
        return multivalue.split(self.roles)

    def has_role(self, *roles: str) -> bool:
        mine = set(self.role_list)
        return any(r in mine for r in roles)

    @property
    def role_labels(self) -> str:
        return ", ".join(str(Role(r).label) for r in self.role_list if r in Role.values)

    @staticmethod
    def join_roles(values) -> str:
        return multivalue.join(values, Role)
