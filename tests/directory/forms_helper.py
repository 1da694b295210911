"""Submit a rendered form the way a browser would: every field with its current value."""

from __future__ import annotations

from datetime import time


def _value(value):
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def submitted(response, *names: str) -> dict:
    """POST data of the forms and formsets named in the response context."""
    data: dict = {}
    for name in names:
        obj = response.context[name]
        forms = [obj]
        if hasattr(obj, "management_form"):
            forms = [obj.management_form, *obj.forms]
        for form in forms:
            for bound in form:
                value = bound.value()
                if value is None or value is False:
                    continue
                if value is True:
                    data[bound.html_name] = "on"
                elif isinstance(value, (list, tuple)):
                    data[bound.html_name] = [_value(v) for v in value]
                else:
                    data[bound.html_name] = _value(value)
    return data
