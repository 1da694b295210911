from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from brug.concerns.models import Concern, Consulted
from brug.core import multivalue
from brug.core.forms import DateInput, VersionField
from brug.families.models import Member, MemberRole


class ConcernForm(forms.ModelForm):
    version = VersionField(required=False)
    consulted_choices = forms.MultipleChoiceField(
        label=_("wie werd geraadpleegd"), required=False, choices=Consulted.choices,
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Concern
        fields = ["child", "observed_on", "seen", "consulted_note", "decision",
                  "decision_reason", "family_told", "withheld_reason", "review_on"]
        widgets = {"observed_on": DateInput(), "review_on": DateInput(),
                   "seen": forms.Textarea(attrs={"rows": 4}),
                   "consulted_note": forms.Textarea(attrs={"rows": 2}),
                   "decision_reason": forms.Textarea(attrs={"rows": 3}),
                   "withheld_reason": forms.Textarea(attrs={"rows": 2}),
                   "family_told": forms.RadioSelect}

    def __init__(self, *args, family, shows_household: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if shows_household:
            self.fields["child"].queryset = Member.objects.filter(
                family_id=family.pk, role__in=[MemberRole.CHILD, MemberRole.EXPECTED_CHILD])
        else:
            del self.fields["child"]
        self.fields["consulted_choices"].initial = self.instance.consulted_list
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def save(self, commit=True):
        self.instance.consulted = multivalue.join(self.cleaned_data["consulted_choices"],
                                                  Consulted)
        return super().save(commit=commit)


class ReviewForm(forms.Form):
    version = VersionField(required=False)
    keep_withheld = forms.TypedChoiceField(
        label=_("beslissing"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
        choices=[("1", _("het gezin mag het nog niet weten")),
                 ("0", _("het gezin mag het nu weten"))])
    reason = forms.CharField(label=_("waarom"), widget=forms.Textarea(attrs={"rows": 2}))
    next_review_on = forms.DateField(label=_("volgende keer bekijken op"), required=False,
                                     widget=DateInput())


class CloseForm(forms.Form):
    version = VersionField(required=False)
    closing_note = forms.CharField(label=_("waarom afgesloten"),
                                   widget=forms.Textarea(attrs={"rows": 2}))
