"""Documented ranges: parse what people type, describe them, and judge amounts against them.

A range has a min, a max or both, per dose or per day, in the item's unit,
and always carries its source. An upper limit alone is never "below".
"""

from __future__ import annotations

import re
from datetime import date
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
    format_number,
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
    """A dose's amount in the item's unit (None if its recorded unit cannot convert); a count
    of the form converts with the strength in force on the dose's day."""
    if dose.amount is None or dose.unit is None:
        return None
    if dose.unit == item.unit:
        return dose.amount
    try:
        return in_item_unit(item, Amount(dose.amount, dose.unit), dose.day)
    except BadInput:
        return None


def in_item_unit(item: Item, amount: Amount, day: date | None = None) -> Decimal:
    """``amount`` in the item's unit: through the strength in force on ``day`` (the item's own
    without one) for a count of its form, its IU factor for IU; anything else that does not
    convert is bad input."""
    form, strength = item.units_on(day) if day is not None else (item.form, item.strength)
    return convert(
        amount,
        item.unit,
        form=form,
        strength=per_form(strength, item.unit),
        mcg_per_iu=item.mcg_per_iu,
    )


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
        return f"{format_number(low)}\u2013{format_amount(high, unit)}/{per}"
    if high is not None:
        return f"up to {format_amount(high, unit)}/{per}"
    return f"at least {format_amount(low or Decimal(0), unit)}/{per}"


KIND_WORDS = {
    "label": " (US label)",
    "upper_limit": " (adult upper limit, 19+)",
    "typical": " (typical)",
    None: "",
}
TOTAL_INTAKE = "food counts toward it too, and medlog counts only what is logged"
"""Said wherever a limit on total intake (food, water and supplements) is shown."""


def kind_words(dose_range: DoseRange) -> str:
    """What kind of range it is, in brackets: " (US label)", " (adult upper limit, 19+)",
    " (upper limit from age 51)"."""
    words = KIND_WORDS[dose_range.kind]
    if dose_range.kind == "upper_limit" and dose_range.from_age is not None:
        words = f" (upper limit from age {dose_range.from_age})"
    if dose_range.total_intake:
        return words[:-1] + f"; {TOTAL_INTAKE})"
    return words


def judges_prescriptions(dose_range: DoseRange) -> bool:
    """False for an upper limit and for an OTC label's maximum (a label range with no
    minimum): for a prescription they are information (DESIGN.md "Range kinds")."""
    return dose_range.kind != "upper_limit" and not (
        dose_range.kind == "label" and dose_range.min is None
    )


def in_24_hours(item: Item) -> bool:
    """True when the item's range is a label's maximum judged over any 24 hours, as labels
    state it ("not more than 6 caplets in 24 hours"): an OTC or as-needed item's label
    maximum per day (DESIGN.md "Any 24 hours"). Never for a supervised item."""
    found = item.range
    return (
        found is not None
        and found.kind == "label"
        and found.per == "day"
        and found.min is None
        and found.max is not None
        and not item.supervised
        and (item.kind == "otc" or item.prn)
    )


def range_words(dose_range: DoseRange, unit: str, *, hours: bool = False) -> str:
    """A range and its kind for people: "10\u201320 mg/day (US label)"; with ``hours``, a
    label's maximum in any 24 hours: "up to 3000 mg in 24 hours (US label)"."""
    text = format_range(dose_range.min, dose_range.max, unit, dose_range.per)
    if hours:
        text = text.removesuffix("/day") + " in 24 hours"
    return text + kind_words(dose_range)


def range_text(item: Item) -> str:
    """The item's documented range for people, e.g. "10\u201320 mg/day (US label)", "up to
    100 mcg/day (adult upper limit, 19+)", "200\u2013400 mg/day (typical)"."""
    if item.range is None:
        return "no documented range"
    return range_words(item.range, item.unit, hours=in_24_hours(item))


def limit_words(dose_range: DoseRange, unit: str, *, hours: bool = False) -> str:
    """A maximum named as what it is: "the US label's maximum of 3000 mg in 24 hours", "the
    adult upper limit (19+) of 350 mg/day", "your limit of 1200 mg/day"."""
    most = format_amount(dose_range.max or Decimal(0), unit)
    per = " in 24 hours" if hours else f"/{dose_range.per}"
    if dose_range.kind == "label":
        return f"the US label's maximum of {most}{per}"
    if dose_range.kind == "upper_limit":
        intake = f" ({TOTAL_INTAKE})" if dose_range.total_intake else ""
        whose = (
            "the adult upper limit (19+)"
            if dose_range.from_age is None
            else f"the upper limit from age {dose_range.from_age}"
        )
        return f"{whose} of {most}{per}{intake}"
    if dose_range.kind == "typical":
        return f"the typical maximum of {most}{per}"
    return f"your limit of {most}{per}"


def judged(
    verdict: Verdict, item: Item, amount: Decimal | None = None, *, loud: bool = True
) -> str:
    """Where an amount stands against what judges the item, in words: "within
    10\u201320 mg/day (US label)", "under the adult upper limit (19+) of 100 mcg/day", "at the
    US label's maximum of 3000 mg in 24 hours", "ABOVE the adult upper limit (19+) of
    350 mg/day" (a typical range's day above its substance's lower upper limit), "below the
    US label's usual range of 10\u201320 mg/day" (a fact, never a shortfall to make up).
    ``loud``: "ABOVE" in capitals, as a confirmation line says it; a warning says "above"."""
    found = item.range
    if found is None:
        return "with no documented range"
    cap = item.cap
    if (
        verdict == "above"
        and cap is not None
        and amount is not None
        and judge(amount, cap) == "above"
    ):
        return f"{_above(loud)} {limit_words(cap, item.unit)}"
    hours = in_24_hours(item)
    if found.min is None and found.max is not None:
        limit = limit_words(found, item.unit, hours=hours)
        if verdict == "above":
            return f"{_above(loud)} {limit}"
        return f"{'at' if amount == found.max else 'under'} {limit}"
    if found.max is None and found.min is not None:
        least = f"the minimum of {format_amount(found.min, item.unit)}/{found.per}"
        return f"{'below' if verdict == 'below' else 'at or above'} {least}{kind_words(found)}"
    if verdict == "below" and found.kind == "label":
        usual = format_range(found.min, found.max, item.unit, found.per)
        return f"below the US label's usual range of {usual}"
    words = {"in": "within", "below": "below", "above": _above(loud)}[verdict]
    return f"{words} {range_text(item)}"


