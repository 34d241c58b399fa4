"""The clinician summary: one self-contained HTML file (inline CSS and SVG, nothing loaded).

Readable on screen and printed on A4 or Letter. Every string from the store is
escaped; there is no script, no link and no external resource, so opening the
file runs nothing and contacts nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from html import escape

from medlog import summary
from medlog.actions.report import Report
from medlog.adherence import ItemPeriod, day_mark
from medlog.amounts_text import amount_text, shown_in_on
from medlog.export import checkins_html, labs_html
from medlog.export.day_marks import MARK_COLOURS, day_mark_svg, legend_html
from medlog.export.first_page import first_page
from medlog.export.line_chart import day_labels
from medlog.model import DoseRange
from medlog.ranges import range_text
from medlog.sections import calendar as calendar_section
from medlog.sections.pdc import PDC_HEADER, PDC_NOTE, pdc_left_out, pdc_rows
from medlog.sections.substances import SUBSTANCE_HEADER, SUBSTANCE_NOTE, substance_rows
from medlog.units import format_number

CHART_DAYS = 92  # a longer period charts its last 92 days
KEEP_ROWS = 15  # a table this short is never split across pages in print

STYLE = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial,
       sans-serif; color: #1b1b1b; max-width: 56rem; margin: 1.5rem auto; padding: 0 1rem;
       overflow-wrap: break-word; }
h1 { font-size: 1.5rem; margin: 0 0 .2rem; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1rem; margin: .9rem 0 .3rem; }
p.meta { color: #555; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; }
th, td { text-align: left; padding: .25rem .45rem; border-bottom: 1px solid #e4e4e4;
         vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.flag { color: #b71c1c; font-weight: 700; }
.source { color: #555; font-size: .9em; }
.legend span { display: inline-block; margin-right: .8rem; font-size: .85em; }
.legend svg { display: inline; margin: 0 .15em 0 0; vertical-align: -.1em; }
svg { display: block; margin: .2rem 0 .6rem; }
svg text { font: 10px system-ui, sans-serif; fill: #444; }
svg text.value { font-size: 8px; fill: #1b1b1b; }
ul { margin: .3rem 0 .8rem; padding-left: 1.2rem; }
footer { margin-top: 1.6rem; padding-top: .6rem; border-top: 1px solid #ccc; color: #555;
         font-size: .9em; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@page { margin: 14mm; }
ul.notes { list-style: none; padding-left: 0; }
sup { color: #555; }
td.when { white-space: nowrap; }
td.short { white-space: nowrap; }
p.alert { border: 2px solid #b71c1c; color: #b71c1c; padding: .5rem .7rem; font-weight: 700; }
ul.headlines { list-style: none; padding-left: 0; }
ul.headlines li { margin: .15rem 0; }
.page-one { break-after: page; }
.brief .page-one { break-after: auto; }
.multiples { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1rem; }
.multiples svg { width: 100%; height: auto; margin: 0; }
.multiples h3 { margin: .3rem 0 .1rem; font-size: .9rem; }
svg text.band { font-size: 8px; fill: #333; }
svg text.change { font-size: 8px; font-weight: 700; fill: #4e342e; }
@media print {
  body { margin: 0; max-width: none; font-size: 8pt; line-height: 1.2; }
  tr, .chart, li, p { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  table.keep { break-inside: avoid; }
  table + p.source { break-before: avoid; }
  svg { max-width: 100%; height: auto; }
  h2 { font-size: 1.1em; margin: .45rem 0 .1rem; }
  h3 { font-size: 1em; margin: .25rem 0 .05rem; }
  .source { font-size: .85em; }
  .pair { display: grid; grid-template-columns: 2fr 3fr; gap: 0 1.2rem; }
  .pair.fit { grid-template-columns: max-content 1fr; }
  .pair > * { min-width: 0; }
  ul.notes { font-size: .9em; }
  table { margin: .1rem 0 .25rem; }
  th, td { padding: .05rem .3rem; }
  ul, ol { margin: .1rem 0 .25rem; }
  p.source { margin: .1rem 0 .25rem; }
  svg { margin: 0 0 .1rem; }
  footer { margin-top: .5rem; padding-top: .2rem; }
  .page-one { font-size: 9pt; }
  .page-one h2 { font-size: 1.05rem; margin: .45rem 0 .15rem; }
  .page-one p.allergies { margin: .4rem 0 0; }
  .page-one ul { margin: .1rem 0 .3rem; }
  .page-one ul.headlines li { margin: 0; }
  .page-one p.source { margin: .1rem 0 .2rem; }
}
"""


