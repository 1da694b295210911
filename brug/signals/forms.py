from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.core.domains import LevenswebDomain as LifeDomain
from brug.core.forms import DateInput, QuickBoundField, QuickSelect, VersionField
from brug.core.prepared import Prepared
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

    def __init__(self, *args, network_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(network_id=network_id) \
            .select_related("provider").order_by("name")
        self.fields["service"].label_from_instance = lambda s: f"{s.name} — {s.provider.name}"
        self.fields["provider"].queryset = Provider.objects.filter(network_id=network_id)
        self.fields["provider"].help_text = _("Alleen als de drempel niet bij één dienst hoort.")
        if "collective" in self.fields:
            self.fields["collective"].queryset = CollectiveSignal.objects.filter(
                network_id=network_id, status__in=OPEN_COLLECTIVE)
        if "observed_on" in self.fields:
            self.fields["observed_on"].initial = timezone.localdate()

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


# The filter form is on every bundle page; its two lists are compiled once per process.
_MEETINGS = Prepared(lambda network: Meeting.objects.filter(network_id=network)
                     .values_list("pk", "title", "held_on"), network=-918_273_001)
_PROVIDERS = Prepared(lambda network: Provider.objects.filter(network_id=network)
                      .order_by("name", "pk").values_list("pk", "name"), network=-918_273_002)


class BundleFilterForm(forms.Form):
    bound_field_class = QuickBoundField
    # Plain selects and (id, name) choices: the organisation list has hundreds of entries,
    # and this form is on every bundle page.
    status = forms.ChoiceField(label=_("status"), required=False, widget=QuickSelect,
                               choices=[("", _("alle"))] + CollectiveStatus.choices)
    meeting = forms.IntegerField(label=_("netwerkoverleg"), required=False, widget=QuickSelect)
    life_domain = forms.ChoiceField(label=_("levensdomein"), required=False, widget=QuickSelect,
                                    choices=[("", _("alle"))] + LifeDomain.choices)
    dimension = forms.ChoiceField(label=_("B"), required=False, widget=QuickSelect,
                                  choices=[("", _("alle"))] + AccessDimension.choices)
    provider = forms.IntegerField(label=_("organisatie"), required=False, widget=QuickSelect)
    date_from = forms.DateField(label=_("van"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("tot"), required=False, widget=DateInput())

    def __init__(self, *args, network_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = [(pk, str(Meeting(title=title, held_on=held_on)))
                         for pk, title, held_on in _MEETINGS(network=network_id)]
        self.fields["meeting"].widget.options = [("", "---------"), *self.meetings]
        self.providers = _PROVIDERS(network=network_id)
        self.fields["provider"].widget.options = [("", "---------"), *self.providers]

    def _one_of(self, name: str, allowed: list[tuple[int, str]]) -> int | None:
        value = self.cleaned_data[name]
        if value is not None and value not in {pk for pk, _label in allowed}:
            raise forms.ValidationError(self.fields["status"].error_messages["invalid_choice"],
                                        code="invalid_choice", params={"value": value})
        return value

    def clean_meeting(self):
        return self._one_of("meeting", self.meetings)

    def clean_provider(self):
        return self._one_of("provider", self.providers)

    def to_filter(self):
        from brug.signals.bundle import BundleFilter

        if not self.is_valid():
            return BundleFilter()
        d = self.cleaned_data
        return BundleFilter(status=d["status"],
                            meeting_id=d["meeting"],
                            life_domain=d["life_domain"], dimension=d["dimension"],
                            provider_id=d["provider"],
                            date_from=d["date_from"], date_to=d["date_to"])


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