def _above(loud: bool) -> str:
    return "ABOVE" if loud else "above"


def judging(item: Item, total: Decimal) -> DoseRange | None:
    """The range whose source judges a day's ``total``: the cap when the total is above it,
    else the item's range."""
    if item.cap is not None and judge(total, item.cap) == "above":
        return item.cap
    return item.range


def day_verdict(total: Decimal, item: Item) -> Verdict | None:
    """A day's total judged by what judges the item: its per-day range, and a lower upper
    limit of its substance over a typical range (``Item.cap``); None without a per-day range."""
    found = item.range
    if found is None or found.per != "day":
        return None
    verdict = judge(total, found)
    if verdict != "above" and item.cap is not None and judge(total, item.cap) == "above":
        return "above"
    return verdict


def regimen_warnings(item: Item, version: RegimenVersion) -> list[str]:
    """What a new dose or schedule would do against what will judge it, said at once.

    A per-day range judges the daily amount (the dose times the doses a day,
    averaged over the schedule's cycle), and so does a lower upper limit over a
    typical range (``Item.cap``); an as-needed schedule with a daily maximum judges
    the most it allows; a per-dose range, and a label's most in one dose, judge
    the dose.
    """
    highest = version.highest_dose
    if highest is None:
        return []
    found = _dose_limit_warnings(item, highest)
    dose_range = item.range
    if dose_range is None:
        return found
    where = f"the documented range of {range_text(item)} (source: {dose_range.source})"
    dose = format_amount(highest, item.unit)
    if dose_range.per == "dose":
        verdict = judge(highest, dose_range)
        if verdict == "in":
            return found
        return [*found, f"A dose of {dose} of {item.name} is {verdict} {where}; {KEEP}"]
    schedule = version.schedule
    if version.by_weekday:
        return found + _weekday_warnings(item, version, where)
    per_day = doses_per_day(schedule)
    if per_day is None:
        if schedule.max_per_day is None or dose_range.max is None:
            return found
        most = highest * schedule.max_per_day
        if most <= dose_range.max:
            return found
        return [
            *found,
            f"{dose} up to {schedule.max_per_day} times a day allows "
            f"{format_amount(most, item.unit)} of {item.name} a day, above {where}; {KEEP}",
        ]
    from fractions import Fraction  # only add and edit get here

    daily = Fraction(highest) * per_day
    low = None if dose_range.min is None else Fraction(dose_range.min)
    high = None if dose_range.max is None else Fraction(dose_range.max)
    side = "below" if low is not None and daily < low else None
    side = "above" if high is not None and daily > high else side
    cap = item.cap
    if cap is not None and cap.max is not None and daily > Fraction(cap.max):
        side = "above"
        where = f"{limit_words(cap, item.unit)} (source: {cap.source})"
    if side is None:
        return found
    exact = Decimal(daily.numerator) / Decimal(daily.denominator)
    shown = format_amount(exact.quantize(Decimal("0.01")).normalize(), item.unit)
    average = "" if per_day.denominator == 1 else " on average"
    return [
        *found,
        f"{item.name} at {dose} {format_schedule(schedule)} comes to {shown} a day{average}, "
        f"{side} {where}; {KEEP}",
    ]


KEEP = "medlog keeps the change: the prescriber decides."


def _weekday_warnings(item: Item, version: RegimenVersion, where: str) -> list[str]:
    """A dose by weekday against a per-day range: the highest day and the lowest, each
    judged on its own (DESIGN.md "daily amount": never the average)."""
    from medlog.schedule import weekdays_text

    slots = max(len(version.schedule.times), 1)
    totals = {day: dose * slots for day, dose in enumerate(version.by_weekday) if dose is not None}
    found: list[str] = []
    for total in (max(totals.values()), min(totals.values())):
        verdict = day_verdict(total, item)
        if verdict in ("above", "below") and not any(verdict in text for text in found):
            days = weekdays_text(tuple(day for day, each in totals.items() if each == total))
            found.append(
                f"{item.name} comes to {format_amount(total, item.unit)} on {days}, {verdict} "
                f"{where}; {KEEP}"
            )
    return found


def dose_limit_text(item: Item) -> str:
    """A label's most in one dose: "the US label's most in one dose, 400 mg"."""
    found = item.dose_limit
    most = format_amount(found.max if found and found.max else Decimal(0), item.unit)
    return f"the US label's most in one dose, {most}"


def over_dose_limit(item: Item, amount: Decimal) -> bool:
    """True when one dose is above the label's most in one dose (never for a supervised
    item: a prescriber's directions replace the label's)."""
    found = item.dose_limit
    return found is not None and not item.supervised and judge(amount, found) == "above"


def _dose_limit_warnings(item: Item, dose: Decimal) -> list[str]:
    if not over_dose_limit(item, dose):
        return []
    source = item.dose_limit.source if item.dose_limit else ""
    return [
        f"A dose of {format_amount(dose, item.unit)} of {item.name} is above "
        f"{dose_limit_text(item)} (source: {source}); {KEEP}"
    ]
