"""The commands run most, in their plain forms, without Typer: ``take`` for each dose,
``checkin`` each evening, ``fill`` at the pharmacy and ``due --short`` in every prompt.

Importing Typer costs more than everything else these commands do (DESIGN.md "Budgets":
take within the wall time of a minimal Typer app, the others within 1.1x a take). So the
entry point asks ``parsed`` first. The plain forms below run here, through the same action,
the same words and the same exit point (``exits.run``) as the Typer commands, which call the
same functions (``take_one``, ``check_in``, ``fill_one``, ``short_due``):

    [--home DIR] take WORDS... [--at WHEN] [--note TEXT] [-v]
    [--home DIR] checkin [--mood N] [--anxiety N] [--sleep H] [--sleep-quality N]
                         [--side-effect NAME]... [--note TEXT] [--at WHEN]
    [--home DIR] fill WORDS... [--on DAY] [--days N] [--count Q] [--strength S] [--size S]
                         [--note TEXT]
    [--home DIR] due --short

with options anywhere after the command, as ``--opt VALUE`` or ``--opt=VALUE``; and the
shell's Tab on the name after take, skip or fill (``completed``, cli/completion.py). Anything
else (help, any other completion, a questionnaire, ``--due``, several items, a repeated or unknown
option, a value or word that looks like an option) returns None and Typer parses it as
ever, with its own messages, so nothing a person types is understood differently
(tests/cli/test_fast.py holds the two paths equal).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from medlog import measures
from medlog.cli.exits import now, open_store, out, warn, warn_torn

if TYPE_CHECKING:
    from datetime import datetime

    from medlog.actions.doses import Logged
    from medlog.store import Store

Body = Callable[[], int]


class Typed(NamedTuple):
    """What followed the command: its words, each option's value (by its spelling), the
    values of the one repeatable option, and the flags given (by their long spelling)."""

    words: list[str]
    values: dict[str, str]
    repeated: list[str]
    flags: set[str]


class Form(NamedTuple):
    """A command's plain form: the options it takes a value for (each at most once), the one
    it takes any number of times, its flags (each spelling -> the long one), whether it takes
    words, and whether a comma in them is Typer's (several items)."""

    valued: tuple[str, ...]
    repeatable: str | None
    flags: Mapping[str, str]
    words: bool
    commas: bool = False


_MEASURES = tuple(found.flag for found in measures.MEASURES)
# fill's options -> the keywords of actions.supply.fill
_FILL_TEXTS = {"--on": "on_text", "--days": "days_text", "--count": "count_text",
               "--strength": "strength_text", "--size": "size_text", "--note": "note"}  # fmt: skip
FORMS = {
    "take": Form(("--at", "--note"), None, {"-v": "--verbose", "--verbose": "--verbose"}, True,
                 commas=True),
    "checkin": Form((*_MEASURES, "--note", "--at"), "--side-effect", {}, False),
    "fill": Form(tuple(_FILL_TEXTS), None, {}, True),
    "due": Form((), None, {"--short": "--short"}, False),
}  # fmt: skip


def parsed(argv: Sequence[str]) -> Body | None:
    """The command ``argv`` (without the program name) asks for, ready to run; or None when
    it is anything but one of the plain forms."""
    if "_MEDLOG_COMPLETE" in os.environ:  # shell completion is Typer's
        return None
    rest, home = _home(list(argv))
    form = FORMS.get(rest[0]) if rest else None
    typed = None if form is None else _typed(rest[1:], form)
    if typed is None:
        return None
    return _BODIES[rest[0]](home, typed)


def completed() -> Body | None:
    """The shell's Tab on an item's name right after take, skip or fill, answered as Typer
    answers it (cli/completion.py); None for any other completion, or none asked for."""
    if "_MEDLOG_COMPLETE" not in os.environ:
        return None
    from medlog.cli.completion import answer

    found = answer(os.environ)
    if found is None:
        return None

    def body() -> int:
        sys.stdout.write(found.text)  # as Typer echoes it, never fitted to a terminal
        return found.code

    return body


