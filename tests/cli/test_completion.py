"""Shell completion, called as bash, zsh and fish call it: commands, options and item names
from the store; it never writes, and a broken store completes nothing, quietly."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

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
    """--show-completion prints the script a shell sources; --install-completion is offered."""
    shown = subprocess.run(
        [*MEDLOG_COMMAND, "--show-completion", "bash"], capture_output=True, text=True, check=False
    )
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
