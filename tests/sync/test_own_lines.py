"""Lines this device logged that a sync tool dropped come back at its next command (issue 21).

Two real Syncthing instances lost a dose about one run in ten: Syncthing deletes the journal
and renames the other device's version over it, and a line appended in that moment (after
medlog looked whether its file was still the journal) left with the deleted file; or two
conflict copies made in one second shared a name and the second replaced the first. Every
line medlog appends is kept on this machine too (``own_lines``, the user state directory),
with the journal file it went to; the next command that finds another file there appends
again the kept lines it lacks, and says so.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import stat
import subprocess
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from medlog import derived, journal, own_lines
from medlog.store import Store
from tests.conftest import MEDLOG_COMMAND, Run, ok, snapshot

Medlog = Callable[..., Run]
NOW = "2026-11-28T08:05"
LATER = "2026-11-28T09:00"


def _store_and_phone(medlog: Medlog, home: Path, tmp_path: Path) -> Path:
    """The laptop's store with Lexapro, and a phone copy of it holding one dose of its own."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00,20:00",
              "--start", "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip
    phone = tmp_path / "phone"
    shutil.copytree(home, phone)
    ok(medlog("--home", str(phone), "take", "lexapro", "--note", "phone", now="2026-11-27T20:01"))
    return phone


def _notes(medlog: Medlog, home: Path) -> list[str]:
    shown = ok(medlog("--home", str(home), "history", "--format", "json", now=LATER)).stdout
    return sorted(event["note"] for event in json.loads(shown)["events"] if event["note"])


def _kept(home: Path) -> Path:
    return derived.folder(home, "state") / own_lines.NAME


