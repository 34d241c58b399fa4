"""Shell completion, called as bash, zsh and fish call it: commands, options and item names
from the store; it never writes, and a broken store completes nothing, quietly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from medlog.cli.completion import answer
from tests.conftest import MEDLOG_COMMAND, Run, ok, snapshot

Medlog = Callable[..., Run]


def complete(shell: str, line: str, home: Path) -> subprocess.CompletedProcess[str]:
    """What ``medlog`` answers the shell for the words typed so far (``line``)."""
    env = dict(os.environ, MEDLOG_HOME=str(home), _MEDLOG_COMPLETE=f"complete_{shell}")
    if shell == "bash":
        words = line.split(" ")
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    return subprocess.run(
        MEDLOG_COMMAND, env=env, capture_output=True, text=True, check=False, timeout=60
    )


@pytest.fixture
def items(medlog: Medlog, home: Path) -> Path:
    """A store with lexapro and magnesium glycinate."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("add", "magnesium", "glycinate", "--dose", "200mg"))
    return home


def test_bash_completes_item_names_for_take(items: Path) -> None:
    """`medlog take ma<Tab>` offers magnesium-glycinate; after the name, nothing more."""
    assert complete("bash", "medlog take ma", items).stdout.split() == ["magnesium-glycinate"]
    assert complete("bash", "medlog take ", items).stdout.split() == [
        "lexapro",
        "magnesium-glycinate",
    ]
    assert complete("bash", "medlog take lexapro ", items).stdout.split() == []


def test_an_item_after_a_comma_completes(items: Path) -> None:
    """`medlog take lexapro, ma<Tab>` offers the next item (commas separate several)."""
    assert complete("bash", "medlog take lexapro, ma", items).stdout.split() == [
        "magnesium-glycinate"
    ]
    assert complete("bash", "medlog skip lexapro, ", items).stdout.split() == [
        "lexapro",
        "magnesium-glycinate",
    ]


def test_bash_completes_commands_and_options(items: Path) -> None:
    """Commands and their options complete too."""
    assert "take" in complete("bash", "medlog ta", items).stdout.split()
    assert "--note" in complete("bash", "medlog take lexapro --n", items).stdout.split()


@pytest.mark.parametrize(
    ("shell", "line"),
    [
        ("zsh", "medlog report --item l"),
        ("fish", "medlog stop l"),
        ("bash", "medlog edit l"),
        ("bash", "medlog history --item l"),
    ],
)
def test_every_shell_and_name_place_completes(items: Path, shell: str, line: str) -> None:
    """zsh and fish get item names too, for NAME arguments and --item options."""
    result = complete(shell, line, items)
    assert result.returncode == 0 and "lexapro" in result.stdout


def test_completion_never_writes_and_survives_a_broken_store(items: Path) -> None:
    """A store medlog cannot read completes nothing: exit 0, no traceback, nothing written."""
    (items / "medlog.toml").write_text("[[[ not toml")
    before = snapshot(items)
    result = complete("bash", "medlog take ", items)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "", "")
    assert snapshot(items) == before


def test_completion_of_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    """Completing against a store that does not exist yet leaves no directory behind."""
    missing = tmp_path / "nowhere"
    assert complete("bash", "medlog take ", missing).returncode == 0
    assert not missing.exists()


