"""The fast path (cli/fast.py): the plain forms of take, checkin, fill and due --short run
without Typer, and say and store exactly what the Typer commands do; anything else is left
to Typer.

Each argument list runs twice on two copies of one store: through the Typer app (the way
every other test runs medlog) and through the fast path's own entry (``parsed`` then the
exit point). Exit code, stdout, stderr, the journal (ids and stamps aside) and medlog.toml
must match.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from medlog.cli.app import app
from medlog.cli.exits import run
from medlog.cli.fast import parsed
from tests.conftest import MEDLOG_COMMAND

NOW = "2026-11-27T09:15"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Lexapro (daily 08:00, a label range) and ibuprofen (as needed, a label maximum)."""
    home = tmp_path / "store"
    monkeypatch.setenv("MEDLOG_NOW", NOW)
    runner = CliRunner()
    for args in (
        ["add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
         "2026-11-20"],
        ["add", "ibuprofen", "--dose", "200mg", "--schedule", "as needed"],
        ["take", "lexapro", "--at", "2026-11-26 08:00"],
        ["fill", "lexapro", "30", "tablets", "--on", "2026-11-20"],
        ["checkin", "--mood", "5", "--at", "2026-11-26 21:00"],
    ):  # fmt: skip
        result = runner.invoke(app, ["--home", str(home), *args])
        assert result.exit_code == 0, result.stderr
    return home


def by_typer(home: Path, args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--home", str(home), *args])
    return result.exit_code, result.stdout, result.stderr


def by_fast_path(home: Path, args: list[str]) -> tuple[int, str, str]:
    """The fast path in-process, as the console script runs it (but without ending the
    process: ``exits.ENDS_PROCESS`` is the console script's alone)."""
    body = parsed(["--home", str(home), *args])
    assert body is not None, args
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.raises(SystemExit) as ended,
    ):
        run(body)
    return int(ended.value.code or 0), out.getvalue(), err.getvalue()


def journal(home: Path) -> list[dict[str, object]]:
    """The journal's events without what differs between two runs (id, stamp)."""
    path = home / "journal.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [
        {key: value for key, value in json.loads(line).items() if key not in ("id", "stamp")}
        for line in lines
    ]


def stored(home: Path) -> tuple[list[dict[str, object]], str | None]:
    """What a command can change: the journal (as ``journal``) and medlog.toml."""
    config = home / "medlog.toml"
    return journal(home), config.read_text(encoding="utf-8") if config.exists() else None


PLAIN = [
    ["take", "lexapro"],
    ["take", "Lexapro", "10mg"],
    ["take", "lexapro", "1/2", "tablet"],
    ["take", "lexapro", "--at", "8am"],
    ["take", "lexapro", "--at=yesterday 9pm", "--note", "late, with food"],
    ["take", "-v", "lexapro", "20", "mg"],
    ["take", "lexapro", "--verbose", "--at", "2026-11-27T08:00"],
    ["take", "lexapro", "40mg"],  # above the label range: a warning on stderr
    ["take", "ibuprofen", "800mg"],  # above the label's per-dose maximum: refused
    ["take", "ibuprofen"],
    ["take", "nosuch"],  # no such item: exit 2
    ["take", "lexapro", "ten"],  # not an amount
    ["take", "lexapro", "--at", "tomorrow 8am"],  # in the future
    ["take", "lexapro", "--at", "31 Feb"],
    ["take", "lexapro", "--note", "\x1b[31mred\x00"],
    ["take", "lexapro", "1e400mg"],
    ["take", ""],
    ["checkin", "--mood", "6", "--sleep", "7h"],
    ["checkin", "--anxiety=3", "--sleep-quality", "8", "--note", "slept well"],
    ["checkin", "--side-effect", "nausea:mild", "--side-effect", "headache"],
    ["checkin", "--mood", "11"],  # out of range: exit 2
    ["checkin", "--sleep", "forever"],
    ["checkin", "--mood", "6", "--at", "yesterday 9pm"],
    ["checkin", "--side-effect", "nausea:awful"],
    ["checkin"],  # nothing to record: exit 2
    ["fill", "lexapro", "30", "tablets"],
    ["fill", "lexapro", "30", "tablets", "--days", "30", "--on", "yesterday"],
    ["fill", "lexapro", "--count", "12 tablets"],
    ["fill", "lexapro", "60", "tablets", "--strength", "20mg", "--note=new bottle"],
    ["fill", "lexapro"],  # no quantity
    ["fill", "ibuprofen", "100", "tablets"],  # as needed: needs --days
    ["fill", "nosuch", "30", "tablets"],
    ["fill", "lexapro", "30", "tablets", "--on", "tomorrow"],
    ["due", "--short"],
]


