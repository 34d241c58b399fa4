"""The clinician summary's lab results: a table per test with the dose changes of the items
it concerns beside its results, and a chart for a test with 3 or more results in the period.

No reference range, band or verdict is drawn: targets such as an INR range are personal.
Every string is escaped; the chart is inline SVG.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape

from medlog.actions.report import Report
from medlog.labs import LabSeries, value_text
from medlog.sections import labs as sections
from medlog.units import format_decimal

WIDTH, LEFT, HEIGHT, BOTTOM = 640, 46, 120, 16


def lab_results(report: Report) -> list[str]:
    """The lab results section, or nothing when the period has none."""
    if not report.labs:
        return []
    parts = ["<section><h2>Lab results</h2>"]
    for series in report.labs:
        parts.append(f'<div class="chart"><h3>{escape(sections.series_title(series))}</h3>')
        if len(series.results) >= sections.CHART_LEAST:
            parts.append(_chart(report, series))
        rows = sections.series_rows(report, series)
        head = "".join(f"<th>{escape(cell)}</th>" for cell in sections.LAB_HEADER)
        body = "".join(
            f'<tr><td class="when">{escape(when)}</td><td>{escape(text)}</td></tr>'
            for when, text in rows
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")
    parts.append(f'<p class="source">{escape(sections.LAB_NOTE)}</p></section>')
    return parts


def _chart(report: Report, series: LabSeries) -> str:
    """Each result as a dot joined by a line over the report's days, a dashed line at each
    dose change of the items the test concerns; the axis from 0 to above the highest value."""
    first, last = report.since, report.until
    count = (last - first).days + 1
    step = (WIDTH - LEFT) / count
    values = [event.value or Decimal(0) for event in series.results]
    top = max(values) * Decimal("1.2")
    plot = HEIGHT - BOTTOM

    def x(day: date, seconds: int = 43200) -> float:
        return round(LEFT + ((day - first).days + seconds / 86400) * step, 1)

    def y(value: Decimal) -> float:
        return round(plot - float(value / top) * (plot - 6), 1)

    points = [
        (
            x(event.day, event.at.hour * 3600 + event.at.minute * 60),
            y(event.value or Decimal(0)),
            f"{event.at:%Y-%m-%d %H:%M}: {value_text(event.value or Decimal(0), series.unit)}",
        )
        for event in series.results
    ]
    line = " ".join(f"{px},{py}" for px, py, _ in points)
    dots = "".join(
        f'<circle cx="{px}" cy="{py}" r="2.6" fill="#1565c0"><title>{escape(label)}</title>'
        "</circle>"
        for px, py, label in points
    )
    marks = "".join(
        f'<line x1="{x(change.on, 0)}" x2="{x(change.on, 0)}" y1="2" y2="{plot}" '
        f'stroke="#6d4c41" stroke-dasharray="3 3"><title>'
        f"{escape(f'{change.on}: {change.item.name} {change.change}')}</title></line>"
        for change in sections.changes(report, series)
    )
    axis = (
        f'<line x1="{LEFT}" x2="{WIDTH}" y1="{plot}" y2="{plot}" stroke="#999"/>'
        f'<text x="{LEFT - 4}" y="{plot}" text-anchor="end">0</text>'
        f'<text x="{LEFT - 4}" y="{y(max(values)) + 3}" text-anchor="end">'
        f"{escape(format_decimal(max(values)))}</text>"
        f'<text x="{LEFT}" y="{HEIGHT - 3}">{first}</text>'
        f'<text x="{WIDTH}" y="{HEIGHT - 3}" text-anchor="end">{last}</text>'
        f'<text x="2" y="10">{escape(series.unit)}</text>'
    )
    described = (
        f"{series.name} from {first} to {last}, each result a dot; dashed lines mark dose "
        "changes; no reference range is drawn"
    )
    return (
        f'<svg role="img" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f"<title>{escape(described)}</title>{marks}{axis}"
        f'<polyline points="{line}" fill="none" stroke="#90caf9"/>{dots}</svg>'
    )
