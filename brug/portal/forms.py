from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from brug.portal import codes
from brug.portal.models import MessageKind


class SignInForm(forms.Form):
    login_name = forms.CharField(label=_("Je naam in Brug"), max_length=150,
                                 widget=forms.TextInput(attrs={
                                     "autocomplete": "username", "autocapitalize": "none"}))
    secret = forms.CharField(label=_("PIN of wachtwoord"), max_length=128, strip=False,
                             widget=forms.PasswordInput(attrs={
                                 "autocomplete": "current-password"}))


class ActivationForm(forms.Form):
    login_name = forms.CharField(label=_("Je naam in Brug"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocapitalize": "none"}))
    code = forms.CharField(label=_("Code van je begeleider"), max_length=40,
                           widget=forms.TextInput(attrs={"autocapitalize": "characters",
                                                         "autocomplete": "one-time-code"}))
    secret = forms.CharField(
        label=_("Kies een PIN (minstens 6 cijfers) of een wachtwoord"), max_length=128,
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    secret_again = forms.CharField(label=_("Nog eens hetzelfde"), max_length=128, strip=False,
                                   widget=forms.PasswordInput(attrs={
                                       "autocomplete": "new-password"}))

    def clean_secret(self):
        secret = self.cleaned_data["secret"]
        if secret.isdigit() and secret.isascii():
            problem = codes.pin_problem(secret)
            if problem == "short":
                raise forms.ValidationError(_("Een PIN heeft minstens 6 cijfers."))
            if problem:
                raise forms.ValidationError(_(
                    "Deze PIN is te makkelijk te raden. Kies 6 cijfers die niet op elkaar "
                    "volgen en niet allemaal gelijk zijn."))
        else:
            validate_password(secret)
        return secret

    def clean(self):
        data = super().clean()
        if data.get("secret") and data.get("secret") != data.get("secret_again"):
            self.add_error("secret_again", _("De twee keer zijn niet gelijk. Typ ze opnieuw."))
        return data


class MessageForm(forms.Form):
    kind = forms.ChoiceField(
        # A question needs no colon after it; Django leaves it off after "?" but not after
        # the Arabic "؟".
        label=_("Wat wil je sturen?"), label_suffix="", widget=forms.RadioSelect,
        choices=[(MessageKind.MESSAGE, _("Een bericht")),
                 (MessageKind.CORRECTION, _("Iets klopt niet in mijn gegevens"))],
        initial=MessageKind.MESSAGE)
    text = forms.CharField(label=_("Je bericht"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 5}))


class ConfirmForm(forms.Form):
    """A confirmation page posts this: nothing to fill in."""