def report_html(
    report: Report,
    title: str | None = None,
    notes: bool = True,
    every_group: bool = False,
    brief: bool = False,
) -> str:
    """The whole summary page for ``report``; ``notes=False`` leaves out notes and reasons;
    ``every_group`` shows the PDC of groups without a prescription item too; ``brief``, the
    first page only."""
    heading = f"{title}: medication summary" if title else "Medication summary"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(heading)}</title><style>{STYLE}</style></head>"
        + ('<body class="brief">' if brief else "<body>"),
        f"<header><h1>{escape(heading)}</h1>",
        f'<p class="meta">{report.since} to {report.until} ({summary.days_text(report.days)}). '
        f"Generated {report.generated_at:%Y-%m-%d %H:%M} by medlog."
        f"{_earlier(report)}</p></header>",
    ]
    parts += first_page(report)
    if not brief:
        parts += _the_rest(report, notes, every_group)
    parts.append(f"<footer>{escape(summary.FOOTER)}</footer></body></html>\n")
    return "\n".join(parts)


def _the_rest(report: Report, notes: bool, every_group: bool) -> list[str]:
    """What follows the first page: the tables that prove its figures, then the details."""
    parts: list[str] = []
    if not report.items:
        parts.append("<p>No items were in the regimen in this period.</p>")
        parts += labs_html.lab_results(report)
        parts += checkins_html.how_you_have_been(report)
    else:
        footnotes = summary.report_footnotes(report, pending=True)
        parts += _label_notes(report)
        parts += _adherence(report, footnotes)
        parts += _as_needed(report, footnotes)
        parts += _out_of_range(report)
        parts += _missed(report)
        parts += _extra_doses(report)
        parts += _holds(report)
        parts += _detail(report)
        parts += checkins_html.how_you_have_been(report)
        parts += _side_by_side(labs_html.lab_results(report), _weekly(report))
        parts += _pdc(report, every_group)
        parts += _substances(report)
        if notes:
            parts += _notes(report)
        parts += _sources(footnotes)
    parts += checkins_html.provenance(report)
    return parts


def _earlier(report: Report) -> str:
    note = summary.earlier_note(report)
    return "" if note is None else " " + escape(note)


_DAY = r"\d{4}-\d{2}-\d{2}"
_WHEN = re.compile(rf"{_DAY}( \d{{2}}:\d{{2}})?|[A-Z][a-z]{{2}} {_DAY} to [A-Z][a-z]{{2}} {_DAY}")
_SHORT = 24  # a cell this short is kept on one line ("no documented range", "1 tablet")
_TAG = re.compile(r"<[^>]+>")


def _table(header: tuple[str, ...], rows: list[list[str]], numeric: set[int]) -> str:
    """A table of escaped cells; numbers right-aligned, dates, times, weeks and short cells
    never wrapped."""
    head = "".join(f"<th>{escape(cell)}</th>" for cell in header)

    def cell(n: int, text: str) -> str:
        if n in numeric:
            return f'<td class="num">{text}</td>'
        if _WHEN.fullmatch(text):
            return f'<td class="when">{text}</td>'
        if len(_TAG.sub("", text)) <= _SHORT:
            return f'<td class="short">{text}</td>'
        return f"<td>{text}</td>"

    body = "".join(
        "<tr>" + "".join(cell(n, text) for n, text in enumerate(row)) + "</tr>" for row in rows
    )
    keep = ' class="keep"' if len(rows) <= KEEP_ROWS else ""
    return f"<table{keep}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _label_notes(report: Report) -> list[str]:
    """The labels' notes a clinician should see first (a boxed warning), with their sources."""
    lines = summary.label_note_lines(report)
    if not lines:
        return []
    items = "".join(f"<li>{marked(line)}</li>" for line in lines)
    return [
        f"<section><h2>Notes from the labels</h2><ul>{items}</ul>"
        '<p class="source">Facts from the labels, each with its source; not advice.</p>'
        "</section>"
    ]


def _range_cell(period: ItemPeriod, footnotes: dict[str, int]) -> str:
    """The range with a footnote number pointing at its source, listed under the tables."""
    item = period.item
    if item.range is None:
        return "none"
    return marked(f"{range_text(item)} [{footnotes[item.range.source]}]")


