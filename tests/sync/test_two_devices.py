"""Two devices, one journal (issue 21): lines that arrive out of time order, however they
got there, never hide a dose."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, ok

Medlog = Callable[..., Run]


def test_a_phone_line_appended_last_hides_no_dose(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """The phone's 11-21 dose appended after the laptop's 11-28 dose (keeping both sides of a
    sync conflict, or a git union merge): today shows the laptop's dose taken, and another
    take is a second dose, with its warning."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip
    phone = tmp_path / "phone"
    shutil.copytree(home, phone)
    ok(medlog("--home", str(phone), "take", "lexapro", now="2026-11-21T08:05"))
    ok(medlog("take", "lexapro", now="2026-11-28T08:05"))
    phone_line = (phone / "journal.jsonl").read_text().splitlines()[-1]
    with (home / "journal.jsonl").open("a") as journal:
        journal.write(phone_line + "\n")
    today = ok(medlog("today", now="2026-11-28T12:00")).stdout
    assert "taken 08:05" in today and "overdue" not in today
    again = ok(medlog("take", "lexapro", now="2026-11-28T12:00"))
    assert "This is the 2nd dose of Lexapro today" in again.stderr
    assert medlog("check", now="2026-11-28T12:00").exit_code == 0


def test_an_old_line_far_behind_hides_nothing(medlog: Medlog, home: Path) -> None:
    """A line written with a clock more than two days behind, appended last, leaves the
    earlier doses of today in view."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00,20:00", "--start",
              "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip
    ok(medlog("take", "lexapro", "--at", "08:00", now="2026-11-28T08:05"))
    ok(medlog("take", "lexapro", "--at", "2026-11-20 20:00", now="2026-11-28T08:06"))
    journal = home / "journal.jsonl"
    lines = journal.read_text().splitlines()
    # the second line as a device with its clock 8 days behind would have stamped it
    behind = lines[-1].replace(lines[-1].split('"stamp":')[1].split(",")[0], "1795291200")
    journal.write_text("\n".join([*lines[:-1], behind]) + "\n")
    today = ok(medlog("today", now="2026-11-28T12:00")).stdout
    assert "taken 08:00" in today


def test_a_new_store_has_its_journal_from_the_start(medlog: Medlog, home: Path) -> None:
    """The first add makes an empty journal.jsonl (0600) beside medlog.toml, so two synced
    devices' first doses append to one file instead of each creating it (real Syncthing was
    seen keeping one new file and losing the other's dose); a later edit never remakes a
    journal a person moved away, and the empty journal is a store that checks clean."""
    ok(medlog("add", "lexapro", "--dose", "10mg", now="2026-11-01T07:00"))
    made = home / "journal.jsonl"
    assert made.read_bytes() == b"" and made.stat().st_mode & 0o777 == 0o600
    assert ok(medlog("check", now="2026-11-01T07:00")).stderr == ""
    made.unlink()
    ok(medlog("edit", "lexapro", "--dose", "20mg", now="2026-11-02T07:00"))
    assert not made.exists()
