from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language_info

from brug.portal.auth import family_languages
from brug.portal.nav import nav_items

register = template.Library()


@register.simple_tag
def portal_nav(current: str = ""):
    return nav_items(current)


@register.simple_tag
def portal_languages():
    """The family languages, each in its own name ("العربية", "Türkçe")."""
    result = []
    for code in family_languages():
        try:
            name = get_language_info(code)["name_local"]
        except KeyError:
            name = code
        result.append({"code": code, "name": name})
    return result


@register.simple_tag
def text_direction(code: str) -> str:
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


@register.filter
def bdi(value):
    """What a person wrote, set inside a translated sentence: isolated, so a Dutch text keeps
    its own direction (and punctuation) in an Arabic sentence, and the other way round."""
    return format_html("<bdi>{}</bdi>", value)
