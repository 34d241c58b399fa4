"""Durable file writes: atomic replacement, directory fsync, and OS errors as store problems."""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path

from medlog.errors import MedlogError, StoreProblem

FILE_MODE = 0o600
DIR_MODE = 0o700


def write_atomically(path: Path, data: bytes, error: type[MedlogError] = StoreProblem) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never half.

    The temp file lives in the same directory (so the rename is atomic), is
    fsynced before the rename, and the directory is fsynced after it. A failure
    leaves no temp file behind and is raised as ``error`` (a store problem for
    the store's own files, bad input for a file the person named).
    """
    import tempfile  # only writers of medlog.toml and exports need it

    try:
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as failure:
        raise os_problem(path, failure, error) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(FILE_MODE)
        temp.replace(path)
        fsync_directory(path.parent)
    except OSError as failure:
        temp.unlink(missing_ok=True)
        raise os_problem(path, failure, error) from None


def private_folder(folder: Path, made: list[Path] | None = None) -> list[Path]:
    """Create ``folder`` and each missing folder above it, each 0700 whatever the umask
    (``Path.mkdir`` with ``parents`` makes the upper ones 0755): a store's folder, and
    medlog's state and cache folders, which show which stores it keeps. Folders that exist
    are left as they are. Returns those made, appended to ``made`` as they are, so that a
    caller can remove them after a failure (OSError; NotADirectoryError for a path that is
    there and is not a folder)."""
    made = [] if made is None else made
    missing: list[Path] = []
    while not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            raise NotADirectoryError(errno.ENOTDIR, "exists and is not a directory", str(folder))
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        try:
            each.mkdir(mode=DIR_MODE)
            each.chmod(DIR_MODE)  # whatever the umask
        except FileExistsError:
            continue  # another medlog made it a moment ago
        made.append(each)
    return made


def lock_within(fd: int, seconds: float, *, shared: bool = False) -> bool:
    """Take ``fd``'s flock (exclusive, or ``shared``), trying again with growing pauses for at
    most ``seconds``: True once taken, False when someone still holds it then."""
    deadline = time.monotonic() + seconds
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        else:
            return True


def fsync_directory(directory: Path) -> None:
    """Make a new or replaced directory entry durable."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def os_problem(
    path: Path, failure: OSError, error: type[MedlogError] = StoreProblem
) -> MedlogError:
    """The problem (exit 3 by default) for a file the system would not let medlog use."""
    if isinstance(failure, IsADirectoryError):
        return error(f"{path} is a directory, not a file; medlog has not changed it.")
    if isinstance(failure, NotADirectoryError):
        return error(f"{path.parent} is not a directory; medlog keeps its files in a directory.")
    return error(f"Cannot use {path}: {failure.strerror or failure}.")
