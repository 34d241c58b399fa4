"""schedule.py: the grammar parses every form, round-trips, and computes a day's slots."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medlog.errors import BadInput
from medlog.model import Schedule
from medlog.schedule import format_schedule, parse_schedule, slots_on

START = date(2026, 11, 2)  # a Monday


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("daily", "daily"),
        ("Daily 08:00", "daily 08:00"),
        ("daily 20:00, 08:00", "daily 08:00,20:00"),
        ("every 2 days 08:00", "every 2 days 08:00"),
        ("every 1 day", "daily"),
        ("mon,wed,fri 09:00", "mon,wed,fri 09:00"),
        ("Monday, Friday", "mon,fri"),
        ("weekly sun 10:00", "weekly sun 10:00"),
        ("sun 10:00", "weekly sun 10:00"),
        ("as needed", "as needed"),
        ("PRN", "as needed"),
        ("as needed max 3/day min interval 4h", "as needed max 3/day min interval 4h"),
        ("as needed, min interval 90m, max 2 per day", "as needed max 2/day min interval 1h30m"),
    ],
)
def test_every_form_parses_to_its_canonical_text(text: str, canonical: str) -> None:
    """Each grammar form parses, and its canonical text parses to the same schedule."""
    schedule = parse_schedule(text)
    assert format_schedule(schedule) == canonical
    assert parse_schedule(canonical) == schedule


@pytest.mark.parametrize(
    "text",
    [
        "hourly",
        "twice a day",
        "daily at 8",
        "daily 25:00",
        "daily 08:00,08:00",
        "every 0 days",
        "every 400 days",
        "funday 10:00",
        "weekly mon,tue",
        "as needed max 0/day",
        "as needed max 3/day max 4/day",
        "as needed sometimes",
        "as needed min interval 0h",
        "",
        "x" * 5000,
        "daily\x0008:00",
    ],
)
def test_unknown_or_impossible_schedules_are_bad_input(text: str) -> None:
    """Unknown text is bad input; the message lists the accepted forms or the fault."""
    with pytest.raises(BadInput) as caught:
        parse_schedule(text)
    assert caught.value.message


def test_unknown_text_lists_the_forms() -> None:
    """The error for unknown text shows every form of the grammar."""
    with pytest.raises(BadInput) as caught:
        parse_schedule("hourly")
    for form in ("daily 8am,8pm", "every 2 days", "mon,wed,fri", "weekly sun", "as needed"):
        assert form in caught.value.message


def test_daily_slots() -> None:
    """daily gives one untimed slot; daily with times gives those times."""
    assert slots_on(parse_schedule("daily"), START, START) == (None,)
    assert slots_on(parse_schedule("daily 20:00,08:00"), START, START) == (time(8), time(20))


def test_every_n_days_counts_from_the_version_start() -> None:
    """every 2 days expects on the start day, skips the next, and so on."""
    schedule = parse_schedule("every 2 days 08:00")
    expected = [bool(slots_on(schedule, START + timedelta(days=n), START)) for n in range(5)]
    assert expected == [True, False, True, False, True]
    assert slots_on(schedule, START - timedelta(days=2), START) == ()


def test_weekday_schedules_expect_only_on_their_days() -> None:
    """mon,wed,fri expects Monday, Wednesday and Friday only."""
    schedule = parse_schedule("mon,wed,fri 09:00")
    week = [len(slots_on(schedule, START + timedelta(days=n), START)) for n in range(7)]
    assert week == [1, 0, 1, 0, 1, 0, 0]


def test_as_needed_expects_nothing() -> None:
    """A PRN schedule has no slots but keeps its limits."""
    schedule = parse_schedule("as needed max 3/day min interval 4h")
    assert slots_on(schedule, START, START) == ()
    assert schedule.max_per_day == 3
    assert schedule.min_interval == timedelta(hours=4)


schedules = st.one_of(
    st.builds(
        lambda times: Schedule("daily", tuple(sorted(set(times)))),
        st.lists(st.times().map(lambda t: t.replace(second=0, microsecond=0)), max_size=4),
    ),
    st.builds(lambda n: Schedule("every", (time(8),), n), st.integers(2, 366)),
    st.builds(
        lambda days: Schedule("weekdays", (), weekdays=tuple(sorted(days))),
        st.sets(st.integers(0, 6), min_size=1),
    ),
    st.builds(
        lambda most, minutes: Schedule(
            "prn", max_per_day=most, min_interval=timedelta(minutes=minutes) if minutes else None
        ),
        st.one_of(st.none(), st.integers(1, 24)),
        st.integers(0, 600),
    ),
)


@given(schedules)
def test_format_then_parse_round_trips(schedule: Schedule) -> None:
    """Whatever schedule medlog stores, it reads back identically."""
    assert parse_schedule(format_schedule(schedule)) == schedule


@given(st.text(max_size=80))
def test_parse_schedule_never_crashes(text: str) -> None:
    """Any text is a schedule or bad input."""
    try:
        parse_schedule(text)
    except BadInput as error:
        assert error.message


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("daily 8am", "daily 08:00"),
        ("daily 8am,9pm", "daily 08:00,21:00"),
        ("daily 8 am, 9 pm", "daily 08:00,21:00"),
        ("mon,wed,fri 9am", "mon,wed,fri 09:00"),
        ("every 2 days 8.30pm", "every 2 days 20:30"),
        ("daily noon", "daily 12:00"),
        ("weekly sun 10:00", "weekly sun 10:00"),
    ],
)
def test_schedules_take_the_clock_forms_of_at(text: str, canonical: str) -> None:
    """A schedule's times are read like --at's: 8am, 9 pm, 8.30pm, noon; stored as HH:MM."""
    assert format_schedule(parse_schedule(text)) == canonical


@pytest.mark.parametrize("text", ["daily 8", "daily 25:00", "daily 8am 9", "daily 8:00:30"])
def test_a_time_without_minutes_or_am_pm_is_refused(text: str) -> None:
    """A bare hour could be morning or evening: refused, saying what to write."""
    with pytest.raises(BadInput, match=r"not a time of day|not times of day"):
        parse_schedule(text)
