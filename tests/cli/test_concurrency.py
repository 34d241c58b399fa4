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
from typing import Any

import pytest

from medlog import store as store_module
from medlog.actions.doses import take
from medlog.store import Store
from tests.conftest import MEDLOG_COMMAND, Journal


def _writer(home: str, writer: int, takes: int, acknowledged: Any) -> None:
    """Log doses with distinct notes and times through the real action and lock; report each.

    Eight writers in tight loops can keep one waiting past the lock's 15 s on a busy machine
    (it polls, so a writer that re-takes it at once wins); what is tested here is that nothing
    is lost or torn, so each waits as long as the others take.
    """
    assert hasattr(store_module, "LOCK_TIMEOUT_SECONDS")  # the lock still reads it
    store_module.LOCK_TIMEOUT_SECONDS = 600.0
    store = Store(Path(home))
    start = datetime(2026, 11, 1, tzinfo=UTC)
    for n in range(takes):
        moment = start + timedelta(minutes=writer * takes + n)
        logged = take(store, moment, ["lexapro", "10mg"], note=f"w{writer}-{n}")
        acknowledged.put(logged.event.id)


def concurrent_takes(home: Path, writers: int, takes: int) -> None:
    """``writers`` processes each logging ``takes`` doses at once; nothing lost or torn."""
    context = multiprocessing.get_context("fork")
    acknowledged = context.Queue()
    workers = [
        context.Process(target=_writer, args=(str(home), w, takes, acknowledged))
        for w in range(writers)
    ]
    for worker in workers:
        worker.start()
    ids = {acknowledged.get(timeout=120) for _ in range(writers * takes)}
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    data = (home / "journal.jsonl").read_bytes()
    assert data.endswith(b"\n")
    lines = data.split(b"\n")[:-1]
    events = [json.loads(line) for line in lines]  # every line whole: none torn or interleaved
    assert len(events) == writers * takes
    assert {event["id"] for event in events} == ids
    assert sorted(event["note"] for event in events) == sorted(
        f"w{w}-{n}" for w in range(writers) for n in range(takes)
    )


@pytest.mark.timing
def test_eight_processes_appending_at_once_lose_and_tear_nothing(lexapro: None, home: Path) -> None:
    """8 processes x 50 takes: every acknowledged dose is there, each on one whole line."""
    concurrent_takes(home, writers=8, takes=50)


@pytest.mark.slow
def test_eight_processes_times_250(lexapro: None, home: Path) -> None:
    """The DESIGN.md figure (pytest -m slow): 8 x 250 concurrent takes, 2,000 events."""
    concurrent_takes(home, writers=8, takes=250)


@pytest.mark.timing
def test_concurrent_installed_commands(lexapro: None, home: Path, journal_lines: Journal) -> None:
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
    notes = [line["note"] for line in journal_lines()]
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
