from __future__ import annotations

from datetime import timedelta

from django import forms
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from brug.activities import reach
from brug.activities.models import Activity, Neighbourhood, Session
from brug.core.forms import DateInput, VersionField
from brug.network.models import Organisation, Worker
from brug.walkin.forms import PeriodForm, TimeInput

__all__ = ["ActivityForm", "AttendanceForm", "CountsForm", "GenerateForm", "ImportForm",
           "NeighbourhoodForm", "PeriodForm", "ReachForm", "RegistrationForm"]


class ActivityForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Activity
        fields = ["name", "kind", "organisers", "place", "neighbourhood", "capacity",
                  "volunteers", "description", "active"]
        widgets = {"organisers": forms.CheckboxSelectMultiple,
                   "volunteers": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, worker, **kwargs):
        super().__init__(*args, **kwargs)
        network_id = worker.organisation.network_id
        self.fields["organisers"].queryset = Organisation.objects.filter(
            network_id=network_id, active=True)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(
            network_id=network_id)
        self.fields["volunteers"].queryset = Worker.objects.filter(
            organisation__network_id=network_id, active=True, roles__contains=",volunteer,")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["organisers"].initial = [worker.organisation_id]


class GenerateForm(forms.Form):
    first = forms.DateField(label=_("eerste sessie"), widget=DateInput())
    until = forms.DateField(label=_("tot en met"), widget=DateInput())
    every_weeks = forms.TypedChoiceField(label=_("herhaling"), coerce=int, choices=[
        (1, _("elke week")), (2, _("om de twee weken"))])
    starts_at = forms.TimeField(label=_("van"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("tot"), widget=TimeInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["first"].initial = today
        self.fields["until"].initial = today + timedelta(weeks=12)


class CountsForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Session
        fields = ["anonymous_families", "anonymous_adults", "anonymous_children", "cancelled"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for name in ("anonymous_families", "anonymous_adults", "anonymous_children"):
            self.fields[name].widget.attrs.update({"min": 0, "max": 500, "inputmode": "numeric"})


class AttendanceForm(forms.Form):
    family = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    children = forms.IntegerField(label=_("kinderen mee"), min_value=0, max_value=20,
                                  initial=0)


class RegistrationForm(forms.Form):
    family = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1,
                                max_value=2**62)
    first_name = forms.CharField(label=_("of alleen een voornaam"), max_length=40,
                                 required=False)


class NeighbourhoodForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Neighbourhood
        fields = ["name", "young_children", "deprivation_pct", "figures_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV-bestand"), help_text=_(
        "Per regel: wijk; kinderen van 0 tot 3 jaar; aandeel in kansarmoede (%)."))
    year = forms.IntegerField(label=_("cijfers van het jaar"), required=False, min_value=2000,
                              max_value=2100)


def period_choices(day) -> list[tuple[str, str]]:
    """(key, label) of the periods a coordinator can choose on `day`, in the active language:
    they depend on nothing but the day, the language and the code, so each process computes
    them once a day per language (the per-process `code_fragments` cache)."""
    key = f"activities:reach-periods:{day.isoformat()}:{get_language()}"
    store = caches["code_fragments"]
    choices = store.get(key)
    if choices is None:
        choices = [(p.key, str(p.label)) for p in reach.periods_before(day)]
        store.set(key, choices, 24 * 60 * 60)
    return choices


class ReachForm(forms.Form):
    """A calendar year, quarter or month (the periods `reach` keeps counts of; this year by
    default) and the grouping."""

    period = forms.ChoiceField(label=_("periode"), required=False)
    per = forms.ChoiceField(label=_("per"), required=False, choices=[
        ("neighbourhood", _("wijk")), ("activity", _("activiteit"))])
    # The network's neighbourhoods as (id, name), read in one small query: a ModelChoiceField
    # would read every column, and once more to check the choice.
    neighbourhood = forms.TypedChoiceField(label=_("activiteiten in de wijk"), required=False,
                                           coerce=int, empty_value=None)

    def __init__(self, *args, network_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(timezone.localdate())
        self.fields["neighbourhood"].choices = [("", _("alle wijken"))] + [
            (str(pk), name) for pk, name in Neighbourhood.objects.filter(
                network_id=network_id).order_by("name", "pk").values_list("pk", "name")]

    def valid_data(self) -> dict:
        """The fields that are valid (a bad one is shown with its message and left at its
        default; the others are kept)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    def for_grouping(self, per: str) -> None:
        """The neighbourhood filter narrows the table of activities: per neighbourhood it
        would do nothing, so the form leaves it out (chosen "per activiteit", the next
        page shows it)."""
        if per != "activity":
            self.fields.pop("neighbourhood", None)

    def chosen(self) -> reach.Period:
        return (reach.Period.parse(self.valid_data().get("period") or "")
                or reach.Period.parse(self.fields["period"].choices[0][0]))
