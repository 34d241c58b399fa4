"""Supply: what is on hand, how fast the regimen uses it, and when it runs out.

On hand is DESIGN.md's definition, a balance in time order over one item's fills, counts
and doses, voided ones left out, that never depends on the order of the journal's lines
(``on_hand``). At a moment t:

- after a count: the latest count with ``at`` <= t (on a tie, the larger id), plus the
  fills, minus the doses, with a later ``at`` up to t (a count saw everything at its own
  time and before: a dose remembered later for a time before the count is not taken off);
- before any count: the fills up to t, minus the doses up to t dated on or after the day
  of the first fill, so a first fill dated in the past starts with the doses already logged
  for its day and later days taken off, and no dose dated before it ever counts;
- nothing (None) before the first fill or count.

A dose's amount converts with the strength in force on its own day (``dose_amount``).
The ``on_hand`` a fill line records is what its device knew when it was logged, and no
figure reads it: a line appended later for an earlier time, an import or a merge of
another device's journal would leave it stale. To stay fast on a long journal, ``today``,
``due``, ``fill`` and ``supply`` start from a ``Start``: the figures of the events before
a recent moment, kept per machine by ``supply_index.py``, and add only the events since.
Pure code: events in, figures out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import NamedTuple

from medlog.model import Event, Item, RegimenVersion, Schedule
from medlog.ranges import dose_amount
from medlog.schedule import daily_amount, day_amount, format_schedule, slots_on
from medlog.timeparse import LATEST
from medlog.units import format_amount

_TENTH = Decimal("0.1")
_PLACES = Decimal("0.01")


class Start(NamedTuple):
    """An item's supply just before a moment, from the live events before it: on hand (None
    before any fill or count), the day of its first fill or count, the latest day of a dose
    while nothing is on hand yet (a first fill dated that day or earlier would count it), and
    its latest fill that is not a count."""

    on_hand: Decimal | None = None
    first: date | None = None
    untracked: date | None = None
    last_fill: Event | None = None


def order(event: Event) -> tuple[datetime, str]:
    """How events of one time are told apart: by (``at``, id), as every listing sorts."""
    return event.at, event.id


def _supply_events(item: Item, events: Iterable[Event], until: datetime | None) -> list[Event]:
    return [
        event
        for event in events
        if event.item == item.key
        and (
            (event.type == "fill" and event.amount is not None)
            or (event.type == "dose" and event.amount is not None)
        )
        and (until is None or event.at <= until)
    ]


def on_hand(
    item: Item, events: Iterable[Event], until: datetime | None = None, start: Start | None = None
) -> Decimal | None:
    """On hand at ``until`` (default: after every event) from live ``events`` (voids already
    applied). With ``start``, ``events`` are those from its moment on and ``start`` stands for
    the ones before (``continues`` says when it may)."""
    mine = _supply_events(item, events, until)
    fills = [event for event in mine if event.type == "fill"]
    days = [event.day for event in fills]
    if start is not None and start.first is not None:
        days.append(start.first)
    if not days:
        return None
    first = min(days)
    counts = [event for event in fills if event.counted]
    if counts:
        latest = max(counts, key=order)
        held = latest.amount or Decimal(0)
        later = [event for event in mine if event.at > latest.at]
    else:
        held = start.on_hand if start is not None and start.on_hand is not None else Decimal(0)
        later = mine
    for event in later:
        if event.type == "fill":
            held += event.amount or Decimal(0)
        elif event.day >= first:
            held -= dose_amount(item, event) or Decimal(0)
    return held


def after_each_fill(item: Item, events: Iterable[Event]) -> dict[str, Decimal]:
    """On hand at the time of each of the item's fills and counts (by id), from live
    ``events``: ``on_hand`` at each one's ``at``, in one pass in time order."""
    mine = sorted(_supply_events(item, events, None), key=order)
    found: dict[str, Decimal] = {}
    base: Decimal | None = None  # the latest count so far
    first: date | None = None
    added = Decimal(0)  # fills since the count (or all of them)
    counted = Decimal(0)  # doses since the count dated on or after ``first``
    earlier: list[tuple[date, Decimal]] = []  # doses since the count dated before ``first``
    position = 0
    while position < len(mine):
        moment = mine[position].at
        group = []
        while position < len(mine) and mine[position].at == moment:
            group.append(mine[position])
            position += 1
        counts = [event for event in group if event.type == "fill" and event.counted]
        if counts:
            base, added, counted, earlier = counts[-1].amount, Decimal(0), Decimal(0), []
        for event in group:
            if event.type == "fill":
                if first is None or event.day < first:
                    first = event.day
                    counted += sum((taken for day, taken in earlier if day >= first), Decimal(0))
                    earlier = [(day, taken) for day, taken in earlier if day < first]
                if not counts:
                    added += event.amount or Decimal(0)
            elif not counts:
                taken = dose_amount(item, event) or Decimal(0)
                if first is not None and event.day >= first:
                    counted += taken
                else:
                    earlier.append((event.day, taken))
        held = (base or Decimal(0)) + added - counted
        found.update((event.id, held) for event in group if event.type == "fill")
    return found


