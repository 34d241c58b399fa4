"""Shell completion of item names: the keys ``arguments.complete_items`` offers, and the
shell's Tab right after ``medlog take``, ``skip`` or ``fill`` answered without Typer (issue
22: importing it was most of a completion's time).

``answer`` takes only the plainest request: the command and at most part of a name, nothing
quoted or escaped, for Typer's bash, zsh or fish completion, and prints what Typer prints
for it, byte for byte (tests/cli/test_completion.py compares the two). Anything else
(options, a second word, ``--home``, another shell) is left to Typer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import NamedTuple

COMMANDS = frozenset({"take", "skip", "fill"})  # their first word is an item's name
_BLANK = re.compile(r"[ \t\r\n]+")  # shlex's whitespace, which Typer splits on
_SHELLS = {"complete_bash": "bash", "complete_zsh": "zsh", "complete_fish": "fish"}


class Answer(NamedTuple):
    """What Typer's completion writes to stdout, and its exit status."""

    text: str
    code: int


def item_keys(home: str | None, incomplete: str) -> list[str]:
    """Item keys starting with what was typed; reads the store, never writes it.

    A store that cannot be read completes nothing: the shell must never see a traceback.
    """
    try:
        from medlog.paths import home_dir
        from medlog.store import Store

        store = Store(home_dir(home, os.environ))
        wanted = incomplete.casefold()
        return [item.key for item in store.load_regimen().items if item.key.startswith(wanted)]
    except Exception:  # completion must fail quietly, whatever went wrong
        return []


def answer(environ: Mapping[str, str]) -> Answer | None:
    """Typer's answer to a completion of the first word after take, skip or fill, or None
    when the request is anything else."""
    shell = _SHELLS.get(environ.get("_MEDLOG_COMPLETE", ""))
    if shell is None:
        return None
    typed = _bash(environ) if shell == "bash" else _typed(environ)
    if typed is None:
        return None
    args, incomplete = typed
    if len(args) != 1 or args[0] not in COMMANDS or not (incomplete[:1] or "a").isalnum():
        return None
    # Typer keeps only what starts with the word as typed (not casefolded)
    keys = [key for key in item_keys(None, incomplete) if key.startswith(incomplete)]
    if shell == "bash":
        return Answer("\n".join(keys) + "\n", 0)
    if shell == "zsh":
        listed = "\n".join(f'"{_zsh_escaped(key)}"' for key in keys)
        return Answer((f"_arguments '*: :(({listed}))'" if keys else "_files") + "\n", 0)
    action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
    if action == "is-args":
        return Answer("", 0 if keys else 1)
    return Answer(("\n".join(keys) if action == "get-args" else "") + "\n", 0)


def _words(text: str) -> list[str] | None:
    """``text`` split as Typer splits it (shlex), or None when it quotes or escapes."""
    if any(mark in text for mark in "'\"\\"):
        return None
    return [word for word in _BLANK.split(text) if word]


def _bash(environ: Mapping[str, str]) -> tuple[list[str], str] | None:
    """The words before the cursor and the one under it, from bash's COMP_WORDS."""
    words = _words(environ.get("COMP_WORDS", ""))
    if words is None or environ.get("COMP_CWORD") != "2" or len(words) not in (2, 3):
        return None
    return words[1:2], (words[2] if len(words) == 3 else "")


def _typed(environ: Mapping[str, str]) -> tuple[list[str], str] | None:
    """The same from zsh's or fish's command line (``_TYPER_COMPLETE_ARGS``)."""
    text = environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _words(text)
    if words is None:
        return None
    args = words[1:]
    if args and not text.endswith(" "):
        return args[:-1], args[-1]
    return args, ""


def _zsh_escaped(text: str) -> str:
    return (
        text.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )
