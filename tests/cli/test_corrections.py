"""Corrections in one step (issue 20): ``amend``, the doses ``edit --from`` leaves at the old
dose, and the double-dose warning that no longer invites erasing a real double dose."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from medlog import own_lines
from tests.conftest import Journal, Run, ok, snapshot

Medlog = Callable[..., Run]
NOW = "2026-11-23T09:00"


@pytest.fixture
def titration(medlog: Medlog) -> list[str]:
    """Lexapro 10 mg daily at 08:00 from 11-15, taken at 08:00 from 11-19 to 11-23 (today):
    the ids of the five doses, oldest first."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-15", now=NOW))  # fmt: skip
    for day in range(19, 24):
        ok(medlog("take", "lexapro", "--at", f"2026-11-{day} 08:00", now=NOW))
    return [event["id"] for event in history(medlog)]


def history(medlog: Medlog, *options: str) -> list[dict[str, Any]]:
    """The events of history --format json (from 11-01)."""
    run = ok(medlog("history", "--since", "2026-11-01", "--format", "json", *options, now=NOW))
    events: list[dict[str, Any]] = json.loads(run.stdout)["events"]
    return events


def test_a_late_titration_lists_the_doses_it_leaves_and_the_command_that_fixes_them(
    medlog: Medlog, titration: list[str]
) -> None:
    """`edit --dose 20mg --from 11-21` after 11-21..11-23 were logged as 10 mg names each of
    them and the one amend command; the doses before the change are left alone."""
    result = ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-21", now=NOW))
    short = [event_id[:8] for event_id in titration[2:]]
    assert (
        "Warning: 3 doses of Lexapro already logged from 2026-11-21 differ from the new dose of "
        f"20 mg: 2026-11-21 08:00 10 mg ({short[0]}), 2026-11-22 08:00 10 mg ({short[1]}), "
        f"2026-11-23 08:00 10 mg ({short[2]}). If 20 mg was taken, correct them (history keeps "
        f"each original, voided, with a link): medlog amend {' '.join(short)} 20mg\n"
    ) in result.stderr
    fixed = ok(medlog("amend", *short, "20mg", now=NOW))
    assert fixed.stdout.splitlines()[0].startswith(
        "Amended Lexapro at 08:00 2026-11-21 from 10 mg to 20 mg (now "
    )
    assert fixed.stdout.splitlines()[2].endswith(
        f"{short[2]} stays in history, voided); day total 20 mg, within 10–20 mg/day (US label)."
    )
    report = json.loads(ok(medlog("report", "--format", "json", now=NOW)).stdout)["items"][0]
    assert report["total_amount"] == 10 * 2 + 20 * 3 and report["extra_doses"] == 0
    again = ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-21", now=NOW))
    assert "differ from the new dose" not in again.stderr


def test_a_day_with_the_new_dose_in_two_doses_is_not_offered_the_amend(
    medlog: Medlog, titration: list[str]
) -> None:
    """11-23 has two 10 mg doses (already the 20 mg the edit sets): amending each to 20 mg
    would log 40 mg, so the command names only the days of one 10 mg dose each (it offered
    all three, and following it doubled the day)."""
    ok(medlog("take", "lexapro", "--at", "2026-11-23 08:30", now=NOW))
    result = ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-21", now=NOW))
    short = [event_id[:8] for event_id in titration[2:4]]
    warning = " ".join(result.stderr.split())
    assert "2 doses of Lexapro already logged from 2026-11-21 differ" in warning
    assert warning.endswith(f"medlog amend {' '.join(short)} 20mg")
    assert "2026-11-23" not in warning


def test_a_change_from_today_or_later_lists_nothing(medlog: Medlog, titration: list[str]) -> None:
    """A new dose from tomorrow, or a change of schedule only, says nothing about doses."""
    planned = ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-24", now=NOW))
    assert "differ from" not in planned.stderr
    ok(medlog("edit", "lexapro", "--cancel-planned", now=NOW))
    timed = ok(medlog("edit", "lexapro", "--schedule", "daily 09:00", "--from", "2026-11-20",
                      now=NOW))  # fmt: skip
    assert "differ from" not in timed.stderr


