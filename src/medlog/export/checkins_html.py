"""The clinician summary's parts about how the person has been: alerts and questions at the top,
then check-ins charted with a marker at each change of regimen, questionnaire scores, side
effects and before/after comparisons, and how soon entries were logged.

Every string is escaped; charts are inline SVG. Words come from ``summary`` so the HTML, the
Markdown and the terminal say the same.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from html import escape

from medlog import measures
from medlog.actions.report import Report
from medlog.checkins import measure_value
from medlog.measures import Measure
from medlog.regimen import RegimenChange, regimen_changes
from medlog.sections import checkins as sections

CHART_DAYS = 92
WIDTH, LEFT, HEIGHT, BOTTOM = 640, 46, 96, 16


def top(report: Report) -> list[str]:
    """What a clinician should read first: a PHQ-9 item 9 alert, and the person's questions."""
    parts = [f'<p class="alert">{escape(alert)}</p>' for alert in sections.item9_alerts(report)]
    questions = sections.question_lines(report)
    if questions:
        items = "".join(f"<li>{escape(line)}</li>" for line in questions)
        parts.append(f"<section><h2>Questions for this visit</h2><ul>{items}</ul></section>")
    return parts


def how_you_have_been(report: Report) -> list[str]:
    """The check-in section, or nothing when there were no check-ins."""
    how = report.checkins
    if not how.entries and not how.comparisons:
        return []
    parts = ["<section><h2>How you've been</h2>"]
    rows = sections.measure_rows(report)
    if rows:
        head = "".join(f"<th>{escape(cell)}</th>" for cell in sections.MEASURE_HEADER)
        body = "".join(
            "<tr>"
            + "".join(
                f'<td class="num">{escape(cell)}</td>' if n else f"<td>{escape(cell)}</td>"
                for n, cell in enumerate(row)
            )
            + "</tr>"
            for row in rows
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    changes = _changes(report)
    for measure in measures.MEASURES:
        if any(measure_value(e.checkin, measure) is not None for e in how.entries if e.checkin):
            parts.append(_chart(report, measure, changes))
    if changes:
        marked = "; ".join(f"{change.on}: {change.item.name} {change.change}" for change in changes)
        parts.append(
            f'<p class="source">Dashed lines mark changes of regimen: {escape(marked)}.</p>'
        )
    for title, lines in (
        ("Questionnaires", sections.questionnaire_lines(report)),
        ("Side effects", sections.side_effect_lines(report)),
        (
            "Before and after each change (14 days each side)",
            sections.comparison_lines(report),
        ),
    ):
        if lines:
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            parts.append(f"<h3>{escape(title)}</h3><ul>{items}</ul>")
    if how.comparisons:
        parts.append(f'<p class="source">{escape(sections.COMPARISON_CAVEAT)}</p>')
    parts.append("</section>")
    return parts


def provenance(report: Report) -> list[str]:
    """One honest sentence on how soon entries were logged."""
    sentence = sections.provenance_sentence(report)
    if sentence is None:
        return []
    return [
        f'<p class="source">{escape(sentence)} Entries filled in on a later day are marked '
        "&ldquo;logged later&rdquo; in the notes.</p>"
    ]


def _changes(report: Report) -> list[RegimenChange]:
    first = max(report.since, report.until - timedelta(days=CHART_DAYS - 1))
    found = [
        change
        for period in report.items
        for change in regimen_changes(period.item)
        if first <= change.on <= report.until
    ]
    return sorted(found, key=lambda change: change.on)


def _said(change: RegimenChange) -> str:
    return f"{change.on}: {change.item.name} {change.change}"


def _chart(report: Report, measure: Measure, changes: list[RegimenChange]) -> str:
    """Each entry of ``measure`` as a dot over the days, daily means joined by a line."""
    first = max(report.since, report.until - timedelta(days=CHART_DAYS - 1))
    count = (report.until - first).days + 1
    step = (WIDTH - LEFT) / count
    values: dict[date, list[Fraction]] = {}
    for event in report.checkins.entries:
        value = measure_value(event.checkin, measure) if event.checkin else None
        if value is not None and event.day >= first:
            values.setdefault(event.day, []).append(value)
    top_value = max([Fraction(10), *(v for day in values.values() for v in day)])
    plot = HEIGHT - BOTTOM

    def x(day: date) -> float:
        return round(LEFT + ((day - first).days + 0.5) * step, 1)

    def y(value: Fraction) -> float:
        return round(plot - float(value / top_value) * (plot - 6), 1)

    dots = "".join(
        f'<circle cx="{x(day)}" cy="{y(value)}" r="2.2" fill="#1565c0">'
        f"<title>{day}: {float(value):g}</title></circle>"
        for day, day_values in sorted(values.items())
        for value in day_values
    )
    means = " ".join(
        f"{x(day)},{y(sum(vs, Fraction(0)) / len(vs))}" for day, vs in sorted(values.items())
    )
    marks = "".join(
        f'<line x1="{x(change.on)}" x2="{x(change.on)}" y1="2" y2="{plot}" stroke="#6d4c41" '
        f'stroke-dasharray="3 3"><title>{escape(_said(change))}</title></line>'
        for change in changes
    )
    axis = (
        f'<line x1="{LEFT}" x2="{WIDTH}" y1="{plot}" y2="{plot}" stroke="#999"/>'
        f'<text x="{LEFT - 4}" y="{plot}" text-anchor="end">0</text>'
        f'<text x="{LEFT - 4}" y="{y(top_value) + 3}" text-anchor="end">{float(top_value):g}</text>'
        f'<text x="{LEFT}" y="{HEIGHT - 3}">{first}</text>'
        f'<text x="{WIDTH}" y="{HEIGHT - 3}" text-anchor="end">{report.until}</text>'
    )
    label = measure.heading
    return (
        f'<div class="chart"><h3>{escape(label)}</h3><svg role="img" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"><title>{escape(label)}, each entry '
        f"from {first} to {report.until}</title>{marks}{axis}"
        f'<polyline points="{means}" fill="none" stroke="#90caf9"/>{dots}</svg></div>'
    )
