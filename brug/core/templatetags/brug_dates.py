"""`{{ value|day }}`: a date as "23 november 2026", as `|date:"j F Y"` writes it, but cheaper.

Lists show a date on every row; Django's `date` filter parses its format string on every
call. This filter keeps the month names of the active language per process. It is a built-in
of our templates (settings.TEMPLATES), so no `{% load %}` is needed.
"""

from __future__ import annotations

import functools

from django import template
from django.utils.dates import MONTHS, MONTHS_ALT, WEEKDAYS_ABBR
from django.utils.translation import get_language

register = template.Library()


@functools.lru_cache(maxsize=32)
def _months(language: str | None) -> tuple[str, ...]:
    # Called with `language` active, so the lazy names translate into it.
    # After a day number Polish and Ukrainian need the genitive, Django's "alternative" names
    # (its E format): "4 grudnia", not "4 grudzień". Elsewhere the alternative is only
    # capitalised ("Décembre"): keep the plain name.
    names = []
    for m in range(1, 13):
        plain, alt = str(MONTHS[m]), str(MONTHS_ALT[m])
        names.append(alt if alt.lower() != plain.lower() else plain)
    return tuple(names)


@functools.lru_cache(maxsize=32)
def _weekdays(language: str | None) -> tuple[str, ...]:
    return tuple(str(WEEKDAYS_ABBR[d]) for d in range(7))


@register.filter(expects_localtime=True)
def weekday_day(value) -> str:
    """Short weekday, day and month name ("ma 23 november"), as `dateformat` writes "D j F"."""
    return writers()[1](value)


@functools.lru_cache(maxsize=32)
def _writers(language: str | None):
    months, weekdays = _months(language), _weekdays(language)

    def day_of(value) -> str:
        if value in (None, ""):
            return ""
        return f"{value.day} {months[value.month - 1]} {value.year}"

    def weekday_day_of(value) -> str:
        return f"{weekdays[value.weekday()]} {value.day} {months[value.month - 1]}"

    return day_of, weekday_day_of


def writers():
    """(`day`, `weekday_day`) in the active language: for a long list, which asks the
    language once."""
    return _writers(get_language())


@register.filter(expects_localtime=True)
def day(value) -> str:
    """Day, month name and year of a date or datetime (local time); "" for no value."""
    if value in (None, ""):
        return ""
    return f"{value.day} {_months(get_language())[value.month - 1]} {value.year}"
