"""Times and days people type -> aware datetimes and dates in the local zone.

One small grammar, read token by token (case-insensitive; spaces, commas and the
hyphens in ``20-Nov-2026`` separate)::

    when  := ["just" | "right"] "now" | span "ago" | day [clock] | clock [day]
    day   := "today" | "yesterday" | "tomorrow" | N days|weeks "ago"
           | ["on" | "last"] weekday | date
    date  := 2026-11-20 | 2026/11/20 | Nov 20 [2026] | 20 Nov [2026] | 20th of November
    clock := ["at"] 08:05[:30] [Z | +05:30] | ["at"] 8[:05] am|pm | noon
    span  := (N | a | an | half an) unit ["and a half"], repeated: 2h, 1h30m, 1.5h, an hour

A day without a clock takes the caller's ``default_clock`` (else 12:00); a span
with hours or minutes counts real time back from now, a span of whole days names
a day. Forms whose meaning differs between people are refused with the reason:
``11/27`` (day and month order), ``tonight``, ``this morning``, ``last night``.
The local zone is the system's (``TZ`` is honoured); ``MEDLOG_NOW`` replaces the clock.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import NamedTuple, TypeVar

from medlog.errors import BadInput, quote

_T = TypeVar("_T")
FUTURE_TOLERANCE = timedelta(minutes=1)
# Supported days, by the wall-clock date of a moment in its own zone. Before 1971 the
# C library's local-time rules are unreliable; after 2999 nothing is a real dose.
EARLIEST = date(1971, 1, 1)
LATEST = date(2999, 12, 31)
_BEFORE = EARLIEST - timedelta(days=1)
_MARGIN = timedelta(days=7)  # localize also serves day windows just outside the range
OFFSETS = (timedelta(hours=-12), timedelta(hours=14))  # the offsets real zones use
_MAX_TEXT = 60
_MAX_SPAN_MINUTES = 600_000_000  # more than EARLIEST..LATEST; bounds the arithmetic
_NOON = time(12)
WHEN_FORMS = (
    "now, 08:05, 8am, yesterday 21:30, 2h ago, mon 08:00, Nov 20 08:00, "
    "or ISO 8601 such as 2026-11-27T08:05"
)
DAY_FORMS = "today, yesterday, tomorrow, 3 days ago, Nov 20, or a date such as 2026-11-27"
_ORDER = "month and day order differs by country: give 2026-11-27 or Nov 27"

# The tokens, tried in order at each position (compiled on first use: start-up is budgeted).
_TOKENS = (
    r"(?P<iso>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?:t(?=[0-9]))?"
    r"|(?P<numeric>[0-9]{1,4}(?:/[0-9]{1,4}){1,2}|[0-9]{1,2}(?:[.-][0-9]{1,4}){2}"
    r"|[0-9]{1,2}-[0-9]{1,2}(?![0-9:]))"
    r"|(?P<clock>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?)"
    r"|(?P<offset>(?<=[0-9])z(?![a-z])|(?<=[0-9 ])[+-][0-9]{2}(?::?[0-9]{2})?(?![0-9]))"
    r"|(?P<ampm>[ap]\.?m\b\.?)"
    r"|(?P<ordinal>[0-9]{1,2})(?:st|nd|rd|th)(?![a-z])"
    r"|(?P<number>[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<word>[a-z]+)\.?"
    r"|(?P<at>@)"
    r"|(?P<space>[\s,]+|(?<=[0-9])-(?=[a-z])|(?<=[a-z])-(?=[0-9]))"
)
_MONTH_WORDS = "jan feb mar apr may jun jul aug sep oct nov dec january february march april "
_MONTH_WORDS += "may june july august september october november december"
_WEEKDAY_WORDS = "mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday "
_WEEKDAY_WORDS += "sunday"
_UNIT_WORDS = {"m min mins minute minutes": 1, "h hr hrs hour hours": 60, "d day days": 1440}
_UNIT_WORDS["w wk wks week weeks"] = 7 * 1440
_KEYWORDS = "now just right today yesterday tomorrow ago at on last a an half and of noon"
_VAGUE_WORDS = "tonight night morning afternoon evening midnight earlier later bedtime couple few"
_VAGUE_WORDS += " several recently while"
# Every word the grammar knows -> (token kind, value).
_WORDS: dict[str, tuple[str, int]] = {
    **{word: ("month", n % 12 + 1) for n, word in enumerate(_MONTH_WORDS.split())},
    **{word: ("weekday", n % 7) for n, word in enumerate(_WEEKDAY_WORDS.split())},
    **{word: ("weekday", n) for word, n in (("tues", 1), ("weds", 2), ("thur", 3), ("thurs", 3))},
    **{word: ("unit", n) for words, n in _UNIT_WORDS.items() for word in words.split()},
    **{word: (word, 0) for word in _KEYWORDS.split()},
    **dict.fromkeys(_VAGUE_WORDS.split(), ("vague", 0)),
    "sept": ("month", 9),
    "midday": ("noon", 0),
}


class _Token(NamedTuple):
    kind: str
    text: str
    value: int = 0


class _Day(NamedTuple):
    """A day part: a date, or a weekday still to be placed before now."""

    day: date | None = None
    weekday: int | None = None
    before_today: bool = False
    yearless: bool = False


class _Unreadable(Exception):
    """The text does not fit the grammar; the caller says which forms do."""


class _Vague(_Unreadable):
    """The text names a part of a day (tonight, this morning), not a time."""


class _TimeTextReader:
    """The tokens of one text, read left to right; ``shown`` quotes the text in messages."""

    def __init__(self, text: str, today: date) -> None:
        self.shown, self.today, self.at = quote(text, _MAX_TEXT), today, 0
        spoken = unicodedata.normalize("NFKC", text[: _MAX_TEXT + 1]).lower()
        if len(text) > _MAX_TEXT or len(spoken) > _MAX_TEXT:
            raise _Unreadable
        self.tokens: list[_Token] = []
        while self.at < len(spoken):
            match = re.compile(_TOKENS).match(spoken, self.at)
            if match is None or match.lastgroup is None:
                raise _Unreadable
            kind, word, self.at = match.lastgroup, match.group(match.lastgroup), match.end()
            kind, value = _WORDS.get(word, ("unknown", 0)) if kind == "word" else (kind, 0)
            if kind == "vague":
                raise _Vague
            if kind != "space":
                self.tokens.append(_Token(kind, word, value))
        self.at = 0

    def take(self, *kinds: str) -> _Token | None:
        if self.next_is(*kinds):
            self.at += 1
            return self.tokens[self.at - 1]
        return None

    def take_all(self, *kinds: str) -> bool:
        start = self.at
        if all(self.take(kind) for kind in kinds):
            return True
        self.at = start
        return False

    def next_is(self, *kinds: str) -> bool:
        return self.at < len(self.tokens) and self.tokens[self.at].kind in kinds

    def done(self) -> bool:
        return self.at == len(self.tokens)


def _read_clock(reader: _TimeTextReader) -> tuple[time, tzinfo | None] | None:
    """``08:05[:30] [offset]``, ``8[:05] am``, ``8.05pm`` or ``noon``, after an optional "at"."""
    start = reader.at
    reader.take("at")
    if reader.take("noon"):
        return _NOON, None
    token = reader.take("clock", "number")
    if token is None or (token.kind == "number" and not reader.next_is("ampm")):
        reader.at = start
        return None
    if token.kind == "clock":
        hour, minute, *rest = token.text.split(":")
        seconds = int(rest[0][:2]) if rest else 0
    else:  # 8pm, 8.30pm
        hour, _, minute = token.text.partition(".")
        seconds, minute = 0, minute or "00"
        if len(minute) != 2:
            raise _Unreadable
    hours, minutes = int(hour), int(minute)
    if ampm := reader.take("ampm"):
        if not 1 <= hours <= 12:
            raise _Unreadable
        hours = hours % 12 + (12 if ampm.text.startswith("p") else 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        raise _Unreadable
    offset = reader.take("offset")
    return time(hours, minutes, seconds), None if offset is None else _offset(offset.text, reader)


def _offset(text: str, reader: _TimeTextReader) -> tzinfo:
    """``Z``, ``+05:30``, ``-0800``, ``+05``: a fixed offset real zones use."""
    if text == "z":
        return UTC
    hours, minutes = int(text[1:3]), int(text[3:].strip(":") or 0)
    if minutes > 59:
        raise _Unreadable
    span = timedelta(hours=hours, minutes=minutes) * (-1 if text[0] == "-" else 1)
    _check_offset(span, reader.shown)
    return timezone(span)


def _read_span(reader: _TimeTextReader) -> tuple[Decimal, bool] | None:
    """Minutes in ``1h30m``, ``90 min``, ``an hour and a half``; and whether any unit is < 1 day."""
    minutes, finer, terms = Decimal(0), False, 0
    while True:
        start = reader.at
        if terms:
            reader.take("and")
        count = None
        if token := reader.take("number"):
            count = Decimal(token.text)
            if count > _MAX_SPAN_MINUTES:
                raise BadInput(_range_message(reader.shown, _BEFORE))
        elif reader.take_all("half", "an") or reader.take_all("half", "a"):
            count = Decimal("0.5")
        elif reader.take("a", "an"):
            count = Decimal(1)
        unit = reader.take("unit") if count is not None else None
        if count is None or unit is None:
            reader.at = start
            return (minutes, finer) if terms else None
        if reader.take_all("and", "a", "half"):
            count += Decimal("0.5")
        minutes, finer, terms = minutes + count * unit.value, finer or unit.value < 1440, terms + 1


def _read_day(reader: _TimeTextReader) -> _Day | None:
    """A day part (see the grammar above), or None with nothing consumed."""
    start, today = reader.at, reader.today
    named = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if token := reader.take(*named):
        return _Day(today + timedelta(days=named[token.kind]))
    last = reader.take("on", "last")
    if token := reader.take("weekday"):
        return _Day(weekday=token.value, before_today=last is not None and last.kind == "last")
    reader.at = start
    span = _read_span(reader)
    if span is not None and not span[1] and reader.take("ago"):
        days, part = divmod(span[0], 1440)
        if part:
            raise _Unreadable
        if days > _MAX_SPAN_MINUTES // 1440:
            raise BadInput(_range_message(reader.shown, _BEFORE))
        return _Day(today - timedelta(days=int(days)))
    reader.at = start
    reader.take("on")
    if day := _read_date(reader):
        return day
    reader.at = start
    return None


def _read_date(reader: _TimeTextReader) -> _Day | None:
    if token := reader.take("iso", "numeric"):
        parts = re.split("[-/.]", token.text)
        if len(parts) < 3 or len(parts[0]) != 4:
            raise BadInput(f"{reader.shown} is unclear: {_ORDER}.")
        return _Day(_real_date(reader, *(int(part) for part in parts)))
    start = reader.at
    month = reader.take("month")
    day = reader.take("number", "ordinal")
    if month is None and day is not None:  # 20 Nov, 20th of November
        reader.take("of")
        month = reader.take("month")
    if month is None or day is None or not (day.text.isdigit() and len(day.text) <= 2):
        reader.at = start
        return None
    year = reader.take("number")
    if year is not None and not (year.text.isdigit() and len(year.text) == 4):
        reader.at -= 1
        year = None
    day_of_year = (int(year.text) if year else reader.today.year, month.value, int(day.text))
    return _Day(_real_date(reader, *day_of_year), yearless=year is None)


def _real_date(reader: _TimeTextReader, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise BadInput(f"{reader.shown} is not a real date; check the month and day.") from None


def check_supported(moment: date | datetime, what: str) -> None:
    """Refuse a day or moment whose own wall-clock date is outside EARLIEST..LATEST.

    A moment's UTC offset must also be one zones use, -12:00 to +14:00 (seconds are
    allowed: before 1972 some zones, e.g. Africa/Monrovia, had them).
    """
    if isinstance(moment, datetime):
        _check_offset(moment.utcoffset(), what, whole_minutes=False)
    day = moment.date() if isinstance(moment, datetime) else moment
    if not EARLIEST <= day <= LATEST:
        raise BadInput(_range_message(what, day))


def _range_message(what: str, day: date) -> str:
    side = "too early" if day < EARLIEST else "too late"
    return f"{what} is {side}; medlog supports dates from {EARLIEST} to {LATEST}."


def _check_offset(offset: timedelta | None, what: str, *, whole_minutes: bool = True) -> None:
    """Refuse a UTC offset no zone uses: beyond -12:00..+14:00 (or, typed, not whole minutes)."""
    if offset is not None and not (
        OFFSETS[0] <= offset <= OFFSETS[1] and not (whole_minutes and offset % timedelta(minutes=1))
    ):
        raise BadInput(f"{what} has a UTC offset no zone uses; give one from -12:00 to +14:00.")


def clock_now(environ: Mapping[str, str]) -> datetime:
    """The current time in the local zone, or ``MEDLOG_NOW`` when it is set."""
    text = environ.get("MEDLOG_NOW")
    if not text:
        return in_local_zone(datetime.now()).replace(microsecond=0)
    try:
        if len(text) > _MAX_TEXT:
            raise ValueError
        now = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            f"MEDLOG_NOW={text[:_MAX_TEXT]!r} is not an ISO 8601 time such as 2026-11-27T08:05."
        ) from None
    check_supported(now, "MEDLOG_NOW")
    if now.tzinfo is None:
        return localize(now)
    _check_offset(now.utcoffset(), "MEDLOG_NOW")
    local = in_local_zone(now)
    check_supported(local, "MEDLOG_NOW")
    return local


def in_local_zone(moment: datetime) -> datetime:
    """``moment`` (aware, or naive local) in the local zone; refuses a zone no place uses.

    A ``TZ`` such as ``UTC-15`` gives offsets beyond -12:00..+14:00, which medlog
    would then refuse to read back, so it is refused here, before anything is written.
    """
    try:
        local = moment.astimezone()
    except (ValueError, OverflowError):
        local = None
    offset = local.utcoffset() if local is not None else None
    if local is None or offset is None or not OFFSETS[0] <= offset <= OFFSETS[1]:
        zone = os.environ.get("TZ")
        named = f"TZ={zone[:_MAX_TEXT]!r}" if zone else "The system time zone"
        raise BadInput(
            f"{named} gives a UTC offset no zone uses (medlog accepts -12:00 to +14:00); "
            "set TZ to a zone name such as America/New_York."
        )
    return local


def localize(naive: datetime) -> datetime:
    """A naive local wall time as an aware datetime in the local zone.

    In a DST fold the earlier of the two instants wins; a wall time in a DST
    gap (it never happened) is read with the offset from before the change,
    so 02:30 on a spring-forward night becomes 03:30 in summer time. Days a
    week either side of the supported range are allowed, for day windows.
    """
    if not EARLIEST - _MARGIN <= naive.date() <= LATEST + _MARGIN:
        raise BadInput(_range_message(f"{naive:%Y-%m-%d}", naive.date()))
    aware = in_local_zone(naive.replace(fold=0))
    if aware.replace(tzinfo=None) != naive:
        aware = in_local_zone(naive.replace(fold=1))
    return aware


DefaultClock = time | Callable[[date], time | None] | None


def parse_when(text: str, now: datetime, *, default_clock: DefaultClock = None) -> datetime:
    """When a dose happened, as an aware datetime; refuses times in the future.

    A day without a clock (``20 Nov``, ``yesterday``) is at ``default_clock`` (a time,
    or a function giving the time for that day: the item's dose time), else 12:00.
    """
    shown = quote(text, _MAX_TEXT)
    try:
        when = _parse_when(_TimeTextReader(text, now.date()), now, default_clock)
    except _Vague:
        raise BadInput(
            f"{shown} does not say exactly when; give a time, e.g. yesterday 22:30."
        ) from None
    except _Unreadable:
        raise BadInput(f"{shown} is not a time medlog understands; use {WHEN_FORMS}.") from None
    except OverflowError:
        raise BadInput(_range_message(shown, LATEST + _MARGIN)) from None
    check_supported(when, shown)
    if when - now > FUTURE_TOLERANCE:
        raise BadInput(
            f"{shown} is in the future (it is now {now:%Y-%m-%d %H:%M}); "
            "medlog logs what already happened."
        )
    if when.date() > now.date():  # an offset east of here: its wall-clock day is still to come
        raise BadInput(
            f"{shown} falls on {when.date()} by its own UTC offset, a day that has not begun "
            f"here (it is {now:%Y-%m-%d %H:%M}); give the time in your own zone."
        )
    return when


def _parse_when(reader: _TimeTextReader, now: datetime, default_clock: DefaultClock) -> datetime:
    reader.take("just", "right")
    if reader.take("now") and reader.done():
        return now
    reader.at = 0
    span = _read_span(reader)
    if span is not None and span[1] and reader.take("ago") and reader.done():
        if span[0] % 1:
            raise _Unreadable
        if span[0] > _MAX_SPAN_MINUTES:
            raise BadInput(_range_message(reader.shown, _BEFORE))
        when = now - timedelta(minutes=int(span[0]))
        check_supported(when, reader.shown)
        return in_local_zone(when)
    reader.at = 0
    day = _read_day(reader)
    clock = _read_clock(reader)
    if day is None and clock is not None:
        day = _read_day(reader)
    if not reader.done() or (day is None and clock is None):
        if [token.kind for token in reader.tokens] == ["number"]:
            raise BadInput(f"{reader.shown} has no minutes or am/pm; write 08:00 or 8am.")
        raise _Unreadable

    def moment(on: date) -> datetime:
        if clock is not None:
            return _moment(reader, on, *clock)
        chosen = default_clock(on) if callable(default_clock) else default_clock
        return _moment(reader, on, chosen or _NOON, None)

    day = day or _Day(reader.today)
    if day.yearless and day.day is not None and day.day > reader.today:
        if (day.day - reader.today).days <= 1:
            raise BadInput(
                f"{reader.shown} is tomorrow; medlog logs what has happened. For last "
                f"year's, give the year, e.g. {day.day:%b} {day.day.day} {day.day.year - 1}."
            )
        raise BadInput(
            f"{reader.shown} is later this year; medlog does not guess another year: "
            f"give it, e.g. {day.day:%b} {day.day.day} {day.day.year - 1}."
        )
    if day.weekday is None:
        return moment(day.day or reader.today)
    back = (reader.today.weekday() - day.weekday) % 7 or (7 if day.before_today else 0)
    when = moment(reader.today - timedelta(days=back))
    if when - now > FUTURE_TOLERANCE:
        when = moment(reader.today - timedelta(days=back + 7))
    return when


def _moment(reader: _TimeTextReader, day: date, wall: time, zone: tzinfo | None) -> datetime:
    check_supported(day, reader.shown)
    if zone is not None:
        return datetime.combine(day, wall, zone)
    return localize(datetime.combine(day, wall))


def parse_time_of_day(text: str) -> time:
    """A time of day as ``--at`` reads one: ``08:00``, ``8am``, ``8:30 pm``, ``noon``."""
    return _canonical_clock(text) or _read_time_of_day(text)


def _canonical_clock(text: str) -> time | None:
    """``HH:MM`` as medlog writes a time (``format_schedule``), read without the grammar:
    every regimen load reads each slot's time, and the grammar's pattern alone costs a take
    a millisecond to compile. None for any other text; ``_read_time_of_day`` reads the same
    time from it (tests/unit/test_timeparse.py tries every HH:MM)."""
    if len(text) == 5 and text[2] == ":" and text.isascii():
        hours, minutes = text[:2], text[3:]
        if hours.isdigit() and minutes.isdigit() and hours < "24" and minutes < "60":
            return time(int(hours), int(minutes))
    return None


def _read_time_of_day(text: str) -> time:
    """``parse_time_of_day`` by the grammar."""
    try:
        reader = _TimeTextReader(text, EARLIEST)
        found = _read_clock(reader)
    except (_Unreadable, _Vague, BadInput):
        found = None
    if found is None or not reader.done() or found[1] is not None or found[0].second:
        raise BadInput(
            f"{quote(text, _MAX_TEXT)} is not a time of day; write it as 08:00, 8am or 8:30 pm."
        )
    return found[0]


def parse_duration(text: str) -> timedelta:
    """A positive span such as ``4h``, ``90m``, ``1.5h`` or ``1h30m`` (at most a week)."""
    return _canonical_duration(text) or _read_duration(text)


def _canonical_duration(text: str) -> timedelta | None:
    """A span as ``format_duration`` writes it (``4h``, ``90m``, ``1h30m``), read without the
    grammar, as ``_canonical_clock`` reads a time; None for any other text, or a span out of
    range (``_read_duration`` says why)."""
    found = _SPAN.fullmatch(text)
    if found is None:
        return None
    hours, minutes = found.groups()
    total = int(hours or 0) * 60 + int(minutes or 0)
    return timedelta(minutes=total) if 0 < total <= 7 * 1440 else None


_SPAN = re.compile("(?:([0-9]{1,3})h)?(?:([0-9]{1,5})m)?")  # ASCII digits only


def _read_duration(text: str) -> timedelta:
    """``parse_duration`` by the grammar."""
    try:
        span = _read_all(_TimeTextReader(text, EARLIEST), _read_span)
    except _Unreadable:
        span = None
    if span is None or span[0] % 1 or not 0 < span[0] <= 7 * 1440:
        raise BadInput(
            f"{quote(text, _MAX_TEXT)} is not a span of time; write hours and minutes "
            "between 1m and 168h, e.g. 4h, 90m or 1h30m."
        )
    return timedelta(minutes=int(span[0]))


def format_duration(duration: timedelta) -> str:
    """``4h``, ``90m`` -> ``1h30m``: the form parse_duration reads back."""
    minutes = int(duration.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    return (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes or not hours else "")


_MONTH_PHRASE = re.compile(r"(?:last|this|past|previous|next)\s+month", re.IGNORECASE)


def parse_day(text: str, today: date) -> date:
    """A calendar day: ISO date, ``Nov 20 [2025]``, today, yesterday, tomorrow, ``N days ago``.

    A month and day without a year is in this year, even when that is still to come.
    """
    shown = quote(text, _MAX_TEXT)
    if _MONTH_PHRASE.fullmatch(text.strip()):
        raise BadInput(
            f"{shown} means different things to different people (the calendar month, or the "
            "last 30 days); give a date such as Nov 1, or 30 days ago."
        )
    try:
        day = _read_all(_TimeTextReader(text, today), _read_day)
    except _Unreadable:
        day = None
    except OverflowError:
        raise BadInput(_range_message(shown, LATEST + _MARGIN)) from None
    if day is not None and day.weekday is not None:
        raise BadInput(f"{shown} could be this week or another; give a date such as Nov 20.")
    if day is None or day.day is None:
        raise BadInput(f"{shown} is not a day medlog understands; use {DAY_FORMS}.")
    check_supported(day.day, shown)
    return day.day


def _read_all(reader: _TimeTextReader, read: Callable[[_TimeTextReader], _T | None]) -> _T | None:
    """What ``read`` finds when it takes every token, else None."""
    found = read(reader)
    return found if reader.done() else None


DEFAULT_PERIOD_DAYS = 30
MAX_PERIOD_DAYS = 36600
START_WORD = "start"  # --since start: from the first entry


def parse_period(
    today: date,
    since: str | None,
    until: str | None,
    days: int | None = None,
    start: date | None = None,
) -> tuple[date, date]:
    """The inclusive local days a report covers: by default the 30 days ending today.
    ``--since start`` is the day of the first entry, ``start`` (the last day when there is
    none)."""
    if days is not None:
        if since is not None or until is not None:
            raise BadInput("--days counts back from today; give it without --since or --until.")
        if not 1 <= days <= MAX_PERIOD_DAYS:
            raise BadInput(f"--days must be between 1 and {MAX_PERIOD_DAYS}.")
        return today - timedelta(days=days - 1), today
    last = parse_day(until, today) if until is not None else today
    if since is not None and since.strip().casefold() == START_WORD:
        first = min(start or last, last)
    elif since is not None:
        first = parse_day(since, today)
    else:
        first = last - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if first > last:
        raise BadInput(f"--since {first} is after --until {last}; give the earlier day first.")
    if (last - first).days >= MAX_PERIOD_DAYS:
        raise BadInput(f"A period can span at most {MAX_PERIOD_DAYS} days.")
    return first, last
