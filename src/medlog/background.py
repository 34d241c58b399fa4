"""Work that only keeps a derived file current, done once a command's output is out.

A cold ten-year ``report`` spends about half a second writing its per-day summary
(``day_summary``) after its figures are known; the person has no need to wait for it. A job
given to ``later`` runs at the exit point (``cli/exits.run``), after stdout and stderr are
flushed: in a child process of its own when the run is the whole process (the console
script), so the command returns while the child writes; in the same process otherwise
(tests, CliRunner), before the command returns.

Each job holds an exclusive lock on its own lock file, taken before the fork, so it is
held without a gap from before the command returns until the file is written: a reader
(``wait``) of the same file then waits for a job still writing (``medlog report`` twice in
a row reads the summary the first one wrote) and two jobs never write one file at once (the
second is dropped: the file is only ever a shortcut). The child ignores Ctrl-C, leaves the
terminal's session, holds /dev/null as its standard streams and closes every other
descriptor but its locks (so any pipe the command had ends when medlog returns), and ends
with ``os._exit``, saying nothing whatever happens: a derived file that could not be
written is made again by a later run. tests/unit/test_background.py holds each of these.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import signal
import stat
from collections.abc import Callable
from pathlib import Path

from medlog.durable import FILE_MODE, lock_within, private_folder

_JOBS: list[tuple[Path, Callable[[], None]]] = []
WAIT_SECONDS = 5.0  # the longest a reader waits for a job still writing its file


def later(lock: Path, job: Callable[[], None]) -> None:
    """Run ``job`` once the command's output is out (``finish``), holding ``lock``."""
    _JOBS.append((lock, job))


def finish(*, detached: bool) -> None:
    """Run the jobs ``later`` was given: in a child process when ``detached`` (the run is the
    whole process, and returns at once), else here. A job whose lock another job holds is
    dropped; one whose lock file cannot be used (a directory or a link in its place) runs
    without it: its file is replaced whole either way."""
    _run(list(_JOBS), detached=detached)


def _run(jobs: list[tuple[Path, Callable[[], None]]], *, detached: bool) -> None:
    """Run ``jobs`` (taken off the list), each holding its lock, in a child process when
    ``detached`` and one can be made, else here."""
    for entry in jobs:
        _JOBS.remove(entry)
    held = [(fd, job) for lock, job in jobs if (fd := _locked(lock)) != _BUSY]
    if not held:
        return
    child = False
    if detached:
        # Everything is said: a Ctrl-C now has nothing left to stop in the command, and
        # must not cut the fork short (a traceback) nor reach the child before it leaves
        # the terminal's session.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            child = os.fork() == 0
        except OSError:
            pass  # no process to spare: done here, as in-process
        else:
            if not child:
                # The parent returns (the locks stay held by the child's copies) and ends
                # without teardown; letting go of what the jobs hold (a ten-year report's
                # records, one by one) would cost it 75 ms first.
                _HANDED.extend(held)
                return
    try:
        if child:
            _detach([fd for fd, _ in held if fd is not None])
        for _, job in held:
            job()
    finally:
        for fd, _ in held:
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        if child:
            os._exit(0)  # whatever happened: nothing to say, and no one to say it to


_BUSY = -1  # _locked: another job holds the lock
_HANDED: list[tuple[int | None, Callable[[], None]]] = []  # jobs a child took: kept, not freed


def _locked(lock: Path) -> int | None:
    """An open descriptor (3 or above) of ``lock`` holding its exclusive lock; ``_BUSY``
    when another job holds it; None when the lock file cannot be used (made, opened as a
    regular file, not followed through a link)."""
    try:
        private_folder(lock.parent)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | _NOT_WAITING, FILE_MODE)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError
        if fd < 3:  # stdin or stderr was closed: out of the way of the child's streams
            low, fd = fd, fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3)
            os.close(low)
    except OSError:
        os.close(fd)
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        os.close(fd)
        return _BUSY if isinstance(error, BlockingIOError) else None
    return fd


_NOT_WAITING = os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOFOLLOW  # a FIFO or a link: at once


def _detach(keep: list[int]) -> None:
    """Leave the terminal's session and every descriptor of the command but the locks
    ``keep``: a Ctrl-C or a closed terminal after the command returned does not cut the
    write short, and no pipe the command had (stdout, stderr, a 3>&1) waits for it."""
    gc.disable()  # short-lived: collecting would only copy the parent's pages
    with contextlib.suppress(OSError):
        os.setsid()
    nothing = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(nothing, stream)
    for fd in _descriptors():
        if fd > 2 and fd not in keep:  # /dev/null's own too, once it stands on 0, 1 and 2
            with contextlib.suppress(OSError):
                os.close(fd)


def _descriptors() -> list[int]:
    """This process's open descriptors (Linux's /proc, else /dev/fd, else the first 1,024)."""
    for folder in ("/proc/self/fd", "/dev/fd"):
        with contextlib.suppress(OSError):
            return [int(path.name) for path in Path(folder).iterdir() if path.name.isdigit()]
    return list(range(1024))


def wait(lock: Path, seconds: float = WAIT_SECONDS) -> None:
    """Wait until no job holds ``lock`` (at most ``seconds``; then go on: what a job left
    half done is never read, as its file is replaced whole). A job of this run on ``lock``
    is done first, here: a command that reads a file twice reads what it wrote the first
    time, as when nothing waited for its output."""
    _run([job for job in _JOBS if job[0] == lock], detached=False)
    try:
        fd = os.open(lock, os.O_RDONLY | _NOT_WAITING)
    except OSError:
        return  # no job has ever written here (or a link stands in its place)
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            lock_within(fd, seconds, shared=True)
    except OSError:
        pass  # a lock this file system cannot take: nothing to wait for
    finally:
        os.close(fd)
