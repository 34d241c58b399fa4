"""journal.jsonl: one JSON event per line, append-only (the line format is in events.py).

Appends happen under the store lock with ``O_APPEND``, one ``os.write`` per
batch, then fsync; a write that fails half-way is cut back off, so no partial
line is ever left. The last line without its newline is one of two things: a
complete valid event (an editor or a sync tool dropped the newline), which is
counted and given its newline by the next writer; or a write that crashed
midway, which readers report and ignore and the next writer moves to
``journal.jsonl.torn``. Any other unreadable line is an exit-3 problem naming
the file and line. A journal that is not a regular file (a FIFO, a device) is
refused before anything reads from it.

Every event carries a ``stamp``: whole seconds, never less than the stamp of
the line before it nor than the event's own ``at``. Stamps only grow down the
file whatever the system clock does, so a reader that wants the events from a
moment on reads backwards until a stamp falls before it (``read_recent``):
commands about today cost what the last days cost, and a clock set back or
forward between commands cannot hide an event from them.
"""

from __future__ import annotations

import gc
import math
import os
import re
import stat
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from medlog import events as line_format
from medlog.durable import FILE_MODE, fsync_directory, os_problem
from medlog.errors import StoreProblem
from medlog.model import Event

if TYPE_CHECKING:
    from medlog.journal_index import Block

JOURNAL_NAME = "journal.jsonl"
TORN_SUFFIX = ".torn"
BLOCK = 64 * 1024
BOM = b"\xef\xbb\xbf"  # a byte-order mark an editor may put before the first line


def new_id() -> str:
    """A random version-4 UUID in hex, made as ``uuid.uuid4`` makes it (RFC 9562: 122 random
    bits, the version and variant bits set) without importing ``uuid``, which imports
    ``platform`` and costs a take's fast path about 4 ms."""
    raw = bytearray(os.urandom(16))
    raw[6] = raw[6] & 0x0F | 0x40  # version 4
    raw[8] = raw[8] & 0x3F | 0x80  # variant: RFC 4122 / 9562
    return raw.hex()


class JournalRead:
    """Events read from the journal in file order, and whether a torn last line was ignored.

    ``read_all`` also says on which line (from 1) each event stands (``numbers``, beside
    ``events``) and which ids another line held too (``doubled``): the report's per-day
    summary names lines by number."""

    __slots__ = ("doubled", "events", "numbers", "torn")

    def __init__(self, events: list[Event] | None = None, torn: bool = False) -> None:
        self.events: list[Event] = [] if events is None else events
        self.torn = torn
        self.numbers: list[int] = []
        self.doubled: set[str] = set()


def first_day(events: Iterable[Event]) -> date | None:
    """The local day of the earliest entry (a void corrects an entry, and is none), if any."""
    return min(
        (event.at.date() for event in events if event.type != "void"),  # event.day, inline
        default=None,
    )


