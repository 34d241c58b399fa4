"""Where a store's derived, per-machine files live: outside the store, so sync tools never
carry them (DESIGN.md "Architecture").

Each store gets its own folder under platformdirs' user state directory (what this machine
knows about a store: the journal's stamp index, reminder state) or user cache directory
(what can be rebuilt at any cost: the report's per-day summary), named by a hash of the
store's resolved path. Deleting any of them never changes a figure; one that cannot be read
or written is rebuilt or done without, never an error, and one edited by hand is not trusted
(each ends with a seal of the rest: ``text``, and the report summary's own).
"""

from __future__ import annotations

import json
import os
import stat
import zlib
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any, Literal

from medlog.durable import FILE_MODE, private_folder
from medlog.paths import user_dir

Kind = Literal["state", "cache"]


def folder(store_home: Path, kind: Kind) -> Path:
    """The folder of ``store_home``'s derived files of ``kind`` (not created)."""
    key = digest(os.fsencode(os.path.realpath(store_home)))
    return user_dir(kind) / "stores" / key


def digest(data: bytes) -> str:
    """A 64-bit checksum of ``data`` (CRC-32 and Adler-32), as 16 hex digits: what says a
    derived file still describes the bytes it was made from. Not a defence against anyone
    forging a collision, which a per-machine shortcut of one's own files does not need;
    ``zlib`` costs every ``take`` nothing to import, where ``hashlib`` costs about 5 ms."""
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def load(path: Path) -> Any:
    """The JSON a derived file holds, or None when it is missing, unreadable or not as
    ``text`` sealed it (edited by hand, cut short, a flipped bit)."""
    try:
        body, _, seal = _contents(path).rpartition(b"\n")
        return json.loads(body) if seal == digest(body).encode() else None
    except (OSError, ValueError, RecursionError):
        return None


def read(path: Path) -> list[bytes]:
    """The lines of a derived file of JSON Lines; none when it is missing or unreadable."""
    try:
        return _contents(path).splitlines()
    except OSError:
        return []


def _contents(path: Path) -> bytes:
    """A derived file's bytes; OSError for anything but a regular file (opened without
    blocking: a FIFO put in its place never hangs medlog)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return handle.read()


def save(path: Path, value: Any) -> None:
    """Write a derived file of JSON atomically (0600 in 0700 folders); a failure is ignored:
    the file is only ever a shortcut."""
    save_text(path, [text(value)])


def save_text(path: Path, chunks: Iterable[str]) -> None:
    """``save`` for text made chunk by chunk (JSON Lines), written as it is made."""
    try:
        write(path, chunks)
    except OSError:
        return


def text(value: Any) -> str:
    """``value`` as the compact JSON derived files hold, then a line that seals it (its
    ``digest``): ``load`` trusts nothing else."""
    body = json.dumps(value, separators=(",", ":"))
    return f"{body}\n{digest(body.encode())}"


def clear_leftovers(path: Path) -> None:
    """Remove what writers of ``path`` killed half-way left behind (``write``'s temporary
    files: a kill, the OOM killer, a container stopped). For a file only the holder of its
    lock writes (``background``), called by that holder."""
    for found in path.parent.glob(f".{path.name}.*.tmp"):
        with suppress(OSError):
            found.unlink()


def write(path: Path, chunks: Iterable[str]) -> None:
    """Write a derived file's text atomically (0600 in 0700 folders), raising OSError on
    failure: for a file whose loss would repeat something (the reminders already announced)."""
    private_folder(path.parent)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines(chunks)
        temp.replace(path)
    except OSError:
        temp.unlink(missing_ok=True)
        raise
