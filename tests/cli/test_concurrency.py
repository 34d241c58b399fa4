"""Concurrent writers lose nothing and tear nothing; files stay private."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from medlog.actions.doses import take
from medlog.store import Store
from tests.conftest import MEDLOG_COMMAND

WRITERS = 4
TAKES_EACH = 100


def _writer(home: str, writer: int) -> None:
    """Log TAKES_EACH doses with distinct notes and times, through the real action and lock."""
    store = Store(Path(home))
    start = datetime(2026, 11, 1, tzinfo=UTC)
    for n in range(TAKES_EACH):
        moment = start + timedelta(minutes=writer * TAKES_EACH + n)
        take(store, moment, "lexapro", "10mg", note=f"w{writer}-{n}")


def test_four_processes_appending_at_once_lose_and_tear_nothing(lexapro: None, home: Path) -> None:
    """4 processes x 100 takes: exactly 400 whole, parseable lines, each note once."""
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer, args=(str(home), w)) for w in range(WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    lines = (home / "journal.jsonl").read_bytes().split(b"\n")
    assert lines.pop() == b""
    notes = sorted(json.loads(line)["note"] for line in lines)
    expected = sorted(f"w{w}-{n}" for w in range(WRITERS) for n in range(TAKES_EACH))
    assert notes == expected
    assert len({json.loads(line)["id"] for line in lines}) == WRITERS * TAKES_EACH


def test_concurrent_installed_commands(lexapro: None, home: Path) -> None:
    """The installed command, run 4 x 5 times at once, logs all 20 doses."""
    procs = [
        subprocess.Popen(
            [*MEDLOG_COMMAND, "take", "lexapro", "--note", f"p{p}-{n}", "--at", "08:00"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for p in range(4)
        for n in range(5)
    ]
    assert all(proc.wait(timeout=60) == 0 for proc in procs)
    notes = [json.loads(line)["note"] for line in (home / "journal.jsonl").read_text().splitlines()]
    assert sorted(notes) == sorted(f"p{p}-{n}" for p in range(4) for n in range(5))


def test_files_are_private_even_with_a_permissive_umask(
    medlog_process: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    """With umask 000 the store directory is 0700 and every file 0600."""
    home = tmp_path / "open-umask"
    old = os.umask(0)
    try:
        assert medlog_process("--home", str(home), "add", "lexapro").returncode == 0
        assert medlog_process("--home", str(home), "take", "lexapro").returncode == 0
    finally:
        os.umask(old)
    assert home.stat().st_mode & 0o777 == 0o700
    for name in ("medlog.toml", "journal.jsonl", "medlog.lock"):
        assert (home / name).stat().st_mode & 0o777 == 0o600, name


def test_the_installed_command_runs_as_a_person_would(
    medlog_process: Callable[..., subprocess.CompletedProcess[str]],
    home: Path,
) -> None:
    """The console script adds, takes and reports; errors are one line, exit 2, no traceback."""
    added = medlog_process("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00")
    assert added.returncode == 0, added.stderr
    taken = medlog_process("take", "lexapro", "30mg")
    assert taken.returncode == 0
    assert "Warning:" in taken.stderr and "ABOVE" in taken.stdout
    bad = medlog_process("take", "lexapro", "1e999")
    assert bad.returncode == 2
    assert bad.stderr.startswith("Error: '1e999' uses an exponent")
    assert "Traceback" not in bad.stderr
    module = subprocess.run(
        [sys.executable, "-m", "medlog", "--version"], capture_output=True, text=True, check=False
    )
    assert module.returncode == 0 and module.stdout.startswith("medlog ")
