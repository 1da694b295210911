from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.aid.models import AidRecord, Fund, InterpreterBooking, InterpreterNeed
from brug.core.forms import DateInput, VersionField
from brug.families.models import Member


class AidForm(forms.ModelForm):
    class Meta:
        model = AidRecord
        fields = ["fund", "received_on", "amount", "note"]
        widgets = {"received_on": DateInput(),
                   "amount": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"})}

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Fund.objects.filter(
            network_id=family.organisation.network_id, active=True)
        self.fields["received_on"].initial = timezone.localdate()


class FundForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Fund
        fields = ["name", "organisation", "kind", "period", "budget", "child_under_years",
                  "max_times_per_family", "max_amount_per_family", "amount_per_child",
                  "valid_from", "valid_until", "active"]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, network_id, **kwargs):
        super().__init__(*args, **kwargs)
        from brug.network.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(network_id=network_id)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("De einddatum ligt vóór de begindatum."))
        return data


class NeedForm(forms.ModelForm):
    class Meta:
        model = InterpreterNeed
        fields = ["language", "note"]


class BookingForm(forms.ModelForm):
    class Meta:
        model = InterpreterBooking
        fields = ["language", "kind", "interpreter_name", "interpreter_member", "booked_for",
                  "contact", "conference"]
        widgets = {"booked_for": DateInput()}

    def __init__(self, *args, family, contacts, conferences, **kwargs):
        super().__init__(*args, **kwargs)
        # Only adults are offered; the service refuses a child whatever is posted.
        self.fields["interpreter_member"].queryset = Member.objects.filter(
            family=family, role__in=["parent", "other_adult"])
        self.fields["contact"].queryset = contacts
        self.fields["conference"].queryset = conferences
        self.fields["booked_for"].initial = timezone.localdate()
