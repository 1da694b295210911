"""Form helpers shared by all apps."""

import functools
import html
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext as _

# Forms drawn on every page of a busy list (search, filters). Django draws a field group with
# four templates and a select with two more per option, which made such a form a good part of
# the page's time; these write the same HTML in Python (tests compare it with Django's).

def _attrs_html(attrs: dict):
    """As django/forms/widgets/attrs.html: in order, True as a bare name, False left out."""
    return format_html_join("", "{}", (
        (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
        for name, value in attrs.items() if value is not False))


class QuickTextInput(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html('<input type="{}" name="{}"{}{}>', widget["type"], name, shown,
                           _attrs_html(widget["attrs"]))


class DateInput(forms.DateInput):
    input_type = "date"
    render = QuickTextInput.render  # Django's input template, written in Python

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


@functools.lru_cache(maxsize=64)
def _options_html(options: tuple[tuple[str, str], ...]) -> str:
    """The options of a select, none selected (the same list is drawn on every page)."""
    return "".join(f'\n  <option value="{html.escape(value)}">{html.escape(label)}</option>'
                   for value, label in options)


class QuickSelect(forms.Select):
    """A select without option groups. `options`, when set, is a plain list of (value, label)
    used as is: a field's `choices` are normalised on every assignment, which costs as much as
    the rendering for a list of hundreds (the organisations of a network). The escaped options
    are kept per list, so a page only marks the chosen one."""

    options: list | None = None

    def render(self, name, value, attrs=None, renderer=None):
        wanted = self.format_value(value)
        pairs = tuple(("" if key is None else str(key), str(label)) for key, label in
                      (self.choices if self.options is None else self.options))
        body = _options_html(pairs)
        chosen = next((key for key, _label in pairs if key in wanted), None)
        if chosen is not None:  # the first match only, as Django's select
            tag = f'<option value="{html.escape(chosen)}">'
            body = body.replace(tag, tag[:-1] + " selected>", 1)
        return format_html('<select name="{}"{}>{}\n</select>', name,
                           _attrs_html(self.build_attrs(self.attrs, attrs)),
                           mark_safe(body))  # every value escaped in _options_html


class QuickBoundField(BoundField):
    """A label and a widget; a field with errors or help goes through Django's templates."""

    def as_field_group(self):
        if self.errors or self.help_text or self.use_fieldset or not self.label \
                or not self.auto_id or getattr(self.form, "required_css_class", None):
            return super().as_field_group()
        return format_html("{}\n{}", self._label_html(), self.as_widget())

    def _label_html(self):
        # BoundField.label_tag without its template.
        contents = self.label
        suffix = (self.field.label_suffix if self.field.label_suffix is not None
                  else self.form.label_suffix)
        if suffix and contents[-1] not in gettext(":?.!"):
            contents = format_html("{}{}", contents, suffix)
        widget = self.field.widget
        id_for_label = widget.id_for_label(widget.attrs.get("id") or self.auto_id)
        return format_html("<label{}>{}</label>",
                           _attrs_html({"for": id_for_label} if id_for_label else {}), contents)


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