def test_amend_keeps_the_original_voided_with_a_link(
    medlog: Medlog, titration: list[str], journal_lines: Journal
) -> None:
    """amend appends a void of the original (with its reason) and a dose at the original's
    time with the new amount and `amends`; history shows "amended from 10 mg (ID)"."""
    original = titration[2]
    ok(medlog("amend", original[:6], "20", "mg", now=NOW))
    void, dose = journal_lines()[-2:]
    assert (void["type"], void["ref"], void["reason"]) == ("void", original, "amended to 20 mg")
    assert (dose["type"], dose["amount"], dose["at"], dose["amends"], dose["v"]) == (
        "dose", "20", "2026-11-21T08:00:00+00:00", original, 3,
    )  # fmt: skip
    table = ok(medlog("history", "--since", "2026-11-21", "--until", "2026-11-21", now=NOW))
    rows = [" ".join(line.split()) for line in table.stdout.splitlines()]
    assert f"2026-11-21 08:00 Lexapro dose (amended 2026-11-23 09:00) 10 mg {original[:8]}" in rows
    assert any(f"dose, amended from 10 mg ({original[:8]}) 20 mg" in row for row in rows)
    events = history(medlog)
    same_time = sorted(  # one moment: listed by id, so in either order
        (e["amount"], e["voided"], e["amends"] or "")
        for e in events
        if e["at"][:10] == "2026-11-21" and e["type"] == "dose"
    )
    assert same_time == [(10, True, ""), (20, False, original)]
    assert events[-1]["type"] == "void" and events[-1]["ref"] == original


def test_amend_converts_an_amount_in_another_unit(
    medlog: Medlog, titration: list[str], journal_lines: Journal, home: Path
) -> None:
    """0.015 g and 2 tablets become mg through the unit and the strength, keeping what was
    typed; a unit that does not convert (mL) is refused, and nothing changes."""
    ok(medlog("amend", titration[0], "0.015g", now=NOW))
    assert (journal_lines()[-1]["amount"], journal_lines()[-1]["given"]) == ("15", "0.015 g")
    said = ok(medlog("amend", titration[1], "2", "tablets", now=NOW)).stdout
    assert said.startswith("Amended Lexapro at 08:00 2026-11-20 from 10 mg to 20 mg (2 tablets)")
    before = snapshot(home)
    refused = medlog("amend", titration[2], "5", "mL", now=NOW)
    assert refused.exit_code == 2 and "mL" in refused.stderr
    assert snapshot(home) == before


def test_several_ids_are_amended_all_or_nothing(
    medlog: Medlog, titration: list[str], home: Path
) -> None:
    """One id of three that names no dose (or names a dose twice) amends none of them."""
    before = snapshot(home)
    unknown = medlog("amend", titration[0], titration[1], "abcdef12", "20mg", now=NOW)
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "Error: No event has an id starting with 'abcdef12'; medlog history --format json "
        "lists ids.\n"
    )
    twice = medlog("amend", titration[0], titration[0][:8], "20mg", now=NOW)
    assert twice.exit_code == 2 and "named twice" in twice.stderr
    same = medlog("amend", titration[0], titration[1], "10mg", now=NOW)
    assert same.exit_code == 2 and "is already 10 mg; nothing was changed" in same.stderr
    assert snapshot(home) == before


