"""Expected against logged, per item and day, exactly as DESIGN.md "Definitions" says.

For an item on a local day d:
- expected(d): slots the regimen version in force on d schedules on d (0 for PRN);
- taken(d): non-voided doses whose ``at`` falls on d; counted = min(taken, expected);
- skipped(d) = min(non-voided skips on d, expected - counted); missed = the rest;
- total(d): the sum of the day's doses, judged against a per-day range on days
  with expected > 0 or a dose; a per-dose range judges each dose.

Doses are matched one-to-one to the day's slots, closest wall-clock pair first,
so a dose counts for the slot it was nearest to; skips then fill the slots left
open. On-time compares wall-clock times on the dose's own day, so an 08:00 dose
stays an 08:00 dose across a DST change or a flight. Pure code: ``now`` and
the events come in, figures go out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from itertools import pairwise
from typing import Literal, NamedTuple

from medlog.model import Event, Item
from medlog.ranges import Verdict, dose_amount, judge
from medlog.schedule import slots_on


def seconds_of_day(clock: time | datetime) -> int:
    """Wall-clock seconds since local midnight."""
    return clock.hour * 3600 + clock.minute * 60 + clock.second


class Slot(NamedTuple):
    """One expected dose on a day, and the dose or skip that answered it.

    Like ``ItemDay`` (and ``model.Event``) a NamedTuple rather than a frozen
    dataclass: a ten-year report builds a hundred thousand of them.
    """

    time: time | None
    dose: Event | None = None
    skip: Event | None = None


def match_slots(
    slot_times: Sequence[time | None], doses: Sequence[Event], skips: Sequence[Event]
) -> tuple[tuple[Slot, ...], tuple[Event, ...]]:
    """The day's slots with their matched dose or skip, and the doses beyond the slots.

    Pairs are made closest first (ties: earlier slot, then earlier dose), so the
    result does not depend on the order events were logged in.
    """
    if not slot_times:
        return (), tuple(doses)
    dose_for = _closest_pairs(slot_times, doses)
    extra = tuple(dose for dose in doses if dose not in dose_for.values()) if doses else ()
    skip_at: dict[int, Event] = {}
    if skips and len(dose_for) < len(slot_times):
        open_slots = [n for n in range(len(slot_times)) if n not in dose_for]
        skip_for = _closest_pairs([slot_times[n] for n in open_slots], skips)
        skip_at = {open_slots[n]: skip for n, skip in skip_for.items()}
    slots = tuple(
        Slot(slot_time, dose_for.get(n), skip_at.get(n)) for n, slot_time in enumerate(slot_times)
    )
    return slots, extra


@cache
def _slot_seconds(slot_times: tuple[time | None, ...]) -> tuple[int | None, ...]:
    """Seconds since midnight of each slot (a schedule has few distinct sets of times)."""
    return tuple(None if slot is None else seconds_of_day(slot) for slot in slot_times)


def _closest_pairs(slot_times: Sequence[time | None], events: Sequence[Event]) -> dict[int, Event]:
    """Slot index -> event, pairing the closest wall-clock times first."""
    if not events:
        return {}
    if len(slot_times) == 1 and len(events) == 1:
        return {0: events[0]}
    if len(slot_times) == 1:  # the common case, without building every pair
        target = slot_times[0]
        wanted = 0 if target is None else seconds_of_day(target)
        best = min(
            events,
            key=lambda event: (
                0 if target is None else abs(seconds_of_day(event.at) - wanted),
                seconds_of_day(event.at),
                event.id,
            ),
        )
        return {0: best}
    keyed = sorted(
        [
            (event.at.hour * 3600 + event.at.minute * 60 + event.at.second, event.id, n, event)
            for n, event in enumerate(events)
        ]
    )
    slot_seconds = _slot_seconds(tuple(slot_times))
    if len(keyed) == len(slot_seconds) and _each_pair_nearest(
        slot_seconds, [seconds for seconds, _, _, _ in keyed]
    ):
        return {n: keyed[n][3] for n in range(len(keyed))}
    pairs = [
        (0 if wanted is None else abs(seconds - wanted), n, m)
        for n, wanted in enumerate(slot_seconds)
        for m, (seconds, _, _, _) in enumerate(keyed)
    ]
    pairs.sort()
    chosen: dict[int, Event] = {}
    taken: set[int] = set()
    for _, n, m in pairs:
        if n not in chosen and m not in taken:
            chosen[n] = keyed[m][3]
            taken.add(m)
            if len(chosen) == len(slot_seconds):
                break
    return chosen


class ItemDay(NamedTuple):
    """An item's figures for one local day (the counts are computed once, in item_day).

    - expected: doses the regimen expected; taken: doses logged (not voided);
    - counted = min(taken, expected); skipped = min(skips, expected - counted);
    - missed = expected - counted - skipped;
    - timed: counted doses matched to a slot with a time; on_time: those within
      the window of their slot.
    """

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
    timed: int
    on_time: int


def item_day(
    item: Item, day: date, doses: Iterable[Event], skips: Iterable[Event], window: timedelta
) -> ItemDay:
    """The item's figures for ``day`` from its non-voided doses and skips on that day."""
    version = item.version_on(day)
    slot_times = slots_on(version.schedule, day, version.start) if version else ()
    day_doses = tuple(doses)
    if len(day_doses) > 1:
        day_doses = tuple(sorted(day_doses, key=lambda event: event.at))
    day_skips = tuple(skips)
    slots, extra = match_slots(slot_times, day_doses, day_skips)
    amounts = [amount for dose in day_doses if (amount := dose_amount(item, dose)) is not None]
    total = sum(amounts, Decimal(0))
    day_verdict: Verdict | None = None
    out_of_range = 0
    dose_range = item.range
    if dose_range is not None and dose_range.per == "day" and (slots or day_doses):
        day_verdict = judge(total, dose_range)
    elif dose_range is not None and dose_range.per == "dose":
        out_of_range = sum(1 for amount in amounts if judge(amount, dose_range) != "in")
    limit = window.total_seconds()
    timed = on_time = 0
    for slot in slots:
        if slot.time is not None and slot.dose is not None:
            timed += 1
            on_time += abs(seconds_of_day(slot.dose.at) - seconds_of_day(slot.time)) <= limit
    expected, taken = len(slots), len(day_doses)
    counted = min(taken, expected)
    skipped = min(len(day_skips), expected - counted)
    return ItemDay(
        day,
        slots,
        day_doses,
        extra,
        day_skips,
        total,
        day_verdict,
        out_of_range,
        expected,
        taken,
        counted,
        skipped,
        expected - counted - skipped,
        timed,
        on_time,
    )


