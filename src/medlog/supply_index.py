"""A per-machine checkpoint of each supply-tracked item's figures, so that ``today``, ``due``,
``fill`` and ``supply`` read only the last days of a long journal and still follow the
time-ordered definition of on hand (supply.py) for any journal a person or a tool produces.

The checkpoint holds, for a moment a week or two back (``cutoff``), each item's ``Start``:
what the live events before that moment add up to. A figure at a later time is that start
plus the live events from the cutoff on, which the journal's stamp index finds at the end of
the file (``journal.read_recent``; every line's stamp is at least its ``at``). The start is
trusted only while nothing could have changed it, else the whole journal is read again:

- it covers a prefix of the journal, known by its length and the hashes of its ends, as
  the stamp index does: a rewritten or replaced file (a union merge, a hand edit) rebuilds it;
- every line appended since is read: a dose, fill or void dated before the cutoff rebuilds it,
  and so does a void, from the cutoff on, of an event before it that the checkpoint has not
  seen voided (an undo of an old dose), or a change to the item in medlog.toml (a strength);
- a checkpoint more than ``STALE_DAYS`` before the moment asked about moves forward by the
  events since, without a rebuild; one after that moment is rebuilt for it.

Like every derived file it lives outside the store (``derived.py``); deleting it never changes
a figure. ``tests/unit/test_supply_index.py`` holds it to the definition over the whole
journal.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from medlog import derived, journal
from medlog import events as line_format
from medlog.errors import StoreProblem
from medlog.model import Event, Item
from medlog.supply import Start, advanced, continues, last_fill, on_hand, start_before

CHECKPOINT_NAME = "supply-checkpoint.json"
VERSION = 1
BACK_DAYS = 7  # a new checkpoint's cutoff: this many days before the moment asked about
STALE_DAYS = 14  # a checkpoint further back than this from the moment is moved forward
REFRESH = 64 * 1024  # bytes appended since the checkpoint after which it is saved again


class Figures(NamedTuple):
    """An item's on hand at a moment, and its latest fill that is not a count."""

    on_hand: Decimal | None
    last_fill: Event | None


class Checkpoint(NamedTuple):
    length: int
    head: str
    tail: str
    cutoff: datetime
    items: dict[str, tuple[str, Start]]  # key -> (the item's fingerprint, its start)
    settled: frozenset[str]  # voids from the cutoff on of events before it, already applied
    early: frozenset[str]  # events from the cutoff on voided by a void before it


class Query(NamedTuple):
    """Figures at ``until``, with ``extra`` events (a fill about to be appended) taken as
    if they were in the journal."""

    until: datetime
    extra: Sequence[Event] = ()


class Reading(NamedTuple):
    """What ``answers`` read: each query's figures for each item, whether a torn last line
    was ignored, and the journal's live events it read, each from ``since`` on (None: the
    whole journal); ``events`` is None when it read nothing."""

    figures: list[dict[str, Figures]]
    torn: bool
    events: list[Event] | None
    since: datetime | None


def figures(
    path: Path, items: Sequence[Item], until: datetime, extra: Sequence[Event] = ()
) -> tuple[dict[str, Figures], bool]:
    """Each item's figures at ``until`` (``Query``), and whether a torn last line was
    ignored. Pass every item with a supply, so that one checkpoint serves them all."""
    found = answers(path, items, [Query(until, extra)])
    return found.figures[0], found.torn


