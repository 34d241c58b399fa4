"""The clinician summary's parts about how the person has been: alerts and questions at the top;
on the first page the PHQ-9 and GAD-7 charted over their bands, the check-ins in small charts
with each change of regimen numbered, and side effects; later, the figures, the scores in words,
before/after comparisons, and how soon entries were logged.

Every string is escaped; charts are inline SVG. Words come from ``summary`` so the HTML, the
Markdown and the terminal say the same.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from fractions import Fraction
from html import escape

from medlog import measures
from medlog.actions.report import Report
from medlog.checkins import measure_value
from medlog.export.line_chart import Axis, Band, change_key, line_chart
from medlog.measures import Measure
from medlog.regimen import RegimenChange, regimen_changes
from medlog.sections import checkins as sections

CHART_DAYS = 92  # a longer period charts its last 92 days


def top(report: Report) -> list[str]:
    """What a clinician should read first: a PHQ-9 item 9 alert, and the person's questions."""
    parts = [f'<p class="alert">{escape(alert)}</p>' for alert in sections.item9_alerts(report)]
    questions = sections.question_lines(report)
    if questions:
        items = "".join(f"<li>{escape(line)}</li>" for line in questions)
        parts.append(f"<section><h2>Questions for this visit</h2><ul>{items}</ul></section>")
    return parts


def charts(report: Report) -> list[str]:
    """Is it helping: the PHQ-9 and GAD-7 totals over their bands, each point with its value,
    then mood, anxiety and sleep in small charts, two a row, every chart with the same
    numbered changes of regimen; under them the key to the numbers, what a total is, and
    that a change beside a score does not show its cause. Nothing without check-ins."""
    from medlog.questionnaires import SCREENING

    changes = chart_changes(report)
    scored = _score_charts(report, changes)
    measured = _measure_charts(report, changes)
    if not scored and not measured:
        return []
    screening = f"Each total is {escape(SCREENING)}. " if scored else ""
    screening += "".join(f"{escape(line)}. " for line in sections.baseline_lines(report))
    return [
        "<section><h2>How it is going</h2>",
        *(
            f'<div class="multiples">{"".join(found)}</div>'
            for found in (scored, measured)
            if found
        ),
        f'<p class="source">{screening}{_key(changes)}'
        f"{escape(sections.COMPARISON_CAVEAT)}</p></section>",
    ]


def _score_charts(report: Report, changes: list[RegimenChange]) -> list[str]:
    """A chart per questionnaire with scores, reaching back to its baseline (the last score
    before the period) when that is within the charts' 92 days."""
    from medlog.questionnaires import QUESTIONNAIRES

    how = report.checkins
    found = []
    for key, in_period, baseline in (
        ("phq9", how.phq9, how.phq9_before),
        ("gad7", how.gad7, how.gad7_before),
    ):
        first, scores = _first_day(report), in_period
        if baseline is not None and (report.until - baseline.date).days < CHART_DAYS:
            first, scores = baseline.date, (baseline, *in_period)  # before the period
        if not scores:
            continue
        questionnaire = QUESTIONNAIRES[key]  # type: ignore[index]
        highs = [low for low, _ in questionnaire.bands[1:]] + [questionnaire.max_total]
        bands = [
            Band(Fraction(low), Fraction(high), name)
            for (low, name), high in zip(questionnaire.bands, highs, strict=True)
        ]
        axis = Axis(Fraction(0), Fraction(questionnaire.max_total), tuple(b.low for b in bands))
        points = [(score.date, Fraction(score.total)) for score in scores if score.date >= first]
        title = f"{questionnaire.title} (0-{questionnaire.max_total}, higher is worse)"
        days = (first, report.until)
        found.append(line_chart(title, points, days, axis, changes, bands, 315, 100, values=True))
    return found


def _measure_charts(report: Report, changes: list[RegimenChange]) -> list[str]:
    first = _first_day(report)
    found = []
    for measure in measures.MEASURES:
        points = [
            (event.day, value)
            for event in report.checkins.entries
            if event.checkin
            and event.day >= first
            and (value := measure_value(event.checkin, measure)) is not None
        ]
        if points:
            axis = _measure_axis(measure, [value for _, value in points])
            days = (first, report.until)
            found.append(line_chart(measure.heading, points, days, axis, changes, (), 315, 64))
    return found


def _measure_axis(measure: Measure, values: list[Fraction]) -> Axis:
    """A rating's 0 to 10; hours slept fitted to the hours recorded, a tick each hour."""
    if measure.kind != "minutes":
        return Axis(Fraction(0), Fraction(10), (Fraction(0), Fraction(5), Fraction(10)))
    low = max(0, math.floor(min(values)) - 1)
    high = max(math.ceil(max(values)) + 1, low + 2)
    every = 1 if high - low <= 3 else 2
    ticks = tuple(Fraction(hour) for hour in range(low, high + 1, every))
    return Axis(Fraction(low), Fraction(high), ticks, "h")


def _key(changes: list[RegimenChange]) -> str:
    return f"{escape(change_key(changes))}. " if changes else ""


def side_effects(report: Report) -> list[str]:
    """The side effects recorded in the period, or nothing."""
    lines = sections.side_effect_lines(report)
    if not lines:
        return []
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return [f"<section><h2>Side effects</h2><ul>{items}</ul></section>"]


def how_you_have_been(report: Report) -> list[str]:
    """The check-ins' figures and each measure before and after a change, or nothing when
    there were no check-ins (their charts are on the first page)."""
    rows = sections.measure_rows(report)
    compared = sections.comparison_lines(report)
    scored = sections.questionnaire_lines(report)
    if not rows and not compared and not scored:
        return []
    parts = ["<section><h2>How you've been: figures</h2>"]
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
        parts.append(  # a row per measure: short enough to keep on one page
            f'<div class="pair fit"><table class="keep"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )
    else:
        parts.append('<div class="pair fit">')
    if scored:  # beside the table, as they are short lines
        items = "".join(f"<li>{escape(line)}</li>" for line in scored)
        parts.append(f'<ul class="scores">{items}</ul>')
    parts.append("</div>")
    if compared:
        items = "".join(f"<li>{escape(line)}</li>" for line in compared)
        parts.append(
            f"<h3>Before and after each change (14 days each side)</h3><ul>{items}</ul>"
            f'<p class="source">{escape(sections.COMPARISON_CAVEAT)}</p>'
        )
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


def _first_day(report: Report) -> date:
    """The first day the charts show: the period's, or its last 92 days."""
    return max(report.since, report.until - timedelta(days=CHART_DAYS - 1))


def chart_changes(report: Report) -> list[RegimenChange]:
    """The changes of regimen the charts mark, in date order (numbered from 1 in this order);
    not those on the charts' first day, which have no before to compare with."""
    first = _first_day(report)
    found = [
        change
        for period in report.items
        for change in regimen_changes(period.item)
        if first < change.on <= report.until
    ]
    return sorted(found, key=lambda change: change.on)
