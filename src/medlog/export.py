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