def _typed(tokens: list[str], form: Form) -> Typed | None:
    """The words, values and flags of ``tokens``, or None when anything in them is Typer's."""
    typed = Typed([], {}, [], set())
    given = iter(tokens)
    for token in given:
        name, equals, value = token.partition("=")
        if token in form.flags:
            typed.flags.add(form.flags[token])
        elif (name in form.valued and name not in typed.values) or name == form.repeatable:
            found = value if equals else next(given, None)
            if found is None or found.startswith("-"):
                return None
            if name == form.repeatable:
                typed.repeated.append(found)
            else:
                typed.values[name] = found
        elif token.startswith("-") or not form.words or (form.commas and "," in token):
            return None
        else:
            typed.words.append(token)
    return typed if typed.words or not form.words else None


def _home(argv: list[str]) -> tuple[list[str], str | None]:
    """The words after a leading ``--home DIR`` (or ``--home=DIR``), and DIR."""
    if argv[:1] == ["--home"] and len(argv) > 1 and not argv[1].startswith("-"):
        return argv[2:], argv[1]
    if argv and argv[0].startswith("--home=") and len(argv[0]) > len("--home="):
        return argv[1:], argv[0].removeprefix("--home=")
    return argv, None


def _take(home: str | None, typed: Typed) -> Body:
    def body() -> int:
        moment = now()
        take_one(
            open_store(home, "take"),
            moment,
            typed.words,
            at=typed.values.get("--at"),
            note=typed.values.get("--note"),
            verbose="--verbose" in typed.flags,
        )
        return 0

    return body


def _checkin(home: str | None, typed: Typed) -> Body:
    def body() -> int:
        store, moment = open_store(home, "checkin"), now()
        entered = {found.key: typed.values.get(found.flag) for found in measures.MEASURES}
        check_in(
            store,
            moment,
            entered,
            side_effects=typed.repeated,
            note=typed.values.get("--note"),
            at=typed.values.get("--at"),
        )
        return 0

    return body


def _fill(home: str | None, typed: Typed) -> Body:
    def body() -> int:
        moment = now()
        texts = {_FILL_TEXTS[option]: value for option, value in typed.values.items()}
        fill_one(open_store(home, "fill"), moment, typed.words, **texts)
        return 0

    return body


def _due(home: str | None, typed: Typed) -> Body | None:
    if typed.flags != {"--short"}:
        return None  # due's other outputs (its exit 1, --notify) are Typer's

    def body() -> int:
        short_due(open_store(home, "due"), now())
        return 0

    return body


_BODIES: dict[str, Callable[[str | None, Typed], Body | None]] = {
    "take": _take,
    "checkin": _checkin,
    "fill": _fill,
    "due": _due,
}


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


def check_in(
    store: Store,
    moment: datetime,
    entered: dict[str, str | None],
    *,
    side_effects: Sequence[str],
    note: str | None,
    at: str | None,
) -> None:
    """Log a check-in (each measure's text by its key, None when not given) and say so."""
    from medlog.actions import checkins
    from medlog.render.confirmations import recorded_text

    result = checkins.check_in(
        store, moment, entered, side_effects=side_effects, note=note, at_text=at
    )
    warn_torn(result.torn, set_aside=True)
    out(recorded_text(result, moment.date()))


def fill_one(store: Store, moment: datetime, words: list[str], **texts: str | None) -> None:
    """Log a fill (or, with ``count_text``, what is on hand now) and say how long it lasts;
    ``texts`` are what was typed for actions.supply.fill's options."""
    from medlog.actions.supply import fill
    from medlog.render.confirmations import filled_text

    result = fill(store, moment, words, **texts)
    warn_torn(result.torn, set_aside=True)
    out(filled_text(result, moment.date()))


def short_due(store: Store, moment: datetime) -> None:
    """due --short: at most one line for a shell prompt, or nothing (no supply: it is not
    shown there)."""
    from medlog.actions.today import today
    from medlog.render.today import short_due_text

    out(short_due_text(today(store, moment, supply=False)))
