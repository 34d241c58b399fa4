"""The schedule grammar: text <-> Schedule, and the dose slots a schedule expects on a day.

Forms (case-insensitive)::

    daily                       one dose a day, at no set time
    daily 08:00,20:00           doses at set times
    every 2 days 08:00          counted from the regimen version's start
    mon,wed,fri 09:00           on those weekdays
    weekly sun 10:00            once a week
    as needed [max 3/day] [min interval 4h]

Pure code: nothing here reads the clock.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import TYPE_CHECKING

from medlog.errors import BadInput
from medlog.model import RegimenVersion, Schedule
from medlog.timeparse import format_duration, parse_duration, parse_time_of_day

if TYPE_CHECKING:
    from fractions import Fraction

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES = {name: n for n, name in enumerate(WEEKDAYS)} | {
    full: n
    for n, full in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
FORMS = (
    "daily, daily 08:00, daily 8am,8pm, every 2 days 08:00, mon,wed,fri 09:00, "
    "weekly sun 10:00, as needed, as needed max 3/day min interval 4h"
)
MAX_SLOTS_PER_DAY = 24
MAX_EVERY_DAYS = 366
_MAX_TEXT = 120
_TIMES = r"(?:\s+(?P<times>(?:\d|noon)[\d:.,\sapmno]*))?"
_DAILY_RE = r"daily" + _TIMES
_EVERY_RE = r"every\s+(?P<n>\d{1,3})\s+days?" + _TIMES
_WEEKLY_RE = r"weekly\s+(?P<days>[a-z]+)" + _TIMES
_WEEKDAYS_RE = r"(?P<days>[a-z]+(?:\s*,\s*[a-z]+)*)" + _TIMES
_PRN_RE = r"(?:as\s+needed|prn)(?P<rest>.*)"
_MAX_RE = r"max\s+(?P<n>\d{1,2})\s*(?:/\s*day|per\s+day|a\s+day)"
_INTERVAL_RE = r"min(?:imum)?\s+interval\s+(?P<span>[\dhmins ]+?)(?=\s*(?:,|max\b|$))"


def parse_schedule(text: str) -> Schedule:
    """The Schedule a person's text describes; unknown text is bad input listing the forms."""
    spoken = " ".join(text.lower().split())
    if not spoken or len(spoken) > _MAX_TEXT:
        raise _unknown(text)
    if match := re.fullmatch(_PRN_RE, spoken):
        return _parse_prn(match.group("rest"), text)
    if match := re.fullmatch(_DAILY_RE, spoken):
        return Schedule("daily", _parse_times(match.group("times")))
    if match := re.fullmatch(_EVERY_RE, spoken):
        every = int(match.group("n"))
        if not 1 <= every <= MAX_EVERY_DAYS:
            raise BadInput(f"'every {every} days' must count between 1 and {MAX_EVERY_DAYS} days.")
        times = _parse_times(match.group("times"))
        return Schedule("daily", times) if every == 1 else Schedule("every", times, every)
    match = re.fullmatch(_WEEKLY_RE, spoken) or re.fullmatch(_WEEKDAYS_RE, spoken)
    if match is None:
        raise _unknown(text)
    days = _parse_weekdays(match.group("days"), text)
    if match.re.pattern == _WEEKLY_RE and len(days) != 1:
        raise _unknown(text)
    return Schedule("weekdays", _parse_times(match.group("times")), weekdays=days)


def _parse_prn(rest: str, text: str) -> Schedule:
    clauses = rest.replace(",", " ").strip()
    max_match = re.search(_MAX_RE, clauses)
    interval_match = re.search(_INTERVAL_RE, clauses)
    leftover = clauses
    for found in (max_match, interval_match):
        if found:
            leftover = leftover.replace(found.group(0), " ", 1)
    if leftover.strip():
        raise _unknown(text)
    max_per_day = int(max_match.group("n")) if max_match else None
    if max_per_day is not None and not 1 <= max_per_day <= MAX_SLOTS_PER_DAY:
        raise BadInput(f"'max {max_per_day}/day' must allow between 1 and 24 doses a day.")
    interval = parse_duration(interval_match.group("span")) if interval_match else None
    return Schedule("prn", max_per_day=max_per_day, min_interval=interval)


