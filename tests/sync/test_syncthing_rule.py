"""Syncthing's documented conflict rule, simulated over random interleavings (issue 21).

Syncthing ("Understanding Synchronization", conflicting changes): when a file changed on two
devices since they last agreed, the one with the older modification time is renamed
``NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.EXT`` (DEVICE: the first 7 characters of the ID of
the device that changed it; on equal times, the device with the larger ID loses) and the
newer one keeps the name; the conflict copy then syncs like any file. A file changed on one
side only is copied to the other, with its modification time; a deletion is synced too.

A laptop and a phone each run medlog (take, skip, fill, edit) at their own moments; sync
points apply the rule to the folders' files. A "race" is a take in the moment two real
Syncthing instances were seen to lose a line (README, several devices): Syncthing found the
device's journal as last agreed and renames the other device's version over it just as
medlog appends, so the line leaves with the replaced file; the device's next command puts
it back (``own_lines``). At the end each device runs a command and ``medlog merge`` on the
laptop absorbs every conflict copy. Nothing may be lost and nothing counted twice: every event
either device logged is in the final history exactly once, and every reading command says
what one store that logged every step says, supply's on hand too (DESIGN.md: figures are a
function of the set of events).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medlog.conflicts import copies
from tests.sync.conftest import history_ids, in_process, logged_ids, readings
from tests.sync.test_merge import NAMES

DEVICE_IDS = {"laptop": "MFZWI3D", "phone": "K3X2R2T"}  # short device ids, as Syncthing's
OWN_ITEM = {"laptop": "lexapro", "phone": "magnesium glycinate"}  # whose regimen each edits
AMOUNTS = {"lexapro": ("10mg", "15mg", "20mg"), "magnesium glycinate": ("200mg", "300mg")}
FILLS = {"lexapro": "30 tablets", "magnesium glycinate": "6000mg"}
EDIT = {"lexapro": (10, "mg"), "magnesium glycinate": (200, "mg")}  # the n-th edit adds n
SET_UP = (
    ("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start", "2026-11-01"),
    ("add", "magnesium glycinate", "--dose", "200mg", "--schedule", "daily 21:00", "--start",
     "2026-11-01"),
)  # fmt: skip
START = datetime(2026, 11, 2, 7, 0)
JOURNAL = "journal.jsonl"

steps = st.lists(
    st.tuples(
        st.sampled_from(["take", "take", "race", "skip", "fill", "edit", "sync"]),
        st.sampled_from(sorted(DEVICE_IDS)),
        st.sampled_from(sorted(AMOUNTS)),
        st.integers(min_value=0, max_value=2),  # which amount
        st.integers(min_value=10, max_value=16 * 60),  # minutes that pass first
    ),
    min_size=1,
    max_size=24,
)


def files(folder: Path) -> dict[str, bytes]:
    """The folder's files (Syncthing syncs them all; medlog merge's merged/ is left out)."""
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def conflict_name(name: str, when: datetime, device: str) -> str:
    stem, ext = name.rsplit(".", 1)
    return f"{stem}.sync-conflict-{when:%Y%m%d-%H%M%S}-{DEVICE_IDS[device]}.{ext}"


class Syncthing:
    """Two folders and what they last agreed on, synced by Syncthing's rule."""

    def __init__(self, folders: dict[str, Path]) -> None:
        self.folders = folders
        self.agreed = files(folders["laptop"])
        self.conflicts = 0

    def sync(self, when: datetime) -> None:
        """Bring both folders to one state: changes on one side are copied, a change on both
        sides is a conflict (the older file becomes a conflict copy, on both devices)."""
        held = {device: files(folder) for device, folder in self.folders.items()}
        for name in sorted(held["laptop"].keys() | held["phone"].keys()):
            contents = {device: held[device].get(name) for device in self.folders}
            if contents["laptop"] == contents["phone"]:
                winner = "laptop"
            elif contents["phone"] == self.agreed.get(name):
                winner = "laptop"  # changed (or deleted) on the laptop only
            elif contents["laptop"] == self.agreed.get(name):
                winner = "phone"
            elif None in contents.values():
                winner = "laptop" if contents["laptop"] is not None else "phone"  # edit > delete
            else:
                winner, loser = sorted(self.folders, key=lambda device: self._age(device, name))
                self.conflicts += 1
                copy = conflict_name(name, when, loser)
                for folder in self.folders.values():
                    shutil.copy2(self.folders[loser] / name, folder / f".{copy}.tmp")
                    (folder / f".{copy}.tmp").rename(folder / copy)
                self.agreed[copy] = contents[loser] or b""
            self._spread(name, winner)
            self.agreed[name] = contents[winner]  # type: ignore[assignment]
            if contents[winner] is None:
                del self.agreed[name]

    def deliver(self, device: str) -> None:
        """The other device's journal renamed over ``device``'s, as Syncthing does when it
        found ``device``'s as last agreed (a line appended meanwhile is lost with it)."""
        other = next(each for each in self.folders if each != device)
        theirs = self.folders[other] / JOURNAL
        shutil.copy2(theirs, self.folders[device] / f".{JOURNAL}.tmp")
        (self.folders[device] / f".{JOURNAL}.tmp").rename(self.folders[device] / JOURNAL)
        self.agreed[JOURNAL] = theirs.read_bytes()

    def _age(self, device: str, name: str) -> tuple[float, str]:
        """Newest first; on equal times the larger device id loses."""
        mtime = (self.folders[device] / name).stat().st_mtime
        return (-mtime, DEVICE_IDS[device])

    def _spread(self, name: str, winner: str) -> None:
        source = self.folders[winner] / name
        for device, folder in self.folders.items():
            if device == winner:
                continue
            if not source.exists():
                (folder / name).unlink(missing_ok=True)
            else:
                shutil.copy2(source, folder / f".{name}.tmp")  # a temporary name, then renamed
                (folder / f".{name}.tmp").rename(folder / name)