def _adherence(report: Report, footnotes: dict[str, int]) -> list[str]:
    rows = []
    due = summary.pending_mark(report)
    for period, cells in summary.scheduled_rows(report):
        escaped = [escape(cell) for cell in cells]
        if period.pending_doses:
            escaped[0] = marked(cells[0] + due)
        if period.below_threshold:
            escaped[1] = f'<span class="flag">{escaped[1]}</span>'
        escaped[-1] = _range_cell(period, footnotes)
        rows.append(escaped)
    if not rows:
        return []
    return [
        "<section><h2>Adherence: figures</h2>",
        _table(summary.SCHEDULED_HEADER, rows, {2, 3, 4, 5, 6}),
        f'<p class="source">Adherence is doses taken as scheduled over doses expected, '
        f"each day judged against the regimen in force that day; below "
        f"{summary.THRESHOLD_TEXT} is flagged. On time: within the on-time window of the "
        "scheduled time. Extra: doses beyond what the schedule asked that day. The numbers "
        "point to the notes and sources at the end.</p></section>",
    ]


def _pdc(report: Report, every_group: bool) -> list[str]:
    rows = []
    for low, cells in pdc_rows(report, every_group=every_group):
        escaped = [escape(cell) for cell in cells]
        if low:
            escaped[4] = f'<span class="flag">{escaped[4]}</span>'
        rows.append(escaped)
    left_out = pdc_left_out(report, every_group=every_group)
    if not rows and left_out is None:
        return []
    parts = ["<section><h2>Proportion of days covered (from fills)</h2>"]
    if rows:
        parts += [
            _table(PDC_HEADER, rows, {3, 4}),
            f'<p class="source">{escape(PDC_NOTE)}</p>',
        ]
    if left_out is not None:
        parts.append(f'<p class="source">{escape(left_out)}</p>')
    return [*parts, "</section>"]


def _substances(report: Report) -> list[str]:
    rows = []
    for above, cells in substance_rows(report):
        escaped = [marked(cell) for cell in cells]
        if above:
            escaped[4] = f'<span class="flag">{escaped[4]}</span>'
        rows.append(escaped)
    parts = []
    if rows:
        parts += [
            "<section><h2>Substances across items</h2>",
            _table(SUBSTANCE_HEADER, rows, {3, 4, 5}),
            f'<p class="source">{escape(SUBSTANCE_NOTE)}</p></section>',
        ]
    if lines := summary.interaction_lines(report):
        items = "".join(f"<li>{marked(line)}</li>" for line in lines)
        parts.append(
            f"<section><h2>Notes on this combination</h2><ul>{items}</ul>"
            '<p class="source">Notes from labels and fact sheets, each with its source; not '
            "advice.</p></section>"
        )
    return parts


def _as_needed(report: Report, footnotes: dict[str, int]) -> list[str]:
    rows = [
        [*(escape(cell) for cell in cells[:-1]), _range_cell(period, footnotes)]
        for period, cells in summary.as_needed_rows(report)
    ]
    if not rows:
        return []
    return [
        "<section><h2>As needed</h2>",
        _table(summary.AS_NEEDED_HEADER, rows, {1, 2, 3, 4}),
        "</section>",
    ]


def _side_by_side(first: list[str], second: list[str]) -> list[str]:
    """Two sections side by side in print when both are there and neither holds a chart (a
    table of a few rows and short cells each: the month then fits its pages)."""
    if not first or not second or any("<svg" in part for part in first + second):
        return [*first, *second]
    return ['<div class="pair">', *first, *second, "</div>"]


def _weekly(report: Report) -> list[str]:
    """Weekly totals of the items whose dose varies by weekday (prescribed and logged)."""
    from medlog.sections.weekly import WEEKLY_HEADER, WEEKLY_NOTE, weekly_rows

    rows = [[escape(cell) for cell in cells] for cells in weekly_rows(report)]
    if not rows:
        return []
    return [
        "<section><h2>Weekly totals (doses by weekday)</h2>",
        _table(WEEKLY_HEADER, rows, {2, 3, 4}),
        f'<p class="source">{escape(WEEKLY_NOTE)}</p>',
        "</section>",
    ]


def _detail(report: Report) -> list[str]:
    """Every item's day marks in one chart, a row per item on one date axis, then each
    per-day range's totals: compact enough to print the month on one page with the rest."""
    parts = ['<section class="detail"><h2>Day by day</h2>', legend_html()]
    if report.days > CHART_DAYS:
        parts.append(
            f'<p class="source">The charts show the last {CHART_DAYS} days of the '
            "period; the tables above cover all of it.</p>"
        )
    today = report.generated_at.date()
    parts.append(f'<div class="chart">{_strips_svg(report.items, today)}</div>')
    for period in report.items:
        if period.item.range is not None and period.item.range.per == "day":
            parts.append(f'<div class="chart">{_totals_svg(period, period.item.range)}</div>')
    parts.append("</section>")
    return parts


