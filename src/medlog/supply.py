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
from medlog.model import Event, Item
from medlog.ranges import dose_amount
from medlog.schedule import daily_amount, slots_on
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
    days left (on hand over daily use, rounded down to a tenth), and ``runs_out``, the
    first day without a full day's doses once today's remaining doses are taken."""

    item: Item
    on_hand: Decimal | None
    daily_use: Fraction | None
    days_left: Decimal | None
    runs_out: date | None

    @property
    def last_day(self) -> date | None:
        """The last day the supply covers in full."""
        return None if self.runs_out is None else self.runs_out - timedelta(days=1)


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
    today_amount = Fraction(version.dose or 0) * len(
        slots_on(version.schedule, today, version.start)
    )
    after_today = Fraction(on_hand) - max(today_amount - Fraction(taken_today), Fraction(0))
    if after_today < 0:
        return Outlook(item, on_hand, daily, days, today)
    return Outlook(item, on_hand, daily, days, today + timedelta(days=int(after_today / daily) + 1))


def in_count(item: Item, amount: Decimal | Fraction) -> Decimal:
    """An amount in what the item's supply is counted in: tablets when it has a form and
    strength (20 mg -> 2 tablets of 10 mg), else its unit; exact, or to 2 places."""
    value = Fraction(amount)
    if item.counted_in != item.unit and item.strength:
        value /= Fraction(item.strength)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact if exact == exact.quantize(_PLACES) else exact.quantize(_PLACES)


def quantity_text(event: Event, unit: str) -> str:
    """A fill's or count's quantity as typed, then in the item's unit: "30 tablets (300 mg)"."""
    amount = format_amount(event.amount or Decimal(0), unit)
    return f"{event.given} ({amount})" if event.given and event.given != amount else amount