def contents(path: Path) -> bytes:
    """The bytes of the regular file at ``path`` (``open_regular``): FileNotFoundError when
    there is none, an exit-3 problem when it cannot be read."""
    fd = open_regular(path)
    try:
        with os.fdopen(fd, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise os_problem(path, error) from None


def open_regular(path: Path, flags: int = os.O_RDONLY, mode: int = FILE_MODE) -> int:
    """A descriptor for ``path``, refusing (exit 3) anything but a regular file.

    Opened non-blocking, so a FIFO put in place of a store file cannot hang
    medlog while it holds the lock; FileNotFoundError (and, with O_EXCL, FileExistsError)
    passes through.
    """
    if path.is_symlink() and not path.exists():
        raise StoreProblem(
            f"{path} is a link to {str(path.readlink())!r}, which does not exist (a volume not "
            "mounted?); medlog will not read it as empty or start a new file there."
        )
    try:
        fd = os.open(path, flags | os.O_NONBLOCK | os.O_CLOEXEC, mode)
    except (FileNotFoundError, FileExistsError):
        raise
    except OSError as error:
        raise os_problem(path, error) from None
    mode = os.fstat(fd).st_mode
    if stat.S_ISDIR(mode):
        os.close(fd)
        raise StoreProblem(f"{path} is a directory, not a file; medlog has not changed it.")
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise StoreProblem(
            f"{path} is not a regular file (a pipe, a device or a socket); medlog will not "
            "read or write it. Move it away and put the store's own file back."
        )
    os.set_blocking(fd, True)
    return fd


def create(path: Path) -> None:
    """An empty journal, made with the store (``Store.save_regimen``) unless one is there: two
    synced devices then share one file from the start. When each device's first dose instead
    *created* journal.jsonl, Syncthing 1.19 was seen replacing one new file with the other, no
    conflict copy kept, and a dose was lost (tests/sync/test_syncthing_real.py)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    except OSError as error:
        raise os_problem(path, error) from None
    os.close(fd)
    fsync_directory(path.parent)


def read_all(
    path: Path,
    problems: list[str] | None = None,
    look: Callable[[bytes], Collection[int] | None] | None = None,
) -> JournalRead:
    """Every event in the journal (an empty read when there is no journal yet).

    A malformed line is an exit-3 problem, unless ``problems`` is given: then
    each one is described there and the line skipped (for ``medlog check``). ``look`` is
    shown the bytes read, before they are parsed (the report's per-day summary hashes them),
    and may answer with the numbers of lines not to decode: lines it has read before and
    stands in for (their events are then not in the read).
    """
    try:
        data = contents(path)
    except FileNotFoundError:
        return JournalRead()
    skip = look(data) if look is not None else None
    lines = data.removeprefix(BOM).split(b"\n")
    del data
    tail = lines.pop()
    events: list[Event] = []
    numbers: list[int] = []
    with no_cycles():
        line_format.decode_lines(_numbered(lines, skip), path, events, numbers, problems)
    read = JournalRead(events)
    if tail.strip():
        try:
            events.append(line_format.decode(tail, path, len(lines) + 1))
            numbers.append(len(lines) + 1)
        except line_format.Unfinished:
            read.torn = True
        except StoreProblem as problem:
            if problems is None:
                raise
            problems.append(problem.message)
    read.events = once(events, path, problems)
    read.numbers = numbers
    if len(read.events) < len(events):
        _doubled(read, events, numbers)
    return read


def _numbered(lines: list[bytes], skip: Collection[int] | None) -> Iterable[tuple[int, bytes]]:
    """The lines with their numbers (from 1), but those numbered in ``skip``."""
    if not skip:
        return enumerate(lines, start=1)
    wanted = bytearray(b"\x01") * len(lines)
    for number in skip:
        wanted[number - 1] = 0
    return compress(enumerate(lines, start=1), wanted)


def _doubled(read: JournalRead, events: list[Event], numbers: list[int]) -> None:
    """The lines of the events ``once`` kept, and the ids another line held too."""
    seen: set[str] = set()
    read.numbers = []
    for event, number in zip(events, numbers, strict=True):
        if event.id in seen:
            read.doubled.add(event.id)
        else:
            seen.add(event.id)
            read.numbers.append(number)


def comparable(event: Event) -> Event:
    """What must match for two events with one id to be one event: a line's stamp, when it
    was imported and a fill's recorded ``on_hand`` are each store's own, and left out."""
    return event._replace(imported_at=None, stamp=None, on_hand=None)


def once(events: list[Event], path: Path, problems: list[str] | None = None) -> list[Event]:
    """``events`` with each event once: a line two devices both hold (a union merge, a
    conflict kept both ways) is one event, the first. One id with two different contents is
    an exit-3 problem naming both lines (or, with ``problems``, described there)."""
    if len(set(map(_ID, events))) == len(events):
        return events  # the common journal: no id twice, nothing to compare
    seen: dict[str, int] = {}
    kept: list[Event] = []
    for event in events:
        earlier = seen.get(event.id)
        if earlier is None:
            seen[event.id] = len(kept)
            kept.append(event)
        elif comparable(kept[earlier]) != comparable(event):
            problem = _two_contents(path, event.id)
            if problems is None:
                raise problem
            problems.append(problem.message)
    return kept


_ID = attrgetter("id")


def _two_contents(path: Path, event_id: str) -> StoreProblem:
    """The problem of an id held by two lines with different contents, naming them."""
    found: list[tuple[int, Event]] = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if f'"{event_id}"'.encode() not in line:
                continue
            try:
                event = line_format.decode(line.rstrip(b"\n").removeprefix(BOM), path, number)
            except StoreProblem:
                continue
            if event.id == event_id and (not found or comparable(event) != comparable(found[0][1])):
                found.append((number, event))
    numbers = " and ".join(str(number) for number, _ in found[:2])
    return StoreProblem(
        f"{path}, lines {numbers}: two different events have the id {event_id} (a hand "
        "edit, or one device's copy changed). medlog has not changed either; keep the one "
        "that is right and remove the other by hand."
    )


_MANY_OBJECTS = 100_000  # objects made since the collector last ran: a long journal's read


@contextmanager
def no_cycles() -> Iterator[None]:
    """Pause the cyclic garbage collector while a whole journal's records are built.

    They hold no cycles (reference counting frees them), so the collector only adds
    pauses: about a fifth of a ten-year report's time, measured with bench/run.py.
    After a big read, what exists is frozen (``gc.freeze``) before the collector runs
    again: else its first pass would walk every record just built, for nothing.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if gc.get_count()[0] > _MANY_OBJECTS:
                gc.freeze()
            gc.enable()


def read_recent(path: Path, since: datetime) -> JournalRead:
    """Every event whose ``at`` is at or after ``since`` (and others near them), in file order.

    Reads from the end of the file the blocks of lines whose stamps reach ``since``, by the
    journal's stamp index (``journal_index.py``), and stops at the first block with no later
    stamp before it: fast for a journal medlog wrote alone, and right for lines out of
    order (a union merge, a pasted line, an import of older events).
    """
    from medlog import journal_index

    cutoff = math.floor(since.timestamp())
    read = JournalRead()
    try:
        fd = open_regular(path)
    except FileNotFoundError:
        return read
    try:
        size = os.fstat(fd).st_size
        tail_start = _line_start(fd, size)
        chosen: list[list[Event]] = []
        for block in reversed(journal_index.blocks(path, fd, tail_start)):
            if block.top >= cutoff:
                chosen.append(_decode_block(path, fd, block, cutoff))
            if block.before < cutoff:
                break
        read.events = [event for block_events in reversed(chosen) for event in block_events]
        if tail_start < size:
            tail = os.pread(fd, size - tail_start, tail_start)
            try:
                read.events.append(line_format.decode(tail.removeprefix(BOM), path, 0))
            except line_format.Unfinished:
                read.torn = True
            except StoreProblem:
                raise _numbered_problem(path, fd, tail_start, tail) from None
    except OSError as error:
        raise os_problem(path, error) from None
    finally:
        os.close(fd)
    read.events = once(read.events, path)
    return read


def _decode_block(path: Path, fd: int, block: Block, cutoff: int) -> list[Event]:
    """The events of a block's lines whose stamps reach ``cutoff`` (by the index's rule for
    each line, so a broken line is read exactly when its neighbours are)."""
    from medlog.journal_index import stamps

    data = os.pread(fd, block.end - block.start, block.start)
    found = []
    for offset, stamp in stamps(data, block.start, path):
        if stamp < cutoff:
            continue
        line = data[offset - block.start : data.index(b"\n", offset - block.start)]
        raw = line.removeprefix(BOM) if offset == 0 else line
        try:
            found.append(line_format.decode(raw, path, 0))
        except StoreProblem:
            raise _numbered_problem(path, fd, offset, raw) from None
    return found


def _numbered_problem(path: Path, fd: int, offset: int, line: bytes) -> StoreProblem:
    """The problem with the line at ``offset``, naming its line number."""
    number = os.pread(fd, offset, 0).count(b"\n") + 1
    try:
        line_format.decode(line, path, number)
    except StoreProblem as problem:
        return problem
    return line_format.line_problem(path, number, "unreadable event")


def backward(path: Path, read: JournalRead) -> Iterator[Event]:
    """Events from the newest to the oldest; sets ``read.torn`` if the last line was torn."""
    try:
        fd = open_regular(path)
    except FileNotFoundError:
        return
    with os.fdopen(fd, "rb") as handle:
        for offset, raw, is_tail in _backward_lines(handle):
            line = raw.removeprefix(BOM) if offset == 0 else raw
            if not line.strip():
                continue
            try:
                event = line_format.decode(line, path, 0)
            except StoreProblem as problem:
                if is_tail and isinstance(problem, line_format.Unfinished):
                    read.torn = True
                    continue
                raise _problem_at(path, handle, offset, line) from None
            yield event


def _backward_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes, bool]]:
    """Each line from the last to the first, with its byte offset and whether it is the tail.

    The tail is what follows the last newline (empty when the file ends with
    one). Pieces of a line are joined once, when its start is found, so a
    long line costs time in proportion to its length.
    """
    position = handle.seek(0, os.SEEK_END)
    pieces: list[bytes] = []
    is_tail = True
    while position > 0:
        size = min(BLOCK, position)
        position -= size
        handle.seek(position)
        block = handle.read(size)
        stop = len(block)
        while (newline := block.rfind(b"\n", 0, stop)) >= 0:
            pieces.append(block[newline + 1 : stop])
            yield position + newline + 1, b"".join(reversed(pieces)), is_tail
            pieces.clear()
            is_tail = False
            stop = newline
        pieces.append(block[:stop])
    yield 0, b"".join(reversed(pieces)), is_tail


