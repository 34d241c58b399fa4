"""Privacy: private files even under a permissive umask, and no health data in tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import MEDLOG_COMMAND

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
