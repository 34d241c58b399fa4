"""Times and days people type -> aware datetimes and dates in the local zone.

``--at`` accepts ISO 8601 (with or without an offset), ``08:05`` (today),
``yesterday 21:30``, ``2h ago``, ``30m ago`` and ``now``. Days accept ISO dates,
``today``, ``yesterday``, ``tomorrow`` and ``N days ago``. The local zone is the
system's (``TZ`` is honoured); ``MEDLOG_NOW`` replaces the clock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from medlog.errors import BadInput

FUTURE_TOLERANCE = timedelta(minutes=1)
EARLIEST_YEAR = 1971  # before this, the C library's local-time rules are unreliable
_MAX_TEXT = 60
_CLOCK_RE = r"([01]?\d|2[0-3]):([0-5]\d)"
_DAY_CLOCK_RE = r"(today|yesterday)\s+(\S+)"
_DURATION_RE = (
    r"(?:(\d{1,4})\s*(?:h|hr|hrs|hour|hours))?\s*(?:(\d{1,5})\s*(?:m|min|mins|minute|minutes))?"
)
_AGO_RE = r"(.+?)\s+ago"
_DAYS_AGO_RE = r"(\d{1,5})\s*(?:d|day|days)\s+ago"
WHEN_FORMS = "now, 08:05, yesterday 21:30, 2h ago, 30m ago, or ISO 8601 such as 2026-11-27T08:05"
DAY_FORMS = "today, yesterday, tomorrow, 3 days ago, or a date such as 2026-11-27"


def clock_now(environ: Mapping[str, str]) -> datetime:
    """The current time in the local zone, or ``MEDLOG_NOW`` when it is set."""
    text = environ.get("MEDLOG_NOW")
    if not text:
        return datetime.now().astimezone().replace(microsecond=0)
    try:
        now = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            f"MEDLOG_NOW={text[:_MAX_TEXT]!r} is not an ISO 8601 time such as 2026-11-27T08:05."
        ) from None
    return localize(now) if now.tzinfo is None else now.astimezone()


def localize(naive: datetime) -> datetime:
    """A naive local wall time as an aware datetime in the local zone.

    In a DST fold the earlier of the two instants wins; a wall time in a DST
    gap (it never happened) is read with the offset from before the change,
    so 02:30 on a spring-forward night becomes 03:30 in summer time.
    """
    _check_year(naive)
    aware = naive.replace(fold=0).astimezone()
    if aware.replace(tzinfo=None) != naive:
        aware = naive.replace(fold=1).astimezone()
    return aware


def parse_when(text: str, now: datetime) -> datetime:
    """When a dose happened, as an aware datetime; refuses times in the future."""
    spoken = " ".join(text.lower().split())
    if len(spoken) > _MAX_TEXT or not spoken:
        raise BadInput(f"{_quote(text)} is not a time; use {WHEN_FORMS}.")
    when = _parse_when(spoken, now)
    if when is None:
        raise BadInput(f"{_quote(text)} is not a time medlog understands; use {WHEN_FORMS}.")
    if when - now > FUTURE_TOLERANCE:
        raise BadInput(
            f"{_quote(text)} is in the future (it is now {now:%Y-%m-%d %H:%M}); "
            "medlog logs what already happened."
        )
    return when


def _parse_when(spoken: str, now: datetime) -> datetime | None:
    if spoken == "now":
        return now
    today = now.date()
    if clock := _parse_clock(spoken):
        return localize(datetime.combine(today, clock))
    if match := re.fullmatch(_DAY_CLOCK_RE, spoken):
        clock = _parse_clock(match.group(2))
        if clock is None:
            return None
        day = today if match.group(1) == "today" else today - timedelta(days=1)
        return localize(datetime.combine(day, clock))
    if match := re.fullmatch(_AGO_RE, spoken):
        ago = _parse_duration(match.group(1))
        return None if ago is None else (now - ago).astimezone()
    return _parse_iso(spoken)


def _parse_iso(spoken: str) -> datetime | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[t ]\d{1,2}:\d{2}.*", spoken):
        return None
    try:
        when = datetime.fromisoformat(spoken.upper())
    except ValueError:
        return None
    if when.tzinfo is None:
        return localize(when)
    _check_year(when)
    return when.replace(microsecond=0)


def _check_year(when: datetime) -> None:
    if when.year < EARLIEST_YEAR:
        raise BadInput(
            f"{when:%Y-%m-%d} is too early; medlog accepts times from {EARLIEST_YEAR} on."
        )


def _parse_clock(text: str) -> time | None:
    match = re.fullmatch(_CLOCK_RE, text)
    return time(int(match.group(1)), int(match.group(2))) if match else None


def parse_clock(text: str) -> time:
    """A time of day written ``HH:MM`` (24-hour clock)."""
    clock = _parse_clock(text.strip())
    if clock is None:
        raise BadInput(f"{_quote(text)} is not a time of day; write it as HH:MM, e.g. 08:00.")
    return clock


def _parse_duration(text: str) -> timedelta | None:
    match = re.fullmatch(_DURATION_RE, text.strip())
    if match is None or not any(match.groups()):
        return None
    hours, minutes = (int(part or 0) for part in match.groups())
    return timedelta(hours=hours, minutes=minutes)


def parse_duration(text: str) -> timedelta:
    """A positive span such as ``4h``, ``90m`` or ``1h30m`` (at most a week)."""
    duration = _parse_duration(" ".join(text.lower().split()))
    if duration is None or not timedelta(0) < duration <= timedelta(days=7):
        raise BadInput(
            f"{_quote(text)} is not a span of time; write hours and minutes "
            "between 1m and 168h, e.g. 4h, 90m or 1h30m."
        )
    return duration


def format_duration(duration: timedelta) -> str:
    """``4h``, ``90m`` -> ``1h30m``: the form parse_duration reads back."""
    minutes = int(duration.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    return (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes or not hours else "")


def parse_day(text: str, today: date) -> date:
    """A calendar day: ISO date, today, yesterday, tomorrow or ``N days ago``."""
    spoken = " ".join(text.lower().split())
    named = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if spoken in named:
        return today + timedelta(days=named[spoken])
    if match := re.fullmatch(_DAYS_AGO_RE, spoken):
        days = int(match.group(1))
        if days <= 36500:
            return today - timedelta(days=days)
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", spoken):
        try:
            day = date.fromisoformat(spoken)
        except ValueError:
            raise BadInput(f"{_quote(text)} is not a real date; use {DAY_FORMS}.") from None
        if EARLIEST_YEAR <= day.year <= today.year + 100:
            return day
    raise BadInput(f"{_quote(text)} is not a day medlog understands; use {DAY_FORMS}.")


def _quote(text: str) -> str:
    return repr(text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "…")


DEFAULT_PERIOD_DAYS = 30
MAX_PERIOD_DAYS = 36600


def parse_period(
    today: date, since: str | None, until: str | None, days: int | None = None
) -> tuple[date, date]:
    """The inclusive local days a report covers: by default the 30 days ending today."""
    if days is not None:
        if since is not None or until is not None:
            raise BadInput("--days counts back from today; give it without --since or --until.")
        if not 1 <= days <= MAX_PERIOD_DAYS:
            raise BadInput(f"--days must be between 1 and {MAX_PERIOD_DAYS}.")
        return today - timedelta(days=days - 1), today
    last = parse_day(until, today) if until is not None else today
    first = (
        parse_day(since, today)
        if since is not None
        else last - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    )
    if first > last:
        raise BadInput(f"--since {first} is after --until {last}; give the earlier day first.")
    if (last - first).days >= MAX_PERIOD_DAYS:
        raise BadInput(f"A period can span at most {MAX_PERIOD_DAYS} days.")
    return first, last
