"""One store in git on two devices, merged by real git (issue 21): journal.jsonl merged by
git's union driver gives every figure a single store that logged the same doses gives, and
two edits of medlog.toml leave git's conflict markers, which medlog names and merge resolves."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import program
from tests.sync.conftest import history_ids, in_process, logged_ids, process, readings

Step = tuple[str, str, tuple[str, ...]]  # (device, now, medlog arguments)

SET_UP: list[Step] = [
    ("laptop", "2026-11-01T07:00", ("add", "lexapro", "--dose", "10mg", "--schedule",
                                    "daily 08:00", "--start", "2026-11-01")),
    ("laptop", "2026-11-01T07:01", ("add", "magnesium glycinate", "--dose", "200mg",
                                    "--schedule", "daily 21:00", "--start", "2026-11-01")),
    ("laptop", "2026-11-01T07:02", ("fill", "lexapro", "30 tablets")),
]  # fmt: skip
# Doses on both devices at different times, one day logged on both (a dose each).
APART: list[Step] = [
    ("laptop", "2026-11-02T08:05", ("take", "lexapro", "10mg")),
    ("phone", "2026-11-02T21:10", ("take", "magnesium glycinate", "200mg")),
    ("phone", "2026-11-03T08:20", ("take", "lexapro", "10mg")),
    ("laptop", "2026-11-03T09:00", ("take", "lexapro", "10mg", "--at", "08:40")),
    ("phone", "2026-11-03T21:30", ("skip", "magnesium glycinate", "--reason", "forgot")),
    ("laptop", "2026-11-04T08:00", ("take", "lexapro", "10mg")),
    ("phone", "2026-11-04T10:00", ("fill", "magnesium glycinate", "6000mg")),
]
# Both devices change Lexapro's regimen (git cannot merge the two), and go on logging. Each
# version starts by the day it is made: a version planned for later is replaced by the next
# edit in one store, while two devices that each plan one keep both.
EDITS: list[Step] = [
    ("laptop", "2026-11-05T07:00", ("edit", "lexapro", "--dose", "15mg", "--from", "2026-11-04")),
    ("laptop", "2026-11-05T08:05", ("take", "lexapro", "15mg")),
    ("phone", "2026-11-06T07:00", ("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-06")),
    ("phone", "2026-11-06T08:10", ("take", "lexapro", "20mg")),
    ("laptop", "2026-11-07T08:00", ("take", "lexapro", "15mg")),
    ("phone", "2026-11-07T21:00", ("take", "magnesium glycinate", "200mg")),
]
LATER = "2026-11-10T12:00"


@pytest.fixture
def private_files() -> Iterator[None]:
    """git writes files by the umask: 077, as a person keeping health records in git sets it
    (medlog check names a store file others may read)."""
    before = os.umask(0o077)
    yield
    os.umask(before)


class Git:
    """git on this machine, with no user or system configuration but the test's own."""

    def __init__(self, tmp_path: Path) -> None:
        self.path = program("git")
        (tmp_path / "git-home").mkdir()
        self.env = dict(os.environ) | {
            "HOME": str(tmp_path / "git-home"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_AUTHOR_NAME": "Ana",
            "GIT_AUTHOR_EMAIL": "ana@example.invalid",
            "GIT_COMMITTER_NAME": "Ana",
            "GIT_COMMITTER_EMAIL": "ana@example.invalid",
            "GIT_TERMINAL_PROMPT": "0",
        }

    def __call__(
        self, where: Path, *args: str, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [self.path, "-c", "init.defaultBranch=main", *args],
            cwd=where,
            capture_output=True,
            text=True,
            env=self.env,
            check=False,
            timeout=60,
        )
        assert done.returncode == 0 or not check, f"git {' '.join(args)}:\n{done.stderr}"
        return done

    def sync(self, device: Path, message: str) -> subprocess.CompletedProcess[str]:
        """Commit what medlog wrote, then fetch and merge the other device's commits (the
        merge's result: it may stop with conflicts)."""
        self(device, "add", "-A")
        self(device, "commit", "-q", "-m", message, check=False)  # nothing new is fine
        self(device, "fetch", "-q", "origin")
        return self(device, "merge", "--no-edit", "origin/main", check=False)

    def push(self, device: Path) -> None:
        self(device, "push", "-q", "origin", "HEAD:main")


def devices(git: Git, tmp_path: Path) -> dict[str, Path]:
    """A bare repository holding the set-up store, cloned on a laptop and a phone; and a
    reference store, where every step is logged in one place."""
    origin, laptop = tmp_path / "origin.git", tmp_path / "laptop"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(tmp_path, "clone", "-q", str(origin), str(laptop))
    run_steps(SET_UP, {"laptop": laptop, "reference": tmp_path / "reference"})
    (laptop / ".gitattributes").write_text("journal.jsonl merge=union\n")
    (laptop / ".gitignore").write_text("medlog.lock\nmerged/\n")
    git(laptop, "add", "-A")
    git(laptop, "commit", "-q", "-m", "Lexapro and magnesium")
    git.push(laptop)
    git(tmp_path, "clone", "-q", str(origin), str(tmp_path / "phone"))
    return {"laptop": laptop, "phone": tmp_path / "phone", "reference": tmp_path / "reference"}


def run_steps(steps: list[Step], homes: dict[str, Path]) -> None:
    """Each step on its device, by the installed command, and on the reference store (in this
    process, which is quicker) when there is one."""
    for device, now, args in steps:
        code, _, err = process(homes[device], now, *args)
        assert code == 0, (device, args, err)
        if "reference" in homes:
            code, _, err = in_process(homes["reference"], now, *args)
            assert code == 0, ("reference", args, err)


def test_a_union_merge_of_the_journal_reads_as_one_store(
    tmp_path: Path, private_files: None
) -> None:
    """Doses, a skip and fills on two clones, committed and merged by git with
    journal.jsonl merge=union: check, today, report, supply and history on both clones agree
    with one store that logged everything, and each event is there once."""
    git = Git(tmp_path)
    homes = devices(git, tmp_path)
    laptop, phone = homes["laptop"], homes["phone"]
    run_steps(APART, homes)
    git.sync(laptop, "laptop's doses")
    git.push(laptop)
    merged = git.sync(phone, "phone's doses")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    git.push(phone)
    assert git.sync(laptop, "nothing").returncode == 0
    assert (laptop / "journal.jsonl").read_bytes() == (phone / "journal.jsonl").read_bytes()
    reference = readings(in_process, homes["reference"], LATER)
    assert reference["check"] == (0, "")
    assert readings(in_process, laptop, LATER) == reference
    assert readings(in_process, phone, LATER) == reference
    shown = history_ids(in_process, laptop, LATER)
    assert sorted(shown) == sorted(logged_ids(laptop)) and len(shown) == len(set(shown))
    assert len(shown) == 1 + len(APART)  # the fill of the set-up, and every step's event


def test_two_edits_of_medlog_toml_leave_markers_that_merge_resolves(
    tmp_path: Path, private_files: None
) -> None:
    """Both clones change Lexapro's regimen: git stops with conflict markers in medlog.toml
    (the journal merges by union); every command names them and changes nothing; medlog merge
    unites both versions, and after the commit both clones read as one store that made both
    edits and logged every dose."""
    git = Git(tmp_path)
    homes = devices(git, tmp_path)
    laptop, phone = homes["laptop"], homes["phone"]
    run_steps(APART + EDITS, homes)
    git.sync(laptop, "laptop: 15 mg from 11-04")
    git.push(laptop)
    stopped = git.sync(phone, "phone: 20 mg from 11-06")
    assert stopped.returncode != 0 and "CONFLICT (content): Merge conflict in medlog.toml" in (
        stopped.stdout
    )
    marked = (phone / "medlog.toml").read_bytes()
    assert b"<<<<<<< " in marked and b"<<<<<<<" not in (phone / "journal.jsonl").read_bytes()
    code, _, err = process(phone, LATER, "today")
    assert code == 3 and "git's conflict markers" in err and "medlog merge" in err
    assert (phone / "medlog.toml").read_bytes() == marked
    code, out, err = process(phone, LATER, "merge")
    assert code == 0, err
    assert "Lexapro: versions from both copies." in out
    assert b"<<<<<<<" not in (phone / "medlog.toml").read_bytes()
    git(phone, "add", "-A")
    git(phone, "commit", "-q", "--no-edit")
    git.push(phone)
    assert git.sync(laptop, "nothing").returncode == 0
    reference = readings(in_process, homes["reference"], LATER)
    assert reference["check"] == (0, "")
    assert readings(in_process, phone, LATER) == reference
    assert readings(in_process, laptop, LATER) == reference
    shown = history_ids(in_process, laptop, LATER)
    assert sorted(shown) == sorted(logged_ids(laptop)) and len(shown) == len(set(shown))


def test_a_fill_merged_after_doses_it_never_saw_leaves_them_on_hand(
    tmp_path: Path, private_files: None
) -> None:
    """The phone fills at 07:30, the laptop logs 08:05 and the next day's dose, and the laptop
    merges: union puts the phone's fill line (60 tablets on hand, as the phone saw it) after
    both doses; supply says 58, as one store that logged all three does (it said 60 while on
    hand was a running balance in logging order)."""
    git = Git(tmp_path)
    homes = devices(git, tmp_path)
    laptop, phone = homes["laptop"], homes["phone"]
    run_steps(
        [
            ("phone", "2026-11-02T07:30", ("fill", "lexapro", "30 tablets", "--days", "30")),
            ("laptop", "2026-11-02T08:05", ("take", "lexapro", "10mg")),
            ("laptop", "2026-11-03T08:05", ("take", "lexapro", "10mg")),
        ],
        homes,
    )
    git.sync(phone, "phone's fill")
    git.push(phone)
    assert git.sync(laptop, "laptop's doses").returncode == 0
    reference = readings(in_process, homes["reference"], LATER)
    assert readings(in_process, laptop, LATER)["supply"] == reference["supply"]
