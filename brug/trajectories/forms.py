from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.core import multivalue
from brug.core.categories import SHAREABLE_CATEGORIES, Category
from brug.core.forms import DateInput, VersionField
from brug.network.models import Organisation, OrganisationKind, Worker
from brug.trajectories.models import (
    MAX_MINUTES,
    CaseConference,
    ClosingReason,
    Contact,
    ContactKind,
    Goal,
    Programme,
    Trajectory,
)
from brug.trajectories.services import (
    validate_contact_date,
    validate_contact_values,
    validate_goal_target_date,
)

SHAREABLE_VALUES = frozenset(c.value for c in SHAREABLE_CATEGORIES)


class UnreadableVersionIsStale:
    """A version that is missing or not a number (a tampered or truncated form) counts as
    stale: the view then says so above the form, with what is saved now, instead of an error
    on a hidden field that nobody sees."""

    def clean(self):
        data = super().clean()
        if "version" in self.errors:
            del self.errors["version"]
            data["version"] = None
        return data


def _network_workers(network_id):
    return Worker.objects.filter(organisation__network_id=network_id, active=True) \
        .select_related("organisation")


class TrajectoryOpenForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("programma"), queryset=Programme.objects.none())
    started_on = forms.DateField(label=_("start"), widget=DateInput())
    responsible = forms.ModelChoiceField(label=_("vaste contactpersoon in dit traject"),
                                         queryset=Worker.objects.none())
    involved = forms.ModelMultipleChoiceField(
        label=_("andere betrokken medewerkers en vrijwilligers"), required=False,
        queryset=Worker.objects.none(), widget=forms.CheckboxSelectMultiple)
    referrer = forms.ModelChoiceField(label=_("aangemeld door"), required=False,
                                      queryset=Organisation.objects.none(),
                                      empty_label=_("niemand: het gezin kwam zelf of via outreach"))
    monthly_income = forms.DecimalField(
        label=_("beschikbaar maandinkomen van het gezin (euro)"), required=False, min_value=0,
        max_digits=9, decimal_places=2,
        help_text=_("Alleen nodig voor programma's met een inkomensgrens. Het bedrag wordt niet "
                    "bewaard, alleen of het onder de Europese armoedegrens ligt."))
    override_reason = forms.CharField(
        label=_("reden om af te wijken van de regels"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alleen als een regel van het programma niet klopt voor dit gezin. De "
                    "coördinatoren van het netwerk lezen dit en beslissen: schrijf zonder "
                    "namen."))

    def __init__(self, *args, family, actor, **kwargs):
        super().__init__(*args, **kwargs)
        network_id = family.organisation.network_id
        self.fields["programme"].queryset = Programme.objects.filter(network_id=network_id,
                                                                     active=True)
        self.fields["started_on"].initial = timezone.localdate()
        self.fields["responsible"].queryset = Worker.objects.filter(
            organisation_id=family.organisation_id, active=True)
        self.fields["responsible"].initial = family.contact_worker_id or actor.pk
        self.fields["involved"].queryset = _network_workers(network_id)
        self.fields["referrer"].queryset = Organisation.objects.filter(network_id=network_id,
                                                                       active=True)

    def clean_started_on(self):
        value = self.cleaned_data["started_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("De startdatum ligt in de toekomst."))
        return value


class OverrideDecisionForm(UnreadableVersionIsStale, forms.Form):
    version = VersionField(required=False)
    note = forms.CharField(label=_("toelichting (mag leeg blijven)"), max_length=300,
                           required=False)


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("waarom verlengen"), max_length=300)


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("afgesloten op"), widget=DateInput())
    reason = forms.ChoiceField(label=_("reden"), choices=ClosingReason.choices)
    note = forms.CharField(label=_("toelichting"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class ContactForm(forms.ModelForm):
    """Quick entry during or after a home visit: a few big fields. The kind and the minutes
    are never pre-filled: one tap on "bewaren" must not invent a 60-minute home visit."""

    minutes = forms.IntegerField(label=_("minuten"), error_messages={
        "required": _("Hoeveel minuten duurde het contact?")})

    class Meta:
        model = Contact
        fields = ["kind", "happened_on", "minutes", "trajectory", "note", "category",
                  "confidential"]
        widgets = {"happened_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, family, categories, trajectories, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["happened_on"].initial = timezone.localdate()
        self.fields["minutes"].widget.attrs.update(inputmode="numeric", min=0, max=MAX_MINUTES,
                                                   step=5)
        self.fields["category"].choices = [
            c for c in Category.choices if c[0] in categories and c[0] in SHAREABLE_VALUES]
        if Category.PLAN in categories:
            self.fields["category"].initial = Category.PLAN
        open_ones = [t for t in trajectories if t.is_open]
        self.fields["trajectory"].queryset = Trajectory.objects.filter(
            pk__in=[t.pk for t in trajectories])
        self.fields["trajectory"].required = False
        if len(open_ones) == 1:
            self.fields["trajectory"].initial = open_ones[0].pk
        self.fields["kind"].widget = forms.RadioSelect(choices=ContactKind.choices,
                                                       attrs={"class": "chips"})
        if not self.instance.pk:  # not the model's default: the worker chooses
            self.fields["kind"].initial = None
            self.initial.pop("kind", None)
            self.initial.pop("minutes", None)
        self.fields["kind"].error_messages["required"] = _("Wat voor contact was het?")

    def clean(self):
        data = super().clean()
        errors = {**validate_contact_date(self.family, data.get("happened_on"),
                                          excluding=self.instance.pk),
                  **validate_contact_values(data.get("happened_on"), data.get("minutes"))}
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class ContactCorrectForm(UnreadableVersionIsStale, ContactForm):
    """The same fields, filled in with what was saved, and the version it was read at."""

    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    @property
    def changed_fields(self) -> list[str]:
        return [f for f in self.changed_data if f != "version"]


class RemoveForm(UnreadableVersionIsStale, forms.Form):
    version = VersionField(required=False)


class GoalForm(UnreadableVersionIsStale, forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Goal
        fields = ["life_domain", "family_wording", "family_language", "worker_wording",
                  "who_does_what", "target_date", "status", "parent", "confidential"]
        widgets = {"target_date": DateInput(),
                   "family_wording": forms.Textarea(attrs={"rows": 2}),
                   "worker_wording": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, trajectory, visible=None, **kwargs):
        """`visible`: the goals this worker reads (a Q: the grant's history, policy rule 11)."""
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Goal.objects.filter(trajectory=trajectory,
                                                             parent__isnull=True)
        if visible is not None:
            self.fields["parent"].queryset = self.fields["parent"].queryset.filter(visible)
        self.fields["parent"].required = False
        self.fields["parent"].label = _("dit is een kleine stap van het doel")
        self.fields["family_wording"].error_messages["required"] = _(
            "Schrijf het doel zoals het gezin het zegt.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            del self.fields["parent"]

    def clean_target_date(self):
        value = self.cleaned_data.get("target_date")
        # A goal whose date has passed can still be edited; a new past date is refused.
        if "target_date" in self.changed_data or not self.instance.pk:
            for message in validate_goal_target_date(value).values():
                raise forms.ValidationError(message)
        return value


class ReviewForm(UnreadableVersionIsStale, forms.Form):
    version = VersionField(required=False)
    held_on = forms.DateField(label=_("gehouden op"), widget=DateInput())
    summary = forms.CharField(label=_("wat we samen bekeken"), widget=forms.Textarea(
        attrs={"rows": 4}), required=False)

    def __init__(self, *args, review, **kwargs):
        kwargs.setdefault("initial", {"version": review.version, "summary": review.summary,
                                      "held_on": review.held_on or timezone.localdate()})
        super().__init__(*args, **kwargs)


class ConferenceForm(UnreadableVersionIsStale, forms.ModelForm):
    """The conference itself; the parents' reaction has its own form (ParentsCommentForm)."""

    version = VersionField(required=False)

    class Meta:
        model = CaseConference
        fields = ["held_on", "attendees", "parents_present", "no_parents_reason", "minutes"]
        widgets = {"held_on": DateInput(), "attendees": forms.CheckboxSelectMultiple,
                   "minutes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, network_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["held_on"].required = True
        self.fields["held_on"].initial = self.instance.held_on or timezone.localdate()
        self.fields["attendees"].queryset = _network_workers(network_id)

    def clean(self):
        data = super().clean()
        if not data.get("parents_present") and not (data.get("no_parents_reason") or "").strip():
            self.add_error("no_parents_reason", _(
                "De ouders worden altijd uitgenodigd. Schrijf waarom dit overleg zonder hen was."))
        return data


class ParentsCommentForm(UnreadableVersionIsStale, forms.Form):
    """What the parents say about the minutes, in their own words."""

    version = VersionField()
    parents_comment = forms.CharField(
        label=_("reactie van de ouders"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Zoveel mogelijk in hun eigen woorden. Wat niet klopt, schrijf je hier; "
                    "het verslag zelf blijft zoals het was."),
        error_messages={"required": _(
            "Schrijf de reactie van de ouders, zoveel mogelijk in hun eigen woorden.")})

    def __init__(self, *args, conference, **kwargs):
        kwargs.setdefault("initial", {"version": conference.version,
                                      "parents_comment": conference.parents_comment})
        super().__init__(*args, **kwargs)


class ConferencePlanForm(forms.Form):
    due_by = forms.DateField(label=_("ten laatste op"), widget=DateInput())


class ProgrammeForm(UnreadableVersionIsStale, forms.ModelForm):
    version = VersionField(required=False)
    referrer_kind_choices = forms.MultipleChoiceField(
        label=_("wie mag aanmelden"), required=False, choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: elke organisatie mag een gezin aanmelden."))

    class Meta:
        model = Programme
        fields = ["name", "description", "youngest_max_age_months", "child_min_age_months",
                  "expected_child_counts", "requires_kansarm", "requires_income_below_poverty",
                  "duration_months", "review_every_months", "max_extensions", "extension_months",
                  "ends_at_youngest_age_months", "runs_until_youngest_age_months",
                  "caseload_cap", "case_conference_within_months",
                  "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referrer_kind_choices"].initial = self.instance.referrer_kind_list
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        # The name a family reads in its own language; empty shows the Dutch name.
        names = self.instance.names if isinstance(self.instance.names, dict) else {}
        for code, label in self.name_languages():
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("naam — %(language)s") % {"language": label}, required=False,
                max_length=100, initial=names.get(code, ""),
                widget=forms.TextInput(attrs={"lang": code, "dir": "auto"}))
        if self.name_languages():
            first = f"name_{self.name_languages()[0][0]}"
            self.fields[first].help_text = _(
                "Zo lezen gezinnen de naam in hun taal. Leeg: de Nederlandse naam.")

    @staticmethod
    def name_languages() -> list[tuple[str, str]]:
        return [(code, label) for code, label in settings.LANGUAGES
                if code != settings.LANGUAGE_CODE]

    def clean(self):
        data = super().clean()
        self.instance.names = {code: data[f"name_{code}"].strip()
                               for code, _label in self.name_languages()
                               if data.get(f"name_{code}", "").strip()}
        if data.get("max_extensions") and not data.get("extension_months"):
            self.add_error("extension_months", _("Hoe lang duurt een verlenging?"))
        kinds = data.get("referrer_kind_choices") or []
        self.instance.referrer_kinds = multivalue.join(kinds, OrganisationKind)
        return data

    @property
    def changed_fields(self) -> list[str]:
        changed = [f for f in self.changed_data if f not in ("version", "referrer_kind_choices")
                   and not f.startswith("name_")]
        if "referrer_kind_choices" in self.changed_data:
            changed.append("referrer_kinds")
        if any(f.startswith("name_") for f in self.changed_data):
            changed.append("names")
        return changed


