"""Today's checklist (``medlog today``) and what is overdue (``medlog due``).

Uses the report's own attribution of doses and skips to slots (``adherence.item_days``
with ``now``), so the checklist, ``due`` and the report never disagree about which
slot is taken, skipped, still due (pending) or overdue (missed). A slot of another day
that a dose taken now would still answer (last night's, or a weekly dose a day or two
late: ``attribution``) is listed too, as due or "late", rather than as missed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, NamedTuple

from medlog import journal
from medlog.actions import recent_start
from medlog.adherence import ItemDay, SlotState, counts_for_now, governing, item_days_of
from medlog.asneeded import Bound, in_last_day, next_allowed
from medlog.attribution import Moved, MoveKind, days_back
from medlog.ingredients import (
    DAY,
    DayTotal,
    Window,
    allows_another,
    day_totals,
    in_24_hours,
    intakes,
    recipe,
    window_until,
)
from medlog.model import Event, Hold, Item, Regimen, RegimenVersion
from medlog.ranges import in_24_hours as in_24_hours_item
from medlog.store import Store

if TYPE_CHECKING:
    from medlog.supply import Outlook

LineState = Literal["taken", "skipped", "due", "overdue", "late"]
_LINE_STATES: dict[SlotState, LineState] = {
    "taken": "taken",
    "skipped": "skipped",
    "pending": "due",
    "missed": "overdue",
}


class SlotLine(NamedTuple):
    """One expected dose today and where it stands."""

    time: time | None
    state: LineState
    event: Event | None = None
    day: date | None = None  # a slot of another day: one a dose today answers or would
    kind: MoveKind | None = None  # how a dose of today answers it


class AsNeeded(NamedTuple):
    """Today's use of an as-needed item and when its next dose is allowed."""

    taken: int
    max_per_day: int | None
    last: Event | None
    next_allowed: tuple[datetime, Bound] | None  # when the limits allow another, and which binds
    in_24_hours: int = 0


class TodayItem(NamedTuple):
    """An item's line in today's checklist."""

    item: Item
    version: RegimenVersion | None
    figures: ItemDay
    slots: tuple[SlotLine, ...]
    as_needed: AsNeeded | None
    hours_total: Decimal | None = None  # the 24 hours up to now, when they judge the item


class Today(NamedTuple):
    """Every item active or logged today, for the checklist and for ``due``."""

    day: date
    now: datetime
    items: tuple[TodayItem, ...]
    torn: bool = False
    missed_yesterday: tuple[tuple[Item, time | None], ...] = ()
    low: tuple[Outlook, ...] = ()  # items whose supply lasts refill_warning_days or less
    warning_days: int = 7
    over: tuple[DayTotal | Window, ...] = ()  # substances whose total passes a limit now
    held: tuple[tuple[Item, Hold], ...] = ()  # items on hold today, and the hold

    def overdue(self) -> list[tuple[TodayItem, SlotLine]]:
        """Slots whose time plus the on-time window has passed with nothing logged."""
        return self._by_time("overdue")

    def upcoming(self) -> list[tuple[TodayItem, SlotLine]]:
        """Slots still due today (and last night's, still open)."""
        return self._by_time("due")

    def late(self) -> list[tuple[TodayItem, SlotLine]]:
        """Slots of a day or two ago that a dose taken today would still answer, late."""
        return self._by_time("late")

    def _by_time(self, state: LineState) -> list[tuple[TodayItem, SlotLine]]:
        found = [(line, slot) for line in self.items for slot in line.slots if slot.state == state]
        return sorted(
            found,
            key=lambda pair: (pair[1].day or self.day, pair[1].time or time.max, pair[0].item.name),
        )


