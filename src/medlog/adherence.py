"""Expected against logged, per item and day, exactly as DESIGN.md "Definitions" says.

For an item on a local day d, at the moment ``now``:
- slots(d): what the regimen version in force on d schedules on d (none for as-needed
  items, before the start, after a stop, and after today);
- a slot is open while its time plus the on-time window has not passed (an untimed
  slot until its day ends); doses and skips answer slots as ``matching`` says;
- pending(d): open slots nothing answered: neither expected nor missed yet;
- expected = slots - pending; counted = min(taken, expected);
  skipped = min(skips, expected - counted); missed = the rest;
  extra = taken - counted (a double dose, a dose on a day with nothing expected);
- total(d): the day's doses summed, judged against a per-day range on days with a
  dose (never "below" while slots are pending); a per-dose range judges each dose.

On-time compares wall-clock times on the dose's own day, so an 08:00 dose stays an
08:00 dose across a DST change or a flight. A dose that belongs to another day (after
midnight, or late or early on a sparse schedule) answers that day's slot: ``attribution``
decides which, ``item_days`` applies it. Pure code: ``now`` and the events come in,
figures go out.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Literal, NamedTuple

from medlog.asneeded import over_max_days
from medlog.attribution import REACH, DayMoves, Moved, can_move, moves
from medlog.matching import closed, match_doses, match_skips, seconds_of_day
from medlog.model import Event, Item, RegimenVersion
from medlog.ranges import Verdict, dose_amount, judge, over_dose_limit
from medlog.ranges import day_verdict as judged_day
from medlog.schedule import slots_on

SlotState = Literal["taken", "skipped", "pending", "missed"]
ADHERENCE_THRESHOLD = Decimal("0.80")
_FOUR_PLACES = Decimal("0.0001")


class Slot(NamedTuple):
    """One scheduled dose on a day, what answered it, and where it stands.

    Like ``ItemDay`` (and ``model.Event``) a NamedTuple rather than a frozen
    dataclass: a ten-year report builds a hundred thousand of them.
    """

    time: time | None
    state: SlotState
    dose: Event | None = None
    skip: Event | None = None


class ItemDay(NamedTuple):
    """An item's figures for one local day (computed once, in ``item_day``)."""

    day: date
    slots: tuple[Slot, ...]
    doses: tuple[Event, ...]
    extra_doses: tuple[Event, ...]
    skip_events: tuple[Event, ...]
    total: Decimal
    day_verdict: Verdict | None
    doses_out_of_range: int
    expected: int
    taken: int
    counted: int
    skipped: int
    missed: int
    pending: int
    timed: int
    on_time: int
    moved_in: tuple[Moved, ...] = ()  # doses of other days that answer this day's slots
    moved_out: tuple[Moved, ...] = ()  # this day's doses that count for another day

    @property
    def late(self) -> int:
        """Slots of this day answered by a dose taken on a later day."""
        return sum(1 for moved in self.moved_in if moved.kind == "late")

    @property
    def early(self) -> int:
        """Slots of this day answered by a dose taken on an earlier day."""
        return sum(1 for moved in self.moved_in if moved.kind == "early")


Recall = Callable[[date, Sequence[Event], Sequence[Event]], ItemDay | None]
"""A day's figures remembered from an earlier run, from that day's doses and skips; or None."""


def governing(item: Item, day: date) -> RegimenVersion | None:
    """The version in force on ``day`` or, after a stop, the last one that had started.

    Limits of an as-needed schedule (at most N a day, a minimum interval) still
    apply to doses taken after the item was stopped.
    """
    return item.version_on(day) or next((v for v in reversed(item.regimen) if v.start <= day), None)


def item_day(
    item: Item,
    day: date,
    doses: Iterable[Event],
    skips: Iterable[Event],
    window: timedelta,
    now: datetime,
    moves: DayMoves | None = None,
) -> ItemDay:
    """The item's figures for ``day`` from its non-voided doses and skips on that day, and
    ``moves``: the doses of other days that answer its slots, and its own that count elsewhere
    (``item_days`` works them out)."""
    return _Days(item, window, now).figures(day, doses, skips, moves)


