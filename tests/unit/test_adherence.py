"""adherence.py, matching.py and attribution.py: one day's figures by the definitions in
DESIGN.md (pending slots, extra doses, fair range days, best one-to-one on-time matching,
doses that belong to another day), checked by hand and against slow reference
implementations written here."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from itertools import permutations

from hypothesis import given
from hypothesis import strategies as st

from medlog.adherence import ItemPeriod, Slot, item_day, item_period
from medlog.journal import live
from medlog.matching import assign, match_doses
from medlog.model import DoseRange, Event, Item, RegimenVersion
from medlog.schedule import parse_schedule, slots_on

DAY = date(2026, 11, 27)
WINDOW = timedelta(hours=2)
LATER = datetime(2026, 11, 30, 12, tzinfo=UTC)  # every slot of DAY long closed


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


def item(
    schedule: str, dose_range: DoseRange | None = None, start: date = date(2026, 1, 1)
) -> Item:
    """An item with one regimen version from ``start``."""
    return Item(
        "x",
        "X",
        "rx",
        "mg",
        (RegimenVersion(start, parse_schedule(schedule), Decimal(10)),),
        range=dose_range,
    )


def states(figures: object) -> list[str]:
    """Each slot's state, in slot order."""
    return [slot.state for slot in figures.slots]  # type: ignore[attr-defined]


# Pending slots: not yet due is neither expected nor missed ---------------------------------


def test_a_dose_not_yet_due_is_pending_not_missed() -> None:
    """At 07:50 the 08:00 dose is pending: expected 0, missed 0; it is still pending through
    the minute 10:00 (a dose then is on time) and missed from 10:01."""
    daily = item("daily 08:00")
    for now, expected, missed, pending in (
        (at("07:50"), 0, 0, 1),
        (at("09:59"), 0, 0, 1),
        (at("10:00"), 0, 0, 1),
        (at("10:00") + timedelta(seconds=59), 0, 0, 1),
        (at("10:01"), 1, 1, 0),
        (at("23:00"), 1, 1, 0),
    ):
        figures = item_day(daily, DAY, [], [], WINDOW, now)
        assert (figures.expected, figures.missed, figures.pending) == (expected, missed, pending)


def test_a_dose_taken_counts_at_once_even_before_its_window_closes() -> None:
    """A dose at 08:00 counts at 08:30: expected 1, counted 1, nothing pending."""
    figures = item_day(item("daily 08:00"), DAY, [dose("08:00")], [], WINDOW, at("08:30"))
    assert (figures.expected, figures.counted, figures.pending) == (1, 1, 0)
    assert states(figures) == ["taken"]


def test_an_untimed_slot_is_pending_until_its_day_ends() -> None:
    """'daily' with nothing logged is pending all day and missed the next."""
    daily = item("daily")
    assert item_day(daily, DAY, [], [], WINDOW, at("23:59")).pending == 1
    assert item_day(daily, DAY, [], [], WINDOW, LATER).missed == 1


def test_doses_account_for_closed_slots_first() -> None:
    """08:00 and 20:00 at 15:30 with one dose at 15:00: it answers 08:00; 20:00 is pending."""
    figures = item_day(item("daily 08:00,20:00"), DAY, [dose("15:00")], [], WINDOW, at("15:30"))
    assert states(figures) == ["taken", "pending"]
    assert (figures.expected, figures.counted, figures.missed, figures.extra_doses) == (1, 1, 0, ())
    assert (figures.timed, figures.on_time) == (1, 0)


def test_a_dose_once_an_open_slots_time_has_come_is_that_slots_dose() -> None:
    """08:00 and 20:00 at 21:05 with one dose at 21:00: it is the 20:00 dose (on time, its time
    had come), not a late 08:00 one; 08:00 is missed, nothing is pending (an outside attacker's
    finding: 20:00 was listed as due, inviting a second dose). At 19:30 the 20:00 slot's time
    has not come, so a dose then still answers 08:00, closed slots first."""
    figures = item_day(item("daily 08:00,20:00"), DAY, [dose("21:00")], [], WINDOW, at("21:05"))
    assert states(figures) == ["missed", "taken"]
    assert (figures.expected, figures.counted, figures.missed, figures.pending) == (2, 1, 1, 0)
    assert (figures.timed, figures.on_time) == (1, 1)
    early = item_day(item("daily 08:00,20:00"), DAY, [dose("19:30")], [], WINDOW, at("19:35"))
    assert states(early) == ["taken", "pending"]


