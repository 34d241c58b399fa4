"""timeparse.py: --at forms, days, periods, durations, MEDLOG_NOW, and DST edges."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medlog.errors import BadInput
from medlog.timeparse import (
    clock_now,
    format_duration,
    localize,
    parse_day,
    parse_duration,
    parse_period,
    parse_when,
)

NOW = datetime(2026, 11, 27, 9, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", "2026-11-27T09:15:00+00:00"),
        ("08:05", "2026-11-27T08:05:00+00:00"),
        ("8:05", "2026-11-27T08:05:00+00:00"),
        ("yesterday 21:30", "2026-11-26T21:30:00+00:00"),
        ("Yesterday  21:30", "2026-11-26T21:30:00+00:00"),
        ("today 07:00", "2026-11-27T07:00:00+00:00"),
        ("2h ago", "2026-11-27T07:15:00+00:00"),
        ("30m ago", "2026-11-27T08:45:00+00:00"),
        ("1h30m ago", "2026-11-27T07:45:00+00:00"),
        ("90 min ago", "2026-11-27T07:45:00+00:00"),
        ("2026-11-27T08:05", "2026-11-27T08:05:00+00:00"),
        ("2026-11-27 08:05", "2026-11-27T08:05:00+00:00"),
        ("2026-11-20T08:05:00+01:00", "2026-11-20T08:05:00+01:00"),
        ("2026-11-20T08:05Z", "2026-11-20T08:05:00+00:00"),
    ],
)
def test_parse_when_accepts_every_documented_form(text: str, expected: str) -> None:
    """Each --at form gives an aware datetime; an explicit offset is kept as given."""
    assert parse_when(text, NOW).isoformat() == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("10:00", "in the future"),
        ("2026-11-28T08:00", "in the future"),
        ("tomorrow 08:00", "not a time"),
        ("25:00", "not a time"),
        ("yesterday 24:00", "not a time"),
        ("2026-02-30T08:00", "not a time"),
        ("2026-11-27", "not a time"),
        ("soon", "not a time"),
        ("", "not a time"),
        ("x" * 100_000, "not a time"),
        ("1900-01-01T08:00", "too early"),
        ("-2h ago", "not a time"),
    ],
)
def test_parse_when_refuses_future_and_malformed_times(text: str, words: str) -> None:
    """Times in the future (beyond a minute) and unreadable text are bad input."""
    with pytest.raises(BadInput) as caught:
        parse_when(text, NOW)
    assert words in caught.value.message


def test_a_minute_of_clock_skew_is_allowed() -> None:
    """A time up to a minute ahead is accepted (clocks differ); more is refused."""
    assert parse_when("09:16", NOW).minute == 16
    with pytest.raises(BadInput):
        parse_when("09:17", NOW)


def test_dst_gap_resolves_forward(zone: Callable[[str], None]) -> None:
    """02:30 on the spring-forward night in New York never happened; it reads as 03:30 EDT."""
    zone("America/New_York")
    when = localize(datetime(2026, 3, 8, 2, 30))
    assert when.isoformat() == "2026-03-08T03:30:00-04:00"


def test_dst_fold_takes_the_first_instant(zone: Callable[[str], None]) -> None:
    """01:30 on the fall-back night happens twice; the earlier (EDT) one is used."""
    zone("America/New_York")
    assert localize(datetime(2026, 11, 1, 1, 30)).isoformat() == "2026-11-01T01:30:00-04:00"


def test_hours_ago_across_a_dst_change_counts_real_time(zone: Callable[[str], None]) -> None:
    """'2h ago' just after spring-forward is two real hours back, with the older offset."""
    zone("America/New_York")
    now = localize(datetime(2026, 3, 8, 3, 30))
    assert parse_when("2h ago", now).isoformat() == "2026-03-08T00:30:00-05:00"


def test_clock_now_honours_medlog_now_and_tz(zone: Callable[[str], None]) -> None:
    """MEDLOG_NOW without offset is local time; with an offset it is converted to local."""
    zone("Europe/London")
    assert clock_now({"MEDLOG_NOW": "2026-07-01T08:00"}).isoformat() == "2026-07-01T08:00:00+01:00"
    assert (
        clock_now({"MEDLOG_NOW": "2026-07-01T08:00-04:00"}).isoformat()
        == "2026-07-01T13:00:00+01:00"
    )
    with pytest.raises(BadInput, match="MEDLOG_NOW"):
        clock_now({"MEDLOG_NOW": "noonish"})
    assert clock_now({}).tzinfo is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 27)),
        ("yesterday", date(2026, 11, 26)),
        ("tomorrow", date(2026, 11, 28)),
        ("3 days ago", date(2026, 11, 24)),
        ("2026-02-28", date(2026, 2, 28)),
    ],
)
def test_parse_day_forms(text: str, expected: date) -> None:
    """Days are ISO dates or today, yesterday, tomorrow, N days ago."""
    assert parse_day(text, NOW.date()) == expected


@pytest.mark.parametrize(
    "text", ["2026-02-30", "27/11/2026", "someday", "1950-01-01", "9999-01-01", "2026-13-01", ""]
)
def test_parse_day_refuses_malformed_days(text: str) -> None:
    """Impossible, unreadable or far-off days are bad input."""
    with pytest.raises(BadInput):
        parse_day(text, NOW.date())


def test_parse_period_defaults_and_errors() -> None:
    """The default period is the 30 days ending today; --days N ends today; order is checked."""
    today = NOW.date()
    assert parse_period(today, None, None) == (date(2026, 10, 29), today)
    assert parse_period(today, None, None, 7) == (date(2026, 11, 21), today)
    assert parse_period(today, "2026-11-01", "2026-11-10") == (
        date(2026, 11, 1),
        date(2026, 11, 10),
    )
    with pytest.raises(BadInput, match="after --until"):
        parse_period(today, "2026-11-10", "2026-11-01")
    with pytest.raises(BadInput, match="--days"):
        parse_period(today, "2026-11-10", None, 3)
    with pytest.raises(BadInput, match="--days"):
        parse_period(today, None, None, 0)


@pytest.mark.parametrize(
    ("text", "minutes"), [("4h", 240), ("90m", 90), ("1h30m", 90), ("2 hours", 120), ("45 min", 45)]
)
def test_parse_duration_forms(text: str, minutes: int) -> None:
    """Spans are hours and minutes."""
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["0h", "", "4", "h", "169h", "four hours", "-1h"])
def test_parse_duration_refuses_malformed_spans(text: str) -> None:
    """Zero, empty, unitless or more than a week is bad input."""
    with pytest.raises(BadInput):
        parse_duration(text)


@given(st.integers(min_value=1, max_value=7 * 24 * 60))
def test_duration_format_round_trips(minutes: int) -> None:
    """format_duration writes what parse_duration reads back."""
    span = timedelta(minutes=minutes)
    assert parse_duration(format_duration(span)) == span


@given(st.text(max_size=80))
def test_parse_when_never_crashes_on_any_text(text: str) -> None:
    """Any text is a past time or bad input; nothing else escapes."""
    try:
        when = parse_when(text, NOW)
    except BadInput as error:
        assert error.message
    else:
        assert when.tzinfo is not None
        assert when <= NOW + timedelta(minutes=1)


@given(st.datetimes(min_value=datetime(1971, 1, 2), max_value=datetime(2026, 11, 26)))
def test_iso_times_round_trip(moment: datetime) -> None:
    """A past local wall time written in ISO 8601 parses back to the same wall time."""
    text = moment.replace(second=0, microsecond=0).isoformat(timespec="minutes")
    assert parse_when(text, NOW).replace(tzinfo=None) == moment.replace(second=0, microsecond=0)
