from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.consent.models import MandateForm
from brug.core.domains import LifeDomain
from brug.core.forms import DateInput, VersionField
from brug.directory.forms import offer_services
from brug.network.models import Organisation, Worker
from brug.walkin.models import Visit, WalkInHour


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class HourForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = WalkInHour
        fields = ["name", "kind", "organisation", "place", "weekday", "on_date", "starts_at",
                  "ends_at", "volunteers", "active"]
        widgets = {"on_date": DateInput(), "starts_at": TimeInput(), "ends_at": TimeInput(),
                   "volunteers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, worker, **kwargs):
        super().__init__(*args, **kwargs)
        network_id = worker.organisation.network_id
        orgs = Organisation.objects.filter(network_id=network_id, active=True)
        if not worker.has_role("coordinator"):
            orgs = orgs.filter(pk=worker.organisation_id)
        self.fields["organisation"].queryset = orgs
        self.fields["organisation"].initial = worker.organisation_id
        self.fields["volunteers"].queryset = Worker.objects.filter(
            organisation__network_id=network_id, active=True, roles__contains=",volunteer,")
        self.fields["volunteers"].help_text = _("Vrijwilligers die hier bezoeken noteren.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class VisitForm(forms.ModelForm):
    domains = forms.MultipleChoiceField(
        label=_("levensdomein(en) van de vraag"), choices=LifeDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één levensdomein.")})
    version = VersionField(required=False)

    class Meta:
        model = Visit
        fields = ["visited_on", "first_name", "question", "domains", "language", "outcome",
                  "service", "follow_up"]
        widgets = {"visited_on": DateInput(), "question": forms.Textarea(attrs={"rows": 3}),
                   "outcome": forms.RadioSelect}

    def __init__(self, *args, network_id, find: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        offer_services(self, network_id, find)
        if not self.instance.pk:
            self.fields["visited_on"].initial = timezone.localdate()
        else:
            self.fields["version"].initial = self.instance.version
            self.fields["domains"].initial = self.instance.domain_list
        self.fields["follow_up"].help_text = _("Bijvoorbeeld: volgende zitdag samen de "
                                               "aanvraag invullen. Zonder namen.")


class DossierForm(forms.Form):
    display_name = forms.CharField(label=_("naam van het gezin"), max_length=120,
                                   help_text=_("Zoals het gezin aangesproken wil worden."))
    given_on = forms.DateField(label=_("mandaat gegeven op"), widget=DateInput())
    mandate_form = forms.ChoiceField(label=_("vorm van het mandaat"),
                                     choices=MandateForm.choices)
    mandate_scope = forms.CharField(label=_("waarvoor geeft het gezin het mandaat"),
                                    max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("van"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("tot en met"), required=False, widget=DateInput())

    def period(self):
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        date_to = data.get("date_to") or today
        date_from = data.get("date_from") or date_to - timedelta(days=365)
        if date_from > date_to:
            date_from, date_to = date_to, date_from
        return date_from, date_to
