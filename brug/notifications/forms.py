from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from brug.notifications.models import EmailChoice


class SettingsForm(forms.Form):
    email = forms.ChoiceField(
        label=_("E-mail over nieuwe meldingen"), choices=EmailChoice.choices,
        widget=forms.RadioSelect,
        help_text=_("De e-mail zegt alleen hoeveel nieuwe meldingen er zijn, nooit over welk "
                    "gezin. Zonder e-mailadres in Brug krijg je geen e-mail."))
    language = forms.ChoiceField(
        label=_("Taal van de e-mails"), choices=(), widget=forms.RadioSelect, required=False,
        help_text=_("Brug zelf toont ook deze taal op dit toestel."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each language by its own name (settings.LANGUAGES), only those of the worker pages.
        self.fields["language"].choices = [
            (code, name) for code, name in settings.LANGUAGES if code in settings.WORKER_LANGUAGES]
