"""The errors medlog reports to a person, each with its message and exit code.

The core raises these; only the exit point, ``cli/exits.run``, turns them into
stderr text and an exit status. Messages name what was wrong and what is
accepted, and never carry a traceback or health data beyond what the person just
typed (``quote`` shows typed text escaped and cut short).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What medlog's exit status means."""

    OK = 0
    CHECK_FAILED = 1
    BAD_INPUT = 2
    STORE_PROBLEM = 3
    INTERNAL_ERROR = 70
    OUTPUT_FAILED = 74
    INTERRUPTED = 130
    BROKEN_PIPE = 141


class MedlogError(Exception):
    """A problem a person can act on: a message and an exit code."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(MedlogError):
    """The command line asked for something malformed or impossible; nothing was written."""

    exit_code = ExitCode.BAD_INPUT


class StoreProblem(MedlogError):
    """The store is unreadable, corrupt, locked, or newer than this medlog."""

    exit_code = ExitCode.STORE_PROBLEM


class OutputFailed(MedlogError):
    """The output (stdout or an -o file) could not be written: disk full, unwritable, gone."""

    exit_code = ExitCode.OUTPUT_FAILED


class PipeClosed(Exception):
    """The reader of stdout closed the pipe (``| head``): exit 141, quietly.

    Not an OSError, so nothing between the write and medlog's exit point takes it
    for another failure (Typer would exit 1, the code ``due`` keeps for "overdue").
    """


class Declined(MedlogError):
    """The person answered no to a confirmation: nothing changed, and that is not an error."""

    exit_code = ExitCode.OK


class Stopped(MedlogError):
    """The person left a questionnaire part-way (Ctrl-D or Ctrl-C): nothing was recorded."""

    exit_code = ExitCode.INTERRUPTED


def quote(text: str, limit: int = 40) -> str:
    """``text`` for an error message: repr-quoted (so escape codes show as escapes), cut
    after ``limit`` characters."""
    return repr(text if len(text) <= limit else text[:limit] + "…")
