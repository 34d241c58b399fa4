"""Sentences printed to a real terminal wrap between words, with commands kept whole
(issue 24: at 60 and 80 columns, warnings and hints broke mid-word).

The demo store's every printing command runs on a pseudo-terminal 60 and 80 columns wide
(COLUMNS unset, as a person has it) and once 400 wide, where nothing wraps: a line of the
narrow screen may end only where a word of the wide one ends, no line may be wider than the
terminal (the terminal would cut it mid-word), and a command to copy shown whole on the
wide screen is whole on one line of the narrow one.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from medlog.cli.app import COMMAND_MODULES
from tests.conftest import MEDLOG_COMMAND, Run, in_terminal, ok

Medlog = Callable[..., Run]

NOW = "2026-11-27T09:00"
WIDE = 400
_STYLE = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")
# A command to copy as a person reads it: medlog, a command's name or --home, then its words up
# to the end of the sentence (a comma, a parenthesis, a full stop or a semicolon).
_COMMAND = re.compile(
    r'\bmedlog (?:--home \S+ )?[a-z]+(?: (?:"[^"]*"|[^\s",;()\[]*[^\s",;().\[]))*'
)

# Commands that only read the store, run on the demo store itself.
READING = [
    "today", "due", "due --short", "history", "history --since 2026-11-01", "history --missed",
    "report", "report --brief", "report --missed", "supply", "check", "catalog",
    "catalog lexapro", "catalog ibuprofen", "catalog tylenol", "card", "allergy list", "list",
    "list --all", "interactions", "profile", "remind status", "space",
]  # fmt: skip
# Commands that change it (confirmations, warnings, hints and errors), each on its own copy.
CHANGING = [
    "take lexapro", "take lexapro --at 07:00", "take ibuprofen", "take ibuprofen 800mg",
    "take magnesium-glycinate 400mg", "take warfarin 10mg", "skip lexapro", "fill lexapro 30",
    "fill lexapro 30 tablets", "undo", "checkin --mood 5", "checkin", "stop warfarin",
    "allergy add penicillin --reaction hives", "take nosuch", "take lexapro --at tomorrow",
    "report --since nonsense", "report --format nope", "take", "add tylenol --strength 500mg",
    "add advil", "hold lexapro 3",
    "ask what about sleep?", "remove lexapro", "edit lexapro --dose 30mg",
]  # fmt: skip
HELP = [
    "--help", *(f"{name} --help" for name in COMMAND_MODULES),
    "remind install --help", "allergy add --help",
]  # fmt: skip


def on_terminal(args: list[str], columns: int, env: dict[str, str] | None = None) -> str:
    """What the installed command shows on a pseudo-terminal ``columns`` wide, uncoloured."""
    _, screen = in_terminal(args, "", {"TERM": "xterm-256color", **(env or {})}, columns)
    return _STYLE.sub("", screen)  # styles take no columns


def splits(narrow: str, wide: str, columns: int) -> list[str]:
    """Where ``narrow`` (a screen ``columns`` wide) breaks a word or a command that ``wide``
    shows whole, and its lines wider than the terminal."""
    known = set(wide.split())
    found = [f"too wide: {line!r}" for line in narrow.split("\n") if len(line) > columns]
    lines = [line.strip() for line in narrow.split("\n")]
    for before, after in itertools.pairwise(lines):
        if not before or not after:
            continue
        end, start = before.split()[-1], after.split()[0]
        if (end not in known or start not in known) and any(end + start in w for w in known):
            found.append(f"mid-word: {end}|{start}")
    flat = " ".join(narrow.split())
    for command in {found.group(0) for found in _COMMAND.finditer(wide)}:
        name = command.split()[1]
        if name not in COMMAND_MODULES or len(command) > columns - 4 or command not in flat:
            continue  # prose ("medlog does not..."), or too long for any line of this width
        if not any(command in " ".join(line.split()) for line in lines):
            found.append(f"command split: {command}")
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store, built once."""
    home = tmp_path_factory.mktemp("demo") / "store"
    subprocess.run(
        [*MEDLOG_COMMAND, "demo", "--home", str(home)],
        env=dict(os.environ, MEDLOG_NOW=NOW),
        capture_output=True,
        check=True,
        timeout=60,
    )
    return home


def screens(demo: Path, tmp_path: Path, words: str, widths: list[int]) -> dict[int, str]:
    """The screens of ``medlog WORDS`` on the demo store at each width (a copy of the store
    for each run when the command changes it)."""
    shown = {}
    for columns in widths:
        home = demo
        if words in CHANGING:
            home = tmp_path / f"store-{columns}"
            shutil.copytree(demo, home)
        args = ["--home", str(home), *words.split()]
        shown[columns] = on_terminal(args, columns, {"MEDLOG_NOW": NOW})
        shown[columns] = shown[columns].replace(str(home), "STORE")
    return shown


