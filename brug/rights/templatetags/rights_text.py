"""Catalogue values in the active language: amounts and their period."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from brug.core.templatetags.brug_numbers import format_money

register = template.Library()

# The engine's periods (rights.engine.model.PERIODS), translatable.
PERIOD_LABELS = {
    "once": _("eenmalig"),
    "month": _("per maand"),
    "year": _("per jaar"),
    "day": _("per opvangdag"),
    "school_year": _("per schooljaar"),
}


@register.filter
def amount_text(amount) -> str:
    """An AmountEstimate as "€ 1.234,56 per maand" or "€ 10,00 tot € 20,00 per jaar", with
    the numbers and words of the active language (the engine's `display` is Dutch only)."""
    if amount is None or amount.low is None or amount.high is None:
        return str(_("onbekend"))
    period = str(PERIOD_LABELS.get(amount.period, amount.period_label))
    if amount.low == amount.high:
        return f"{format_money(amount.low)} {period}"
    return str(_("%(low)s tot %(high)s %(period)s")) % {
        "low": format_money(amount.low), "high": format_money(amount.high), "period": period}


@register.filter
def catalogue_text(text) -> str:
    """A catalogue text (right name, explanation, what to bring) in the active language.

    The texts are marked for translation in brug/rights/catalogue/texts.py (generated); until a
    language has them translated they stay Dutch.
    """
    return gettext(text) if text else ""
