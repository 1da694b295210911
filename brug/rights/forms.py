"""Small forms: one answer to one engine question, and a claim status change."""

from __future__ import annotations

import math
import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.rights.engine.vocabulary import FACTS, SCHOOL_LEVELS
from brug.rights.models import MEMBER_PREFIX, RECEIVED_PREFIX, ClaimStatus

YES_NO = [("ja", _("ja")), ("nee", _("nee")), ("", _("weet ik niet"))]


def fact_type(key: str) -> tuple[str, dict]:
    """(type, choices) of a storage key."""
    if key.startswith(RECEIVED_PREFIX):
        return "bool", {}
    if key.startswith(MEMBER_PREFIX):
        name = key.rsplit(":", 1)[-1]
        return ("enum", dict(SCHOOL_LEVELS)) if name == "school_level" else ("bool", {})
    fact = FACTS.get(key)
    if fact is None:
        return "text", {}
    return fact.type, dict(fact.choices)


def parse_number(raw: str) -> float | None:
    text = raw.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):  # "NaN", "Infinity" and "1e999" parse as floats
        raise forms.ValidationError(_("Geef een getal, bijvoorbeeld 18500."))
    return int(value) if value.is_integer() else value


class AnswerForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)

    def __init__(self, *args, key: str, label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fact_key = key
        self.fields["key"].initial = key
        kind, choices = fact_type(key)
        self.kind = kind
        label = label or _("Antwoord")
        if kind == "bool":
            field = forms.ChoiceField(label=label, choices=YES_NO, required=False,
                                      widget=forms.RadioSelect)
        elif kind == "enum":
            field = forms.ChoiceField(label=label, required=False,
                                      choices=[("", _("weet ik niet"))] + list(choices.items()))
        elif kind == "date":
            field = forms.DateField(label=label, required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
        elif kind == "number":
            field = forms.CharField(label=label, required=False, max_length=30,
                                    widget=forms.TextInput(attrs={"inputmode": "decimal"}))
        else:
            field = forms.CharField(label=label, required=False, max_length=100)
        self.fields["value"] = field

    def clean_value(self):
        raw = self.cleaned_data.get("value")
        if self.kind == "bool":
            return {"ja": True, "nee": False}.get(raw)
        if self.kind == "number":
            return parse_number(raw or "")
        if self.kind == "date":
            return raw.isoformat() if isinstance(raw, date) else None
        return (raw or "").strip() or None


class ClaimForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe stand"), choices=())
    happened_on = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Notitie"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, next_statuses, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, ClaimStatus(s).label) for s in next_statuses]
        self.fields["happened_on"].initial = timezone.localdate()
        self.fields["version"].initial = version


class ScreeningUploadForm(forms.Form):
    """A population to screen: one household per row (docs/rights-engine.md)."""

    file = forms.FileField(
        label=_("Bestand (CSV of Excel)"),
        help_text=_("Eén gezin per rij, met de kolom household_id. Hoogstens 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        from brug.rights.screening import MAX_UPLOAD_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Kies een bestand dat eindigt op .csv of .xlsx."))
        return upload


class ScreeningCaseloadForm(forms.Form):
    """The families of one worker of the coordinator's network."""

    worker = forms.ModelChoiceField(queryset=None, label=_("Medewerker"),
                                    empty_label=_("Kies een medewerker"))

    def __init__(self, *args, coordinator, **kwargs):
        super().__init__(*args, **kwargs)
        from brug.network.models import Worker

        self.fields["worker"].queryset = (
            Worker.objects.filter(active=True,
                                  organisation__network_id=coordinator.organisation.network_id)
            .order_by("display_name", "pk"))
