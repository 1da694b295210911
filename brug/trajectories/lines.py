"""The lines of the two longest lists, the agenda and the caseload table, as HTML.

A supporter's agenda easily holds fifty lines, a caseload page fifty workers by a handful of
programmes; through template tags each line costs about ten node renders, which made the
template the most expensive part of these pages. Written here, every value from the data is
escaped with `html.escape`, as the template's autoescaping does.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from brug.core.templatetags.brug_dates import writers
from brug.trajectories.selectors import Agenda, AgendaItem, CaseloadRow


def _link(item: AgendaItem) -> str:
    return f'<a href="{escape(item.url)}">{escape(item.family_name)}</a>'


def agenda_lines(agenda: Agenda) -> dict[str, SafeString]:
    """The `<li>` lines of each agenda section."""
    late = f' <span class="badge warn">{escape(_("te laat"))}</span>'
    first = escape(_("eerste casusoverleg")) + ", "
    by = _("ten laatste %(d)s")
    day, weekday_day = writers()  # dates on every line: the language asked once

    def opening(item: AgendaItem) -> str:
        return '<li class="overdue">' if item.overdue else "<li>"

    def dated(item: AgendaItem, badge: str = "") -> str:
        return (f"{opening(item)}{_link(item)} — {escape(item.detail)}, {escape(day(item.on))}"
                f"{badge if item.overdue else ''}</li>")

    def conference(item: AgendaItem) -> str:
        return (f"{opening(item)}{_link(item)} — {first if item.first else ''}"
                f"{escape(by % {'d': day(item.on)})}{late if item.overdue else ''}</li>")

    def consent(item: AgendaItem) -> str:
        return f"<li>{_link(item)} — {escape(item.detail)}, {escape(day(item.on))}</li>"

    def contact(item: AgendaItem) -> str:
        return (f"<li>{escape(weekday_day(item.on))}: {_link(item)} — "
                f"{escape(item.detail)}, {item.minutes} min</li>")

    return {key: mark_safe("".join(lines)) for key, lines in (  # every value escaped above
        ("reviews", (dated(r, late) for r in agenda.reviews)),
        ("conferences", (conference(c) for c in agenda.conferences)),
        ("ending", (dated(t) for t in agenda.ending)),
        ("consents", (consent(c) for c in agenda.consents)),
        ("contacts", (contact(c) for c in agenda.contacts)))}


def caseload_lines(rows: list[CaseloadRow]) -> SafeString:
    """The `<tr>` rows of the caseload table: a worker, a cell per programme, totals."""
    over_badge = f' <span class="badge warn">{escape(_("boven het maximum"))}</span>'
    full_badge = f' <span class="badge">{escape(_("vol"))}</span>'

    def cell(c) -> str:
        if not c.n:
            return '<td><span class="meta">0</span></td>'
        text = str(c.n) if c.cap is None else f"{c.n}/{c.cap}"
        return f"<td>{text}{over_badge if c.over else full_badge if c.full else ''}</td>"

    def line(row: CaseloadRow) -> str:
        opening = '<tr class="over">' if row.over else "<tr>"
        return (f'{opening}<td>{escape(row.name)} <span class="meta">'
                f'{escape(row.organisation)}</span></td>{"".join(cell(c) for c in row.cells)}'
                f"<td>{row.total}</td><td>{row.minutes}</td></tr>")

    return mark_safe("".join(line(row) for row in rows))  # every value escaped or a number
