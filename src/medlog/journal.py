"""journal.jsonl: one JSON event per line, append-only.

Appends take one ``os.write`` per batch under the store lock with
``O_APPEND``, then fsync. A last line without its newline is a write that
crashed midway: readers report and ignore it, and the next writer moves it to
``journal.jsonl.torn`` before appending. Any other unreadable line is an
exit-3 problem naming the file and line. Commands about today read only the
tail of the file; reports read all of it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from medlog.durable import FILE_MODE, fsync_directory, os_problem
from medlog.errors import BadInput, StoreProblem
from medlog.model import Event
from medlog.units import CANONICAL_UNITS as _CANONICAL_UNITS
from medlog.units import canonical_unit, format_decimal

JOURNAL_NAME = "journal.jsonl"
TORN_SUFFIX = ".torn"
EVENT_SCHEMA = 1
BLOCK = 64 * 1024
# Lines are appended in the order they were logged (or imported); a reader looking
# for recent events reads back past lines appended this long before its window,
# which absorbs clock adjustments and concurrent writers finishing out of order.
RECENT_MARGIN = timedelta(days=2)
_TYPES = ("dose", "skip", "void")


def new_id() -> str:
    """A random version-4 UUID in hex (without importing uuid, which slows start-up)."""
    raw = bytearray(os.urandom(16))
    raw[6] = raw[6] & 0x0F | 0x40
    raw[8] = raw[8] & 0x3F | 0x80
    return raw.hex()


def encode(event: Event) -> str:
    """The journal line for an event, without its newline."""
    return json.dumps(event_document(event), ensure_ascii=False, separators=(",", ":"))


def event_document(event: Event) -> dict[str, Any]:
    """An event as the JSON object of its journal line (keys absent when empty)."""
    line: dict[str, Any] = {
        "v": EVENT_SCHEMA,
        "id": event.id,
        "type": event.type,
        "at": event.at.isoformat(),
        "logged_at": event.logged_at.isoformat(),
    }
    optional = {
        "item": event.item,
        "amount": None if event.amount is None else format_decimal(event.amount),
        "unit": event.unit,
        "given": event.given,
        "note": event.note,
        "reason": event.reason,
        "ref": event.ref,
        "imported_at": None if event.imported_at is None else event.imported_at.isoformat(),
    }
    line.update((key, value) for key, value in optional.items() if value is not None)
    return line


class JournalRead:
    """Events read from the journal in file order, and whether a torn last line was ignored."""

    __slots__ = ("events", "torn")

    def __init__(self, events: list[Event] | None = None, torn: bool = False) -> None:
        self.events: list[Event] = [] if events is None else events
        self.torn = torn


def read_all(path: Path, problems: list[str] | None = None) -> JournalRead:
    """Every event in the journal (an empty read when there is no journal yet).

    A malformed line is an exit-3 problem, unless ``problems`` is given: then
    each one is described there and the line skipped (for ``medlog check``).
    """
    try:
        with path.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return JournalRead()
    except OSError as error:
        raise os_problem(path, error) from None
    lines = data.split(b"\n")
    del data
    torn = lines.pop() != b""
    events: list[Event] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            events.append(decode(line, path, number))
        except StoreProblem as problem:
            if problems is None:
                raise
            problems.append(problem.message)
    return JournalRead(events, torn)


def read_recent(path: Path, since: datetime) -> JournalRead:
    """The events logged from about ``since`` on, read backwards from the end of the file.

    Costs what the last few days cost, however long the journal is.
    """
    cutoff = since - RECENT_MARGIN
    read = JournalRead()
    for event in backward(path, read):
        if event.appended_at < cutoff:
            break
        read.events.append(event)
    read.events.reverse()
    return read


def backward(path: Path, read: JournalRead) -> Iterator[Event]:
    """Events from the newest to the oldest; sets ``read.torn`` if the last line was torn."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    except OSError as error:
        raise os_problem(path, error) from None
    with handle:
        for offset, line in _backward_lines(handle, read):
            if line.strip():
                try:
                    event = decode(line, path, 0)
                except StoreProblem:
                    raise _problem_at(path, handle, offset, line) from None
                yield event


