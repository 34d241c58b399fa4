"""The adherence report as JSON (medlog.report/1), CSV and Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from medlog.actions.report import Report
from medlog.checkins import CheckinReport
from medlog.export import csv_text, json_text, md_cell, md_table, range_document
from medlog.ingredients import in_24_hours
from medlog.model import Item
from medlog.sections import calendar as calendar_section
from medlog.sections import checkins as checkins_section
from medlog.sections.labs import labs_document
from medlog.sections.weekly import weekly_document
from medlog.timeparse import format_duration

REPORT_FIELDS = (
    "item",
    "name",
    "substance",
    "kind",
    "prn",
    "unit",
    "expected_doses",
    "taken_doses",
    "counted_doses",
    "skipped_doses",
    "missed_doses",
    "adherence",
    "days_expected",
    "days_covered",
    "on_time",
    "total_amount",
    "range",
    "days_in_range",
    "days_below_range",
    "days_above_range",
    "doses_out_of_range",
    "below_threshold",
    "pending_doses",
    "extra_doses",
    "as_needed",
    "dose_limit",
    "judged_by",
    "late_doses",
    "early_doses",
)


def report_items(report: Report) -> list[dict[str, Any]]:
    """Each item's figures as the ``medlog.report/1`` contract names them."""
    rows = []
    for period in report.items:
        item = period.item
        need = period.as_needed
        rows.append(
            {
                "item": item.key,
                "name": item.name,
                "substance": item.substance,
                "kind": item.kind,
                "prn": item.prn,
                "unit": item.unit,
                "expected_doses": period.expected_doses,
                "taken_doses": period.taken_doses,
                "counted_doses": period.counted_doses,
                "skipped_doses": period.skipped_doses,
                "missed_doses": period.missed_doses,
                "adherence": period.adherence,
                "days_expected": period.days_expected,
                "days_covered": period.days_covered,
                "on_time": period.on_time,
                "total_amount": period.total_amount,
                "range": range_document(item.range, item.unit),
                "days_in_range": period.days_in_range,
                "days_below_range": period.days_below_range,
                "days_above_range": period.days_above_range,
                "doses_out_of_range": period.doses_out_of_range,
                "below_threshold": period.below_threshold,
                "pending_doses": period.pending_doses,
                "extra_doses": period.extra_doses,
                "as_needed": None
                if need is None
                else {
                    "doses": need.doses,
                    "per_week": need.per_week,
                    "days_over_max": need.days_over_max,
                    "too_soon": need.too_soon,
                    "doses_after_stop": need.after_stop,
                    "days_over_24h_amount": need.days_over_24h_amount,
                    "doses_over_dose_max": need.doses_over_dose_max,
                },
                "dose_limit": range_document(item.dose_limit, item.unit),
                "judged_by": range_document(item.cap, item.unit) if item.cap else None,
                "stop_reason": _stop_reason(item, report.until),
                "holds": [
                    {"from": held.start, "through": held.until, "reason": held.reason}
                    for held in item.holds
                    if held.start <= report.until and held.until >= report.since
                ],
                "late_doses": period.late_doses,
                "early_doses": period.early_doses,
                "weekly_totals": weekly_document(period),
            }
        )
    return rows


def _stop_reason(item: Item, until: date) -> str | None:
    """Why the item was stopped, when it was stopped by ``until`` (the report's last day)."""
    begun = [version for version in item.regimen if version.start <= until]
    last = begun[-1] if begun else None
    if last is None or last.until is None or last.until > until:
        return None
    return last.stop_reason