def answers(
    path: Path, items: Sequence[Item], queries: Sequence[Query], wanted: str | None = None
) -> Reading:
    """Each query's figures for each item, or for the item ``wanted`` alone (the others only
    keep the checkpoint whole), from one reading (``Reading``)."""
    if not items or not queries:
        return Reading([{} for _ in queries], False, None, None)
    where = derived.folder(path.parent, "state") / CHECKPOINT_NAME
    earliest = min(query.until for query in queries)
    extra = [event for query in queries for event in query.extra]
    complete = _complete(path)
    checked = _checked(path, _load(derived.load(where)), items, earliest, complete)
    live = None
    if checked is not None:
        checkpoint, window, torn = checked
        live = _live(window, checkpoint)
        if live is not None and not all(
            continues(item, checkpoint.items[item.key][1], [*live, *journal.live(extra)])
            for item in items
        ):
            live = None
    if checked is None or live is None:
        whole = journal.read_all(path)
        torn = whole.torn
        built = _build(path, items, whole.events, _cutoff(earliest), complete)
        if built is not None:
            derived.save(where, _document(built))
        events = journal.live(whole.events)
        since = None
        starts: dict[str, Start | None] = {item.key: None for item in items}
    else:
        if (earliest - checkpoint.cutoff).days > STALE_DAYS or (
            complete - checkpoint.length > REFRESH
        ):
            moved = _moved(checkpoint, items, window, live, earliest, complete, path)
            if moved is not None:
                derived.save(where, _document(moved))
        events, since = live, checkpoint.cutoff
        starts = {item.key: checkpoint.items[item.key][1] for item in items}
    found = []
    asked = [item for item in items if wanted is None or item.key == wanted]
    for query in queries:
        these = [*events, *journal.live(query.extra)]
        found.append({item.key: _figures(item, these, query.until, starts[item.key])
                      for item in asked})  # fmt: skip
    return Reading(found, torn, events, since)


def _figures(item: Item, events: list[Event], until: datetime, start: Start | None) -> Figures:
    mine = [event for event in events if event.item == item.key]
    earlier = [] if start is None or start.last_fill is None else [start.last_fill]
    return Figures(on_hand(item, mine, until, start), last_fill([*mine, *earlier], until))


def _cutoff(until: datetime) -> datetime:
    """A new checkpoint's moment: ``BACK_DAYS`` before ``until``, on the minute."""
    return (until - timedelta(days=BACK_DAYS)).replace(second=0, microsecond=0)


def fingerprint(item: Item) -> str:
    """What the figures of an item depend on in medlog.toml (a strength, a form), hashed."""
    return derived.digest(repr(item._replace(supply_since=None)).encode())


def _complete(path: Path) -> int:
    """Where the journal's last complete line ends (0 without a journal)."""
    try:
        fd = journal.open_regular(path)
    except FileNotFoundError:
        return 0
    try:
        return journal.complete_end(fd)
    finally:
        os.close(fd)


def _checked(
    path: Path, known: Checkpoint | None, items: Sequence[Item], until: datetime, complete: int
) -> tuple[Checkpoint, list[Event], bool] | None:
    """The checkpoint, the events from its cutoff on and whether the last line was torn;
    None when the checkpoint cannot be trusted for these items at ``until``."""
    if known is None or known.cutoff > until or known.length > complete:
        return None
    for item in items:
        held = known.items.get(item.key)
        if held is None or held[0] != fingerprint(item):
            return None
    from medlog.journal_index import edges

    try:
        fd = journal.open_regular(path)
    except FileNotFoundError:
        return None
    try:
        if edges(fd, known.length) != (known.head, known.tail):
            return None
        appended = os.pread(fd, complete - known.length, known.length)
    finally:
        os.close(fd)
    for line in appended.split(b"\n"):
        if not line.strip():
            continue
        try:
            event = line_format.decode(line, path, 0)
        except StoreProblem:
            return None  # the readers below name it
        if event.type in ("dose", "fill", "void") and event.at < known.cutoff:
            return None
    recent = journal.read_recent(path, known.cutoff)
    window = [event for event in recent.events if event.at >= known.cutoff]
    return known, window, recent.torn


def _live(window: list[Event], checkpoint: Checkpoint) -> list[Event] | None:
    """The live events from the cutoff on; None when a void among them takes back an event
    before the cutoff that the checkpoint did not know was voided."""
    ids = {event.id for event in window}
    voided = set(checkpoint.early)
    for event in window:
        if event.type == "void" and event.ref is not None:
            if event.ref not in ids and event.id not in checkpoint.settled:
                return None
            voided.add(event.ref)
    return [event for event in window if event.type != "void" and event.id not in voided]


def _build(
    path: Path, items: Sequence[Item], events: list[Event], cutoff: datetime, complete: int
) -> Checkpoint | None:
    """A checkpoint at ``cutoff`` from every event of the journal's ``complete`` bytes."""
    settled: set[str] = set()
    early: set[str] = set()
    _voids_across(events, cutoff, settled, early)
    live = journal.live(events)
    starts = {item.key: (fingerprint(item), start_before(item, live, cutoff)) for item in items}
    return _checkpoint(path, complete, cutoff, starts, settled, early)


