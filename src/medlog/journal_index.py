"""A per-machine index of the journal's stamps, so that reading the last days stays fast and
right for any journal a person or a tool can produce.

medlog's own appends keep stamps in order, so the last days are at the end of the file.
Other writers do not: a union merge of two devices' journals, a line pasted by hand, an
import of older events. For each block of lines (those starting in one 64 KiB stretch) the
index keeps the largest stamp in the block (``top``) and the largest before it
(``before``); ``read_recent`` decodes, from the end, only the blocks whose ``top`` reaches
the moment it wants, and stops at the first block with nothing later before it. An old line
at the end no longer hides today's doses, and ten imported years are skipped unread.

The index lives with the store's derived files (``derived.py``), never in the store; it
covers a prefix of the journal, known by its length and the hashes of its first and last
4 KiB: anything else (a rewritten or replaced file) rebuilds it with one pass over the
stamps. A line without a stamp (event schema 1) counts from when it was appended, plus the
margin such lines have always had; a line the index cannot read counts as the line after
it, so a reader of the last days meets it (and reports it) only when it is among them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, NamedTuple

from medlog import derived
from medlog import events as line_format
from medlog.errors import MedlogError

INDEX_NAME = "journal-index.json"
VERSION = 1
SPAN = 64 * 1024  # a block holds the lines that start within this many bytes
EDGE = 4096  # the bytes hashed at each end of the indexed prefix
LEGACY_MARGIN = timedelta(days=2)
_STAMP = re.compile(rb'"stamp"\s*:\s*([0-9]{1,12})\s*[,}]')


class Block(NamedTuple):
    """Lines ``start`` (a line's first byte) to ``end`` (after a newline, the next block's
    start)."""

    start: int
    end: int
    top: int  # the largest stamp in the block
    before: int  # the largest stamp in every line before the block


class Index(NamedTuple):
    """The blocks of the journal's first ``length`` bytes (complete lines only)."""

    length: int
    head: str
    tail: str
    blocks: tuple[Block, ...]


def blocks(path: Path, fd: int, complete: int) -> tuple[Block, ...]:
    """The blocks of the journal's complete lines (its first ``complete`` bytes), from the
    index kept for it, brought up to date, and saved again once it grew by a block's span:
    rewriting it after every take cost each next command more than reading those lines."""
    where = derived.folder(path.parent, "state") / INDEX_NAME
    known = _valid(derived.load(where), fd, complete)
    if known is not None and known.length == complete:
        return known.blocks
    start = 0 if known is None else known.length
    found = list(() if known is None else known.blocks)
    data = _pread(fd, complete - start, start)
    for offset, stamp in stamps(data, start, path):
        _add(found, offset, stamp)
    ends = [block.start for block in found[1:]] + [complete]
    found = [
        block if block.end == end else block._replace(end=end)
        for block, end in zip(found, ends[: len(found)], strict=True)
    ]
    if known is None or complete - known.length >= SPAN:
        head, tail = edges(fd, complete)
        rows = [list(block) for block in found]
        derived.save(
            where, {"v": VERSION, "length": complete, "head": head, "tail": tail, "blocks": rows}
        )
    return tuple(found)


def _add(found: list[Block], offset: int, stamp: int) -> None:
    """One more line, starting at ``offset``: into the last block while it spans less than
    SPAN bytes, else a new block."""
    if found and offset - found[-1].start < SPAN:
        found[-1] = found[-1]._replace(top=max(found[-1].top, stamp))
        return
    before = max(found[-1].before, found[-1].top) if found else 0
    found.append(Block(offset, offset, stamp, before))


def stamps(data: bytes, start: int, path: Path) -> Iterator[tuple[int, int]]:
    """(offset, stamp) of each non-blank line in ``data`` (which begins at ``start``). A line
    the index cannot read takes the stamp of the next line it can (or, at the end, of the
    one before), so that it is read, and judged, exactly when the lines around it are."""
    position = 0
    previous = 0
    unplaced: list[int] = []
    for line in data.split(b"\n")[:-1]:
        if line.strip():
            stamp = _stamp(line, path)
            if stamp is None:
                unplaced.append(start + position)
            else:
                for offset in unplaced:
                    yield offset, stamp
                unplaced.clear()
                previous = stamp
                yield start + position, stamp
        position += len(line) + 1
    for offset in unplaced:
        yield offset, previous


def _stamp(line: bytes, path: Path) -> int | None:
    """The stamp a line carries, or for a line of event schema 1 when it was appended (plus
    the margin); None for a line that is not a readable event."""
    found = _STAMP.search(line)
    if found is not None:
        return int(found.group(1))
    try:
        event = line_format.decode(line.removeprefix(b"\xef\xbb\xbf"), path, 0)
    except MedlogError:
        return None
    if event.stamp is not None:
        return event.stamp
    return math.ceil((event.appended_at + LEGACY_MARGIN).timestamp())


def _valid(raw: object, fd: int, complete: int) -> Index | None:
    """The saved index when it still describes the start of this journal, else None."""
    if not isinstance(raw, dict) or raw.get("v") != VERSION:
        return None
    try:
        length = int(raw["length"])
        found = tuple(_new(Block, _four(block)) for block in raw["blocks"])
        head, tail = str(raw["head"]), str(raw["tail"])
    except (KeyError, TypeError, ValueError):
        return None
    if not 0 <= length <= complete:
        return None
    if _edge(fd, 0, length) != head or _edge(fd, length - EDGE, length) != tail:
        return None
    return Index(length, head, tail, found)


_new = tuple.__new__  # a Block from its four numbers, checked by _four: an index holds hundreds


def _four(numbers: Any) -> tuple[int, int, int, int]:
    """A saved block's four whole numbers; ValueError for anything else."""
    if type(numbers) is not list or len(numbers) != 4 or set(map(type, numbers)) != {int}:
        raise ValueError("not a block")
    start, end, top, before = numbers
    return start, end, top, before


def edges(fd: int, length: int) -> tuple[str, str]:
    """The hashes of the first and last 4 KiB of the journal's first ``length`` bytes: what
    says a derived file still describes the start of this journal."""
    return _edge(fd, 0, length), _edge(fd, length - EDGE, length)


def _edge(fd: int, start: int, end: int) -> str:
    """A hash of the bytes between ``start`` and ``end`` (clipped to the file's start)."""
    start = max(0, start)
    return derived.digest(_pread(fd, min(end, start + EDGE) - start, start))


def _pread(fd: int, size: int, offset: int) -> bytes:
    import os

    chunks = []
    while size > 0:
        chunk = os.pread(fd, size, offset)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
        offset += len(chunk)
    return b"".join(chunks)
