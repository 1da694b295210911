from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.core.forms import DateInput
from brug.directory.models import AccessDimension, AccessibilityReport, LifeDomain

MAX_IMPORT_BYTES = 50 * 1024 * 1024


class SearchForm(forms.Form):
    q = forms.CharField(label=_("zoek"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": _("bv. huurwaarborg")}))
    domain = forms.ChoiceField(label=_("levensdomein"), required=False,
                               choices=[("", _("alle levensdomeinen"))] + LifeDomain.choices)
    postcode = forms.CharField(label=_("postcode"), required=False, max_length=4,
                               widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    wijk = forms.ChoiceField(label=_("wijk"), required=False, choices=[])
    taal = forms.CharField(label=_("taal"), required=False, max_length=50)

    def __init__(self, *args, neighbourhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].choices = [("", _("alle wijken"))] + [(n, n) for n in neighbourhoods]

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if value and not (value.isdigit() and len(value) == 4):
            raise forms.ValidationError(_("Een Belgische postcode heeft 4 cijfers."))
        return value


class ImportForm(forms.Form):
    file = forms.FileField(label=_("HSDS-bestand (JSON, of zip met CSV-bestanden)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 50 MB."))
        return f


class AccessibilityReportForm(forms.ModelForm):
    class Meta:
        model = AccessibilityReport
        fields = ["visited_on", "reporter_kind", "summary"]
        widgets = {"visited_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}

    SCORE_CHOICES = [("", _("niet beoordeeld")), ("1", _("1 — grote drempel")),
                     ("2", _("2 — drempel")), ("3", _("3 — gaat")), ("4", _("4 — goed")),
                     ("5", _("5 — geen drempel"))]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()
        for dim in AccessDimension:
            self.fields[f"score_{dim.value}"] = forms.ChoiceField(
                label=dim.label, choices=self.SCORE_CHOICES, required=False)
            self.fields[f"remark_{dim.value}"] = forms.CharField(
                label=_("opmerking bij ‘%(b)s’") % {"b": dim.label}, required=False,
                max_length=500)

    def clean_visited_on(self):
        value = self.cleaned_data["visited_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("De datum van het bezoek ligt in de toekomst."))
        return value

    def clean(self):
        data = super().clean()
        if not any(data.get(f"score_{d.value}") for d in AccessDimension):
            raise forms.ValidationError(_("Geef minstens één B een score."))
        for d in AccessDimension:
            if data.get(f"remark_{d.value}") and not data.get(f"score_{d.value}"):
                self.add_error(f"score_{d.value}", _("Geef een score bij je opmerking."))
        return data

    def scores(self):
        from brug.directory.models import AccessibilityScore

        data = self.cleaned_data
        return [AccessibilityScore(dimension=d.value, score=int(data[f"score_{d.value}"]),
                                   remark=data.get(f"remark_{d.value}", ""))
                for d in AccessDimension if data.get(f"score_{d.value}")]