def test_a_skip_answers_an_open_slot() -> None:
    """Skipping the 20:00 dose at 09:00 makes it skipped, not pending."""
    figures = item_day(
        item("daily 08:00,20:00"), DAY, [dose("08:00")], [skip("09:00")], WINDOW, at("09:00")
    )
    assert states(figures) == ["taken", "skipped"]
    assert (figures.expected, figures.skipped, figures.pending) == (2, 1, 0)


def test_days_after_today_expect_nothing() -> None:
    """A day after today has no slots at all: nothing expected, pending or missed."""
    figures = item_day(item("daily 08:00"), DAY + timedelta(days=1), [], [], WINDOW, at("12:00"))
    assert (figures.expected, figures.pending, figures.missed) == (0, 0, 0)


def test_pending_matches_the_formula_in_design() -> None:
    """pending = max(0, open - max(0, taken + skips - closed)) for a mixed day."""
    figures = item_day(
        item("daily 06:00,12:00,18:00,22:00"),
        DAY,
        [dose("06:10"), dose("07:00", n=1), dose("07:30", n=2)],
        [],
        WINDOW,
        at("13:00"),
    )
    closed, open_ = 1, 3
    assert figures.pending == max(0, open_ - max(0, 3 - closed)) == 1
    assert (figures.expected, figures.counted, figures.extra_doses) == (3, 3, ())


# Extra doses ---------------------------------------------------------------------------------


def test_a_double_dose_is_extra() -> None:
    """Two 10 mg doses on a once-daily regimen: one counted, one extra, adherence unaffected."""
    figures = item_day(
        item("daily 08:00"), DAY, [dose("08:00"), dose("08:30", n=1)], [], WINDOW, LATER
    )
    assert (figures.counted, len(figures.extra_doses)) == (1, 1)
    assert figures.extra_doses[0].id == "d08:301"


def test_a_dose_on_a_day_with_nothing_expected_is_extra() -> None:
    """Every 2 days from 11-26: a dose on 11-27 is extra."""
    every = item("every 2 days 08:00", start=date(2026, 11, 26))
    figures = item_day(every, DAY, [dose("08:00")], [], WINDOW, LATER)
    assert (figures.expected, len(figures.extra_doses)) == (0, 1)


def test_as_needed_doses_are_never_extra() -> None:
    """An as-needed dose is use, not an extra dose."""
    figures = item_day(
        item("as needed"), DAY, [dose("08:00"), dose("14:00", n=1)], [], WINDOW, LATER
    )
    assert figures.extra_doses == ()


# Range days ------------------------------------------------------------------------------


def test_range_days_are_judged_only_on_days_with_a_dose() -> None:
    """A missed day is a missed day, not a below-range day; a max-only range is never below."""
    banded = item("daily 08:00", DoseRange(Decimal(10), Decimal(20), "day", "s"))
    assert item_day(banded, DAY, [], [], WINDOW, LATER).day_verdict is None
    assert item_day(banded, DAY, [dose("08:00", "5")], [], WINDOW, LATER).day_verdict == "below"
    above = item_day(banded, DAY, [dose("08:00", "15"), dose("20:00", "10", 1)], [], WINDOW, LATER)
    assert (above.total, above.day_verdict) == (25, "above")
    upper = item("daily", DoseRange(None, Decimal(350), "day", "s"))
    assert item_day(upper, DAY, [dose("08:00", "1")], [], WINDOW, LATER).day_verdict == "in"


def test_a_day_with_pending_slots_is_never_below() -> None:
    """10 mg of a 20 mg day by noon, with the 20:00 dose still to come: no verdict yet."""
    banded = item("daily 08:00,20:00", DoseRange(Decimal(20), Decimal(40), "day", "s"))
    figures = item_day(banded, DAY, [dose("08:00")], [], WINDOW, at("12:00"))
    assert figures.day_verdict is None
    over = item_day(banded, DAY, [dose("08:00", "50")], [], WINDOW, at("12:00"))
    assert over.day_verdict == "above"


def test_per_dose_ranges_judge_each_dose() -> None:
    """A per-dose range counts doses outside it and gives no day verdict."""
    per_dose = item_day(
        item("daily", DoseRange(Decimal(1), Decimal(3), "dose", "s")),
        DAY,
        [dose("08:00", "5"), dose("20:00", "2", 1)],
        [],
        WINDOW,
        LATER,
    )
    assert (per_dose.day_verdict, per_dose.doses_out_of_range) == (None, 1)


