"""Output that cannot be written is never reported as success: a full disk is 74, a closed
pipe a quiet 141 (never 0 or 1), and -o writes into /dev/stdout, a FIFO or a symlink's
target, never onto a store file."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MEDLOG_COMMAND, Run, ok, snapshot

Medlog = Callable[..., Run]
Process = Callable[..., subprocess.CompletedProcess[str]]


@pytest.mark.parametrize(
    ("how", "words"),
    [("> /dev/full", "No space left on device"), (">&-", "standard output is closed")],
)
def test_output_that_cannot_be_written_is_exit_74(lexapro: None, how: str, words: str) -> None:
    """export, history, report, list and today to a full disk, or started with stdout
    closed, fail with 74 and a message, no traceback (an outsider's finding, issue 8;
    closed, report and list stopped with an internal error asking whether stdout was a
    terminal: an outside attacker's finding)."""
    for args in (["export", "--format", "json"], ["history", "--format", "csv"], ["report"],
                 ["report", "--format", "json"], ["list"], ["today"]):  # fmt: skip
        result = subprocess.run(
            ["bash", "-c", f'exec "$@" {how}', "medlog", *MEDLOG_COMMAND, *args],
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        assert result.returncode == 74, (args, result.stderr)
        assert "Could not write the output" in result.stderr and words in result.stderr
        assert "Traceback" not in result.stderr


def test_output_that_fails_after_a_write_says_the_write_happened(home: Path) -> None:
    """A dose logged with stdout full is 74 and says it was saved: a retry would double it (an
    outside attacker's finding)."""
    env = dict(os.environ)
    subprocess.run([*MEDLOG_COMMAND, "add", "lexapro", "--dose", "10mg"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [*MEDLOG_COMMAND, "take", "lexapro"],
            stdout=full, stderr=subprocess.PIPE, text=True, env=env, check=False,
        )  # fmt: skip
    assert result.returncode == 74
    assert "was saved" in result.stderr and "do not repeat it" in result.stderr
    closed = subprocess.run([*MEDLOG_COMMAND, "take", "nosuch"], stderr=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, env=env, check=False)  # fmt: skip
    assert closed.returncode == 2


@pytest.mark.timing
@pytest.mark.parametrize(
    "args", [["due"], ["take", "lexapro"], ["export"], ["report", "--format", "json"]]
)
def test_a_closed_pipe_is_141_never_1(home: Path, args: list[str]) -> None:
    """| true closes the pipe: 141, quietly, never 1 (which due keeps for "overdue") (an outside
    attacker's finding)."""
    env = dict(os.environ)
    setup = subprocess.run(
        [*MEDLOG_COMMAND, "add", "lexapro", "--dose", "10mg", "--schedule", "daily 20:00"],
        env=env, capture_output=True, check=False,
    )  # fmt: skip
    assert setup.returncode == 0
    read, write = os.pipe()
    os.close(read)
    process = subprocess.run(
        [*MEDLOG_COMMAND, *args], stdout=write, stderr=subprocess.PIPE, env=env, check=False
    )
    os.close(write)
    assert process.returncode == 141, process.stderr
    assert process.stderr == b""


@pytest.mark.timing
def test_a_closed_pipe_is_a_quiet_141(lexapro: None, home: Path) -> None:
    """A reader that closes the pipe (`| head`) ends medlog with 141 and nothing on stderr (an
    outsider's finding, issue 8)."""
    from datetime import UTC, datetime, timedelta
    from decimal import Decimal

    from medlog import journal
    from medlog.model import Event

    start = datetime(2026, 11, 1, 8, tzinfo=UTC)
    doses = [
        Event(journal.new_id(), "dose", at, at, "lexapro", Decimal(10), "mg", note="x" * 200)
        for at in (start + timedelta(minutes=20 * n) for n in range(100))
    ]
    journal.append(home / "journal.jsonl", doses)
    read, write = os.pipe()
    os.close(read)  # the reader is gone before medlog starts, however fast either side runs
    process = subprocess.run(
        [*MEDLOG_COMMAND, "history"], stdout=write, stderr=subprocess.PIPE, check=False
    )
    os.close(write)
    assert process.returncode == 141
    assert process.stderr == b""


@pytest.mark.timing
def test_a_reader_that_leaves_half_way_is_141_never_0(medlog: Medlog, home: Path) -> None:
    """A large export cut by head -c is 141, not 0 with a cut file (an outside attacker's
    finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    lines = [
        json.dumps(
            {
                "v": 2,
                "id": f"d{n:06d}",
                "type": "dose",
                "at": "2026-11-01T08:00:00+00:00",
                "logged_at": "2026-11-01T08:00:00+00:00",
                "stamp": 1793520000,
                "item": "lexapro",
                "amount": "10",
                "unit": "mg",
            }
        )
        for n in range(20000)
    ]
    (home / "journal.jsonl").write_text("\n".join(lines) + "\n")
    (home / "journal.jsonl").chmod(0o600)
    process = subprocess.Popen(
        [*MEDLOG_COMMAND, "export"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10000)  # like head -c 10000
    process.stdout.close()
    assert process.wait(timeout=60) == 141
    assert process.stderr.read() == b""


@pytest.mark.timing
def test_output_into_dev_stdout_and_a_fifo_writes_in_place(
    medlog_process: Process, lexapro: None, tmp_path: Path
) -> None:
    """`-o /dev/stdout` prints; a FIFO is written into, never replaced by a regular file (an
    outsider's finding, issue 8)."""
    result = medlog_process("report", "--format", "json", "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["schema"] == "medlog.report/1"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    result = medlog_process("report", "--format", "csv", "-o", str(fifo))
    output, _ = reader.communicate(timeout=30)
    assert result.returncode == 0 and output.startswith("item,")
    assert fifo.is_fifo()


def test_dash_o_dev_stdout_writes_into_the_stream(home: Path, tmp_path: Path) -> None:
    """-o /dev/stdout with stdout appended to a file adds to it; it never replaces the file (an
    outside attacker's finding)."""
    kept = tmp_path / "keep.log"
    kept.write_text("LINE1\n")
    with kept.open("a") as stream:
        subprocess.run([*MEDLOG_COMMAND, "report", "--format", "csv", "-o", "/dev/stdout"],
                       stdout=stream, check=True, env=dict(os.environ))  # fmt: skip
    text = kept.read_text()
    assert text.startswith("LINE1\nitem,name,")


def test_output_through_a_symlink_writes_its_target(
    medlog: Medlog, lexapro: None, tmp_path: Path
) -> None:
    """`-o link.json` replaces the file the link points to and keeps the link (an outsider's
    finding, issue 8)."""
    target = tmp_path / "target.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    ok(medlog("report", "-o", str(link)))
    assert link.is_symlink()
    assert json.loads(target.read_text())["schema"] == "medlog.report/1"


@pytest.mark.parametrize("name", ["journal.jsonl.torn", "medlog.toml~", "medlog.lock", "."])
def test_output_never_lands_on_a_store_file(
    medlog: Medlog, lexapro: None, home: Path, name: str
) -> None:
    """Every file of the store, and the store itself, is refused as an -o target (an outsider's
    finding, issue 8)."""
    (home / name).touch() if name != "." else None
    before = snapshot(home)
    result = medlog("report", "--format", "json", "-o", str(home / name))
    assert result.exit_code == 2
    assert snapshot(home) == before


def test_escape_codes_in_paths_never_reach_the_terminal(medlog: Medlog, tmp_path: Path) -> None:
    """An -o path holding an escape sequence is shown escaped on stderr, never sent raw (an
    outside attacker's finding)."""
    target = tmp_path / "\x1b]0;PWNED\x07.json"
    result = ok(medlog("report", "-o", str(target)))
    assert "\x1b" not in result.stderr and "\\x1b" in result.stderr
