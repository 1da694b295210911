"""`{{ things|joined }}` and `{% list_separator %}`: a list written with the comma of the
active language.

Arabic separates the items of a list with its own comma ("،", U+060C), not the Latin ","; a
template that joins a list a family reads uses these instead of `|join:", "` or a literal
", " between loop items. A built-in of our templates. The separator is punctuation, not a
text to translate, so it is a table here and no msgid.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import join
from django.utils.translation import get_language

register = template.Library()

# The separator between list items per language (base code); ", " for every other language.
SEPARATORS = {"ar": "، "}
DEFAULT_SEPARATOR = ", "


def list_separator_for(language: str | None = None) -> str:
    """The separator of the given language (default: the active one)."""
    code = (language or get_language() or "").split("-")[0]
    return SEPARATORS.get(code, DEFAULT_SEPARATOR)


def join_list(items, language: str | None = None) -> str:
    """Plain text: the items joined with the language's separator (no escaping)."""
    return list_separator_for(language).join(str(item) for item in items)


@register.filter(is_safe=True, needs_autoescape=True)
def joined(value, autoescape=True):
    """`value|join:", "` with the active language's comma (each item escaped as `join` does)."""
    return join(value, list_separator_for(), autoescape=autoescape)


@register.simple_tag
def list_separator() -> str:
    """Between the items of a `{% for %}` loop: `{% if not forloop.last %}{% list_separator
    %}{% endif %}`."""
    return list_separator_for()
