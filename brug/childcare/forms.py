from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brug.childcare import price
from brug.childcare.models import (
    ChildcareRequest,
    ChildcareRules,
    Ground,
    PriceInputs,
    Provider,
    ground_labels,
)
from brug.core import multivalue
from brug.families.models import Member, MemberRole
from brug.network.models import Organisation


class RequestForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    children = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("voor wie"))
    choice_1 = forms.ModelChoiceField(queryset=Provider.objects.none(), required=False,
                                      label=gettext_lazy("eerste keuze"))
    choice_2 = forms.ModelChoiceField(queryset=Provider.objects.none(), required=False,
                                      label=gettext_lazy("tweede keuze"))
    choice_3 = forms.ModelChoiceField(queryset=Provider.objects.none(), required=False,
                                      label=gettext_lazy("derde keuze"))
    ground_codes = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=gettext_lazy("voorrang"),
        help_text=gettext_lazy("Alleen wat klopt voor het gezin; het gezin weet wat je aanduidt."))
    consent_given_by = forms.ModelChoiceField(
        queryset=Member.objects.none(), required=False,
        label=gettext_lazy("toestemming om te delen met het lokaal loket, gegeven door"))

    class Meta:
        model = ChildcareRequest
        fields = ["start_date", "days_per_week", "municipality", "neighbourhood", "reasons",
                  "income_tariff_only", "assisted"]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}),
                   "reasons": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, family, rules, providers, shows_household=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = Member.objects.filter(
            family=family, role__in=[MemberRole.CHILD, MemberRole.EXPECTED_CHILD])
        self.fields["consent_given_by"].queryset = Member.objects.filter(
            family=family, role__in=[MemberRole.PARENT, MemberRole.OTHER_ADULT])
        for name in ("choice_1", "choice_2", "choice_3"):
            self.fields[name].queryset = providers
        enabled = rules.ground_list
        self.fields["ground_codes"].choices = [
            (code, label) for code, label in zip(
                enabled, ground_labels(enabled, rules.local_ground), strict=True)]
        if not shows_household:
            del self.fields["ground_codes"]
        if self.instance.pk:
            self.fields["children"].initial = list(self.instance.children.all())
            ids = self.instance.preferred_ids
            for i, name in enumerate(("choice_1", "choice_2", "choice_3")):
                if i < len(ids):
                    self.fields[name].initial = ids[i]
            if "ground_codes" in self.fields:
                self.fields["ground_codes"].initial = self.instance.ground_list
            self.fields["version"].initial = self.instance.version
            del self.fields["consent_given_by"]

    def clean(self):
        data = super().clean()
        chosen = [data.get(n) for n in ("choice_1", "choice_2", "choice_3") if data.get(n)]
        if len({p.pk for p in chosen}) != len(chosen):
            self.add_error("choice_2", _("Kies elke opvang maar één keer."))
        self.instance.preferred = ",".join(str(p.pk) for p in chosen)
        if "ground_codes" in self.fields:
            self.instance.grounds = multivalue.join(data.get("ground_codes") or [], Ground.values)
        return data


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("accept", gettext_lazy("het gezin aanvaardt")),
                                          ("refuse", gettext_lazy("het gezin weigert"))],
                                 widget=forms.RadioSelect, label=gettext_lazy("beslissing"))
    note = forms.CharField(required=False, max_length=300, label=gettext_lazy("toelichting"))


class PriceInputsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    income = forms.CharField(required=False, label=gettext_lazy(
        "gezamenlijk belastbaar beroepsinkomen per jaar"),
        help_text=gettext_lazy("Van het laatste aanslagbiljet; bijvoorbeeld 32500."))

    class Meta:
        model = PriceInputs
        fields = ["income_refused", "children_in_charge", "multiple_births", "reduction",
                  "short_day"]

    field_order = ["income", "income_refused", "children_in_charge", "multiple_births",
                   "reduction", "short_day"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if self.instance.income is not None:
                self.fields["income"].initial = self.instance.income

    def clean(self):
        data = super().clean()
        try:
            income = price.parse_income(data.get("income"))
        except price.PriceInputError as exc:
            for field, msg, params in exc.errors:
                self.add_error(field, _(msg) % params)
            return data
        try:
            price.validate(price.PriceInput(
                income=income, children_in_charge=data.get("children_in_charge") or 1,
                multiple_births=data.get("multiple_births") or 0,
                income_refused=bool(data.get("income_refused")),
                reduction=data.get("reduction") or price.Reduction.NONE))
        except price.PriceInputError as exc:
            for field, msg, params in exc.errors:
                self.add_error(field if field in self.fields else None, _(msg) % params)
        self.instance.income = None if data.get("income_refused") else income
        return data


class ProviderForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Provider
        fields = ["name", "kind", "municipality", "neighbourhood", "income_tariff",
                  "baby_places", "toddler_places", "organisation", "active"]

    def __init__(self, *args, network_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            network_id=network_id, active=True)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class RulesForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ground_codes = forms.MultipleChoiceField(
        choices=Ground.choices, widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("voorrangsgroepen"), required=False)

    class Meta:
        model = ChildcareRules
        fields = ["priority_share", "local_ground", "desk_organisation"]

    def __init__(self, *args, network_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desk_organisation"].queryset = Organisation.objects.filter(
            network_id=network_id, active=True)
        self.fields["ground_codes"].initial = self.instance.ground_list
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        self.instance.grounds = multivalue.join(data.get("ground_codes") or [], Ground.values)
        return data
