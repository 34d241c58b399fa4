"""``due --notify``: what to announce now, from today's view and this machine's reminder
state (``reminders.py`` holds the rules, ``derived.py`` places the state, outside the store).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from medlog import derived
from medlog.actions.today import Today, today
from medlog.durable import FILE_MODE, private_folder
from medlog.errors import StoreProblem
from medlog.reminders import STATE_NAME, QuietHours, Slot, State, decide, state_of
from medlog.store import Store
from medlog.supply import Outlook

LOCK_NAME = "reminders.lock"


@dataclass(frozen=True)
class Announcement:
    """The doses and low supplies to announce now; ``record`` it once they are announced."""

    day: date
    doses: tuple[Slot, ...]
    low: tuple[Outlook, ...]
    torn: bool
    path: Path
    after: State


def announce(store: Store, now: datetime, quiet: QuietHours | None) -> Announcement:
    """What to announce at ``now``. The state is written before anything is announced, so a
    state that cannot be written stops the run instead of announcing the same slots at every
    run after."""
    view = today(store, now)
    path = state_path(store)
    decision = decide(
        slots(view), [seen.item.key for seen in view.low], state_of(derived.load(path)), now, quiet
    )
    _write(path, decision.before)
    low = tuple(seen for seen in view.low if seen.item.key in decision.low)
    return Announcement(view.day, decision.doses, low, view.torn, path, decision.after)


@contextmanager
def one_run(store: Store) -> Iterator[bool]:
    """Hold this machine's reminder lock for ``store`` while a run announces and records;
    False when another run holds it (a cron job overlapping a person's own run), which then
    announces nothing rather than the same doses twice."""
    path = state_path(store).with_name(LOCK_NAME)
    try:
        private_folder(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as error:
        raise _unwritable(path, error) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def record(announcement: Announcement) -> None:
    """Remember what was announced (after announcing it: a run killed in between announces
    it once more at the next run, rather than never)."""
    _write(announcement.path, announcement.after)


def last_run(store: Store) -> datetime | None:
    """When ``due --notify`` last ran on this machine for ``store``, if it ever did."""
    when = state_of(derived.load(state_path(store))).last_run
    try:
        return None if when is None else datetime.fromisoformat(when)
    except ValueError:
        return None


def state_path(store: Store) -> Path:
    return derived.folder(store.home, "state") / STATE_NAME


def slots(view: Today) -> list[Slot]:
    """Every scheduled slot in today's view (as-needed items have none), and yesterday's
    that nothing answered (announced at the first run after them, unless a later slot came)."""
    yesterday = view.day - timedelta(days=1)
    return [
        Slot(item.key, item.name, yesterday, clock, False) for item, clock in view.missed_yesterday
    ] + [
        Slot(
            line.item.key,
            line.item.name,
            slot.day or view.day,
            slot.time,
            slot.event is not None,
            slot.state == "late",
        )
        for line in view.items
        if line.as_needed is None
        for slot in line.slots
    ]


def _write(path: Path, state: State) -> None:
    try:
        derived.write(path, [derived.text(state.document())])
    except OSError as error:
        raise _unwritable(path, error) from None


def _unwritable(path: Path, error: OSError) -> StoreProblem:
    return StoreProblem(
        f"medlog cannot write its reminder state in {path.parent} ({error.strerror}), so "
        "it would announce the same doses again at every run; make that folder writable."
    )
