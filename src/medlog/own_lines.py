"""The lines this machine appended to a store's journal in the last days, kept outside the
store, so that a dose a sync tool drops is put back (README, "Using medlog on several devices").

Syncthing puts another device's version of journal.jsonl in place by deleting the file and
renaming its copy over it. A line appended in that moment leaves with the deleted file
(``journal.append`` appends again to a file replaced before it looks, not after), and two
conflict copies made in one second share one name, the second replacing the first. So every
line medlog appends for a command (not an import's or a merge's: those come from files that
are kept) is written here too, with the journal file it went to (device, inode), that
file's size after it and a checksum of its last ``TAIL`` bytes. Each command compares that
with the journal (``lost``: a ``stat`` and a short read), and so does each append with the
file it went to (``moved_on``: a copy put in place after the command looked, or as the lines
were written). The same file, no shorter, its end as it was: nothing to do. Another file (a
sync tool, git or an editor put it there), a shorter one, or one written over: the lines
kept here that it lacks are appended again, exactly as they were. Identical lines are one
event (DESIGN.md), so a line that survived elsewhere too (in a conflict copy ``merge``
absorbs later) still counts once. Each line is kept with the id on the first line of the
journal it went to: a journal that does not hold that line is another store moved to this
path, and gets none of them (``_ours``).

Kept: the lines logged in the ``RETAIN_SECONDS`` before now (or after it: the clock set
back), in the user state directory (``derived.py``; 0600). A store made anew where no
journal is forgets them (``forget``). A line removed from the journal by hand in those days
comes back, and the command says so, naming its id: a dose is taken back with
``medlog undo`` and that id, which keeps the record.
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
TAIL = 512  # bytes at the end of the journal whose checksum each entry keeps (``_tail``)

File = tuple[int, int, int]  # the journal as a line was appended to it: device, inode, size


class Lost(NamedTuple):
    """The lines this machine wrote that the journal lacks (bytes, each ending in a newline;
    empty when none), their events' ids, the journal file looked at (``File``), and the ids
    of the lines it lacks that are not put back: it is another store (``_ours``)."""

    data: bytes
    file: File
    ids: tuple[str, ...] = ()
    withheld: tuple[str, ...] = ()


class Kept(NamedTuple):
    """A journal line kept here: its stamp, its event's id, its bytes, the id on the first
    line of the journal it went to (``journal.Appended.first``; None when there was none: an
    empty journal, or an entry an earlier medlog kept), and when it was logged (Unix
    seconds)."""

    stamp: int
    id: str
    line: bytes
    first: str | None
    logged: float


def remember(home: Path, appended: journal.Appended) -> None:
    """Keep the lines just appended to ``home``'s journal, with the file they went to; a
    failure (a full disk, a read-only home) is ignored: this is only a second copy."""
    entry: dict[str, object] = {
        "file": list(appended.file),
        "tail": _tail(home / journal.JOURNAL_NAME, appended.file[2]),
        "first": appended.first,
        "lines": appended.data.decode("utf-8").splitlines(),
    }
    _add(home, entry)


def seen(home: Path, file: File) -> None:
    """Record that the journal ``file`` holds every line kept here."""
    tail = _tail(home / journal.JOURNAL_NAME, file[2])
    _add(home, {"file": list(file), "tail": tail, "lines": []})


def _tail(journal_path: Path, size: int) -> str | None:
    """A checksum of the journal's last ``TAIL`` bytes up to ``size`` (None when it cannot be
    read): a file written over in place, or a new one that got the old one's inode number
    (``git reset``, ``cp``), no shorter, differs there."""
    try:
        fd = journal.open_regular(journal_path)
    except (OSError, StoreProblem):
        return None
    try:
        start = max(0, size - TAIL)
        return derived.digest(os.pread(fd, size - start, start))
    except OSError:
        return None
    finally:
        os.close(fd)


def forget(home: Path) -> None:
    """Drop what this machine kept about a store at ``home``: a new store is made there."""
    try:
        path_of(home).unlink(missing_ok=True)
    except OSError:
        return


def moved_on(home: Path, journal_path: Path, appended: journal.Appended) -> bool:
    """True when the lines just ``appended`` went to a journal other than the one last
    recorded here, as it was (another file opened, or put in place as they were written; a
    shorter one; one whose end differs), so that the lines kept before must be looked for."""
    found = _last_kept(path_of(home))
    if found is None:
        return False
    return appended.file[:2] != appended.opened or not _as_recorded(
        found, journal_path, appended.opened, appended.start
    )


def _as_recorded(
    found: tuple[File, str | None], journal_path: Path, file: tuple[int, int], size: int
) -> bool:
    """True when the journal ``file`` (device, inode), ``size`` bytes long, is the one last
    recorded (``found``) as it was then: the same file, no shorter, its end unchanged."""
    (device, inode, recorded), tail = found
    return (
        file == (device, inode)
        and size >= recorded
        and (tail is None or _tail(journal_path, recorded) == tail)
    )


def lost(
    home: Path, journal_path: Path, clock: Callable[[], datetime], *, always: bool = False
) -> Lost | None:
    """The lines kept here that the journal lacks, when it is not the file they were last
    seen in, or ``always`` (``clock``: now, asked only then); None when there is nothing to
    look at (the same file, nothing kept, no journal, or one that cannot be read: the
    command itself says so)."""
    path = path_of(home)
    found = _last_kept(path)
    if found is None:
        return None
    try:
        there = journal_path.stat()
    except OSError:
        return None
    file = (there.st_dev, there.st_ino, there.st_size)
    if not always and _as_recorded(found, journal_path, file[:2], file[2]):
        return None
    lines = _retained(_read(path, _READ_AT_MOST), math.floor(clock().timestamp()))
    if not lines:
        return Lost(b"", file)
    since = datetime.fromtimestamp(min(line.stamp for line in lines), UTC)
    try:
        present = {event.id for event in journal.read_recent(journal_path, since).events}
    except StoreProblem:
        return None
    missing: dict[str, Kept] = {}
    for line in sorted(lines):
        if line.id not in present:
            missing.setdefault(line.id, line)
    if not missing:
        return Lost(b"", file)
    # Looked for in the whole journal too: an import, or another device's clock ahead, leaves
    # a line further back than its stamp.
    try:
        whole = journal.contents(journal_path)
    except (OSError, StoreProblem):
        return None
    held = set(journal.ID_IN_LINE.findall(whole))
    missing = {key: kept for key, kept in missing.items() if key.encode() not in held}
    ours = {line.id.encode() for line in lines}
    put, withheld = _ours(held, ours, list(missing.values()))
    return Lost(b"".join(line.line + b"\n" for line in put), file,
                tuple(line.id for line in put), tuple(line.id for line in withheld))  # fmt: skip


def keeps_lines(home: Path, clock: Callable[[], datetime]) -> bool:
    """True when this machine keeps lines it logged to ``home``'s journal in the last days."""
    return bool(_retained(_read(path_of(home), _READ_AT_MOST), math.floor(clock().timestamp())))


