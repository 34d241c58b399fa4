"""Sentences printed to a real terminal wrap between words, with commands kept whole
(issue 24: at 60 and 80 columns, warnings and hints broke mid-word)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
from collections.abc import Callable

import pytest

from tests.conftest import MEDLOG_COMMAND, Run, ok

Medlog = Callable[..., Run]


def on_terminal(args: list[str], columns: int) -> str:
    """What the installed command shows on a pseudo-terminal ``columns`` wide."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    process = subprocess.Popen(
        [*MEDLOG_COMMAND, *args], stdin=child, stdout=child, stderr=child, env=env, close_fds=True
    )
    os.close(child)
    screen = b""
    while select.select([main], [], [], 20)[0]:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        screen += chunk
    process.wait(timeout=30)
    os.close(main)
    text = screen.decode(errors="replace").replace("\r\n", "\n")
    for code in ("\x1b[0m", "\x1b[1m", "\x1b[33m", "\x1b[31m", "\x1b[2m", "\x1b[1;31m"):
        text = text.replace(code, "")
    return text


@pytest.mark.parametrize("columns", [60, 80])
def test_warnings_and_hints_wrap_between_words(medlog: Medlog, columns: int) -> None:
    """The double-dose warning and the missed-yesterday hint fit the terminal, break only
    between words, and the command to copy stays on one line."""
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
