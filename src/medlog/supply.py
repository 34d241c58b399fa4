"""Supply: what is on hand, how fast the regimen uses it, and when it runs out.

On hand is a running balance over one item's fills, counts and doses, in the
order they were logged, voided ones left out (``run``):

- nothing is counted before the first fill or count, and no dose dated before
  the item's ``supply_since`` (the day of its first fill or count) is ever
  counted, whenever it was logged; a first fill dated in the past starts with
  the doses already logged for its day and later days taken off;
- a fill adds its quantity; a count sets the balance to what was counted;
- a dose takes its amount off, except one logged after a count for a time
  before it: the count already saw that pill gone.

Each fill and count records the balance right after it (``Event.on_hand``), so
``tally`` can start from the latest one instead of reading the whole journal:
``today`` and ``due`` stay fast however long the history. ``balance`` is the
definition over a whole journal; tests hold ``tally`` to it. Pure code: events
in, figures out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import NamedTuple

from medlog.journal import live
from medlog.model import Event, Item, RegimenVersion, Schedule
from medlog.ranges import dose_amount
from medlog.schedule import daily_amount, day_amount, format_schedule, slots_on
from medlog.timeparse import LATEST
from medlog.units import format_amount

_BATCH = 256  # events read between checks of whether every item is settled
_TENTH = Decimal("0.1")
_PLACES = Decimal("0.01")


class Running(NamedTuple):
    """The balance (in the item's unit; None before any fill or count), and when the most
    recently logged count was taken."""

    on_hand: Decimal | None = None
    counted_at: datetime | None = None


def run(item: Item, events: Iterable[Event], start: Running | None = None) -> Running:
    """The balance after ``events`` (journal order, voided ones and voids left out)."""
    on_hand, counted_at = start or Running()
    untracked: list[Event] = []  # doses logged before the first fill or count
    for event in events:
        if event.item != item.key:
            continue
        if event.type == "fill" and event.amount is not None:
            if event.counted:
                on_hand, counted_at = event.amount, event.at
            elif on_hand is None:
                on_hand = event.amount - taken_since(item, untracked, event.day)
            else:
                on_hand += event.amount
        elif event.type == "dose":
            if on_hand is None:
                untracked.append(event)
            elif (counted_at is None or event.at >= counted_at) and (
                item.supply_since is None or event.day >= item.supply_since
            ):
                on_hand -= dose_amount(item, event) or Decimal(0)
    return Running(on_hand, counted_at)


def taken_since(
    item: Item, doses: Iterable[Event], since: date, until: date | None = None
) -> Decimal:
    """What the item's doses on the days ``since`` to ``until`` (default: on) add up to. A
    first fill dated in the past takes off the doses already logged for its day and after."""
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


def balance(item: Item, journal: Iterable[Event]) -> Decimal | None:
    """On hand by the definition above, from a whole journal in file order."""
    return run(item, live(journal)).on_hand


def tally(items: Sequence[Item], newest_first: Iterable[Event]) -> dict[str, Decimal | None]:
    """Each item's balance, read from the end of the journal back only as far as needed.

    The latest fill or count of an item is a starting point when nothing logged
    after it changes what it recorded: a void of an event logged before it, of
    that item, sends the search one fill further back. The doses logged after a
    fill need the count in force then (one of a later time than a dose keeps it
    off), so the reading goes back past the earliest of their times.
    """
    seen: list[Event] = []  # newest first
    pending = {item.key: item for item in items}
    waiting: set[str] = set()  # items with a starting point in view that need more reading
    found: dict[str, Decimal | None] = {}
    events = iter(newest_first)
    exhausted = False
    while pending and not exhausted:
        batch = [event for _, event in zip(range(_BATCH), events, strict=False)]
        exhausted = len(batch) < _BATCH
        seen += batch
        filled = {event.item for event in batch if event.type == "fill"}
        for key, item in list(pending.items()):
            if not (exhausted or key in filled or key in waiting):
                continue  # no fill or count of it read yet: nothing to decide
            settled = _settle(item, seen, exhausted)
            if settled is None:
                waiting.add(key)
            else:
                found[key] = settled[0]
                del pending[key]
    return found


def _settle(item: Item, seen: list[Event], exhausted: bool) -> tuple[Decimal | None] | None:
    """The item's balance from ``seen`` (newest first), or None until more is read."""
    voided: dict[str, int] = {}  # voided id -> position of its void in ``seen``
    for position, event in enumerate(seen):
        if event.type == "void" and event.ref is not None:
            voided.setdefault(event.ref, position)
    for position, event in enumerate(seen):
        if event.item != item.key or event.type != "fill" or event.id in voided:
            continue
        start = _start(item, seen, position, voided, exhausted)
        if start is None:
            return None  # not yet decidable: read more
        if not isinstance(start, Running):
            continue  # changed since it was recorded: try the one before
        later = (e for e in reversed(seen[:position]) if e.type != "void" and e.id not in voided)
        return (run(item, later, start).on_hand,)
    if not exhausted:
        return None
    return (balance(item, reversed(seen)),)


def _start(
    item: Item, seen: list[Event], position: int, voided: dict[str, int], exhausted: bool
) -> Running | bool | None:
    """The running balance the fill or count at ``position`` recorded; False when a void
    logged after it took back an earlier event of the item; None until more is read."""
    anchor = seen[position]
    newer = {event.id for event in seen[:position]}
    older = {event.id: event for event in seen[position + 1 :]}
    for target, void_position in voided.items():
        if void_position > position or target in newer:
            continue  # known when the anchor was recorded, or logged after it
        taken_back = older.get(target)
        if taken_back is None:
            if not exhausted:
                return None  # what it voided is further back
        elif taken_back.item == item.key:
            return False
    if anchor.counted:
        return Running(anchor.on_hand, anchor.at)
    doses = [
        event.at for event in seen[:position] if event.item == item.key and event.type == "dose"
    ]
    if not doses:
        return Running(anchor.on_hand, None)
    horizon = min(doses).timestamp()  # a count of a time before every dose changes nothing
    for event in seen[position + 1 :]:
        counts = event.item == item.key and event.type == "fill" and event.counted
        if counts and event.id not in voided:
            return Running(anchor.on_hand, event.at)
        if event.stamp is not None and event.stamp < horizon:
            return Running(anchor.on_hand, None)  # no count of a later time is further back
    return Running(anchor.on_hand, None) if exhausted else None


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
