"""attribution.py: which slot of which day a dose counts for, worked by hand (the plain
reference in test_adherence.py checks the same rules on random journals)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from medlog.adherence import ItemDay, item_days
from medlog.attribution import can_move, days_back
from medlog.model import Event, Item, RegimenVersion
from medlog.schedule import parse_schedule

WINDOW = timedelta(hours=2)
START = date(2026, 11, 1)  # a Sunday
LATER = datetime(2026, 12, 1, 12, tzinfo=UTC)


def item(schedule: str, until: date | None = None) -> Item:
    """An item on ``schedule`` from START."""
    version = RegimenVersion(START, parse_schedule(schedule), Decimal(10), until)
    return Item("x", "X", "rx", "mg", (version,))


def dose(when: str, n: int = 0) -> Event:
    """A 10 mg dose at ``when`` (ISO, UTC)."""
    moment = datetime.fromisoformat(when).replace(tzinfo=UTC)
    return Event(f"d{when}{n}", "dose", moment, moment, item="x", amount=Decimal(10), unit="mg")


def days_of(subject: Item, doses: list[Event], first: str, last: str) -> dict[date, ItemDay]:
    """The item's figures by day from ``first`` to ``last``, long after."""
    by_day: dict[date, list[Event]] = {}
    for event in doses:
        by_day.setdefault(event.day, []).append(event)
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    found = item_days(subject, start, end, by_day, {}, WINDOW, LATER)
    return {figures.day: figures for figures in found}


def test_only_items_whose_doses_can_move_look_at_other_days() -> None:
    """Daily 08:00 never stopped: no; sparse, stopped, or a late bedtime slot: yes."""
    assert not can_move(item("daily 08:00,20:00"), WINDOW)
    assert not can_move(item("daily 21:59"), WINDOW)
    assert not can_move(item("as needed"), WINDOW)
    for schedule in ("every 2 days 08:00", "weekly sat 08:00", "mon,wed 08:00", "daily 22:00"):
        assert can_move(item(schedule), WINDOW), schedule
    assert can_move(item("daily 08:00", until=date(2026, 11, 20)), WINDOW)
    assert days_back(item("daily 08:00"), WINDOW, date(2026, 11, 27)) == 1
    assert days_back(item("weekly sat 08:00"), WINDOW, date(2026, 11, 27)) == 6


def test_a_late_dose_goes_to_the_earlier_slot_on_a_tie() -> None:
    """Every 2 days from Nov 1: a dose on the 4th, with the 3rd and 5th both missed, counts
    for the 3rd (late); the 5th stays missed."""
    days = days_of(
        item("every 2 days 08:00"), [dose("2026-11-04T20:00")], "2026-11-03", "2026-11-05"
    )
    late = days[date(2026, 11, 3)]
    assert (late.counted, late.late, late.on_time, late.timed) == (1, 1, 0, 1)
    assert days[date(2026, 11, 4)].extra_doses == ()
    assert days[date(2026, 11, 4)].taken == 1 and days[date(2026, 11, 4)].total == 10
    assert days[date(2026, 11, 5)].missed == 1


def test_a_slot_answered_by_its_own_day_is_passed_over() -> None:
    """Every 2 days: the 3rd has its own dose, so a dose on the 4th counts early for the 5th."""
    days = days_of(
        item("every 2 days 08:00"),
        [dose("2026-11-03T08:00"), dose("2026-11-04T20:00")],
        "2026-11-03",
        "2026-11-05",
    )
    assert (days[date(2026, 11, 5)].counted, days[date(2026, 11, 5)].early) == (1, 1)


def test_a_second_dose_for_a_taken_slot_stays_extra() -> None:
    """Weekly Saturday missed, doses on Sunday and Monday: Sunday's counts, Monday's is extra
    (it does not reach for another slot)."""
    days = days_of(
        item("weekly sat 08:00"),
        [dose("2026-11-22T09:00"), dose("2026-11-23T09:00")],
        "2026-11-21",
        "2026-11-23",
    )
    assert days[date(2026, 11, 21)].counted == 1
    assert [m.dose.day for m in days[date(2026, 11, 21)].moved_in] == [date(2026, 11, 22)]
    assert len(days[date(2026, 11, 23)].extra_doses) == 1


def test_two_late_doses_answer_both_slots_of_a_day() -> None:
    """Every 2 days at 08:00 and 20:00, both missed on the 3rd: two doses on the 4th both
    count late, the later slot taking the first of them (nearest in time)."""
    days = days_of(
        item("every 2 days 08:00,20:00"),
        [dose("2026-11-04T09:00"), dose("2026-11-04T21:00")],
        "2026-11-03",
        "2026-11-04",
    )
    third = days[date(2026, 11, 3)]
    assert (third.counted, third.late, third.missed) == (2, 2, 0)
    assert [slot.dose.at.hour for slot in third.slots if slot.dose] == [21, 9]


def test_the_day_after_a_stop_has_no_slot_of_its_own() -> None:
    """Stopped from the 20th: a dose on the 20th counts for the 19th's missed dose."""
    days = days_of(
        item("daily 08:00", until=date(2026, 11, 20)),
        [dose("2026-11-20T08:00")],
        "2026-11-19",
        "2026-11-20",
    )
    assert (days[date(2026, 11, 19)].counted, days[date(2026, 11, 19)].late) == (1, 1)


def test_a_night_dose_waits_for_its_own_night_first() -> None:
    """Daily 23:00: the 2nd's slot is answered by its own 22:50 dose, so the 00:20 dose of the
    3rd stays the 3rd's (it answers the 3rd's slot, off time); a 00:30 dose after a night with
    no dose of its own covers that night, on time."""
    days = days_of(
        item("daily 23:00"),
        [dose("2026-11-02T22:50"), dose("2026-11-03T00:20"), dose("2026-11-05T00:30")],
        "2026-11-02",
        "2026-11-05",
    )
    assert days[date(2026, 11, 2)].on_time == 1
    third = days[date(2026, 11, 3)]
    assert (third.counted, third.on_time, third.moved_out) == (1, 0, ())
    fourth = days[date(2026, 11, 4)]
    assert (fourth.counted, fourth.on_time, [m.kind for m in fourth.moved_in]) == (
        1, 1, ["overnight"],
    )  # fmt: skip
    assert days[date(2026, 11, 5)].missed == 1


def test_every_night_after_midnight_covers_each_night() -> None:
    """Daily 23:00 always taken at 00:30: every night is covered on time, whatever the first
    day of the period (a night's own doses never include the night before's)."""
    doses = [dose(f"2026-11-{day:02d}T00:30") for day in range(2, 12)]
    for first in ("2026-11-03", "2026-11-06"):
        days = days_of(item("daily 23:00"), doses, first, "2026-11-10")
        assert all((f.counted, f.on_time) == (1, 1) for f in days.values())
