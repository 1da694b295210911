"""Barriers (drempels, `Signal`) and what the network does with them (practice rules §7).

A `Signal` is one barrier one family met. The family stays private: it is stored so that the
bundle can count *families*, and never leaves the family's dossier. `CollectiveSignal` groups
barriers for the network meeting; reports on it suppress any group of fewer than 3 families.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brug.core import multivalue
from brug.core.domains import LevenswebDomain as LifeDomain
from brug.core.models import VersionedModel
from brug.directory.models import (
    AccessDimension,
    AccessibilityReport,
    Provider,
    Service,
)
from brug.families.models import Family
from brug.network.models import Network, Organisation, Worker


class CollectiveStatus(models.TextChoices):
    NEW = "new", _("nieuw")
    AGENDA = "agenda", _("op de agenda")
    ACTION_PLAN = "action_plan", _("actieplan")
    FORWARDED = "forwarded", _("doorgegeven")
    RESOLVED = "resolved", _("opgelost")
    NOT_PURSUED = "not_pursued", _("niet verder opgevolgd")


# A barrier in a collective signal with one of these outcomes is part of a closed record.
CLOSED_COLLECTIVE = (CollectiveStatus.RESOLVED, CollectiveStatus.NOT_PURSUED)

OPEN_COLLECTIVE = (CollectiveStatus.NEW, CollectiveStatus.AGENDA, CollectiveStatus.ACTION_PLAN,
                   CollectiveStatus.FORWARDED)


class Meeting(models.Model):
    """A network meeting; the signal bundle is a fixed item on its agenda."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("datum"))
    title = models.CharField(_("titel"), max_length=200)
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d-%m-%Y})"


class CollectiveSignal(VersionedModel):
    network = models.ForeignKey(Network, on_delete=models.CASCADE,
                                related_name="collective_signals")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("organisatie"))
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("dienst"))
    dimension = models.CharField(_("B"), max_length=20, choices=AccessDimension.choices,
                                 blank=True)
    life_domain = models.CharField(_("levensdomein"), max_length=20,
                                   choices=LifeDomain.choices, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=CollectiveStatus.choices,
                              default=CollectiveStatus.NEW)
    forwarded_to = models.CharField(_("doorgegeven aan"), max_length=200, blank=True,
                                    help_text=_("De bevoegde organisatie of overheid."))
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="collective_signals",
                                verbose_name=_("netwerkoverleg"))
    reports = models.ManyToManyField(AccessibilityReport, blank=True, related_name="+")
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["network", "status"], name="collective_by_status")]

    def __str__(self) -> str:
        return self.title


class Signal(models.Model):
    """One barrier one family met, at an organisation or service, on one or more B's."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="barriers")
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="barriers", verbose_name=_("bij welke organisatie"))
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="barriers", verbose_name=_("bij welke dienst"))
    life_domain = models.CharField(_("levensdomein"), max_length=20, choices=LifeDomain.choices)
    dimensions = models.CharField(_("welke B's"), max_length=200)
    description = models.TextField(_("wat liep er mis"), help_text=_(
        "Zonder namen: na controle door een coördinator kan deze beschrijving, zonder het "
        "gezin, in de signalenbundel komen."))
    observed_on = models.DateField(_("datum"))
    collective = models.ForeignKey(CollectiveSignal, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="barriers",
                                   verbose_name=_("hoort bij gezamenlijk signaal"))
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking for corrections (brug.core.locking); see `barrier_update`.
    version = models.PositiveIntegerField(default=1)
    # Free text reaches the network only after a coordinator read it (`barrier_release`);
    # a correction of the description takes the release back.
    released_at = models.DateTimeField(null=True, blank=True, editable=False)
    released_by = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", editable=False)

    class Meta:
        ordering = ["-observed_on", "-id"]
        indexes = [
            # Families per collective signal, newest signal first (the bundle's pages stop
            # after the signals they show), also within a period: index-only.
            models.Index(fields=["network", "collective", "family", "observed_on"],
                         name="barrier_bundle_families",
                         condition=models.Q(collective__isnull=False)),
            models.Index(fields=["family", "-observed_on"], name="barrier_by_family"),
            # The newest released descriptions of one collective signal (the bundle's quotes).
            models.Index(fields=["collective", "-observed_on", "-id"], name="barrier_released",
                         condition=models.Q(collective__isnull=False,
                                            released_at__isnull=False)),
            # The coordinator's review list: descriptions not yet released, oldest first.
            models.Index(fields=["network", "id"], name="barrier_unreleased",
                         condition=models.Q(released_at__isnull=True)),
            # The bundle by life domain (and period): an index-only scan per collective.
            models.Index(fields=["network", "life_domain", "collective", "observed_on",
                                 "family"], name="barrier_bundle_domain",
                         condition=models.Q(collective__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.life_domain} {self.dimensions} {self.observed_on}"

    @property
    def dimension_list(self) -> list[str]:
        return multivalue.split(self.dimensions)

    @property
    def dimension_labels(self) -> list[str]:
        return [str(AccessDimension(d).label) for d in self.dimension_list
                if d in AccessDimension.values]


class SignalDimension(models.Model):
    """One row per barrier and B, with the grouping keys copied, so the bundle counts
    families per (organisation, service, B) in one indexed query."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="dimension_rows")
    dimension = models.CharField(max_length=20, choices=AccessDimension.choices)
    network_id = models.BigIntegerField()
    family_id = models.BigIntegerField()
    provider_id = models.BigIntegerField(null=True)
    service_id = models.BigIntegerField(null=True)
    life_domain = models.CharField(max_length=20)
    observed_on = models.DateField()
    collective_id = models.BigIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["network_id", "collective_id", "dimension"],
                         name="barrier_dim_bundle"),
            # The bundle by B: families per collective signal, index-only.
            models.Index(fields=["network_id", "dimension", "collective_id", "family_id"],
                         name="barrier_dim_collective",
                         condition=models.Q(collective_id__isnull=False)),
            # Suggestions: families per (organisation, service, B) of unassigned barriers,
            # also for one life domain (and period).
            models.Index(fields=["network_id", "provider_id", "service_id", "dimension",
                                 "family_id"], name="barrier_dim_unassigned",
                         condition=models.Q(collective_id__isnull=True)),
            models.Index(fields=["network_id", "life_domain", "provider_id", "service_id",
                                 "dimension", "family_id"], include=["observed_on"],
                         name="barrier_dim_unassigned_domain",
                         condition=models.Q(collective_id__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.signal_id} {self.dimension}"


class CollectiveSignalEvent(models.Model):
    """The history of a collective signal: every status change, with a note."""

    collective = models.ForeignKey(CollectiveSignal, on_delete=models.CASCADE,
                                   related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=CollectiveStatus.choices)
    note = models.CharField(_("notitie"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.collective_id} {self.status}"


class ActionPlan(models.Model):
    collective = models.OneToOneField(CollectiveSignal, on_delete=models.CASCADE,
                                      related_name="action_plan")
    goal = models.TextField(_("wat willen we bereiken"))
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.goal[:60]


class Action(VersionedModel):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("actie"), max_length=300)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("trekker"))
    due_on = models.DateField(_("tegen"))
    done_on = models.DateField(_("klaar op"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
