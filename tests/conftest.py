"""Shared fixtures: every test gets its own store and a frozen clock, never the real store."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

FROZEN_NOW = "2026-11-27T09:15:00"

# Hypothesis fails an example slower than 200 ms, and a strategy slow to draw, by default: a
# verdict that would depend on how busy the machine is. Speed is measured by bench/run.py.
settings.register_profile("medlog", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("medlog")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point MEDLOG_HOME at a fresh directory and freeze the clock, for every test."""
    store = tmp_path / "home"
    monkeypatch.setenv("MEDLOG_HOME", str(store))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))  # if MEDLOG_HOME is ever lost
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))  # derived files
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))  # remind's units
    monkeypatch.setenv("MEDLOG_NOW", FROZEN_NOW)
    monkeypatch.setenv("MEDLOG_DEBUG", "1")  # a bug (exit 70) shows its traceback in the test
    monkeypatch.delenv("NO_COLOR", raising=False)
    return store


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run in UTC unless a test picks a zone with the ``zone`` fixture."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Switch the local time zone (TZ) for the rest of the test."""

    def switch(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    return switch


Clock = Callable[[str], None]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Set the frozen clock (MEDLOG_NOW, ISO 8601) for the rest of the test."""

    def set_clock(now: str) -> None:
        monkeypatch.setenv("MEDLOG_NOW", now)

    return set_clock


@dataclass
class Run:
    """What a medlog invocation printed and returned."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def medlog() -> Callable[..., Run]:
    """Run the medlog command line in-process: medlog("take", "lexapro", now="...").

    ``now=`` sets MEDLOG_NOW for that one call and restores the clock after it; to move
    the clock for the rest of a test, use the ``clock`` fixture.
    """
    from medlog.cli.app import app

    runner = CliRunner()

    def invoke(*args: str, now: str | None = None) -> Run:
        env = None if now is None else {"MEDLOG_NOW": now}
        result = runner.invoke(app, list(args), env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code != 70, f"medlog {' '.join(args)} hit a bug:\n{result.stderr}"
        return Run(result.exit_code, result.stdout, result.stderr)

    return invoke


def _installed_command() -> list[str]:
    """The installed console script, or the module beside this interpreter."""
    beside = Path(sys.executable).with_name("medlog")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("medlog")
    return [found] if found else [sys.executable, "-m", "medlog"]


MEDLOG_COMMAND = _installed_command()


def program(name: str) -> str:
    """The path of a system program a test drives (git, syncthing). Missing, the test is
    skipped, saying so; but when MEDLOG_REQUIRE_PROGRAMS is set (.ci/run sets it, after
    installing them) it fails, so CI can never pass by skipping."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("MEDLOG_REQUIRE_PROGRAMS"):
        pytest.fail(f"{name} is not installed, and MEDLOG_REQUIRE_PROGRAMS is set: install it.")
    pytest.skip(f"{name} is not installed (set MEDLOG_REQUIRE_PROGRAMS=1 to fail instead)")


@pytest.fixture
def medlog_process(home: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed command in a subprocess, as a person would."""

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = dict(os.environ) | (env or {})
        return subprocess.run(
            [*MEDLOG_COMMAND, *args],
            capture_output=True,
            text=True,
            env=full_env,
            check=False,
            timeout=60,
        )

    return run


def in_terminal(
    args: list[str], answers: str, env: dict[str, str], columns: int | None = None
) -> tuple[int, str]:
    """Run the installed command on a pseudo-terminal, typing ``answers``; (exit code, screen).
    With ``columns``, the terminal says it is that wide (50 lines high)."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    main, child = pty.openpty()
    if columns is not None:
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    process = subprocess.Popen(
        [*MEDLOG_COMMAND, *args],
        stdin=child,
        stdout=child,
        stderr=child,
        env=dict(os.environ) | env,
        close_fds=True,
    )
    os.close(child)
    os.write(main, answers.encode())
    screen = b""
    while select.select([main], [], [], 20)[0]:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        screen += chunk
    code = process.wait(timeout=30)
    os.close(main)
    return code, screen.decode(errors="replace").replace("\r\n", "\n")


def ok(result: Run) -> Run:
    """Assert a command exited 0 (showing its stderr if not) and return it."""
    assert result.exit_code == 0, result.stderr
    return result


def snapshot(directory: Path) -> dict[str, str]:
    """A digest of every file in ``directory``, to prove a command changed nothing."""
    if not directory.exists():
        return {}
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def lexapro(medlog: Callable[..., Run]) -> None:
    """A store with Lexapro 10 mg daily at 08:00 from 2026-11-01."""
    result = medlog(
        "add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start", "2026-11-01"
    )
    assert result.exit_code == 0, result.stderr


Journal = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def journal_lines(home: Path) -> Journal:
    """Read the journal: each call parses every line of home/journal.jsonl afresh ([] if none)."""

    def read() -> list[dict[str, Any]]:
        journal = home / "journal.jsonl"
        if not journal.exists():
            return []
        return [json.loads(line) for line in journal.read_text().splitlines()]

    return read


@pytest.fixture
def lexapro_added(medlog: Callable[..., Run]) -> None:
    """A store with Lexapro 10 mg daily at 08:00 from 2026-11-20 (``lexapro`` starts 11-01)."""
    result = medlog(
        "add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start", "2026-11-20"
    )
    assert result.exit_code == 0, result.stderr
