from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from brug.documents import filetypes


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=120, required=False,
                            help_text=_("Bijvoorbeeld: brief van het OCMW. Leeg: de naam van "
                                        "het bestand."))
    category = forms.ChoiceField(label=_("Informatiecategorie"),
                                 help_text=_("Wie deze categorie van het gezin mag zien, ziet "
                                             "ook dit document."))
    file = forms.FileField(
        label=_("Bestand"), allow_empty_file=True,
        help_text=_("Een PDF, een foto (JPEG of PNG) of een document (docx, xlsx, odt)."),
        error_messages={"required": _("Kies een bestand."),
                        "invalid": _("Dit bestand kon niet gelezen worden. Probeer opnieuw.")},
        widget=forms.ClearableFileInput(attrs={"accept": filetypes.ACCEPT}))

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.value, c.label) for c in categories]
        if len(categories) == 1:
            self.fields["category"].initial = categories[0].value
