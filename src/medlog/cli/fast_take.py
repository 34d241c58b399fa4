"""``medlog take NAME [AMOUNT]`` without Typer: the command people run most, for each dose.

Importing Typer costs more than everything else a take does (DESIGN.md "Budgets": take
within the wall time of a minimal Typer app). So the entry point asks ``parsed`` first: the
plain forms of a single take (``[--home DIR] take WORDS... [--at WHEN] [--note TEXT]
[-v]``, options anywhere after ``take``) run here, through the same action, the same words
and the same exit point (``exits.run``) as the Typer command, which calls ``take_one`` too.
Anything else (help, completion, ``--due``, several items, a repeated or unknown option, a
value that looks like an option) returns None and Typer parses it as ever, with its own
messages, so nothing a person types is understood differently.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from medlog.cli.exits import now, open_store, out, warn, warn_torn

if TYPE_CHECKING:
    from datetime import datetime

    from medlog.actions.doses import Logged
    from medlog.store import Store

_VALUED = ("--at", "--note")  # take's options that take a value
_FLAGS = ("-v", "--verbose")


def parsed(argv: Sequence[str]) -> Callable[[], int] | None:
    """The take that ``argv`` (without the program name) asks for, ready to run; or None
    when it is anything but a plain single take."""
    if "_MEDLOG_COMPLETE" in os.environ:  # shell completion is Typer's
        return None
    rest, home = _home(list(argv))
    if rest[:1] != ["take"]:
        return None
    words: list[str] = []
    values: dict[str, str] = {}
    verbose = False
    tokens = iter(rest[1:])
    for token in tokens:
        name, equals, value = token.partition("=")
        if token in _FLAGS:
            verbose = True
        elif name in _VALUED and name not in values:
            found = value if equals else next(tokens, None)
            if found is None or found.startswith("-"):
                return None
            values[name] = found
        elif token.startswith("-") or "," in token:
            return None
        else:
            words.append(token)
    if not words:
        return None
    at, note = values.get("--at"), values.get("--note")

    def body() -> int:
        moment = now()
        take_one(open_store(home, "take"), moment, words, at=at, note=note, verbose=verbose)
        return 0

    return body


def _home(argv: list[str]) -> tuple[list[str], str | None]:
    """The words after a leading ``--home DIR`` (or ``--home=DIR``), and DIR."""
    if argv[:1] == ["--home"] and len(argv) > 1 and not argv[1].startswith("-"):
        return argv[2:], argv[1]
    if argv and argv[0].startswith("--home=") and len(argv[0]) > len("--home="):
        return argv[1:], argv[0].removeprefix("--home=")
    return argv, None


def take_one(
    store: Store,
    moment: datetime,
    words: list[str],
    *,
    at: str | None,
    note: str | None,
    verbose: bool,
) -> None:
    """Log one dose and say so: the logged line on stdout, then its warnings on stderr."""
    from medlog.actions.doses import take
    from medlog.render.confirmations import logged_text

    result = take(store, moment, words, at_text=at, note=note)
    say(logged_text(result, moment.date(), verbose=verbose), result)


def say(line: str, result: Logged) -> None:
    """What take and skip print: a torn line set aside, the logged line, then warnings."""
    warn_torn(result.torn, set_aside=True)
    out(line)
    for warning in result.warnings:
        warn(warning)