def _problem_at(path: Path, handle: BinaryIO, offset: int, line: bytes) -> StoreProblem:
    handle.seek(0)
    number = handle.read(offset).count(b"\n") + 1
    try:
        line_format.decode(line, path, number)
    except StoreProblem as problem:
        return problem
    return line_format.line_problem(path, number, "unreadable event")


class Appended(NamedTuple):
    """What ``append`` wrote: the journal's size before it, the lines' bytes, the file they
    went to as it was after them (device, inode, size), and the id on the journal's first
    line before them (None for an empty journal, or a first line with no id medlog reads):
    what tells this store from another (``own_lines``)."""

    start: int
    data: bytes
    file: tuple[int, int, int]
    first: str | None = None
    opened: tuple[int, int] = (0, 0)  # the file first opened to append to (device, inode)


def append(path: Path, events: list[Event], *, own_time: bool = False) -> Appended:
    """Append events as complete lines, stamped; returns the journal's size before them,
    the bytes written and the file they are in (``Appended``).

    First the tail is put right: a last line that lacks only its newline gets
    it, and a torn fragment is moved to journal.jsonl.torn. A write that fails
    part-way is cut back off, so the journal is as it was; the size returned
    lets a caller (import) undo the whole append if a later step fails.

    ``own_time`` (import, merge): each event is stamped with its own time, not the time
    it joins this journal, so that ten imported years stay out of the way of reading the
    last days (the stamp index skips them; ``journal_index.py``).
    """
    created = not path.exists()
    try:
        fd = open_regular(path, os.O_RDWR | os.O_APPEND | os.O_CREAT)
    except FileNotFoundError as error:
        raise os_problem(path, error) from None
    try:
        previous = _repair_tail(fd, path)
        if own_time:
            stamped = own_stamps(events)
        else:  # never below any stamp in the file: a void is seen whenever its target is
            stamped = stamp(events, max(previous, _newest_stamp(path, fd)))
        data = "".join(line_format.encode(event) + "\n" for event in stamped).encode("utf-8")
        start = os.fstat(fd).st_size
        first = first_id(os.pread(fd, BLOCK, 0)) if start else None
        opened = os.fstat(fd)
        writing, fd = fd, -1  # _written closes it
        file = _written(writing, path, data, start)
    except OSError as error:
        with suppress(OSError):
            if created and path.stat().st_size == 0:
                path.unlink()  # a journal made for a write that failed: leave none
        raise os_problem(path, error) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if created:
        fsync_directory(path.parent)
    return Appended(start, data, file, first, (opened.st_dev, opened.st_ino))


