"""One run of medlog, with or without Typer: its guarded output streams, the stores it
opened, the shared helpers of every command (the clock, stdout, warnings), and the one exit
point (``run``), where every way a command can end becomes its exit code (DESIGN.md "Exit
codes"). The Typer app (``app.py``) and the fast path (``fast.py``) both end here;
nothing else calls ``sys.exit``. Imports nothing heavy: the fast path runs without Typer.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from medlog.errors import ExitCode, MedlogError, OutputFailed, PipeClosed
from medlog.names import printable

if TYPE_CHECKING:
    from medlog.model import Regimen
    from medlog.store import Store


def run(body: Callable[[], int]) -> NoReturn:
    """Run one command's ``body`` and exit with its status: the only exit point of medlog."""
    OPENED.clear()
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = GuardedOutput(stdout), QuietErrors(stderr)
    try:
        code = _status(body)
    finally:
        sys.stdout, sys.stderr = stdout, stderr
    for store in OPENED:
        for notice in store.notices:
            QuietErrors(stderr).write(_fitted(f"Note: {notice}\n", stderr))
    if ENDS_PROCESS:
        # Everything is said and every file medlog wrote is closed (and fsynced): freeing
        # each module and object on the way out only costs time, a tenth of a take's. What
        # output could not be written is dropped here rather than tried again at teardown
        # (which would turn its 74 into Python's 120).
        status = int(code) if _flushed(stdout, stderr) or code else ExitCode.OUTPUT_FAILED
        with contextlib.suppress(KeyboardInterrupt):  # all is said: a Ctrl-C stops no more
            _afterwards(detached=True)
        os._exit(status)
    _afterwards(detached=False)
    sys.exit(int(code))


def _afterwards(*, detached: bool) -> None:
    """The work left for after the output (``background``: the report's per-day summary),
    in a child process when the run is the whole process. Only a run that gave some has
    imported the module: every other run (each take) skips it without importing it."""
    background = sys.modules.get("medlog.background")
    if background is not None:
        background.finish(detached=detached)


# True when this run is the whole process (the console script, ``cli.main``), so it may end
# without the interpreter's teardown; False in-process (tests, CliRunner): a plain exit.
ENDS_PROCESS = False


def _flushed(stdout: TextIO | None, stderr: TextIO | None) -> bool:
    """True when stdout's buffer reached its file (stderr's, if it cannot, is let go)."""
    if stderr is not None:
        QuietErrors(stderr).flush()
    try:
        if stdout is not None:
            stdout.flush()
    except (OSError, ValueError):
        return False
    return True


def _status(body: Callable[[], int]) -> int:
    """The command's exit status, with every way it can end turned into its code."""
    try:
        code = body()
        sys.stdout.flush()
        if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into exit 130 itself
            _interrupted()
    except MedlogError as error:
        label = "" if error.exit_code == ExitCode.OK else "Error: "
        said(f"{label}{error.message}\n")
        code = error.exit_code
    except KeyboardInterrupt:
        _interrupted()
        code = ExitCode.INTERRUPTED
    except (PipeClosed, BrokenPipeError):
        _silence_stdout()  # the reader left (| head): nothing more to say, and no one to say it
        code = ExitCode.BROKEN_PIPE
    except Exception as error:
        if os.environ.get("MEDLOG_DEBUG") == "1":
            import traceback

            traceback.print_exc()  # plain frames and lines, never local values
        # The exception's own text could quote health data; its type is enough to report.
        kept = (
            "what it saved before the error is kept (medlog history, list or allergy list shows it)"
            if _saved()
            else "it changed nothing"
        )
        sys.stderr.write(
            f"Error: medlog hit an internal error ({type(error).__name__}), a bug; {kept}. "
            "Run again with MEDLOG_DEBUG=1 to see where, and please report it.\n"
        )
        code = ExitCode.INTERNAL_ERROR
    return code


# The stores this run opened, so the exit point can print their notices.
OPENED: list[Store] = []


_PIECE = 64 * 1024


