"""Form helpers shared by all apps."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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


def _shown(record, name: str, value) -> str:
    """A saved value as a person reads it."""
    from django.utils.formats import date_format

    display = getattr(record, f"get_{name}_display", None)
    if callable(display):
        return str(display())
    if value is None or value == "":
        return str(_("(leeg)"))
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if isinstance(value, date):
        return date_format(value, "j F Y")
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def show_stale_edit(form, exc, current=None) -> None:
    """After a `StaleEdit`: keep what the worker typed, say what is saved now, and take the
    saved version, so that saving again, after reading, goes through on purpose.

    `current` is the record as saved now (by default the form's instance, read again).
    """
    if current is None:
        instance = getattr(form, "instance", None)
        if instance is not None and instance.pk is not None:
            current = type(instance)._default_manager.filter(pk=instance.pk).first()
    message = str(exc.message)
    if current is not None:
        cleaned = getattr(form, "cleaned_data", {})
        changes = []
        for name, field in form.fields.items():
            if name == "version" or name not in cleaned:
                continue
            try:
                saved = getattr(current, name)
            except (AttributeError, ValueError):
                continue
            if hasattr(saved, "all"):  # a many-to-many manager: not compared here
                continue
            if saved != cleaned[name]:
                changes.append(f"{field.label}: {_shown(current, name, saved)}")
        if changes:
            message += " " + _("Nu bewaard — %(changes)s.") % {"changes": "; ".join(changes)}
        if "version" in form.fields and hasattr(current, "version"):
            data = form.data.copy()
            data[form.add_prefix("version")] = str(current.version)
            form.data = data
    form.add_error(None, message)