# On time: the best one-to-one matching ---------------------------------------------------------


def test_on_time_uses_the_best_matching_not_the_greedy_one() -> None:
    """Slots 08:00 and 09:00, doses 08:40 and 10:50: both can be on time, so on-time is 2/2."""
    figures = item_day(
        item("daily 08:00,09:00"), DAY, [dose("08:40"), dose("10:50", n=1)], [], WINDOW, LATER
    )
    assert (figures.timed, figures.on_time) == (2, 2)


def test_two_morning_doses_on_a_twice_daily_schedule() -> None:
    """08:00,20:00 with both doses in the morning: counted 2, one on time (as DESIGN.md says)."""
    figures = item_day(
        item("daily 08:00,20:00"), DAY, [dose("08:00"), dose("08:30", n=1)], [], WINDOW, LATER
    )
    assert (figures.counted, figures.on_time, figures.timed) == (2, 1, 2)


def test_on_time_compares_wall_clocks_across_offsets() -> None:
    """An 08:00 dose logged with another zone's offset is on time for an 08:00 slot."""
    travelled = Event("t", "dose", at("08:00", offset=9), at("08:00", offset=9), item="x",
                      amount=Decimal(10), unit="mg")  # fmt: skip
    figures = item_day(item("daily 08:00"), DAY, [travelled], [], WINDOW, LATER)
    assert figures.on_time == 1


def test_item_day_counts_by_the_definitions() -> None:
    """expected 2, taken 3 -> counted 2, extra 1; a skip with no slot left changes nothing."""
    figures = item_day(
        item("daily 08:00,20:00"),
        DAY,
        [dose("08:10"), dose("12:00", n=1), dose("23:30", n=2)],
        [skip("20:00")],
        WINDOW,
        LATER,
    )
    assert (figures.expected, figures.taken, figures.counted, figures.skipped, figures.missed) == (
        2, 3, 2, 0, 0,
    )  # fmt: skip
    assert (figures.on_time, figures.timed, len(figures.extra_doses)) == (1, 2, 1)
    assert figures.total == 30


def test_item_day_missed_and_skipped() -> None:
    """One skip and nothing else on a two-slot day: skipped 1, missed 1."""
    figures = item_day(item("daily 08:00,20:00"), DAY, [], [skip("08:00")], WINDOW, LATER)
    assert (figures.counted, figures.skipped, figures.missed) == (0, 1, 1)
    both = item_day(
        item("daily 08:00,20:00"), DAY, [], [skip("08:00"), skip("09:00")], WINDOW, LATER
    )
    assert (both.skipped, both.missed) == (2, 0)


# References written the slow, obvious way ---------------------------------------------------


def objective(
    slots: list[int], closed: list[bool], doses: list[int], pairs: dict[int, int], window: int
) -> tuple[int, int, int, int]:
    """(pairs, slots covered, on-time pairs, -total distance): larger is better. A slot is
    covered when closed, or answered by a dose taken once its time had come, within the window
    (matching.py's rule 1 and its exception)."""
    covered = sum(1 for n, m in pairs.items() if closed[n] or 0 <= doses[m] - slots[n] <= window)
    on_time = sum(1 for n, m in pairs.items() if abs(doses[m] - slots[n]) <= window)
    distance = sum(abs(doses[m] - slots[n]) for n, m in pairs.items())
    return len(pairs), covered, on_time, -distance


def best_by_brute_force(
    slots: list[int], closed: list[bool], doses: list[int], window: int
) -> tuple[int, int, int, int]:
    """The best objective over every one-to-one pairing of as many doses as possible."""
    size = min(len(slots), len(doses))
    best = None
    for chosen in permutations(range(len(doses)), size):
        for slot_order in permutations(range(len(slots)), size):
            value = objective(
                slots, closed, doses, dict(zip(slot_order, chosen, strict=True)), window
            )
            best = value if best is None or value > best else best
    assert best is not None
    return best


