"""Where a store's derived, per-machine files live: outside the store, so sync tools never
carry them (DESIGN.md "Architecture").

Each store gets its own folder under platformdirs' user state directory (what this machine
knows about a store: the journal's stamp index, reminder state) or user cache directory
(what can be rebuilt at any cost: the report's per-day summary), named by a hash of the
store's resolved path. Deleting any of them never changes a figure; one that cannot be read
or written is rebuilt or done without, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from medlog.durable import DIR_MODE, FILE_MODE

Kind = Literal["state", "cache"]


def folder(store_home: Path, kind: Kind) -> Path:
    """The folder of ``store_home``'s derived files of ``kind`` (not created)."""
    import platformdirs  # only commands that keep derived files pay for it

    base = platformdirs.user_state_dir if kind == "state" else platformdirs.user_cache_dir
    key = hashlib.sha256(os.fsencode(os.path.realpath(store_home))).hexdigest()[:16]
    return Path(base("medlog", appauthor=False)) / "stores" / key


def load(path: Path) -> Any:
    """The JSON a derived file holds, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None


def read(path: Path) -> list[bytes]:
    """The lines of a derived file of JSON Lines; none when it is missing or unreadable."""
    try:
        return path.read_bytes().splitlines()
    except OSError:
        return []


def save(path: Path, value: Any) -> None:
    """Write a derived file atomically (0600 in 0700 folders); a failure is ignored: the file
    is only ever a shortcut."""
    write(path, [json.dumps(value, separators=(",", ":"))])


def write(path: Path, chunks: Iterable[str]) -> None:
    """Write a derived file's text atomically, chunk by chunk as they are made (``save``)."""
    try:
        path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines(chunks)
        temp.replace(path)
    except OSError:
        return
