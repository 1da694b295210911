from django import forms
from django.utils.translation import gettext_lazy as _

from brug.notifications.models import EmailChoice


class SettingsForm(forms.Form):
    email = forms.ChoiceField(
        label=_("E-mail over nieuwe meldingen"), choices=EmailChoice.choices,
        widget=forms.RadioSelect,
        help_text=_("De e-mail zegt alleen hoeveel nieuwe meldingen er zijn, nooit over welk "
                    "gezin. Zonder e-mailadres in Brug krijg je geen e-mail."))
