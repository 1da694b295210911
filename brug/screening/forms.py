from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.core.forms import DateInput, VersionField
from brug.screening import kansarmoede
from brug.screening.models import ANCHOR_SCORES, FundamentalRight

SCORE_ERROR = _("Een score ligt tussen 0 en 10.")


def _not_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("De datum ligt in de toekomst."))
    return value


class ScreeningForm(forms.Form):
    """Every criterion is answered on purpose: nothing is pre-selected, not even "weet ik
    niet" (an unanswered criterion would otherwise count as unknown without anyone saying
    so). With `screening`, the form corrects that screening (its answers and version)."""

    version = VersionField(required=False)
    screened_on = forms.DateField(label=_("datum"), widget=DateInput())
    note = forms.CharField(label=_("toelichting"), max_length=300, required=False)

    def __init__(self, *args, screening=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["screened_on"].initial = timezone.localdate()
        choices = [(k, v) for k, v in kansarmoede.ANSWER_LABELS.items()]
        for criterion in kansarmoede.CRITERIA:
            self.fields[f"c_{criterion.key}"] = forms.ChoiceField(
                label=criterion.label, help_text=criterion.definition, choices=choices,
                widget=forms.RadioSelect, error_messages={"required": _(
                    "Kies een antwoord; \"weet ik niet\" mag ook.")},
            )
        if screening is not None:
            self.fields["version"].initial = screening.version
            self.fields["screened_on"].initial = screening.screened_on
            self.fields["note"].initial = screening.note
            for key, answer in screening.answers.items():
                if f"c_{key}" in self.fields:
                    self.fields[f"c_{key}"].initial = answer

    def clean_screened_on(self):
        return _not_future(self.cleaned_data["screened_on"])

    def answers(self) -> dict[str, str]:
        return {c.key: self.cleaned_data[f"c_{c.key}"] for c in kansarmoede.CRITERIA}


class ScoreField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10)
        super().__init__(**kwargs)
        self.error_messages.update(min_value=SCORE_ERROR, max_value=SCORE_ERROR,
                                   invalid=SCORE_ERROR)
        self.widget.attrs.update(inputmode="numeric", min=0, max=10)


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("datum"), widget=DateInput())
    chosen_right = forms.ChoiceField(label=_("Waar wil het gezin eerst aan werken?"),
                                     required=False,
                                     help_text=_("Het gezin kiest; dat hoeft niet het laagste "
                                                 "te zijn."))
    note = forms.CharField(label=_("toelichting"), max_length=300, required=False)

    def __init__(self, *args, rights, **kwargs):
        super().__init__(*args, **kwargs)
        self.rights = rights
        self.fields["assessed_on"].initial = timezone.localdate()
        self.fields["chosen_right"].choices = [("", "—")] + [(str(r.pk), r.name) for r in rights]
        for r in rights:
            self.fields[f"f_{r.pk}"] = ScoreField(label=_("gezin"))
            self.fields[f"w_{r.pk}"] = ScoreField(label=_("begeleider"))
            self.fields[f"j_{r.pk}"] = ScoreField(label=_("samen"))

    def clean_assessed_on(self):
        return _not_future(self.cleaned_data["assessed_on"])

    def rows(self):
        """Per right: the right, its anchors and its three bound fields (for the template)."""
        return [{"right": r, "family": self[f"f_{r.pk}"], "worker": self[f"w_{r.pk}"],
                 "joint": self[f"j_{r.pk}"]} for r in self.rights]

    def clean(self):
        data = super().clean()
        if not any(data.get(f"j_{r.pk}") is not None or data.get(f"f_{r.pk}") is not None
                   for r in self.rights) and not self.errors:
            raise forms.ValidationError(_("Vul minstens voor één grondrecht een score in."))
        return data

    def scores(self) -> dict[int, tuple]:
        d = self.cleaned_data
        out = {}
        for r in self.rights:
            values = (d.get(f"f_{r.pk}"), d.get(f"w_{r.pk}"), d.get(f"j_{r.pk}"))
            if any(v is not None for v in values):
                out[r.pk] = values
        return out

    def chosen(self):
        value = self.cleaned_data.get("chosen_right")
        return next((r for r in self.rights if str(r.pk) == value), None)


class FundamentalRightForm(forms.ModelForm):
    """A right of the grondrechtenmeting and what every score 0–10 means for it."""

    version = VersionField(required=False)

    class Meta:
        model = FundamentalRight
        fields = ["name", "order", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Geef het grondrecht een naam.")
        self.fields["order"].help_text = _("Een lager getal komt eerst in de meting.")
        self.fields["active"].help_text = _(
            "Niet actief: het grondrecht komt niet meer in nieuwe metingen; oude metingen "
            "blijven het tonen.")
        current = {}
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            current = {a.score: a.text for a in self.instance.anchors.all()}
        for score in ANCHOR_SCORES:
            field = forms.CharField(label=_("score %(n)d") % {"n": score}, max_length=300,
                                    initial=current.get(score, ""),
                                    widget=forms.Textarea(attrs={"rows": 3}))
            field.error_messages["required"] = _("Schrijf wat score %(n)d betekent.") % {
                "n": score}
            self.fields[f"anchor_{score}"] = field

    def anchor_fields(self):
        return [self[f"anchor_{score}"] for score in ANCHOR_SCORES]

    def anchors(self) -> dict[int, str]:
        return {score: self.cleaned_data.get(f"anchor_{score}", "") for score in ANCHOR_SCORES}
