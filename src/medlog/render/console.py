"""The Rich console medlog prints to: colour on a terminal, plain text in a pipe or a file.

Rich drops styles when stdout is not a terminal and honours NO_COLOR; a pipe's width is
COLUMNS, else the terminal's when stderr is one (``medlog report | less``), else 100 (as a
file's is); a closed pipe becomes ``PipeClosed`` for medlog's exit point.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO, cast

if TYPE_CHECKING:
    from rich.console import Console


class _PlainText:
    """A file for Rich that drops trailing spaces, so piped tables are clean text."""

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        if lines:
            self.target.write("".join(line.rstrip() + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.target.write(self.pending.rstrip())
            self.pending = ""
        self.target.flush()

    def isatty(self) -> bool:
        return False


_PIPE_WIDTH = 100  # in a pipe or a file, unless COLUMNS says otherwise


def _console_class() -> type[Console]:
    """Rich's Console, but a closed pipe is PipeClosed for medlog's exit point.

    (Rich's own handling exits with status 1, which ``medlog due`` uses for "overdue".)
    """
    from rich.console import Console

    class PipeAwareConsole(Console):
        def on_broken_pipe(self) -> None:
            from medlog.errors import PipeClosed

            self.quiet = True
            raise PipeClosed

    return PipeAwareConsole


def _pipe_width(stream: TextIO | None = None) -> int:
    """COLUMNS when it is set to a sensible number; else, when ``stream`` is a pipe and stderr
    a terminal (``medlog report | less``), the terminal's width; else 100 (DESIGN.md)."""
    try:
        width = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        width = 0
    if not 20 <= width <= 1000 and stream is not None and _is_pipe(stream):
        width = _terminal_width(sys.stderr)
    return width if 20 <= width <= 1000 else _PIPE_WIDTH


def _is_pipe(stream: TextIO) -> bool:
    """True when ``stream`` is a pipe (not a file, nor a test's stand-in)."""
    try:
        return stat.S_ISFIFO(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False


def _terminal_width(stream: TextIO | None) -> int:
    """The width of the terminal ``stream`` is, else 0."""
    try:
        if stream is None or not stream.isatty():
            return 0
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 0


def make_console() -> Console:
    """A Rich console for stdout: colour on a terminal, plain text in a pipe; lines wrap
    between words at the terminal's width (in a pipe, ``_pipe_width``)."""
    Console = _console_class()
    stream = sys.stdout
    # Names, notes and queries are the person's text: never read as Rich markup or emoji codes.
    if stream.isatty() or os.environ.get("FORCE_COLOR"):
        return Console(file=stream, highlight=False, markup=False, emoji=False)
    return Console(
        file=cast(TextIO, _PlainText(stream)),
        highlight=False,
        width=_pipe_width(stream),
        markup=False,
        emoji=False,
    )


def plain_text(draw: Callable[[Console], None]) -> str:
    """What ``draw`` prints, as plain text without colour (for a file)."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    draw(
        Console(
            file=cast(TextIO, _PlainText(buffer)),
            highlight=False,
            width=_pipe_width(),
            color_system=None,
            markup=False,
            emoji=False,
        )
    )
    return buffer.getvalue()
