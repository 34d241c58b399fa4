"""Privacy: private files and directories even under a permissive umask, check naming a store
others can read, and no health data in tracebacks or in a bug's one line (exit 70)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MEDLOG_COMMAND, Run, ok

Medlog = Callable[..., Run]

CRASH_IN_RENDER = """
import sys
import medlog.render.confirmations
def broken(*args, **kwargs):
    raise RuntimeError("a bug in rendering")
medlog.render.confirmations.logged_text = broken
sys.argv = ["medlog", *sys.argv[1:]]
from medlog.cli import main
main()
"""


def test_a_bug_is_one_line_or_a_traceback_without_locals(tmp_path: Path) -> None:
    """A bug is exit 70 in one line naming its type; with MEDLOG_DEBUG=1 a traceback follows,
    but never the values of local variables, and never the person's note."""
    home = tmp_path / "home"
    env = dict(os.environ, MEDLOG_HOME=str(home), COLUMNS="200")
    env.pop("MEDLOG_DEBUG", None)
    subprocess.run([*MEDLOG_COMMAND, "add", "lexapro"], env=env, check=True, capture_output=True)
    crashed = subprocess.run(
        [
            sys.executable,
            "-c",
            CRASH_IN_RENDER,
            "take",
            "lexapro",
            "--note",
            "secret-note-about-my-health",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert crashed.returncode == 70
    assert crashed.stderr.count("\n") == 1 and "RuntimeError" in crashed.stderr
    assert "a bug in rendering" not in crashed.stderr
    assert "secret-note-about-my-health" not in crashed.stderr + crashed.stdout
    debugged = subprocess.run(
        [sys.executable, "-c", CRASH_IN_RENDER, "take", "lexapro", "--note", "secret-note-2"],
        env=env | {"MEDLOG_DEBUG": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert debugged.returncode == 70
    assert "Traceback" in debugged.stderr and "a bug in rendering" in debugged.stderr
    assert "secret-note-2" not in debugged.stderr + debugged.stdout


def test_files_stay_private_under_umask_000(tmp_path: Path) -> None:
    """Directory 0700, every file 0600 (journal, TOML, lock, torn file, exports)."""
    home = tmp_path / "open"
    old = os.umask(0)
    try:
        env = dict(os.environ, MEDLOG_HOME=str(home))
        for args in (["add", "lexapro"], ["take", "lexapro"]):
            subprocess.run([*MEDLOG_COMMAND, *args], env=env, check=True, capture_output=True)
        with (home / "journal.jsonl").open("a") as journal:
            journal.write('{"v":1,"id":"torn')
        subprocess.run(
            [*MEDLOG_COMMAND, "take", "lexapro"], env=env, check=True, capture_output=True
        )
        subprocess.run(
            [*MEDLOG_COMMAND, "report", "-o", str(tmp_path / "r.html")],
            env=env,
            check=True,
            capture_output=True,
        )
    finally:
        os.umask(old)
    assert home.stat().st_mode & 0o777 == 0o700
    for path in [*home.iterdir(), tmp_path / "r.html"]:
        assert path.stat().st_mode & 0o777 == 0o600, path.name


def test_new_directories_are_0700_whatever_the_umask(medlog: Medlog, tmp_path: Path) -> None:
    """Parents medlog creates for --home are 0700 too, even under umask 000 (an outsider's
    finding, issue 8)."""
    deep = tmp_path / "a" / "b" / "store"
    old = os.umask(0)
    try:
        ok(medlog("--home", str(deep), "add", "x", "--kind", "rx", "--dose", "1mg"))
    finally:
        os.umask(old)
    for directory in (tmp_path / "a", tmp_path / "a" / "b", deep):
        assert directory.stat().st_mode & 0o777 == 0o700


def test_check_reports_a_store_others_can_read(medlog: Medlog, home: Path, lexapro: None) -> None:
    """A home at 0755 or a file at 0644 is exit 1 with the chmod to run (an outsider's finding,
    issue 8)."""
    ok(medlog("take", "lexapro"))
    home.chmod(0o755)
    (home / "journal.jsonl").chmod(0o644)
    result = medlog("check")
    assert result.exit_code == 1
    assert f"chmod 700 {home}" in result.stdout
    assert f"chmod 600 {home / 'journal.jsonl'}" in result.stdout


def test_a_bug_is_exit_70_in_one_line(
    medlog: Medlog, lexapro: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An internal error is 70 with one line naming its type, never 1 (which `due` uses) (an
    outsider's finding, issue 8)."""
    from typer.testing import CliRunner

    import medlog.actions.today
    from medlog.cli.app import app

    def broken(*args: object) -> None:
        raise ZeroDivisionError("secret 20 mg")

    monkeypatch.setattr(medlog.actions.today, "today", broken)
    monkeypatch.delenv("MEDLOG_DEBUG", raising=False)
    result = CliRunner().invoke(app, ["due"])
    assert result.exit_code == 70
    assert result.stderr.count("\n") == 1
    assert "ZeroDivisionError" in result.stderr and "secret" not in result.stderr


def test_derived_folders_are_0700_whatever_the_umask(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """Every folder medlog makes for its per-machine files (state, cache) is 0700 under umask
    000, the upper ones too: their names say which stores this account keeps."""
    old = os.umask(0)
    try:
        ok(medlog("add", "x", "--kind", "rx", "--dose", "1mg"))
        ok(medlog("take", "x"))
        ok(medlog("report"))
    finally:
        os.umask(old)
    made = [
        path
        for root in (tmp_path / "xdg-state", tmp_path / "xdg-cache")
        for path in [root, *root.rglob("*")]
    ]
    assert any(path.is_file() for path in made)  # the test reached the derived files
    for path in made:
        assert path.stat().st_mode & 0o777 == (0o700 if path.is_dir() else 0o600), path