ID_IN_LINE = re.compile(rb'"id"[ \t\n\r]*:[ \t\n\r]*"([0-9A-Za-z_-]{1,64})"')


def first_id(start: bytes) -> str | None:
    """The id on the first line of a journal that begins with ``start``, blank lines and a
    byte-order mark passed over (None when that line holds none medlog reads, or is longer
    than ``start``)."""
    start = start.lstrip(b" \t\r\n\xef\xbb\xbf")
    newline = start.find(b"\n")
    found = ID_IN_LINE.search(start, 0, newline) if newline >= 0 else None
    return None if found is None else found.group(1).decode()


def append_lines(path: Path, data: bytes) -> tuple[int, int, int]:
    """Append complete lines exactly as they are (``own_lines``: lines this machine wrote
    before, put back); returns the file they are in (``Appended.file``)."""
    try:
        fd = open_regular(path, os.O_RDWR | os.O_APPEND | os.O_CREAT)
    except FileNotFoundError as error:
        raise os_problem(path, error) from None
    try:
        _repair_tail(fd, path)
        start = os.fstat(fd).st_size
        writing, fd = fd, -1  # _written closes it
        return _written(writing, path, data, start)
    except OSError as error:
        raise os_problem(path, error) from None
    finally:
        if fd >= 0:
            os.close(fd)


