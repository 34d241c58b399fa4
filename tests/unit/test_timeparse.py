"""timeparse.py: --at forms, days, periods, durations, MEDLOG_NOW, and DST edges."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medlog import timeparse
from medlog.errors import BadInput
from medlog.timeparse import (
    EARLIEST,
    LATEST,
    check_supported,
    clock_now,
    format_duration,
    localize,
    parse_day,
    parse_duration,
    parse_period,
    parse_time_of_day,
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
        ("tomorrow 08:00", "in the future"),
        ("25:00", "not a time"),
        ("yesterday 24:00", "not a time"),
        ("2026-02-30T08:00", "not a real date"),
        ("2026-11-27", "in the future"),
        ("soon", "not a time"),
        ("", "not a time"),
        ("x" * 100_000, "not a time"),
        ("1900-01-01T08:00", "too early"),
        ("9999-12-31T23:59", "too late"),
        ("2026-11-20T08:00+23:59", "UTC offset"),
        ("-2h ago", "not a time"),
        ("11/27", "month and day order differs by country"),
        ("tonight", "give a time"),
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
        ("Nov 20", date(2026, 11, 20)),
        ("20 Nov 2025", date(2025, 11, 20)),
        ("Dec 25", date(2026, 12, 25)),
    ],
)
def test_parse_day_forms(text: str, expected: date) -> None:
    """Days are ISO dates or today, yesterday, tomorrow, N days ago."""
    assert parse_day(text, NOW.date()) == expected


@pytest.mark.parametrize(
    "text",
    ["2026-02-30", "27/11/2026", "someday", "1950-01-01", "9999-01-01", "2026-13-01", "", "mon"],
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


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=NOW.date()),
    st.sampled_from(["start", "START", " Start ", "start\t"]),
)
def test_since_start_is_the_first_entry(first_entry: date, word: str) -> None:
    """--since start runs from the day of the first entry to today, however it is cased or
    spaced (issue 24); with no entry yet it is today alone."""
    today = NOW.date()
    assert parse_period(today, word, None, start=first_entry) == (first_entry, today)
    assert parse_period(today, word, None) == (today, today)


@given(
    st.sampled_from(["last", "this", "past", "previous", "next", "LAST"]),
    st.sampled_from([" ", "  ", "\t"]),
    st.sampled_from(["month", "Month"]),
)
def test_month_words_are_refused_saying_why(word: str, space: str, month: str) -> None:
    """ "last month" means the calendar month to some and 30 days to others: refused with a
    sentence that says so and what to type, as DESIGN.md refuses forms people read apart."""
    with pytest.raises(BadInput, match="different things to different people"):
        parse_period(NOW.date(), f"{word}{space}{month}", None)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("4h", 240),
        ("90m", 90),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("2 hours", 120),
        ("45 min", 45),
        ("1.5h", 90),
        ("an hour", 60),
        ("7 days", 7 * 24 * 60),
    ],
)
def test_parse_duration_forms(text: str, minutes: int) -> None:
    """Spans are hours and minutes."""
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "text", ["0h", "", "4", "h", "169h", "four hours", "-1h", "1.5m", "2h ago", "9" * 100 + "h"]
)
def test_parse_duration_refuses_malformed_spans(text: str) -> None:
    """Zero, empty, unitless or more than a week is bad input."""
    with pytest.raises(BadInput):
        parse_duration(text)


@given(st.integers(min_value=1, max_value=7 * 24 * 60))
def test_duration_format_round_trips(minutes: int) -> None:
    """format_duration writes what parse_duration reads back."""
    span = timedelta(minutes=minutes)
    assert parse_duration(format_duration(span)) == span


def grammar_says(read: Callable[[str], object], text: str) -> object:
    """What the grammar reads ``text`` as, or the words it refuses it with."""
    try:
        return read(text)
    except BadInput as error:
        return error.message


def test_every_hh_mm_reads_as_the_grammar_reads_it() -> None:
    """A time as medlog writes one (08:00) is read without the grammar: for every two digits,
    a colon and two digits, parse_time_of_day gives what the grammar gives, time or refusal,
    and only the 1,440 times of a day take the short way."""
    short = 0
    for text in (f"{hours:02d}:{minutes:02d}" for hours in range(100) for minutes in range(100)):
        expected = grammar_says(timeparse._read_time_of_day, text)
        assert grammar_says(parse_time_of_day, text) == expected, text
        if timeparse._canonical_clock(text) is not None:
            short += 1
            assert timeparse._canonical_clock(text) == expected
    assert short == 1440


@given(st.text(alphabet="0123456789hm :.\u0661", max_size=9))
def test_a_span_read_without_the_grammar_is_the_grammars(text: str) -> None:
    """A span as format_duration writes it (4h, 90m, 1h30m) is read without the grammar; for
    any text of digits, h and m (and spaces, dots, an Arabic-Indic digit), parse_duration
    gives what the grammar gives, span or refusal."""
    expected = grammar_says(timeparse._read_duration, text)
    assert grammar_says(parse_duration, text) == expected
    short = timeparse._canonical_duration(text)
    assert short is None or short == expected


def test_every_span_medlog_writes_takes_the_short_way() -> None:
    """Each of a week's spans, as format_duration writes it, is read without the grammar."""
    for minutes in range(1, 7 * 24 * 60 + 1):
        span = timedelta(minutes=minutes)
        assert timeparse._canonical_duration(format_duration(span)) == span


