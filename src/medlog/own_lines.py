"""The lines this machine appended to a store's journal in the last days, kept outside the
store, so that a dose a sync tool drops is put back (README, "Using medlog on several devices").

Syncthing puts another device's version of journal.jsonl in place by deleting the file and
renaming its copy over it. A line appended in that moment leaves with the deleted file
(``journal.append`` appends again to a file replaced before it looks, not after), and two
conflict copies made in one second share one name, the second replacing the first. So every
line medlog appends for a command (not an import's or a merge's: those come from files that
are kept) is written here too, with the journal file it went to (device, inode) and that
file's size after it. Each command compares that with the journal (``lost``: one ``stat``).
The same file, no shorter: nothing to do. Another file (a sync tool, git or an editor put
it there) or a shorter one: the lines kept here that it lacks are appended again, exactly as
they were. Identical lines are one event (DESIGN.md), so a line that survived elsewhere too
(in a conflict copy ``merge`` absorbs later) still counts once.

Kept: the lines of the last ``RETAIN_SECONDS`` by their stamps (before now, or before the
newest line kept when the clock was set back), in the user state directory
(``derived.py``; 0600). A store made anew at the same path forgets them (``forget``). A line
removed from the journal by hand in those days comes back, and the command says so, naming
its id: a dose is taken back with ``medlog undo`` and that id, which keeps the record.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from medlog import derived, journal
from medlog import events as line_format
from medlog.durable import private_folder
from medlog.errors import StoreProblem

NAME = "own-lines.jsonl"
RETAIN_SECONDS = 7 * 86400
_PRUNE_AT = 256 * 1024  # bytes: past this, lines older than RETAIN_SECONDS are dropped
_READ_AT_MOST = 4 * _PRUNE_AT  # bytes, from the end: a file grown past it by hand is not read
_LAST_ENTRY = 4096  # bytes, from the end: where the last entry (the journal file) is found

File = tuple[int, int, int]  # the journal as a line was appended to it: device, inode, size


class Lost(NamedTuple):
    """The lines this machine wrote that the journal lacks (bytes, each ending in a newline;
    empty when none), their events' ids, and the journal file looked at (``File``)."""

    data: bytes
    file: File
    ids: tuple[str, ...] = ()


def remember(home: Path, appended: journal.Appended) -> None:
    """Keep the lines just appended to ``home``'s journal, with the file they went to; a
    failure (a full disk, a read-only home) is ignored: this is only a second copy."""
    entry = {"file": list(appended.file), "lines": appended.data.decode("utf-8").splitlines()}
    _add(home, entry)


def seen(home: Path, file: File) -> None:
    """Record that the journal ``file`` holds every line kept here."""
    _add(home, {"file": list(file), "lines": []})


def forget(home: Path) -> None:
    """Drop what this machine kept about a store at ``home``: a new store is made there."""
    try:
        _path(home).unlink(missing_ok=True)
    except OSError:
        return


def lost(home: Path, journal_path: Path, clock: Callable[[], datetime]) -> Lost | None:
    """The lines kept here that the journal lacks, when it is not the file they were last
    seen in (``clock``: now, asked only then); None when there is nothing to look at (the
    same file, nothing kept, no journal, or one that cannot be read: the command itself
    says so)."""
    path = _path(home)
    kept = _read(path, _LAST_ENTRY)  # every command: the last entry is all it needs
    last = _last_file(kept)
    if last is None:  # none whole in those bytes (a pruned file ends in one long entry)
        kept = _read(path, _READ_AT_MOST)
        last = _last_file(kept)
    if last is None:
        return None
    try:
        there = journal_path.stat()
    except OSError:
        return None
    file = (there.st_dev, there.st_ino, there.st_size)
    if last[:2] == file[:2] and file[2] >= last[2]:
        return None
    lines = _retained(_read(path, _READ_AT_MOST), math.floor(clock().timestamp()))
    if not lines:
        return Lost(b"", file)
    since = datetime.fromtimestamp(min(stamp for stamp, _, _ in lines), UTC)
    try:
        present = {event.id for event in journal.read_recent(journal_path, since).events}
    except StoreProblem:
        return None
    missing: dict[str, bytes] = {}
    for _, event_id, line in sorted(lines):
        if event_id not in present:
            missing.setdefault(event_id, line + b"\n")
    return Lost(b"".join(missing.values()), file, tuple(missing))


def _last_file(kept: list[bytes]) -> File | None:
    """The journal file the last whole entry kept names (a line cut short is passed over)."""
    for raw in reversed(kept):
        try:
            device, inode, size = json.loads(raw)["file"]
        except (ValueError, KeyError, TypeError, RecursionError):
            continue
        if all(type(number) is int for number in (device, inode, size)):
            return device, inode, size
    return None


def _retained(kept: list[bytes], now: int = 0) -> list[tuple[int, str, bytes]]:
    """The valid journal lines kept, each with its stamp and id, from the days before ``now``
    (Unix seconds) or before the newest line, whichever is later: a week without medlog
    does not make a month-old line one logged lately."""
    lines: list[tuple[int, str, bytes]] = []
    for raw in kept:
        try:
            texts = json.loads(raw)["lines"]
        except (ValueError, KeyError, TypeError, RecursionError):
            continue  # cut short or edited: its lines are not trusted
        for text in texts if isinstance(texts, list) else ():
            try:
                line = str(text).encode("utf-8")
                event = line_format.decode(line, Path(NAME), 0)
            except (StoreProblem, UnicodeError):
                continue
            if event.stamp is not None:
                lines.append((event.stamp, event.id, line))
    newest = max([now, *(stamp for stamp, _, _ in lines)])
    return [entry for entry in lines if entry[0] >= newest - RETAIN_SECONDS]


def _read(path: Path, at_most: int) -> list[bytes]:
    """The kept file's lines: the whole lines of its last ``at_most`` bytes (none when it is
    missing, unreadable, or not a regular file: a FIFO there must not hang medlog)."""
    try:
        fd = journal.open_regular(path)
    except (OSError, StoreProblem):
        return []
    try:
        size = os.fstat(fd).st_size
        start = max(0, size - at_most)
        data = os.pread(fd, size - start, start)
    except OSError:
        return []
    finally:
        os.close(fd)
    lines = data.splitlines()
    return lines[1:] if start else lines


def _path(home: Path) -> Path:
    return derived.folder(home, "state") / NAME


def _add(home: Path, entry: dict[str, object]) -> None:
    path = _path(home)
    data = (json.dumps(entry, separators=(",", ":")) + "\n").encode("utf-8")
    try:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
        try:
            fd = journal.open_regular(path, flags)
        except FileNotFoundError:
            private_folder(path.parent)
            fd = journal.open_regular(path, flags)
        try:
            os.write(fd, data)
            size = os.fstat(fd).st_size
        finally:
            os.close(fd)
        if size > _PRUNE_AT:
            _prune(path, entry)
    except (OSError, StoreProblem):
        return


def _prune(path: Path, last: dict[str, object]) -> None:
    """Rewrite the file with only the lines of the last days, ending with ``last``'s file."""
    lines = [line.decode("utf-8") for _, _, line in sorted(_retained(_read(path, _READ_AT_MOST)))]
    derived.write(path, [json.dumps({"file": last["file"], "lines": lines}) + "\n"])
