"""The cards of the signal bundle, written here rather than in the template.

A bundle page holds 25 collective signals with their counts and quotes; through an included
template each card cost some thirty node renders, the largest part of the page. Every value
is escaped with `html.escape`, as the template's autoescaping does.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from brug.signals.bundle import Group


def group_cards(groups: list[Group]) -> SafeString:
    """`<li>` cards: title and link, status and B, families and barriers (never under the
    bundle's minimum, see `bundle`), where, to whom it was forwarded, quotes."""
    forwarded = escape(_("Doorgegeven aan"))

    def card(g: Group) -> str:
        c = g.collective
        parts = [f'<li class="card group">\n  <h2><a href="{escape(g.url)}">{escape(c.title)}'
                 f'</a></h2>\n  <p><span class="badge">{escape(g.status_label)}</span>\n  ']
        if c.dimension:
            parts.append(f'<span class="badge">{escape(g.collective_dimension_label)}</span>')
        families = ngettext("%(n)s gezin", "%(n)s gezinnen", g.families) % {"n": g.families}
        barriers = ngettext("%(n)s drempel", "%(n)s drempels", g.barriers) % {"n": g.barriers}
        parts.append(f'\n  <span class="count">{escape(families)}</span>,\n  '
                     f"{escape(barriers)}</p>\n  ")
        if c.provider_id:
            service = f" — {escape(c.service.name)}" if c.service_id else ""
            parts.append(f'<p class="meta">{escape(c.provider.name)}{service}</p>')
        parts.append("\n  ")
        if c.forwarded_to:
            parts.append(f'<p class="meta">{forwarded}: {escape(c.forwarded_to)}</p>')
        parts.append("\n  ")
        if g.descriptions:
            quotes = "".join(f"<li>{escape(d)}</li>" for d in g.descriptions)
            parts.append(f'<ul class="quotes">{quotes}</ul>')
        parts.append("\n</li>")
        return "".join(parts)

    return mark_safe("\n".join(card(g) for g in groups))  # every value escaped above


def suggestion_cards(groups: list[Group], *, create_url: str, collective_options: str,
                     csrf_input: str) -> SafeString:
    """`<li>` cards of the suggested groups: where, which B, how many families, and the two
    ways to bundle them (a new collective signal, or an open one chosen from
    `collective_options`, already escaped HTML)."""
    make = escape(_("Maak gezamenlijk signaal"))
    add_to, add = escape(_("of voeg toe aan")), escape(_("Toevoegen"))

    def card(g: Group) -> str:
        where = escape(g.service_name or g.provider_name)
        provider = f' <span class="meta">{escape(g.provider_name)}</span>' \
            if g.service_name else ""
        families = ngettext("%(n)s gezin", "%(n)s gezinnen", g.families) % {"n": g.families}
        service_id = "" if g.service_id is None else str(int(g.service_id))
        key = (f"provider_id={int(g.provider_id)}&amp;service_id={service_id}"
               f"&amp;group_dimension={escape(g.dimension)}")
        form = ""
        if collective_options:
            form = (
                '<form method="post" action="" class="inline" '
                "data-action-from-select>"
                f'{csrf_input}\n    <input type="hidden" name="provider_id" '
                f'value="{int(g.provider_id)}"><input type="hidden" name="service_id" '
                f'value="{service_id}"><input type="hidden" name="group_dimension" '
                f'value="{escape(g.dimension)}">\n    <label>{add_to} <select name="target">'
                f'{collective_options}</select></label>\n    <button type="submit">{add}'
                "</button></form>")
        return (f'<li class="card">\n  <strong>{where}</strong>{provider}\n  <span class="badge">'
                f'{escape(g.dimension_label)}</span>\n  <span class="count">{escape(families)}'
                f'</span>\n  <div class="row actions">\n  <a class="button" '
                f'href="{escape(create_url)}?{key}">{make}</a>\n  {form}\n  </div>\n</li>')

    return mark_safe("".join(card(g) for g in groups))  # every value escaped above
