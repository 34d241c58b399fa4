"""schedule.py: the grammar parses every form, round-trips, and computes a day's slots."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medlog.errors import BadInput
from medlog.model import RegimenVersion, Schedule
from medlog.schedule import (
    by_weekday,
    daily_amount,
    day_amount,
    format_schedule,
    names_weekdays,
    parse_schedule,
    parse_weekday_doses,
    slots_on,
    weekday_doses_text,
    weekly_total,
)
from medlog.units import format_decimal

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


# --- Weekday ranges and doses by weekday (issue 20) ---------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", (0, 1, 2, 3, 4)),
        ("weekdays", (0, 1, 2, 3, 4)),
        ("weekends", (5, 6)),
        ("Monday - Wednesday", (0, 1, 2)),
        ("sat-mon", (0, 5, 6)),
        ("mon-sun", (0, 1, 2, 3, 4, 5, 6)),
        ("tue-thu,sat", (1, 2, 3, 5)),
    ],
)
def test_weekday_ranges(text: str, days: tuple[int, ...]) -> None:
    """Ranges (also over the weekend), weekdays and weekends name their days."""
    assert parse_schedule(f"{text} 17:00").weekdays == days


@pytest.mark.parametrize("text", ["mon-fri,wed", "weekdays,mon", "mon-fir", "weekly mon-fri"])
def test_weekday_ranges_refuse_overlaps_and_typos(text: str) -> None:
    """A day named twice, an unknown day, or a range after weekly is bad input."""
    with pytest.raises(BadInput):
        parse_schedule(text)


def test_runs_of_three_or_more_days_are_written_as_ranges() -> None:
    """mon,tue,wed,thu,fri -> mon-fri; sat,sun stays a list; mon,wed,fri too."""
    assert format_schedule(parse_schedule("mon,tue,wed,thu,fri 17:00")) == "mon-fri 17:00"
    assert format_schedule(parse_schedule("sat,sun")) == "sat,sun"
    assert format_schedule(parse_schedule("fri,mon,wed")) == "mon,wed,fri"


def test_a_dose_by_weekday_names_its_amounts_and_days() -> None:
    """Each amount comes before its days; commas list days and start the next amount."""
    assert parse_weekday_doses("5mg mon-fri, 2.5mg sat,sun") == (
        ((0, 1, 2, 3, 4), "5mg"),
        ((5, 6), "2.5mg"),
    )
    assert parse_weekday_doses("1 1/2 tablets weekdays; half a tablet weekends") == (
        ((0, 1, 2, 3, 4), "1 1/2 tablets"),
        ((5, 6), "half a tablet"),
    )
    assert names_weekdays("5mg mon-fri, 2.5mg sat,sun")
    assert not names_weekdays("10 mg") and not names_weekdays("1/2 tablet")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("5mg mon-fri, 2.5mg mon", "names mon twice"),
        ("mon-fri 5mg", "is not a dose by weekday"),
        ("5mg mon-fri,, 2.5mg sat", "is not a dose by weekday"),
        ("5mg funday", "is not a dose by weekday"),
        ("x" * 300 + " mon", "is not a dose by weekday"),
    ],
)
def test_bad_doses_by_weekday_say_why(text: str, words: str) -> None:
    """A day named twice or words that are not amounts before days are bad input."""
    with pytest.raises(BadInput, match=words):
        parse_weekday_doses(text)


def test_by_weekday_needs_exactly_the_schedules_days() -> None:
    """The days must be the schedule's (every day for daily); never every N days."""
    doses = (((0, 1, 2, 3, 4), Decimal(5)), ((5, 6), Decimal("2.5")))
    week = by_weekday(doses, parse_schedule("daily 17:00"), "text")
    assert week == (*[Decimal(5)] * 5, Decimal("2.5"), Decimal("2.5"))
    with pytest.raises(BadInput, match="names sat,sun, which the schedule skips"):
        by_weekday(doses, parse_schedule("mon-fri"), "text")
    with pytest.raises(BadInput, match="gives no amount for sat,sun"):
        by_weekday(doses[:1], parse_schedule("daily"), "text")
    with pytest.raises(BadInput, match="needs a schedule by weekday"):
        by_weekday(doses, parse_schedule("every 2 days"), "text")


amounts_text = st.decimals(min_value=Decimal("0.5"), max_value=Decimal(1000), places=1)


@given(st.lists(st.tuples(st.sets(st.integers(0, 6), min_size=1), amounts_text), min_size=2,
                max_size=4))  # fmt: skip
def test_doses_by_weekday_round_trip(groups: list[tuple[set[int], Decimal]]) -> None:
    """Whatever week of doses medlog writes, it reads back identically (days disjoint)."""
    seen: set[int] = set()
    week: list[Decimal | None] = [None] * 7
    for days, dose in groups:
        for day in days - seen:
            week[day] = dose.normalize()
        seen |= days
    written = weekday_doses_text(tuple(week), lambda dose: f"{format_decimal(dose)} mg")
    read = parse_weekday_doses(written)
    back: list[Decimal | None] = [None] * 7
    for days, text in read:
        for day in days:
            back[day] = Decimal(text.removesuffix(" mg"))
    assert back == week


@given(st.text(max_size=60))
def test_parse_weekday_doses_never_crashes(text: str) -> None:
    """Any text is a dose by weekday or bad input with a message."""
    try:
        parse_weekday_doses(text)
    except BadInput as error:
        assert error.message


@given(st.text(alphabet="monteuwdhfrisaky-, ", max_size=40))
def test_weekday_text_is_a_schedule_or_bad_input(text: str) -> None:
    """Any run of day-like letters, dashes and commas parses or is refused; never a crash."""
    try:
        parse_schedule(text)
    except BadInput as error:
        assert error.message


def test_a_week_of_doses_by_weekday() -> None:
    """5 mg mon-fri and 2.5 mg sat,sun once a day: 30 mg a week, 30/7 a day, the day's own
    amount on each day."""
    version = RegimenVersion(
        START, parse_schedule("daily 17:00"), None,
        by_weekday=(*[Decimal(5)] * 5, Decimal("2.5"), Decimal("2.5")),
    )  # fmt: skip
    assert weekly_total(version) == 30
    assert daily_amount(version) == Fraction(30, 7)
    assert [day_amount(version, START + timedelta(days=n)) for n in (4, 5)] == [5, Fraction(5, 2)]
