"""The report's per-day summary: each item's figures for its closed days, remembered between
runs, so a ten-year report does not work out 36,500 item-days again.

A derived file (``derived.py``: the user cache directory, keyed by the store's resolved path,
never the store) that only ``report`` writes, atomically, 0600, as JSON Lines, once its
output is out (``background``: a child process of the console script, holding
``LOCK_NAME``, which the next report waits for). It is never
required: one that is missing, unreadable, foreign, of another format or stale is ignored and
written again, and deleting it never changes a figure. It holds:

- a validity key: this medlog's code (each file's size and time, which any upgrade or edit
  changes) and the summary's format, the catalog, and the regimen as loaded but for its items
  (medlog.toml's settings and profile, the on-time window with them); each item's line holds
  a key of its own, the item as loaded, so an ``edit`` of one item drops that item's days;
- the journal prefix it covers: its length (whole lines) and a hash of all its bytes, so an
  append is read as such and anything else (a rewrite, a hand edit, a union merge) starts over;
- ``closed``: the last day it treats as closed, which no rule can change any more (``REACH``
  days, the on-time window and a day's margin before today); a clock set back before it
  makes the whole summary stale;
- for each item, its closed days' figures (``adherence.ItemDay``), each dose and skip named by
  its place among the day's own doses and skips in time order;
- last, a seal: a hash of every line before it, so a summary edited by hand (or cut short,
  or with a flipped bit) is not trusted, never read as figures.

A report checks all this, then reads which events the journal holds after the prefix: each
dose or skip there, and each dose or skip a void there takes back, marks its item's days
``REACH`` either side as *touched* (the days a dose can reach: after midnight, late and early
doses, and the 24 hours after it). Those days and the open days are worked out again by
``adherence.item_day``, the one implementation of the Definitions, and everything else the
report shows (sums, as-needed limits, check-ins, supply, PDC) is worked out from the events
as before, and substance totals from the days' totals: the whole journal is still read, and
decoded but for the lines the summary stands in for, and what the summary saves is the
per-day work. A remembered day is used only for an item each of whose doses
counts on its own day (``adherence.stays_on_its_day``); the others are worked out whole, and
the summary keeps no day of an item with a dose on either of the two days before its start
(``_early``): wherever that dose stands in the journal, its days are worked out whole.
``tests/unit/test_day_summary.py`` holds the report with a summary byte for byte to the report
without one, over random journals and edits.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import repeat
from operator import attrgetter, is_, itemgetter
from pathlib import Path
from typing import Any

from medlog import background, derived
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
from medlog.journal import BOM, JournalRead
from medlog.journal import first_day as journal_first_day
from medlog.model import Event, Item, Regimen
from medlog.provenance import timing

SUMMARY_NAME = "report-days.jsonl"
LOCK_NAME = "report-days.lock"  # held while the summary is written (``background``)
REFRESH = 64 * 1024  # bytes read past the prefix after which the summary is saved again
FORMAT = 4  # raised whenever what a remembered day means, or the file's layout, changes
_STATES = {"taken": "t", "skipped": "s", "pending": "p", "missed": "m"}
_STATE_OF = {letter: state for state, letter in _STATES.items()}
_COMPACT = (",", ":")
_new = tuple.__new__  # as in adherence: records built with every field in order
_PLAIN = 15  # a record's length; a standing day's record goes on (``_record``)
Plan = Callable[[date | None], tuple[date, date, dict[str, date]] | None]
"""From the day of the journal's first entry: the report's first and last days and, for each
item whose days the summary may stand in for without their doses, the first day it may (the
day its regimen starts: doses of the two days before it change how its days are worked out),
or None when it may stand in for none."""


def closed_through(now: datetime, window: timedelta) -> date:
    """The last day no rule can still change at ``now``: a dose within ``REACH`` days of a
    day can count for it, and a slot closes up to the on-time window after its day."""
    return now.date() - timedelta(days=REACH + window.days + 2)


class Summary:
    """The summary of one store for one report run: what it remembers that still holds, and
    what this run adds to it.

    The file is JSON Lines: a head (the validity key, the prefix, the closed day), then a line
    per item holding its days. An item's line is read only when the report asks for one of its
    days, each record is let go once its day is rebuilt, and an item nothing changed is written
    back as it was read: ten years of records never sit in memory beside the report's own."""

    def __init__(
        self, home: Path, regimen: Regimen, now: datetime, plan: Plan | None = None
    ) -> None:
        self.where = derived.folder(home, "cache") / SUMMARY_NAME
        self.journal = home / "journal.jsonl"
        self.key = _key(regimen)
        self.item_keys = {item.key: _item_key(item) for item in regimen.items}
        self.closed = closed_through(now, regimen.settings.on_time_window)
        self.units = {item.key: item.unit for item in regimen.items}
        self._starts = {item.key: item.regimen[0].start for item in regimen.items if item.regimen}
        self._plan = plan
        self._lines: dict[str, bytes] = {}  # item key -> its saved line, not read yet
        self._held: dict[str, dict[str, list[Any]]] = {}  # item key -> ISO day -> record
        self._done: dict[str, list[ItemDay]] = {}  # item key -> its closed days of this run
        self._standing: dict[str, dict[str, list[Any]]] = {}  # days whose lines were not read
        self._first: date | None = None  # the first entry's day among the lines covered
        self._length = 0  # whole lines of the journal read this run
        self._count = 0  # how many lines they are
        self._digest = ""
        self._tail = b""  # the bytes after the prefix the saved summary covers
        self._rest = b""  # a last line without its newline: never covered
        self._stale = True  # no saved summary holds here: write one
        self._added = False  # this run worked out a closed day the summary did not hold
        self._voided_before: set[str] = set()  # ids voided after the prefix, held in it
        self._read: JournalRead | None = None
        self._first_read: date | None = None  # the first entry's day among the lines read

    def look(self, data: bytes) -> list[int] | None:
        """Be shown the journal's bytes (``journal.read_all``): keep the saved summary if it
        covers a prefix of them, with the bytes after it; drop the days those bytes touch; and
        answer with the lines the summary stands in for (``stand_in``), not to be decoded."""
        self._length = data.rfind(b"\n") + 1
        whole = memoryview(data)[: self._length]
        self._count = data.count(b"\n", 0, self._length)
        background.wait(self.where.with_name(LOCK_NAME))  # a summary still being written
        lines = derived.read(self.where)
        covered = self._valid(lines)
        hasher = hashlib.sha256()
        if covered is not None:
            length, digest = covered
            hasher.update(whole[:length])
            if hasher.hexdigest() == digest:
                self._lines = _item_lines(lines[:-1], self.item_keys)
                self._tail = bytes(whole[length:])
                self._stale = False
            else:
                covered = None
        hasher.update(whole[0 if covered is None else covered[0] :])  # hashlib goes on
        self._digest = hasher.hexdigest()
        self._rest = data[self._length :]
        found = self._after_prefix()
        return None if found is None else self._stand_in(found)

    def _after_prefix(self) -> list[Event] | None:
        """The events after the prefix, with the remembered days they touch dropped; None
        (remembering nothing) when one of those lines is not an event."""
        found: list[Event] = []
        for line in self._tail.split(b"\n"):
            if not line.strip():
                continue
            try:
                found.append(line_format.decode(line.removeprefix(BOM), self.journal, 0))
            except MedlogError:
                self._lines.clear()  # the journal's reader names it; remember nothing
                self._held.clear()
                return None
        if self._rest.strip():
            with suppress(MedlogError):  # a torn line is not an event
                found.append(line_format.decode(self._rest.removeprefix(BOM), self.journal, 0))
        ids = {event.id: event for event in found}
        voided = {event.ref for event in found if event.type == "void" and event.ref is not None}
        self._voided_before = voided - ids.keys()  # found in the whole read (forget_touched)
        self._forget([*found, *(ids[ref] for ref in voided & ids.keys())])
        return found

    def _forget(self, events: Sequence[Event]) -> None:
        """Drop the remembered days ``events`` can change: ``REACH`` days either side."""
        for event in events:
            if event.item is not None and event.item in self._lines.keys() | self._held.keys():
                held = self._days(event.item)
                for offset in range(-REACH, REACH + 1):
                    held.pop((event.day + timedelta(days=offset)).isoformat(), None)

    def _stand_in(self, after: list[Event]) -> list[int] | None:
        """The lines of the remembered days the report can take whole from the summary,
        without their doses (see ``Plan``): those days are then held in ``_standing``. None
        when it can take none, or when an event after the prefix has the id of one of those
        lines (the reader must see both to judge them)."""
        if self._stale or self._plan is None or self._voided_before:
            return None
        first = min((event.day for event in after if event.type != "void"), default=None)
        planned = self._plan(self._first if first is None else min(first, self._first or first))
        if planned is None:
            return None
        since, until, starts = planned
        lines: list[int] = []
        ids: set[int] = set()
        early = _early(after, self._starts)
        for key, start in starts.items():
            if key in early or (key not in self._lines and key not in self._held):
                continue
            low, high = max(since, start).isoformat(), until.isoformat()
            standing = {
                iso: record
                for iso, record in self._days(key).items()
                if len(record) > _PLAIN and low <= iso <= high
            }
            for record in standing.values():
                lines += record[_PLAIN]
                ids.update(record[_PLAIN + 1])
            if standing:
                self._standing[key] = standing
        if any(zlib.crc32(event.id.encode()) in ids for event in after):
            self._standing.clear()
            return None
        return lines

    def _valid(self, lines: list[bytes]) -> tuple[int, str] | None:
        """The prefix (length, hash) a saved summary covers when it may hold here, else None."""
        if not lines or lines[-1] != _seal(lines[:-1]):
            return None  # cut short, edited by hand or not one at all
        try:
            head = json.loads(lines[0])
            if head.get("v") != FORMAT or head.get("key") != self.key:
                return None
            length, digest = int(head["length"]), str(head["hash"])
            closed = date.fromisoformat(head["closed"])
            first = None if head["first"] is None else date.fromisoformat(head["first"])
        except (IndexError, KeyError, TypeError, ValueError, AttributeError, RecursionError):
            return None
        if not 0 <= length <= self._length or closed > self.closed:
            return None  # a shorter journal, or a clock set back before its closed days
        self._first = first
        return length, digest

    def _days(self, key: str) -> dict[str, list[Any]]:
        """The item's remembered days (its line read now, if it was not yet)."""
        found = self._held.get(key)
        if found is None:
            line = self._lines.pop(key, None)
            found = self._held[key] = {} if line is None else _days_of(line)
        return found

    def forget_touched(self, read: JournalRead) -> None:
        """Drop the remembered days of the events held in the prefix that a void after it
        takes back (``read``: the journal as read, kept for the lines of the days saved)."""
        self._read = read
        if self._voided_before:
            self._forget([event for event in read.events if event.id in self._voided_before])

    def first_entry(self, read: JournalRead) -> date | None:
        """The day of the journal's first entry: ``journal.first_day``, with the days of the
        lines not decoded (``_stand_in``)."""
        found = self._first_read = journal_first_day(read.events)
        if self._standing and self._first is not None:
            found = self._first if found is None else min(found, self._first)
        return found

    def standing_logged(self) -> tuple[int, int, int]:
        """How soon the standing days' doses were logged: within the hour, later that day,
        on a later day (``provenance.timing``)."""
        counts = [0, 0, 0]
        for days in self._standing.values():
            for record in days.values():
                for n, found in enumerate(record[_PLAIN + 2 :]):
                    counts[n] += found
        return counts[0], counts[1], counts[2]

    def standing_items(self) -> set[str]:
        """The items with a day the summary stands in for."""
        return set(self._standing)

    def recall(self, key: str) -> Recall:
        """``adherence.Recall`` for the item ``key``: a remembered day's figures."""

        standing = self._standing.get(key, {})

        def recalled(day: date, doses: Sequence[Event], skips: Sequence[Event]) -> ItemDay | None:
            if key not in self._done:
                self._done[key] = []  # item_days asks only when doses stay on their day
            held = self._days(key)
            if not held and not standing:  # nothing remembered (the first report): no lookup
                if not self._added and day <= self.closed:
                    self._added = True
                return None
            iso = day.isoformat()
            if iso in standing:
                return _standing_figures(day, standing[iso])
            record = held.pop(iso, None)
            figures = None if record is None else _figures(day, record, doses, skips)
            if figures is None and day <= self.closed:
                self._added = True
            return figures

        return recalled

    def remember(self, periods: Sequence[ItemPeriod]) -> None:
        """Keep the closed days of the periods' items whose doses count on their own days
        (those whose recall ``adherence.item_days`` asked: ``stays_on_its_day``), to save."""
        for period in periods:
            key = period.item.key
            if key in self._done:
                held = self._standing.get(key)
                closed = [f for f in period.days if f.day <= self.closed]
                self._done[key] = (
                    [f for f in closed if f.day.isoformat() not in held] if held else closed
                )

    def save(self) -> None:
        """Write the summary when this run worked out closed days it did not hold, or read
        more than ``REFRESH`` bytes past its prefix: once the report is out, in the
        background (``background``), line by line as they are made."""
        if self._length and (
            self._stale or self._added or len(self._tail) + len(self._rest) > REFRESH
        ):
            background.later(self.where.with_name(LOCK_NAME), self._write)

    def _write(self) -> None:
        """Write the summary (holding its lock: ``background``), and clear what a writer
        killed before it left."""
        derived.clear_leftovers(self.where)
        derived.save_text(self.where, self._sealed())

    def _sealed(self) -> Iterator[str]:
        """The summary's lines, then the seal of their bytes (``_seal``)."""
        hasher = hashlib.sha256()
        for line in self._text():
            hasher.update(line.encode())
            yield line
        yield _SEAL % hasher.hexdigest() + "\n"

    def _text(self) -> Iterator[str]:
        read = self._read
        lines_of: dict[str, int] = {}
        first = None if self._stale and not self._standing else self._first
        if read is not None:
            lines_of = dict(zip((event.id for event in read.events), read.numbers, strict=True))
            covered = (
                journal_first_day(read.events[:-1])  # all but a last line without its newline
                if read.numbers and read.numbers[-1] > self._count
                else self._first_read
            )
            first = covered if first is None else min(first, covered or first)
        head = {"v": FORMAT, "key": self.key, "length": self._length, "hash": self._digest,
                "closed": self.closed.isoformat(),
                "first": None if first is None else first.isoformat()}  # fmt: skip
        yield json.dumps(head, separators=_COMPACT) + "\n"
        early = set() if read is None else _early(read.events, self._starts)
        for key, line in self._lines.items():
            if key not in early:
                yield line.decode() + "\n"  # read as it was saved: written back the same
        doubled = set() if read is None else read.doubled
        for key in self._held.keys() | self._done.keys():
            days = self._days(key)
            del self._held[key]  # written: let its records go before the next item's are made
            if key in early:
                continue
            unit = self.units.get(key)
            texts = {iso: json.dumps(record, separators=_COMPACT) for iso, record in days.items()}
            texts |= {
                figures.day.isoformat(): _record_text(figures, unit, lines_of, doubled, self._count)
                for figures in self._done.get(key, ())
            }
            # json.dumps({"item": key, "for": its key, "days": records}), each record's
            # text made once
            yield "".join(
                (
                    _item_head(key, self.item_keys.get(key, "")),
                    ",".join([f'"{iso}":{text}' for iso, text in texts.items()]), "}}\n",
                )
            )  # fmt: skip