def report_json(report: Report) -> str:
    """``medlog.report/1``: the period, each item's figures (decimals exact), check-ins,
    questions for the visit, and when entries were logged."""
    how = report.checkins
    return json_text(
        {
            "schema": "medlog.report/1",
            "generated_at": report.generated_at,
            "period": {"since": report.since, "until": report.until, "days": report.days},
            "first_entry": report.first_entry,
            "items": report_items(report),
            "checkins": checkins_document(how),
            "questions": [{"date": q.date, "text": q.text} for q in how.questions],
            "provenance": report.provenance._asdict(),
            "pdc": [group._asdict() for group in report.pdc],
            "ingredients": [
                {
                    "substance": figures.limit.substance,
                    "unit": figures.limit.unit,
                    "limit": range_document(figures.limit.range, figures.limit.unit),
                    "days_with_intake": figures.days_with_intake,
                    "days_above_limit": figures.days_above_limit,
                    "days_as_information": figures.days_as_information,
                    "judged_over": "24 hours" if in_24_hours(figures.limit) else "day",
                    "max_day_total": figures.max_day_total,
                    "items": list(figures.items),
                }
                for figures in report.ingredients
            ],
            "spacing_misses": [
                {
                    "a": figures.rule.a,
                    "b": figures.rule.b,
                    "before": format_duration(figures.rule.before),
                    "after": format_duration(figures.rule.after),
                    "source": figures.rule.source,
                    "misses": figures.misses,
                }
                for figures in report.spacing
            ],
            "labs": labs_document(report),
        }
        | _missed_document(report)
    )


def _missed_document(report: Report) -> dict[str, Any]:
    """``missed`` (with --missed): each missed slot, as ``history --missed`` writes it."""
    if report.missed is None:
        return {}
    from medlog.export.listing import missed_rows

    return {"missed": missed_rows(report.missed)}


def checkins_document(how: CheckinReport) -> dict[str, Any]:
    """The check-in figures as the report's ``checkins`` object."""
    return {
        "measures": {
            figures.measure: {
                "n": figures.n,
                "mean": figures.mean,
                "min": figures.min,
                "max": figures.max,
                "last": figures.last,
            }
            for figures in how.measures
        },
        "phq9": [
            {"date": s.date, "total": s.total, "band": s.band, "item9": s.item9} for s in how.phq9
        ],
        "gad7": [{"date": s.date, "total": s.total, "band": s.band} for s in how.gad7],
        "baselines": {
            key: {"date": score.date, "total": score.total, "band": score.band}
            for key, score in (("phq9", how.phq9_before), ("gad7", how.gad7_before))
            if score is not None
        },
        "side_effects": [
            {"name": e.name, "days": e.days, "worst": e.worst, "last": e.last}
            for e in how.side_effects
        ],
        "side_effect_episodes": [
            {
                "name": e.name,
                "first": e.first,
                "last": e.last,
                "worst": e.worst,
                "worst_first": e.worst_first,
                "days": e.days,
                "gone": e.gone,
            }
            for e in how.episodes
        ],
        "comparisons": [
            {
                "item": c.item,
                "change": c.change,
                "on": c.on,
                "measure": c.measure,
                "before": c.before._asdict(),
                "after": c.after._asdict(),
                "difference": c.difference,
                "reason": c.reason,
            }
            for c in how.comparisons
        ],
    }


# Columns are only ever appended (README "Compatibility"): a new key of a nested object gets
# a column at the end, never beside its kin, and so does a new key of an item ((key, None)).
CSV_NESTED = {
    "range": ("min", "max", "unit", "per", "source"),
    "as_needed": ("doses", "per_week", "days_over_max", "too_soon", "doses_after_stop"),
}
CSV_APPENDED = (
    ("as_needed", "days_over_24h_amount"),
    ("as_needed", "doses_over_dose_max"),
    ("range", "kind"),
    ("dose_limit", "max"),
    ("dose_limit", "source"),
    ("judged_by", "max"),
    ("judged_by", "source"),
    ("late_doses", None),
    ("early_doses", None),
)


def report_csv(report: Report) -> str:
    """One CSV row per item with the JSON's keys; nested objects flattened (range_min, ...);
    last, ``item9_alerts``: each PHQ-9 of the period whose question 9 was answered above 0."""
    columns: list[tuple[str, str | None]] = []
    for field in REPORT_FIELDS:
        if field in CSV_NESTED:
            columns += [(field, inner) for inner in CSV_NESTED[field]]
        elif field not in {outer for outer, _ in CSV_APPENDED}:
            columns.append((field, None))
    columns += CSV_APPENDED
    header = [field if inner is None else f"{field}_{inner}" for field, inner in columns]
    rows = []
    for row in report_items(report):
        cells = []
        for field, inner in columns:
            value = row[field]
            cells.append(value if inner is None else None if value is None else value[inner])
        rows.append(cells)
    from medlog.sections.checkins import item9_alerts

    # Appended, as columns only ever are: every row carries a PHQ-9 question 9 above 0.
    alerts = " ".join(item9_alerts(report)) or None
    return csv_text([*header, "item9_alerts"], [[*row, alerts] for row in rows])


