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
_PROGRAM = "medlog"  # a command to copy starts with it


def _glued(line: str) -> str:
    """``line`` with each quoted text and each ``medlog ...`` command held together."""
    words: list[str] = []
    command: list[str] | None = None
    for found in _TOKEN.findall(line):
        word = found.replace(" ", _GLUE)
        if command is None and word == _PROGRAM:
            command = [word]
        elif command is not None:
            command.append(word)
            if _ENDS_COMMAND.search(word):
                words.append(_GLUE.join(command))
                command = None
        else:
            words.append(word)
    if command is not None:
        words.append(_GLUE.join(command))
    return " ".join(words)


def fit(text: str, width: int) -> str:
    """``text`` with each line longer than ``width`` wrapped between words, its later lines
    indented two spaces more than its first; a quoted text or a command stays whole, on a
    line of its own when it is longer than the width."""
    lines = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip(" "))]
        wrapped = textwrap.wrap(
            _glued(line.strip(" ")),
            width,
            initial_indent=indent,
            subsequent_indent=indent + HANGING,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines += [part.replace(_GLUE, " ") for part in wrapped]
    return "\n".join(lines)
