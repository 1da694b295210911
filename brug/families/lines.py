"""The family cards of "my families", written here rather than in the template.

It is the page every worker opens first; through template tags each card cost about ten node
renders, more than the page's queries. Every value is escaped with `html.escape`, as the
template's autoescaping does.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from brug.core.links import link_maker


def family_cards(rows) -> SafeString:
    """`<li>` cards for rows with pk, display_name, postcode, neighbourhood and
    contact_worker__display_name."""
    link = link_maker("families:detail", 1)

    def card(row) -> str:
        contact = row["contact_worker__display_name"]
        return (f'<li><a class="card-link" href="{link(row["pk"])}">\n'
                f'    <strong>{escape(row["display_name"])}</strong>\n'
                f'    <span class="meta">{escape(row["postcode"])} '
                f'{escape(row["neighbourhood"])}'
                f'{" · " + escape(contact) if contact else ""}</span>\n  </a></li>\n')

    return mark_safe("".join(card(row) for row in rows))  # every value escaped above