def code_fence(texts: Iterable[str]) -> str:
    """A Markdown code fence longer than any run of backticks in ``texts``, so none can close it."""
    longest = max((len(run) for text in texts for run in re.findall("`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _missed_md(report: Report) -> list[str]:
    """With --missed: a table of each missed dose (or that none was missed)."""
    from medlog import summary

    if report.missed is None:
        return []
    if not report.missed:
        return ["## Missed doses", "", summary.NOTHING_MISSED, ""]
    rows = [summary.missed_cells(slot) for slot in report.missed]
    return ["## Missed doses", "", *md_table(summary.MISSED_HEADER, rows)]


def report_md(
    report: Report,
    title: str | None = None,
    *,
    notes: bool = True,
    every_group: bool = False,
    brief: bool = False,
) -> str:
    """The clinician summary as Markdown: the HTML summary's sections, as lists, tables and
    text (PDC for groups with a prescription item, or ``every_group``); ``brief``: only the
    first page's. The sources are Markdown footnotes ([^1]), which read as well unrendered."""
    from medlog import summary
    from medlog.sections.visit import page_one

    heading = f"{title}: medication summary" if title else "Medication summary"
    lines = [
        f"# {md_cell(heading)}",
        "",
        f"{report.since} to {report.until} ({summary.days_text(report.days)}). Generated "
        f"{report.generated_at:%Y-%m-%d %H:%M} by medlog.",
        "",
    ]
    if earlier := summary.earlier_note(report):
        lines += [earlier, ""]  # medlog's own words: a date and a command, no markup
    for alert in checkins_section.item9_alerts(report):
        lines += [f"**{md_cell(alert)}**", ""]
    for section, said in page_one(report):
        lines += _bullets(section, said)
    if not report.items:
        lines += ["No items were in your regimen in this period.", ""]
    elif not brief:
        lines += _the_rest_md(report, every_group)
    if notes and not brief and (noted := summary.notes_rows(report)):
        lines += ["## Notes and skip reasons", "", *md_table(summary.NOTES_HEADER, noted)]
    if not brief and (sentence := checkins_section.provenance_sentence(report)):
        lines += [md_cell(sentence), ""]
    lines += [f"_{md_cell(summary.FOOTER)}_", ""]
    sources = summary.report_footnotes(report, pending=True) if not brief else {}
    lines += [f"[^{number}]: {md_cell(text)}" for number, text in summary.footnote_texts(sources)]
    return _footnote_marks("\n".join(lines)).rstrip("\n") + "\n"


_ESCAPED_MARK = re.compile(r"\\\[(\d+)\\\]")


def _footnote_marks(text: str) -> str:
    """medlog's source numbers ("[1]", escaped as "\\[1\\]") as Markdown footnote marks."""
    return _ESCAPED_MARK.sub(r"[^\1]", text)


def _the_rest_md(report: Report, every_group: bool) -> list[str]:
    """What follows the first page: the tables that prove its figures, then the details."""
    from medlog import summary
    from medlog.sections.pdc import PDC_HEADER, PDC_NOTE, pdc_left_out, pdc_rows
    from medlog.sections.substances import SUBSTANCE_HEADER, SUBSTANCE_NOTE, substance_rows

    lines = _bullets("Notes from the labels", summary.label_note_lines(report))
    lines += _adherence_md(report)
    pdc = pdc_rows(report, every_group=every_group)
    left_out = pdc_left_out(report, every_group=every_group)
    if pdc or left_out:
        lines += ["## Proportion of days covered (from fills)", ""]
    if pdc:
        lines += md_table(PDC_HEADER, [cells for _, cells in pdc])
        lines += [md_cell(PDC_NOTE), ""]
    if left_out:
        lines += [md_cell(left_out), ""]
    if substances := substance_rows(report):
        lines += ["## Substances across items", ""]
        lines += md_table(SUBSTANCE_HEADER, [cells for _, cells in substances])
        lines += [md_cell(SUBSTANCE_NOTE), ""]
    lines += _bullets("Notes on this combination", summary.interaction_lines(report))
    lines += _calendar_md(report)
    lines += _totals_md(report)
    lines += _bullets("Outside the documented range", summary.out_of_range_lines(report))
    lines += _bullets("On hold", summary.hold_lines(report))
    lines += _bullets("Extra doses", summary.extra_dose_lines(report))
    lines += _bullets("Taken late or early", summary.moved_dose_lines(report))
    lines += _bullets(summary.ABOVE_REGIMEN, summary.above_regimen_lines(report))
    lines += _missed_md(report)
    lines += labs_md(report)
    lines += comparisons_md(report)
    return lines


def _bullets(title: str, items: list[str]) -> list[str]:
    """A section of bullet points, or nothing when there are none."""
    if not items:
        return []
    return [f"## {title}", "", *(f"- {md_cell(item)}" for item in items), ""]


def _adherence_md(report: Report) -> list[str]:
    from medlog import summary

    lines: list[str] = []
    scheduled = summary.scheduled_rows(report)
    if scheduled:
        lines += ["## Adherence: figures", ""]
        due = summary.pending_mark(report)
        rows = [
            [cells[0] + (due if period.pending_doses else ""), *cells[1:]]
            for period, cells in scheduled
        ]
        lines += md_table(summary.SCHEDULED_HEADER, rows)
        lines += [f"Below {summary.THRESHOLD_TEXT} is flagged.", ""]
    as_needed = summary.as_needed_rows(report)
    if as_needed:
        lines += ["## As needed", ""]
        lines += md_table(summary.AS_NEEDED_HEADER, [cells for _, cells in as_needed])
    lines += ["## Regimen", ""]
    lines += md_table(summary.TIMELINE_HEADER, summary.timeline_rows(report))
    from medlog.sections.weekly import WEEKLY_HEADER, WEEKLY_NOTE, weekly_rows

    if weekly := weekly_rows(report):
        lines += ["## Weekly totals (doses by weekday)", ""]
        lines += md_table(WEEKLY_HEADER, weekly)
        lines += [md_cell(WEEKLY_NOTE), ""]
    return lines


def _calendar_md(report: Report) -> list[str]:

    rows = calendar_section.calendar_rows(report)
    width = max(len(row.label) for row in rows)
    fence = code_fence(row.label for row in rows)
    lines = [
        "## Calendar, one mark a day",
        "",
        f"{fence}text",
        f"{'':<{width}}  {'':<8}  {calendar_section.CALENDAR_RULER}",
    ]
    lines += [f"{row.label:<{width}}  {row.month:<8}  {row.text()}".rstrip() for row in rows]
    lines += [calendar_section.LEGEND, fence, ""]
    if note := calendar_section.calendar_note(report):
        lines += [note, ""]
    return lines


def _totals_md(report: Report) -> list[str]:
    from medlog import summary

    header, totals = summary.totals_rows(report)
    if not totals:
        return []
    lines = ["## Day totals against the documented range", ""]
    if partly := summary.totals_note(report):
        lines += [partly, ""]
    return lines + md_table(tuple(header), totals)


def labs_md(report: Report) -> list[str]:
    """The lab results, a table per test with the dose changes beside them."""
    from medlog.sections import labs

    if not report.labs:
        return []
    lines = ["## Lab results", ""]
    for series in report.labs:
        lines += [f"### {md_cell(labs.series_title(series))}", ""]
        lines += md_table(labs.LAB_HEADER, labs.series_rows(report, series))
    return [*lines, md_cell(labs.LAB_NOTE), ""]


def comparisons_md(report: Report) -> list[str]:
    """Each measure before and after each change (the figures and scores are on page one)."""
    lines = checkins_section.comparison_lines(report)
    if not lines:
        return []
    return [
        *_bullets("Before and after each change", lines),
        md_cell(checkins_section.COMPARISON_CAVEAT),
        "",
    ]