_SEAL = '{"seal":"%s"}'


def _early(events: Sequence[Event], starts: dict[str, date]) -> set[str]:
    """The items with a dose among ``events`` on either of the two days before their start
    (``starts``), voided or not: their doses may count on other days
    (``adherence.stays_on_its_day``), so the report then works out all their days from
    their doses and asks for none remembered (``recall``): the summary keeps no day of theirs
    and stands in for none."""
    return {
        event.item
        for event in events
        if event.type == "dose"
        and event.item in starts
        and 1 <= (starts[event.item] - event.day).days <= 2
    }


def _seal(lines: list[bytes]) -> bytes:
    """The last line of a summary whose other lines are ``lines``: a hash of their bytes."""
    hasher = hashlib.sha256()
    for line in lines:
        hasher.update(line)
        hasher.update(b"\n")
    return (_SEAL % hasher.hexdigest()).encode()


def _item_lines(lines: list[bytes], item_keys: dict[str, str]) -> dict[str, bytes]:
    """Each item's line of a saved summary, by its key (read from the line's start), when
    it was made for the item as it is now (``item_keys``): an item edited since, or gone,
    has its days worked out again, and the other items keep theirs."""
    found = {}
    for line in lines[1:]:
        start = line.find(b'"item":"')
        end = line.find(b'"', start + 8)
        if line.startswith(b"{") and start == 1 and end > 0:
            key = line[start + 8 : end].decode("utf-8", "replace")
            if key in item_keys and line.startswith(_item_head(key, item_keys[key]).encode()):
                found[key] = line
    return found


