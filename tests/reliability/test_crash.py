"""Crash safety: writers killed with SIGKILL never lose an acknowledged dose or break a file."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from medlog import journal
from medlog.store import Store
from tests.conftest import MEDLOG_COMMAND

# Each writer pauses 60 ms after a write. medlog's lock waits by polling, up to 50 ms between
# tries, so a writer that takes the lock again at once can keep a waiting one out past its 15 s
# (on a busy machine, for every try of a round); a person runs one medlog at a time. The pause
# leaves each waiter a try, and a kill still lands at any moment of the writes around it.
TAKER = """
import sys, time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from medlog.actions.doses import take
from medlog.store import Store
store, tag = Store(Path(sys.argv[1])), sys.argv[2]
start = datetime(2026, 11, 1, tzinfo=timezone.utc)
n = 0
while True:
    logged = take(store, start + timedelta(seconds=n), ["lexapro", "10mg"], note=f"{tag}-{n}")
    print(logged.event.id, flush=True)  # acknowledged: take returned after its fsync
    n += 1
    time.sleep(0.06)
"""

EDITOR = """
import sys, time
from datetime import datetime, timezone
from pathlib import Path
from medlog.actions.items import ItemOptions, edit
from medlog.store import Store
store = Store(Path(sys.argv[1]))
now = datetime(2026, 11, 27, tzinfo=timezone.utc)
n = 0
while True:
    top = 20 + n % 2 * 10
    edit(store, now, "lexapro", ItemOptions(range=f"10-{top}mg/day"))
    print(top, flush=True)
    n += 1
    time.sleep(0.06)