def test_the_completion_script_can_be_shown(medlog_process: Callable[..., object]) -> None:
    """--show-completion prints the script a shell sources; --install-completion is offered.
    Typer asks which shell runs medlog by looking at its parent process, so it runs from bash,
    as a person types it (from a parent that is no shell, Typer says "Shell  not supported")."""
    shown = subprocess.run(
        ["bash", "-c", '"$@"; exit $?', "bash", *MEDLOG_COMMAND, "--show-completion"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert shown.returncode == 0 and "_MEDLOG_COMPLETE" in shown.stdout
    helped = subprocess.run(
        [*MEDLOG_COMMAND, "--help"], capture_output=True, text=True, check=False
    )
    assert "--install-completion" in helped.stdout


def test_side_effects_complete_the_names_already_used(medlog: Medlog, home: Path) -> None:
    """`medlog checkin --side-effect in<Tab>` offers the names recorded before, so the same
    name is used each time (medlog merges no synonyms; issue 24)."""
    ok(medlog("checkin", "--side-effect", "insomnia:mild", "--side-effect", "nausea"))
    ok(medlog("checkin", "--side-effect", "Trouble  Sleeping"))
    assert complete("bash", "medlog checkin --side-effect in", home).stdout.split() == ["insomnia"]
    assert complete("bash", "medlog checkin --side-effect ", home).stdout.splitlines() == [
        "insomnia",
        "nausea",
        "trouble sleeping",
    ]


# Typer's own completion, as the console script ran it before the fast path answered some.
BY_TYPER = [
    sys.executable,
    "-c",
    "from medlog.cli import exits; exits.ENDS_PROCESS = True; "
    "from medlog.cli.app import app; app()",
]
PARTIALS = ["", "l", "L", "lex", "lexapro", "ma", "magnesium-glycinate", "zzz", "é", "1", "=",
            "-", "--n", "l=x", "'l", '"ma', "l\\"]  # fmt: skip
FAST = {"take", "skip", "fill"}
TYPER = ("_TYPER_COMPLETE_ARGS", "_TYPER_COMPLETE_FISH_ACTION")


def requests() -> list[dict[str, str]]:
    """Completion requests of every shell: the first word after a command, plain, spaced,
    quoted, after another word or an option, and for commands the fast path leaves alone."""
    found: list[dict[str, str]] = []
    for command in [*sorted(FAST), "stop", "tak"]:
        for partial in PARTIALS:
            for line in (f"medlog {command} {partial}", f"medlog  {command}\t {partial}",
                         f"medlog {command} lexapro, {partial}", f"medlog --home x {command} "
                         f"{partial}", f"medlog {command} {partial} "):  # fmt: skip
                words = line.split(" ")
                found.append({"_MEDLOG_COMPLETE": "complete_bash", "COMP_WORDS": line,
                              "COMP_CWORD": str(len(words) - 1)})  # fmt: skip
                found.append({"_MEDLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line})
                for action in ("get-args", "is-args", ""):
                    found.append({"_MEDLOG_COMPLETE": "complete_fish",
                                  "_TYPER_COMPLETE_ARGS": line,
                                  "_TYPER_COMPLETE_FISH_ACTION": action})  # fmt: skip
    found.append({"_MEDLOG_COMPLETE": "complete_bash", "COMP_WORDS": "medlog take l",
                  "COMP_CWORD": "1"})  # fmt: skip
    found.append({"_MEDLOG_COMPLETE": "complete_bash", "COMP_WORDS": "medlog take"})
    found.append(
        {"_MEDLOG_COMPLETE": "complete_powershell", "_TYPER_COMPLETE_ARGS": "medlog take "}
    )
    found.append({"_MEDLOG_COMPLETE": "source_bash"})
    return found


def answers(command: list[str], home: Path, wanted: list[dict[str, str]]) -> list[object]:
    """Each request's exit code, stdout and stderr (bytes), from ``command``, two processes
    at a time."""

    def one(request: dict[str, str]) -> object:
        env = {key: value for key, value in os.environ.items()
               if key not in ("COMP_WORDS", "COMP_CWORD", *TYPER)}  # fmt: skip
        # Typer lists -h and --help in an order that follows the hash seed: one seed for both
        env |= {"MEDLOG_HOME": str(home), "PYTHONHASHSEED": "0", **request}
        done = subprocess.run(command, env=env, capture_output=True, check=False, timeout=60)
        return done.returncode, done.stdout, done.stderr

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(one, wanted))


def test_the_fast_answer_is_typers_byte_for_byte(items: Path, tmp_path: Path) -> None:
    """`medlog take <Tab>` (and skip, fill) is answered without Typer (cli/completion.py):
    for every shell, partial word and store (with items, none, unreadable), exit code,
    stdout and stderr are the bytes Typer's own completion gives; and the fast path did
    answer the plain requests (the rest it leaves to Typer)."""
    every = requests()
    plain = [r for r in every if answer(r) is not None]
    assert len(plain) > 100
    typed = [r.get("COMP_WORDS", r.get("_TYPER_COMPLETE_ARGS", "")) for r in plain]
    assert {line.split()[1] for line in typed} == FAST
    left = [r for r in every if answer(r) is None]  # Typer's either way: a sample suffices
    wanted = plain + left[:: len(left) // 150]
    broken = tmp_path / "broken"
    shutil.copytree(items, broken)
    (broken / "medlog.toml").write_text("[[[ not toml")
    few = plain[:: len(plain) // 40]
    for home, these in ((items, wanted), (tmp_path / "missing", few), (broken, few)):
        assert answers(MEDLOG_COMMAND, home, these) == answers(BY_TYPER, home, these)
