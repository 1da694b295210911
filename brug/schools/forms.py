from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.core.domains import LifeDomain
from brug.core.forms import DateInput, VersionField
from brug.directory.models import Service
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

SHOWN_SERVICES = 100
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
        services = Service.objects.filter(network_id=network_id).select_related("provider")
        field = self.fields["service"]
        field.queryset = services
        field.required = False
        field.label_from_instance = lambda s: f"{s.name} — {s.provider.name}"
        field.help_text = _("Alleen bij een doorverwijzing. Zoek hierboven op naam.")
        # Any service of the network is accepted; the list offers at most SHOWN_SERVICES,
        # narrowed by the search box, plus the one already chosen (as on the walk-in page).
        shown = services.filter(Q(name__icontains=find) | Q(provider__name__icontains=find)) \
            if find else services
        rows = list(shown.order_by("name")[:SHOWN_SERVICES + 1])
        chosen = str((self["service"].value() if self.is_bound
                      else self.initial.get("service")) or "")
        if chosen.isdecimal() and len(chosen) < 16 and all(str(r.pk) != chosen for r in rows):
            rows += list(services.filter(pk=int(chosen)))
        self.more_services = len(rows) > SHOWN_SERVICES
        field.widget.choices = [("", field.empty_label)] + [
            (r.pk, field.label_from_instance(r)) for r in rows[:SHOWN_SERVICES]]
        self.fields["asked_on"].initial = timezone.localdate()


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["given_on", "topic", "audience", "participants"]
        widgets = {"given_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()
