from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from brug.core.forms import DateInput
from brug.network.models import Organisation
from brug.perinatal.models import OutreachAttempt, Pregnancy


class PregnancyForm(forms.ModelForm):
    due_date = forms.DateField(label=_("vermoedelijke bevallingsdatum"), widget=DateInput())

    class Meta:
        model = Pregnancy
        fields = ["due_date", "signalled_by", "signalled_by_organisation", "signalled_on", "note"]
        widgets = {"signalled_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, network_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signalled_by_organisation"].queryset = Organisation.objects.filter(
            network_id=network_id, active=True)


class OutreachForm(forms.ModelForm):
    class Meta:
        model = OutreachAttempt
        fields = ["attempted_on", "channel", "result", "note"]
        widgets = {"attempted_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}


class BirthForm(forms.Form):
    born_on = forms.DateField(label=_("geboortedatum"), widget=DateInput())
    first_name = forms.CharField(label=_("voornaam van de baby"), required=False, max_length=100)