@given(
    st.lists(st.integers(0, 24 * 60 - 1), min_size=1, max_size=4, unique=True),
    st.lists(st.booleans(), min_size=4, max_size=4),
    st.lists(st.integers(0, 24 * 60 - 1), max_size=4),
)
def test_matching_is_as_good_as_every_possible_pairing(
    slot_minutes: list[int], closed_flags: list[bool], dose_minutes: list[int]
) -> None:
    """No pairing covers more closed slots, then has more on time, then less distance."""
    slots = sorted(minute * 60 for minute in slot_minutes)
    closed = closed_flags[: len(slots)]
    doses_seconds = sorted(minute * 60 for minute in dose_minutes)
    events = [
        Event(f"d{n}", "dose", at(f"{s // 3600:02d}:{s // 60 % 60:02d}"), at("00:00"), item="x")
        for n, s in enumerate(doses_seconds)
    ]
    pairs = match_doses(slots, closed, events, 7200)
    if not events:
        assert pairs == {}
        return
    assert objective(slots, closed, doses_seconds, pairs, 7200) == best_by_brute_force(
        slots, closed, doses_seconds, 7200
    )


@given(st.lists(st.lists(st.integers(0, 50), min_size=3, max_size=3), min_size=1, max_size=3))
def test_assign_finds_the_cheapest_pairing(costs: list[list[int]]) -> None:
    """The Hungarian method agrees with trying every pairing."""
    pairs = assign(costs)
    size = min(len(costs), len(costs[0]))
    cheapest = min(
        sum(costs[r][c] for r, c in zip(rows, columns, strict=True))
        for rows in permutations(range(len(costs)), size)
        for columns in permutations(range(len(costs[0])), size)
    )
    assert len(pairs) == size and sum(costs[r][c] for r, c in pairs.items()) == cheapest


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
    "daily 23:00",
    "weekly thu 10:00",
    "every 3 days 22:30",
]
moments = st.tuples(st.integers(0, 6), st.integers(0, 24 * 60 - 1))
nows = st.integers(0, 7 * 24 * 60).map(
    lambda minute: datetime(2026, 11, 2, tzinfo=UTC) + timedelta(minutes=minute)
)


def event_at(kind: str, n: int, offset: int, minute: int) -> Event:
    """A dose or skip on FIRST + offset at a minute of the day."""
    moment = datetime(2026, 11, 2, tzinfo=UTC) + timedelta(days=offset, minutes=minute)
    return Event(
        f"{kind}{n}",
        kind,  # type: ignore[arg-type]
        moment,
        moment,
        item="x",
        amount=Decimal(10) if kind == "dose" else None,
        unit="mg" if kind == "dose" else None,
    )


def period_of(schedule: str, events: list[Event], now: datetime = LATER) -> ItemPeriod:
    """The period figures for an item on ``schedule`` with these journal events."""
    doses: dict[date, list[Event]] = defaultdict(list)
    skips: dict[date, list[Event]] = defaultdict(list)
    for event in live(events):
        (doses if event.type == "dose" else skips)[event.day].append(event)
    subject = item(schedule, DoseRange(Decimal(10), Decimal(20), "day", "s"))
    return item_period(subject, FIRST, LAST, doses, skips, WINDOW, now)


def journals_on(
    schedules: list[str], dose_moments: st.SearchStrategy[tuple[int, int]], doses: int, skips: int
) -> st.SearchStrategy[tuple[str, list[Event]]]:
    """A schedule, with up to ``doses`` doses and ``skips`` skips in the period."""
    return st.builds(
        lambda schedule, dose_times, skip_times: (
            schedule,
            [event_at("dose", n, *m) for n, m in enumerate(dose_times)]
            + [event_at("skip", n, *m) for n, m in enumerate(skip_times)],
        ),
        st.sampled_from(schedules),
        st.lists(dose_moments, max_size=doses),
        st.lists(moments, max_size=skips),
    )


journals = journals_on(SCHEDULES, moments, 20, 6)


@given(journals, nows)
def test_the_counts_always_add_up(case: tuple[str, list[Event]], now: datetime) -> None:
    """At any moment: adherence in [0, 1]; counted + skipped + missed = expected;
    pending + expected = the slots; nothing is expected after today."""
    period = period_of(*case, now=now)
    assert period.adherence is None or 0 <= period.adherence <= 1
    assert (
        period.counted_doses + period.skipped_doses + period.missed_doses == period.expected_doses
    )
    assert period.counted_doses <= period.taken_doses
    assert period.on_time is None or 0 <= period.on_time <= 1
    for figures in period.days:
        if figures.day > now.date():
            assert figures.slots == () and figures.expected == 0
        assert figures.pending + figures.expected == len(figures.slots)


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


