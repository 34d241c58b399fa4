"""supply_index.py: the checkpoint that keeps today, due, fill and supply fast gives the
definition's figure over the whole journal, day after day, after lines appended out of order,
an undo of an old dose, a hand-rewritten journal and a deleted checkpoint."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from medlog import derived
from medlog.journal import live, read_all
from medlog.store import Store
from medlog.supply import on_hand
from medlog.supply_index import CHECKPOINT_NAME
from tests.conftest import Run, ok

Medlog = Callable[..., Run]


def agrees(medlog: Medlog, home: Path, now: str) -> Decimal | None:
    """supply's figure (through the checkpoint) is the definition's over the whole journal."""
    shown = json.loads(ok(medlog("supply", "--format", "json", now=now)).stdout)["items"]
    store = Store(home)
    item = store.load_regimen().get("lexapro")
    assert item is not None
    events = live(read_all(store.journal_path).events)
    whole = on_hand(item, events, datetime.fromisoformat(now + "+00:00"))
    assert shown[0]["on_hand_unit"] == (None if whole is None else float(whole))
    return whole


def test_the_checkpoint_agrees_with_the_whole_journal(medlog: Medlog, home: Path) -> None:
    """Forty days of doses with today and due on each; then a dose of three weeks ago pasted
    at the end, an undo of an old dose, the journal rewritten in another order, and the
    checkpoint deleted: every figure is the whole journal's."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-10-01", "--form", "tablet", "--strength", "10mg",
              now="2026-10-01T07:00"))  # fmt: skip
    ok(medlog("fill", "lexapro", "90", "tablets", "--days", "90", now="2026-10-01T07:30"))
    for day in range(1, 41):
        date = f"2026-{10 + (day - 1) // 31}-{(day - 1) % 31 + 1:02d}"
        ok(medlog("take", "lexapro", "--at", f"{date}T08:00", now=f"{date}T08:05"))
        ok(medlog("today", now=f"{date}T09:00"))
        agrees(medlog, home, f"{date}T09:00")
    checkpoint = derived.folder(home, "state") / CHECKPOINT_NAME
    assert checkpoint.exists()
    now = "2026-11-09T10:00"
    before = agrees(medlog, home, now)
    journal = home / "journal.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    dose = json.loads(lines[5])
    pasted = dose | {"id": "f" * 32, "at": "2026-10-20T20:00:00+00:00"}
    journal.write_bytes(b"".join(lines) + json.dumps(pasted).encode() + b"\n")
    assert agrees(medlog, home, now) == (before or 0) - 10
    ok(medlog("undo", dose["id"], now=now))
    assert agrees(medlog, home, now) == before
    journal.write_bytes(b"".join(reversed(journal.read_bytes().splitlines(keepends=True))))
    assert agrees(medlog, home, now) == before
    checkpoint.unlink()
    assert agrees(medlog, home, now) == before
    ok(medlog("fill", "lexapro", "--count", "20 tablets", now="2026-11-09T11:00"))
    assert agrees(medlog, home, "2026-11-09T11:00") == 200


def test_a_hand_edited_checkpoint_or_index_changes_no_figure(medlog: Medlog, home: Path) -> None:
    """The checkpoint and the journal's stamp index edited by hand (or with a flipped bit)
    but still JSON are not trusted: supply and today show the whole journal's figures, never
    588 tablets on hand for 48, a dose taken this morning shown as due, or an internal
    error (an on-hand amount that is not a number)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-01", "--form", "tablet", "--strength", "10mg",
              now="2026-11-01T07:00"))  # fmt: skip
    ok(medlog("fill", "lexapro", "30", "tablets", "--days", "30", now="2026-11-01T07:30"))
    for day in range(1, 28):
        at = f"2026-11-{day:02d}T08:00"
        ok(medlog("take", "lexapro", "--at", at, now=f"2026-11-{day:02d}T08:05"))
    now = "2026-11-27T09:00"
    supply, today = ok(medlog("supply", now=now)).stdout, ok(medlog("today", now=now)).stdout
    assert "taken 08:00" in today
    folder = derived.folder(home, "state")
    checkpoint, index = folder / CHECKPOINT_NAME, folder / "journal-index.json"
    saved = checkpoint.read_bytes(), index.read_bytes()
    for amount in ("6000", "abc"):
        document = json.loads(saved[0].splitlines()[0])
        document["items"]["lexapro"][1] = amount
        checkpoint.write_text(json.dumps(document))
        assert ok(medlog("supply", now=now)).stdout == supply
        assert ok(medlog("today", now=now)).stdout == today
    document = json.loads(saved[1].splitlines()[0])
    document["blocks"] = [[start, end, 1_000_000_000, before]
                          for start, end, _, before in document["blocks"]]  # fmt: skip
    index.write_text(json.dumps(document))
    assert ok(medlog("today", now=now)).stdout == today
    assert ok(medlog("due", "--short", now=now)).stdout == ""
