"""The allocation's reasons (`allocation.Proposal.reasons`, stored as JSON) in plain words,
in the reader's language: "SES 62% (hoog), 41 vragen vorig schooljaar, vraagt een zitdag"."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _num(text) -> str:
    try:
        value = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return str(text)
    return number_format(value, decimal_pos=0 if value == value.to_integral_value() else 1)


def _level(code: str) -> str:
    return {"high": _("hoog"), "middle": _("gemiddeld"), "low": _("laag")}.get(code, code)


def _wish(values: dict) -> str:
    form = values.get("form", "")
    hours = values.get("hours", "0")
    if form == "zitdag":
        text = _("vraagt een zitdag")
    elif form == "consult":
        text = _("vraagt consult op vraag")
    elif form == "spoc":
        text = _("vraagt een vast aanspreekpunt (SPOC)")
    else:
        text = _("geen wens over de vorm")
    if Decimal(str(hours or 0)) > 0:
        text += " " + _("(%(hours)s uur per week)") % {"hours": _num(hours)}
    return text


def describe(code: str, values: dict) -> str:
    if code == "ses":
        return _("SES %(pct)s%% (%(level)s)") % {"pct": _num(values["pct"]),
                                                 "level": _level(values["level"])}
    if code == "questions":
        n = int(values["n"])
        return ngettext("%(n)s vraag vorig schooljaar", "%(n)s vragen vorig schooljaar",
                        n) % {"n": n}
    if code == "wish":
        return _wish(values)
    if code == "share":
        return _("%(pct)s%% van de punten: %(hours)s van %(total)s uur per week") % {
            "pct": _num(values["pct"]), "hours": _num(values["hours"]),
            "total": _num(values["total"])}
    if code == "tie":
        if values.get("got"):
            return _("gelijke stand met een andere school: het laatste half uur ging op "
                     "alfabetische volgorde naar deze school")
        return _("gelijke stand met een andere school: het laatste half uur ging op "
                 "alfabetische volgorde naar een andere school")
    if code == "too_few_for_zitdag":
        return _("%(hours)s uur is te weinig voor een vaste zitdag (minimum %(min)s): "
                 "consult op vraag") % {"hours": _num(values["hours"]),
                                        "min": _num(values["min"])}
    if code == "no_hours":
        return _("geen uren: een vast aanspreekpunt (SPOC)")
    return code


def sentence(reasons) -> str:
    """All reasons of a proposal in one line."""
    return ", ".join(describe(code, values) for code, values in reasons)
