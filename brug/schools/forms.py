from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.core.domains import LifeDomain
from brug.core.forms import DateInput, VersionField
from brug.directory.forms import offer_services
from brug.network.models import Organisation, Worker
from brug.schools.models import (
    AllocationRule,
    AskedBy,
    Handled,
    Presence,
    PresenceForm,
    Question,
    School,
    Training,
)

MAX_IMPORT_BYTES = 1_000_000


class SchoolForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = School
        fields = ["name", "organisation", "pupils", "ses_pct", "figures_period", "wish_form",
                  "wish_hours", "active"]

    def __init__(self, *args, network_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            network_id=network_id, active=True)
        self.fields["wish_form"].help_text = _("Wat de school zelf vraagt; leeg = geen wens.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_("Kolommen: school; organisatie; leerlingen; SES-aandeel (%); schooljaar "
                    "(2025-2026); vorm (zitdag, consult, SPOC of leeg); gevraagde uren per "
                    "week. Alles of niets: bij een fout wordt niets bewaard."))


class RuleForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = AllocationRule
        fields = ["hours", "weight_ses", "weight_questions", "weight_wish", "high_ses_pct",
                  "low_ses_pct", "zitdag_min_hours"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class PeriodForm(forms.Form):
    period = forms.RegexField(label=_("schooljaar"), regex=r"^\d{4}-\d{4}$", required=False,
                              max_length=9, error_messages={
                                  "invalid": _("Schrijf het schooljaar als 2025-2026.")})


class OverrideForm(forms.ModelForm):
    version = VersionField(required=False)
    form = forms.ChoiceField(label=_("vorm"), choices=PresenceForm.choices)

    class Meta:
        model = Presence
        fields = ["hours", "form", "override_reason", "contact"]
        widgets = {"override_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Worker.objects.filter(
            organisation_id=self.instance.school.organisation_id, active=True)
        self.fields["contact"].required = False
        self.fields["contact"].help_text = _("De vaste maatschappelijk werker voor deze "
                                             "school.")
        self.fields["override_reason"].help_text = _(
            "Verplicht als je van het voorstel afwijkt. Laat uren en vorm gelijk aan het "
            "voorstel en de reden leeg om het voorstel opnieuw te volgen.")
        self.fields["version"].initial = self.instance.version


class QuestionForm(forms.ModelForm):
    domains = forms.MultipleChoiceField(
        label=_("levensdomein(en) van de vraag"), choices=LifeDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één levensdomein.")})

    class Meta:
        model = Question
        fields = ["school", "asked_on", "asked_by", "domains", "summary", "handled", "service"]
        widgets = {"asked_on": DateInput(), "asked_by": forms.RadioSelect,
                   "handled": forms.RadioSelect}

    def __init__(self, *args, network_id: int, schools, find: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if len(schools) == 1:
            self.fields["school"].widget = forms.HiddenInput()
        # Radio buttons without the empty "---------" choice.
        self.fields["asked_by"].choices = AskedBy.choices
        self.fields["handled"].choices = Handled.choices
        offer_services(self, network_id, find)
        self.fields["asked_on"].initial = timezone.localdate()


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["given_on", "topic", "audience", "participants"]
        widgets = {"given_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()