def _accepted_when(text: str, now: datetime) -> None:
    """Assert ``text`` is bad input or a supported, aware time no later than now + 1 minute."""
    try:
        when = parse_when(text, now)
    except BadInput as error:
        assert error.message
    else:
        assert when.tzinfo is not None
        assert when <= now + timedelta(minutes=1)
        assert EARLIEST <= when.date() <= LATEST


# Any Unicode at all, lone surrogates and control characters included.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=80)


@given(ANY_TEXT)
def test_parse_when_never_crashes_on_any_text(text: str) -> None:
    """Any text is a past time or bad input; nothing else escapes."""
    _accepted_when(text, NOW)


# Pieces of the grammar, glued at random: the texts that reach the deep branches.
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**30).map(str),
    st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False).map(str),
)
CLOCKS = st.builds(
    "{}:{:02d}".format,
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=99),
)
ISO_TIMES = st.builds(
    "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}{}".format,
    st.integers(min_value=0, max_value=9999),
    st.integers(min_value=0, max_value=13),
    st.integers(min_value=0, max_value=32),
    st.integers(min_value=0, max_value=25),
    st.integers(min_value=0, max_value=61),
    st.sampled_from(["", "Z", "+05:30", "-12:00", "+14:00", "+23:59", "-23:59", "+0530", "+99"]),
)
GRAMMAR_WORDS = "now today yesterday tomorrow ago at on last a an half and of noon am pm a.m. "
GRAMMAR_WORDS += "mon sat monday nov november 20th h hrs min minutes days weeks , @ 11/27 z tonight"
WORDS = st.sampled_from(GRAMMAR_WORDS.split())
GRAMMAR_TEXT = st.lists(st.one_of(NUMBERS, CLOCKS, ISO_TIMES, WORDS), max_size=6).map(" ".join)
SUPPORTED_NOW = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2999, 12, 31, 23, 59), timezones=st.just(UTC)
)


@given(GRAMMAR_TEXT, SUPPORTED_NOW)
def test_parse_when_never_crashes_on_grammar_pieces(text: str, now: datetime) -> None:
    """Huge numbers, year 0 to 9999, odd offsets, any clock: a supported past time or bad input."""
    _accepted_when(text, now)


@given(st.one_of(ANY_TEXT, GRAMMAR_TEXT), SUPPORTED_NOW)
def test_parse_day_never_crashes(text: str, now: datetime) -> None:
    """Any text is a supported day or bad input; nothing else escapes."""
    try:
        day = parse_day(text, now.date())
    except BadInput as error:
        assert error.message
    else:
        assert EARLIEST <= day <= LATEST


@given(st.one_of(ANY_TEXT, ISO_TIMES, GRAMMAR_TEXT))
def test_clock_now_never_crashes_on_any_medlog_now(text: str) -> None:
    """Any MEDLOG_NOW is a supported aware time or bad input naming MEDLOG_NOW."""
    try:
        now = clock_now({"MEDLOG_NOW": text})
    except BadInput as error:
        assert "MEDLOG_NOW" in error.message
    else:
        assert now.tzinfo is not None
        assert EARLIEST <= now.date() <= LATEST


