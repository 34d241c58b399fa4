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
from itertools import pairwise

from medlog.model import Event, Item
from medlog.ranges import Verdict, dose_amount, judge
from medlog.schedule import slots_on


def seconds_of_day(clock: time | datetime) -> int:
    """Wall-clock seconds since local midnight."""
    return clock.hour * 3600 + clock.minute * 60 + clock.second


@dataclass(frozen=True, slots=True)
class Slot:
    """One expected dose on a day, and the dose or skip that answered it."""

    time: time | None
    dose: Event | None = None
    skip: Event | None = None

    def gap(self) -> timedelta | None:
        """How far the matched dose was from the slot time (None if untimed or open)."""
        if self.time is None or self.dose is None:
            return None
        return timedelta(seconds=abs(seconds_of_day(self.dose.at) - seconds_of_day(self.time)))


def match_slots(
    slot_times: Sequence[time | None], doses: Sequence[Event], skips: Sequence[Event]
) -> tuple[tuple[Slot, ...], tuple[Event, ...]]:
    """The day's slots with their matched dose or skip, and the doses beyond the slots.

    Pairs are made closest first (ties: earlier slot, then earlier dose), so the
    result does not depend on the order events were logged in.
    """
    dose_for = _closest_pairs(slot_times, doses)
    used = {id(dose) for dose in dose_for.values()}
    extra = tuple(dose for dose in doses if id(dose) not in used)
    open_slots = [n for n in range(len(slot_times)) if n not in dose_for]
    skip_for = _closest_pairs([slot_times[n] for n in open_slots], skips)
    skip_at = {open_slots[n]: skip for n, skip in skip_for.items()}
    slots = tuple(
        Slot(slot_time, dose_for.get(n), skip_at.get(n)) for n, slot_time in enumerate(slot_times)
    )
    return slots, extra


def _closest_pairs(slot_times: Sequence[time | None], events: Sequence[Event]) -> dict[int, Event]:
    ordered = sorted(events, key=lambda event: (event.at.replace(tzinfo=None), event.id))
    pairs = sorted(
        (
            0 if slot_time is None else abs(seconds_of_day(event.at) - seconds_of_day(slot_time)),
            n,
            m,
        )
        for n, slot_time in enumerate(slot_times)
        for m, event in enumerate(ordered)
    )
    chosen: dict[int, Event] = {}
    taken: set[int] = set()
    for _, n, m in pairs:
        if n not in chosen and m not in taken:
            chosen[n] = ordered[m]
            taken.add(m)
    return chosen


@dataclass(frozen=True, slots=True)
class ItemDay:
    """An item's figures for one local day."""

    day: date
    slots: tuple[Slot, ...]
    doses: tuple[Event, ...]
    extra_doses: tuple[Event, ...]
    skips: int
    total: Decimal
    day_verdict: Verdict | None
    doses_out_of_range: int
    on_time: int

    @property
    def expected(self) -> int:
        """Doses the regimen expected this day."""
        return len(self.slots)

    @property
    def taken(self) -> int:
        """Doses logged this day (not voided)."""
        return len(self.doses)

    @property
    def counted(self) -> int:
        """Doses that count toward adherence: min(taken, expected)."""
        return min(self.taken, self.expected)

    @property
    def skipped(self) -> int:
        """Skips that answer an expected dose: min(skips, expected - counted)."""
        return min(self.skips, self.expected - self.counted)

    @property
    def missed(self) -> int:
        """Expected doses neither taken nor skipped."""
        return self.expected - self.counted - self.skipped

    @property
    def timed(self) -> int:
        """Counted doses matched to a slot with a time (the on-time denominator)."""
        return sum(1 for slot in self.slots if slot.dose is not None and slot.time is not None)


def item_day(
    item: Item, day: date, doses: Iterable[Event], skips: Iterable[Event], window: timedelta
) -> ItemDay:
    """The item's figures for ``day`` from its non-voided doses and skips on that day."""
    version = item.version_on(day)
    slot_times = slots_on(version.schedule, day, version.start) if version else ()
    day_doses = tuple(sorted(doses, key=lambda event: event.at))
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
    on_time = sum(1 for slot in slots if (gap := slot.gap()) is not None and gap <= window)
    return ItemDay(
        day, slots, day_doses, extra, len(day_skips), total, day_verdict, out_of_range, on_time
    )


def too_soon(doses: Sequence[Event], interval: timedelta) -> tuple[Event, ...]:
    """Doses taken less than ``interval`` after the dose before them (elapsed time)."""
    ordered = sorted(doses, key=lambda event: event.at)
    return tuple(later for earlier, later in pairwise(ordered) if later.at - earlier.at < interval)
