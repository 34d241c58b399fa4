"""Every command has help with an example and a plain usage line, and --version works."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from typer.main import get_command

from medlog.cli.app import app
from tests.conftest import Run, ok

Medlog = Callable[..., Run]

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_every_designed_command_exists_and_builds() -> None:
    """The command line offers every command of DESIGN.md, v1 and v2, and every one the app
    lists is built by LazyCommands from its module (typer._click internals: see pyproject)."""
    from medlog.cli.app import COMMAND_MODULES

    designed = {
        "add", "edit", "stop", "resume", "list", "take", "skip", "undo", "amend", "today", "due",
        "history", "report", "catalog", "export", "import", "check", "demo", "checkin", "ask",
        "fill", "supply", "space", "interactions", "remove", "merge", "lab", "hold", "profile",
        "remind", "allergy", "card",
    }  # fmt: skip
    assert designed == set(COMMANDS) == set(COMMAND_MODULES)
    group = get_command(app)
    for name in COMMANDS:
        command = group.get_command(None, name)  # type: ignore[attr-defined, arg-type]
        assert command is not None and command.name == name


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(medlog: Callable[..., Run], command: str) -> None:
    """`medlog COMMAND --help` exits 0 and shows an example of the command in use."""
    result = medlog(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"medlog {command}" in result.stdout


def test_top_level_help_and_version(medlog: Callable[..., Run]) -> None:
    """medlog --help lists commands; --version prints the installed version."""
    assert "take" in medlog("--help").stdout
    version = medlog("--version")
    assert version.exit_code == 0 and version.stdout.startswith("medlog ")


def test_ctrl_c_exits_130(medlog: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    """An interrupt ends the command with exit 130 and a one-word note, no traceback."""
    import medlog.actions.today as today_module

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(today_module, "today", interrupted)
    result = medlog("today")
    assert (result.exit_code, result.stderr) == (130, "Interrupted.\n")


def test_ctrl_c_after_the_change_was_written_says_so(
    medlog: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C once medlog.toml is written (while its parsed copy is kept, an outside
    attacker's finding) says the change was saved, so no one adds the item twice."""
    import medlog.store as store_module

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(store_module, "parsed", interrupted)
        result = medlog("add", "lexapro", "--dose", "10mg")
    assert result.exit_code == 130
    assert result.stderr.startswith("Interrupted; the change itself was saved (medlog history,")
    assert "lexapro" in ok(medlog("list")).stdout


def test_usage_lines_name_arguments_plainly(medlog: Medlog) -> None:
    """Every command's usage line says NAME, never Typer's {NAME} (issue 10)."""
    from medlog.cli.app import COMMAND_MODULES

    for command in COMMAND_MODULES:
        usage = ok(medlog(command, "--help")).stdout.splitlines()[0]
        assert usage.startswith(f"Usage: medlog {command}") and "{" not in usage, usage