# One time of day in a schedule: 08:00, 8am, 8:30 pm, 8.30pm, noon.
_CLOCK = r"(?:noon|\d{1,2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?)"


def _parse_times(text: str | None) -> tuple[time, ...]:
    if text is None:
        return ()
    parts = re.findall(_CLOCK, text)
    if re.sub(_CLOCK, "", text).strip(" ,") or not all(
        re.fullmatch(r"[\s,]*", gap) for gap in re.split(_CLOCK, text)
    ):
        raise BadInput(
            f"The times {text.strip()!r} are not times of day; list them like 08:00,20:00 or "
            "8am, 8pm."
        )
    times = tuple(sorted(parse_time_of_day(part) for part in parts))
    if len(set(times)) != len(times):
        raise BadInput(f"The times {text.strip()!r} repeat a time; list each time once.")
    if len(times) > MAX_SLOTS_PER_DAY:
        raise BadInput(f"A schedule can hold at most {MAX_SLOTS_PER_DAY} times a day.")
    return times


def _parse_weekdays(text: str, original: str) -> tuple[int, ...]:
    names = [name.strip() for name in text.split(",")]
    if any(name not in _WEEKDAY_NAMES for name in names):
        raise _unknown(original)
    days = tuple(sorted({_WEEKDAY_NAMES[name] for name in names}))
    if len(days) != len(names):
        raise BadInput(f"{original.strip()!r} names a weekday twice; list each day once.")
    return days


def _unknown(text: str) -> BadInput:
    shown = text if len(text) <= 60 else text[:60] + "…"
    return BadInput(f"{shown!r} is not a schedule medlog understands. Use one of: {FORMS}.")


def format_schedule(schedule: Schedule) -> str:
    """The canonical text of a schedule; parse_schedule reads it back unchanged."""
    times = ",".join(f"{slot:%H:%M}" for slot in schedule.times)
    if schedule.kind == "prn":
        words = ["as needed"]
        if schedule.max_per_day is not None:
            words.append(f"max {schedule.max_per_day}/day")
        if schedule.min_interval is not None:
            words.append(f"min interval {format_duration(schedule.min_interval)}")
        return " ".join(words)
    if schedule.kind == "daily":
        head = "daily"
    elif schedule.kind == "every":
        head = f"every {schedule.every_days} days"
    elif len(schedule.weekdays) == 1:
        head = f"weekly {WEEKDAYS[schedule.weekdays[0]]}"
    else:
        head = ",".join(WEEKDAYS[day] for day in schedule.weekdays)
    return f"{head} {times}" if times else head


def slots_on(schedule: Schedule, day: date, start: date) -> tuple[time | None, ...]:
    """The doses ``schedule`` expects on ``day``: their times, or one None for an untimed dose.

    ``start`` is the first day of the regimen version; ``every N days`` counts from it.
    """
    if schedule.kind == "prn" or day < start:
        return ()
    if schedule.kind == "every" and (day - start).days % schedule.every_days:
        return ()
    if schedule.kind == "weekdays" and day.weekday() not in schedule.weekdays:
        return ()
    return schedule.times or (None,)


def doses_per_day(schedule: Schedule) -> Fraction | None:
    """Doses a day, averaged over the schedule's cycle (weekly: 1/7); None when as needed."""
    from fractions import Fraction  # only add and edit need it: logging a dose never does

    if schedule.prn:
        return None
    per_slot_day = max(len(schedule.times), 1)
    if schedule.kind == "every":
        return Fraction(per_slot_day, schedule.every_days)
    if schedule.kind == "weekdays":
        return Fraction(per_slot_day * len(schedule.weekdays), 7)
    return Fraction(per_slot_day)


def daily_amount(version: RegimenVersion) -> Fraction | None:
    """A regimen version's amount a day, averaged over its schedule's cycle (a weekly dose
    counts a seventh); None when as needed or without a regular dose."""
    from fractions import Fraction

    per_day = doses_per_day(version.schedule)
    if version.dose is None or per_day is None:
        return None
    return Fraction(version.dose) * per_day