ADHERENCE_THRESHOLD = Decimal("0.80")
_FOUR_PLACES = Decimal("0.0001")


def ratio(part: int, whole: int) -> Decimal | None:
    """part / whole rounded to 4 places, or None when whole is 0."""
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(_FOUR_PLACES)


def _each_pair_nearest(slots: Sequence[int | None], doses: Sequence[int]) -> bool:
    """True when, both sorted, dose n and slot n are each other's strictly nearest.

    Then closest-first pairing can only pair them in order (each first pick is
    some mutual pair, and removing it leaves the others mutual), so the common
    day of doses near their times skips building and sorting every pair. On a
    line, comparing with the neighbours on either side is enough.
    """
    last = len(slots) - 1
    for n, (slot, dose) in enumerate(zip(slots, doses, strict=True)):
        if slot is None:
            return False
        gap = abs(dose - slot)
        for m in (n - 1, n + 1):
            if 0 <= m <= last:
                other_slot = slots[m]
                if (
                    other_slot is None
                    or abs(dose - other_slot) <= gap
                    or abs(slot - doses[m]) <= gap
                ):
                    return False
    return True


@dataclass(frozen=True, slots=True)
class AsNeeded:
    """Use of an as-needed item over a period: no expected doses, so limits instead."""

    doses: int
    per_week: Decimal | None
    days_over_max: int
    too_soon: int


