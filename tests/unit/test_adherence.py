"""adherence.py: slot matching and one day's figures, by the definitions in DESIGN.md."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from medlog.adherence import ItemPeriod, item_day, item_period, match_slots
from medlog.journal import live
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


# Property tests over whole periods ---------------------------------------------------------

FIRST = date(2026, 11, 2)
LAST = date(2026, 11, 8)
SCHEDULES = [
    "daily",
    "daily 08:00",
    "daily 08:00,20:00",
    "every 2 days 09:00",
    "mon,wed,fri 09:00",
    "as needed max 2/day min interval 4h",
]
moments = st.tuples(st.integers(0, 6), st.integers(0, 24 * 60 - 1))


def event_at(kind: str, n: int, offset: int, minute: int) -> Event:
    """A dose or skip on FIRST + offset at a minute of the day."""
    moment = datetime(2026, 11, 2, tzinfo=UTC) + timedelta(days=offset, minutes=minute)
    return Event(
        f"{kind}{n}",
        kind,
        moment,
        moment,
        item="x",  # type: ignore[arg-type]
        amount=Decimal(10) if kind == "dose" else None,
        unit="mg" if kind == "dose" else None,
    )


def period_of(schedule: str, events: list[Event]) -> ItemPeriod:
    """The period figures for an item on ``schedule`` with these journal events."""
    doses: dict[date, list[Event]] = defaultdict(list)
    skips: dict[date, list[Event]] = defaultdict(list)
    for event in live(events):
        (doses if event.type == "dose" else skips)[event.day].append(event)
    subject = item(schedule, DoseRange(Decimal(10), Decimal(20), "day", "s"))
    return item_period(subject, FIRST, LAST, doses, skips, WINDOW)


journals = st.builds(
    lambda schedule, dose_times, skip_times: (
        schedule,
        [event_at("dose", n, *m) for n, m in enumerate(dose_times)]
        + [event_at("skip", n, *m) for n, m in enumerate(skip_times)],
    ),
    st.sampled_from(SCHEDULES),
    st.lists(moments, max_size=20),
    st.lists(moments, max_size=6),
)


@given(journals)
def test_adherence_is_always_between_zero_and_one(case: tuple[str, list[Event]]) -> None:
    """Adherence is null or within [0, 1], and the dose counts add up."""
    period = period_of(*case)
    assert period.adherence is None or 0 <= period.adherence <= 1
    assert (
        period.counted_doses + period.skipped_doses + period.missed_doses == period.expected_doses
    )
    assert period.counted_doses <= period.taken_doses
    assert period.on_time is None or 0 <= period.on_time <= 1


@given(journals, moments)
def test_adding_a_dose_never_lowers_counted(
    case: tuple[str, list[Event]], extra: tuple[int, int]
) -> None:
    """One more dose can only keep or raise the counted doses and adherence."""
    schedule, events = case
    before = period_of(schedule, events)
    after = period_of(schedule, [*events, event_at("dose", 999, *extra)])
    assert after.counted_doses >= before.counted_doses
    assert after.taken_doses == before.taken_doses + 1


@given(journals, st.sampled_from(["dose", "skip"]), moments)
def test_voiding_an_event_restores_the_figures(
    case: tuple[str, list[Event]], kind: str, moment: tuple[int, int]
) -> None:
    """Adding an event and then its void gives exactly the figures from before it."""
    schedule, events = case
    added = event_at(kind, 998, *moment)
    void = Event("v998", "void", added.at, added.at, ref=added.id)
    assert period_of(schedule, [*events, added, void]) == period_of(schedule, events)


def reference_pairs(slots: list[int], doses: list[int]) -> list[tuple[int, int]]:
    """Closest-first pairing written the slow, obvious way: (slot index, dose seconds)."""
    ordered = sorted(doses)
    pairs = sorted((abs(d - s), n, m) for n, s in enumerate(slots) for m, d in enumerate(ordered))
    used_slots: set[int] = set()
    used_doses: set[int] = set()
    chosen = []
    for _, n, m in pairs:
        if n not in used_slots and m not in used_doses:
            used_slots.add(n)
            used_doses.add(m)
            chosen.append((n, ordered[m]))
    return sorted(chosen)


@given(
    st.sets(st.integers(0, 23), min_size=1, max_size=4),
    st.lists(st.integers(0, 24 * 60 - 1), max_size=5),
)
def test_matching_equals_the_obvious_closest_first_pairing(
    hours: set[int], minutes: list[int]
) -> None:
    """Whatever shortcut match_slots takes, it pairs exactly as closest-first would."""
    slot_times = [time(hour) for hour in sorted(hours)]
    doses = [
        Event(
            f"d{n}",
            "dose",
            at(f"{m // 60:02d}:{m % 60:02d}"),
            at(f"{m // 60:02d}:{m % 60:02d}"),
            item="x",
        )
        for n, m in enumerate(minutes)
    ]
    slots, extra = match_slots(slot_times, doses, [])
    got = sorted(
        (n, slot.dose.at.hour * 3600 + slot.dose.at.minute * 60)
        for n, slot in enumerate(slots)
        if slot.dose is not None
    )
    expected = reference_pairs([t.hour * 3600 for t in slot_times], [m * 60 for m in minutes])
    assert got == expected
    assert len(extra) == len(doses) - len(got)
