from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from brug.consent.forms import ADULT_ROLES
from brug.core.categories import SHAREABLE_CATEGORIES, Category
from brug.core.forms import VersionField
from brug.families.models import Member
from brug.referrals.models import Outcome, Urgency


def _member_label(member) -> str:
    name = " ".join(p for p in (member.first_name, member.last_name) if p) or str(member)
    return f"{name} ({member.get_role_display()})"


class ReferralForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("over wie gaat het"), required=False, queryset=Member.objects.none(),
        empty_label=_("het hele gezin"),
        help_text=_("Bijvoorbeeld het kind voor een doorverwijzing naar het CLB. De ontvanger "
                    "ziet wie het is alleen als de gezinssituatie gedeeld wordt."))
    question = forms.CharField(
        label=_("vraag van het gezin"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000,
        help_text=_("In gewone woorden, zodat het gezin zijn verhaal niet opnieuw moet doen."),
        error_messages={"required": _("Schrijf de vraag van het gezin in gewone woorden.")})
    categories = forms.MultipleChoiceField(
        label=_("welke informatie delen"), widget=forms.CheckboxSelectMultiple,
        choices=[(c.value, c.label) for c in SHAREABLE_CATEGORIES],
        initial=[Category.IDENTITY.value, Category.CONTACT.value],
        error_messages={"required": _("Kies welke informatie je deelt.")})
    urgency = forms.ChoiceField(label=_("dringendheid"), choices=Urgency.choices,
                                initial=Urgency.NORMAL)
    consent_now = forms.BooleanField(
        label=_("Het gezin geeft nu toestemming om deze informatie te delen"), required=False,
        help_text=_("De toestemming geldt tot de doorverwijzing afgesloten is. Het gezin kan ze "
                    "altijd intrekken."))
    given_by = forms.ModelChoiceField(label=_("toestemming gegeven door"), required=False,
                                      queryset=Member.objects.none())

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = Member.objects.filter(family=family,
                                                                 role__in=ADULT_ROLES)
        self.fields["member"].queryset = Member.objects.filter(family=family)
        self.fields["member"].label_from_instance = _member_label

    def clean_categories(self):
        value = self.cleaned_data["categories"]
        if Category.IDENTITY.value not in value:
            raise forms.ValidationError(_("Een doorverwijzing deelt minstens de identiteit van "
                                          "het gezin."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("consent_now") and not data.get("given_by"):
            self.add_error("given_by", _("Wie van het gezin gaf de toestemming?"))
        return data


class DeclineForm(forms.Form):
    version = VersionField(required=False)
    reason = forms.CharField(
        label=_("reden van weigeren"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef de reden waarom je de doorverwijzing weigert.")})


class WithdrawForm(forms.Form):
    version = VersionField(required=False)
    reason = forms.CharField(label=_("reden (mag leeg blijven)"), max_length=500, required=False)


class AcceptForm(forms.Form):
    version = VersionField(required=False)


class CloseForm(forms.Form):
    version = VersionField(required=False)
    outcome = forms.ChoiceField(label=_("resultaat"), choices=Outcome.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": _("Kies het resultaat.")})
    note = forms.CharField(label=_("toelichting"), max_length=500, required=False)


class OverdueForm(forms.Form):
    days = forms.IntegerField(label=_("ouder dan (dagen)"), min_value=0, max_value=3650,
                              initial=14, required=False)