def today(store: Store, now: datetime, *, supply: bool = True) -> Today:
    """Where each item stands today, from the regimen and the last days of the journal;
    without ``supply``, no item's supply is read (``low`` stays empty: ``due --short``
    does not show it)."""
    regimen = store.load_regimen()
    day = now.date()
    window = regimen.settings.on_time_window
    back = max((days_back(item, window, day) for item in regimen.items), default=1)
    if back > 1:
        back += 1  # an item whose doses can move shows the day before yesterday's slots too
    recent = journal.read_recent(store.journal_path, recent_start(day, back))
    events = journal.live(recent.events)
    lines = []
    missed: list[tuple[Item, time | None]] = []
    for item in regimen.items:
        mine = [event for event in events if event.item == item.key]
        moving = days_back(item, window, day) > 1
        days = item_days_of(item, mine, day - timedelta(days=2 if moving else 1), day, window, now)
        figures, yesterday = days[-1], days[-2]
        waiting = counts_for_now(item, mine, window, now) if moving else None
        missed += [
            (item, slot.time)
            for n, slot in enumerate(yesterday.slots)
            if slot.state == "missed"
            and (waiting is None or (waiting.day, waiting.slot) != (yesterday.day, n))
        ]
        others = _other_days(figures, waiting)
        version = item.version_on(day)
        if version is None and not others and not any(event.day == day for event in mine):
            continue
        slots = others + tuple(
            SlotLine(slot.time, _LINE_STATES[slot.state], slot.dose or slot.skip)
            for slot in figures.slots
        )
        as_needed = _as_needed(regimen, item, day, figures, events, now)
        hours = None
        if in_24_hours_item(item):
            hours = sum(
                (
                    e.amount
                    for e in mine
                    if e.type == "dose" and e.amount and now - DAY < e.at <= now
                ),
                Decimal(0),
            )
        lines.append(TodayItem(item, version, figures, slots, as_needed, hours))
    low: tuple[Outlook, ...] = ()
    if supply:
        from medlog.actions.supply import running_low

        low = tuple(running_low(store, regimen, now, events))
    warning = regimen.settings.refill_warning_days
    doses = [event for event in events if event.type == "dose"]
    over = tuple(
        total
        for total in day_totals(regimen.items, doses, regimen.limits, day)
        if total.above and total.needs_saying and not total.informational
        and not in_24_hours(total.limit)
    ) + tuple(
        seen
        for limit in regimen.limits
        if in_24_hours(limit)
        and (seen := window_until(intakes(regimen.items, doses, limit), limit, now)).above
        and not seen.informational
        and seen.needs_saying
    )  # fmt: skip
    held = tuple((item, hold) for item in regimen.items if (hold := item.held_on(day)) is not None)
    # Yesterday's doses nothing answered (and no dose now would): a forgotten dose is easy to
    # log late, by mistake, as today's.
    return Today(day, now, tuple(lines), recent.torn, tuple(missed), low, warning, over, held)


def _other_days(figures: ItemDay, waiting: Moved | None) -> tuple[SlotLine, ...]:
    """Slots of other days: answered by a dose of today, or waiting for one (due last night's,
    late a weekly one)."""
    lines = [
        SlotLine(moved.time, "taken", moved.dose, moved.day, moved.kind)
        for moved in sorted(figures.moved_out, key=_slot_order)
    ]
    if waiting is not None:
        state: LineState = "due" if waiting.kind == "overnight" else "late"
        lines.append(SlotLine(waiting.time, state, None, waiting.day))
    return tuple(lines)


def _slot_order(moved: Moved) -> tuple[date, time]:
    return moved.day, moved.time or time.min


def _as_needed(
    regimen: Regimen,
    item: Item,
    day: date,
    figures: ItemDay,
    events: list[Event],
    now: datetime,
) -> AsNeeded | None:
    """Today's use of an as-needed item, and when its limits next allow a dose: the
    regimen's interval and count, and a label's amount in any 24 hours of a substance it
    holds, across every item that holds it (DESIGN.md "Any 24 hours")."""
    rules = governing(item, day)
    if rules is None or not rules.schedule.prn:
        return None
    schedule = rules.schedule
    doses = [event for event in events if event.type == "dose" and event.item == item.key]
    last = max((dose for dose in doses if dose.at <= now), key=lambda d: d.at, default=None)
    found = next_allowed(schedule, doses, now)
    moments = [found] if found is not None else []
    if rules.dose is not None and not item.supervised:
        everyone = [event for event in events if event.type == "dose"]
        for limit in regimen.limits:
            if not in_24_hours(limit):
                continue
            taken = intakes(regimen.items, everyone, limit)
            share = [factor for key, factor in recipe(item, (limit,)) if key == limit.substance]
            if not share:
                continue
            amount = Fraction(rules.dose) * Fraction(share[0])
            exact = Decimal(amount.numerator) / Decimal(amount.denominator)
            moment = allows_another(taken, limit, exact, now)
            if moment is not None:
                moments.append((moment, "label"))
    latest = max(moments, default=None)
    allowed = None if latest is None else (latest[0].astimezone(now.tzinfo), latest[1])
    return AsNeeded(figures.taken, schedule.max_per_day, last, allowed, in_last_day(doses, now))
