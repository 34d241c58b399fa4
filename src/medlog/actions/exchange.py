"""``medlog export`` and ``medlog import``: the whole store as one document, and back.

An export holds settings, every item with every regimen version, and every
event including voids, in journal order. Import merges by event id: an event
already present is skipped, one whose id exists with other content is a
conflict, and a conflict or any fault in the file writes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from medlog import journal
from medlog.errors import BadInput
from medlog.model import Event, Regimen, Settings
from medlog.ranges import dose_amount
from medlog.store import Store, document_from_regimen, regimen_from_document

EXPORT_SCHEMA = "medlog.export/1"
MAX_IMPORT_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Everything:
    """The whole store: regimen and every event in journal order."""

    regimen: Regimen
    events: list[Event]
    torn: bool = False


def gather(store: Store) -> Everything:
    """Everything in the store, for an export."""
    read = journal.read_all(store.journal_path)
    return Everything(store.load_regimen(), read.events, read.torn)


def export_document(everything: Everything) -> dict[str, Any]:
    """``medlog.export/1``: settings, items (as in medlog.toml) and every event.

    ``imported_at`` is this journal's own bookkeeping and is left out, so an
    export, imported elsewhere and exported again, gives the same document.
    """
    regimen = document_from_regimen(everything.regimen)
    return {
        "schema": EXPORT_SCHEMA,
        "settings": regimen["settings"],
        "items": regimen["items"],
        "events": [
            journal.event_document(event._replace(imported_at=None)) for event in everything.events
        ],
    }


@dataclass(frozen=True)
class Imported:
    """What an import added."""

    items_added: tuple[str, ...]
    events_added: int
    events_present: int
    settings_kept: bool


def import_file(store: Store, now: datetime, file_name: str) -> Imported:
    """Merge an export file into the store; bad or conflicting files change nothing."""
    path = Path(file_name).expanduser()
    incoming, events = _read_export(path)
    with store.locked():
        regimen = store.load_regimen()
        existing = journal.read_all(store.journal_path).events
        merged, added_items, kept = _merge_items(regimen, incoming, path)
        new_events, present = _new_events(existing, events, path)
        _check_references(merged, existing, new_events, path)
        if added_items or (not regimen.items and merged.settings != regimen.settings):
            store.save_regimen(merged)
        if new_events:
            store.append([event._replace(imported_at=now) for event in new_events])
    return Imported(added_items, len(new_events), present, kept)


def _read_export(path: Path) -> tuple[Regimen, list[Event]]:
    name = path.name
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise BadInput(f"{name} is larger than 256 MB; that is not a medlog export.")
        document = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise BadInput(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a directory; give the export file.") from None
    except OSError as error:
        raise BadInput(f"Cannot read {path}: {error.strerror}.") from None
    except UnicodeDecodeError:
        raise BadInput(f"{name} is not UTF-8 text; it is not a medlog export.") from None
    except json.JSONDecodeError as error:
        raise BadInput(
            f"{name} is not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno}); it is not a medlog export."
        ) from None
    if not isinstance(document, dict) or document.get("schema") != EXPORT_SCHEMA:
        found = document.get("schema") if isinstance(document, dict) else None
        raise BadInput(
            f"{name} is not a {EXPORT_SCHEMA} document (its schema is "
            f"{found!r}); make it with: medlog export --format json."
        )
    for key, kind in (("settings", dict), ("items", dict), ("events", list)):
        if not isinstance(document.get(key), kind):
            raise BadInput(f"{name}: '{key}' is missing or of the wrong kind.")
    regimen = regimen_from_document(
        {"schema": 1, "settings": document["settings"], "items": document["items"]},
        path,
        BadInput,
    )
    events = []
    for number, raw in enumerate(document["events"], start=1):
        try:
            events.append(journal.event_from_document(raw))
        except ValueError as error:
            raise BadInput(f"{name}: event {number}: {error}. Nothing was imported.") from None
    return regimen, events


def _merge_items(
    regimen: Regimen, incoming: Regimen, path: Path
) -> tuple[Regimen, tuple[str, ...], bool]:
    added = []
    for item in incoming.items:
        mine = regimen.get(item.key)
        if mine is None:
            added.append(item)
        elif mine != item:
            raise BadInput(
                f"{item.name} ({item.key}) differs between this store and {path.name} (its "
                "regimen, range, unit or strength); nothing was imported. Make them match "
                "with medlog edit, then import again."
            )
    fresh = not regimen.items
    settings: Settings = incoming.settings if fresh else regimen.settings
    kept = not fresh and incoming.settings != regimen.settings
    merged = regimen._replace(settings=settings, items=(*regimen.items, *added))
    return merged, tuple(item.key for item in added), kept


def _comparable(event: Event) -> Event:
    return event._replace(imported_at=None)


def _new_events(existing: list[Event], events: list[Event], path: Path) -> tuple[list[Event], int]:
    known = {event.id: _comparable(event) for event in existing}
    new: list[Event] = []
    seen: dict[str, Event] = {}
    present = 0
    for event in events:
        comparable = _comparable(event)
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


def _check_references(
    regimen: Regimen, existing: list[Event], new: list[Event], path: Path
) -> None:
    ids = {event.id for event in existing} | {event.id for event in new}
    for event in new:
        if event.type == "void":
            if event.ref not in ids:
                raise BadInput(
                    f"Void {event.id} in {path.name} refers to {event.ref}, which "
                    "is in neither the store nor the file; nothing was imported."
                )
            continue
        item = regimen.get(event.item or "")
        if item is None:
            raise BadInput(
                f"Event {event.id} in {path.name} is for {event.item!r}, which is "
                "in neither the store nor the file; nothing was imported."
            )
        if event.type == "dose" and dose_amount(item, event) is None:
            raise BadInput(
                f"Dose {event.id} in {path.name} is in {event.unit}, which does not "
                f"convert to {item.name}'s unit ({item.unit}); nothing was imported."
            )
