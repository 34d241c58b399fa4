"""take's fast path (cli/fast_take.py): a plain single take runs without Typer, and says and
stores exactly what the Typer command does; anything else is left to Typer.

Each argument list runs twice on two copies of one store: through the Typer app (the way
every other test runs medlog) and through the fast path's own entry (``parsed`` then the
exit point). Exit code, stdout, stderr and the journal (ids and stamps aside) must match.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from medlog.cli.app import app
from medlog.cli.exits import run
from medlog.cli.fast_take import parsed
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
    ):  # fmt: skip
        result = runner.invoke(app, ["--home", str(home), *args])
        assert result.exit_code == 0, result.stderr
    return home


def by_typer(home: Path, args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--home", str(home), *args])
    return result.exit_code, result.stdout, result.stderr


def by_fast_path(
    home: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    body = parsed(["--home", str(home), *args])
    assert body is not None, args
    capsys.readouterr()
    with pytest.raises(SystemExit) as ended:
        run(body)
    said = capsys.readouterr()
    return int(ended.value.code or 0), said.out, said.err


def journal(home: Path) -> list[dict[str, object]]:
    """The journal's events without what differs between two runs (id, stamp)."""
    path = home / "journal.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [
        {key: value for key, value in json.loads(line).items() if key not in ("id", "stamp")}
        for line in lines
    ]


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
]


@pytest.mark.parametrize("args", PLAIN, ids=[" ".join(args) for args in PLAIN])
def test_the_fast_path_says_and_stores_what_typer_does(
    store: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    twin = store.with_name("twin")
    shutil.copytree(store, twin)
    assert by_fast_path(twin, args, capsys) == by_typer(store, args)
    assert journal(twin) == journal(store)


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
    ["--version"],
    ["skip", "lexapro"],
    ["--home"],
    ["--home", "--x", "take", "lexapro"],
    ["today"],
    [],
]


@pytest.mark.parametrize("args", LEFT_TO_TYPER, ids=[" ".join(args) for args in LEFT_TO_TYPER])
def test_anything_but_a_plain_take_is_left_to_typer(args: list[str]) -> None:
    assert parsed(args) is None


def test_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_MEDLOG_COMPLETE", "complete_bash")
    assert parsed(["take", "lexapro"]) is None


WORDS = st.sampled_from(
    ["lexapro", "Lexapro", "ibuprofen", "magnesium", "10mg", "400", "mg", "1/2", "tablet", "2",
     "caps", "-v", "--verbose", "--at", "--note", "--at=8am", "--note=x", "8am", "yesterday",
     "9pm", "é", "\x1b[2J", "1" * 30, "--due", ",", "-", "--", "--home"]
)  # fmt: skip


@settings(max_examples=40)
@given(st.lists(WORDS, min_size=1, max_size=6))
def test_any_words_after_take_mean_the_same_either_way(words: list[str]) -> None:
    """Whatever follows ``take``: either the fast path leaves it to Typer, or both give the
    same code, output and journal (each example on fresh copies of one store)."""
    args = ["take", *words]
    if parsed(["--home", "/nonexistent", *args]) is None:
        return
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        original, twin = base / "a", base / "b"
        result = CliRunner().invoke(
            app, ["--home", str(original), "add", "lexapro", "--dose", "10mg", "--schedule",
                  "daily 08:00", "--start", "2026-11-20"], env={"MEDLOG_NOW": NOW},
        )  # fmt: skip
        assert result.exit_code == 0
        shutil.copytree(original, twin)
        typer_said = CliRunner().invoke(
            app, ["--home", str(original), *args], env={"MEDLOG_NOW": NOW}
        )
        body = parsed(["--home", str(twin), *args])
        assert body is not None
        fast = subprocess.run(
            [*MEDLOG_COMMAND, "--home", str(twin), *args],
            capture_output=True,
            text=True,
            env={"MEDLOG_NOW": NOW, "PATH": "/usr/bin:/bin", "TZ": "UTC"},
            check=False,
        )
        assert (fast.returncode, fast.stdout, fast.stderr) == (
            typer_said.exit_code,
            typer_said.stdout,
            typer_said.stderr,
        )
        assert journal(twin) == journal(original)


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