def _run_both(store: Path, args: list[str]) -> None:
    twin = store.with_name(store.name + "-twin")
    shutil.copytree(store, twin)
    assert by_fast_path(twin, args) == by_typer(store, args)
    assert stored(twin) == stored(store)


@pytest.mark.parametrize("args", PLAIN, ids=[" ".join(args) for args in PLAIN])
def test_the_fast_path_says_and_stores_what_typer_does(store: Path, args: list[str]) -> None:
    _run_both(store, args)


@pytest.mark.parametrize("now", ["2026-11-27T07:00", "2026-11-27T09:15", "2026-11-27T23:50"])
def test_due_short_says_what_typer_says_through_the_day(
    store: Path, now: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the dose (due), after its window (overdue) and late at night."""
    monkeypatch.setenv("MEDLOG_NOW", now)
    _run_both(store, ["due", "--short"])


LEFT_TO_TYPER = [
    ["take"],
    ["take", "--help"],
    ["take", "-h", "lexapro"],
    ["take", "--due"],
    ["take", "--due", "--yes"],
    ["take", "lexapro,", "ibuprofen"],
    ["take", "lexapro", "--at"],  # a missing value
    ["take", "lexapro", "--at", "8am", "--at", "9am"],  # repeated
    ["take", "lexapro", "--at", "-1h"],  # a value that looks like an option
    ["take", "lexapro", "--nope"],
    ["take", "lexapro", "--", "10mg"],
    ["take", "lexapro", "-vh"],
    ["checkin", "phq9", "--answers", "0,0,0,0,0,0,0,0,0"],
    ["checkin", "--answers", "0"],
    ["checkin", "--mood", "5", "--mood", "6"],
    ["checkin", "--mood", "-1"],
    ["checkin", "--help"],
    ["checkin", "--side-effect"],
    ["fill"],
    ["fill", "lexapro", "-5", "tablets"],
    ["fill", "lexapro", "30", "tablets", "--days", "30", "--days", "20"],
    ["fill", "lexapro", "--nope"],
    ["due"],
    ["due", "-q"],
    ["due", "--short", "--quiet"],
    ["due", "--notify"],
    ["due", "--short", "extra"],
    ["--version"],
    ["skip", "lexapro"],
    ["--home"],
    ["--home", "--x", "take", "lexapro"],
    ["today"],
    [],
]


@pytest.mark.parametrize("args", LEFT_TO_TYPER, ids=[" ".join(args) for args in LEFT_TO_TYPER])
def test_anything_but_a_plain_form_is_left_to_typer(args: list[str]) -> None:
    assert parsed(args) is None


def test_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_MEDLOG_COMPLETE", "complete_bash")
    assert parsed(["take", "lexapro"]) is None
    assert parsed(["due", "--short"]) is None


WORDS = {
    "take": ["lexapro", "Lexapro", "ibuprofen", "magnesium", "10mg", "400", "mg", "1/2", "tablet",
             "2", "caps", "-v", "--verbose", "--at", "--note", "--at=8am", "--note=x", "8am",
             "yesterday", "9pm", "\u00e9", "\x1b[2J", "1" * 30, "--due", ",", "-", "--",
             "--home"],
    "checkin": ["--mood", "--anxiety", "--sleep", "--sleep-quality", "--side-effect", "--note",
                "--at", "--answers", "--mood=4", "--sleep=6h30m", "6", "0", "10", "11", "7h",
                "6:30", "nausea", "nausea:severe", "headache:none", "yesterday 9pm", "phq9",
                "-1", "\u00e9", "--", "-v"],
    "fill": ["lexapro", "ibuprofen", "nosuch", "30", "tablets", "30 tablets", "mg", "--on",
             "--days", "--count", "--strength", "--size", "--note", "--days=30", "yesterday",
             "2026-11-20", "20mg", "1 bottle", "2.5 mL", "-5", "0", "\u00e9", "--"],
    "due": ["--short", "--quiet", "-q", "--notify", "--names", "x"],
}  # fmt: skip
SETUP = [
    ["add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start", "2026-11-20",
     "--form", "tablet", "--strength", "10mg"],
    ["add", "ibuprofen", "--dose", "200mg", "--schedule", "as needed"],
    ["fill", "lexapro", "30", "tablets", "--on", "2026-11-20"],
]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(WORDS)).flatmap(
    lambda command: st.tuples(st.just(command), st.lists(st.sampled_from(WORDS[command]),
                                                         max_size=6))
))  # fmt: skip
def test_any_words_after_a_command_mean_the_same_either_way(
    typed: tuple[str, list[str]],
) -> None:
    """Whatever follows the command: either the fast path leaves it to Typer, or both give
    the same code, output and store (each example on fresh copies of one store), in-process."""
    command, words = typed
    args = [command, *words]
    if parsed(["--home", "/nonexistent", *args]) is None:
        return
    with tempfile.TemporaryDirectory() as folder, mock.patch.dict(os.environ, {"MEDLOG_NOW": NOW}):
        original = Path(folder) / "store"
        for setup in SETUP:
            result = CliRunner().invoke(app, ["--home", str(original), *setup])
            assert result.exit_code == 0, result.stderr
        _run_both(original, args)


def test_the_installed_command_takes_without_importing_typer(store: Path) -> None:
    """What the fast path is for: ``medlog take`` as a person runs it loads no Typer (nor
    Rich, uuid or hashlib); ``medlog take --help`` still does."""
    command = [sys.executable, "-X", "importtime", "-m", "medlog", "--home", str(store)]
    env = {"MEDLOG_NOW": NOW, "PATH": "/usr/bin:/bin", "TZ": "UTC"}
    took = subprocess.run(
        [*command, "take", "lexapro"], capture_output=True, text=True, env=env, check=False
    )
    assert took.returncode == 0 and took.stdout.startswith("Logged Lexapro 10 mg at 09:15")
    loaded = {line.rsplit("|", 1)[-1].strip() for line in took.stderr.splitlines()}
    assert not loaded & {"typer", "rich", "uuid", "hashlib"}
    helped = subprocess.run(
        [*command, "take", "--help"], capture_output=True, text=True, env=env, check=False
    )
    assert helped.returncode == 0 and "typer" in {
        line.rsplit("|", 1)[-1].strip() for line in helped.stderr.splitlines()
    }


SUBPROCESS = [
    ["take", "lexapro"],
    ["checkin", "--mood", "6"],
    ["fill", "lexapro", "30", "tablets"],
    ["due", "--short"],
]


@pytest.mark.parametrize("args", SUBPROCESS, ids=[" ".join(args) for args in SUBPROCESS])
def test_the_console_script_keeps_exits_74_and_141(store: Path, args: list[str]) -> None:
    """Run as a person runs them (the process ends without the interpreter's teardown):
    output to a full disk is 74, saying whether the store changed; a reader that has left
    is a quiet 141."""
    env = {"MEDLOG_NOW": "2026-11-27T07:00", "PATH": "/usr/bin:/bin", "TZ": "UTC"}
    command = [*MEDLOG_COMMAND, "--home", str(store), *args]
    with Path("/dev/full").open("w") as full:
        ended = subprocess.run(
            command, stdout=full, stderr=subprocess.PIPE, text=True, env=env, check=False
        )
    assert ended.returncode == 74, ended.stderr
    saved = "do not repeat it" if args[0] != "due" else "nothing in the store changed"
    assert saved in ended.stderr
    read, write = os.pipe()
    os.close(read)
    ended = subprocess.run(
        command, stdout=write, stderr=subprocess.PIPE, text=True, env=env, check=False
    )
    os.close(write)
    assert (ended.returncode, ended.stderr) == (141, "")
