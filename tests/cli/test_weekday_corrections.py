"""Doses by weekday meet the one-step corrections (issue 20): what is missed, taken by
``--due`` and flagged by a late edit is each weekday's own dose, never one amount for all."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.conftest import Run, ok

Medlog = Callable[..., Run]
WARFARIN = ("add", "warfarin", "--kind", "rx", "--dose", "5mg mon-fri, 2.5mg sat,sun",
            "--schedule", "daily 17:00", "--start", "2026-11-20")  # fmt: skip


def test_missed_slots_name_that_weekdays_dose(medlog: Medlog) -> None:
    """From Fri 11-20, nothing taken: at Mon 11-23 18:00 the missed list gives 5 mg on the
    Friday, 2.5 mg on the Saturday and Sunday, 5 mg on the Monday (worked by hand)."""
    ok(medlog(*WARFARIN, now="2026-11-20T09:00"))
    shown = ok(medlog("report", "--missed", "--format", "json", now="2026-11-23T20:00")).stdout
    missed = json.loads(shown)["missed"]
    assert [(slot["date"], slot["dose"]) for slot in missed] == [
        ("2026-11-20", 5),
        ("2026-11-21", 2.5),
        ("2026-11-22", 2.5),
        ("2026-11-23", 5),
    ]
    table = ok(medlog("history", "--missed", now="2026-11-23T20:00")).stdout
    assert "2.5 mg" in table and "5 mg" in table


def test_take_due_takes_the_weekend_dose_on_a_saturday(medlog: Medlog) -> None:
    """take --due at Sat 11-21 17:05 logs the Saturday dose, 2.5 mg, not the weekday 5 mg."""
    ok(medlog(*WARFARIN, now="2026-11-20T09:00"))
    ok(medlog("take", "warfarin", "--at", "2026-11-20 17:00", now="2026-11-20T17:00"))
    taken = ok(medlog("take", "--due", "--yes", now="2026-11-21T17:05"))
    assert "Warfarin 2.5 mg" in taken.stdout
    listed = json.loads(ok(medlog("history", "--format", "json", now="2026-11-21T17:10")).stdout)
    assert [entry["amount"] for entry in listed["events"]] == [5, 2.5]


def test_a_late_edit_compares_each_dose_with_its_own_weekday(medlog: Medlog) -> None:
    """Warfarin 5 mg daily, taken 5 mg Fri 11-20 to Mon 11-23; an edit on 11-24 back to 11-20
    making weekends 2.5 mg lists only the Saturday and Sunday doses, with 2.5 mg to amend to."""
    ok(medlog("add", "warfarin", "--kind", "rx", "--dose", "5mg", "--schedule", "daily 17:00",
              "--start", "2026-11-20", now="2026-11-20T09:00"))  # fmt: skip
    for day in ("20", "21", "22", "23"):
        ok(medlog("take", "warfarin", "--at", f"2026-11-{day} 17:00", now=f"2026-11-{day}T17:00"))
    edited = ok(medlog("edit", "warfarin", "--dose", "5mg mon-fri, 2.5mg sat,sun", "--from",
                       "2026-11-20", now="2026-11-24T09:00"))  # fmt: skip
    assert "2 doses of Warfarin" in edited.stderr
    assert "2026-11-21 17:00 5 mg" in edited.stderr and "2026-11-22 17:00 5 mg" in edited.stderr
    assert "2026-11-20 17:00" not in edited.stderr and "2026-11-23 17:00" not in edited.stderr
