from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.consent.models import Mandate, SharingConsent
from brug.core.categories import SHAREABLE_CATEGORIES, join_categories
from brug.core.forms import DateInput
from brug.families.models import Member, MemberRole
from brug.network.models import Organisation

ADULT_ROLES = [MemberRole.PARENT, MemberRole.OTHER_ADULT]


class MandateForm(forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["given_by", "given_on", "form", "programme", "scope"]
        widgets = {"given_on": DateInput(), "scope": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = Member.objects.filter(
            family=family, role__in=ADULT_ROLES
        )
        self.fields["given_by"].empty_label = None
        self.fields["given_on"].initial = timezone.localdate()

    def clean_given_on(self):
        value = self.cleaned_data["given_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("De datum van het mandaat ligt in de toekomst."))
        return value


class MandateEndForm(forms.Form):
    ended_on = forms.DateField(label=_("beëindigd op"), widget=DateInput())
    end_reason = forms.CharField(
        label=_("reden (in de woorden van het gezin)"), max_length=300, required=False
    )

    def __init__(self, *args, mandate, **kwargs):
        super().__init__(*args, **kwargs)
        self.mandate = mandate
        self.fields["ended_on"].initial = timezone.localdate()

    def clean_ended_on(self):
        value = self.cleaned_data["ended_on"]
        if value < self.mandate.given_on:
            raise forms.ValidationError(_("Het einde ligt vóór de start van het mandaat."))
        if value > timezone.localdate():
            raise forms.ValidationError(_("Het einde ligt in de toekomst."))
        return value


class ConsentForm(forms.ModelForm):
    category_choices = forms.MultipleChoiceField(
        label=_("welke informatie"),
        choices=[(c.value, c.label) for c in SHAREABLE_CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één soort informatie.")},
    )

    class Meta:
        model = SharingConsent
        fields = [
            "organisation",
            "category_choices",
            "purpose",
            "given_by",
            "valid_from",
            "valid_until",
        ]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            network_id=family.organisation.network_id, active=True
        ).exclude(pk=family.organisation_id)
        self.fields["given_by"].queryset = Member.objects.filter(
            family=family, role__in=ADULT_ROLES
        )
        self.fields["given_by"].required = True
        self.fields["valid_from"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("De einddatum ligt vóór de begindatum."))
        if end and end < timezone.localdate():
            self.add_error("valid_until", _("Deze toestemming zou al verlopen zijn."))
        if "category_choices" in data:
            self.instance.categories = join_categories(data["category_choices"])
        return data


class ConsentWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("reden (mag leeg blijven)"), max_length=300, required=False)
