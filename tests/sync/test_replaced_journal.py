"""A journal a sync tool replaces while medlog appends to it (issue 21).

Syncthing puts another device's version in place by deleting the journal and renaming its
copy over it, without seeing a line appended in that moment: the line went into the file
being replaced, and was lost with it (seen with two real Syncthing instances, README
"several devices"). medlog checks, after each append, that the file it wrote is still the
journal, and appends the same lines to the new one when it is not. Deterministic here: the
replacement happens inside medlog's own fsync of the journal.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import Run, ok

Medlog = Callable[..., Run]
NOW = "2026-11-28T08:05"


@contextmanager
def replaced_during_fsync(journal: Path, other: Path, *, gap: float | None) -> Iterator[None]:
    """At the first fsync of ``journal``, put ``other`` in its place as Syncthing does: at
    once (``gap`` None: the rename lands after the write), or deleted first and renamed
    ``gap`` seconds later (a dose logged then finds no journal for that moment)."""
    real = os.fsync
    done = False

    def fsync(fd: int) -> None:
        nonlocal done
        real(fd)
        if done or not journal.exists() or os.fstat(fd).st_ino != journal.stat().st_ino:
            return
        done = True
        if gap is None:
            other.replace(journal)
        else:
            journal.unlink()
            threading.Timer(gap, other.replace, (journal,)).start()

    os.fsync = fsync
    try:
        yield
    finally:
        os.fsync = real


def _two_devices(medlog: Medlog, home: Path, tmp_path: Path) -> Path:
    """A store with Lexapro and a phone copy of it holding one dose the laptop has not seen;
    returns the phone's journal as Syncthing would deliver it (a file beside the store)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00,20:00",
              "--start", "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip
    phone = tmp_path / "phone"
    shutil.copytree(home, phone)
    ok(medlog("--home", str(phone), "take", "lexapro", "--note", "phone", now="2026-11-27T20:01"))
    delivered = home / ".syncthing.journal.jsonl.tmp"
    shutil.copy(phone / "journal.jsonl", delivered)
    return delivered


def test_a_dose_logged_as_the_journal_is_replaced_is_kept(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """The laptop's dose written into the journal a moment before Syncthing renames the
    phone's version over it is appended again to the phone's version: both doses show, once
    each, and the store checks clean."""
    delivered = _two_devices(medlog, home, tmp_path)
    with replaced_during_fsync(home / "journal.jsonl", delivered, gap=None):
        ok(medlog("take", "lexapro", "--note", "laptop", now=NOW))
    history = ok(medlog("history", "--format", "json", now=NOW)).stdout
    assert history.count('"phone"') == 1 and history.count('"laptop"') == 1
    assert (home / "journal.jsonl").read_text().count('"laptop"') == 1
    assert ok(medlog("check", now=NOW)).exit_code == 0


def test_a_dose_logged_while_the_journal_is_away_waits_for_it(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """Syncthing deletes the journal, then renames the new version in a moment later: the
    laptop's dose goes into the new version, not into a file of its own that the rename
    would replace."""
    delivered = _two_devices(medlog, home, tmp_path)
    with replaced_during_fsync(home / "journal.jsonl", delivered, gap=0.05):
        ok(medlog("take", "lexapro", "--note", "laptop", now=NOW))
    history = ok(medlog("history", "--format", "json", now=NOW)).stdout
    assert history.count('"phone"') == 1 and history.count('"laptop"') == 1
    assert (home / "journal.jsonl").stat().st_mode & 0o777 == 0o600


def test_an_append_to_a_journal_left_in_place_writes_once(medlog: Medlog, home: Path) -> None:
    """Nothing replaced: each line is written once (the check costs a stat, no write)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", now="2026-11-01T07:00"))
    ok(medlog("take", "lexapro", "--note", "laptop", now=NOW))
    assert (home / "journal.jsonl").read_text().count('"laptop"') == 1
