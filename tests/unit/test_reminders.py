"""reminders.py: which slots due --notify announces, and the quiet hours it reads."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medlog.errors import BadInput
from medlog.reminders import QuietHours, Slot, State, decide, parse_quiet_hours, state_of

DAY = date(2026, 11, 27)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY + timedelta(days=day), time(hour, minute), UTC)


@given(st.times(), st.times())
def test_quiet_hours_read_back(start: time, end: time) -> None:
    """Any two different minutes read back as the span they name; equal ones are refused."""
    start, end = start.replace(second=0, microsecond=0), end.replace(second=0, microsecond=0)
    text = f"{start:%H:%M}-{end:%H:%M}"
    if start == end:
        with pytest.raises(BadInput):
            parse_quiet_hours(text)
    else:
        assert parse_quiet_hours(text) == QuietHours(start, end)
        assert str(parse_quiet_hours(text)) == text


@given(st.text(max_size=20))
def test_quiet_hours_refuse_anything_else_with_one_sentence(text: str) -> None:
    """Whatever is typed, the parser returns a span or raises BadInput, never anything else."""
    try:
        parse_quiet_hours(text)
    except BadInput as error:
        assert error.message.endswith("e.g. 22:00-07:00.")


@pytest.mark.parametrize("text", ["25:00-07:00", "22:00", "22:00-", "-07:00", "22:60-07:00"])
def test_quiet_hours_refused(text: str) -> None:
    with pytest.raises(BadInput, match="HH:MM-HH:MM"):
        parse_quiet_hours(text)


def test_quiet_hours_past_midnight() -> None:
    quiet = QuietHours(time(22), time(7))
    assert [quiet.hold(at(0, hour)) for hour in (21, 22, 3, 6)] == [False, True, True, True]
    assert not quiet.hold(at(0, 7))


def test_a_broken_state_is_empty() -> None:
    for document in (None, [], {"v": 99}, {"v": 1, "announced": {"a": 1}}, "x"):
        assert state_of(document) == State()


SLOTS = [
    Slot("a", "A", DAY + timedelta(days=day), time(hour), False)
    for day in range(3)
    for hour in (8, 20)
]


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 23)), min_size=1, max_size=12))
def test_runs_at_any_moments_announce_each_slot_at_most_once(runs: list[tuple[int, int]]) -> None:
    """Runs at any moments, the clock going back and forth: no slot is announced twice, each
    announced slot had come, and the latest slot come by the last run (the furthest moment)
    is announced by then."""
    state, seen = State(), []
    for day, hour in runs:
        decision = decide(SLOTS, [], state, at(day, hour), None)
        seen += [slot.key() for slot in decision.doses]
        assert all(slot.moment(at(day, hour)) <= at(day, hour) for slot in decision.doses)
        state = decision.after
    assert len(seen) == len(set(seen))
    furthest = max(at(day, hour) for day, hour in runs)
    come = [slot for slot in SLOTS if slot.moment(furthest) <= furthest]
    if come and furthest == at(*runs[-1]):
        assert come[-1].key() in seen


def test_quiet_hours_defer_and_drop_the_replaced() -> None:
    """20:00 comes in quiet hours and is announced at their end, unless 08:00 came first."""
    quiet = QuietHours(time(19), time(9))
    held = decide(SLOTS, [], State(), at(0, 20, 30), quiet)
    assert held.doses == () and held.after.announced == {}
    later = decide(SLOTS, [], held.after, at(1, 9), quiet)
    assert [slot.key() for slot in later.doses] == ["a|2026-11-28|08:00 due"]


def test_low_supply_once_a_day() -> None:
    first = decide([], ["a"], State(), at(0, 9), None)
    assert first.low == ("a",)
    assert decide([], ["a"], first.after, at(0, 18), None).low == ()
    assert decide([], ["a"], first.after, at(1, 9), None).low == ("a",)


def test_old_announcements_are_forgotten() -> None:
    first = decide(SLOTS, [], State(), at(0, 9), None)
    assert first.after.announced
    assert decide([], [], first.after, at(30, 9), None).after.announced == {}
