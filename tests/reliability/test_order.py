"""Figures are a function of the set of events (DESIGN.md "Definitions", issue 21): any order
of the journal's lines, and any split of them into two devices' stores merged back in either
order, gives the same report, supply, history and export."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Run, ok

Medlog = Callable[..., Run]
NOW = "2026-11-28T12:00"
CONFLICT = "journal.sync-conflict-20261201-120000-ABCDEFG.jsonl"
WHEN_APPENDED = ("imported_at", "stamp")  # when a line joined this journal: each store's own


def build(medlog: Medlog, home: Path) -> None:
    """Two items (one counted in tablets of 10 mg), doses, skips, fills, a count, a dose
    remembered after the count for a time before it, and undos (voids)."""

    def run(now: str, *args: str) -> Run:
        return ok(medlog("--home", str(home), *args, now=now))

    run("2026-11-01T07:00", "add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00",
        "--start", "2026-11-01", "--form", "tablet", "--strength", "10mg")  # fmt: skip
    run("2026-11-01T07:05", "add", "zinc", "--kind", "supplement", "--dose", "25mg",
        "--schedule", "daily", "--start", "2026-11-01")  # fmt: skip
    run("2026-11-06T09:00", "fill", "lexapro", "30", "tablets", "--on", "2026-11-05", "--days",
        "30")  # fmt: skip
    run("2026-11-06T09:10", "fill", "zinc", "500mg", "--days", "20")
    for day in range(3, 20):
        run(f"2026-11-{day:02d}T20:00", "take", "lexapro", "--at", f"2026-11-{day:02d}T08:00")
        if day % 3:
            run(f"2026-11-{day:02d}T20:01", "take", "zinc")
        else:
            run(f"2026-11-{day:02d}T20:01", "skip", "zinc", "--reason", "forgot")
    run("2026-11-20T09:00", "fill", "lexapro", "--count", "12 tablets")
    run("2026-11-20T09:30", "take", "lexapro", "--at", "2026-11-20T08:00")  # the count saw it
    run("2026-11-21T08:00", "take", "lexapro", "2", "tablets")
    run("2026-11-21T08:05", "undo")
    run("2026-11-21T08:06", "take", "lexapro")
    run("2026-11-22T10:00", "fill", "zinc", "250mg", "--on", "2026-11-15", "--days", "10")
    run("2026-11-23T08:00", "take", "lexapro")
    history = json.loads(run(NOW, "history", "--format", "json").stdout)
    fill = next(e for e in history["events"] if e["type"] == "fill" and e["item"] == "zinc")
    run("2026-11-23T09:00", "undo", fill["id"])
    run("2026-11-24T08:00", "take", "lexapro", "--at", "2026-11-24T08:00")
    run("2026-11-24T08:01", "take", "zinc", "--at", "2026-11-16T08:00")


def figures(medlog: Medlog, home: Path) -> dict[str, Any]:
    """What every figure-bearing command prints for the store, at one frozen moment."""

    def out(*args: str) -> str:
        return ok(medlog("--home", str(home), *args, now=NOW)).stdout

    export = json.loads(out("export", "--format", "json"))
    for event in export["events"]:
        for key in WHEN_APPENDED:
            event.pop(key, None)
    return {
        "report": out("report", "--format", "json"),
        "supply": out("supply"),
        "supply json": out("supply", "--format", "json"),
        "history": out("history", "--format", "json"),
        "export": export,
    }


def store_with(base: Path, home: Path, lines: list[bytes]) -> Path:
    """A store with ``base``'s medlog.toml and these journal lines."""
    home.mkdir(mode=0o700)
    shutil.copy(base / "medlog.toml", home / "medlog.toml")
    (home / "journal.jsonl").write_bytes(b"".join(lines))
    return home


def test_any_order_or_split_of_the_lines_gives_the_same_figures(
    medlog: Medlog, tmp_path: Path
) -> None:
    """Every permutation of the lines (voids anywhere), and every split into two stores
    merged back (a conflict copy absorbed by `merge`, or an export imported) in either
    order, prints byte for byte what the store itself prints. The export is compared
    without ``imported_at`` and ``stamp``, the fields that record when a line was appended
    to one store (export leaves them out already; they are removed here to say so)."""
    base = tmp_path / "base"
    build(medlog, base)
    expected = figures(medlog, base)
    lines = (base / "journal.jsonl").read_bytes().splitlines(keepends=True)
    assert (
        expected["supply json"]
        != figures(medlog, store_with(base, tmp_path / "e", []))["supply json"]
    )
    made = iter(range(10**6))

    @settings(max_examples=40, suppress_health_check=list(HealthCheck))
    @given(seed=st.integers(0, 2**32))
    def any_order(seed: int) -> None:
        shuffled = list(lines)
        random.Random(seed).shuffle(shuffled)
        home = store_with(base, tmp_path / f"p{next(made)}", shuffled)
        assert figures(medlog, home) == expected

    @settings(max_examples=25, suppress_health_check=list(HealthCheck))
    @given(sides=st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)),
           by=st.sampled_from(["merge", "import"]))  # fmt: skip
    def any_split(sides: list[bool], by: str) -> None:
        one = [line for line, side in zip(lines, sides, strict=True) if side]
        two = [line for line, side in zip(lines, sides, strict=True) if not side]
        for mine, theirs in ((one, two), (two, one)):
            number = next(made)
            home = store_with(base, tmp_path / f"s{number}", mine)
            if by == "merge":
                (home / CONFLICT).write_bytes(b"".join(theirs))
                ok(medlog("--home", str(home), "merge", now=NOW))
            else:
                other = store_with(base, tmp_path / f"o{number}", theirs)
                exported = tmp_path / f"o{number}.json"
                ok(medlog("--home", str(other), "export", "-o", str(exported), now=NOW))
                ok(medlog("--home", str(home), "import", str(exported), now=NOW))
            assert figures(medlog, home) == expected

    any_order()
    any_split()
