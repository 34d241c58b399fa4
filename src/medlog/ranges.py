"""Documented ranges: parse what people type, describe them, and judge amounts against them.

A range has a min, a max or both, per dose or per day, in the item's unit,
and always carries its source. An upper limit alone is never "below".
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from medlog.errors import BadInput
from medlog.model import Amount, DoseRange, Event, Item
from medlog.units import (
    MAX_TEXT,
    NUMBER_PATTERN,
    canonical_unit,
    convert,
    format_amount,
    format_decimal,
    quote,
)

Verdict = Literal["below", "in", "above"]
ADHERENCE_THRESHOLD = Decimal("0.80")


def judge(amount: Decimal, dose_range: DoseRange) -> Verdict:
    """Where an amount falls against a range; an upper limit alone is never "below"."""
    if dose_range.min is not None and amount < dose_range.min:
        return "below"
    if dose_range.max is not None and amount > dose_range.max:
        return "above"
    return "in"


def dose_amount(item: Item, dose: Event) -> Decimal | None:
    """A dose's amount in the item's unit (None if its recorded unit cannot convert)."""
    if dose.amount is None or dose.unit is None:
        return None
    if dose.unit == item.unit:
        return dose.amount
    strength = None if item.strength is None else Amount(item.strength, item.unit)
    try:
        return convert(Amount(dose.amount, dose.unit), item.unit, form=item.form, strength=strength)
    except BadInput:
        return None


def _bound(name: str) -> str:
    return rf"(?P<{name}>{NUMBER_PATTERN})\s*(?P<{name}_unit>[a-zµμ]+)?"


_PER = r"(?:\s*(?:/|per\s+|a\s+)\s*(?P<per>day|dose))?"
_RANGE_RES = (
    _bound("low") + r"\s*(?:-|–|to)\s*" + _bound("high") + _PER,
    r"(?:max|up\s+to|<=|≤)\s*" + _bound("high") + _PER,
    r"(?:min|at\s+least|>=|≥)\s*" + _bound("low") + _PER,
)
RANGE_FORMS = "10-20mg/day, 200-400 mg/day, max 350mg/day, min 5mg/dose"


def parse_range(text: str) -> tuple[Amount | None, Amount | None, str]:
    """``10-20mg/day`` -> (10 mg, 20 mg, "day"); a bound without a unit takes the other's.

    A bound's unit may be missing on both sides; the caller then uses the item's
    unit (returned as ``""``). ``per`` defaults to ``day``. A minimum of zero is
    no minimum: ``0-1200mg/day`` is ``max 1200mg/day``.
    """
    spoken = " ".join(text.lower().split())
    match = None
    if len(spoken) <= MAX_TEXT * 2:
        match = next((m for pattern in _RANGE_RES if (m := re.fullmatch(pattern, spoken))), None)
    if match is None:
        raise BadInput(f"{quote(text)} is not a range; write it like {RANGE_FORMS}.")
    found = match.groupdict()
    shared_unit = found.get("high_unit") or found.get("low_unit") or ""
    bounds: list[Amount | None] = []
    for name in ("low", "high"):
        number = found.get(name)
        if number is None:
            bounds.append(None)
            continue
        unit_text = found.get(f"{name}_unit") or shared_unit
        bounds.append(Amount(Decimal(number), canonical_unit(unit_text) if unit_text else ""))
    low, high = bounds
    if low is not None and low.value == 0:
        low = None  # "0-1200mg/day" is an upper limit: nothing is below it
    if high is not None and high.value <= 0:
        raise BadInput(f"{quote(text)} has a maximum of zero; a maximum must be more than zero.")
    return low, high, found.get("per") or "day"


def format_range(low: Decimal | None, high: Decimal | None, unit: str, per: str) -> str:
    """A range for people: "10-20 mg/day", "up to 350 mg/day", "at least 5 mg/dose"."""
    if low is not None and high is not None:
        return f"{format_decimal(low)}\u2013{format_amount(high, unit)}/{per}"
    if high is not None:
        return f"up to {format_amount(high, unit)}/{per}"
    return f"at least {format_amount(low or Decimal(0), unit)}/{per}"


def range_text(item: Item) -> str:
    """The item's documented range for people, e.g. "10\u201320 mg/day"."""
    if item.range is None:
        return "no documented range"
    return format_range(item.range.min, item.range.max, item.unit, item.range.per)