"""


def start(script: str, *args: str) -> subprocess.Popen[str]:
    """A writer running ``script`` in its own Python process."""
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def first_write(process: subprocess.Popen[str]) -> str:
    """What a writer printed up to its first acknowledgement (read from the pipe itself, as
    ``communicate`` reads the rest); fails if it ends first or goes quiet for two minutes."""
    assert process.stdout is not None
    heard = b""
    while b"\n" not in heard:
        if not select.select([process.stdout], [], [], 120)[0]:
            pytest.fail("A writer wrote nothing for two minutes.")
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            _, error = process.communicate(timeout=30)
            pytest.fail(f"A writer ended before its first write:\n{error}")
        heard += chunk
    return heard.decode()


def kill_all(processes: dict[subprocess.Popen[str], str]) -> list[str]:
    """SIGKILL every writer and return all the lines they acknowledged, with those already
    heard from each."""
    for process in processes:
        process.send_signal(signal.SIGKILL)
    lines = []
    for process, heard in processes.items():
        out, _ = process.communicate(timeout=30)
        lines += (heard + out).split()
    return lines


def crash_rounds(home: Path, rounds: int, seed: int) -> None:
    """Rounds of two takers and an editor, each killed at a random moment, then checked.

    The kill comes a random while after every writer has acknowledged one write, so how busy
    the machine is changes where in a write the kill lands, never whether there was one.
    """
    rng = random.Random(seed)
    store = Store(home)
    acknowledged: set[str] = set()
    for round_number in range(rounds):
        writers = [start(TAKER, str(home), f"r{round_number}w{n}") for n in range(2)]
        editor = start(EDITOR, str(home))
        heard = {process: first_write(process) for process in [*writers, editor]}
        time.sleep(rng.uniform(0.0, 0.4))
        acknowledged |= set(kill_all({writer: heard[writer] for writer in writers}))
        kill_all({editor: heard[editor]})
        # The store always loads: medlog.toml is the old or the new version, never half.
        regimen = store.load_regimen()
        lexapro = regimen.get("lexapro")
        assert lexapro is not None and lexapro.range is not None
        assert lexapro.range.max in (20, 30)
        # Every acknowledged dose is in the journal; at most the last line is torn.
        present = {event.id for event in journal.read_all(store.journal_path).events}
        assert acknowledged <= present, f"lost {len(acknowledged - present)} doses"


@pytest.fixture
def lexapro_home(tmp_path: Path) -> Path:
    """A store with Lexapro, made with the installed command."""
    home = tmp_path / "crash"
    subprocess.run(
        [*MEDLOG_COMMAND, "--home", str(home), "add", "lexapro", "--dose", "10mg"],
        check=True,
        capture_output=True,
    )
    return home


@pytest.mark.timing
def test_sigkill_at_random_moments_loses_nothing(lexapro_home: Path) -> None:
    """Ten rounds of SIGKILL during appends and medlog.toml rewrites: nothing acknowledged lost."""
    crash_rounds(lexapro_home, rounds=10, seed=1)
    after = subprocess.run(
        [*MEDLOG_COMMAND, "--home", str(lexapro_home), "take", "lexapro"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert after.returncode == 0, after.stderr
    check = subprocess.run(
        [*MEDLOG_COMMAND, "--home", str(lexapro_home), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout
    assert not list(lexapro_home.glob(".medlog.toml.*.tmp"))


@pytest.mark.slow
def test_sigkill_many_rounds(lexapro_home: Path) -> None:
    """The larger run (pytest -m slow): a hundred rounds."""
    crash_rounds(lexapro_home, rounds=100, seed=2)


HALF_WRITE = """
import os, signal, sys
from pathlib import Path
from medlog.actions.doses import take
from medlog.store import Store
from medlog.timeparse import clock_now
real_write = os.write
def half_then_die(fd, data):
    if len(data) > 40 and data.startswith(b'{"v":'):
        real_write(fd, data[: len(data) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    return real_write(fd, data)
os.write = half_then_die
take(Store(Path(sys.argv[1])), clock_now(os.environ), ["lexapro", "10mg"], note="no ack")
"""

DIE_BEFORE_RENAME = """
import os, signal, sys
from pathlib import Path
from medlog.actions.items import ItemOptions, edit
from medlog.store import Store
from medlog.timeparse import clock_now
replace = Path.replace  # a derived file's rename (the parsed medlog.toml kept) goes on
Path.replace = lambda self, target: (
    os.kill(os.getpid(), signal.SIGKILL) if Path(target).name == "medlog.toml"
    else replace(self, target)
)
edit(Store(Path(sys.argv[1])), clock_now(os.environ), "lexapro", ItemOptions(range="10-30mg/day"))
"""


def test_a_write_cut_in_half_is_set_aside_and_never_glued(lexapro_home: Path) -> None:
    """A take killed halfway through its write leaves a torn tail the next take sets aside."""
    first = subprocess.run(
        [*MEDLOG_COMMAND, "--home", str(lexapro_home), "take", "lexapro", "--note", "first"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert first.returncode == 0
    died = subprocess.run(
        [sys.executable, "-c", HALF_WRITE, str(lexapro_home)], capture_output=True, check=False
    )
    assert died.returncode == -signal.SIGKILL
    read = journal.read_all(lexapro_home / "journal.jsonl")
    assert read.torn and [e.note for e in read.events] == ["first"]
    after = subprocess.run(
        [*MEDLOG_COMMAND, "--home", str(lexapro_home), "take", "lexapro", "--note", "after"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert after.returncode == 0, after.stderr
    assert "incomplete line" in after.stderr
    read = journal.read_all(lexapro_home / "journal.jsonl")
    assert not read.torn and [e.note for e in read.events] == ["first", "after"]
    assert (lexapro_home / "journal.jsonl.torn").read_bytes().startswith(b'{"v":')


def test_a_toml_rewrite_killed_before_its_rename_keeps_the_old_file(lexapro_home: Path) -> None:
    """Killed between writing the temp file and renaming it: medlog.toml is the old version."""
    config = lexapro_home / "medlog.toml"
    before = config.read_bytes()
    died = subprocess.run(
        [sys.executable, "-c", DIE_BEFORE_RENAME, str(lexapro_home)],
        capture_output=True,
        check=False,
    )
    assert died.returncode == -signal.SIGKILL
    assert config.read_bytes() == before
    assert list(lexapro_home.glob(".medlog.toml.*.tmp"))  # the dead writer's temp file
    edited = subprocess.run(
        [*MEDLOG_COMMAND, "--home", str(lexapro_home), "edit", "lexapro", "--range", "10-30mg/day"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert edited.returncode == 0, edited.stderr
    assert not list(lexapro_home.glob(".medlog.toml.*.tmp"))  # the next writer cleaned up
    assert b'max = "30 mg"' in config.read_bytes()