@dataclass(frozen=True, slots=True)
class ItemPeriod:
    """An item's figures over a period of local days, by the definitions in DESIGN.md."""

    item: Item
    days: tuple[ItemDay, ...]
    expected_doses: int
    taken_doses: int
    counted_doses: int
    skipped_doses: int
    missed_doses: int
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
    doses_by_day: dict[date, list[Event]],
    skips_by_day: dict[date, list[Event]],
    window: timedelta,
) -> ItemPeriod:
    """The item's figures for each day from ``first`` to ``last`` and their sums."""
    days = []
    expected = taken = counted = skipped = days_expected = days_covered = 0
    on_time = timed = out_of_range = 0
    verdicts = {"in": 0, "below": 0, "above": 0}
    total = Decimal(0)
    day = first
    one_day = timedelta(days=1)
    while day <= last:
        figures = item_day(item, day, doses_by_day.get(day, ()), skips_by_day.get(day, ()), window)
        days.append(figures)
        day_expected, day_counted = figures.expected, figures.counted
        expected += day_expected
        taken += figures.taken
        counted += day_counted
        skipped += figures.skipped
        if day_expected:
            days_expected += 1
            days_covered += day_counted == day_expected
        on_time += figures.on_time
        timed += figures.timed
        total += figures.total
        out_of_range += figures.doses_out_of_range
        if figures.day_verdict is not None:
            verdicts[figures.day_verdict] += 1
        day += one_day
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
        days_expected=days_expected,
        days_covered=days_covered,
        on_time_doses=on_time,
        timed_doses=timed,
        total_amount=total,
        days_in_range=verdicts["in"] if per_day else None,
        days_below_range=verdicts["below"] if per_day else None,
        days_above_range=verdicts["above"] if per_day else None,
        doses_out_of_range=out_of_range if per_dose else None,
        as_needed=_as_needed(item, days),
    )


def _as_needed(item: Item, days: list[ItemDay]) -> AsNeeded | None:
    prn_days = [f for f in days if (v := item.version_on(f.day)) and v.schedule.prn]
    if not prn_days:
        return None
    doses = [dose for f in days for dose in f.doses]
    over_max = 0
    for figures in prn_days:
        version = item.version_on(figures.day)
        most = version.schedule.max_per_day if version else None
        if most is not None and figures.taken > most:
            over_max += 1
    soon = 0
    for earlier, later in pairwise(sorted(doses, key=lambda event: event.at)):
        version = item.version_on(later.day)
        interval = version.schedule.min_interval if version and version.schedule.prn else None
        if interval is not None and later.at - earlier.at < interval:
            soon += 1
    taken = sum(f.taken for f in prn_days)
    per_week = (Decimal(taken) * 7 / len(prn_days)).quantize(Decimal("0.01"))
    return AsNeeded(taken, per_week, over_max, soon)


DayMark = Literal["full", "partial", "missed", "skipped", "none", "extra", "out_of_range"]
DAY_MARKS: dict[DayMark, str] = {
    "full": "#",
    "partial": "+",
    "missed": "x",
    "skipped": "s",
    "none": ".",
    "extra": "o",
    "out_of_range": "!",
}
DAY_MARK_LEGEND = (
    "# all taken  + some taken  x missed  s skipped  . nothing expected  "
    "o taken, nothing expected  ! outside the documented range"
)


def day_mark(item: Item, figures: ItemDay) -> DayMark:
    """How a calendar strip shows one day.

    Out of range (or over an as-needed daily maximum) wins over everything else.
    """
    version = item.version_on(figures.day)
    most = version.schedule.max_per_day if version and version.schedule.prn else None
    if figures.taken and (
        figures.day_verdict in ("above", "below")
        or figures.doses_out_of_range
        or (most is not None and figures.taken > most)
    ):
        return "out_of_range"
    if figures.expected == 0:
        return "extra" if figures.taken else "none"
    if figures.counted == figures.expected:
        return "full"
    if figures.counted:
        return "partial"
    if figures.skipped == figures.expected:
        return "skipped"
    return "missed"
