"""The medication card as files: Markdown, and one printable HTML page (A4 or Letter).

Every string from the store is escaped (``md_cell``, ``html.escape``); the page has no
script, no link and no external resource. ``card_section`` is the card's body alone, for a
page that includes it (the visit summary).
"""

from __future__ import annotations

from html import escape

from medlog.allergies import NONE_RECORDED, allergy_words
from medlog.card import (
    ALLERGIES_TITLE,
    DISCLAIMER,
    NOTHING_TAKEN,
    RANGES_HEADER,
    RANGES_TITLE,
    STOPPED_HEADER,
    STOPPED_TITLE,
    TAKEN_HEADER,
    TAKEN_TITLE,
    TITLE,
    Card,
    range_rows,
    stopped_rows,
    taken_rows,
)
from medlog.export import md_cell, md_table

STYLE = """
:root { color-scheme: light; }
body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial,
       sans-serif; color: #111; max-width: 48rem; margin: 1rem auto; padding: 0 1rem;
       overflow-wrap: break-word; }
h1 { font-size: 1.4rem; margin: 0 0 .2rem; }
h2 { font-size: 1.05rem; margin: .9rem 0 .3rem; border-bottom: 1px solid #999; }
p.meta, p.source { color: #333; margin: 0 0 .5rem; font-size: .9em; }
table { border-collapse: collapse; width: 100%; margin: .2rem 0 .5rem; }
th, td { text-align: left; padding: .2rem .4rem; border: 1px solid #999; vertical-align: top; }
th { font-weight: 700; }
ul { margin: .2rem 0 .5rem; padding-left: 1.2rem; }
.allergies { border: 2px solid #111; padding: .3rem .5rem .3rem 1.5rem; font-weight: 700; }
p.allergies { padding-left: .5rem; }
@page { margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  section, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def card_markdown(found: Card) -> str:
    """The card as Markdown: a heading per section and its table (allergies as a list)."""
    lines = [f"# {TITLE}, {found.today}", "", f"## {TAKEN_TITLE}", ""]
    rows = taken_rows(found)
    lines += md_table(TAKEN_HEADER, rows) if rows else [NOTHING_TAKEN, ""]
    if found.ranges:
        lines += [f"## {RANGES_TITLE}", "", *md_table(RANGES_HEADER, range_rows(found))]
    lines += [f"## {ALLERGIES_TITLE}", ""]
    listed = [f"- {md_cell(allergy_words(held))}" for held in found.allergies]
    lines += [*(listed or [f"{NONE_RECORDED}."]), ""]
    if found.stopped:
        lines += [f"## {STOPPED_TITLE}", "", *md_table(STOPPED_HEADER, stopped_rows(found))]
    return "\n".join([*lines, f"_{DISCLAIMER}_"]) + "\n"


def card_html(found: Card) -> str:
    """The card as one self-contained page that prints on one sheet."""
    heading = f"{TITLE}, {found.today}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(heading)}</title><style>{STYLE}</style></head><body>",
            f"<h1>{escape(heading)}</h1>",
            card_section(found),
            f'<p class="source">{escape(DISCLAIMER)}</p>',
            "</body></html>\n",
        ]
    )


def card_section(found: Card) -> str:
    """The card's sections as HTML, without a page around them: what is taken now, the
    ranges the person set, the allergies (or plainly none), and recent stops."""
    rows = taken_rows(found)
    parts = [f'<section class="card-taken"><h2>{TAKEN_TITLE}</h2>']
    parts.append(_table(TAKEN_HEADER, rows) if rows else f"<p>{NOTHING_TAKEN}</p>")
    parts.append("</section>")
    if found.ranges:
        parts.append(f'<section class="card-ranges"><h2>{RANGES_TITLE}</h2>')
        parts += [_table(RANGES_HEADER, range_rows(found)), "</section>"]
    parts.append(f'<section class="card-allergies"><h2>{ALLERGIES_TITLE}</h2>')
    if found.allergies:
        listed = "".join(f"<li>{escape(allergy_words(held))}</li>" for held in found.allergies)
        parts.append(f'<ul class="allergies">{listed}</ul>')
    else:
        parts.append(f'<p class="allergies">{NONE_RECORDED}.</p>')
    parts.append("</section>")
    if found.stopped:
        parts.append(f'<section class="card-stopped"><h2>{STOPPED_TITLE}</h2>')
        parts += [_table(STOPPED_HEADER, stopped_rows(found)), "</section>"]
    return "\n".join(parts)


def _table(header: tuple[str, ...], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(cell)}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
