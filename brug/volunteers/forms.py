from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.core import multivalue
from brug.core.categories import SHAREABLE_CATEGORIES, Category
from brug.core.forms import DateInput, VersionField
from brug.core.roles import Role
from brug.families.models import Member, MemberRole
from brug.network.models import Worker
from brug.volunteers.models import (
    HELP_CHOICES,
    SLOT_CHOICES,
    EndReason,
    Match,
    VisitLog,
    VolunteerMeeting,
    VolunteerProfile,
    VolunteerRequest,
)

HELP_CODES = [c for c, _l in HELP_CHOICES]
SLOT_CODES = [c for c, _l in SLOT_CHOICES]


class _MultiCodes(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class RequestForm(forms.ModelForm):
    help_choice = _MultiCodes(label=_("soort hulp"), choices=HELP_CHOICES,
                              error_messages={"required": _("Kies minstens één soort hulp.")})
    time_choice = _MultiCodes(label=_("wanneer het gezin kan"), choices=SLOT_CHOICES,
                              required=False)
    version = VersionField(required=False)

    class Meta:
        model = VolunteerRequest
        fields = ["help_choice", "description", "languages", "municipality", "neighbourhood",
                  "time_choice"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["help_choice"].initial = multivalue.split(self.instance.help_kinds)
            self.fields["time_choice"].initial = multivalue.split(self.instance.times)
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        self.instance.help_kinds = multivalue.join(data.get("help_choice", []), HELP_CODES)
        self.instance.times = multivalue.join(data.get("time_choice", []), SLOT_CODES)
        return data


class ProfileForm(forms.ModelForm):
    skill_choice = _MultiCodes(label=_("helpt graag met"), choices=HELP_CHOICES, required=False)
    slot_choice = _MultiCodes(label=_("vrij op"), choices=SLOT_CHOICES, required=False)
    version = VersionField(required=False)

    class Meta:
        model = VolunteerProfile
        fields = ["skill_choice", "languages", "municipality", "neighbourhoods", "slot_choice",
                  "experience_years", "experience", "max_families", "active"]
        widgets = {"experience": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill_choice"].initial = multivalue.split(self.instance.skills)
        self.fields["slot_choice"].initial = multivalue.split(self.instance.availability)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        self.instance.skills = multivalue.join(data.get("skill_choice", []), HELP_CODES)
        self.instance.availability = multivalue.join(data.get("slot_choice", []), SLOT_CODES)
        return data


class MatchForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("vrijwilliger"), queryset=Worker.objects.none())
    coordinator = forms.ModelChoiceField(label=_("wie volgt de match op (krijgt de zorgen)"),
                                         queryset=Worker.objects.none())
    categories = forms.MultipleChoiceField(
        label=_("wat de vrijwilliger mag zien"),
        choices=[(c.value, c.label) for c in SHAREABLE_CATEGORIES],
        initial=[Category.IDENTITY, Category.CONTACT, Category.PLAN],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één soort informatie.")})
    consent_given_by = forms.ModelChoiceField(
        label=_("het gezin gaf daarvoor toestemming — gegeven door"),
        queryset=Member.objects.none(), required=False,
        help_text=_("Leeg laten kan alleen als een toestemming voor deze organisatie al loopt."))

    def __init__(self, *args, family, volunteers, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers
        self.fields["coordinator"].queryset = Worker.objects.filter(
            active=True, organisation__network_id=family.organisation.network_id,
        ).filter(multivalue.holds("roles", Role.COORDINATOR)
                 | multivalue.holds("roles", Role.SUPPORTER)
                 | multivalue.holds("roles", Role.EXPERIENCE_EXPERT)).select_related("organisation")
        self.fields["coordinator"].initial = actor.pk
        self.fields["consent_given_by"].queryset = Member.objects.filter(
            family=family, role__in=[MemberRole.PARENT, MemberRole.OTHER_ADULT])


class MatchEndForm(forms.Form):
    ended_on = forms.DateField(label=_("einde"), widget=DateInput())
    end_reason = forms.ChoiceField(label=_("reden"), choices=[("", "---"), *EndReason.choices],
                                   error_messages={"required": _("Kies een reden.")})
    end_note = forms.CharField(label=_("toelichting (mag leeg blijven)"), max_length=300,
                               required=False)
    version = VersionField()

    def __init__(self, *args, match: Match, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()
        self.fields["version"].initial = match.version


class VisitForm(forms.ModelForm):
    class Meta:
        model = VisitLog
        fields = ["visited_on", "minutes", "what_done", "concern"]
        widgets = {"visited_on": DateInput(), "what_done": forms.Textarea(attrs={"rows": 3}),
                   "concern": forms.Textarea(attrs={"rows": 2}),
                   "minutes": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()
        self.fields["minutes"].error_messages["max_value"] = _(
            "Een bezoek duurt hoogstens 1440 minuten (een dag).")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = VolunteerMeeting
        fields = ["organisation", "held_on", "topic", "attendees"]
        widgets = {"held_on": DateInput(), "attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, network_id, **kwargs):
        super().__init__(*args, **kwargs)
        from brug.network.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(
            network_id=network_id, active=True)
        self.fields["attendees"].queryset = Worker.objects.filter(
            active=True, organisation__network_id=network_id).filter(
            multivalue.holds("roles", Role.VOLUNTEER))
        self.fields["held_on"].initial = timezone.localdate()
