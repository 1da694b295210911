from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brug.appointments.models import MAX_MINUTES, Appointment, AppointmentKind
from brug.core.forms import DateInput, VersionField
from brug.network.models import Worker
from brug.trajectories.models import MAX_MINUTES as MAX_CONTACT_MINUTES


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class WorkerChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Worker) -> str:
        return f"{obj.display_name} ({obj.organisation.short_name})"


class AppointmentForm(forms.ModelForm):
    """Plan or change an appointment: a date, a start, a duration or an end, a place, who."""

    day = forms.DateField(label=gettext_lazy("datum"), widget=DateInput())
    start = forms.TimeField(label=gettext_lazy("begint om"), widget=TimeInput())
    duration = forms.IntegerField(label=gettext_lazy("duur (minuten)"), required=False,
                                 min_value=5, max_value=MAX_MINUTES)
    end = forms.TimeField(label=gettext_lazy("of: eindigt om"), required=False,
                          widget=TimeInput())
    workers = WorkerChoice(label=gettext_lazy("medewerkers"), queryset=Worker.objects.none(),
                           widget=forms.CheckboxSelectMultiple)
    version = VersionField(required=False)

    field_order = ["kind", "day", "start", "duration", "end", "place", "workers", "members",
                   "note"]

    class Meta:
        model = Appointment
        fields = ["kind", "place", "workers", "members", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2}),
                   "members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, workers, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget = forms.RadioSelect(choices=AppointmentKind.choices,
                                                       attrs={"class": "chips"})
        self.fields["workers"].queryset = workers
        self.fields["duration"].widget.attrs.update(inputmode="numeric", step=5)
        self.fields["place"].help_text = _(
            "Bv. \"thuis\", \"kantoor OCMW, lokaal 2\" of een telefoonnummer. Dit verschijnt in "
            "de agenda van wie het gezin erin toont.")
        self.fields["note"].help_text = _("Alleen voor medewerkers; nooit in de agenda of "
                                          "bij het gezin.")
        if members is None:  # the worker does not see the household
            del self.fields["members"]
        else:
            self.fields["members"].queryset = members
            self.fields["members"].label_from_instance = lambda m: m.first_name
        instance = self.instance
        if instance.pk:
            local = timezone.localtime(instance.starts_at)
            self.initial.update(day=local.date(), start=local.time().replace(second=0),
                                duration=instance.minutes, version=instance.version)

    def clean(self):
        data = super().clean()
        day, start = data.get("day"), data.get("start")
        minutes, end = data.get("duration"), data.get("end")
        if day is None or start is None:
            return data
        starts_at = timezone.make_aware(datetime.combine(day, start))
        if minutes is None and end is not None:
            ends_at = timezone.make_aware(datetime.combine(day, end))
            if ends_at <= starts_at:
                self.add_error("end", _("Het einde ligt voor het begin."))
                return data
            minutes = int((ends_at - starts_at) / timedelta(minutes=1))
            if minutes > MAX_MINUTES:
                self.add_error("end", _("Een afspraak duurt hoogstens 12 uur."))
                return data
        if minutes is None:
            self.add_error("duration", _("Geef de duur of het einduur."))
            return data
        if not self.instance.pk and starts_at < timezone.now() - timedelta(days=1):
            self.add_error("day", _("Deze datum ligt in het verleden. Plan een afspraak die "
                                    "nog moet komen; een contact dat gebeurd is noteer je "
                                    "als contact."))
        elif starts_at < timezone.now() - timedelta(days=366):
            # A change may move an appointment back (it took place a day earlier), not years.
            self.add_error("day", _("Deze datum ligt te ver in het verleden: een afspraak "
                                    "verplaats je hoogstens een jaar terug."))
        if starts_at > timezone.now() + timedelta(days=366):
            self.add_error("day", _("Plan hoogstens een jaar vooruit."))
        data["starts_at"], data["minutes"] = starts_at, minutes
        return data

    def save(self, commit=False):
        appointment = super().save(commit=False)
        appointment.starts_at = self.cleaned_data["starts_at"]
        appointment.minutes = self.cleaned_data["minutes"]
        return appointment


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("waarom gaat de afspraak niet door?"),
                             max_length=300)
    version = VersionField()


class LogContactForm(forms.Form):
    """The one tap: the appointment happened. The minutes start at the planned duration;
    the worker changes them when the visit took longer or shorter."""

    minutes = forms.IntegerField(label=gettext_lazy("minuten"), min_value=0,
                                 max_value=MAX_CONTACT_MINUTES)
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].widget.attrs.update(inputmode="numeric", step=5)


class FeedForm(forms.Form):
    show_families = forms.BooleanField(
        required=False, label=gettext_lazy("gezinsnaam en plaats in mijn agenda tonen"),
        help_text=gettext_lazy("Je telefoon en de dienst achter je agenda krijgen dan de naam "
                               "van het gezin (of een neutraal label als je de naam niet mag "
                               "zien) en de plaats. Nooit notities of andere gegevens."))
