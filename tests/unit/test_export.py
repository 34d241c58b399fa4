"""export.py: JSON numbers are the exact decimals; CSV cells never run as formulas."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest

from medlog.export import csv_text, json_text


def test_json_writes_decimals_exactly() -> None:
    """80 stays 80, 0.1 stays 0.1, and the result is valid JSON."""
    text = json_text(
        {
            "a": Decimal("80"),
            "b": Decimal("0.10"),
            "c": [Decimal("79.99999"), None],
            "d": date(2026, 11, 27),
            "e": 'ü"',
            "f": {},
            "g": [],
        }
    )
    assert '"a": 80,' in text and '"b": 0.1,' in text and "79.99999" in text
    assert json.loads(text, parse_float=Decimal)["c"][0] == Decimal("79.99999")
    assert json.loads(text)["d"] == "2026-11-27"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralises_formula_starts(start: str) -> None:
    """A text cell starting with = + - @ tab or CR gets a leading quote."""
    rows = list(csv.reader(io.StringIO(csv_text(["note"], [[f"{start}SUM(A1)"]]), newline="")))
    assert rows[1] == [f"'{start}SUM(A1)"]


def test_csv_keeps_numbers_as_numbers() -> None:
    """Decimal amounts are written as plain numbers, unquoted."""
    assert csv_text(["amount"], [[Decimal("12.50")]]) == "amount\r\n12.5\r\n"


def test_csv_neutralises_tab_and_carriage_return_starts() -> None:
    """Cells starting with a tab or CR (which no loader lets in) are neutralised all the same."""
    text = csv_text(("a", "b"), [["\tx", "\rx"]])
    assert text == "a,b\r\n'\tx,\"'\rx\"\r\n"
