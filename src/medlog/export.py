"""Machine formats as plain strings: JSON with exact decimals, and spreadsheet-safe CSV.

No Rich here: these bytes are identical on a terminal and in a pipe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from medlog.actions.history import History
from medlog.actions.report import Report
from medlog.model import DoseRange, Item
from medlog.schedule import format_schedule
from medlog.units import format_decimal

# A spreadsheet treats a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def json_text(value: Any) -> str:
    """``value`` as indented JSON; a Decimal is written as the number it is (80, not 80.0)."""
    out: list[str] = []
    _write_json(value, "", out)
    out.append("\n")
    return "".join(out)


def _write_json(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, Decimal):
        out.append(format_decimal(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + "  "
        out.append("{")
        for n, (key, item) in enumerate(value.items()):
            out.append(
                ("," if n else "") + "\n" + inner + json.dumps(key, ensure_ascii=False) + ": "
            )
            _write_json(item, inner, out)
        out.append("\n" + indent + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = indent + "  "
        out.append("[")
        for n, item in enumerate(value):
            out.append(("," if n else "") + "\n" + inner)
            _write_json(item, inner, out)
        out.append("\n" + indent + "]")
    elif isinstance(value, datetime | date):
        out.append(json.dumps(value.isoformat()))
    else:
        out.append(json.dumps(value, ensure_ascii=False))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """RFC 4180 CSV (CRLF line ends, so a CR inside a cell is quoted) with a header row.

    Text cells a spreadsheet would run as a formula are prefixed with ``'``;
    numbers stay numbers.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def range_document(dose_range: DoseRange | None, unit: str) -> dict[str, Any] | None:
    """A range as the JSON contracts write it: {min, max, unit, per, source} or None."""
    if dose_range is None:
        return None
    return {
        "min": dose_range.min,
        "max": dose_range.max,
        "unit": unit,
        "per": dose_range.per,
        "source": dose_range.source,
    }


def items_document(items: Iterable[Item]) -> dict[str, Any]:
    """``medlog.items/1``: each item with its unit, range and every regimen version."""
    return {
        "schema": "medlog.items/1",
        "items": [
            {
                "item": item.key,
                "name": item.name,
                "substance": item.substance,
                "kind": item.kind,
                "unit": item.unit,
                "form": item.form,
                "strength": item.strength,
                "prn": item.prn,
                "range": range_document(item.range, item.unit),
                "regimen": [
                    {
                        "from": version.start,
                        "dose": version.dose,
                        "schedule": format_schedule(version.schedule),
                        "until": version.until,
                    }
                    for version in item.regimen
                ],
                "stopped": item.stopped,
            }
            for item in items
        ],
    }


HISTORY_FIELDS = (
    "id",
    "type",
    "item",
    "amount",
    "unit",
    "at",
    "note",
    "reason",
    "voided",
    "given",
    "ref",
    "logged_at",
)


def history_rows(history: History) -> list[dict[str, Any]]:
    """Each history event as the ``medlog.history/1`` contract names its fields."""
    rows = []
    for entry in history.entries:
        event = entry.event
        item = event.item or (entry.target.item if entry.target else None)
        rows.append(
            {
                "id": event.id,
                "type": event.type,
                "item": item,
                "amount": event.amount,
                "unit": event.unit,
                "at": event.at,
                "note": event.note,
                "reason": event.reason,
                "voided": entry.voided_by is not None,
                "given": event.given,
                "ref": event.ref,
                "logged_at": event.logged_at,
            }
        )
    return rows


def history_json(history: History) -> str:
    """``medlog.history/1``: the period and its events, voided ones marked."""
    return json_text(
        {
            "schema": "medlog.history/1",
            "period": {"since": history.since, "until": history.until},
            "events": history_rows(history),
        }
    )


def history_csv(history: History) -> str:
    """One CSV row per history event, with the same fields as the JSON."""
    return csv_text(
        HISTORY_FIELDS, ([row[field] for field in HISTORY_FIELDS] for row in history_rows(history))
    )


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
    "as_needed",
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
                "as_needed": None
                if need is None
                else {
                    "doses": need.doses,
                    "per_week": need.per_week,
                    "days_over_max": need.days_over_max,
                    "too_soon": need.too_soon,
                },
            }
        )
    return rows


def report_json(report: Report) -> str:
    """``medlog.report/1``: the period and each item's figures, decimals exact."""
    return json_text(
        {
            "schema": "medlog.report/1",
            "generated_at": report.generated_at,
            "period": {"since": report.since, "until": report.until, "days": report.days},
            "items": report_items(report),
        }
    )


def report_csv(report: Report) -> str:
    """One CSV row per item with the JSON's keys; range and as_needed flattened."""
    header: list[str] = []
    for field in REPORT_FIELDS:
        if field == "range":
            header += ["range_min", "range_max", "range_unit", "range_per", "range_source"]
        elif field == "as_needed":
            header += [
                "as_needed_doses",
                "as_needed_per_week",
                "as_needed_days_over_max",
                "as_needed_too_soon",
            ]
        else:
            header.append(field)
    rows = []
    for row in report_items(report):
        flat: dict[str, Any] = {}
        for key, value in row.items():
            if key in ("range", "as_needed"):
                for inner in (k for k in header if k.startswith(key + "_")):
                    flat[inner] = None if value is None else value[inner[len(key) + 1 :]]
            else:
                flat[key] = value
        rows.append([flat[key] for key in header])
    return csv_text(header, rows)


def report_md(report: Report) -> str:
    """The report as Markdown: the same tables, calendar and out-of-range days as the terminal."""
    from medlog import summary

    def table(header: tuple[str, ...], rows: list[list[str]]) -> list[str]:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]
        return [*lines, ""]

    lines = [f"# {summary.period_title(report)}", ""]
    if not report.items:
        return "\n".join([*lines, "No items were in your regimen in this period.", ""])
    scheduled = summary.scheduled_rows(report)
    if scheduled:
        lines += table(summary.SCHEDULED_HEADER, [cells for _, cells in scheduled])
    as_needed = summary.as_needed_rows(report)
    if as_needed:
        lines += ["## As needed", ""]
        lines += table(summary.AS_NEEDED_HEADER, [cells for _, cells in as_needed])
    rows = summary.calendar_rows(report)
    width = max(len(row.label) for row in rows)
    lines += [
        "## Calendar, one mark a day",
        "",
        "```text",
        f"{'':<{width}}  {'':<8}  {summary.CALENDAR_RULER}",
    ]
    lines += [f"{row.label:<{width}}  {row.month:<8}  {row.text()}".rstrip() for row in rows]
    lines += [summary.LEGEND, "```", ""]
    if note := summary.calendar_note(report):
        lines += [note, ""]
    out_of_range = summary.out_of_range_lines(report)
    if out_of_range:
        lines += ["## Outside the documented range", ""]
        lines += [f"- {_md_cell(line)}" for line in out_of_range] + [""]
    lines += [
        f"Adherence is doses taken as scheduled over doses expected; below "
        f"{summary.THRESHOLD_TEXT} is flagged. Figures come from self-reported logs and are not "
        "medical advice.",
        "",
    ]
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    escaped = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
    for char in "*_`[]#":
        escaped = escaped.replace(char, "\\" + char)
    return escaped