def _moved(
    checkpoint: Checkpoint,
    items: Sequence[Item],
    window: list[Event],
    live: list[Event],
    until: datetime,
    complete: int,
    path: Path,
) -> Checkpoint | None:
    """The checkpoint moved forward to a new cutoff before ``until`` (never back) and on to
    the journal's ``complete`` bytes, by the events since its own cutoff (``window``, voids
    included; ``live``, those that stand)."""
    cutoff = max(_cutoff(until), checkpoint.cutoff)
    starts = {}
    for item in items:
        mark, start = checkpoint.items[item.key]
        starts[item.key] = (mark, advanced(item, start, live, cutoff))
    at = {event.id: event.at for event in window}
    settled = set(checkpoint.settled)
    early = {ref for ref in checkpoint.early if ref in at and at[ref] >= cutoff}
    _voids_across(window, cutoff, settled, early)
    return _checkpoint(path, complete, cutoff, starts, settled, early)


def _voids_across(
    events: list[Event], cutoff: datetime, settled: set[str], early: set[str]
) -> None:
    """Note the voids that straddle ``cutoff``: one after it of an event before it goes in
    ``settled`` (the void's id), one before it of an event after it in ``early`` (the
    voided event's id)."""
    at = {event.id: event.at for event in events}
    for event in events:
        if event.type != "void" or event.ref not in at:
            continue
        if event.at >= cutoff > at[event.ref]:
            settled.add(event.id)
        elif event.at < cutoff <= at[event.ref]:
            early.add(event.ref)


def _checkpoint(
    path: Path,
    complete: int,
    cutoff: datetime,
    starts: dict[str, tuple[str, Start]],
    settled: set[str],
    early: set[str],
) -> Checkpoint | None:
    """The checkpoint, tied to the journal's first ``complete`` bytes by their edges; None
    when the journal is gone."""
    from medlog.journal_index import edges

    try:
        fd = journal.open_regular(path)
    except FileNotFoundError:
        return None
    try:
        head, tail = edges(fd, complete)
    finally:
        os.close(fd)
    return Checkpoint(complete, head, tail, cutoff, starts, frozenset(settled), frozenset(early))


def _document(checkpoint: Checkpoint) -> dict[str, Any]:
    return {
        "v": VERSION,
        "length": checkpoint.length,
        "head": checkpoint.head,
        "tail": checkpoint.tail,
        "cutoff": checkpoint.cutoff.isoformat(),
        "items": {
            key: [mark, *_start_document(start)] for key, (mark, start) in checkpoint.items.items()
        },
        "settled": sorted(checkpoint.settled),
        "early": sorted(checkpoint.early),
    }


def _start_document(start: Start) -> list[Any]:
    return [
        None if start.on_hand is None else str(start.on_hand),
        None if start.first is None else start.first.isoformat(),
        None if start.untracked is None else start.untracked.isoformat(),
        None if start.last_fill is None else line_format.encode(start.last_fill),
    ]


def _load(raw: object) -> Checkpoint | None:
    """The saved checkpoint, or None when there is none or it cannot be read."""
    if not isinstance(raw, dict) or raw.get("v") != VERSION:
        return None
    try:
        items = {
            str(key): (str(mark), _start(held)) for key, (mark, *held) in dict(raw["items"]).items()
        }
        return Checkpoint(
            int(raw["length"]), str(raw["head"]), str(raw["tail"]),
            datetime.fromisoformat(raw["cutoff"]), items,
            frozenset(map(str, raw["settled"])), frozenset(map(str, raw["early"])),
        )  # fmt: skip
    except (KeyError, TypeError, ValueError, StoreProblem, json.JSONDecodeError):
        return None


def _start(held: list[Any]) -> Start:
    amount, first, untracked, fill = held
    return Start(
        None if amount is None else Decimal(amount),
        None if first is None else date.fromisoformat(first),
        None if untracked is None else date.fromisoformat(untracked),
        None if fill is None else line_format.decode(fill.encode(), Path(CHECKPOINT_NAME), 0),
    )