def write(home: Path, when: datetime, *args: str) -> None:
    """Run medlog at ``when``; every file it changed gets ``when`` as its modification time."""
    before = files(home) if home.exists() else {}
    code, _, err = in_process(home, when.isoformat(timespec="minutes"), *args)
    assert code == 0, (home.name, args, err)
    stamp = when.timestamp()
    for name, data in files(home).items():
        if before.get(name) != data:
            os.utime(home / name, (stamp, stamp))


def same_readings(home: Path, reference: Path, end: str, leave_out: tuple[str, ...] = ()) -> bool:
    """Every reading command says of ``home`` what it says of ``reference``."""
    return readings(in_process, home, end, leave_out) == readings(
        in_process, reference, end, leave_out
    )


def run_plan(
    folder: Path, plan: list[tuple[str, str, str, int, int]], leave_out: tuple[str, ...] = ()
) -> Syncthing:
    """Set up both devices and the reference, run the plan, settle; check."""
    homes = {name: folder / name for name in ("laptop", "phone", "reference")}
    for args in SET_UP:
        write(homes["laptop"], START, *args)
        write(homes["reference"], START, *args)
    shutil.copytree(homes["laptop"], homes["phone"])  # the phone's first sync
    syncthing = Syncthing({"laptop": homes["laptop"], "phone": homes["phone"]})
    logged: set[str] = set()
    edits: dict[str, int] = {}
    edited: set[tuple[str, date]] = set()
    now = START
    for action, device, item, choice, minutes in plan:
        now += timedelta(minutes=minutes)
        if action == "sync":
            syncthing.sync(now)
            continue
        if action == "edit":
            own = OWN_ITEM[device]
            if (own, now.date()) in edited:
                continue  # a second version from one day would replace the first
            edited.add((own, now.date()))
            edits[own] = edits.get(own, 0) + 1
            base, unit = EDIT[own]
            dose = f"{base + edits[own]}{unit}"  # each version's dose differs from every other
            args: tuple[str, ...] = ("edit", own, "--dose", dose, "--from", str(now.date()))
        elif action in ("take", "race"):
            args = ("take", item, AMOUNTS[item][choice % len(AMOUNTS[item])])  # (likewise)
        elif action == "skip":
            args = ("skip", item)
        else:
            args = ("fill", item, FILLS[item], "--days", "30")  # not from a regimen it may not know
        as_agreed = files(homes[device]).get(JOURNAL) == syncthing.agreed.get(JOURNAL)
        write(homes[device], now, *args)
        write(homes["reference"], now, *args)
        logged |= logged_ids(homes[device])
        if action == "race" and as_agreed:  # else Syncthing sees the change: a conflict
            syncthing.deliver(device)
    end = settle(homes, syncthing, now).isoformat(timespec="minutes")
    for device in ("laptop", "phone"):
        assert copies(homes[device]) == [], device
    assert files(homes["laptop"]) == files(homes["phone"])
    shown = history_ids(in_process, homes["laptop"], end)
    assert sorted(shown) == sorted(logged), "lost or counted twice"
    assert len(logged) == len(logged_ids(homes["reference"]))
    assert same_readings(homes["laptop"], homes["reference"], end, leave_out)
    return syncthing