def _backward_lines(handle: BinaryIO, read: JournalRead) -> Iterator[tuple[int, bytes]]:
    """Complete lines from the last to the first, each with its byte offset.

    The bytes after the last newline are a torn write: skipped, and noted in ``read``.
    """
    position = handle.seek(0, os.SEEK_END)
    carry = b""  # the start of the file up to ``position`` still to be split
    in_tail = True  # no newline seen yet: these bytes follow the last complete line
    while position > 0:
        size = min(BLOCK, position)
        position -= size
        handle.seek(position)
        lines = (handle.read(size) + carry).split(b"\n")
        carry = lines.pop(0)
        if in_tail:
            if not lines:
                continue
            in_tail = False
            read.torn = lines.pop() != b""
        start = position + len(carry) + 1
        located = []
        for line in lines:
            located.append((start, line))
            start += len(line) + 1
        yield from reversed(located)
    if in_tail:
        read.torn = carry != b""
        return
    yield 0, carry


def _problem_at(path: Path, handle: BinaryIO, offset: int, line: bytes) -> StoreProblem:
    handle.seek(0)
    number = handle.read(offset).count(b"\n") + 1
    try:
        decode(line, path, number)
    except StoreProblem as problem:
        return problem
    return StoreProblem(f"{path}, line {number}: unreadable event.")


def decode(line: bytes, path: Path, number: int) -> Event:
    """The event on one journal line; anything malformed is an exit-3 problem naming the line."""
    plain = _PLAIN_LINE.fullmatch(line)
    if plain is not None and (event := _plain_event(plain)) is not None:
        return event
    try:
        raw = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise _line_problem(path, number, "not a JSON object") from None
    if not isinstance(raw, dict):
        raise _line_problem(path, number, "not a JSON object")
    try:
        return _event(raw)
    except _Malformed as error:
        raise _line_problem(path, number, str(error)) from None


# The exact layout encode() writes for a dose or a skip with no free text: such
# lines (nearly all of a journal) skip json.loads, which halves the time a
# ten-year report spends reading. The character classes admit nothing JSON
# would escape, so a match means the same as parsing; anything else (notes,
# voids, hand edits) takes the JSON path, which also words every error.
_PLAIN_LINE = re.compile(
    rb'\{"v":1,"id":"([0-9A-Za-z_-]{1,64})","type":"(dose|skip)",'
    rb'"at":"([0-9T:.+-]{10,40})","logged_at":"([0-9T:.+-]{10,40})",'
    rb'"item":"([a-z0-9-]{1,64})"(?:,"amount":"([0-9.]{1,20})","unit":"([A-Za-z]{1,10})")?'
    rb'(?:,"imported_at":"([0-9T:.+-]{10,40})")?\}'
)


def _plain_event(match: re.Match[bytes]) -> Event | None:
    """The event a plain line holds, or None to let the JSON path judge it."""
    event_id, kind, at_text, logged_text, item, amount_text, unit, imported_text = match.groups()
    try:
        at = datetime.fromisoformat(at_text.decode())
        logged_at = datetime.fromisoformat(logged_text.decode())
        imported_at = (
            None if imported_text is None else datetime.fromisoformat(imported_text.decode())
        )
    except ValueError:
        return None
    if (
        at.tzinfo is None
        or logged_at.tzinfo is None
        or (imported_at is not None and imported_at.tzinfo is None)
    ):
        return None
    if kind == b"skip":
        if amount_text is not None:
            return None
        return Event(
            event_id.decode(), "skip", at, logged_at, item.decode(), imported_at=imported_at
        )
    if amount_text is None or unit.decode() not in _CANONICAL_UNITS:
        return None
    try:
        amount = Decimal(amount_text.decode())
    except InvalidOperation:
        return None
    if amount <= 0:
        return None
    return Event(
        event_id.decode(),
        "dose",
        at,
        logged_at,
        item.decode(),
        amount,
        unit.decode(),
        imported_at=imported_at,
    )


class _Malformed(ValueError):
    """What is wrong with one decoded line."""


def event_from_document(raw: Any) -> Event:
    """The event a journal-line object describes; ValueError says what is wrong."""
    if not isinstance(raw, dict):
        raise _Malformed("not a JSON object")
    return _event(raw)