class _Days:
    """``item_day`` for one item at one ``now``, with what is the same on every day worked
    out once: a report asks it for each item and day (36,500 times for ten years of ten
    items), so the common cases take the short ways through it."""

    __slots__ = ("common_before", "item", "now", "seconds", "today", "verdicts", "window")

    def __init__(self, item: Item, window: timedelta, now: datetime) -> None:
        self.item = item
        self.window = window
        self.now = now
        self.today = now.date()
        self.seconds = int(window.total_seconds())
        self.common_before = self.today - (window + _ONE_DAY)  # a common day is before it
        self.verdicts: dict[Decimal, Verdict | None] = {}  # a day's total -> judged_day's

    def figures(
        self,
        day: date,
        doses: Iterable[Event],
        skips: Iterable[Event],
        moves: DayMoves | None = None,
    ) -> ItemDay:
        """The item's figures for ``day`` (``item_day``)."""
        item = self.item
        if item.ranges_before:  # a day of a younger age band is judged by its range
            item = item.judged_on(day)
        version = item.version_on(day)
        slot_times = (
            slots_on(version.schedule, day, version.start)
            if version is not None and day <= self.today
            else ()
        )
        day_doses = in_time_order(tuple(doses))
        day_skips = in_time_order(tuple(skips)) if skips else _NO_EVENTS
        moved_in: tuple[Moved, ...] = ()
        moved_out: tuple[Moved, ...] = ()
        common = (
            _common_day(slot_times, day, self.common_before, self.seconds, day_doses)
            if moves is None and not day_skips
            else None
        )
        if common is not None:
            slots, extra = common, _NO_EVENTS
            timed = on_time = counted = len(common)
            skipped = pending = 0
        else:
            answering = day_doses
            if moves is not None:
                moved_in, moved_out = moves
                gone = {moved.dose.id for moved in moved_out}
                answering = tuple(dose for dose in day_doses if dose.id not in gone)
            slots, extra, timed, on_time, counts = _attribute(
                slot_times,
                _closed(slot_times, day, self.now, self.window),
                answering,
                day_skips,
                self.seconds,
                moved_in,
            )
            counted, skipped, pending = counts
        unit = item.unit
        known = [
            amount
            for dose in day_doses
            if (amount := dose.amount if dose.unit == unit else dose_amount(item, dose)) is not None
        ]
        total = sum(known, _ZERO)
        day_verdict: Verdict | None = None
        out_of_range = 0
        dose_range = item.range
        if dose_range is not None and dose_range.per == "day" and day_doses:
            if item is self.item:  # not a younger age band's: its verdicts are the item's
                day_verdict = self.verdicts.get(total)
                if day_verdict is None:
                    day_verdict = self.verdicts[total] = judged_day(total, item)
            else:
                day_verdict = judged_day(total, item)
            if day_verdict == "below" and pending:
                day_verdict = None  # the day is not over: it may still reach the range
        elif dose_range is not None and dose_range.per == "dose":
            out_of_range = sum(1 for amount in known if judge(amount, dose_range) != "in")
        if extra and (version is None or version.schedule.prn):
            rules = governing(item, day)
            if rules is not None and rules.schedule.prn:
                extra = ()  # as-needed doses are use, not extra
        expected = len(slots) - pending
        return _new(
            ItemDay,
            (
                day,
                slots,
                day_doses,
                extra,
                day_skips,
                total,
                day_verdict,
                out_of_range,
                expected,
                len(day_doses),
                counted,
                skipped,
                expected - counted - skipped,
                pending,
                timed,
                on_time,
                moved_in,
                moved_out,
            ),
        )


_ZERO = Decimal(0)  # shared: a Decimal never changes


# Records built with every field in order, skipping NamedTuple's keyword-handling __new__:
# a ten-year report builds about 150,000 of them. tests/unit/test_adherence.py compares
# whole ItemDay values, so a field out of place fails there.
_new = tuple.__new__