def _written(fd: int, path: Path, data: bytes, start: int) -> tuple[int, int, int]:
    """Write ``data`` at the end of the journal open at ``fd`` and sync it, again to a file a
    sync tool put in its place meanwhile (``_still_there``); closes ``fd``. Returns the file
    the lines are in, as it is after them (device, inode, size)."""
    try:
        _write_all(fd, data, start)
        for _ in range(REPLACED_TRIES):
            if _still_there(fd, path):
                break
            os.close(fd)  # a sync tool put another file in its place: the lines go there
            fd = -1  # closed: not closed again should reopening fail
            fd = _reopened(path)
            _repair_tail(fd, path)
            _write_all(fd, data, os.fstat(fd).st_size)
        after = os.fstat(fd)
        return after.st_dev, after.st_ino, after.st_size
    finally:
        if fd >= 0:
            os.close(fd)


REPLACED_TRIES = 3  # appends again to a journal replaced during the write, at most this often


def _write_all(fd: int, data: bytes, start: int) -> None:
    """Write ``data`` at the end and sync it; on failure cut the file back to ``start``."""
    try:
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
        os.fsync(fd)
    except OSError:
        os.ftruncate(fd, start)
        raise


def _still_there(fd: int, path: Path) -> bool:
    """Whether the file just written is still the journal at ``path``. Syncthing puts a
    version from another device in place by deleting the file and renaming its copy over
    it, without seeing lines appended in that moment (README, several devices): they would
    be lost with the file. The same lines appended again to the new file are one event
    each (identical duplicate lines are one event, DESIGN.md)."""
    mine = os.fstat(fd)
    try:
        there = path.stat()
    except FileNotFoundError:
        return False
    return mine.st_nlink > 0 and (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _reopened(path: Path) -> int:
    """The journal at ``path`` opened again for appending, waiting a moment for a sync tool
    to finish putting its new version in place (it deletes, then renames)."""
    for _ in range(50):
        try:
            return open_regular(path, os.O_RDWR | os.O_APPEND)
        except FileNotFoundError:
            time.sleep(0.01)
    return open_regular(path, os.O_RDWR | os.O_APPEND | os.O_CREAT)


def stamp(events: Iterable[Event], previous: int) -> list[Event]:
    """``events`` with stamps that never fall: at least the last one, ``at`` and the append time."""
    stamped = []
    for event in events:
        appended = event.imported_at or event.logged_at
        previous = max(previous, math.ceil(appended.timestamp()), math.ceil(event.at.timestamp()))
        stamped.append(event._replace(stamp=previous))
    return stamped


def _newest_stamp(path: Path, fd: int) -> int:
    """The largest stamp of the journal's complete lines, by its stamp index."""
    from medlog import journal_index

    found = journal_index.blocks(path, fd, _line_start(fd, os.fstat(fd).st_size))
    return max(found[-1].top, found[-1].before) if found else 0


def own_stamps(events: Iterable[Event]) -> list[Event]:
    """``events`` stamped with their own time: when they happened or were first logged,
    whichever is later (never before ``at``)."""
    return [
        event._replace(stamp=math.ceil(max(event.at, event.logged_at).timestamp()))
        for event in events
    ]


def reindex(path: Path) -> None:
    """Bring the journal's stamp index up to date now (after an import), so the next reader
    of the last days does not pay for it."""
    from medlog import journal_index

    try:
        fd = open_regular(path)
    except FileNotFoundError:
        return
    try:
        journal_index.blocks(path, fd, _line_start(fd, os.fstat(fd).st_size))
    finally:
        os.close(fd)


def truncate(path: Path, size: int) -> None:
    """Cut the journal back to ``size`` bytes: undoes an append (needs no free space)."""
    fd = open_regular(path, os.O_RDWR)
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    finally:
        os.close(fd)


def _repair_tail(fd: int, path: Path) -> int:
    """Put the end of the journal right for an append; returns the last event's stamp (or 0)."""
    size = os.fstat(fd).st_size
    tail_start = _line_start(fd, size)
    if tail_start < size:
        tail = os.pread(fd, size - tail_start, tail_start)
        if tail_start == 0:
            tail = tail.removeprefix(BOM)
        try:
            event = line_format.decode(tail, path, 0)
        except line_format.Unfinished:
            _set_aside(tail, path)
            os.ftruncate(fd, tail_start)
            os.fsync(fd)
        except StoreProblem:
            raise _unreadable_end(path) from None
        else:
            os.write(fd, b"\n")
            return _stamp_value(event)
    end = tail_start
    while end > 0:
        start = _line_start(fd, end - 1)
        line = os.pread(fd, end - 1 - start, start)
        if start == 0:
            line = line.removeprefix(BOM)
        if line.strip():
            try:
                return _stamp_value(line_format.decode(line, path, 0))
            except StoreProblem:
                raise _unreadable_end(path) from None
        end = start
    return 0


def _unreadable_end(path: Path) -> StoreProblem:
    return StoreProblem(
        f"{path} ends with a line medlog cannot read (medlog check names it); nothing was written."
    )


def complete_end(fd: int) -> int:
    """Where the journal's last complete line ends: its size, less a line without a newline."""
    return _line_start(fd, os.fstat(fd).st_size)


def _line_start(fd: int, end: int) -> int:
    """The offset just after the last newline before ``end`` (0 if there is none)."""
    position = end
    while position > 0:
        step = min(BLOCK, position)
        newline = os.pread(fd, step, position - step).rfind(b"\n")
        if newline >= 0:
            return position - step + newline + 1
        position -= step
    return 0


def _set_aside(fragment: bytes, path: Path) -> None:
    """Keep a torn fragment in journal.jsonl.torn for inspection."""
    torn_fd = open_regular(
        Path(str(path) + TORN_SUFFIX), os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE
    )
    try:
        os.write(torn_fd, fragment + b"\n")
        os.fsync(torn_fd)
    finally:
        os.close(torn_fd)


def _stamp_value(event: Event) -> int:
    if event.stamp is not None:
        return event.stamp
    return math.ceil(max(event.appended_at, event.at).timestamp())


def voided_ids(events: Iterable[Event]) -> set[str]:
    """The ids of the events that a void cancels."""
    return {event.ref for event in events if event.type == "void" and event.ref is not None}


def live(events: Iterable[Event]) -> list[Event]:
    """The events that no void cancels, without the voids themselves."""
    materialised = list(events)
    voided = voided_ids(materialised)
    return [event for event in materialised if event.type != "void" and event.id not in voided]
