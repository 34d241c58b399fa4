"""``medlog export`` and ``medlog import``: the whole store as one document, and back.

An export holds settings, every item with every regimen version, and every
event including voids, by (``at``, id) with each void after what it voids: the same set of
events gives the same file whatever the order of the journal's lines. Import merges by
event id: an event already present is skipped, one whose id exists with other content is a
conflict, and a conflict or any fault in the file writes nothing.

Import trusts nothing in its file: it reads at most 256 MB of any kind of
file, and every item and event passes the rules medlog.toml and the journal
are read with (events.py, regimen_validator.py). Everything is checked before anything is
written; then the events are appended and medlog.toml replaced, and if either
step fails the journal is cut back to its old length (which needs no free
space), so the store is byte for byte as it was.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from medlog import events as line_format
from medlog import journal
from medlog.actions.facts import brought_up_to_date, made_again
from medlog.errors import BadInput
from medlog.migrations import CATALOG, SCHEMA
from medlog.model import Event, Regimen
from medlog.paths import expand
from medlog.questionnaires import item9_of
from medlog.ranges import dose_amount
from medlog.regimen_merge import Collision, Side, check_keep, unite
from medlog.regimen_toml import document_from_regimen
from medlog.regimen_validator import TOP_KEYS, regimen_from_document
from medlog.store import Store
from medlog.timeparse import FUTURE_TOLERANCE

EXPORT_SCHEMA = "medlog.export/1"
MAX_IMPORT_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Everything:
    """The whole store: regimen and every event in journal order (an export sorts them)."""

    regimen: Regimen
    events: list[Event]
    torn: bool = False


def gather(store: Store) -> Everything:
    """Everything in the store, for an export."""
    read = journal.read_all(store.journal_path)
    return Everything(store.load_regimen(), read.events, read.torn)


def export_document(everything: Everything) -> dict[str, Any]:
    """``medlog.export/1``: settings, items and allergies (as in medlog.toml) and every event.

    ``imported_at`` is this journal's own bookkeeping and is left out, so an
    export, imported elsewhere and exported again, gives the same document. A
    PHQ-9 also carries ``item9``, its answer to question 9, in a key of its own.
    """
    regimen = document_from_regimen(everything.regimen)
    return {
        "schema": EXPORT_SCHEMA,
        **({"catalog": regimen["catalog"]} if "catalog" in regimen else {}),
        "settings": regimen["settings"],
        "items": regimen["items"],
        "limits": regimen.get("limits", {}),
        "spacing": regimen.get("spacing", []),
        **({"profile": {"born": regimen["profile"]["born"]}} if "profile" in regimen else {}),
        "allergies": regimen.get("allergies", {}),
        "events": [
            line_format.document(event._replace(imported_at=None, stamp=None)) | _item9_key(event)
            for event in in_time_order(everything.events)
        ],
    }


def in_time_order(events: list[Event]) -> list[Event]:
    """``events`` by (``at``, id), each void after the event it voids (import wants it so)."""
    at = {event.id: event.at for event in events}

    def key(event: Event) -> tuple[datetime, int, str]:
        if event.type == "void" and event.ref in at:
            return max(event.at, at[event.ref]), 1, event.id
        return event.at, 0, event.id

    return sorted(events, key=key)


def _item9_key(event: Event) -> dict[str, int]:
    """``{"item9": answer}`` for a PHQ-9, else nothing."""
    answer = item9_of(event.checkin)
    return {} if answer is None else {"item9": answer}


@dataclass(frozen=True)
class Imported:
    """What an import added."""

    items_added: tuple[str, ...]
    events_added: int
    events_present: int
    settings_kept: bool
    allergies_added: tuple[str, ...] = ()


def import_file(
    store: Store, now: datetime, file_name: str, keep: Mapping[str, Side] | None = None
) -> Imported:
    """Merge an export file into the store; a bad file changes nothing, and so does one whose
    regimen collides with this store's unless ``keep`` chooses a side (``regimen_merge``)."""
    path = expand(file_name)
    incoming, events = _read_export(path, now)
    if (incoming.catalog or 0) < CATALOG:  # an export from an older medlog: judge it by ours
        items = brought_up_to_date(incoming.items, incoming.catalog or 0, now)
        incoming = incoming._replace(items=items)
    with store.locked():
        regimen = store.load_regimen()
        existing = journal.read_all(store.journal_path).events
        merged, added_items, kept = _merge_items(regimen, incoming, path, now, keep or {})
        new_events, present = _new_events(existing, events, path)
        check_references(merged, existing, new_events, path)
        tracked = with_supply(merged, [*existing, *new_events])
        save = tracked != regimen
        if new_events or save:
            store.commit(
                [event._replace(imported_at=now) for event in new_events],
                tracked if save else None,
            )
    if new_events:
        journal.reindex(store.journal_path)
    known = {allergy.key for allergy in regimen.allergies}
    allergies = tuple(allergy.name for allergy in merged.allergies if allergy.key not in known)
    return Imported(added_items, len(new_events), present, kept, allergies)