@given(journals, st.sampled_from(["dose", "skip"]), moments, nows)
def test_voiding_an_event_restores_the_figures(
    case: tuple[str, list[Event]], kind: str, moment: tuple[int, int], now: datetime
) -> None:
    """Adding an event and then its void gives exactly the figures from before it."""
    schedule, events = case
    added = event_at(kind, 998, *moment)
    void = Event("v998", "void", added.at, added.at, ref=added.id)
    assert period_of(schedule, [*events, added, void], now) == period_of(schedule, events, now)


@given(journals, nows)
def test_pending_follows_the_formula(case: tuple[str, list[Event]], now: datetime) -> None:
    """Each day: pending = max(0, open - max(0, taken + skips - closed)), as DESIGN.md says,
    but for the open slots a dose taken once their time had come answers (matching.py's rule
    1 and its exception, README "Not yet due"): those slots are that dose's, neither pending
    nor left to a dose for a closed slot. Hypothesis found a day the formula alone misjudged:
    08:00,20:00 at 10:01 with one dose logged for 20:00, which is that slot's."""
    schedule, events = case
    period = period_of(schedule, events, now)
    for figures in period.days:
        if not figures.slots:
            continue

        def is_closed(slot: Slot, day: date = figures.day) -> bool:
            if slot.time is None:
                return day < now.date()
            return datetime.combine(day, slot.time, tzinfo=UTC) + WINDOW < now

        closed = sum(1 for slot in figures.slots if is_closed(slot))
        come = sum(
            1
            for slot in figures.slots
            if not is_closed(slot)
            and slot.time is not None
            and slot.dose is not None
            and slot.dose.at.date() == figures.day
            and timedelta(0)
            <= datetime.combine(figures.day, slot.dose.at.time().replace(second=0))
            - datetime.combine(figures.day, slot.time)
            <= WINDOW
        )
        open_ = len(figures.slots) - closed
        answering = figures.taken - len(figures.moved_out) + len(figures.moved_in)
        answered = answering + len(figures.skip_events)
        assert figures.pending == max(0, open_ - come - max(0, answered - come - closed))
        assert len(figures.extra_doses) == answering - figures.counted


def test_time_of_day_matters_not_the_order_logged() -> None:
    """The same doses logged in another order give the same attribution."""
    daily = item("daily 08:00,20:00")
    one = item_day(daily, DAY, [dose("20:05"), dose("08:05", n=1)], [], WINDOW, LATER)
    two = item_day(daily, DAY, [dose("08:05", n=1), dose("20:05")], [], WINDOW, LATER)
    assert one == two
    assert [slot.time for slot in one.slots] == [time(8), time(20)]


# Doses that belong to another day: a reference written the plain way ---------------------

ONE_SLOT_SCHEDULES = [
    "daily 23:00",
    "daily 08:00",
    "weekly thu 10:00",
    "every 2 days 09:00",
    "every 3 days 22:30",
    "mon,wed,fri 23:30",
    "daily",
    "every 2 days",
]