def _event(raw: dict[str, Any]) -> Event:
    # Called once per journal line by reports: checks are inline on purpose.
    get = raw.get
    version = get("v")
    if version != EVENT_SCHEMA or type(version) is not int:
        if type(version) is int and version > EVENT_SCHEMA:
            raise _Malformed(f"written by a newer medlog (event schema {version})")
        raise _Malformed("missing or unknown schema 'v'")
    kind = get("type")
    if kind not in _TYPES:
        raise _Malformed("'type' must be dose, skip or void")
    event_id = get("id")
    if type(event_id) is not str or not event_id:
        raise _Malformed("'id' must be a non-empty string")
    at = _time(get("at"), "at")
    logged_at = _time(get("logged_at"), "logged_at")
    imported = get("imported_at")
    imported_at = None if imported is None else _time(imported, "imported_at")
    if kind == "dose":
        return Event(
            event_id,
            "dose",
            at,
            logged_at,
            _item(get("item")),
            _amount(get("amount")),
            _unit(get("unit")),
            given=_text(get("given"), "given"),
            note=_text(get("note"), "note"),
            imported_at=imported_at,
        )
    if kind == "skip":
        return Event(
            event_id,
            "skip",
            at,
            logged_at,
            _item(get("item")),
            note=_text(get("note"), "note"),
            reason=_text(get("reason"), "reason"),
            imported_at=imported_at,
        )
    ref = get("ref")
    if type(ref) is not str or not ref:
        raise _Malformed("'ref' must be a non-empty string")
    return Event(
        event_id,
        "void",
        at,
        logged_at,
        ref=ref,
        reason=_text(get("reason"), "reason"),
        imported_at=imported_at,
    )


def _item(value: Any) -> str:
    if type(value) is not str or not value:
        raise _Malformed("'item' must be a non-empty string")
    return value


def _text(value: Any, key: str) -> str | None:
    if value is not None and type(value) is not str:
        raise _Malformed(f"'{key}' must be a string")
    return value


def _unit(value: Any) -> str:
    if value in _CANONICAL_UNITS:
        return value  # type: ignore[no-any-return]
    try:
        return canonical_unit(value)
    except (BadInput, AttributeError, TypeError):
        raise _Malformed(f"unknown unit {value!r}") from None


def _time(value: Any, key: str) -> datetime:
    if type(value) is not str:
        raise _Malformed(f"'{key}' must be a non-empty string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Malformed(f"'{key}' is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise _Malformed(f"'{key}' has no UTC offset")
    return moment


def _amount(value: Any) -> Decimal:
    if type(value) is not str:
        raise _Malformed("'amount' must be a decimal number in a string")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise _Malformed("'amount' is not a decimal number") from None
    if not amount.is_finite() or amount <= 0:
        raise _Malformed("'amount' must be a number above zero")
    return amount


def _line_problem(path: Path, number: int, what: str) -> StoreProblem:
    return StoreProblem(
        f"{path}, line {number}: {what}. medlog has not changed the file; "
        "fix or remove that line by hand."
    )


def append(path: Path, events: list[Event]) -> None:
    """Append events as complete lines, after setting aside any torn last line; fsyncs."""
    data = "".join(encode(event) + "\n" for event in events).encode("utf-8")
    created = not path.exists()
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
    except OSError as error:
        raise os_problem(path, error) from None
    try:
        _set_aside_torn_tail(fd, path)
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
        os.fsync(fd)
    except OSError as error:
        raise os_problem(path, error) from None
    finally:
        os.close(fd)
    if created:
        fsync_directory(path.parent)


def _set_aside_torn_tail(fd: int, path: Path) -> None:
    """Move a last line with no newline (a crashed write) to journal.jsonl.torn and cut it off."""
    size = os.fstat(fd).st_size
    if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
        return
    start = size
    while start > 0:
        step = min(BLOCK, start)
        chunk = os.pread(fd, step, start - step)
        newline = chunk.rfind(b"\n")
        if newline >= 0:
            start = start - step + newline + 1
            break
        start -= step
    fragment = os.pread(fd, size - start, start)
    torn_fd = os.open(
        str(path) + TORN_SUFFIX, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, FILE_MODE
    )
    try:
        os.write(torn_fd, fragment + b"\n")
        os.fsync(torn_fd)
    finally:
        os.close(torn_fd)
    os.ftruncate(fd, start)
    os.fsync(fd)


def live(events: Iterable[Event]) -> list[Event]:
    """The doses and skips among ``events`` that no void in ``events`` cancels."""
    materialised = list(events)
    voided = {event.ref for event in materialised if event.type == "void"}
    return [event for event in materialised if event.type != "void" and event.id not in voided]