def in_time_order(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """The events by time, then id (journal order nearly always is already)."""
    if len(events) < 2:
        return events
    earlier = events[0].at
    for event in events[1:]:  # a day holds a few: a loop beats building a list of times
        if not earlier < event.at:
            return tuple(sorted(events, key=lambda event: (event.at, event.id)))
        earlier = event.at
    return events


def _common_day(
    slot_times: tuple[time | None, ...],
    day: date,
    before: date,
    limit: int,
    doses: tuple[Event, ...],
) -> tuple[Slot, ...] | None:
    """The slots of the common day, long closed (``_closed``: a day ``before`` today less
    the window and a day), each taken by the dose at its place in time order within the
    window of its time (``limit`` seconds): what ``_attribute`` finds for such a day
    (``matching.match_doses`` pairs them in order, all on time), without the matching.
    None for any other day."""
    if not doses or len(doses) != len(slot_times) or day >= before:
        return None
    slots = []
    for clock, slot, dose in zip(slot_times, _slot_seconds(slot_times), doses, strict=True):
        moment = dose.at
        if slot is None or not -limit <= moment.hour * 3600 + moment.minute * 60 - slot <= limit:
            return None
        slots.append(_new(Slot, (clock, "taken", dose, None)))
    return tuple(slots)


_ONE_DAY = timedelta(days=1)  # date - timedelta counts its whole days only
_NO_EVENTS: tuple[Event, ...] = ()


def _closed(
    slot_times: tuple[time | None, ...], day: date, now: datetime, window: timedelta
) -> tuple[bool, ...]:
    """Whether each slot is closed (``matching.closed``): its time plus the window, on the wall
    clock of its day, is a minute that has passed (an untimed slot: its day has)."""
    if not slot_times:
        return ()
    if day < now.date() - timedelta(days=window.days + 1):
        return (True,) * len(slot_times)  # long past: no need to place each slot in time
    seconds = int(window.total_seconds())
    return tuple(closed(day, slot, now, seconds) for slot in _slot_seconds(slot_times))


def _attribute(
    slot_times: tuple[time | None, ...],
    closed: tuple[bool, ...],
    doses: tuple[Event, ...],
    skips: tuple[Event, ...],
    window: int,
    moved_in: tuple[Moved, ...] = (),
) -> tuple[tuple[Slot, ...], tuple[Event, ...], int, int, tuple[int, int, int]]:
    """The day's slots with their state, the doses no slot took, the on-time counts, and
    (counted, skipped, pending). ``moved_in``: slots already answered by doses of other days."""
    if not slot_times:
        return (), doses, 0, 0, (0, 0, 0)
    seconds = _slot_seconds(slot_times)
    fixed, own, dose_for = _own_doses(seconds, closed, doses, window, moved_in)
    extra = (
        tuple(dose for m, dose in enumerate(doses) if m not in dose_for.values())
        if len(doses) > len(dose_for)
        else ()
    )
    skip_for: dict[int, int] = {}
    if skips and len(dose_for) + len(fixed) < len(slot_times):
        free = [n for n in own if n not in dose_for]
        chosen = match_skips([seconds[n] for n in free], [closed[n] for n in free], skips)
        skip_for = {free[n]: m for n, m in chosen.items()}
    slots = []
    timed = on_time = skipped = pending = moved_on_time = 0
    for n, clock in enumerate(slot_times):
        if n in fixed:
            moved = fixed[n]
            slots.append(_new(Slot, (clock, "taken", moved.dose, None)))
            if seconds[n] is not None:
                timed += 1
                moved_on_time += moved.kind == "overnight"  # late or early is never on time
        elif n in dose_for:
            dose = doses[dose_for[n]]
            slots.append(_new(Slot, (clock, "taken", dose, None)))
            if seconds[n] is not None:
                timed += 1
                on_time += _within(seconds[n], dose, window)
        elif n in skip_for:
            slots.append(_new(Slot, (clock, "skipped", None, skips[skip_for[n]])))
            skipped += 1
        elif closed[n]:
            slots.append(_new(Slot, (clock, "missed", None, None)))
        else:
            slots.append(_new(Slot, (clock, "pending", None, None)))
            pending += 1
    if pending and timed:
        # Doses answer closed slots first, but on time is judged against all the day's
        # slots (DESIGN.md): a 19:00 dose on an 08:00,20:00 day is on time for 20:00.
        counted = tuple(doses[m] for m in sorted(dose_for.values()))
        times = [seconds[n] for n in own]
        best = match_doses(times, (True,) * len(times), counted, window)
        on_time = sum(_within(times[n], counted[m], window) for n, m in best.items())
    counts = (len(dose_for) + len(fixed), skipped, pending)
    return tuple(slots), extra, timed, on_time + moved_on_time, counts


_NO_MOVES: dict[int, Moved] = {}  # shared, never changed
_EVERY_SLOT = [tuple(range(size)) for size in range(25)]


def _own_doses(
    seconds: tuple[int | None, ...],
    closed: tuple[bool, ...],
    doses: tuple[Event, ...],
    window: int,
    moved_in: tuple[Moved, ...],
) -> tuple[dict[int, Moved], Sequence[int], dict[int, int]]:
    """Slot -> the dose of another day that answers it; the slots left to the day's own
    doses; and slot -> own dose among them (``matching.match_doses``)."""
    if not moved_in:  # the common day: nothing from another day, and no list to build
        return _NO_MOVES, _EVERY_SLOT[len(seconds)], match_doses(seconds, closed, doses, window)
    fixed = {moved.slot: moved for moved in moved_in}
    own = [n for n in range(len(seconds)) if n not in fixed]
    found = match_doses([seconds[n] for n in own], [closed[n] for n in own], doses, window)
    return fixed, own, {own[n]: m for n, m in found.items()}


def _within(slot: int | None, dose: Event, window: int) -> bool:
    """True when ``dose`` is within ``window`` seconds of the slot's wall-clock time (to the
    minute: ``matching.minute_of``)."""
    if slot is None:
        return False
    moment = dose.at  # minute_of, inline: this runs for every dose of a report
    return -window <= moment.hour * 3600 + moment.minute * 60 - slot <= window


_SECONDS: dict[tuple[time | None, ...], tuple[int | None, ...]] = {}


def _slot_seconds(slot_times: tuple[time | None, ...]) -> tuple[int | None, ...]:
    """Seconds since midnight of each slot (a schedule has few distinct sets of times)."""
    found = _SECONDS.get(slot_times)
    if found is None:
        found = _SECONDS[slot_times] = tuple(
            None if clock is None else seconds_of_day(clock) for clock in slot_times
        )
    return found


def ratio(part: int, whole: int) -> Decimal | None:
    """part / whole rounded half-even to 4 places, or None when whole is 0."""
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(_FOUR_PLACES)


class AsNeeded(NamedTuple):
    """Use of an as-needed item over a period: no expected doses, so limits instead.

    ``after_stop`` counts the doses (included in ``doses``) taken after the item
    was stopped; its last schedule's limits still judge them.
    """

    doses: int
    per_week: Decimal | None
    days_over_max: int
    too_soon: int
    after_stop: int
    days_over_24h_amount: int = 0
    doses_over_dose_max: int = 0


class ItemPeriod(NamedTuple):
    """An item's figures over a period of local days, by the definitions in DESIGN.md.

    A NamedTuple like the rest: ``take`` imports this module, and a dataclass with slots
    costs about a millisecond to build at import.
    """

    item: Item
    days: tuple[ItemDay, ...]
    expected_doses: int
    taken_doses: int
    counted_doses: int
    skipped_doses: int
    missed_doses: int
    pending_doses: int
    extra_doses: int
    days_expected: int
    days_covered: int
    on_time_doses: int
    timed_doses: int
    total_amount: Decimal
    days_in_range: int | None
    days_below_range: int | None
    days_above_range: int | None
    doses_out_of_range: int | None
    as_needed: AsNeeded | None
    late_doses: int = 0  # slots answered by a dose taken a day or two later
    early_doses: int = 0  # slots answered by a dose taken a day or two before

    @property
    def adherence(self) -> Decimal | None:
        """Counted over expected doses, 4 places; None when nothing was expected."""
        return ratio(self.counted_doses, self.expected_doses)

    @property
    def on_time(self) -> Decimal | None:
        """Counted doses within the window of their slot, over counted doses with a slot time."""
        return ratio(self.on_time_doses, self.timed_doses)

    @property
    def below_threshold(self) -> bool:
        """True when adherence is known and under 0.80."""
        adherence = self.adherence
        return adherence is not None and adherence < ADHERENCE_THRESHOLD


def item_period(
    item: Item,
    first: date,
    last: date,
    doses_by_day: Mapping[date, Sequence[Event]],
    skips_by_day: Mapping[date, Sequence[Event]],
    window: timedelta,
    now: datetime,
    earlier: Sequence[Event] = (),
    days_over_24h_amount: int = 0,
    recall: Recall | None = None,
) -> ItemPeriod:
    """The item's figures for each day from ``first`` to ``last`` and their sums.

    ``earlier``: the item's doses of the day before ``first``, for its as-needed limits
    over any 24 hours; ``days_over_24h_amount``: the days its doses passed a label's amount
    in 24 hours, worked out across the items that hold its substance.

    ``doses_by_day`` and ``skips_by_day`` may hold the days around the period too
    (``attribution.REACH`` either side): a dose there may count for a day of it. ``recall``:
    see ``item_days``."""
    days = item_days(item, first, last, doses_by_day, skips_by_day, window, now, recall)
    expected = taken = counted = skipped = pending = extra = late = early = 0
    days_expected = days_covered = on_time = timed = out_of_range = 0
    verdicts = {"in": 0, "below": 0, "above": 0}
    total = Decimal(0)
    for figures in days:
        if figures.moved_in:
            late += figures.late
            early += figures.early
        day_expected, day_counted = figures.expected, figures.counted
        expected += day_expected
        taken += figures.taken
        counted += day_counted
        skipped += figures.skipped
        pending += figures.pending
        extra += len(figures.extra_doses)
        if day_expected:
            days_expected += 1
            days_covered += day_counted == day_expected
        on_time += figures.on_time
        timed += figures.timed
        total += figures.total
        out_of_range += figures.doses_out_of_range
        if figures.day_verdict is not None:
            verdicts[figures.day_verdict] += 1
    per_day = item.range is not None and item.range.per == "day"
    per_dose = item.range is not None and item.range.per == "dose"
    return ItemPeriod(
        item=item,
        days=tuple(days),
        expected_doses=expected,
        taken_doses=taken,
        counted_doses=counted,
        skipped_doses=skipped,
        missed_doses=expected - counted - skipped,
        pending_doses=pending,
        extra_doses=extra,
        days_expected=days_expected,
        days_covered=days_covered,
        on_time_doses=on_time,
        timed_doses=timed,
        total_amount=total,
        days_in_range=verdicts["in"] if per_day else None,
        days_below_range=verdicts["below"] if per_day else None,
        days_above_range=verdicts["above"] if per_day else None,
        doses_out_of_range=out_of_range if per_dose else None,
        as_needed=_as_needed(item, days, earlier, days_over_24h_amount),
        late_doses=late,
        early_doses=early,
    )


def item_days(
    item: Item,
    first: date,
    last: date,
    doses_by_day: Mapping[date, Sequence[Event]],
    skips_by_day: Mapping[date, Sequence[Event]],
    window: timedelta,
    now: datetime,
    recall: Recall | None = None,
) -> list[ItemDay]:
    """The item's figures for each day from ``first`` to ``last``, each dose answering the
    slot of the day it belongs to (``attribution``): the one way report, today, due and take
    count a day. For exact figures near ``first`` and ``last``, the events by day reach
    ``attribution.REACH`` days either side of them.

    ``recall`` gives back the figures of a day worked out by an earlier run (the report's
    per-day summary, ``day_summary``) from that day's doses and skips, or None; it is asked
    only when each dose counts on its own day (``stays_on_its_day``)."""
    no_events: tuple[Event, ...] = ()
    one_day = timedelta(days=1)
    figures = _Days(item, window, now).figures

    def figures_of(day: date, moves: DayMoves | None = None) -> ItemDay:
        return figures(
            day, doses_by_day.get(day, no_events), skips_by_day.get(day, no_events), moves
        )

    days = []
    if stays_on_its_day(item, window, doses_by_day):
        day = first
        while day <= last:  # the common way: every dose counts on its own day
            doses, skips = doses_by_day.get(day, no_events), skips_by_day.get(day, no_events)
            known = None if recall is None else recall(day, doses, skips)
            days.append(figures(day, doses, skips) if known is None else known)
            day += one_day
        return days
    reach = timedelta(days=REACH)
    own = {}
    day = first - reach
    while day <= max(last, min(last + reach, now.date())):
        own[day] = figures_of(day)
        day += one_day
    found = moves(own, figures_of, window, now)
    day = first
    while day <= last:
        days.append(figures_of(day, found[day]) if day in found else own[day])
        day += one_day
    return days


def stays_on_its_day(
    item: Item, window: timedelta, doses_by_day: Mapping[date, Sequence[Event]]
) -> bool:
    """True when every dose of the item counts on its own day (``attribution.can_move`` says
    none can move, and no dose was taken in the two days before its start): each day's
    figures are then a function of that day's own doses and skips."""
    start = item.regimen[0].start
    one_day = timedelta(days=1)
    return not (
        can_move(item, window)
        or doses_by_day.get(start - one_day)
        or doses_by_day.get(start - 2 * one_day)
    )


def item_days_of(
    item: Item, events: Iterable[Event], first: date, last: date, window: timedelta, now: datetime
) -> list[ItemDay]:
    """``item_days`` from a list of the item's live doses and skips (a journal's tail)."""
    doses: dict[date, list[Event]] = {}
    skips: dict[date, list[Event]] = {}
    for event in events:
        if event.type in ("dose", "skip") and event.item == item.key:
            (doses if event.type == "dose" else skips).setdefault(event.day, []).append(event)
    return item_days(item, first, last, doses, skips, window, now)


def counts_for_now(
    item: Item, events: Sequence[Event], window: timedelta, now: datetime
) -> Moved | None:
    """The slot of another day that a dose taken now would answer (last night's, or a
    sparse schedule's a day or two late): asked of the figures themselves, with a dose now."""
    now_dose = Event("", "dose", now, now, item=item.key)
    figures = item_days_of(item, [*events, now_dose], now.date(), now.date(), window, now)[0]
    found = next((m for m in figures.moved_out if m.dose is now_dose), None)
    if found is None:
        return None
    # A dose logged at this very minute ties with the one asked about: the slot it answers
    # without it is taken already, not waiting.
    before = item_days_of(item, events, now.date(), now.date(), window, now)[0]
    taken = {(moved.day, moved.slot) for moved in before.moved_out}
    return None if (found.day, found.slot) in taken else found


def _as_needed(
    item: Item, days: list[ItemDay], earlier: Sequence[Event], over_amount: int
) -> AsNeeded | None:
    """As-needed use: every dose on a day an as-needed schedule governs, stopped or not.

    The doses of the 24 hours before the period (``earlier``) count toward its first
    doses' limits but are not counted themselves; ``over_amount`` is worked out across
    items by the caller (a label's amount in any 24 hours is a substance's)."""
    if not any(version.schedule.prn for version in item.regimen):
        return None  # no day is governed by an as-needed schedule (``governing``)
    governed = [(f, v) for f in days if (v := governing(item, f.day)) and v.schedule.prn]
    if not governed:
        return None
    in_force = [f for f, _ in governed if item.version_on(f.day) is not None]
    doses = sorted((dose for f, _ in governed for dose in f.doses), key=lambda e: (e.at, e.id))
    first = days[0].day
    before = sorted((e for e in earlier if e.day < first), key=lambda e: (e.at, e.id))

    def most(dose: Event) -> int | None:
        version = governing(item, dose.day)
        return version.schedule.max_per_day if version is not None else None

    over_max = len({day for day in over_max_days([*before, *doses], most) if day >= first})
    soon = 0
    for previous, later in pairwise([*before[-1:], *doses]):
        version = governing(item, later.day)
        interval = version.schedule.min_interval if version else None
        if interval is not None and later.at - previous.at < interval:
            soon += 1
    taken_in_force = sum(f.taken for f in in_force)
    per_week = (
        (Decimal(taken_in_force) * 7 / len(in_force)).quantize(Decimal("0.01"))
        if in_force
        else None
    )
    after_stop = len(doses) - taken_in_force
    over_dose = sum(
        1 for dose in doses if (amount := dose_amount(item, dose)) and over_dose_limit(item, amount)
    )
    return AsNeeded(len(doses), per_week, over_max, soon, after_stop, over_amount, over_dose)


DayMark = Literal[
    "full",
    "partial",
    "missed",
    "skipped",
    "pending",
    "none",
    "extra",
    "as_needed",
    "out_of_range",
    "held",
    "late",
    "early",
]


def day_mark(item: Item, figures: ItemDay, today: date) -> DayMark:
    """What kind of day it was, for calendar strips (the glyphs are the renderers' own).

    Outside the documented range (or over an as-needed daily maximum) wins over
    everything else; then an extra dose; then whether the expected doses were taken,
    "late" or "early" when a dose of another day covered the day (the day that dose was
    taken expected nothing, and shows so).
    A day after ``today`` is not yet due.
    """
    version = governing(item, figures.day)
    most = version.schedule.max_per_day if version and version.schedule.prn else None
    if figures.taken and (
        figures.day_verdict in ("above", "below")
        or figures.doses_out_of_range
        or (most is not None and figures.taken > most)
    ):
        return "out_of_range"
    if figures.extra_doses:
        return "extra"
    if figures.expected == 0:
        if not figures.taken and item.holds and item.held_on(figures.day) is not None:
            return "held"
        scheduled = item.version_on(figures.day)
        if figures.pending or (
            figures.day > today and scheduled is not None and not scheduled.schedule.prn
        ):
            return "pending"
        return "as_needed" if figures.taken > len(figures.moved_out) else "none"
    if figures.counted == figures.expected:
        if figures.pending:
            return "pending"
        if figures.moved_in:
            return "late" if figures.late else "early"
        return "full"
    if figures.counted:
        return "partial"
    if figures.skipped == figures.expected:
        return "skipped"
    return "missed"
