"""Several at once (issue 20): ``take A, B, C``, ``take --due`` and ``skip`` the same, all or
nothing, never two doses of one item."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Journal, Run, in_terminal, ok, snapshot

Medlog = Callable[..., Run]
NOW = "2026-11-27T09:15"


@pytest.fixture
def morning(medlog: Medlog) -> None:
    """Lexapro 10 mg at 08:00, a multivitamin (1 tablet) at 08:00 and magnesium glycinate
    200 mg at 08:00 and 20:00, all from 11-20."""
    for args in (
        ("lexapro", "--dose", "10mg", "--schedule", "daily 08:00"),
        (
            "multivitamin",
            "--kind",
            "supplement",
            "--unit",
            "tablet",
            "--dose",
            "1 tablet",
            "--schedule",
            "daily 08:00",
        ),
        ("magnesium glycinate", "--dose", "200mg", "--schedule", "daily 08:00,20:00"),
    ):
        ok(medlog("add", *args, "--start", "2026-11-20", now=NOW))


def doses(journal_lines: Journal) -> list[tuple[str, str, str]]:
    """(type, item, at) of each journal line."""
    return [(line["type"], line.get("item", ""), line["at"][:16]) for line in journal_lines()]


def test_a_missed_morning_of_three_items_is_one_command(
    medlog: Medlog, morning: None, journal_lines: Journal
) -> None:
    """Item 8: commas separate items (names of several words need no quotes); each takes its
    regimen dose at --at, in one append."""
    result = ok(
        medlog("take", "lexapro,", "multivitamin,", "magnesium", "glycinate", "--at",
               "yesterday 8am", now=NOW)
    )  # fmt: skip
    assert result.stdout.splitlines() == [
        "Logged Lexapro 10 mg at 08:00 yesterday; day total 10 mg, within 10–20 mg/day (US label).",
        "Logged multivitamin 1 tablet at 08:00 yesterday; day total 1 tablet (no documented "
        "range).",
        "Logged Magnesium glycinate 200 mg at 08:00 yesterday; day total 200 mg, within "
        "200–400 mg/day (typical).",
    ]
    assert doses(journal_lines) == [
        ("dose", "lexapro", "2026-11-26T08:00"),
        ("dose", "multivitamin", "2026-11-26T08:00"),
        ("dose", "magnesium-glycinate", "2026-11-26T08:00"),
    ]
    stamps = {line["logged_at"] for line in journal_lines()}
    assert len(stamps) == 1


def test_one_unknown_name_logs_nothing(medlog: Medlog, morning: None, home: Path) -> None:
    """All or nothing: an unknown item, a bad amount or an item named twice among several
    logs none of them (exit 2, the store byte for byte as it was)."""
    before = snapshot(home)
    unknown = medlog("take", "lexapro,", "multivitamin,", "zinc", now=NOW)
    assert unknown.exit_code == 2 and "There is no item named 'zinc'" in unknown.stderr
    amount = medlog("take", "lexapro", "10mg,", "multivitamin", "5", "lbs", now=NOW)
    assert amount.exit_code == 2
    twice = medlog("take", "lexapro,", "Lexapro", now=NOW)
    assert twice.exit_code == 2 and twice.stderr == (
        "Error: Lexapro is named twice; medlog take logs one of each item at a time. Nothing "
        "was logged.\n"
    )
    skipped = medlog("skip", "lexapro,", "nothing", now=NOW)
    assert skipped.exit_code == 2
    assert snapshot(home) == before


def test_several_items_each_with_an_amount_and_a_note(
    medlog: Medlog, morning: None, journal_lines: Journal
) -> None:
    """An amount may follow each name; --note goes with every dose."""
    ok(medlog("take", "lexapro", "5mg,", "magnesium", "glycinate", "400", "mg", "--note",
              "with food", now=NOW))  # fmt: skip
    assert [(line["item"], line["amount"], line["note"]) for line in journal_lines()] == [
        ("lexapro", "5", "with food"),
        ("magnesium-glycinate", "400", "with food"),
    ]


def test_skip_several(medlog: Medlog, morning: None, journal_lines: Journal) -> None:
    """skip A, B skips each, with the one reason."""
    result = ok(medlog("skip", "lexapro,", "multivitamin", "--reason", "fasting", now=NOW))
    assert result.stdout == (
        "Skipped Lexapro at 09:15 today (fasting).\nSkipped multivitamin at 09:15 today "
        "(fasting).\n"
    )
    assert [(line["type"], line["reason"]) for line in journal_lines()] == [("skip", "fasting")] * 2


def test_take_due_takes_the_latest_slot_of_each_item_and_lists_the_older_ones(
    medlog: Medlog, morning: None, journal_lines: Journal
) -> None:
    """At 21:00 with nothing logged: one dose per item (magnesium's 20:00, never two), and
    magnesium's 08:00 listed with the skip and take commands."""
    result = ok(medlog("take", "--due", "--yes", now="2026-11-27T21:00"))
    assert [line.split(";")[0] for line in result.stdout.splitlines()] == [
        "Logged Lexapro 10 mg at 21:00 today",
        "Logged multivitamin 1 tablet at 21:00 today",
        "Logged Magnesium glycinate 200 mg at 21:00 today",
    ]
    assert (
        "Warning: Magnesium glycinate's 08:00 dose was not logged either. If it was skipped: "
        "medlog skip magnesium-glycinate --at 08:00; if it was taken: medlog take "
        "magnesium-glycinate --at 08:00\n"
    ) in result.stderr
    assert [item for _, item, _ in doses(journal_lines)] == [
        "lexapro", "multivitamin", "magnesium-glycinate",
    ]  # fmt: skip
    again = ok(medlog("take", "--due", "--yes", now="2026-11-27T21:00"))
    assert again.stdout == ""
    assert again.stderr == "Nothing is due or overdue at 21:00; nothing was logged.\n"
    assert len(journal_lines()) == 3


def test_take_due_leaves_what_is_logged_and_what_is_not_due_yet(
    medlog: Medlog, morning: None, journal_lines: Journal
) -> None:
    """At 09:15 with Lexapro taken: the multivitamin and magnesium's 08:00 are due; 20:00 is
    not due yet. With --at, what was due at that time is logged at that time."""
    ok(medlog("take", "lexapro", "--at", "08:00", now=NOW))
    result = ok(medlog("take", "--due", "--yes", "--at", "8:30", now=NOW))
    assert [line.split(";")[0] for line in result.stdout.splitlines()] == [
        "Logged multivitamin 1 tablet at 08:30 today",
        "Logged Magnesium glycinate 200 mg at 08:30 today",
    ]
    report = json.loads(ok(medlog("report", "--days", "1", "--format", "json", now=NOW)).stdout)
    figures = {item["item"]: item for item in report["items"]}
    assert figures["magnesium-glycinate"]["pending_doses"] == 1
    assert all(item["extra_doses"] == 0 for item in report["items"])


def test_take_due_with_nothing_due(medlog: Medlog, morning: None, home: Path) -> None:
    """Before any slot is due (05:00: 08:00 less the 2-hour window has not come): exit 0,
    nothing logged, and it says so, in a pipe too (no --yes is needed to do nothing)."""
    result = medlog("take", "--due", now="2026-11-27T05:00")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Nothing is due or overdue at 05:00; nothing was logged.\n"
    assert (home / "journal.jsonl").read_bytes() == b""  # as add made it
    early = ok(medlog("take", "--due", "--yes", now="2026-11-27T06:00"))
    assert len(early.stdout.splitlines()) == 3  # within the on-time window before 08:00


def test_take_due_in_a_pipe_wants_yes(
    medlog_process: Callable[..., Any], medlog: Medlog, morning: None, home: Path
) -> None:
    """A script (no terminal) without --yes: exit 2, the sentence naming --yes, nothing written."""
    before = snapshot(home)
    result = medlog_process("take", "--due", env={"MEDLOG_NOW": NOW})
    assert result.returncode == 2
    assert result.stderr == (
        "Error: take --due would log 3 doses (Lexapro, multivitamin, Magnesium glycinate); "
        "with no terminal to ask on, add --yes to do it without asking: medlog take --due "
        "--yes\n"
    )
    skipped = medlog_process("skip", "--due", env={"MEDLOG_NOW": NOW})
    assert skipped.returncode == 2 and "medlog skip --due --yes" in skipped.stderr
    assert snapshot(home) == before


def test_take_due_on_a_terminal_lists_then_asks_once(
    medlog: Medlog, morning: None, home: Path, journal_lines: Journal
) -> None:
    """On a terminal: the list first, one question; no changes nothing (exit 0), yes logs."""
    env = {"MEDLOG_HOME": str(home), "MEDLOG_NOW": "2026-11-27T21:00"}
    code, screen = in_terminal(["take", "--due"], "n\n", env)
    assert code == 0 and "Nothing changed." in screen and journal_lines() == []
    assert (
        "To take at 21:00 2026-11-27, one dose of each item:\n"
        "  Lexapro 10 mg: 08:00 dose, overdue\n"
        "  multivitamin 1 tablet: 08:00 dose, overdue\n"
        "  Magnesium glycinate 200 mg: 20:00 dose, due\n"
        "  Left as it is: Magnesium glycinate: 08:00 dose, overdue\n"
        "Log these 3 doses? [y/N]"
    ) in screen
    code, screen = in_terminal(["take", "--due"], "y\n", env)
    assert code == 0 and len(journal_lines()) == 3
    assert "Logged Magnesium glycinate 200 mg at 21:00 today" in screen


def test_skip_due(medlog: Medlog, morning: None, journal_lines: Journal) -> None:
    """skip --due skips the latest due or overdue slot of each item, with the reason."""
    ok(medlog("take", "lexapro", "--at", "08:00", now=NOW))
    result = ok(medlog("skip", "--due", "--yes", "--reason", "fasting", now=NOW))
    assert result.stdout == (
        "Skipped multivitamin at 09:15 today (fasting).\n"
        "Skipped Magnesium glycinate at 09:15 today (fasting).\n"
    )
    assert [line["type"] for line in journal_lines()] == ["dose", "skip", "skip"]


def test_due_refuses_names_too(medlog: Medlog, morning: None) -> None:
    """--due with names is one or the other (exit 2)."""
    result = medlog("take", "--due", "lexapro", now=NOW)
    assert result.exit_code == 2 and "give either --due or the names" in result.stderr


def test_a_name_with_a_comma_of_its_own_stays_whole(medlog: Medlog, journal_lines: Journal) -> None:
    """An item whose display name holds a comma is still one item."""
    ok(medlog("add", "Vitamin B12, methyl", "--kind", "supplement", "--dose", "500mcg",
              "--schedule", "daily 08:00", now=NOW))  # fmt: skip
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", now=NOW))
    ok(medlog("take", "vitamin", "b12,", "methyl,", "lexapro", now=NOW))
    assert [line["item"] for line in journal_lines()] == ["vitamin-b12-methyl", "lexapro"]


def test_take_due_leaves_out_an_item_with_no_regular_dose(
    medlog: Medlog, journal_lines: Journal
) -> None:
    """An item scheduled without a dose is left out of --due (only the person knows how
    much), with the command that logs it; the others are taken."""
    ok(medlog("add", "zinc", "--kind", "supplement", "--unit", "mg", "--schedule", "daily 08:00",
              "--start", "2026-11-20", now=NOW))  # fmt: skip
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-20", now=NOW))  # fmt: skip
    result = ok(medlog("take", "--due", "--yes", now=NOW))
    assert result.stdout.startswith("Logged Lexapro 10 mg at 09:15 today")
    zinc = (
        "Warning: Zinc's 08:00 dose is due too; it has no regular dose, so say how much: "
        "medlog take zinc AMOUNT\n"
    )
    assert result.stderr.endswith(zinc)
    again = ok(medlog("take", "--due", "--yes", now=NOW))
    assert (again.stdout, again.stderr) == ("", zinc)
    assert [line["item"] for line in journal_lines()] == ["lexapro"]