def test_what_cannot_be_amended_says_what_to_do(medlog: Medlog, titration: list[str]) -> None:
    """A skip, a void, an undone dose and an already amended dose are each refused (exit 2)
    with the command that does what was meant."""
    ok(medlog("skip", "lexapro", "--at", "2026-11-18 08:00", now=NOW))
    skip_id = history(medlog)[0]["id"]
    skipped = medlog("amend", skip_id, "10mg", now=NOW)
    assert skipped.exit_code == 2 and skipped.stderr == (
        f"Error: {skip_id[:8]} is a skip, not a dose. If it was taken after all: medlog undo "
        f'{skip_id[:8]}, then medlog take lexapro --at "2026-11-18 08:00"\n'
    )
    ok(medlog("undo", titration[0], now=NOW))
    undone = medlog("amend", titration[0], "20mg", now=NOW)
    assert undone.exit_code == 2 and "was undone on 2026-11-23 09:00, so there is nothing" in (
        undone.stderr
    )
    void_id = history(medlog)[-1]["id"]
    void = medlog("amend", void_id, "20mg", now=NOW)
    assert void.exit_code == 2 and "is itself a correction (an undo), not a dose" in void.stderr
    ok(medlog("amend", titration[1], "20mg", now=NOW))
    amended = next(e["id"] for e in history(medlog) if e.get("amends") == titration[1])
    again = medlog("amend", titration[1], "15mg", now=NOW)
    assert again.exit_code == 2 and again.stderr == (
        f"Error: That dose was amended: {amended[:8]} replaced it. To change the amount again: "
        f"medlog amend {amended[:8]} AMOUNT; if no dose was taken then at all: medlog undo "
        f"{amended[:8]}.\n"
    )
    ok(medlog("amend", amended, "15mg", now=NOW))  # a correction can itself be corrected


def test_undo_of_an_amend(medlog: Medlog, titration: list[str], home: Path) -> None:
    """A bare undo never turns an amend into no dose at all: it says the two commands; undo
    of the original points at the dose that replaced it; undo of the new dose by its id voids
    it and says the original stays voided."""
    ok(medlog("amend", titration[4], "20mg", now=NOW))
    amended = next(e["id"] for e in history(medlog) if e.get("amends") == titration[4])[:8]
    before = snapshot(home)
    bare = medlog("undo", now=NOW)
    assert bare.exit_code == 2 and bare.stderr == (
        "Error: The latest entry corrects an earlier dose (medlog amend): Lexapro at "
        f"2026-11-23 08:00 is now 20 mg. To change the amount again: medlog amend {amended} "
        f"AMOUNT. If no dose was taken then at all: medlog undo {amended}.\n"
    )
    original = medlog("undo", titration[4], now=NOW)
    assert original.exit_code == 2 and original.stderr.startswith(
        f"Error: That dose was amended: {amended} replaced it."
    )
    assert snapshot(home) == before
    voided = ok(medlog("undo", amended, now=NOW))
    assert voided.stdout == (
        f"Voided the 20 mg dose of Lexapro at 2026-11-23 08:00 (id {amended}); history still "
        f"shows it, marked voided. It had corrected {titration[4][:8]}, which stays voided: "
        "no dose is logged at that time now.\n"
    )
    today = json.loads(ok(medlog("report", "--days", "1", "--format", "json", now=NOW)).stdout)
    assert today["items"][0]["taken_doses"] == 0


def test_an_amend_travels_through_export_and_import_and_check_stays_silent(
    medlog: Medlog, titration: list[str], tmp_path: Path
) -> None:
    """export carries `amends`; import into another store gives the same history; check is
    silent on both stores."""
    ok(medlog("amend", titration[2], "20mg", now=NOW))
    exported = tmp_path / "backup.json"
    ok(medlog("export", "-o", str(exported), now=NOW))
    assert any(e.get("amends") == titration[2] for e in json.loads(exported.read_text())["events"])
    other = tmp_path / "other"
    ok(medlog("--home", str(other), "import", str(exported), now=NOW))
    assert ok(medlog("check", now=NOW)).stdout == ""
    assert ok(medlog("--home", str(other), "check", now=NOW)).stdout == ""
    there = ok(medlog("--home", str(other), "history", "--since", "2026-11-21", now=NOW)).stdout
    assert f"amended from 10 mg ({titration[2][:8]})" in there


