"""Files and machine formats as plain strings: no Rich, identical on a terminal and in a pipe.

The package holds one module per kind of output; this module has the pieces
they share: JSON with exact decimals, spreadsheet-safe CSV, and the range
object of the JSON contracts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from medlog.model import DoseRange
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
    numbers stay numbers. A cell holding a comma, a semicolon (the separator
    of spreadsheets in many locales), a quote or a line break is quoted.
    """
    lines = [",".join(_quoted(str(cell)) for cell in header)]
    lines += [",".join(_quoted(_cell(value)) for value in row) for row in rows]
    return "".join(line + "\r\n" for line in lines)


def _quoted(text: str) -> str:
    if any(char in text for char in ',;"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


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
    """A range as the JSON contracts write it: {min, max, unit, per, source, kind,
    total_intake} or None (``kind``: own for a range the person set, label, typical or
    upper_limit: DESIGN.md "Range kinds")."""
    if dose_range is None:
        return None
    return {
        "min": dose_range.min,
        "max": dose_range.max,
        "unit": unit,
        "per": dose_range.per,
        "source": dose_range.source,
        "kind": dose_range.range_kind,
        "total_intake": dose_range.total_intake,
    }


def md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell or list item: no markup, no raw HTML, and no
    block its start would open (a ``~~~`` fence, a numbered or bullet list)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace("\\", "\\\\").replace("|", "\\|")
    for char in "*_`[]#~":
        escaped = escaped.replace(char, "\\" + char)
    escaped = _BLOCK_START.sub(r"\1\\", escaped, count=1)
    return escaped.replace("\r", " ").replace("\n", " ")


# Where a backslash goes to keep a line's start from opening a block: after the number of a
# numbered list's marker ("1. ", "2)"), or before a first "-", "+" or "=" (a bullet, a rule,
# a heading's underline).
_BLOCK_START = re.compile(r"^(\d{1,9}(?=[.)](?: |$))|(?=[-+=]))")


def md_table(header: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    """A Markdown pipe table, cells escaped, followed by a blank line."""
    lines = [
        "| " + " | ".join(md_cell(cell) for cell in header) + " |",
        "|" + "---|" * len(header),
    ]
    lines += ["| " + " | ".join(md_cell(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]
