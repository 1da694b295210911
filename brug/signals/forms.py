from __future__ import annotations

import functools
from functools import cached_property

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.core.domains import LevenswebDomain as LifeDomain
from brug.core.forms import DateInput, VersionField
from brug.directory import selectors as directory_selectors
from brug.directory.models import AccessDimension, Provider, Service
from brug.network.models import Organisation
from brug.signals.models import (
    OPEN_COLLECTIVE,
    Action,
    CollectiveSignal,
    CollectiveStatus,
    Meeting,
    Signal,
)


class BarrierForm(forms.ModelForm):
    dimension_choices = forms.MultipleChoiceField(
        label=_("welke B's"), choices=AccessDimension.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één B.")})

    class Meta:
        model = Signal
        fields = ["service", "provider", "life_domain", "dimension_choices", "description",
                  "observed_on", "collective"]
        widgets = {"observed_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, network_id, find: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        services = Service.objects.filter(network_id=network_id).select_related("provider")
        providers = Provider.objects.filter(network_id=network_id)
        # Any service or organisation of the network is accepted; the lists offer at most
        # SHOWN of them (a network has thousands: drawing them all took seconds), narrowed
        # by `find` (the "zoek een dienst" box), plus the one already chosen. They are read
        # when the form is drawn, not before: an unbound form's fields are the same for every
        # worker of the network, and the barrier tab caches them (`family_tab.html`).
        self.fields["service"].queryset = services
        self.fields["provider"].queryset = providers
        self.fields["service"].label_from_instance = lambda s: f"{s.name} — {s.provider.name}"
        self.fields["provider"].help_text = _("Alleen als de drempel niet bij één dienst hoort.")
        self._offers = {
            "service": (services.only("pk", "name", "provider__name"),
                        Q(name__icontains=find) | Q(provider__name__icontains=find)),
            "provider": (providers.only("pk", "name"), Q(name__icontains=find))}
        self.find, self._offered = find, {}
        for name in self._offers:
            self.fields[name].widget.choices = functools.partial(self._choices, name)
        if "collective" in self.fields:
            self.fields["collective"].queryset = CollectiveSignal.objects.filter(
                network_id=network_id, status__in=OPEN_COLLECTIVE)
        if "observed_on" in self.fields:
            self.fields["observed_on"].initial = timezone.localdate()

    SHOWN = 100

    def _offer(self, name: str) -> tuple[list, bool]:
        """At most SHOWN rows for field `name`, and whether there are more (the page then
        asks to narrow them); read once per form."""
        if name in self._offered:
            return self._offered[name]
        queryset, matches = self._offers[name]
        shown = queryset.filter(matches) if self.find else queryset
        rows = list(shown.order_by("name", "pk")[:self.SHOWN + 1])
        chosen = self[name].value() if self.is_bound else self.initial.get(name)
        chosen = str(chosen or "")
        if chosen.isdecimal() and len(chosen) < 16 and all(str(r.pk) != chosen for r in rows):
            rows += list(queryset.filter(pk=int(chosen)))
        self._offered[name] = rows, len(rows) > self.SHOWN
        return self._offered[name]

    def _choices(self, name: str) -> list:
        field = self.fields[name]
        return [("", field.empty_label)] + [
            (r.pk, field.label_from_instance(r)) for r in self._offer(name)[0][:self.SHOWN]]

    @property
    def more_services(self) -> bool:
        return self._offer("service")[1]

    @property
    def more_providers(self) -> bool:
        return self._offer("provider")[1]

    def clean_observed_on(self):
        value = self.cleaned_data["observed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("De datum ligt in de toekomst."))
        return value

    def clean(self):
        data = super().clean()
        if not data.get("service") and not data.get("provider") and "service" not in self.errors:
            self.add_error("service", _("Kies de dienst of de organisatie waar het gezin de "
                                        "drempel ervaarde."))
        return data


class BarrierEditForm(BarrierForm):
    """Correcting a barrier: what went wrong, where, which life domain and which B's."""

    version = VersionField(required=False)

    class Meta(BarrierForm.Meta):
        fields = ["service", "provider", "life_domain", "dimension_choices", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["dimension_choices"].initial = self.instance.dimension_list


class BundleFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), required=False,
                               choices=[("", _("alle"))] + CollectiveStatus.choices)
    meeting = forms.ModelChoiceField(label=_("netwerkoverleg"), required=False,
                                     queryset=Meeting.objects.none())
    life_domain = forms.ChoiceField(label=_("levensdomein"), required=False,
                                    choices=[("", _("alle"))] + LifeDomain.choices)
    dimension = forms.ChoiceField(label=_("B"), required=False,
                                  choices=[("", _("alle"))] + AccessDimension.choices)
    provider = forms.ModelChoiceField(label=_("organisatie"), required=False,
                                      queryset=Provider.objects.none())
    date_from = forms.DateField(label=_("van"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("tot"), required=False, widget=DateInput())

    def __init__(self, *args, network_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.network_id = network_id
        self.fields["meeting"].queryset = Meeting.objects.filter(network_id=network_id)
        # Only what the options show: the list holds every organisation of the network.
        self.fields["provider"].queryset = Provider.objects.filter(
            network_id=network_id).order_by("name", "pk").only("pk", "name")

    @cached_property
    def provider_list_version(self) -> str:
        """Changes with the network's organisations (the sociale kaart's version, bumped by
        `directory.services`), so the filter template caches the rendered organisation list
        under it (`{% cache %}`): rendering hundreds of options through the select widget
        costs more than the rest of the bundle page."""
        return directory_selectors.cache_version(self.network_id)

    def to_filter(self):
        from brug.signals.bundle import BundleFilter

        if not self.is_valid():
            return BundleFilter()
        d = self.cleaned_data
        return BundleFilter(status=d["status"],
                            meeting_id=d["meeting"].pk if d["meeting"] else None,
                            life_domain=d["life_domain"], dimension=d["dimension"],
                            provider_id=d["provider"].pk if d["provider"] else None,
                            date_from=d["date_from"], date_to=d["date_to"])


class ReleaseForm(forms.Form):
    """A coordinator's release of one barrier's description, possibly corrected."""

    description = forms.CharField(label=_("beschrijving voor de signalenbundel"),
                                  widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()


class CollectiveForm(forms.ModelForm):
    version = VersionField(required=False)
    note = forms.CharField(label=_("notitie bij deze wijziging"), required=False, max_length=500)

    class Meta:
        model = CollectiveSignal
        fields = ["title", "description", "status", "forwarded_to", "meeting", "dimension",
                  "life_domain"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, network_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.network_id = network_id
        self.fields["meeting"].queryset = Meeting.objects.filter(network_id=network_id)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if data.get("status") == CollectiveStatus.FORWARDED and not data.get("forwarded_to"):
            self.add_error("forwarded_to", _("Aan wie is het signaal doorgegeven?"))
        return data


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_on", "title"]
        widgets = {"held_on": DateInput()}


class PlanForm(forms.Form):
    goal = forms.CharField(label=_("wat willen we bereiken"), widget=forms.Textarea(
        attrs={"rows": 2}), max_length=2000)


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, network_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.filter(network_id=network_id,
                                                                    active=True)
