"""Form helpers shared by all apps."""

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VersionField(forms.IntegerField):
    """The version the form was rendered with, for the optimistic lock."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


def add_service_error(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: under the field it names when the form has that
    field, above the form otherwise (a service may name a model field the form calls
    differently), so a refusal never turns into a crash."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