def continues(item: Item, start: Start, events: Iterable[Event]) -> bool:
    """True when ``on_hand`` from ``start`` and the later ``events`` is the definition's: no
    later fill is dated before the first one ``start`` knows, and none starts the supply on
    or before a day that doses before the moment fall on (possible only across time zones)."""
    days = [event.day for event in _supply_events(item, events, None) if event.type == "fill"]
    if not days:
        return True
    if start.first is not None:
        return min(days) >= start.first
    return start.untracked is None or min(days) > start.untracked


def start_before(item: Item, events: Sequence[Event], moment: datetime) -> Start:
    """The item's ``Start`` at ``moment`` from live ``events`` (any of them, before or after)."""
    before = [event for event in _supply_events(item, events, None) if event.at < moment]
    held = on_hand(item, before)
    fills = [event for event in before if event.type == "fill"]
    untracked = (
        max((event.day for event in before if event.type == "dose"), default=None)
        if held is None
        else None
    )
    first = min((event.day for event in fills), default=None)
    return Start(held, first, untracked, last_fill(fills))


def advanced(item: Item, start: Start, events: Sequence[Event], moment: datetime) -> Start:
    """``start`` moved on to a later ``moment`` over the live ``events`` since it (the caller
    has checked ``continues``)."""
    between = [event for event in _supply_events(item, events, None) if event.at < moment]
    held = on_hand(item, between, start=start)
    days = [event.day for event in between if event.type == "fill"]
    first = min([*days, *([start.first] if start.first else [])], default=None)
    untracked = None
    if held is None:
        doses = [event.day for event in between if event.type == "dose"]
        untracked = max([*doses, *([start.untracked] if start.untracked else [])], default=None)
    fills = [event for event in between if event.type == "fill"]
    return Start(held, first, untracked, last_fill([*fills, *filter(None, [start.last_fill])]))


def last_fill(events: Iterable[Event], until: datetime | None = None) -> Event | None:
    """The latest fill (by ``at``, then id) among live ``events`` that is not a count."""
    fills = [
        event
        for event in events
        if event.type == "fill" and not event.counted and (until is None or event.at <= until)
    ]
    return max(fills, key=order, default=None)


def taken_since(
    item: Item, doses: Iterable[Event], since: date, until: date | None = None
) -> Decimal:
    """What the item's doses on the days ``since`` to ``until`` (default: on) add up to."""
    return sum(
        (
            dose_amount(item, dose) or Decimal(0)
            for dose in doses
            if dose.item == item.key
            and dose.type == "dose"
            and since <= dose.day <= (until or dose.day)
        ),
        Decimal(0),
    )


class Outlook(NamedTuple):
    """An item's supply today: on hand and daily use in the item's unit (None: unknown),
    days left (on hand over the average daily use, rounded down to a tenth), and, once
    today's remaining doses are taken and each later day's own doses come out (a dose by
    weekday takes that day's amount): ``last_dose``, the last day whose doses it covers in
    full; ``runs_out``, the day after it; ``refill_by``, the first day with a dose it does
    not cover (for a daily item, the same day). ``doses_left`` counts the doses it covers
    from now. Dates beyond medlog's calendar (a fill of 100,000 mcg at 1 mcg a month) are
    None, with ``beyond`` True.
    """

    item: Item
    on_hand: Decimal | None
    daily_use: Fraction | None
    days_left: Decimal | None
    runs_out: date | None
    last_dose: date | None = None
    refill_by: date | None = None
    doses_left: int | None = None
    beyond: bool = False
    sparse: bool = False  # the regimen skips days: supply in doses and dates, not days

    @property
    def last_day(self) -> date | None:
        """The last day the supply covers in full."""
        return None if self.runs_out is None else self.runs_out - timedelta(days=1)


def is_sparse(schedule: Schedule) -> bool:
    """True for a schedule with days that expect nothing (every N >= 2 days, some weekdays):
    its supply is shown in doses and dates, not a daily average (DESIGN.md "daily amount")."""
    return schedule.kind == "every" or (schedule.kind == "weekdays" and len(schedule.weekdays) < 7)