def _read_bounded(path: Path) -> bytes:
    """At most MAX_IMPORT_BYTES of any file (a FIFO, /dev/zero...), or bad input saying why."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise BadInput(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a directory; give the export file.") from None
    except OSError as error:
        raise BadInput(f"Cannot read {path}: {error.strerror}.") from None
    if stat.S_ISDIR(os.fstat(fd).st_mode):
        os.close(fd)
        raise BadInput(f"{path} is a directory; give the export file.")
    with os.fdopen(fd, "rb") as handle:
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        try:
            while size <= MAX_IMPORT_BYTES and (chunk := handle.read(1 << 20)):
                if not chunks and len(chunk) == 1 << 20 and not chunk.lstrip().startswith(b"{"):
                    # A big file that does not start like an export (/dev/zero, a video...)
                    raise BadInput(f"{path.name} is not JSON, so not a medlog export.")
                chunks.append(chunk)
                size += len(chunk)
        except OSError as error:
            raise BadInput(f"Cannot read {path}: {error.strerror}.") from None
    if size > MAX_IMPORT_BYTES:
        raise BadInput(f"{path.name} is larger than 256 MB; that is not a medlog export.")
    return b"".join(chunks)


def _read_export(path: Path, now: datetime) -> tuple[Regimen, list[Event]]:
    name = path.name
    try:
        document = json.loads(_read_bounded(path).decode("utf-8"))
    except UnicodeDecodeError:
        raise BadInput(f"{name} is not UTF-8 text; it is not a medlog export.") from None
    except RecursionError:
        raise BadInput(f"{name} nests too deeply to be a medlog export.") from None
    except json.JSONDecodeError as error:
        raise BadInput(
            f"{name} is not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno}); it is not a medlog export."
        ) from None
    except ValueError:  # an integer of more than 4300 digits
        raise BadInput(f"{name} holds a number too long to be medlog's.") from None
    if not isinstance(document, dict) or document.get("schema") != EXPORT_SCHEMA:
        hint = ""
        if isinstance(document, dict) and isinstance(document.get("resourceType"), str):
            hint = " It looks like FHIR, which medlog writes for other systems but does not read."
        raise BadInput(
            f'{name} is not a medlog export (it has no "schema": "{EXPORT_SCHEMA}").{hint} '
            "medlog imports the files that medlog export --format json writes."
        )
    for key, kind in (("settings", dict), ("items", dict), ("events", list)):
        if not isinstance(document.get(key), kind):
            raise BadInput(f"{name}: '{key}' is missing or of the wrong kind.")
    unknown = sorted(set(document) - TOP_KEYS - {"events"})
    if unknown:
        raise BadInput(f"{name}: unknown key {unknown[0]!r}; it is not a medlog export.")
    regimen = regimen_from_document(
        {"schema": SCHEMA}
        | {key: document[key] for key in TOP_KEYS - {"schema"} if key in document},
        path,
        BadInput,
    )
    return regimen, [
        _event(raw, number, name, now) for number, raw in enumerate(document["events"], start=1)
    ]


def _event(raw: Any, number: int, name: str, now: datetime) -> Event:
    """Event ``number`` of the file, checked as the journal's lines are, and not from the
    future: neither when it happened nor when it was logged, nor dated after its logging.
    A check-in's ``item9`` (written by export) must be its answer to PHQ-9 question 9."""
    copied = isinstance(raw, dict) and raw.get("type") == "checkin" and "item9" in raw
    if copied:
        raw = dict(raw)
        shown = raw.pop("item9")
    try:
        event = line_format.from_document(raw, stored=False)
    except ValueError as error:
        raise BadInput(f"{name}: event {number}: {error}. Nothing was imported.") from None
    if copied and (type(shown) is not int or _item9_key(event) != {"item9": shown}):
        raise BadInput(
            f"{name}: event {number}: 'item9' is not the PHQ-9's answer to question 9. "
            "Nothing was imported."
        )
    check_times(event, f"{name}: event {number}", now)
    return event


def _merge_items(
    regimen: Regimen, incoming: Regimen, path: Path, now: datetime, keep: Mapping[str, Side]
) -> tuple[Regimen, tuple[str, ...], bool]:
    """The two regimens as one, by ``regimen_merge``'s rule (a collision the person has not
    chosen a side for is refused, naming how to choose). Limits and catalog spacing rules are
    never taken from the file: they are made again from this medlog's catalog, as ``add``
    makes them."""
    check_keep(keep, (regimen, incoming), "import")
    united = unite(regimen, incoming, keep)
    if united.collisions:
        raise BadInput(collisions_text(united.collisions, path.name, "import"))
    added = tuple(item.key for item in incoming.items if regimen.get(item.key) is None)
    kept = bool(regimen.items) and incoming.settings != united.regimen.settings
    return made_again(regimen, united.regimen, now), added, kept


def collisions_text(found: Sequence[Collision], name: str, command: str) -> str:
    """What differs between this store and the copy ``name``, and how to choose a side."""
    listed = "; ".join(f"{collision.name}: {collision.how}" for collision in found)
    return (
        f"This store and {name} differ ({listed}); nothing was changed. Choose a side: "
        f"medlog {command} ... --keep mine (this store's) or --keep theirs, or for one of "
        f"them --keep {found[0].key}=theirs."
    )


