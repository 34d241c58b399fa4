"""adherence.py: slot matching and one day's figures, by the definitions in DESIGN.md."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from medlog.adherence import item_day, match_slots
from medlog.model import DoseRange, Event, Item, RegimenVersion
from medlog.schedule import parse_schedule

DAY = date(2026, 11, 27)
WINDOW = timedelta(hours=2)


def at(clock: str, offset: int = 0) -> datetime:
    """A wall time on DAY with a UTC offset in hours."""
    hours, minutes = map(int, clock.split(":"))
    return datetime(2026, 11, 27, hours, minutes, tzinfo=timezone(timedelta(hours=offset)))


def dose(clock: str, amount: str = "10", n: int = 0) -> Event:
    """A dose at a wall time on DAY."""
    return Event(
        f"d{clock}{n}", "dose", at(clock), at(clock), item="x", amount=Decimal(amount), unit="mg"
    )


def skip(clock: str) -> Event:
    """A skip at a wall time on DAY."""
    return Event(f"s{clock}", "skip", at(clock), at(clock), item="x")


def item(schedule: str, dose_range: DoseRange | None = None) -> Item:
    """An item with one regimen version from well before DAY."""
    return Item(
        "x",
        "X",
        "rx",
        "mg",
        (RegimenVersion(date(2026, 1, 1), parse_schedule(schedule), Decimal(10)),),
        range=dose_range,
    )


def test_doses_match_their_closest_slot_one_to_one() -> None:
    """Two morning doses: one answers 08:00, the other is matched to 20:00 (12 h late)."""
    slots, extra = match_slots((time(8), time(20)), [dose("08:30"), dose("09:00", n=1)], [])
    assert [s.dose.id if s.dose else None for s in slots] == ["d08:300", "d09:001"]
    assert extra == ()


def test_doses_beyond_the_slots_are_extra_and_skips_fill_open_slots() -> None:
    """Three doses for one slot: one counted, two extra; a skip only fills an open slot."""
    slots, extra = match_slots(
        (time(8),), [dose("08:00"), dose("08:05", n=1), dose("12:00", n=2)], [skip("07:00")]
    )
    assert slots[0].dose is not None and slots[0].skip is None
    assert len(extra) == 2
    slots, _ = match_slots((time(8), time(20)), [dose("20:10")], [skip("08:00")])
    assert slots[0].skip is not None and slots[1].dose is not None


def test_item_day_counts_by_the_definitions() -> None:
    """expected 2, taken 3 -> counted 2, skipped 0, missed 0; on time uses the 2 h window."""
    figures = item_day(
        item("daily 08:00,20:00"),
        DAY,
        [dose("08:10"), dose("12:00", n=1), dose("23:30", n=2)],
        [skip("20:00")],
        WINDOW,
    )
    assert (figures.expected, figures.taken, figures.counted, figures.skipped, figures.missed) == (
        2,
        3,
        2,
        0,
        0,
    )
    assert (figures.on_time, figures.timed) == (1, 2)
    assert figures.total == 30


def test_item_day_missed_and_skipped() -> None:
    """One skip and nothing else on a two-slot day: skipped 1, missed 1."""
    figures = item_day(item("daily 08:00,20:00"), DAY, [], [skip("08:00")], WINDOW)
    assert (figures.counted, figures.skipped, figures.missed) == (0, 1, 1)
    both = item_day(item("daily 08:00,20:00"), DAY, [], [skip("08:00"), skip("09:00")], WINDOW)
    assert (both.skipped, both.missed) == (2, 0)


def test_day_range_verdicts() -> None:
    """A per-day range judges the day's total; a max-only range is never below."""
    above = item_day(
        item("daily", DoseRange(Decimal(10), Decimal(20), "day", "s")),
        DAY,
        [dose("08:00", "15"), dose("20:00", "10", 1)],
        [],
        WINDOW,
    )
    assert (above.total, above.day_verdict) == (25, "above")
    upper = item_day(item("daily", DoseRange(None, Decimal(350), "day", "s")), DAY, [], [], WINDOW)
    assert upper.day_verdict == "in"
    per_dose = item_day(
        item("daily", DoseRange(Decimal(1), Decimal(3), "dose", "s")),
        DAY,
        [dose("08:00", "5"), dose("20:00", "2", 1)],
        [],
        WINDOW,
    )
    assert (per_dose.day_verdict, per_dose.doses_out_of_range) == (None, 1)


def test_on_time_compares_wall_clocks_across_offsets() -> None:
    """An 08:00 dose logged with another zone's offset is on time for an 08:00 slot."""
    travelled = Event(
        "t",
        "dose",
        at("08:00", offset=9),
        at("08:00", offset=9),
        item="x",
        amount=Decimal(10),
        unit="mg",
    )
    figures = item_day(item("daily 08:00"), DAY, [travelled], [], WINDOW)
    assert figures.on_time == 1