class GuardedOutput:
    """stdout for one run: a failed write is exit 74 with a message, a closed pipe PipeClosed."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:  # started with stdout closed (>&-)
            raise output_failed(OSError(errno.EBADF, "standard output is closed"))
        try:
            # In pieces: one large write to a pipe can be cut short by a reader that leaves
            # (| head -c), and Python's text layer then drops the rest without an error.
            # (At least one write, whatever the length: click probes with write(b"").)
            for start in range(0, max(len(text), 1), _PIECE):
                self._stream.write(text[start : start + _PIECE])
        except BrokenPipeError:
            raise PipeClosed from None
        except OSError as error:
            raise output_failed(error) from None
        return len(text)

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise PipeClosed from None
        except OSError as error:
            raise output_failed(error) from None

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class QuietErrors:
    """stderr for one run: what it says is printable (a file name with an escape code in it
    cannot reach the terminal as one), and when even it cannot be written (2>/dev/full,
    2>&-) medlog says nothing rather than fail: the exit code still tells what happened."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self._stream.write(printable(text) if isinstance(text, str) else text)
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _interrupted() -> None:
    """Say a Ctrl-C stopped the command, and whether its change was already written."""
    sys.stderr.write(f"Interrupted; {_SAVED_ALREADY}.\n" if _saved() else "Interrupted.\n")


def _saved() -> bool:
    """True when this run's command has already changed a store (lines put back before it,
    by ``Store.settle``, are not its change: their notice says what they are)."""
    return any(store.wrote for store in OPENED)


# What a command stopped after its change was written says (a Ctrl-C, output that failed).
_SAVED_ALREADY = (
    "the change itself was saved (medlog history, list or allergy list shows it); do not repeat it"
)


def output_failed(error: OSError) -> OutputFailed:
    """Exit 74 for output that could not be written, saying whether the store changed."""
    outcome = _SAVED_ALREADY if _saved() else "nothing in the store changed because of it"
    return OutputFailed(
        f"Could not write the output: {error.strerror or error}. What was printed is "
        f"incomplete; {outcome}."
    )


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's own flush at exit cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    except (OSError, ValueError):
        pass


def open_store(home: str | None, command: str | None) -> Store:
    """The store ``command`` uses: ``home`` (--home), else MEDLOG_HOME, else the user data
    directory; an import or merge a crash cut short is rolled back first, and conflict copies
    beside it are noticed (except by merge, which absorbs them)."""
    from medlog.paths import home_dir
    from medlog.store import Store

    store = Store(home_dir(home, os.environ), upgrade=_up_to_date)
    OPENED.append(store)  # its notices are printed on the way out
    store.settle(now)  # an import or merge a crash cut short is rolled back first
    from medlog.conflicts import notice

    said = notice(store.home)
    if said is not None and command != "merge":
        store.notices.append(said)
    return store


def _up_to_date(regimen: Regimen) -> Regimen:
    """A regimen written with an older catalog, or with facts chosen for another age than the
    person's this year, judged by this medlog's facts for that age (a current one never loads
    the catalog)."""
    from medlog.migrations import CATALOG
    from medlog.profile import stale

    moment = now()
    if (regimen.catalog or 0) >= CATALOG and not stale(regimen.profile, moment.date()):
        return regimen
    from medlog.actions.facts import up_to_date

    return up_to_date(regimen, moment)


def now() -> datetime:
    """The current local time, or MEDLOG_NOW."""
    from medlog.timeparse import clock_now

    return clock_now(os.environ)


def out(text: str) -> None:
    """Write data to stdout (fitted to a terminal's width: ``render.prose``)."""
    sys.stdout.write(_fitted(text, sys.stdout))


def said(text: str) -> None:
    """Write an error or a usage message to stderr (fitted to a terminal's width)."""
    sys.stderr.write(_fitted(text, sys.stderr))


def warn(text: str) -> None:
    """Write a warning to stderr, after what stdout holds so far (in a pipe, so a terminal
    showing both reads them in the order written); it never changes the exit code."""
    sys.stdout.flush()
    sys.stderr.write(_fitted(f"Warning: {text}\n", sys.stderr))


_NARROWEST = 20


def _fitted(text: str, stream: TextIO | None) -> str:
    """``text`` wrapped between words to the terminal ``stream`` is, else as it is."""
    try:
        if stream is None or not stream.isatty():
            return text
        width = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError):  # not a real terminal after all (a test's stand-in)
        return text
    if width < _NARROWEST:  # a terminal that gives no size (0) is left to wrap as it will
        return text
    from medlog.render.prose import fit

    return fit(text, width)


def warn_torn(torn: bool, *, set_aside: bool = False) -> None:
    """Tell the person the journal's last line was an interrupted write, and what became of it.

    Readers ignore it; a writer (``set_aside``) has just moved it to journal.jsonl.torn.
    """
    if torn:
        fate = (
            "this command moved it to journal.jsonl.torn"
            if set_aside
            else "it was ignored (the next write sets it aside in journal.jsonl.torn)"
        )
        warn(f"journal.jsonl ended with an incomplete line from an interrupted write; {fate}.")
