"""Every event in a period, voided ones marked: ``medlog history``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from medlog import journal
from medlog.actions import find_items
from medlog.model import Event, Item, Regimen
from medlog.store import Store
from medlog.timeparse import parse_period

if TYPE_CHECKING:
    from medlog.actions.report import MissedSlot


@dataclass(frozen=True)
class Entry:
    """One journal event as history shows it."""

    event: Event
    item: Item | None
    voided_by: Event | None = None
    target: Event | None = None
    amended: Event | None = None  # for a dose that corrects another (medlog amend): that one
    amended_by: Event | None = None  # for a corrected dose and its void: the dose that corrects it


@dataclass(frozen=True)
class History:
    """The events of a period in time order, with what each refers to."""

    since: date
    until: date
    entries: tuple[Entry, ...]
    torn: bool = False


@dataclass(frozen=True)
class Missed:
    """Each scheduled dose of a period that nothing answered: ``history --missed``."""

    since: date
    until: date
    slots: tuple[MissedSlot, ...]
    torn: bool = False


def missed(
    store: Store,
    now: datetime,
    since: str | None = None,
    until: str | None = None,
    item_names: Sequence[str] | None = None,
) -> Missed:
    """The missed slots of the period (default: the last 30 days), by the report's figures,
    so the two never disagree."""
    from medlog.actions.report import report

    view = report(store, now, since, until, None, item_names, missed=True)
    return Missed(view.since, view.until, view.missed or (), view.torn)


def history(
    store: Store,
    now: datetime,
    since: str | None = None,
    until: str | None = None,
    item_names: Sequence[str] | None = None,
) -> History:
    """The doses, skips and voids whose time falls in the period (default: the last 30 days),
    of the items ``item_names`` name (default: every item, and check-ins)."""
    read = journal.read_all(store.journal_path)
    first, last = parse_period(now.date(), since, until, start=journal.first_day(read.events))
    regimen = store.load_regimen()
    chosen_items = find_items(regimen, item_names)
    only = None if chosen_items is None else frozenset(item.key for item in chosen_items)
    chosen = entries(read.events, regimen, only, first, last)
    return History(first, last, chosen, read.torn)


def entries(
    events: list[Event],
    regimen: Regimen,
    only: frozenset[str] | None = None,
    first: date | None = None,
    last: date | None = None,
) -> tuple[Entry, ...]:
    """Events as history entries by (time, id), as every listing sorts (the order of lines
    in the journal never matters), each with its item and its first void, if any."""
    by_id = {event.id: event for event in events}
    voided_by: dict[str, Event] = {}
    amended_by: dict[str, Event] = {}
    for event in sorted(events, key=lambda event: (event.at, event.id)):
        if event.type == "void" and event.ref is not None:
            voided_by.setdefault(event.ref, event)
        if event.amends is not None:
            amended_by.setdefault(event.amends, event)
    held = _on_hand_after_fills(events, regimen)
    rows = []
    for logged in events:
        if (first is not None and logged.day < first) or (last is not None and logged.day > last):
            continue
        event = (  # a fill shows the figure by its definition, not what its line recorded
            logged._replace(on_hand=held.get(logged.id)) if logged.type == "fill" else logged
        )
        target = by_id.get(event.ref) if event.ref else None
        key = target.item if target is not None else event.item
        if only is not None and key not in only:
            continue
        entry = Entry(
            event,
            regimen.get(key) if key else None,
            voided_by.get(event.id),
            target,
            by_id.get(event.amends) if event.amends else None,
            amended_by.get(event.ref if event.type == "void" and event.ref else event.id),
        )
        rows.append((event.at, event.id, entry))
    rows.sort(key=lambda row: (row[0], row[1]))
    return tuple(entry for _, _, entry in rows)


def _on_hand_after_fills(events: list[Event], regimen: Regimen) -> dict[str, Decimal]:
    """On hand at the time of each live fill and count, by id (supply.py)."""
    from medlog.supply import after_each_fill

    filled = {event.item for event in events if event.type == "fill"}
    if not filled:
        return {}
    live = journal.live(events)
    found: dict[str, Decimal] = {}
    for item in regimen.items:
        if item.key in filled:
            found |= after_each_fill(item, live)
    return found
