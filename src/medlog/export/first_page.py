"""The clinician summary's first page: the visit in thirty seconds.

In this order, before the first page break (Letter and A4): question 9 when answered above
0, the person's questions, each item's regimen with its changes, adherence in a line per item
with the missed doses named, the PHQ-9 and GAD-7 charted over their bands, mood, anxiety and
sleep in small charts, side effects, the latest lab results, and the allergies with where
the medication card is. The tables that prove each
figure follow on the next pages. A section with nothing to say is left out.
"""

from __future__ import annotations

from html import escape

from medlog.actions.report import Report
from medlog.card import ALLERGIES_TITLE
from medlog.export import checkins_html
from medlog.sections import visit


def first_page(report: Report) -> list[str]:
    """The first page's sections, in a block that ends with a page break."""
    parts = ['<div class="page-one">', *checkins_html.top(report)]
    parts += _lines("Regimen and changes", visit.regimen_lines(report), "headlines")
    parts += _lines("Adherence", visit.adherence_lines(report), "headlines")
    parts += _lines(visit.LIMITS_TITLE, visit.limit_lines(report), "headlines")
    parts += checkins_html.charts(report)
    parts += checkins_html.side_effects(report)
    parts += _lines("Latest lab results", visit.lab_lines(report), "headlines")
    if recorded := visit.allergies_recorded(report):  # one line: the page is full by now
        said = escape("; ".join(recorded))
        parts.append(
            f'<p class="allergies"><strong>{ALLERGIES_TITLE}:</strong> {said} '
            f"{escape(visit.CARD_LINE)}</p>"
        )
    return [*parts, "</div>"]


def _lines(title: str, lines: list[str], kind: str) -> list[str]:
    if not lines:
        return []
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return [f'<section><h2>{escape(title)}</h2><ul class="{kind}">{items}</ul></section>']
