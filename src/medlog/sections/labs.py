"""The report's lab results as plain cells and lines: each test's results in time order, set
beside the dose changes of the items it concerns (an INR beside warfarin's), with no reference
range and no verdict.

Shared by the terminal (render/report.py) and the files (export/report.py, export/html.py),
so they can never disagree.
"""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from typing import Any

from medlog.actions.report import Report
from medlog.labs import LabSeries, value_text
from medlog.regimen import RegimenChange, regimen_changes
from medlog.timeparse import localize

LAB_HEADER = ("When", "Result or dose change")
LAB_NOTE = (
    "Lab results as logged, with no reference range and no verdict: targets such as an INR "
    "range are set for each person by their prescriber."
)
CHART_LEAST = 3  # a test with at least this many results in the period gets a chart


def series_title(series: LabSeries) -> str:
    """ "INR (6301-6), beside Warfarin's dose changes"; "Ferritin (ng/mL)" for a test of the
    person's own."""
    code = series.loinc or series.unit
    title = f"{series.name} ({code})"
    if series.items:
        names = ", ".join(item.name for item in series.items)
        title += f", beside the dose changes of {names}"
    return title


def series_rows(report: Report, series: LabSeries) -> list[list[str]]:
    """The series' results and its items' dose changes in the period, in time order (a change
    counts from the start of its day): "2026-11-13 09:00", "INR 2.4 (clinic)"."""
    found: list[tuple[datetime, int, str, str]] = []
    for event in series.results:
        text = f"{series.name} {value_text(event.value or Decimal(0), series.unit)}"
        if event.note:
            text += f" ({event.note})"
        found.append((event.at, 1, f"{event.at:%Y-%m-%d %H:%M}", text))
    for change in changes(report, series):
        moment = localize(datetime.combine(change.on, time()))
        found.append((moment, 0, str(change.on), f"{change.item.name} {change.change}"))
    found.sort(key=lambda row: (row[0], row[1]))
    return [[when, text] for _, _, when, text in found]


def changes(report: Report, series: LabSeries) -> list[RegimenChange]:
    """The dose changes of the series' items in the report's period."""
    return [
        change
        for item in series.items
        for change in regimen_changes(item)
        if report.since <= change.on <= report.until
    ]


def labs_document(report: Report) -> list[dict[str, Any]]:
    """The report JSON's ``labs``: each series with its results and the dose changes beside it."""
    return [
        {
            "test": series.test,
            "name": series.name,
            "unit": series.unit,
            "loinc": series.loinc,
            "items": [item.key for item in series.items],
            "results": [
                {"id": event.id, "at": event.at, "value": event.value, "note": event.note}
                for event in series.results
            ],
            "changes": [
                {"item": change.item.key, "on": change.on, "change": change.change}
                for change in changes(report, series)
            ],
        }
        for series in report.labs
    ]
