"""``medlog merge``: another device's journal and medlog.toml, left by a sync tool as conflict
copies (or by git as conflict markers), absorbed into this store, all or nothing.

Events are a set: those of the copies not yet here are added (an event held by both is
one event; one id with two contents stops the merge). Regimens are united by
``regimen_merge``'s rule ("mine" is this store's medlog.toml, "theirs" the copy). The order
of writes, and what a crash leaves: git's markers are taken out of the journal first (one
atomic rewrite that keeps every line of both sides), then the new events and the united
medlog.toml are written as one commit (``Store.commit``: a crash is rolled back by the next
command), and only then are the absorbed copies moved into the store's ``merged/`` folder;
a merge cut short before that finds the same copies again, and adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from medlog import conflicts, journal
from medlog.actions.exchange import (
    check_references,
    check_times,
    collisions_text,
    with_supply,
)
from medlog.actions.facts import made_again
from medlog.durable import DIR_MODE, write_atomically
from medlog.errors import BadInput, StoreProblem
from medlog.model import Event, Regimen
from medlog.paths import expand
from medlog.regimen_merge import Side, check_keep, unite
from medlog.regimen_toml import regimen_from_text
from medlog.store import Store

MERGED_FOLDER = "merged"


class Merged(NamedTuple):
    """What a merge absorbed: the copies (now in ``moved_to``), the events added and already
    here, and a sentence per change to the regimen."""

    files: tuple[Path, ...]
    events_added: int
    events_present: int
    changes: tuple[str, ...]
    moved_to: Path | None


def merge(store: Store, now: datetime, names: Sequence[str], keep: Mapping[str, Side]) -> Merged:
    """Absorb the files named (default: every conflict copy beside the store, and git's
    markers in its own files) into the store."""
    with store.locked():
        marked = [path for path in (store.journal_path, store.config_path) if _marked(path)]
        files = [expand(name) for name in names] or [
            copy.path for copy in conflicts.copies(store.home)
        ]
        if not files and not marked:
            raise BadInput(
                f"There is nothing to merge: no conflict copy is beside {store.home}, and its "
                "files hold no conflict markers. Name a copy: medlog merge FILE."
            )
        mine, theirs = _regimens(store, files)
        check_keep(keep, [mine, *(other for other, _ in theirs)], "merge")
        added_by_markers = _unmark_journal(store) if store.journal_path in marked else 0
        existing = journal.read_all(store.journal_path).events
        origins: dict[str, Path] = {}
        incoming = []
        for path in files:
            if _is_journal(path):
                for event in _events(path):
                    origins.setdefault(event.id, path)
                    incoming.append(event)
        united = mine
        changes: list[str] = []
        for other, path in theirs:
            result = unite(united, other, keep)
            if result.collisions:
                raise BadInput(collisions_text(result.collisions, path.name, "merge"))
            united = result.regimen
            changes += result.changes
        new, present = _new_events(existing, incoming, united)
        for event in new:  # what import refuses, merge refuses: the same rules
            check_times(event, f"Event {event.id} of a copy", now, "merged")
        check_references(united, existing, new, origins, "merged")
        united = with_supply(united, [*existing, *new])
        regimen = made_again(mine, united, now) if united != mine else None
        if new or regimen is not None or store.config_path in marked:
            store.commit(new, regimen if regimen is not None else united)
        moved = _move_aside(store.home, [path for path in files if path.parent == store.home])
    journal.reindex(store.journal_path)
    return Merged(tuple(files), len(new) + added_by_markers, present, tuple(changes), moved)


def _marked(path: Path) -> bool:
    try:
        return conflicts.has_markers(path.read_bytes())
    except OSError:
        return False


def _is_journal(path: Path) -> bool:
    return path.name.endswith((".jsonl", ".jsonl.orig"))


def _unmark_journal(store: Store) -> int:
    """Take git's markers out of journal.jsonl, keeping every line of both sides (an event
    on both is one event when read); returns how many lines only the other side held."""
    data = store.journal_path.read_bytes()
    mine, theirs = conflicts.sides(data)
    mine_lines = mine.splitlines(keepends=True)
    known = set(mine_lines)
    added = [line for line in theirs.splitlines(keepends=True) if line not in known]
    body = b"".join(mine_lines + added)
    if body and not body.endswith(b"\n"):
        body += b"\n"
    write_atomically(store.journal_path, body)
    store.wrote = True
    return len(added)


def _regimens(store: Store, files: Sequence[Path]) -> tuple[Regimen, list[tuple[Regimen, Path]]]:
    """This store's regimen ("mine") and each other copy of it ("theirs"): the regimen copies
    named, and the other side of git's markers in medlog.toml."""
    theirs = []
    if store.config_path.exists() and _marked(store.config_path):
        mine_text, their_text = conflicts.sides(store.config_path.read_bytes())
        mine = _regimen(mine_text, store.config_path)
        theirs.append((_regimen(their_text, store.config_path), store.config_path))
    else:
        mine = store.load_regimen()
    for path in files:
        if not _is_journal(path):
            theirs.append((_regimen(_read(path), path), path))
    return mine, theirs


def _regimen(raw: bytes, path: Path) -> Regimen:
    try:
        return regimen_from_text(raw, path)
    except StoreProblem as problem:
        raise BadInput(f"{problem.message} Nothing was merged.") from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise BadInput(f"Cannot read {path}: {error.strerror or error}.") from None


def _events(path: Path) -> list[Event]:
    """The events of a journal copy, read by the rules journal.jsonl is read with."""
    if not path.is_file():
        raise BadInput(f"{path} is not a file medlog can read; nothing was merged.")
    try:
        return journal.read_all(path).events
    except StoreProblem as problem:
        raise BadInput(f"{problem.message} Nothing was merged.") from None


def _new_events(
    existing: list[Event], incoming: list[Event], regimen: Regimen
) -> tuple[list[Event], int]:
    """The incoming events not here yet (each once), and how many were here already."""
    known = {event.id: journal.comparable(event) for event in existing}
    new: dict[str, Event] = {}
    present = 0
    for event in incoming:
        held = known.get(event.id) or (
            journal.comparable(new[event.id]) if event.id in new else None
        )
        if held is None:
            new[event.id] = event
        elif held != journal.comparable(event):
            raise BadInput(
                f"Event {event.id} is in this store and in a copy with different contents; "
                "nothing was merged. medlog check names the lines."
            )
        else:
            present += event.id in known
    unknown = sorted({e.item for e in new.values() if e.item and regimen.get(e.item) is None})
    if unknown:
        raise BadInput(
            f"The copies hold events for {', '.join(unknown)}, which no medlog.toml here or "
            "among the copies has; merge that device's medlog.toml copy too. Nothing was merged."
        )
    return list(new.values()), present


def _move_aside(home: Path, files: Sequence[Path]) -> Path | None:
    """Move the absorbed copies into the store's ``merged/`` folder (never over a file)."""
    if not files:
        return None
    folder = home / MERGED_FOLDER
    folder.mkdir(mode=DIR_MODE, exist_ok=True)
    for path in files:
        target = folder / path.name
        number = 1
        while target.exists():
            number += 1
            target = folder / f"{path.name}.{number}"
        path.rename(target)
    return folder
