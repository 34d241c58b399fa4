"""Import and merge under a crash at every write step (issue 21): deterministic, in CI.

The process "dies" (an exception nothing in medlog catches) just before each call that
changes a file, in turn: a write (half of it written first), an fsync, a rename, an unlink,
a truncate. Then the next command runs as after a restart. Whatever the step, the store is
either exactly as it was before or exactly as a finished run leaves it (for a merge killed
while moving the absorbed copies aside, some still beside it: the merge run again adds
nothing and moves them), `check` names nothing but a temp file or a copy still to merge, and
every reading command works: an import or a merge is never half there, and medlog.toml
never lags its events.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import Run, ok, snapshot

Medlog = Callable[..., Run]
NOW = "2026-11-28T12:00"
STEPS = ("write", "fsync", "replace", "rename", "unlink", "ftruncate", "truncate")


class Crash(BaseException):
    """The process dies here (an exception no ``except Exception`` catches)."""


@contextmanager
def crash_at(step: int) -> Iterator[list[str]]:
    """Count the calls that change a file; just before the ``step``-th (from 1), crash. A
    write writes half its bytes first, as a kill in the middle of one would. Yields the
    names of the calls seen; step 0 never crashes (a clean run, to count them)."""
    seen: list[str] = []
    real = {name: getattr(os, name) for name in STEPS}

    def wrapped(name: str) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            seen.append(name)
            if len(seen) == step:
                if name == "write":
                    fd, data = args[0], args[1]
                    assert isinstance(fd, int) and isinstance(data, bytes | memoryview)
                    real["write"](fd, bytes(data)[: len(data) // 2])
                raise Crash(f"killed before {name} (step {step})")
            return real[name](*args, **kwargs)

        return call

    try:
        for name in STEPS:
            setattr(os, name, wrapped(name))
        yield seen
    finally:
        for name, function in real.items():
            setattr(os, name, function)


def stable(home: Path) -> dict[str, str]:
    """The store's files, leaving out the lock and the temp files a killed writer leaves."""
    return {
        name: digest
        for name, digest in snapshot(home).items()
        if name != "medlog.lock" and not Path(name).name.endswith(".tmp")
    }


def _wherever(files: dict[str, str]) -> dict[str, str]:
    """The files with the conflict copies moved aside or not: a merge killed while moving
    them leaves some beside the store (the merge ran again adds nothing and moves them)."""
    return {name.removeprefix("merged/"): digest for name, digest in files.items()}


def two_devices(medlog: Medlog, home: Path, tmp_path: Path) -> Path:
    """A laptop (the store) and a phone, each with doses and regimen changes of its own."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip
    phone = tmp_path / "phone"
    shutil.copytree(home, phone)
    for day in ("20", "21", "22"):
        ok(medlog("take", "lexapro", "--at", f"2026-11-{day} 08:00", now=f"2026-11-{day}T09:00"))
    ok(medlog("edit", "lexapro", "--dose", "15mg", "--from", "2026-11-23", now="2026-11-23T07:00"))
    ok(medlog("--home", str(phone), "add", "magnesium glycinate", "--dose", "200mg",
              now="2026-11-24T07:00"))  # fmt: skip
    for day in ("24", "25"):
        ok(medlog("--home", str(phone), "take", "magnesium", "glycinate", "--at",
                  f"2026-11-{day} 21:00", now=f"2026-11-{day}T21:05"))  # fmt: skip
    ok(medlog("--home", str(phone), "fill", "magnesium", "glycinate", "60 capsules",
              "--strength", "200mg", now="2026-11-25T21:10"))  # fmt: skip
    return phone


def crash_every_step(
    medlog: Medlog, home: Path, tmp_path: Path, args: tuple[str, ...], prepare: Callable[[], None]
) -> int:
    """Run ``medlog ARGS`` once cleanly, then once per write step with a crash there; after
    each crash the next command must find the store as before or as after. Returns the
    number of steps (the index of the journal, outside the store, may add some to a first
    run)."""
    pristine = tmp_path / "pristine"
    shutil.copytree(home, pristine)
    prepare()
    before = stable(home)
    with crash_at(0) as seen:
        ok(medlog(*args, now=NOW))
    after = stable(home)
    assert after != before
    assert len(seen) >= 5, seen
    step = 0
    while True:
        step += 1
        shutil.rmtree(home)
        shutil.copytree(pristine, home)
        prepare()
        try:
            with crash_at(step):
                medlog(*args, now=NOW)
        except Crash:
            pass
        else:
            break  # it finished before a step-th write: every step has been tried
        checked = medlog("check", now=NOW)  # the restart: it settles an interrupted commit
        assert checked.exit_code in (0, 1), checked.stderr
        problems = [line for line in checked.stdout.splitlines() if line.strip()]
        expected = ("a temporary file left by a write", "a conflict copy of")  # as before
        assert all(any(words in line for words in expected) for line in problems), "\n".join(
            problems
        )
        if stable(home) not in (before, after):  # a merge killed before moving the copies
            assert _wherever(stable(home)) == _wherever(after), f"step {step}"
            again = ok(medlog(*args, now=NOW))
            assert "0 event(s) added" in again.stdout
            assert stable(home) == after, f"step {step}"
        for reading in (("today",), ("report", "--format", "json"), ("supply",), ("history",)):
            assert medlog(*reading, now=NOW).exit_code in (0, 1), (step, reading)
    assert stable(home) == after
    return step - 1


def test_an_import_killed_at_any_write_step_is_all_or_nothing(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """The phone's export imported into the laptop, killed at each of its write steps."""
    phone = two_devices(medlog, home, tmp_path)
    export = tmp_path / "phone.json"
    ok(medlog("--home", str(phone), "export", "-o", str(export), now=NOW))
    crash_every_step(medlog, home, tmp_path, ("import", str(export)), lambda: None)


def test_a_merge_killed_at_any_write_step_is_all_or_nothing(
    medlog: Medlog, home: Path, tmp_path: Path
) -> None:
    """The phone's journal and medlog.toml left as Syncthing conflict copies, merged, killed
    at each write step (the copies are moved aside last: a copy still there is merged again,
    adding nothing)."""
    phone = two_devices(medlog, home, tmp_path)

    def copies() -> None:
        shutil.copy(
            phone / "journal.jsonl", home / "journal.sync-conflict-20261201-120000-AAAAAAA.jsonl"
        )
        shutil.copy(
            phone / "medlog.toml", home / "medlog.sync-conflict-20261201-120000-AAAAAAA.toml"
        )

    crash_every_step(medlog, home, tmp_path, ("merge",), copies)