def _ours(held: set[bytes], ours: set[bytes], missing: list[Kept]) -> tuple[list[Kept], list[Kept]]:
    """Which of the ``missing`` lines go back, and which do not: a line goes back to a
    journal that holds the first line of the one it went to (a store's journal only grows,
    and every copy a sync tool, git or a backup makes begins alike). A journal that lacks it
    is another store (another person's moved to this path, a second stick mounted there):
    their doses must not go into it. A journal with no line but this machine's (emptied,
    deleted and begun again, a copy from before any line) gets them: nothing in it says it
    is another store's. A line that went to an empty journal has no first line to ask for,
    and goes back (two devices sharing a new store each log their first dose), and so do
    the lines that went to a journal it began: telling another store from this one then
    would need an id of the store itself. ``held``: the ids on the journal's lines;
    ``ours``: the ids this machine keeps."""
    only_ours = held <= ours
    back: set[str] = set()  # ids of the lines going back
    waiting = list(missing)
    while True:  # until no line goes back: a first line put back holds the lines after it,
        # whatever their order (two lines of one second sort by id)
        still = []
        for kept in waiting:
            first = kept.first
            if first is None or only_ours or first in back or first.encode() in held:
                back.add(kept.id)
            else:
                still.append(kept)
        if len(still) == len(waiting):
            break
        waiting = still
    put = [kept for kept in missing if kept.id in back]
    withheld = [kept for kept in missing if kept.id not in back]
    return put, withheld


def _last_kept(path: Path) -> tuple[File, str | None] | None:
    """The journal file the kept file's last entry names, with the checksum of its end; every
    command asks, and the last 4 KiB are all it reads unless that entry is longer."""
    return _last_file(_read(path, _LAST_ENTRY)) or _last_file(_read(path, _READ_AT_MOST))


def _last_file(kept: list[bytes]) -> tuple[File, str | None] | None:
    """The journal file the last whole entry kept names, with the checksum of its end (None
    in an entry an earlier medlog kept); a line cut short is passed over."""
    for raw in reversed(kept):
        try:
            entry = json.loads(raw)
            device, inode, size = entry["file"]
            tail = entry.get("tail")
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            continue
        if all(type(number) is int for number in (device, inode, size)):
            return (device, inode, size), tail if isinstance(tail, str) else None
    return None


def _retained(kept: list[bytes], now: int) -> list[Kept]:
    """The valid journal lines kept (``Kept``) logged in the ``RETAIN_SECONDS`` before ``now``
    (Unix seconds) or after it: a week without medlog does not make a month-old line one
    logged lately, a clock set back keeps the lines logged before, and one set forward and
    back again keeps only the lines of its own future, never every line after them (stamps
    never fall: they would)."""
    lines: list[Kept] = []
    for raw in kept:
        try:
            entry = json.loads(raw)
            texts, first = entry["lines"], entry.get("first")
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            continue  # cut short or edited: its lines are not trusted
        if first is not None and not (
            isinstance(first, str) and line_format.ID_PATTERN.fullmatch(first)
        ):
            continue  # edited: which store its lines belong to is not known
        for text in texts if isinstance(texts, list) else ():
            try:
                line = str(text).encode("utf-8")
                event = line_format.decode(line, Path(NAME), 0)
            except (StoreProblem, UnicodeError):
                continue
            logged = event.logged_at.timestamp()
            if event.stamp is not None and logged >= now - RETAIN_SECONDS:
                lines.append(Kept(event.stamp, event.id, line, first, logged))
    return lines


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


def path_of(home: Path) -> Path:
    """Where this machine keeps the lines it appended to ``home``'s journal."""
    return derived.folder(home, "state") / NAME


def _add(home: Path, entry: dict[str, object]) -> None:
    path = path_of(home)
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
    """Rewrite the file with only the lines of the days before ``last``'s own (an entry just
    kept), each in an entry of its own that keeps its journal's first line, all naming
    ``last``'s file."""
    latest = _retained([json.dumps(last).encode()], 0)
    if not latest:
        return
    now = math.ceil(max(kept.logged for kept in latest))
    derived.write(
        path,
        [
            json.dumps({"file": last["file"], "tail": last["tail"], "first": kept.first,
                        "lines": [kept.line.decode("utf-8")]}) + "\n"
            for kept in sorted(_retained(_read(path, _READ_AT_MOST), now))
        ],
    )  # fmt: skip