def test_a_dose_dropped_as_the_journal_was_replaced_comes_back(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """The phone's version renamed over the journal just after the laptop's dose was written
    (too late for the check after the write): the laptop's next command, a reading one, puts
    the dose back, says so once, and the store checks clean."""
    phone = _store_and_phone(medlog, home, tmp_path)
    ok(medlog("take", "lexapro", "--note", "laptop", now=NOW))
    shutil.copy(phone / "journal.jsonl", home / ".syncthing.journal.jsonl.tmp")
    (home / ".syncthing.journal.jsonl.tmp").replace(home / "journal.jsonl")

    first = ok(medlog("today", now=LATER))
    assert "1 entry this device logged lately was missing from journal.jsonl" in first.stderr
    assert "put it back" in first.stderr
    assert _notes(medlog, home) == ["laptop", "phone"]
    again = ok(medlog("today", now=LATER))
    assert "missing" not in again.stderr
    assert ok(medlog("check", now=LATER)).stderr == ""
    assert (home / "journal.jsonl").read_text().count('"laptop"') == 1


def test_a_dose_in_a_conflict_copy_replaced_by_another_comes_back(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """Two conflicts in one second: the first copy (holding the laptop's first dose) is
    replaced by the second, named the same. The first dose is put back; the second copy is
    merged; every dose counts once."""
    phone = _store_and_phone(medlog, home, tmp_path)
    copy = home / "journal.sync-conflict-20261128-080500-ABCDEFG.jsonl"
    ok(medlog("take", "lexapro", "--note", "laptop-1", now=NOW))
    (home / "journal.jsonl").replace(copy)
    shutil.copy(phone / "journal.jsonl", home / "journal.jsonl")
    ok(medlog("take", "lexapro", "5mg", "--note", "laptop-2", now="2026-11-28T08:06"))
    (home / "journal.jsonl").replace(copy)  # the same name: the first copy is gone
    shutil.copy(phone / "journal.jsonl", home / "journal.jsonl")

    said = ok(medlog("merge", now=LATER))
    assert "2 entries this device logged lately were missing" in said.stderr
    assert _notes(medlog, home) == ["laptop-1", "laptop-2", "phone"]
    assert not copy.exists()
    assert ok(medlog("check", now=LATER)).stderr == ""


def test_an_ordinary_sync_changes_nothing_and_says_nothing(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """The phone's version arriving with the laptop's dose in it (the usual sync): nothing is
    appended, nothing said, and the next command does not look again."""
    phone = _store_and_phone(medlog, home, tmp_path)
    ok(medlog("take", "lexapro", "--note", "laptop", now=NOW))
    with (phone / "journal.jsonl").open("ab") as journal:
        journal.write((home / "journal.jsonl").read_bytes().splitlines(keepends=True)[-1])
    shutil.copy(phone / "journal.jsonl", home / ".syncthing.journal.jsonl.tmp")
    (home / ".syncthing.journal.jsonl.tmp").replace(home / "journal.jsonl")
    before = (home / "journal.jsonl").read_bytes()

    assert ok(medlog("today", now=LATER)).stderr == ""
    assert (home / "journal.jsonl").read_bytes() == before
    kept = _kept(home).read_bytes()
    assert ok(medlog("history", now=LATER)).stderr == ""
    assert _kept(home).read_bytes() == kept  # the same file: nothing looked at, nothing kept


def test_a_new_store_at_the_same_path_gets_nothing_of_the_old_one(
    medlog: Medlog, home: Path
) -> None:
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", now="2026-11-01T07:00"))
    ok(medlog("take", "lexapro", "--note", "old store", now=NOW))
    shutil.rmtree(home)
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-28", now=NOW))
    ok(medlog("take", "lexapro", "--note", "new store", now=LATER))
    assert _notes(medlog, home) == ["new store"]


def test_a_regimen_file_made_again_beside_the_journal_keeps_the_lines(
    medlog: Medlog, home: Path
) -> None:
    """medlog.toml gone (a sync tool between versions, a slip) and made again by `add` beside
    the journal that is still there: the same store, so the lines this machine kept stay kept,
    and a dose an older copy of the journal then lacks comes back."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", now="2026-11-01T07:00"))
    ok(medlog("take", "lexapro", "--note", "earlier", now="2026-11-27T08:00"))
    older = (home / "journal.jsonl").read_bytes()
    ok(medlog("take", "lexapro", "--note", "dropped", now=NOW))
    (home / "medlog.toml").unlink()
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", now=NOW))
    (home / "journal.jsonl").unlink()
    (home / "journal.jsonl").write_bytes(older)  # another file, without the morning's dose
    assert "1 entry this device logged lately was missing" in ok(medlog("today", now=LATER)).stderr
    assert _notes(medlog, home) == ["dropped", "earlier"]


def test_a_deleted_journal_is_made_again_with_the_weeks_doses(medlog: Medlog, home: Path) -> None:
    """journal.jsonl deleted beside medlog.toml: the next command, a reading one too, makes it
    again with the doses this device logged that week and says what it still lacks (an
    outside user's finding: `today` answered "not logged" for a logged dose, which logged
    again would count twice)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip
    ok(medlog("take", "lexapro", "--note", "old", now="2026-11-10T08:00"))
    ok(medlog("take", "lexapro", "--note", "yesterday", now="2026-11-27T08:00"))
    dose = json.loads((home / "journal.jsonl").read_bytes().splitlines()[-1])["id"]
    (home / "journal.jsonl").unlink()
    today = ok(medlog("today", now=LATER))
    assert today.stderr == (
        f"Note: journal.jsonl was missing from {home}; medlog has made it again with the 1 "
        f"entry this device logged in the last 7 days (id {dose[:8]}). Older entries, and other "
        "devices' entries, are not kept here: to have them, put a backup or another device's "
        "copy beside it and run medlog merge FILE.\n"
    )
    assert "not logged" not in today.stdout  # yesterday's dose is there again
    assert _notes(medlog, home) == ["yesterday"]
    assert ok(medlog("today", now=LATER)).stderr == ""
    assert medlog("check", now=LATER).stdout == ""


def test_lines_older_than_a_week_are_not_kept(medlog: Medlog, home: Path) -> None:
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", now="2026-11-01T07:00"))
    ok(medlog("take", "lexapro", "--note", "first", now="2026-11-02T08:00"))
    ok(medlog("take", "lexapro", "--note", "old", now="2026-11-10T08:00"))
    ok(medlog("take", "lexapro", "--note", "recent", now="2026-11-27T08:00"))
    journal_path = home / "journal.jsonl"
    journal_path.write_bytes(journal_path.read_bytes().splitlines(keepends=True)[0])
    said = ok(medlog("today", now=NOW)).stderr
    assert "1 entry this device logged lately was missing" in said
    assert _notes(medlog, home) == ["first", "recent"]


def test_imports_and_merges_are_not_kept(medlog: Medlog, home: Path, tmp_path: Path) -> None:
    """An import's lines come from a file the person keeps: only what was logged here is."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", now="2026-11-01T07:00"))
    ok(medlog("take", "lexapro", now="2026-11-02T08:00"))
    backup = tmp_path / "backup.json"
    ok(medlog("export", "--format", "json", "-o", str(backup), now=NOW))
    other = tmp_path / "other"
    ok(medlog("--home", str(other), "import", str(backup), now=NOW))
    assert not _kept(other).exists()


def test_the_kept_lines_are_private_and_a_damaged_file_is_passed_over(
    medlog: Medlog, home: Path
) -> None:
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", now="2026-11-01T07:00"))
    ok(medlog("take", "lexapro", "--note", "kept", now=NOW))
    kept = _kept(home)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    deep = "[" * 100_000 + "]" * 100_000  # json.loads: RecursionError, every command failed
    forged = {"file": [0, 0, 0], "lines": ['{"not": "an event"}', "\x1b[31m", 7, deep]}
    with kept.open("a") as damaged:
        damaged.write(json.dumps(forged) + "\n" + deep + "\n")
        damaged.write('{"file": [1, 2')  # and a line cut short
    (home / "journal.jsonl").write_text("")
    said = ok(medlog("today", now=LATER)).stderr
    assert "1 entry this device logged lately was missing" in said
    assert _notes(medlog, home) == ["kept"]


def test_a_journal_with_conflict_markers_is_left_to_the_command(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """git's markers in the journal: nothing is appended to it; each command reports the file
    as it always did (check lists the lines), and once merge has taken the markers out, the
    dose they hid comes back."""
    phone = _store_and_phone(medlog, home, tmp_path)
    ok(medlog("take", "lexapro", "--note", "laptop", now=NOW))
    theirs = (phone / "journal.jsonl").read_bytes().splitlines(keepends=True)[-1]
    (home / "journal.jsonl").write_bytes(b"<<<<<<< HEAD\n=======\n" + theirs + b">>>>>>> phone\n")
    before = snapshot(home)
    today = medlog("today", now=LATER)
    assert today.exit_code == 3 and "missing" not in today.stderr
    checked = medlog("check", now=LATER)
    assert checked.exit_code == 1 and "line 4: git left conflict markers" in checked.stdout
    assert snapshot(home) == before
    ok(medlog("merge", now=LATER))
    assert "was missing" in ok(medlog("today", now=LATER)).stderr
    assert _notes(medlog, home) == ["laptop", "phone"]


def test_a_backup_put_back_after_weeks_gets_no_old_dose_said_to_be_recent(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """Weeks without a command, then the journal as it was before a dose (a backup put
    back): the dose is not appended as one "this device logged lately" (the week is counted
    to now, not to the last line kept)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-10-01", now="2026-10-01T07:00"))
    backup = (home / "journal.jsonl").read_bytes()
    ok(medlog("take", "lexapro", "--note", "october", now="2026-10-02T08:00"))
    (home / "journal.jsonl").write_bytes(backup)
    said = ok(medlog("today", now=LATER)).stderr
    assert "missing" not in said
    assert (home / "journal.jsonl").read_bytes() == backup


def test_two_commands_at_once_put_a_line_back_once(home: Path, tmp_path: Path) -> None:
    """Two medlog started in the same moment both find the line missing; the one that waits
    for the other's lock looks again and appends nothing (the line was put back once)."""
    env = dict(os.environ) | {"MEDLOG_NOW": LATER}
    for args in (
        ("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01"),
        ("take", "lexapro"),
    ):
        subprocess.run([*MEDLOG_COMMAND, *args], env=env, check=True, capture_output=True)
    line = (home / "journal.jsonl").read_bytes()
    (home / "journal.jsonl").write_bytes(b"")
    with Store(home).locked():  # the first medlog, putting the line back
        waiting = subprocess.Popen(
            [*MEDLOG_COMMAND, "today"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        time.sleep(2)  # the second has looked at the journal and waits for the lock
        (home / "journal.jsonl").write_bytes(line)
    _, stderr = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, stderr
    assert b"missing" not in stderr
    assert (home / "journal.jsonl").read_bytes() == line


def test_a_pipe_or_a_device_in_place_of_the_kept_file_hangs_nothing(
    medlog: Medlog, home: Path
) -> None:
    """A FIFO (or a link to /dev/zero) where the kept file goes: every command runs as
    without one (it blocked reading or writing the FIFO forever, and read /dev/zero without
    end), and the journal still gets its dose."""
    env = dict(os.environ) | {"MEDLOG_NOW": LATER}

    def run(*args: str) -> None:
        command = [*MEDLOG_COMMAND, *args]
        subprocess.run(command, env=env, capture_output=True, timeout=30, check=True)

    run("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01")
    kept = _kept(home)
    kept.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(kept, 0o600)
    run("take", "lexapro")
    run("today")
    kept.unlink()
    kept.symlink_to("/dev/zero")
    run("take", "lexapro", "--note", "second")
    run("today")
    assert _notes(medlog, home) == ["second"]


def _alice_and_bob(medlog: Medlog, home: Path, tmp_path: Path, bob_takes: bool) -> None:
    """Alice's store at ``home``, with a dose of last week and one this morning; then it moves
    away and Bob's store (his own Lexapro, a dose of his if ``bob_takes``) moves to its path."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", now="2026-11-01T07:00"))
    ok(medlog("take", "lexapro", "--note", "alice-first", now="2026-11-02T08:00"))
    ok(medlog("take", "lexapro", "--note", "alice", now=NOW))
    bob = tmp_path / "bob"
    ok(medlog("--home", str(bob), "add", "lexapro", "--dose", "20mg", "--start", "2026-11-01",
              now="2026-11-01T07:00"))  # fmt: skip
    if bob_takes:
        ok(medlog("--home", str(bob), "take", "lexapro", "--note", "bob", now=NOW))
    home.rename(tmp_path / "alice")
    bob.rename(home)


@pytest.mark.parametrize(
    "bob_takes",
    [
        True,
        pytest.param(False, marks=pytest.mark.xfail(strict=True, reason=(
            "an empty journal holds nothing that says it is another store's: an emptied "
            "journal, or a copy from before the store's first dose, gets the week's doses "
            "back, and so does another store with no entry yet moved to the path"))),
    ],
    ids=["bob-has-doses", "bob-has-none"],
)  # fmt: skip
def test_another_persons_store_moved_to_the_path_gets_none_of_the_doses(
    medlog: Medlog, home: Path, tmp_path: Path, bob_takes: bool
) -> None:
    """Alice's store moved away and Bob's moved to its path (a caregiver switching folders,
    two sticks mounted at one place): Alice's dose of this morning must not go into Bob's
    journal as one 'this device logged lately'. Her journal began with another line, which
    Bob's does not hold: the command says why it puts nothing back, once."""
    _alice_and_bob(medlog, home, tmp_path, bob_takes)
    alice = json.loads((tmp_path / "alice" / "journal.jsonl").read_bytes().splitlines()[-1])["id"]
    said = ok(medlog("today", now=LATER)).stderr
    assert said == (
        "Note: 1 entry this device logged lately is missing from journal.jsonl, and so is the "
        "first entry of the journal it went to: this looks like another store moved to "
        f"{home} (or a copy from before that entry), so medlog has not put it back (id "
        f"{alice[:8]}; kept for 7 days in {_kept(home)}).\n"
    )
    assert ok(medlog("today", now=LATER)).stderr == ""
    assert _notes(medlog, home) == (["bob"] if bob_takes else [])
    checked = medlog("check", now=LATER)  # said once on stderr, and by check all week
    assert (checked.exit_code, checked.stdout) == (1, (
        f"{home / 'journal.jsonl'}: 1 entry this device logged in the last 7 days is not in "
        "it and was not put back: it does not hold the first entry of the journal it went to, "
        f"so it looks like another store (id {alice[:8]}; kept in {_kept(home)}).\n"
    ))  # fmt: skip


def _this_and_another(medlog: Medlog, other: Path, mine: str, theirs: str) -> Path:
    """This store with Lexapro and this morning's dose (note ``mine``) as its first line, and
    another person's store at ``other`` with its own Lexapro and dose (note ``theirs``)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", now="2026-11-01T07:00"))
    ok(medlog("take", "lexapro", "--note", mine, now=NOW))
    ok(medlog("--home", str(other), "add", "lexapro", "--dose", "20mg", "--start", "2026-11-01",
              now="2026-11-01T07:00"))  # fmt: skip
    ok(medlog("--home", str(other), "take", "lexapro", "--note", theirs, now=NOW))
    return other


@pytest.mark.xfail(
    strict=True,
    reason="a line appended to an empty journal has no first line to tell its store by (two "
    "devices sharing a new store each log a first dose, and that must come back): a store moved "
    "away within a week of its first dose leaves that dose to another store moved to its path; "
    "telling them apart needs an id of the store itself in medlog.toml",
)
def test_a_new_stores_first_dose_stays_out_of_another_store(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """As above, with this morning's dose the first line of Alice's journal."""
    bob = _this_and_another(medlog, tmp_path / "bob", "alice", "bob")
    home.rename(tmp_path / "alice")
    bob.rename(home)
    ok(medlog("today", now=LATER))
    assert _notes(medlog, home) == ["bob"]


def test_the_notice_names_what_came_back_so_undo_takes_back_that_one(
    medlog: Medlog, home: Path
) -> None:
    """The evening's take finds the morning's dose dropped and puts it back: the notice names
    the morning dose's id, and undo with it voids that one. A plain undo would void the
    evening's dose just logged (it said "to take a dose back, use medlog undo")."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00,20:00",
              "--start", "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip
    before = (home / "journal.jsonl").read_bytes()
    ok(medlog("take", "lexapro", "--note", "morning", now=NOW))
    morning = json.loads((home / "journal.jsonl").read_bytes().splitlines()[-1])["id"]
    (home / "journal.jsonl").write_bytes(before)

    said = ok(medlog("take", "lexapro", "--note", "evening", now="2026-11-28T20:00")).stderr
    assert f"(id {morning[:8]}). To take one back: medlog undo ID." in said
    ok(medlog("undo", morning[:8], now="2026-11-28T20:01"))
    shown = ok(medlog("history", "--format", "json", now="2026-11-28T20:02")).stdout
    events = json.loads(shown)["events"]
    voided = {event["note"]: event["voided"] for event in events if event["note"]}
    assert voided == {"morning": True, "evening": False}


def test_a_reading_command_whose_output_fails_after_a_put_back_says_it_changed_nothing(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """`today > /dev/full` after a sync tool dropped a dose: the dose is put back (its notice
    says so) and the failed output says nothing changed because of `today`; it said "the
    change itself was saved; do not repeat it", a change the person never made."""
    phone = _store_and_phone(medlog, home, tmp_path)
    ok(medlog("take", "lexapro", "--note", "laptop", now=NOW))
    _replaced_by(home, (phone / "journal.jsonl").read_bytes())
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [*MEDLOG_COMMAND, "today"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ | {"MEDLOG_NOW": LATER},
            check=False,
        )
    assert result.returncode == 74
    assert "nothing in the store changed because of it" in result.stderr
    assert "do not repeat it" not in result.stderr
    assert "1 entry this device logged lately was missing" in result.stderr
    assert _notes(medlog, home) == ["laptop", "phone"]


def _replaced_by(home: Path, older: bytes) -> None:
    """A sync tool puts another copy of the journal in place: a new file renamed over it."""
    copy = home / ".syncthing.journal.jsonl.tmp"
    copy.write_bytes(older)
    copy.chmod(0o600)
    copy.replace(home / "journal.jsonl")


@pytest.mark.parametrize("when", ["before the append", "during the write"])
def test_a_copy_put_in_place_while_a_take_runs_loses_no_earlier_dose(
    medlog: Medlog, home: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """The other device's copy, without this morning's second dose, is renamed over the
    journal after the take looked at it (before the append) or as its line is written (the
    append goes again to the new file): the take puts the dropped dose back and says so, so
    no later command takes the new file as one that holds every line kept (an outside
    attacker's finding: the dose was gone for good, check silent)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", now="2026-11-01T07:00"))
    ok(medlog("take", "lexapro", "--note", "first", now="2026-11-28T07:00"))
    older = (home / "journal.jsonl").read_bytes()
    ok(medlog("take", "lexapro", "--note", "second", now="2026-11-28T08:01"))
    if when == "before the append":
        original_append = journal.append

        def append(path: Path, events: list[Any], **options: Any) -> journal.Appended:
            _replaced_by(home, older)
            monkeypatch.setattr(journal, "append", original_append)
            return original_append(path, events, **options)

        monkeypatch.setattr(journal, "append", append)
    else:
        original_still_there = journal._still_there

        def still_there(fd: int, path: Path) -> bool:
            _replaced_by(home, older)
            monkeypatch.setattr(journal, "_still_there", original_still_there)
            return original_still_there(fd, path)

        monkeypatch.setattr(journal, "_still_there", still_there)
    said = ok(medlog("take", "lexapro", "--note", "third", now=NOW)).stderr
    assert "1 entry this device logged lately was missing from journal.jsonl" in said
    assert _notes(medlog, home) == ["first", "second", "third"]
    assert ok(medlog("today", now=LATER)).stderr == ""
    assert medlog("check", now=LATER).stdout == ""


def test_a_clock_set_forward_and_back_keeps_only_the_week(medlog: Medlog, home: Path) -> None:
    """A take with the clock a year ahead, then the clock right again: stamps never fall, so
    every later line carries that year-ahead stamp, yet lines are kept by when they were
    logged, and a dose dropped later still comes back (an outside attacker's finding: every
    line was kept for ever, and each take rewrote the grown file)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", now="2026-11-01T07:00"))
    ok(medlog("take", "lexapro", "--note", "ahead", now="2027-11-28T07:00"))
    ok(medlog("take", "lexapro", "--note", "old", "--at", "07:00", now="2026-11-10T08:00"))
    before = (home / "journal.jsonl").read_bytes()
    ok(medlog("take", "lexapro", "--note", "dropped", now=NOW))
    _replaced_by(home, before)
    said = ok(medlog("today", now=LATER)).stderr
    assert "1 entry this device logged lately was missing from journal.jsonl" in said
    assert _notes(medlog, home) == ["dropped", "old"]  # "ahead" is dated a year from now
    dropped = json.loads(_kept(home).read_bytes().splitlines()[-2])["lines"][0]
    now = datetime.fromisoformat(json.loads(dropped)["logged_at"]).timestamp()
    retained = own_lines._retained(_kept(home).read_bytes().splitlines(), math.ceil(now))
    assert sorted(json.loads(kept.line)["note"] for kept in retained) == ["ahead", "dropped"]


def test_a_store_imported_anew_at_the_path_gets_nothing_of_the_old_one(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """The folder deleted and a store made there by `import` (not `add`): as with `add`, the
    old store's kept lines are forgotten, not put into the new one (an outside attacker's
    finding: two old doses went into the imported store, `check` silent)."""
    other = _this_and_another(medlog, tmp_path / "other", "old store", "imported")
    ok(medlog("--home", str(other), "export", "-o", str(tmp_path / "other.json"), now=NOW))
    shutil.rmtree(home)
    ok(medlog("import", str(tmp_path / "other.json"), now=NOW))
    assert ok(medlog("today", now=LATER)).stderr == ""
    assert _notes(medlog, home) == ["imported"]
    assert medlog("check", now=LATER).stdout == ""


def test_a_deleted_journal_begun_again_by_a_take_gets_the_week_back(
    medlog: Medlog, home: Path
) -> None:
    """journal.jsonl deleted, then a take makes it anew: it holds no line but this machine's,
    so the week's kept doses go back at once, as into an emptied journal (an outside
    attacker's finding: they were withheld as another store's)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", now="2026-11-01T07:00"))
    ok(medlog("take", "lexapro", "--note", "first", now="2026-11-10T08:00"))
    ok(medlog("take", "lexapro", "--note", "this morning", now="2026-11-28T07:00"))
    (home / "journal.jsonl").unlink()
    said = ok(medlog("take", "lexapro", "--note", "now", now=NOW)).stderr
    assert "journal.jsonl was missing from" in said and "made it again with the 1 entry" in said
    assert _notes(medlog, home) == ["now", "this morning"]
    assert medlog("check", now=LATER).stdout == ""


def test_a_line_further_back_than_its_stamp_is_not_put_back_twice(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """A dose logged for an earlier time than the one before it carries that one's stamp;
    exported and imported into the store made again, its copy carries its own, earlier
    stamp: it is found where it is, not put back a second time with a notice (an outside
    attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", now="2026-11-01T07:00"))
    ok(medlog("take", "lexapro", "--note", "a", now="2026-11-28T09:00"))
    ok(medlog("take", "lexapro", "--note", "b", now="2026-11-28T08:30"))
    ok(medlog("export", "-o", str(tmp_path / "b.json"), now="2026-11-28T09:30"))
    kept = _kept(home).read_bytes()
    shutil.rmtree(home)
    ok(medlog("import", str(tmp_path / "b.json"), now="2026-11-28T10:00"))
    _kept(home).write_bytes(kept)  # as if the import had kept them (a store made by add)
    assert ok(medlog("today", now="2026-11-28T10:05")).stderr == ""
    assert len((home / "journal.jsonl").read_bytes().splitlines()) == 2


def test_an_undo_put_back_is_not_offered_to_be_undone(medlog: Medlog, home: Path) -> None:
    """The copy put in place lacks only this device's undo: the undo goes back, and the notice
    does not end "To take one back: medlog undo ID", which refuses an undo (an outside
    attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01", now="2026-11-01T07:00"))
    ok(medlog("take", "lexapro", now="2026-11-28T07:00"))
    before_undo = (home / "journal.jsonl").read_bytes()
    ok(medlog("undo", now=NOW))
    void = json.loads((home / "journal.jsonl").read_bytes().splitlines()[-1])["id"]
    _replaced_by(home, before_undo)
    said = ok(medlog("today", now=LATER)).stderr
    assert said.endswith(f"medlog has put it back (id {void[:8]}).\n"), said
    assert _notes(medlog, home) == []
    assert ok(medlog("history", "--format", "json", now=LATER)).stdout.count('"voided": true') == 1