def settle(homes: dict[str, Path], syncthing: Syncthing, now: datetime) -> datetime:
    """Twice: each device runs a command (putting back what a race dropped), they sync, and
    the laptop merges any conflict copy. Returns the time after."""
    for _ in range(2):
        now += timedelta(minutes=1)
        for device in ("laptop", "phone"):
            write(homes[device], now, "today")
        syncthing.sync(now)
        if copies(homes["laptop"]):
            write(homes["laptop"], now, "merge")
            now += timedelta(minutes=1)
            syncthing.sync(now)
    return now + timedelta(minutes=1)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_syncthings_rule_loses_no_dose_and_counts_none_twice(
    plan: list[tuple[str, str, str, int, int]],
) -> None:
    """Any interleaving of writes on two devices and Syncthing syncs, then medlog merge: every
    event once, and the figures of one store that logged them all."""
    folder = Path(tempfile.mkdtemp(prefix="medlog-syncthing-"))
    try:
        run_plan(folder, plan)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_syncthings_rule_over_many_more_interleavings(
    plan: list[tuple[str, str, str, int, int]],
) -> None:
    """The same property over many more plans."""
    test_syncthings_rule_loses_no_dose_and_counts_none_twice.hypothesis.inner_test(plan)  # type: ignore[attr-defined]


def test_both_devices_writing_between_syncs_make_conflicts_that_merge_absorbs(
    tmp_path: Path,
) -> None:
    """A fixed plan that makes conflicts of both files: each device takes, fills and edits
    before the first sync, and logs a dose before the second."""
    plan = [
        ("take", "laptop", "lexapro", 0, 60),
        ("edit", "phone", "", 0, 30),
        ("take", "phone", "lexapro", 1, 30),
        ("edit", "laptop", "", 0, 30),
        ("fill", "phone", "magnesium glycinate", 0, 30),
        ("sync", "laptop", "", 0, 30),
        ("take", "phone", "magnesium glycinate", 0, 12 * 60),
        ("skip", "laptop", "magnesium glycinate", 0, 30),
        ("sync", "phone", "", 0, 30),
    ]
    syncthing = run_plan(tmp_path, plan)
    assert syncthing.conflicts == 3  # both files at the first sync, the journal at the second


def test_a_fill_merged_behind_a_later_first_fill(tmp_path: Path) -> None:
    """The phone fills magnesium at 09:00; the laptop, not synced, logs a dose at 10:00 and its
    own fill the next day; the laptop's journal wins, merge appends the phone's fill: one store
    has 6,000 - 200 + 6,000 = 11,800 mg, the merged one 12,000 (the dose before the laptop's
    fill, in logging order, was never taken off, before on hand became a time-ordered balance)."""
    plan = [
        ("fill", "phone", "magnesium glycinate", 0, 120),
        ("take", "laptop", "magnesium glycinate", 0, 60),
        ("fill", "laptop", "magnesium glycinate", 0, 24 * 60),
    ]
    run_plan(tmp_path, plan)


@pytest.mark.parametrize(("name", "kind"), sorted(NAMES.items()))
def test_each_tools_conflict_copy_is_absorbed(
    tmp_path: Path, name: str, kind: tuple[str, str]
) -> None:
    """The phone's journal (or medlog.toml) beside the laptop's store under the name each tool
    gives a conflict copy (the fixtures of tests/sync/test_merge.py): after medlog merge the
    laptop reads as one store that logged both devices' steps."""
    of, _tool = kind
    homes = {device: tmp_path / device for device in ("laptop", "phone", "reference")}
    for args in SET_UP:
        write(homes["laptop"], START, *args)
        write(homes["reference"], START, *args)
    shutil.copytree(homes["laptop"], homes["phone"])
    plan: list[tuple[str, tuple[str, ...]]] = (
        [
            ("laptop", ("take", "lexapro", "10mg")),
            ("phone", ("take", "lexapro", "15mg")),
            ("phone", ("skip", "magnesium glycinate")),
            ("laptop", ("fill", "lexapro", "30 tablets")),
        ]
        if of == "journal"
        else [
            ("laptop", ("edit", "lexapro", "--dose", "15mg", "--from", "2026-11-02")),
            ("phone", ("edit", "magnesium glycinate", "--dose", "300mg", "--from", "2026-11-03")),
        ]
    )
    now = START
    for device, args in plan:
        now += timedelta(hours=20)
        write(homes[device], now, *args)
        write(homes["reference"], now, *args)
    source = homes["phone"] / ("journal.jsonl" if of == "journal" else "medlog.toml")
    shutil.copy2(source, homes["laptop"] / name)
    write(homes["laptop"], now, "merge")
    end = (now + timedelta(hours=1)).isoformat(timespec="minutes")
    assert copies(homes["laptop"]) == []
    assert same_readings(homes["laptop"], homes["reference"], end)


def test_a_take_lost_as_syncthing_replaced_the_journal_comes_back(tmp_path: Path) -> None:
    """The phone logs; then the laptop's dose is appended just as the phone's version is
    renamed over its journal, and lost there; the laptop's next command puts it back, and
    after a sync both devices hold every dose once."""
    plan = [
        ("take", "phone", "magnesium glycinate", 0, 60),
        ("race", "laptop", "lexapro", 0, 30),
        ("take", "phone", "lexapro", 1, 30),
        ("race", "phone", "magnesium glycinate", 1, 30),
    ]
    run_plan(tmp_path, plan)
