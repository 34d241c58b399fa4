"""``medlog report``: adherence and documented-range figures per item over a period, and
how the person has been (check-ins beside each change of regimen).

One pass over the journal groups the non-voided doses and skips of the period
by item and day; ``adherence.item_period`` does the counting, and
``checkins.checkin_report`` the check-ins, questions and provenance.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from medlog import journal
from medlog.actions import find_item
from medlog.adherence import ItemPeriod, item_period
from medlog.checkins import CheckinReport, checkin_report
from medlog.model import Event, Item
from medlog.provenance import Provenance, provenance
from medlog.store import Store
from medlog.timeparse import parse_period


@dataclass(frozen=True)
class Report:
    """The figures of every item in a period, and when they were made."""

    generated_at: datetime
    since: date
    until: date
    items: tuple[ItemPeriod, ...]
    checkins: CheckinReport
    provenance: Provenance
    torn: bool = False
    voided: tuple[Event, ...] = ()

    @property
    def days(self) -> int:
        """How many local days the period covers."""
        return (self.until - self.since).days + 1


def report(
    store: Store,
    now: datetime,
    since: str | None = None,
    until: str | None = None,
    days: int | None = None,
    item_name: str | None = None,
) -> Report:
    """Each item's adherence and range figures from ``since`` to ``until`` (default 30 days)."""
    first, last = parse_period(now.date(), since, until, days)
    regimen = store.load_regimen()
    chosen = (find_item(regimen, item_name),) if item_name is not None else regimen.items
    read = journal.read_all(store.journal_path)
    voided = {event.ref for event in read.events if event.type == "void"}
    doses: dict[str, dict[date, list[Event]]] = defaultdict(lambda: defaultdict(list))
    skips: dict[str, dict[date, list[Event]]] = defaultdict(lambda: defaultdict(list))
    cancelled: list[Event] = []
    notes: list[Event] = []  # check-ins and questions, live, of all time (for before/after)
    for event in read.events:
        if event.type == "void":
            continue
        if event.item is None:
            if event.id not in voided:
                notes.append(event)
            continue
        day = event.at.date()
        if not first <= day <= last:
            continue
        if event.id in voided:
            cancelled.append(event)  # kept for the notes a clinician reads, marked voided
        else:
            (doses if event.type == "dose" else skips)[event.item][day].append(event)
    window = regimen.settings.on_time_window
    periods = tuple(
        item_period(item, first, last, doses[item.key], skips[item.key], window, now)
        for item in chosen
        if item.key in doses or item.key in skips or _in_force(item, first, last)
    )
    shown = {period.item.key for period in periods}
    in_period = [event for event in notes if first <= event.day <= last]
    logged = provenance(
        [e for key in shown for day in (doses[key], skips[key]) for e in _flat(day)] + in_period
    )
    how = checkin_report(notes, [period.item for period in periods], first, last)
    kept = tuple(event for event in cancelled if event.item in shown)
    return Report(now, first, last, periods, how, logged, read.torn, kept)


def _flat(by_day: dict[date, list[Event]]) -> list[Event]:
    return [event for events in by_day.values() for event in events]


def _in_force(item: Item, first: date, last: date) -> bool:
    """True when some regimen version of the item is in force on a day of the period."""
    for version in item.regimen:
        ends = version.until
        if version.start <= last and (ends is None or ends > max(first, version.start)):
            return True
    return False