def outlook(
    item: Item, on_hand: Decimal | None, today: date, taken_today: Decimal = Decimal(0)
) -> Outlook:
    """How long ``on_hand`` lasts at the regimen in force today (none after a stop, none
    for an as-needed item: it has no daily use). ``taken_today`` is what was logged today:
    the rest of today's doses come out first, so the run-out day is the same before and
    after the morning dose is logged."""
    version = item.version_on(today)
    daily = daily_amount(version) if version is not None else None
    if version is None or on_hand is None or not daily:
        return Outlook(item, on_hand, daily or None, None, None)
    left = max(Fraction(on_hand) / daily, Fraction(0))
    days = (Decimal(left.numerator) / Decimal(left.denominator)).quantize(
        _TENTH, rounding=ROUND_FLOOR
    )
    today_amount = day_amount(version, today)
    after_today = Fraction(on_hand) - max(today_amount - Fraction(taken_today), Fraction(0))
    sparse = is_sparse(version.schedule)
    if after_today < 0:
        return Outlook(item, on_hand, daily, days, today, None, today, 0, sparse=sparse)
    covered = _covered(version, today, after_today)
    if covered is None:
        return Outlook(item, on_hand, daily, days, None, beyond=True, sparse=sparse)
    last, refill, doses = covered
    today_slots = len(slots_on(version.schedule, today, version.start))
    if today_amount and Fraction(taken_today) < today_amount and today_slots:
        doses += max(today_slots - int(Fraction(taken_today) / (today_amount / today_slots)), 0)
        last = last or today
    if last is None and today_slots:
        last = today
    runs_out = max(last or today, today) + timedelta(days=1)
    return Outlook(item, on_hand, daily, days, runs_out, last, refill, doses, sparse=sparse)


def _covered(
    version: RegimenVersion, today: date, supply: Fraction
) -> tuple[date | None, date, int] | None:
    """From tomorrow on, each day's own doses taken off ``supply``: the last day with doses
    it covers in full (None: none), the first day with doses it does not, and how many doses
    it covers; None when that day is beyond medlog's calendar."""
    cycle = version.schedule.every_days if version.schedule.kind == "every" else 7
    start = today + timedelta(days=1)
    days = [start + timedelta(days=n) for n in range(cycle)]
    amounts = [day_amount(version, day) for day in days]
    slots = [len(slots_on(version.schedule, day, version.start)) if amount else 0
             for day, amount in zip(days, amounts, strict=True)]  # fmt: skip
    per_cycle = sum(amounts, Fraction(0))
    whole = int(supply / per_cycle)
    if whole * cycle > (LATEST - today).days:
        return None
    supply -= per_cycle * whole
    doses = whole * sum(slots)
    offset = whole * cycle
    last: date | None = None
    if whole:
        found = max(n for n, amount in enumerate(amounts) if amount)
        last = days[found] + timedelta(days=offset - cycle)
    for n in range(cycle):
        if amounts[n] > supply:
            return last, days[n] + timedelta(days=offset), doses
        if amounts[n]:
            supply -= amounts[n]
            doses += slots[n]
            last = days[n] + timedelta(days=offset)
    raise AssertionError("a cycle's doses are more than what is left of one")  # pragma: no cover


def in_count(item: Item, amount: Decimal | Fraction) -> Decimal:
    """An amount in what the item's supply is counted in: tablets when it has a form and
    strength (20 mg -> 2 tablets of 10 mg), else its unit; exact, or to 2 places."""
    value = Fraction(amount)
    if item.counted_in != item.unit and item.strength:
        value /= Fraction(item.strength)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact if exact == exact.quantize(_PLACES) else exact.quantize(_PLACES)


def use_words(item: Item, daily: Fraction) -> str:
    """How fast the regimen uses the supply, in what it is counted in: "1 tablet a day"; a
    dose by weekday a week, "6 tablets a week"; a sparse regimen per dose, "1 capsule weekly
    sat" (DESIGN.md "daily amount": never a daily average for it)."""
    version = item.current
    if is_sparse(version.schedule) and version.dose is not None:
        dose = format_amount(in_count(item, version.dose), item.counted_in)
        return f"{dose} {format_schedule(version.schedule)}"
    if version.by_weekday:
        return f"{format_amount(in_count(item, daily * 7), item.counted_in)} a week"
    return f"{format_amount(in_count(item, daily), item.counted_in)} a day"


def quantity_text(event: Event, unit: str) -> str:
    """A fill's or count's quantity as typed, then in the item's unit: "30 tablets (300 mg)";
    "1 bottle of 80 drops" (the typed text already says it)."""
    amount = format_amount(event.amount or Decimal(0), unit)
    if not event.given or event.given == amount or event.given.endswith(f" of {amount}"):
        return event.given or amount
    return f"{event.given} ({amount})"
