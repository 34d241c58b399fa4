"""Today's checklist (``medlog today``) and what is overdue (``medlog due``).

Uses the same slot matching as the report, so the two never disagree about
which dose answered which slot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from medlog import journal
from medlog.adherence import ItemDay, item_day, seconds_of_day
from medlog.model import Event, Item, RegimenVersion
from medlog.store import Store
from medlog.timeparse import localize

SlotState = Literal["taken", "skipped", "due", "overdue"]


@dataclass(frozen=True)
class SlotLine:
    """One expected dose today and where it stands."""

    time: time | None
    state: SlotState
    event: Event | None = None


@dataclass(frozen=True)
class AsNeeded:
    """Today's use of an as-needed item and when its next dose is allowed."""

    count: int
    max_per_day: int | None
    last: Event | None
    next_allowed: datetime | None


@dataclass(frozen=True)
class TodayItem:
    """An item's line in today's checklist."""

    item: Item
    version: RegimenVersion | None
    figures: ItemDay
    slots: tuple[SlotLine, ...]
    as_needed: AsNeeded | None


@dataclass(frozen=True)
class Today:
    """Every item active or logged today, for the checklist and for ``due``."""

    day: date
    now: datetime
    items: tuple[TodayItem, ...]
    torn: bool = False

    def overdue(self) -> list[tuple[TodayItem, SlotLine]]:
        """Slots whose time plus the on-time window has passed with nothing logged."""
        return [
            (line, slot) for line in self.items for slot in line.slots if slot.state == "overdue"
        ]

    def upcoming(self) -> list[tuple[TodayItem, SlotLine]]:
        """Slots still due today."""
        return [(line, slot) for line in self.items for slot in line.slots if slot.state == "due"]


def today(store: Store, now: datetime) -> Today:
    """Where each item stands today, from the regimen and the last days of the journal."""
    regimen = store.load_regimen()
    day = now.date()
    recent = journal.read_recent(
        store.journal_path, localize(datetime.combine(day, time())) - timedelta(days=1)
    )
    events = journal.live(recent.events)
    window = regimen.settings.on_time_window
    lines = []
    for item in regimen.items:
        mine = [event for event in events if event.item == item.key]
        todays = [event for event in mine if event.day == day]
        version = item.version_on(day)
        if version is None and not todays:
            continue
        figures = item_day(
            item,
            day,
            [e for e in todays if e.type == "dose"],
            [e for e in todays if e.type == "skip"],
            window,
        )
        slots = tuple(
            _slot_line(slot.time, slot.dose or slot.skip, now, window) for slot in figures.slots
        )
        as_needed = _as_needed(version, figures, [e for e in mine if e.type == "dose"], now)
        lines.append(TodayItem(item, version, figures, slots, as_needed))
    return Today(day, now, tuple(lines), recent.torn)


def _slot_line(
    slot_time: time | None, event: Event | None, now: datetime, window: timedelta
) -> SlotLine:
    if event is not None:
        return SlotLine(slot_time, "taken" if event.type == "dose" else "skipped", event)
    late = (
        slot_time is not None
        and seconds_of_day(now) > seconds_of_day(slot_time) + window.total_seconds()
    )
    return SlotLine(slot_time, "overdue" if late else "due")


def _as_needed(
    version: RegimenVersion | None, figures: ItemDay, doses: list[Event], now: datetime
) -> AsNeeded | None:
    if version is None or not version.schedule.prn:
        return None
    schedule = version.schedule
    last = max(doses, key=lambda dose: dose.at, default=None)
    next_allowed = None
    if last is not None and schedule.min_interval is not None:
        allowed = last.at + schedule.min_interval
        next_allowed = allowed.astimezone(now.tzinfo) if allowed > now else None
    if schedule.max_per_day is not None and figures.taken >= schedule.max_per_day:
        next_allowed = localize(datetime.combine(figures.day + timedelta(days=1), time()))
    return AsNeeded(figures.taken, schedule.max_per_day, last, next_allowed)
