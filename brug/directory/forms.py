from __future__ import annotations

import functools
import re

from django import forms
from django.db import models
from django.forms import inlineformset_factory, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.access import policy
from brug.core import multivalue
from brug.core.domains import LevenswebDomain
from brug.core.forms import DateInput, VersionField
from brug.core.validators import validate_postcode
from brug.directory.models import (
    AccessDimension,
    AccessibilityReport,
    Contact,
    Location,
    Phone,
    Provider,
    Schedule,
    Service,
)
from brug.network.models import Organisation

MAX_IMPORT_BYTES = 50 * 1024 * 1024


class SearchForm(forms.Form):
    q = forms.CharField(label=_("zoek"), required=False, max_length=200,
                        widget=forms.SearchInput(attrs={"placeholder": _("bv. huurwaarborg")}))
    domain = forms.ChoiceField(label=_("levensdomein"), required=False,
                               choices=[("", _("alle levensdomeinen"))] + LevenswebDomain.choices)
    postcode = forms.CharField(label=_("postcode"), required=False, max_length=4,
                               widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    wijk = forms.ChoiceField(label=_("wijk"), required=False, choices=[])
    taal = forms.CharField(label=_("taal"), required=False, max_length=50)

    def __init__(self, *args, neighbourhoods=tuple, **kwargs):
        """`neighbourhoods`: a callable giving the network's neighbourhoods, asked only when
        the choices are needed (a chosen wijk is checked, or the form is rendered)."""
        super().__init__(*args, **kwargs)

        @functools.cache
        def choices():
            return [("", _("alle wijken"))] + [(n, n) for n in neighbourhoods()]
        self.fields["wijk"].choices = choices

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if value and not (value.isascii() and value.isdigit() and len(value) == 4):
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


# ---------------------------------------------------------------- editing a service

def _https_urls(db_field, **kwargs):
    """A web address typed without a scheme is taken to be https://."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ServiceForm(forms.ModelForm):
    """A service's own fields, its provider (existing or new), life domains and languages."""

    version = VersionField(required=False)
    new_provider_name = forms.CharField(
        label=_("Of een nieuwe aanbieder"), required=False, max_length=200,
        help_text=_("Alleen als de aanbieder nog niet in de lijst staat."))
    new_provider_organisation = forms.ModelChoiceField(
        label=_("De nieuwe aanbieder is deze organisatie van het netwerk"), required=False,
        queryset=Organisation.objects.none(),
        help_text=_("Leeg voor een aanbieder buiten Brug; naar die kan je niet doorverwijzen."))
    domain_choices = forms.MultipleChoiceField(
        label=_("Levensdomeinen (levensweb)"), required=False, choices=LevenswebDomain.choices,
        widget=forms.CheckboxSelectMultiple)
    language_names = forms.CharField(
        label=_("Talen"), required=False, max_length=500,
        help_text=_("Gescheiden door komma's, bijvoorbeeld: Nederlands, Frans, Arabisch."))

    field_order = ["version", "name", "provider", "new_provider_name",
                   "new_provider_organisation", "programme", "status", "description",
                   "eligibility_description", "minimum_age", "maximum_age", "fees_description",
                   "application_process", "domain_choices", "language_names",
                   "interpretation_services", "url", "email", "alternate_name"]

    class Meta:
        model = Service
        formfield_callback = _https_urls
        fields = ["name", "alternate_name", "provider", "programme", "status", "description",
                  "eligibility_description", "minimum_age", "maximum_age", "fees_description",
                  "application_process", "interpretation_services", "url", "email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "eligibility_description": forms.Textarea(attrs={"rows": 2}),
                   "application_process": forms.Textarea(attrs={"rows": 2}),
                   "minimum_age": forms.NumberInput(attrs={"inputmode": "numeric"}),
                   "maximum_age": forms.NumberInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        from brug.trajectories.models import Programme

        network_id = actor.organisation.network_id
        self.fields["name"].error_messages["required"] = _("Geef de naam van de dienst.")
        providers = Provider.objects.filter(network_id=network_id)
        if policy.can_manage_network(actor):
            self.fields["new_provider_organisation"].queryset = Organisation.objects.filter(
                network_id=network_id, active=True)
            self.fields["programme"].queryset = Programme.objects.filter(network_id=network_id)
            self.fields["programme"].help_text = _(
                "Is deze dienst de instap in een programma? Dan bepaalt het programma wie "
                "mag doorverwijzen.")
        else:
            # Workers edit the services of their own organisation; the programme link decides
            # who may refer, so it stays with the coordinators.
            providers = providers.filter(organisation_id=actor.organisation_id)
            del self.fields["new_provider_organisation"]
            del self.fields["programme"]
            if not self.instance.pk and not providers.exists():
                self.fields["new_provider_name"].initial = actor.organisation.name
        self.fields["provider"].queryset = providers
        self.fields["provider"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["domain_choices"].initial = self.instance.life_domain_list
            self.fields["language_names"].initial = ", ".join(
                lang.name for lang in self.instance.languages.all())

    def _get_validation_exclusions(self):
        # A new provider is made by the service layer; the model must not demand one here.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("provider")
        return exclusions

    def clean(self):
        data = super().clean()
        provider, new_name = data.get("provider"), (data.get("new_provider_name") or "").strip()
        if provider and new_name:
            self.add_error("new_provider_name", _(
                "Kies een aanbieder uit de lijst óf geef een nieuwe naam, niet allebei."))
        elif not provider and not new_name and "provider" not in self.errors:
            self.add_error("provider", _(
                "Kies de aanbieder, of geef de naam van een nieuwe aanbieder."))
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _(
                "De maximumleeftijd is kleiner dan de minimumleeftijd."))
        self.instance.life_domains = multivalue.join(data.get("domain_choices") or [],
                                                     LevenswebDomain)
        return data

    def languages(self) -> list[str]:
        names, seen = [], set()
        for raw in re.split(r"[,;]", self.cleaned_data.get("language_names") or ""):
            name = raw.strip()[:100]
            if name and name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
        return names

    def new_provider(self) -> Provider | None:
        name = (self.cleaned_data.get("new_provider_name") or "").strip()
        if not name:
            return None
        return Provider(name=name, organisation=self.cleaned_data.get("new_provider_organisation"))


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = ["name", "address_1", "postal_code", "city", "neighbourhood", "transportation"]
        labels = {"name": _("Naam van de plaats")}
        widgets = {"transportation": forms.Textarea(attrs={"rows": 2}),
                   "postal_code": forms.TextInput(attrs={"inputmode": "numeric",
                                                         "autocomplete": "postal-code"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postal_code"].validators.append(validate_postcode)
        self.fields["name"].error_messages["required"] = _(
            "Geef de plaats een naam, bijvoorbeeld ‘Loket Centrum’.")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = Schedule
        fields = ["weekday", "opens_at", "closes_at", "description"]
        widgets = {"opens_at": TimeInput(), "closes_at": TimeInput()}

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Het sluitingsuur ligt niet na het openingsuur."))
        return data


class PhoneForm(forms.ModelForm):
    class Meta:
        model = Phone
        fields = ["number", "type", "description"]
        widgets = {"number": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})}
        help_texts = {"type": _("bv. algemeen nummer, gsm, fax")}

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        digits = [c for c in number if c.isdigit()]
        if number and (len(digits) < 6 or any(not (c.isdigit() or c in " +-./()") for c in number)):
            raise forms.ValidationError(_("Dit is geen telefoonnummer: gebruik cijfers, spaties "
                                          "en eventueel + / . -"))
        return number


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "email"]

    def clean(self):
        data = super().clean()
        if self.has_changed() and not (data.get("name") or data.get("email")) \
                and not data.get("DELETE"):
            raise forms.ValidationError(_("Geef een naam of een e-mailadres."))
        return data


LocationFormSet = modelformset_factory(Location, form=LocationForm, extra=1, can_delete=True)
PhoneFormSet = inlineformset_factory(Service, Phone, form=PhoneForm, fk_name="service", extra=1,
                                     can_delete=True)
ContactFormSet = inlineformset_factory(Service, Contact, form=ContactForm, extra=1,
                                       can_delete=True)
ScheduleFormSet = inlineformset_factory(Service, Schedule, form=ScheduleForm, extra=2,
                                        can_delete=True)


class ExportForm(forms.Form):
    FORMATS = [("json", _("HSDS-tabellen als JSON (één lijst per tabel)")),
               ("csv", _("HSDS-tabellen als CSV-bestanden in een zip")),
               ("genest", _("HSDS genest JSON: één object per dienst, met aanbieder, plaatsen, "
                            "uren, talen en telefoons erin"))]
    formaat = forms.ChoiceField(label=_("formaat"), choices=FORMATS, initial="json",
                                widget=forms.RadioSelect)


# A service picked on a form elsewhere (walk-in visit, school question): any service of the
# network is accepted, but the list offers at most this many, narrowed by a search box.
SHOWN_SERVICES = 100


def offer_services(form, network_id: int, find: str = "", name: str = "service") -> None:
    """Fill the optional service field `name` of `form`: the network's services matching
    `find` (at most SHOWN_SERVICES, plus the one already chosen); `form.more_services` says
    whether the search box should narrow the list further."""
    services = Service.objects.filter(network_id=network_id).select_related("provider")
    field = form.fields[name]
    field.queryset = services
    field.required = False
    field.label_from_instance = lambda s: f"{s.name} — {s.provider.name}"
    field.help_text = _("Alleen bij een doorverwijzing. Zoek hierboven op naam.")
    shown = services.filter(models.Q(name__icontains=find)
                            | models.Q(provider__name__icontains=find)) if find else services
    rows = list(shown.order_by("name")[:SHOWN_SERVICES + 1])
    chosen = str((form[name].value() if form.is_bound else form.initial.get(name)) or "")
    if chosen.isdecimal() and len(chosen) < 16 and all(str(r.pk) != chosen for r in rows):
        rows += list(services.filter(pk=int(chosen)))
    form.more_services = len(rows) > SHOWN_SERVICES
    field.widget.choices = [("", field.empty_label)] + [
        (r.pk, field.label_from_instance(r)) for r in rows[:SHOWN_SERVICES]]
