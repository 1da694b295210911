"""Form helpers shared by all apps."""

import html

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PlainSelect(forms.Select):
    """A select whose options are written in Python instead of one template render each:
    the same HTML as Django's select, for lists of hundreds of options (filters). Flat
    choices only (no option groups). `options`, when set, is a plain list of (value, label)
    used as is: a field's `choices` are normalised on every assignment, which costs as much
    as the rendering for a list of hundreds."""

    options: list | None = None

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        # html.escape is what Django's escape does, without its lazy-string wrapper per call.
        options = "".join(
            f'<option value="{html.escape(str(key))}"'
            f'{" selected" if str(key) in chosen else ""}>{html.escape(str(label))}</option>'
            for key, label in (self.choices if self.options is None else self.options))
        return format_html('<select name="{}"{}>{}</select>', name,
                           flatatt(self.build_attrs(self.attrs, attrs)), mark_safe(options))


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
