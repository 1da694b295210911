"""A service's refusal lands on the form, also when it names a field the form does not have."""

from django import forms
from django.core.exceptions import ValidationError

from brug.core.forms import add_service_error


class _Form(forms.Form):
    description = forms.CharField()


def test_errors_go_under_known_fields_and_above_the_form_otherwise():
    form = _Form({"description": "iets"})
    assert form.is_valid()
    add_service_error(form, ValidationError({"dimensions": "Kies minstens één B.",
                                             "description": "Te kort."}))
    assert form.errors["description"] == ["Te kort."]
    assert form.non_field_errors() == ["Kies minstens één B."]


def test_a_plain_message_goes_above_the_form():
    form = _Form({"description": "iets"})
    form.is_valid()
    add_service_error(form, ValidationError("Dit kan niet."))
    assert form.non_field_errors() == ["Dit kan niet."]
