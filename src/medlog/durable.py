"""Durable file writes: atomic replacement, directory fsync, and OS errors as store problems."""

from __future__ import annotations

import os
from pathlib import Path

from medlog.errors import StoreProblem

FILE_MODE = 0o600
DIR_MODE = 0o700


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never half.

    The temp file lives in the same directory (so the rename is atomic), is
    fsynced before the rename, and the directory is fsynced after it.
    """
    import tempfile  # only writers of medlog.toml and exports need it

    try:
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise os_problem(path, error) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(FILE_MODE)
        temp.replace(path)
        fsync_directory(path.parent)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise os_problem(path, error) from None


def fsync_directory(directory: Path) -> None:
    """Make a new or replaced directory entry durable."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def os_problem(path: Path, error: OSError) -> StoreProblem:
    """An exit-3 problem for a file the operating system would not let medlog use."""
    if isinstance(error, IsADirectoryError):
        return StoreProblem(f"{path} is a directory, not a file; medlog has not changed it.")
    return StoreProblem(f"Cannot use {path}: {error.strerror or error}.")