def _item_head(key: str, item_key: str) -> str:
    """How an item's line begins: its key, what its days were worked out for, its days."""
    return f'{{"item":{json.dumps(key)},"for":"{item_key}","days":{{'


def _days_of(line: bytes) -> dict[str, list[Any]]:
    """An item line's days; none when it cannot be read."""
    try:
        days = json.loads(line)["days"]
    except (ValueError, KeyError, TypeError, RecursionError):
        return {}
    return days if isinstance(days, dict) else {}


_CLOCKS: dict[str, tuple[time | None, ...]] = {"": ()}


def _clocks(text: str) -> tuple[time | None, ...]:
    """A day's slot times from their text ("08:00:00,20:00:00"; "-" for an untimed slot)."""
    found = _CLOCKS.get(text)
    if found is None:
        found = _CLOCKS[text] = tuple(
            None if part == "-" else time.fromisoformat(part) for part in text.split(",")
        )
    return found


def _figures(
    day: date, record: list[Any], doses: Sequence[Event], skips: Sequence[Event]
) -> ItemDay | None:
    """The day's figures from its record and its own doses and skips; None when they do not
    fit (a record that cannot be trusted for that day)."""
    try:
        clocks, states, answers, extra, total, verdict, out, expected, counted = record[:9]
        skipped, pending, timed, on_time, taken, skip_count = record[9:_PLAIN]
        if len(doses) != taken or len(skips) != skip_count:
            return None
        day_doses = in_time_order(tuple(doses))
        day_skips = in_time_order(tuple(skips))
        times = _clocks(clocks)
        slots = tuple(
            _new(
                Slot,
                (
                    times[n],
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


_SLOTS: dict[tuple[str, str], tuple[Slot, ...]] = {}
_TOTALS: dict[str, Decimal] = {}


def _standing_figures(day: date, record: list[Any]) -> ItemDay:
    """A standing day's figures from its record alone (``_stand_in``: every dose counted by
    a slot, no skip, nothing extra): counts, totals and slot states, without the doses."""
    clocks, states, _, _, total, verdict, out, expected, counted = record[:9]
    skipped, pending, timed, on_time, taken, _ = record[9:_PLAIN]
    slots = _SLOTS.get((clocks, states))
    if slots is None:
        times = _clocks(clocks)
        slots = _SLOTS[clocks, states] = tuple(
            _new(Slot, (times[n], _STATE_OF[letter], None, None)) for n, letter in enumerate(states)
        )
    amount = _TOTALS.get(total)
    if amount is None:
        amount = _TOTALS[total] = Decimal(total)
    return _new(
        ItemDay,
        (
            day, slots, (), (), (), amount, verdict, out, expected, taken, counted, skipped,
            expected - counted - skipped, pending, timed, on_time, (), (),
        ),
    )  # fmt: skip


def _record(
    figures: ItemDay, unit: str | None, lines_of: dict[str, int], doubled: set[str], covered: int
) -> list[Any]:
    """A closed day's figures as its record, each dose and skip by its place in the day.

    A day whose doses all stand on lines of the prefix (``covered`` lines) once each, each
    counted by a slot, in the item's unit and with no note, and with no skip, can stand in
    for those lines (``_stand_in``): its record goes on with their numbers, a hash of each
    dose's id, and how soon the doses were logged (``provenance.timing``)."""
    found = _base_record(figures)
    if figures.moved_out or figures.skip_events or figures.extra_doses or figures.moved_in:
        return found
    standing = _standing(figures.doses, unit, lines_of, doubled, covered)
    if standing is not None:
        found += standing
    return found


def _record_text(
    figures: ItemDay, unit: str | None, lines_of: dict[str, int], doubled: set[str], covered: int
) -> str:
    """``_record`` as JSON text (``json.dumps`` with ``_COMPACT``). The common day (each slot
    taken by the dose at its place, nothing else) shares the text of its record's first
    fields with every day alike (``_COMMON_TEXT``), and its doses' part is written straight
    from the numbers: a ten-year summary holds 36,500 such days. test_day_summary.py checks
    the text is the record's, day by day."""
    slots, doses = figures.slots, figures.doses
    if (
        not doses
        or len(doses) != len(slots)
        or figures.moved_out
        or figures.skip_events
        or figures.extra_doses
        or figures.moved_in
        or not all(map(is_, map(_THIRD, slots), doses))
    ):
        return json.dumps(_record(figures, unit, lines_of, doubled, covered), separators=_COMPACT)
    alike = (tuple(map(_FIRST, slots)), tuple(map(_SECOND, slots)), str(figures.total), figures[6:])
    text = _COMMON_TEXT.get(alike)
    if text is None:
        text = json.dumps(_base_record(figures), separators=_COMPACT)[:-1]
        if len(_COMMON_TEXT) < 1000:
            _COMMON_TEXT[alike] = text
    standing = _standing(doses, unit, lines_of, doubled, covered)
    if standing is None:
        return text + "]"
    numbers, hashes, within, same, later = standing
    return (
        f"{text},[{','.join(map(str, numbers))}],[{','.join(map(str, hashes))}],"
        f"{within},{same},{later}]"
    )


# The common day's record without its closing bracket, by what it is made of: its slot
# times and states, its total's text and its counts (every ItemDay field from day_verdict
# on; a common day has no moves, so these are numbers and a verdict).
_COMMON_TEXT: dict[tuple[Any, ...], str] = {}


def _standing(
    doses: tuple[Event, ...],
    unit: str | None,
    lines_of: dict[str, int],
    doubled: set[str],
    covered: int,
) -> tuple[list[int], list[int], int, int, int] | None:
    """What a day's record goes on with when it can stand in for its doses' lines (see
    ``_record``): their numbers, the hash of each id, how many were logged within the hour,
    later that day, on a later day; None when it cannot."""
    if not doses:
        return None
    ids = list(map(_ID, doses))
    numbers = list(map(lines_of.get, ids, repeat(0)))  # no line is numbered 0
    if 0 in numbers or max(numbers) > covered or (doubled and not doubled.isdisjoint(ids)):
        return None
    within = same = later = 0
    for dose in doses:
        if dose.note is not None or dose.unit != unit or dose.amount is None:
            return None
        if dose.logged_at - dose.at <= _HOUR:  # provenance.timing's first test, inline
            within += 1
        elif timing(dose) == "same_day":
            same += 1
        else:
            later += 1
    return numbers, [zlib.crc32(event_id.encode()) for event_id in ids], within, same, later


_HOUR = timedelta(hours=1)
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)
_ID = attrgetter("id")
_CLOCK_TEXT: dict[tuple[time | None, ...], str] = {}
_STATE_TEXT: dict[tuple[str, ...], str] = {}
_IN_ORDER = [list(range(size)) for size in range(25)]  # shared, never changed


def _base_record(figures: ItemDay) -> list[Any]:
    """A closed day's figures as its record, each dose and skip by its place in the day."""
    slots, doses = figures.slots, figures.doses
    times = tuple(map(_FIRST, slots))
    clocks = _CLOCK_TEXT.get(times)
    if clocks is None:
        clocks = _CLOCK_TEXT[times] = ",".join(
            "-" if clock is None else clock.isoformat() for clock in times
        )
    states = tuple(map(_SECOND, slots))
    letters = _STATE_TEXT.get(states)
    if letters is None:
        letters = _STATE_TEXT[states] = "".join(_STATES[state] for state in states)
    if len(doses) == len(slots) < len(_IN_ORDER) and all(map(is_, map(_THIRD, slots), doses)):
        answers = _IN_ORDER[len(slots)]  # the common day: each slot taken by the dose in order
    else:
        place = {id(dose): m for m, dose in enumerate(doses)}
        skip_place = {id(skip): m for m, skip in enumerate(figures.skip_events)}
        answers = [
            place[id(slot.dose)] if slot.dose is not None
            else skip_place[id(slot.skip)] if slot.skip is not None
            else -1
            for slot in slots
        ]  # fmt: skip
    extra = []
    if figures.extra_doses:
        place = {id(dose): m for m, dose in enumerate(doses)}
        extra = [place[id(dose)] for dose in figures.extra_doses]
    return [
        clocks, letters, answers, extra, str(figures.total),
        figures.day_verdict, figures.doses_out_of_range, figures.expected, figures.counted,
        figures.skipped, figures.pending, figures.timed, figures.on_time, figures.taken,
        len(figures.skip_events),
    ]  # fmt: skip


def _key(regimen: Regimen) -> str:
    """What every remembered figure depends on besides the journal and its own item: this
    medlog's code (the size and time of each of its files, which any upgrade or edit changes:
    cheaper than asking for its version), its catalog and the regimen as loaded but for its
    items (settings with the on-time window, profile, limits, allergies). Each item's line
    holds its own key (``_item_key``): an ``edit`` of one item works out that item's days
    again, not every item's."""
    package = Path(__file__).parent
    hasher = hashlib.sha256(f"{FORMAT}\n".encode())
    for path in [*sorted(package.rglob("*.py")), package / "data" / "catalog.toml"]:
        found = path.stat()
        hasher.update(f"{path.relative_to(package)} {found.st_size} {found.st_mtime_ns}\n".encode())
    hasher.update(repr(regimen._replace(items=())).encode())
    return hasher.hexdigest()


def _item_key(item: Item) -> str:
    """What an item's remembered days depend on in the regimen: the item as loaded (its
    regimen versions, range, strength, age bands), hashed."""
    return hashlib.sha256(repr(item).encode()).hexdigest()[:32]
