"""Sentences printed to a real terminal wrap between words, with commands kept whole
(issue 24: at 60 and 80 columns, warnings and hints broke mid-word)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.conftest import Run, in_terminal, ok

Medlog = Callable[..., Run]


def on_terminal(args: list[str], columns: int) -> str:
    """What the installed command shows on a pseudo-terminal ``columns`` wide, uncoloured."""
    _, screen = in_terminal(args, "", {}, columns)
    return re.sub(r"\x1b\[[0-9;]*m", "", screen)  # styles take no columns


@pytest.mark.parametrize("columns", [60, 80])
def test_warnings_and_hints_wrap_between_words(
    medlog: Medlog, columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The double-dose warning and the missed-yesterday hint fit the terminal, break only
    between words, and the command to copy stays on one line."""
    monkeypatch.delenv("COLUMNS", raising=False)  # the terminal's own width, as a person has
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-25"))  # fmt: skip
    ok(medlog("take", "lexapro"))
    screen = on_terminal(["take", "lexapro"], columns)
    lines = screen.rstrip("\n").split("\n")
    assert all(len(line) <= columns for line in lines), screen
    words = " ".join(screen.split())
    assert "If you did not take it: medlog undo. If you took it, leave it logged" in words
    today = on_terminal(["today"], columns)
    assert any('medlog take lexapro --at "yesterday 08:00"' in line for line in today.split("\n"))
    assert all(len(line) <= columns for line in today.rstrip("\n").split("\n")), today