CHART_WIDTH, CHART_LEFT = 640, 112
_ROW = 15  # the height of an item's row of day marks


def _day_step(count: int) -> float:
    return (CHART_WIDTH - CHART_LEFT) / count


def _strips_svg(periods: Sequence[ItemPeriod], today: date) -> str:
    """One mark a day for each item, a row each, its shape saying what kind of day it was
    (so it survives black-and-white print), on the same date axis as the totals charts."""
    days = [figures.day for figures in periods[0].days[-CHART_DAYS:]]
    step = _day_step(len(days))
    size = min(step * 0.86, _ROW - 3)
    height = len(periods) * _ROW + 14
    cells = []
    for row, period in enumerate(periods):
        top = row * _ROW
        cells.append(f'<text x="2" y="{top + round(size * 0.8)}">{escape(period.item.name)}</text>')
        for n, figures in enumerate(period.days[-CHART_DAYS:]):
            mark = day_mark(period.item, figures, today)
            label = f"{figures.day:%a %Y-%m-%d}: {calendar_section.DAY_WORDS[mark]}"
            if figures.taken:
                item = period.item
                label += f", {amount_text(item, figures.total, shown_in_on(item, figures.day))}"
            x = CHART_LEFT + n * step + (step - size) / 2
            cells.append(day_mark_svg(mark, x, top, size, label))
    ticks = "".join(
        f'<text x="{round(CHART_LEFT + n * step + step / 2, 1)}" y="{height - 3}" '
        f'text-anchor="middle">{label}</text>'
        for n, label in day_labels(days)
    )
    names = ", ".join(period.item.name for period in periods)
    described = (
        f"One square a day from {days[0]} to {days[-1]}, a row for each of {names}; shapes as "
        "in the legend"
    )
    return (
        f'<svg role="img" width="{CHART_WIDTH}" height="{height}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}"><title>{escape(described)}</title>'
        f"{''.join(cells)}{ticks}</svg>"
    )


def _totals_svg(period: ItemPeriod, dose_range: DoseRange) -> str:
    """Each day's total as a bar, over the item's documented range drawn as a band."""
    item = period.item
    days = period.days[-CHART_DAYS:]
    low = dose_range.min or Decimal(0)
    high = dose_range.max
    top = max([f.total for f in days] + [high or low, low, Decimal(1)]) * Decimal("1.25")
    width, height, left, bottom = CHART_WIDTH, 64, CHART_LEFT, 14
    plot = height - bottom
    step = _day_step(len(days))

    def y(value: Decimal) -> float:
        return round(plot - float(value / top) * (plot - 4), 1)

    band_top = y(high) if high is not None else 2
    shapes = [
        f'<rect x="{left}" y="{band_top}" width="{width - left}" '
        f'height="{round(y(low) - band_top, 1)}" fill="#e8f5e9"/>'
    ]
    for n, figures in enumerate(days):
        if not figures.taken and figures.day_verdict is None:
            continue
        label = f"{figures.day}: {amount_text(item, figures.total, shown_in_on(item, figures.day))}"
        if figures.day_verdict is not None:
            label += f" ({figures.day_verdict})"
        shapes.append(
            _bar(left + n * step, step, y(figures.total), plot, figures.day_verdict, label)
        )
        if step >= _VALUE_ROOM:
            shapes.append(
                f'<text class="value" x="{round(left + (n + 0.5) * step, 1)}" '
                f'y="{y(figures.total) - (11 if figures.day_verdict == "above" else 2)}" '
                'text-anchor="middle">'
                f"{escape(format_number(figures.total))}</text>"
            )
    ticks = [value for value in (dose_range.min, dose_range.max) if value is not None]
    labels = "".join(
        f'<text x="{left - 4}" y="{y(value) + 3}" text-anchor="end">'
        f"{escape(format_number(value))}</text>"
        f'<line x1="{left}" x2="{width}" y1="{y(value)}" y2="{y(value)}" stroke="#81c784" '
        f'stroke-dasharray="3 3"/>'
        for value in ticks
    )
    axis = (
        f'<line x1="{left}" x2="{width}" y1="{plot}" y2="{plot}" stroke="#999"/>'
        f'<text x="{left - 4}" y="{plot}" text-anchor="end">0</text>'
        f'<text x="2" y="10">{escape(item.name)}</text>'
        f'<text x="2" y="22">{escape(item.unit)} a day</text>'
    ) + "".join(
        f'<text x="{round(left + n * step + step / 2, 1)}" y="{height - 3}" '
        f'text-anchor="middle">{label}</text>'
        for n, label in day_labels([figures.day for figures in days])
    )
    described = (
        f"Daily total of {item.name} in {item.unit} against the documented "
        f"{range_text(item)} (shaded)"
    )
    return (
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{escape(described)}</title>"
        f"{''.join(shapes)}{labels}{axis}</svg>"
    )


_VALUE_ROOM = 14  # a day this wide (px) has room for its total written above its bar
# A day's total against the range, told apart by shape as well as colour: within is a solid
# bar, below an outlined one, above a solid bar under a triangle.
# The inks are the calendar's: within as "all taken", above as "outside the range".
_BAR_INK = {
    "in": MARK_COLOURS["full"],
    "above": MARK_COLOURS["out_of_range"],
    "below": MARK_COLOURS["partial"],
    None: MARK_COLOURS["none"],
}


def _bar(x: float, step: float, top: float, plot: float, verdict: str | None, label: str) -> str:
    """One day's bar from the axis up to ``top``, titled ``label``."""
    ink = _BAR_INK[verdict]
    width = round(max(step * 0.7, 1), 1)
    x = round(x + step * 0.15, 1)
    fill = (
        f'fill="#fff" stroke="{ink}" stroke-width="1.2"' if verdict == "below" else f'fill="{ink}"'
    )
    bar = (
        f'<rect x="{x}" y="{top}" width="{width}" height="{round(plot - top, 1)}" {fill}>'
        f"<title>{escape(label)}</title></rect>"
    )
    if verdict != "above":
        return bar
    middle = round(x + width / 2, 1)
    return bar + (
        f'<path d="M{middle} {round(top - 9, 1)} {round(middle + 4, 1)} {round(top - 3, 1)} '
        f'{round(middle - 4, 1)} {round(top - 3, 1)}Z" fill="{ink}"/>'
    )


def _holds(report: Report) -> list[str]:
    """The holds in the period and their reasons: why those days expected nothing."""
    return _list_section("On hold", summary.hold_lines(report))


def _extra_doses(report: Report) -> list[str]:
    """The days with more doses than the schedule asked for (a double dose stands out here),
    and the doses taken a day or two late or early."""
    return [
        *_list_section("Extra doses", summary.extra_dose_lines(report)),
        *_list_section("Taken late or early", summary.moved_dose_lines(report)),
        *_list_section(summary.ABOVE_REGIMEN, summary.above_regimen_lines(report)),
    ]


def _list_section(title: str, lines: list[str]) -> list[str]:
    """A section of escaped list items under ``title``, or nothing when there are none."""
    if not lines:
        return []
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return [f"<section><h2>{escape(title)}</h2><ul>{items}</ul></section>"]


def _missed(report: Report) -> list[str]:
    """With --missed: each missed dose, its date and time (or that none was missed)."""
    if report.missed is None:
        return []
    if not report.missed:
        return [f"<section><h2>Missed doses</h2><p>{escape(summary.NOTHING_MISSED)}</p></section>"]
    rows = [summary.missed_cells(slot) for slot in report.missed]
    table = _table(summary.MISSED_HEADER, rows, set())
    return [f"<section><h2>Missed doses</h2>{table}</section>"]


def _out_of_range(report: Report) -> list[str]:
    return _list_section("Outside the documented range", summary.out_of_range_lines(report))


def _notes(report: Report) -> list[str]:
    rows = [[escape(cell) for cell in cells] for cells in summary.notes_rows(report)]
    for row in rows:
        if row[2].endswith("(voided)"):
            row[3] = f"<s>{row[3]}</s>"
    if not rows:
        return []
    return [
        "<section><h2>Notes and skip reasons</h2>",
        _table(summary.NOTES_HEADER, rows, set()),
        "</section>",
    ]


def _sources(footnotes: dict[str, int]) -> list[str]:
    """The footnotes, each document once, marked as they are in the text: "[1] US FDA ..."."""
    if not footnotes:
        return []
    items = "".join(f"<li>{marked(line)}</li>" for line in summary.footnote_lines(footnotes))
    return [f'<section><h2>Notes and sources</h2><ul class="notes">{items}</ul></section>']


_MARK = re.compile(r"\[(\d+)\]")


def marked(text: str) -> str:
    """``text`` escaped, its footnote numbers ("[1]") set as the summary's one footnote mark."""
    return _MARK.sub(r"<sup>[\1]</sup>", escape(text))
