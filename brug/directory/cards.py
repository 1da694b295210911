"""The result cards of the sociale-kaart search, as HTML.

A search page shows twenty cards; through template tags each card costs a dozen node
renders, which made the list the most expensive part of the page. Written here (as
`brug.trajectories.lines` does for the agenda), every value from the data is escaped with
`html.escape`, as the template's autoescaping does.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def card_lines(cards: list[dict]) -> SafeString:
    """The `<li>` cards of `selectors.service_cards`: name, provider, life domains, the first
    places, cost and languages, all in one link to the service."""
    fees_label, languages_label = escape(_("Kostprijs")), escape(_("Talen"))

    def card(c: dict) -> str:
        parts = [f'<li><a class="card-link" href="{escape(c["url"])}">',
                 f'<strong>{escape(c["name"])}</strong> '
                 f'<span class="meta">{escape(c["provider"])}</span>']
        if c["labels"]:
            parts.append(f'<span class="meta">{escape(c["labels"])}</span>')
        if c["places"]:
            parts.append("".join(f'<span class="meta">{escape(p)}</span>' for p in c["places"]))
        if c["fees"]:
            parts.append(f'<span class="meta">{fees_label}: {escape(c["fees"])}</span>')
        if c["languages"]:
            parts.append(f'<span class="meta">{languages_label}: {escape(c["languages"])}</span>')
        return "\n    ".join(parts) + "\n  </a></li>"

    return mark_safe("\n  ".join(card(c) for c in cards))  # every value escaped above