def with_supply(regimen: Regimen, events: list[Event]) -> Regimen:
    """The regimen with ``supply_since`` on each item ``events`` hold fills or counts for (what
    an import or a merge leaves in the journal: its first fills may come from the other
    device): the day of the earliest of them when that is earlier (or the item had none),
    whatever order they are in. Each fill's recorded ``on_hand`` is kept as it came: no
    figure reads it (supply.py)."""
    first: dict[str, date] = {}
    for event in journal.live(events):
        if event.type == "fill" and event.item is not None:
            first[event.item] = min(event.day, first.get(event.item, event.day))
    return regimen._replace(
        items=tuple(
            item._replace(supply_since=first[item.key])
            if item.key in first
            and (item.supply_since is None or first[item.key] < item.supply_since)
            else item
            for item in regimen.items
        )
    )


def _new_events(existing: list[Event], events: list[Event], path: Path) -> tuple[list[Event], int]:
    known = {event.id: journal.comparable(event) for event in existing}
    new: list[Event] = []
    seen: dict[str, Event] = {}
    present = 0
    for event in events:
        comparable = journal.comparable(event)
        earlier = known.get(event.id) or seen.get(event.id)
        if earlier is None:
            seen[event.id] = comparable
            new.append(event)
        elif earlier == comparable:
            present += event.id in known
        else:
            raise BadInput(
                f"Event {event.id} in {path.name} has the same id as an event here but "
                "different content; nothing was imported."
            )
    return new, present


def check_times(event: Event, which: str, now: datetime, verb: str = "imported") -> None:
    """Bad input unless ``event`` is from the past: neither when it happened nor when it
    was logged in the future, nor dated after its logging (``which``: how to name it)."""
    latest = max(event.at, event.logged_at)
    if latest - now > FUTURE_TOLERANCE:
        said = "happened" if latest == event.at else "was logged"
        raise BadInput(
            f"{which} {said} at {latest:%Y-%m-%d %H:%M}, in the future "
            f"(it is now {now:%Y-%m-%d %H:%M} here); nothing was {verb}."
        )
    if event.at - event.logged_at > FUTURE_TOLERANCE:
        raise BadInput(
            f"{which} is dated {event.at:%Y-%m-%d %H:%M}, after it was "
            f"logged ({event.logged_at:%Y-%m-%d %H:%M}); medlog logs what already "
            f"happened. Nothing was {verb}."
        )


def check_references(
    regimen: Regimen,
    existing: list[Event],
    new: list[Event],
    path: Path | Mapping[str, Path],
    verb: str = "imported",
) -> None:
    """Bad input unless every new void voids, once, an event of the store or the file that
    comes before it and is not a void, and every new event's item is in the regimen.

    ``path`` is the file the new events come from, or each new event's file by id (merge's
    several copies): a message names the file that holds the event it is about."""

    def source(event: Event) -> str:
        found = path.get(event.id) if isinstance(path, Mapping) else path
        return found.name if found is not None else "a copy"

    by_id = {event.id: event for event in existing} | {event.id: event for event in new}
    voided_by: dict[str, Event | None] = dict.fromkeys(journal.voided_ids(existing))
    place = {event.id: n for n, event in enumerate(new)}
    for n, event in enumerate(new):
        where = source(event)
        if event.type == "void":
            if place.get(event.ref or "", -1) > n:
                raise BadInput(
                    f"Void {event.id} in {where} comes before {event.ref}, the event it "
                    f"voids; medlog writes a correction after what it corrects. Nothing was "
                    f"{verb}."
                )
            target = by_id.get(event.ref or "")
            if target is None:
                raise BadInput(
                    f"Void {event.id} in {where} refers to {event.ref}, which "
                    f"is in neither the store nor the file; nothing was {verb}."
                )
            if target.type == "void":
                raise BadInput(
                    f"Void {event.id} in {where} voids another void ({event.ref}); "
                    f"a correction cannot be undone. Nothing was {verb}."
                )
            if target.id in voided_by:
                first = voided_by[target.id]
                by = "in this store" if first is None else f"by void {first.id} in {source(first)}"
                raise BadInput(
                    f"Void {event.id} in {where} voids {event.ref}, which is already "
                    f"voided {by}; nothing was {verb}."
                )
            voided_by[target.id] = event
            continue
        if event.item is None:
            continue
        item = regimen.get(event.item)
        if item is None:
            raise BadInput(
                f"Event {event.id} in {where} is for {event.item!r}, which is "
                f"in neither the store nor the file; nothing was {verb}."
            )
        if event.type == "fill" and event.unit != item.unit:
            raise BadInput(
                f"Fill {event.id} in {where} is in {event.unit}, not {item.name}'s unit "
                f"({item.unit}); nothing was {verb}."
            )
        if event.type == "dose" and dose_amount(item, event) is None:
            raise BadInput(
                f"Dose {event.id} in {where} is in {event.unit}, which does not "
                f"convert to {item.name}'s unit ({item.unit}); nothing was {verb}."
            )