@pytest.mark.parametrize(
    "text", ["9999-12-31T23:00", "9999-12-31T23:59+00:00", "1900-01-01T00:00", "3000-01-01"]
)
def test_clock_now_refuses_times_outside_the_supported_range(text: str) -> None:
    """MEDLOG_NOW far in the past or future is bad input, never an OverflowError."""
    with pytest.raises(BadInput, match="medlog supports dates from 1971-01-01 to 2999-12-31"):
        clock_now({"MEDLOG_NOW": text})


def test_clock_now_refuses_offsets_no_zone_uses() -> None:
    """An offset beyond -12:00..+14:00 in MEDLOG_NOW is bad input."""
    with pytest.raises(BadInput, match="UTC offset"):
        clock_now({"MEDLOG_NOW": "2026-11-27T08:00+23:59"})


def test_the_first_supported_moment_is_accepted_in_any_zone(zone: Callable[[str], None]) -> None:
    """1971-01-01 00:00 is accepted in New York, in Tokyo, and with an explicit offset."""
    for name, offset in [("America/New_York", "-05:00"), ("Asia/Tokyo", "+09:00")]:
        zone(name)
        now = clock_now({"MEDLOG_NOW": "2026-11-27T09:15"})
        assert parse_when("1971-01-01T00:00", now).isoformat() == f"1971-01-01T00:00:00{offset}"
        assert clock_now({"MEDLOG_NOW": "1971-01-01T00:00"}).isoformat().startswith("1971-01-01")
    assert parse_when("1971-01-01T00:00-12:00", NOW).utcoffset() == timedelta(hours=-12)


def test_check_supported_takes_days_and_times_by_their_own_wall_date() -> None:
    """EARLIEST..LATEST bound the wall-clock date, and the offset is a real one; else bad input."""
    check_supported(EARLIEST, "the day")
    check_supported(LATEST, "the day")
    check_supported(datetime(2999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-12))), "x")
    with pytest.raises(BadInput, match="'at' is too early"):
        check_supported(datetime(1970, 12, 31, 23, 59, tzinfo=UTC), "'at'")
    with pytest.raises(BadInput, match="the day is too late"):
        check_supported(date(3000, 1, 1), "the day")
    with pytest.raises(BadInput, match="'at' has a UTC offset no zone uses"):
        check_supported(datetime(2026, 11, 27, 8, tzinfo=timezone(timedelta(hours=23))), "'at'")
    monrovia_1971 = timezone(-timedelta(minutes=44, seconds=30))
    check_supported(datetime(1971, 6, 1, 8, tzinfo=monrovia_1971), "'at'")


def test_localize_serves_day_windows_just_outside_the_range() -> None:
    """The day before EARLIEST still localizes (for day windows); year 9999 is bad input."""
    assert localize(datetime(1970, 12, 31)).year == 1970
    with pytest.raises(BadInput, match="too late"):
        localize(datetime(9999, 12, 31, 23, 59))
    with pytest.raises(BadInput, match="too early"):
        localize(datetime(1, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20 Nov", "2026-11-20T08:30:00+00:00"),
        ("2026-11-20", "2026-11-20T08:30:00+00:00"),
        ("yesterday", "2026-11-26T08:30:00+00:00"),
        ("2 days ago", "2026-11-25T08:30:00+00:00"),
        ("monday", "2026-11-23T08:30:00+00:00"),
        ("20 Nov 19:00", "2026-11-20T19:00:00+00:00"),
    ],
)
def test_a_day_without_a_clock_takes_the_default_clock(text: str, expected: str) -> None:
    """A day given without a time of day is at the caller's default_clock."""
    assert parse_when(text, NOW, default_clock=time(8, 30)).isoformat() == expected


@given(st.datetimes(min_value=datetime(1971, 1, 2), max_value=datetime(2026, 11, 26)))
def test_iso_times_round_trip(moment: datetime) -> None:
    """A past local wall time written in ISO 8601 parses back to the same wall time."""
    text = moment.replace(second=0, microsecond=0).isoformat(timespec="minutes")
    assert parse_when(text, NOW).replace(tzinfo=None) == moment.replace(second=0, microsecond=0)
