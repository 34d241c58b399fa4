"""The schedule grammar: text <-> Schedule, and the dose slots a schedule expects on a day.

Forms (case-insensitive)::

    daily                       one dose a day, at no set time
    daily 08:00,20:00           doses at set times
    every 2 days 08:00          counted from the regimen version's start
    mon,wed,fri 09:00           on those weekdays; also ranges (mon-fri, sat-mon),
    weekdays 17:00              weekdays (mon-fri) and weekends (sat,sun)
    weekly sun 10:00            once a week
    as needed [max 3/day] [min interval 4h]

A dose may vary by weekday, the same amount at each slot of its day (DESIGN.md "daily
amount"): ``5mg mon-fri, 2.5mg sat,sun`` (``parse_weekday_doses``), naming exactly the
schedule's days (``by_weekday``).

Pure code: nothing here reads the clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time
from typing import TYPE_CHECKING

from medlog.errors import BadInput
from medlog.model import RegimenVersion, Schedule
from medlog.timeparse import format_duration, parse_duration, parse_time_of_day

if TYPE_CHECKING:
    from decimal import Decimal
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
    "mon-fri 17:00, weekdays, weekends, weekly sun 10:00, as needed, "
    "as needed max 3/day min interval 4h"
)
_GROUPS = {
    "weekdays": (0, 1, 2, 3, 4),
    "weekday": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
    "weekend": (5, 6),
}
MAX_SLOTS_PER_DAY = 24
MAX_EVERY_DAYS = 366
_MAX_TEXT = 120
_TIMES = r"(?:\s+(?P<times>(?:\d|noon)[\d:.,\sapmno]*))?"
_DAILY_RE = r"daily" + _TIMES
_EVERY_RE = r"every\s+(?P<n>\d{1,3})\s+days?" + _TIMES
_DAY_SPEC = r"[a-z]+(?:\s*-\s*[a-z]+)?"
_WEEKLY_RE = r"weekly\s+(?P<days>[a-z]+)" + _TIMES
_WEEKDAYS_RE = rf"(?P<days>{_DAY_SPEC}(?:\s*,\s*{_DAY_SPEC})*)" + _TIMES
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
    named: list[int] = []
    for spec in text.split(","):
        days = weekday_spec(spec)
        if days is None:
            raise _unknown(original)
        named += days
    days = tuple(sorted(set(named)))
    if len(days) != len(named):
        raise BadInput(f"{original.strip()!r} names a weekday twice; list each day once.")
    return days


def weekday_spec(text: str) -> tuple[int, ...] | None:
    """The weekdays one spec names: ``mon``, ``monday``, ``mon-fri`` (a range, which may run
    over the weekend: ``sat-mon``), ``weekdays`` or ``weekends``; None when it is none."""
    spec = text.strip()
    if spec in _GROUPS:
        return _GROUPS[spec]
    first, dash, last = (part.strip() for part in spec.partition("-"))
    if first not in _WEEKDAY_NAMES or (dash and last not in _WEEKDAY_NAMES):
        return None
    start = _WEEKDAY_NAMES[first]
    if not dash:
        return (start,)
    span = (_WEEKDAY_NAMES[last] - start) % 7
    return tuple((start + step) % 7 for step in range(span + 1))


def weekdays_text(days: tuple[int, ...]) -> str:
    """Weekdays as people write them: a run of three or more as a range ("mon-fri"), others
    listed ("sat,sun"; "mon,wed,fri")."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{WEEKDAYS[run[0]]}-{WEEKDAYS[run[-1]]}")
        else:
            parts.extend(WEEKDAYS[day] for day in run)
    return ",".join(parts)


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
        head = weekdays_text(schedule.weekdays)
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
    counts a seventh; a dose by weekday, its week over 7); None when as needed or without a
    regular dose."""
    from fractions import Fraction

    per_day = doses_per_day(version.schedule)
    if per_day is None:
        return None
    if version.by_weekday:
        slots = max(len(version.schedule.times), 1)
        week = sum((Fraction(dose) for dose in version.by_weekday if dose is not None), Fraction(0))
        return week * slots / 7
    if version.dose is None:
        return None
    return Fraction(version.dose) * per_day


def weekly_total(version: RegimenVersion) -> Fraction | None:
    """What a version's schedule asks for in a week (30 mg for 5 mg mon-fri and 2.5 mg
    sat,sun once a day): seven days of its daily amount; None as needed or without a dose."""
    daily = daily_amount(version)
    return None if daily is None else daily * 7


def day_amount(version: RegimenVersion, day: date) -> Fraction:
    """What the version asks for on ``day``: that day's dose times its slots (0 on a day it
    skips or before it starts)."""
    from fractions import Fraction

    dose = version.dose_on(day)
    if dose is None:
        return Fraction(0)
    return Fraction(dose) * len(slots_on(version.schedule, day, version.start))


_WEEKDAY_WORD = re.compile(
    r"\b(?:" + "|".join((*_WEEKDAY_NAMES, *_GROUPS)) + r")\b(?:\s*-\s*[a-z]+)?\s*(?:[,;]|$)"
)
WEEKDAY_DOSE_EXAMPLE = "5mg mon-fri, 2.5mg sat,sun"
MAX_DOSE_TEXT = 200


def names_weekdays(text: str) -> bool:
    """True when a dose's text names a weekday (``5mg mon-fri, 2.5mg sat,sun``), so it is a
    dose by weekday rather than one amount."""
    return bool(_WEEKDAY_WORD.search(" ".join(text.lower().split())))


def parse_weekday_doses(text: str) -> tuple[tuple[tuple[int, ...], str], ...]:
    """``5mg mon-fri, 2.5mg sat,sun`` -> (((0, 1, 2, 3, 4), "5mg"), ((5, 6), "2.5mg")).

    Each amount comes before the days it is for; days are listed with commas and ranges
    (``weekdays``, ``weekends``), and a comma or semicolon also starts the next amount. A
    weekday named twice is bad input; the amounts are the caller's to read.
    """
    shown = text if len(text) <= 60 else text[:60] + "…"
    not_one = BadInput(
        f"{shown!r} is not a dose by weekday; write each amount before its days, e.g. "
        f"{WEEKDAY_DOSE_EXAMPLE!r}."
    )
    spoken = " ".join(text.lower().split())
    if not spoken or len(text) > MAX_DOSE_TEXT:
        raise not_one
    spoken = re.sub(r"(?<=[a-z])\s*-\s*(?=[a-z])", "-", spoken)
    groups: list[tuple[list[int], str]] = []
    for part in re.split(r"[,;]", spoken):
        words = part.split()
        days = weekday_spec(words[-1]) if words else None
        if days is None:
            raise not_one
        if len(words) > 1:
            groups.append(([], " ".join(words[:-1])))
        elif not groups:
            raise not_one
        groups[-1][0].extend(days)
    named = [day for days, _ in groups for day in days]
    for day in set(named):
        if named.count(day) > 1:
            raise BadInput(
                f"{shown!r} names {WEEKDAYS[day]} twice; give each weekday one dose, e.g. "
                f"{WEEKDAY_DOSE_EXAMPLE!r}."
            )
    return tuple((tuple(sorted(days)), amount) for days, amount in groups)


def by_weekday(
    doses: tuple[tuple[tuple[int, ...], Decimal], ...], schedule: Schedule, text: str
) -> tuple[Decimal | None, ...]:
    """Seven doses, Monday first, for a schedule that names exactly the weekdays ``doses``
    name (every day for daily); bad input, saying which days differ, when it does not."""
    shown = text if len(text) <= 60 else text[:60] + "…"
    if schedule.kind in ("prn", "every"):
        what = "is taken as needed" if schedule.prn else "falls on a different weekday each time"
        raise BadInput(
            f"A dose by weekday ({shown!r}) needs a schedule by weekday, and "
            f"{format_schedule(schedule)!r} {what}; give one dose, or a schedule such as "
            "'daily 17:00' or 'mon-fri 17:00'."
        )
    scheduled = set(schedule.weekdays if schedule.kind == "weekdays" else range(7))
    named = {day for days, _ in doses for day in days}
    faults = []
    if missing := scheduled - named:
        faults.append(f"gives no amount for {weekdays_text(tuple(missing))}")
    if extra := named - scheduled:
        faults.append(f"names {weekdays_text(tuple(extra))}, which the schedule skips")
    if faults:
        raise BadInput(
            f"The dose {shown!r} {' and '.join(faults)}; the schedule "
            f"{format_schedule(schedule)!r} has {weekdays_text(tuple(scheduled))}. Give each "
            "of its weekdays a dose, and no other day."
        )
    found: list[Decimal | None] = [None] * 7
    for days, dose in doses:
        for day in days:
            found[day] = dose
    return tuple(found)


def weekday_doses_text(by_day: tuple[Decimal | None, ...], amount: Callable[[Decimal], str]) -> str:
    """Doses by weekday in the grammar's canonical words, largest group first by its first
    day: "5 mg mon-fri, 2.5 mg sat,sun" (``amount`` writes each dose)."""
    order: list[Decimal] = []
    for dose in by_day:
        if dose is not None and dose not in order:
            order.append(dose)
    return ", ".join(
        f"{amount(dose)} {weekdays_text(tuple(d for d in range(7) if by_day[d] == dose))}"
        for dose in order
    )
