"""`{{ amount|money }}`: an amount in euro, written the way the active language writes it.

The digits follow Django's number formats for the language ("1.234,56" in Dutch, "1 234,56"
in French, "1,234.56" in English); where the euro sign goes is a translatable pattern
("€ %(amount)s"), so French can write "1 234,56 €". A built-in of our templates.
"""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

register = template.Library()


def format_money(value) -> str:
    if value in (None, ""):
        return ""
    amount = number_format(round(float(value), 2), decimal_pos=2, use_l10n=True,
                           force_grouping=True)
    return gettext("€ %(amount)s") % {"amount": amount}


@register.filter
def money(value) -> str:
    """An amount in euro with two decimals, in the active language; "" for no value."""
    return format_money(value)