def check(demo: Path, tmp_path: Path, words: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``medlog WORDS`` at 60 and 80 columns breaks no word and no command."""
    monkeypatch.delenv("COLUMNS", raising=False)  # the terminal's own width, as a person has
    monkeypatch.delenv("LINES", raising=False)
    shown = screens(demo, tmp_path, words, [60, 80, WIDE])
    for columns in (60, 80):
        assert not splits(shown[columns], shown[WIDE], columns), (columns, shown[columns])


@pytest.mark.parametrize("words", [*READING, *CHANGING, *HELP])
def test_every_command_wraps_between_words(
    demo: Path, tmp_path: Path, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every printing command of the demo store, its errors and its --help, at 60 and 80."""
    check(demo, tmp_path, words, monkeypatch)


def test_the_check_finds_a_word_broken_by_the_terminal() -> None:
    """The check itself: a terminal's own break mid-word, a line wider than the terminal and
    a command across two lines are each found."""
    wide = 'No adjustment is needed. If you took it: medlog take lexapro --at "yesterday 22:00"'
    assert splits("No adjus\ntment is needed.", wide, 60) == ["mid-word: adjus|tment"]
    assert splits(wide, wide, 60) == [f"too wide: {wide!r}"]
    assert splits('If you took it: medlog take lexapro --at\n"yesterday 22:00"', wide, 60) == [
        'command split: medlog take lexapro --at "yesterday 22:00"'
    ]


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


def piped(args: list[str], columns: int, stdout: int | None = None) -> str:
    """What the installed command writes to a pipe (or ``stdout``, a file) while its stderr
    is a pseudo-terminal ``columns`` wide: ``medlog report | less``."""
    import fcntl
    import pty
    import struct
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    try:
        done = subprocess.run(
            [*MEDLOG_COMMAND, *args],
            stdout=stdout if stdout is not None else subprocess.PIPE,
            stderr=child,
            env=dict(os.environ, MEDLOG_NOW=NOW, TERM="xterm-256color"),
            check=False,
            timeout=60,
        )
    finally:
        os.close(child)
        os.close(main)
    return done.stdout.decode() if done.stdout is not None else ""


@pytest.mark.parametrize("columns", [60, 80])
def test_a_pipe_read_in_a_terminal_is_laid_out_at_its_width(
    demo: Path, columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``medlog report | less`` in a 60- or 80-column terminal: stdout is a pipe, stderr the
    terminal, so the tables and sentences fit the terminal, in plain text."""
    monkeypatch.delenv("COLUMNS", raising=False)
    for words in (["report"], ["list"], ["history"], ["supply"]):
        shown = piped(["--home", str(demo), *words], columns)
        lines = shown.rstrip("\n").split("\n")
        assert max(len(line) for line in lines) <= columns, shown
        assert max(len(line) for line in lines) > columns - 15, shown  # laid out, not squeezed
        assert "\x1b[" not in shown


def test_a_file_keeps_the_documented_width_and_columns_wins(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``medlog list > file`` keeps DESIGN.md's 100 columns whatever the terminal on stderr;
    COLUMNS, when set, is the width of a pipe too."""
    monkeypatch.delenv("COLUMNS", raising=False)
    target = tmp_path / "list.txt"
    with target.open("wb") as file:
        piped(["--home", str(demo), "list"], 60, stdout=file.fileno())
    assert "-" * 100 in target.read_text()
    monkeypatch.setenv("COLUMNS", "120")
    assert "-" * 120 in piped(["--home", str(demo), "list"], 60)


def left_out(screen: str) -> str:
    """The columns a table left out, as its line says (joined across its wrap)."""
    found = re.search(r"\(Left out at this width: (.*?); a wider", " ".join(screen.split()))
    return found.group(1) if found else ""


@pytest.mark.parametrize("columns", [60, 80])
def test_a_narrow_report_keeps_the_judgements_and_moves_flags_under_the_table(
    demo: Path, columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 60 and 80 columns the items' table keeps "On time" and "Days vs range" (dropping
    what matters less first); a short cell ("100.0%", "27 in") is on one line, and the long
    flags become a letter with the flag under the table ("75.0% [a]" / "[a] below 80%")."""
    monkeypatch.delenv("COLUMNS", raising=False)
    screen = on_terminal(["--home", str(demo), "report"], columns, {"MEDLOG_NOW": NOW})
    table = screen[screen.index("Adherence   ") : screen.index("Weekly totals")]
    gone = left_out(table)
    assert "On time" not in gone and "Days vs range" not in gone and "Missed" not in gone
    assert "Skipped" in gone and "Extra" in gone
    lines = table.split("\n")
    assert any("Magnesium" in line and "75.0% [a]" in line and "100.0%" in line for line in lines)
    assert any(line.startswith("[a] below 80%") for line in lines), table
    assert any("96.3%" in line and "27 in" in line for line in lines), table
    pdc = screen[screen.index("Proportion of days covered") :]
    assert "adapted from PQA [a]" in pdc and "[a] not in a class PQA measures" in pdc
    assert "up to 350 mg/day [4] [a]" in pdc and "\n[a] adult upper limit, 19+\n" in pdc
    wide = on_terminal(["--home", str(demo), "report"], WIDE, {"MEDLOG_NOW": NOW})
    assert "75.0% (below 80%)" in wide and "[a]" not in wide  # wide enough: the flag in place


@pytest.mark.parametrize("columns", [60, 80])
def test_narrow_history_drops_the_id_before_the_note(
    demo: Path, columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """History at 60 columns leaves the id out and keeps the note ("pharmacy"); "1 tablet"
    never wraps."""
    monkeypatch.delenv("COLUMNS", raising=False)
    screen = on_terminal(["--home", str(demo), "history"], columns, {"MEDLOG_NOW": NOW})
    if columns == 60:
        assert left_out(screen) == "Id"
    else:
        assert not left_out(screen)
    assert "check-in" in screen and "pharmacy" in screen
    assert any("Multivitamin" in line and "1 tablet" in line for line in screen.split("\n"))
