"""Documented ranges: parse what people type, describe them, and judge amounts against them.

A range has a min, a max or both, per dose or per day, in the item's unit,
and always carries its source. An upper limit alone is never "below".
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from medlog.errors import BadInput, quote
from medlog.model import Amount, DoseRange, Event, Item, RegimenVersion
from medlog.schedule import doses_per_day, format_schedule
from medlog.units import (
    MAX_TEXT,
    NUMBER_PATTERN,
    canonical_unit,
    convert,
    format_amount,
    format_decimal,
    per_form,
)

Verdict = Literal["below", "in", "above"]


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
    try:
        return in_item_unit(item, Amount(dose.amount, dose.unit))
    except BadInput:
        return None


def in_item_unit(item: Item, amount: Amount) -> Decimal:
    """``amount`` in the item's unit: through its strength for a count of its form, its
    IU factor for IU; anything else that does not convert is bad input."""
    strength = per_form(item.strength, item.unit)
    return convert(amount, item.unit, form=item.form, strength=strength, mcg_per_iu=item.mcg_per_iu)


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


KIND_WORDS = {"label": "", "upper_limit": " (upper limit)", "typical": " (typical)", None: ""}


def range_text(item: Item) -> str:
    """The item's documented range for people, e.g. "10\u201320 mg/day", "up to 100 mcg/day
    (upper limit)", "200\u2013400 mg/day (typical)"."""
    if item.range is None:
        return "no documented range"
    found = item.range
    return format_range(found.min, found.max, item.unit, found.per) + KIND_WORDS[found.kind]


def judged(verdict: Verdict, item: Item) -> str:
    """Where an amount stands against the item's range, in words: "within 10\u201320 mg/day",
    "under the limit of 1200 mg/day", "ABOVE the limit of 100 mcg/day (upper limit)"."""
    found = item.range
    if found is None:
        return "with no documented range"
    kind = KIND_WORDS[found.kind]
    if found.min is None and found.max is not None:
        limit = f"the limit of {format_amount(found.max, item.unit)}/{found.per}{kind}"
        return f"{'ABOVE' if verdict == 'above' else 'under'} {limit}"
    if found.max is None and found.min is not None:
        least = f"the minimum of {format_amount(found.min, item.unit)}/{found.per}{kind}"
        return f"{'below' if verdict == 'below' else 'at or above'} {least}"
    words = {"in": "within", "below": "below", "above": "ABOVE"}[verdict]
    return f"{words} {range_text(item)}"


def regimen_warnings(item: Item, version: RegimenVersion) -> list[str]:
    """What a new dose or schedule would do against the documented range, said at once.

    A per-day range judges the daily amount (the dose times the doses a day,
    averaged over the schedule's cycle); an as-needed schedule with a daily
    maximum judges the most it allows; a per-dose range judges the dose.
    """
    dose_range = item.range
    if dose_range is None or version.dose is None:
        return []
    keep = "medlog keeps the change: the prescriber decides."
    where = f"the documented range of {range_text(item)} (source: {dose_range.source})"
    dose = format_amount(version.dose, item.unit)
    if dose_range.per == "dose":
        verdict = judge(version.dose, dose_range)
        if verdict == "in":
            return []
        return [f"A dose of {dose} of {item.name} is {verdict} {where}; {keep}"]
    schedule = version.schedule
    per_day = doses_per_day(schedule)
    if per_day is None:
        if schedule.max_per_day is None or dose_range.max is None:
            return []
        most = version.dose * schedule.max_per_day
        if most <= dose_range.max:
            return []
        return [
            f"{dose} up to {schedule.max_per_day} times a day allows "
            f"{format_amount(most, item.unit)} of {item.name} a day, above {where}; {keep}"
        ]
    from fractions import Fraction  # only add and edit get here

    daily = Fraction(version.dose) * per_day
    low = None if dose_range.min is None else Fraction(dose_range.min)
    high = None if dose_range.max is None else Fraction(dose_range.max)
    side = "below" if low is not None and daily < low else None
    side = "above" if high is not None and daily > high else side
    if side is None:
        return []
    exact = Decimal(daily.numerator) / Decimal(daily.denominator)
    shown = format_amount(exact.quantize(Decimal("0.01")).normalize(), item.unit)
    average = "" if per_day.denominator == 1 else " on average"
    return [
        f"{item.name} at {dose} {format_schedule(schedule)} comes to {shown} a day{average}, "
        f"{side} {where}; {keep}"
    ]
