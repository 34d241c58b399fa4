"""The report's per-day summary: each item's figures for its closed days, remembered between
runs, so a ten-year report does not work out 36,500 item-days again.

A derived file (``derived.py``: the user cache directory, keyed by the store's resolved path,
never the store) that only ``report`` writes, atomically, 0600, as JSON. It is never
required: one that is missing, unreadable, foreign, of another format or stale is ignored and
written again, and deleting it never changes a figure. It holds:

- a validity key: this medlog's version and the summary's format, the catalog's text, and the
  regimen as loaded (medlog.toml's items, settings and profile, the on-time window with them);
- the journal prefix it covers: its length (whole lines) and a hash of all its bytes, so an
  append is read as such and anything else (a rewrite, a hand edit, a union merge) starts over;
- ``closed``: the last day it treats as closed, which no rule can change any more (``REACH``
  days, the on-time window and a day's margin before today); a clock set back before it
  makes the whole summary stale;
- for each item, its closed days' figures (``adherence.ItemDay``), each dose and skip named by
  its place among the day's own doses and skips in time order.

A report checks all this, then reads which events the journal holds after the prefix: each
dose or skip there, and each dose or skip a void there takes back, marks its item's days
``REACH`` either side as *touched* (the days a dose can reach: after midnight, late and early
doses, and the 24 hours after it). Those days and the open days are worked out again by
``adherence.item_day``, the one implementation of the Definitions, and everything else the
report shows (sums, as-needed limits, substances, check-ins, supply, PDC) is worked out from
the events as before. A remembered day is used only for an item each of whose doses counts
on its own day (``adherence.stays_on_its_day``); the others are worked out whole.
``tests/unit/test_day_summary.py`` holds the report with a summary byte for byte to the report
without one, over random journals and edits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import suppress
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from medlog import derived
from medlog import events as line_format
from medlog.adherence import (
    ItemDay,
    ItemPeriod,
    Recall,
    Slot,
    in_time_order,
)
from medlog.attribution import REACH
from medlog.errors import MedlogError
from medlog.journal import BOM
from medlog.model import Event, Regimen

SUMMARY_NAME = "report-days.json"
REFRESH = 64 * 1024  # bytes read past the prefix after which the summary is saved again
FORMAT = 1  # raised whenever what a remembered day means changes
_STATES = {"taken": "t", "skipped": "s", "pending": "p", "missed": "m"}
_STATE_OF = {letter: state for state, letter in _STATES.items()}
_COMPACT = (",", ":")
_new = tuple.__new__  # as in adherence: records built with every field in order


def closed_through(now: datetime, window: timedelta) -> date:
    """The last day no rule can still change at ``now``: a dose within ``REACH`` days of a
    day can count for it, and a slot closes up to the on-time window after its day."""
    return now.date() - timedelta(days=REACH + window.days + 2)


class Summary:
    """The summary of one store for one report run: what it remembers that still holds, and
    what this run adds to it."""

    def __init__(self, home: Path, regimen: Regimen, now: datetime) -> None:
        self.where = derived.folder(home, "cache") / SUMMARY_NAME
        self.journal = home / "journal.jsonl"
        self.key = _key(regimen)
        self.closed = closed_through(now, regimen.settings.on_time_window)
        self.days: dict[str, dict[str, list[Any]]] = {}  # item key -> ISO day -> record
        self.times: list[list[str | None]] = []
        self._time_index: dict[tuple[time | None, ...], int] = {}
        self._slot_times: list[tuple[time | None, ...]] = []
        self._length = 0  # whole lines of the journal read this run
        self._digest = ""
        self._tail = b""  # the bytes after the prefix the saved summary covers
        self._rest = b""
        self._fresh = False  # no saved summary held here
        self._asked: set[str] = set()
        self._new: list[tuple[str, list[ItemDay]]] = []  # closed days worked out this run

    def look(self, data: bytes) -> None:
        """Be shown the journal's bytes (``journal.read_all``): keep the saved summary if it
        covers a prefix of them, with the bytes after it."""
        self._length = data.rfind(b"\n") + 1
        whole = memoryview(data)[: self._length]
        saved = derived.load(self.where)
        covered = self._valid(saved)
        hasher = hashlib.sha256()
        if covered is not None:
            hasher.update(whole[:covered])
            if hasher.hexdigest() == saved["hash"]:
                self._take(saved)
                self._tail = bytes(whole[covered:])
            else:
                covered = None
        hasher.update(whole[0 if covered is None else covered :])  # hashlib goes on after a look
        self._digest = hasher.hexdigest()
        self._rest = data[self._length :]  # a last line without its newline: never covered
        self._fresh = covered is None

    def _valid(self, saved: object) -> int | None:
        """The prefix length of a saved summary that may hold here, else None."""
        if not isinstance(saved, dict) or saved.get("v") != FORMAT or saved.get("key") != self.key:
            return None
        try:
            length, closed = int(saved["length"]), date.fromisoformat(saved["closed"])
            if not isinstance(saved["hash"], str):
                return None
        except (KeyError, TypeError, ValueError):
            return None
        if not 0 <= length <= self._length or closed > self.closed:
            return None  # a shorter journal, or a clock set back before its closed days
        return length

    def _take(self, saved: dict[str, Any]) -> None:
        """Keep the saved days (the touched ones are dropped by ``forget_touched``)."""
        try:
            times = [
                tuple(None if clock is None else time.fromisoformat(clock) for clock in found)
                for found in saved["times"]
            ]
            days = {
                str(key): {str(day): list(record) for day, record in by_day.items()}
                for key, by_day in saved["days"].items()
            }
        except (KeyError, TypeError, ValueError, AttributeError):
            return
        self._slot_times = times
        self.times = [[None if t is None else t.isoformat() for t in found] for found in times]
        self._time_index = {found: n for n, found in enumerate(times)}
        self.days = days

    def forget_touched(self, events: Sequence[Event]) -> None:
        """Drop the remembered days that the events after the prefix can change (``events``:
        the journal's, to find what a void there takes back)."""
        if not self.days:
            return
        found: list[Event] = []
        lines = self._tail.split(b"\n")
        for line in lines:
            if not line.strip():
                continue
            try:
                found.append(line_format.decode(line.removeprefix(BOM), self.journal, 0))
            except MedlogError:
                self.days.clear()  # the journal's reader names it; remember nothing
                return
        if self._rest.strip():
            with suppress(MedlogError):  # a torn line is not an event
                found.append(line_format.decode(self._rest.removeprefix(BOM), self.journal, 0))
        voided = {event.ref for event in found if event.type == "void"}
        if voided:
            found += [event for event in events if event.id in voided]
        for event in found:
            held = self.days.get(event.item or "")
            if held:
                for offset in range(-REACH, REACH + 1):
                    held.pop((event.day + timedelta(days=offset)).isoformat(), None)

    def recall(self, key: str) -> Recall:
        """``adherence.Recall`` for the item ``key``: a remembered day's figures."""
        held = self.days.get(key, {})

        def recalled(day: date, doses: Sequence[Event], skips: Sequence[Event]) -> ItemDay | None:
            self._asked.add(key)  # item_days asks only when each dose counts on its own day
            record = held.get(day.isoformat())
            if record is None:
                return None
            figures = self._figures(day, record, doses, skips)
            if figures is None:
                del held[day.isoformat()]  # it does not fit: worked out again, and saved
            return figures

        return recalled

    def _figures(
        self, day: date, record: list[Any], doses: Sequence[Event], skips: Sequence[Event]
    ) -> ItemDay | None:
        """The day's figures from its record and its own doses and skips; None when they do
        not fit (a summary that cannot be trusted for that day)."""
        try:
            times, states, answers, extra, total, verdict, out, expected, counted = record[:9]
            skipped, pending, timed, on_time, taken, skip_count = record[9:]
            if len(doses) != taken or len(skips) != skip_count:
                return None
            day_doses = in_time_order(tuple(doses))
            day_skips = in_time_order(tuple(skips))
            clocks = self._slot_times[times]
            slots = tuple(
                _new(
                    Slot,
                    (
                        clocks[n],
                        _STATE_OF[letter],
                        day_doses[answers[n]] if letter == "t" else None,
                        day_skips[answers[n]] if letter == "s" else None,
                    ),
                )
                for n, letter in enumerate(states)
            )
            return _new(
                ItemDay,
                (
                    day, slots, day_doses, tuple(day_doses[m] for m in extra), day_skips,
                    Decimal(total), verdict, out, expected, taken, counted, skipped,
                    expected - counted - skipped, pending, timed, on_time, (), (),
                ),
            )  # fmt: skip
        except (ValueError, TypeError, IndexError, KeyError, ArithmeticError):
            return None

    def remember(self, periods: Sequence[ItemPeriod]) -> None:
        """Keep the closed days of the periods' items whose doses count on their own days
        (those whose recall ``adherence.item_days`` asked: ``stays_on_its_day``), to save."""
        for period in periods:
            if period.item.key not in self._asked:
                continue
            held = self.days.get(period.item.key, {})
            new = [f for f in period.days if f.day <= self.closed and f.day.isoformat() not in held]
            if new:
                self._new.append((period.item.key, new))

    def _record(self, figures: ItemDay) -> list[Any]:
        clocks = tuple(slot.time for slot in figures.slots)
        times = self._time_index.get(clocks)
        if times is None:
            times = self._time_index[clocks] = len(self._slot_times)
            self._slot_times.append(clocks)
            self.times.append([None if t is None else t.isoformat() for t in clocks])
        place = {id(dose): m for m, dose in enumerate(figures.doses)}
        skip_place = {id(skip): m for m, skip in enumerate(figures.skip_events)}
        answers = [
            place[id(slot.dose)] if slot.dose is not None
            else skip_place[id(slot.skip)] if slot.skip is not None
            else -1
            for slot in figures.slots
        ]  # fmt: skip
        return [
            times, "".join(_STATES[slot.state] for slot in figures.slots), answers,
            [place[id(dose)] for dose in figures.extra_doses], str(figures.total),
            figures.day_verdict, figures.doses_out_of_range, figures.expected, figures.counted,
            figures.skipped, figures.pending, figures.timed, figures.on_time, figures.taken,
            len(figures.skip_events),
        ]  # fmt: skip

    def save(self) -> None:
        """Write the summary when this run worked out closed days it did not hold, or read
        more than ``REFRESH`` bytes past its prefix; record by record, as they are made."""
        if not self._length or not (
            self._new or self._fresh or len(self._tail) + len(self._rest) > REFRESH
        ):
            return
        derived.write(self.where, self._chunks())

    def _chunks(self) -> Iterator[str]:
        head = {"v": FORMAT, "key": self.key, "length": self._length, "hash": self._digest,
                "closed": self.closed.isoformat()}  # fmt: skip
        new = dict(self._new)
        records = [json.dumps(head, separators=_COMPACT)[:-1], ',"days":{']
        for number, key in enumerate(sorted(self.days.keys() | new.keys())):
            yield from records
            records = ["," if number else "", json.dumps(key), ":{"]
            days = dict(self.days.get(key, {}))
            for figures in new.get(key, ()):
                days[figures.day.isoformat()] = self._record(figures)
            for place, (day, record) in enumerate(days.items()):
                comma = "," if place else ""
                records.append(f'{comma}"{day}":{json.dumps(record, separators=_COMPACT)}')
                if len(records) > 1000:
                    yield "".join(records)
                    records = []
            records.append("}")
        yield "".join(records)
        yield '},"times":' + json.dumps(self.times, separators=_COMPACT) + "}"


def _key(regimen: Regimen) -> str:
    """What every remembered figure depends on besides the journal: this medlog's code (the
    size and time of each of its files, which any upgrade or edit changes: cheaper than asking
    for its version), its catalog and the regimen as loaded (items, settings with the on-time
    window, profile)."""
    package = Path(__file__).parent
    hasher = hashlib.sha256(f"{FORMAT}\n".encode())
    for path in [*sorted(package.rglob("*.py")), package / "data" / "catalog.toml"]:
        found = path.stat()
        hasher.update(f"{path.relative_to(package)} {found.st_size} {found.st_mtime_ns}\n".encode())
    hasher.update(repr(regimen).encode())
    return hasher.hexdigest()
