from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from brug.core.forms import VersionField
from brug.core.validators import validate_postcode
from brug.network.models import Organisation, Role, Worker


class OrganisationForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "postcode",
            "municipality",
            "phone",
            "email",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postcode"].validators.append(validate_postcode)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class WorkerForm(forms.ModelForm):
    """A worker and their login. No password: a new worker sets it through an e-mailed link."""

    version = VersionField(required=False)
    role_choices = forms.MultipleChoiceField(
        label=_("rollen"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één rol.")},
    )
    username = forms.CharField(label=_("gebruikersnaam"), max_length=150)
    email = forms.EmailField(
        label=_("e-mail"),
        max_length=254,
        help_text=_("Hierheen stuurt Brug de link om een wachtwoord in te stellen."),
        error_messages={
            "required": _(
                "Vul het e-mailadres van de medewerker in: daar komt de link om een "
                "wachtwoord in te stellen."
            ),
        },
    )

    class Meta:
        model = Worker
        fields = ["display_name", "organisation", "role_choices", "phone", "active"]

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(network=network)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["role_choices"].initial = self.instance.role_list
            self.fields["username"].initial = self.instance.user.username
            self.fields["email"].initial = self.instance.user.email

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        users = get_user_model().objects.filter(username__iexact=username)
        if self.instance.pk:
            users = users.exclude(pk=self.instance.user_id)
        if users.exists():
            raise forms.ValidationError(_("Deze gebruikersnaam bestaat al."))
        return username

    def clean(self):
        data = super().clean()
        if "role_choices" in data:
            self.instance.roles = Worker.join_roles(data["role_choices"])
        return data