def test_check_names_an_amend_whose_original_still_counts(
    medlog: Medlog, titration: list[str], home: Path
) -> None:
    """A hand edit that drops the void of an amend leaves two doses counting: check says so.
    (Made on another machine: this one would put back the void it logged, ``own_lines``.)"""
    ok(medlog("amend", titration[2], "20mg", now=NOW))
    own_lines.forget(home)
    journal = home / "journal.jsonl"
    lines = journal.read_text().splitlines()
    journal.write_text("\n".join(line for line in lines if '"type":"void"' not in line) + "\n")
    result = medlog("check", now=NOW)
    assert result.exit_code == 1
    assert f"amends {titration[2]}, which is not voided, so both count" in result.stdout


def test_the_double_dose_warning_keeps_a_real_double_dose(medlog: Medlog) -> None:
    """Item 7: a second dose says to undo it only if it was not taken, and to leave it logged
    for the clinician if it was."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-20", now=NOW))  # fmt: skip
    ok(medlog("take", "lexapro", "--at", "08:00", now=NOW))
    second = ok(medlog("take", "lexapro", now=NOW))
    assert second.stderr == (
        "Warning: This is the 2nd dose of Lexapro today; the regimen has one, at 08:00. If you "
        "did not take it: medlog undo. If you took it, leave it logged: your clinician should "
        "see it.\n"
    )
    assert "If it was a mistake" not in second.stderr


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["3f2a9c1e"], "Give the dose's id, then the amount"),
        (["3f2a9c1e", "20"], "has no unit"),
        (["xyz", "20mg"], "'xyz' is not an event id"),
        (["3f2a9c1e", "-5mg"], "negative"),
    ],
)
def test_amend_refuses_bad_input_without_touching_the_store(
    medlog: Medlog, titration: list[str], home: Path, words: list[str], message: str
) -> None:
    """A missing amount, an amount without a unit, a word that is no id: exit 2, one sentence,
    the store byte for byte as it was."""
    before = snapshot(home)
    result = medlog("amend", *words, now=NOW)
    assert result.exit_code == 2 and message in result.stderr
    assert snapshot(home) == before


def test_the_offered_command_corrects_a_month_at_once(medlog: Medlog, home: Path) -> None:
    """A titration entered a month late: the one command edit offers, run as printed,
    corrects every dose (found by id prefix, not a pass over the journal per id)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-10-01", now=NOW))  # fmt: skip
    for day in range(40):
        when = f"2026-10-{day + 1:02d} 08:00" if day < 31 else f"2026-11-{day - 30:02d} 08:00"
        ok(medlog("take", "lexapro", "--at", when, now=NOW))
    edited = ok(medlog("edit", "lexapro", "--dose", "15mg", "--from", "2026-10-15", now=NOW))
    command = edited.stderr.rstrip("\n").split(": medlog ")[-1].split()
    assert command[0] == "amend" and len(command) == 2 + 26 and command[-1] == "15mg"
    ok(medlog(*command, now=NOW))
    report = json.loads(
        ok(medlog("report", "--since", "2026-10-01", "--format", "json", now=NOW)).stdout
    )
    assert report["items"][0]["total_amount"] == 14 * 10 + 26 * 15


def test_amend_with_the_clock_set_back_before_the_dose_changes_nothing(
    medlog: Medlog, titration: list[str], home: Path
) -> None:
    """A device whose clock is now behind a dose's own time cannot amend it: the amended
    line would be logged before its dose was taken, which check then calls a problem (a
    Hypothesis state machine's finding). Exit 2, the clock named, the store unchanged; with
    the clock right again the amend goes through and check stays quiet."""
    before = snapshot(home)
    refused = medlog("amend", titration[-1][:8], "20mg", now="2026-11-05T22:15")
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr == (
        f"Error: The dose {titration[-1][:8]} (Lexapro at 2026-11-23 08:00) is dated after this "
        "device's clock (2026-11-05 22:15), and an amended dose cannot be logged before it was "
        "taken. Check the clock, then amend it; nothing was changed.\n"
    )
    assert snapshot(home) == before
    ok(medlog("amend", titration[-1][:8], "20mg", now=NOW))
    assert medlog("check", now=NOW).stdout == ""
