"""Sentences fitted to a terminal: wrapped between words, with a hanging indent, and a command
to copy never split.

A terminal left to itself breaks a long line at its last column, mid-word ("If y|ou took
it"), and a command such as ``medlog take lexapro --at "yesterday 08:00"`` across two lines
no longer pastes. Only text bound for a terminal is fitted: a pipe or a file keeps each
sentence on one line, for the program reading it. No Rich here: ``take`` prints through this.
"""

from __future__ import annotations

import re
import textwrap

_GLUE = "\u00a0"  # textwrap breaks only at ASCII whitespace: a no-break space holds words together
_TOKEN = re.compile(r'"[^"\n]*"[.,;:)]*|\S+')
_ENDS_COMMAND = re.compile(r"[.,;)]$")
HANGING = "  "
_PROGRAM = "medlog"  # a command to copy starts with it, then a command's name or an option
# medlog's commands (cli/app.COMMAND_MODULES, held equal by tests/unit/test_prose.py): "medlog
# applies adults' limits" is a sentence, "medlog profile --born YEAR" a command.
COMMANDS = frozenset(
    [
        "take",
        "skip",
        "undo",
        "amend",
        "checkin",
        "ask",
        "lab",
        "fill",
        "supply",
        "today",
        "due",
        "remind",
        "history",
        "report",
        "card",
        "add",
        "edit",
        "stop",
        "resume",
        "hold",
        "remove",
        "list",
        "allergy",
        "interactions",
        "space",
        "catalog",
        "profile",
        "export",
        "import",
        "merge",
        "check",
        "demo",
    ]
)


def held(line: str, longest: int | None = None) -> str:
    """``line`` with each quoted text and each ``medlog ...`` command held together by no-break
    spaces (a command longer than ``longest`` is left to break between its words); the spaces
    between words are kept as they are (two in a legend stay two)."""
    found = list(_TOKEN.finditer(line))
    tokens = [match.group(0).replace(" ", _GLUE) for match in found]
    gaps = [line[(found[n - 1].end() if n else 0) : match.start()] for n, match in enumerate(found)]
    words: list[str] = []
    command: list[str] | None = None
    gap = ""  # before the command being gathered
    for index, word in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if command is not None and word.startswith("("):  # a shell command has no "(": prose
            words.append(gap + _whole(command, longest))
            command = None
        if command is None and word.lstrip("(") == _PROGRAM and _starts_command(following):
            command, gap = [word], gaps[index]
        elif command is not None:
            command.append(word)
            if _ENDS_COMMAND.search(word):
                words.append(gap + _whole(command, longest))
                command = None
        else:
            words.append(gaps[index] + word)
    if command is not None:
        words.append(gap + _whole(command, longest))
    return "".join(words)


def _starts_command(word: str) -> bool:
    """True when ``word``, after "medlog", makes a command to copy."""
    return word.startswith("-") or word.rstrip(".,;:)") in COMMANDS


def _whole(command: list[str], longest: int | None) -> str:
    """A command's words as one word, unless it is longer than ``longest``."""
    joined = _GLUE.join(command)
    return " ".join(command) if longest is not None and len(joined) > longest else joined


def kept_together(phrase: str) -> str:
    """``phrase`` as one word for ``fit``: wrapped whole ("x missed" in a legend)."""
    return phrase.replace(" ", _GLUE)


def released(text: str) -> str:
    """``text`` with the no-break spaces ``held`` put in made ordinary spaces again."""
    return text.replace(_GLUE, " ")


def fit(text: str, width: int) -> str:
    """``text`` with each line longer than ``width`` wrapped between words, its later lines
    indented two spaces more than its first; a quoted text or a command stays whole, on a
    line of its own when it is longer than the width."""
    lines = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(released(line))
            continue
        indent = line[: len(line) - len(line.lstrip(" "))]
        wrapped = textwrap.wrap(
            held(line.strip(" ")),
            width,
            initial_indent=indent,
            subsequent_indent=indent + HANGING,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines += [released(part) for part in wrapped]
    return "\n".join(lines)