class Reference:
    """DESIGN.md "Definitions" for one slot a day at most, spelled out day by day with no
    shortcut: after midnight, then sparse schedules, then the counting."""

    def __init__(self, schedule: str, events: list[Event], now: datetime) -> None:
        self.version = item(schedule).regimen[0]
        self.now = now
        self.window = int(WINDOW.total_seconds())
        self.days = [FIRST + timedelta(days=n) for n in range(-3, (LAST - FIRST).days + 4)]
        events = live(events)
        self.doses = {
            day: sorted((e for e in events if e.type == "dose" and e.day == day),
                        key=lambda e: (e.at, e.id))
            for day in self.days
        }  # fmt: skip
        self.skips = {day: [e for e in events if e.type == "skip" and e.day == day]
                      for day in self.days}  # fmt: skip
        self.answered: dict[date, str] = {}  # slot day -> own | night | late | early
        self.moved: set[str] = set()

    def slot(self, day: date) -> tuple[int | None] | None:
        """(seconds of the slot's time,) of ``day``, or None: no slot (none after today)."""
        version = self.version
        if day > self.now.date() or not slots_on(version.schedule, day, version.start):
            return None
        times = version.schedule.times
        return ((times[0].hour * 3600 + times[0].minute * 60) if times else None,)

    def is_closed(self, day: date, seconds: int | None) -> bool:
        """Closed once the wall clock has passed the minute of the slot plus the window."""
        if seconds is None:
            return day < self.now.date()
        closes = datetime.combine(day, time()) + timedelta(seconds=seconds + self.window)
        return self.now.replace(tzinfo=None, second=0, microsecond=0) > closes

    def night_doses(self, day: date) -> list[Event]:
        """Doses of ``day`` within the window after the slot of the day before."""
        before = self.slot(day - timedelta(days=1))
        if before is None or before[0] is None:
            return []
        night = before[0]
        return [d for d in self.doses.get(day, []) if 86400 + wall(d.at) - night <= self.window]

    def attribute(self) -> None:
        """Which dose answers which day's slot."""
        for day in self.days:  # after midnight: a night slot no dose of its own day answers
            here = self.slot(day)
            if here is None or here[0] is None or day + timedelta(days=1) not in self.doses:
                continue
            own = [d for d in self.doses[day] if d not in self.night_doses(day)]
            after = self.night_doses(day + timedelta(days=1))
            if not own and after:
                self.answered[day] = "night"
                self.moved.add(after[0].id)
        for day in self.days:  # then each day's own doses answer its slot
            mine = [d for d in self.doses[day] if d.id not in self.moved]
            if self.slot(day) is not None and day not in self.answered and mine:
                self.answered[day] = "own"
        free = set()
        for day in self.days:
            here = self.slot(day)
            if here is not None and day not in self.answered and self.is_closed(day, here[0]):
                free.add(day)
        lone = [d for day in self.days if self.slot(day) is None for d in self.doses[day]]
        for dose in sorted(lone, key=lambda e: (e.at, e.id)):  # the nearest free, earlier on ties
            if dose.id in self.moved:
                continue
            target = next(
                (dose.day + timedelta(days=n) for n in (-1, 1, -2, 2)
                 if dose.day + timedelta(days=n) in free),
                None,
            )  # fmt: skip
            if target is not None and target not in self.answered:
                self.answered[target] = "late" if target < dose.day else "early"
                self.moved.add(dose.id)

    def sums(self) -> dict[str, int]:
        """The period's figures."""
        self.attribute()
        keys = ("expected", "counted", "skipped", "missed", "pending", "extra", "late", "early",
                "on_time", "timed")  # fmt: skip
        sums = dict.fromkeys(keys, 0)
        for day in self.days[3:-3]:
            here = self.slot(day)
            remaining = [d for d in self.doses[day] if d.id not in self.moved]
            how = self.answered.get(day)
            if here is None or (
                how is None and not self.is_closed(day, here[0]) and not self.skips[day]
            ):
                sums["pending"] += here is not None
                sums["extra"] += len(remaining)
                continue
            sums["expected"] += 1
            if how is None:
                sums["skipped" if self.skips[day] else "missed"] += 1
                continue
            sums["counted"] += 1
            sums["extra"] += len(remaining) - (how == "own")
            sums[how] = sums.get(how, 0) + 1
            if here[0] is not None:
                sums["timed"] += 1
                sums["on_time"] += how == "night" or (
                    how == "own"
                    and any(abs(wall(d.at) - here[0]) <= self.window for d in remaining)
                )
        return {key: sums[key] for key in keys}


def wall(moment: datetime) -> int:
    """Wall-clock seconds since midnight, to the minute."""
    return moment.hour * 3600 + moment.minute * 60


# Doses anywhere in a day, and often just after midnight.
after_midnight = st.one_of(moments, st.tuples(st.integers(0, 6), st.integers(0, 90)))
one_slot_journals = journals_on(ONE_SLOT_SCHEDULES, after_midnight, 12, 3)


@given(one_slot_journals, st.one_of(nows, st.just(LATER)))
def test_doses_of_another_day_match_the_reference(
    case: tuple[str, list[Event]], now: datetime
) -> None:
    """After midnight and late or early doses: the figures agree with the plain reference
    (over a journal as it can be at ``now``: nothing logged after it)."""
    schedule, events = case[0], [event for event in case[1] if event.at <= now]
    period = period_of(schedule, events, now)
    assert Reference(schedule, events, now).sums() == {
        "expected": period.expected_doses,
        "counted": period.counted_doses,
        "skipped": period.skipped_doses,
        "missed": period.missed_doses,
        "pending": period.pending_doses,
        "extra": period.extra_doses,
        "late": period.late_doses,
        "early": period.early_doses,
        "on_time": period.on_time_doses,
        "timed": period.timed_doses,
    }
