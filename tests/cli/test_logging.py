"""take, skip and undo through the real command line, against a real store."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Clock, Run, in_terminal, ok, snapshot

Medlog = Callable[..., Run]


def events(home: Path) -> list[dict[str, object]]:
    """The journal's lines as dicts."""
    path = home / "journal.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_take_without_amount_logs_the_regimen_dose(
    medlog: Callable[..., Run], lexapro: None, home: Path
) -> None:
    """`take lexapro` logs 10 mg now and says, in one line, the day total against the range;
    --verbose adds where the range comes from."""
    result = medlog("take", "lexapro")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Logged Lexapro 10 mg at 09:15 today; day total 10 mg, within 10–20 mg/day (US label)."
    ]
    assert result.stderr == ""
    [event] = events(home)
    assert event["type"] == "dose" and event["amount"] == "10" and event["unit"] == "mg"
    assert event["at"] == "2026-11-27T09:15:00+00:00"
    assert (home / "journal.jsonl").stat().st_mode & 0o777 == 0o600
    verbose = medlog("take", "lexapro", "--verbose", "--at", "08:00")
    assert verbose.stdout.splitlines()[1] == (
        "  Range source: US FDA prescribing information for LEXAPRO (escitalopram) tablets, "
        "Dosage and Administration (DailyMed)."
    )


def test_take_half_a_tablet_backdated(
    medlog: Callable[..., Run], lexapro: None, home: Path
) -> None:
    """0.5 tablet of 10 mg is stored as 5 mg, on yesterday's date, keeping what was typed."""
    result = medlog("take", "lexapro", "0.5", "tablet", "--at", "yesterday 21:00")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Logged Lexapro 5 mg (0.5 tablet) at 21:00 yesterday; day total 5 mg, below the US "
        "label's usual range of 10–20 mg/day.\n"
    )
    [event] = events(home)
    assert (event["amount"], event["given"], event["at"]) == (
        "5",
        "0.5 tablet",
        "2026-11-26T21:00:00+00:00",
    )


def test_take_above_the_range_warns_with_the_source(
    medlog: Callable[..., Run], lexapro: None
) -> None:
    """30 mg is above 10-20 mg/day: stderr warns with the label as source; exit stays 0."""
    result = medlog("take", "lexapro", "30mg")
    assert result.exit_code == 0
    assert "day total 30 mg, ABOVE 10–20 mg/day" in result.stdout
    assert result.stderr.startswith("Warning: Lexapro on 2026-11-27 now totals 30 mg, above")
    assert "LEXAPRO (escitalopram)" in result.stderr


def test_second_dose_of_a_day_adds_to_the_total(medlog: Callable[..., Run], lexapro: None) -> None:
    """Two doses on a day sum; the second is counted, not refused."""
    ok(medlog("take", "lexapro", "--at", "08:00"))
    result = medlog("take", "lexapro", "5mg")
    assert "day total 15 mg, within" in result.stdout


def test_backdated_default_dose_uses_the_version_in_force(
    medlog: Callable[..., Run], lexapro: None, home: Path
) -> None:
    """A dose backdated to before a titration logs the old dose."""
    ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-20"))
    ok(medlog("take", "lexapro", "--at", "2026-11-19T08:00"))
    ok(medlog("take", "lexapro", "--at", "2026-11-20T08:00"))
    assert [e["amount"] for e in events(home)] == ["10", "20"]


def test_take_a_per_dose_range_judges_each_dose(medlog: Callable[..., Run]) -> None:
    """With a per-dose range, each dose is judged on its own."""
    ok(
        medlog(
            "add", "melatonin", "--kind", "supplement", "--dose", "1mg", "--range", "0.5-3mg/dose"
        )
    )
    result = medlog("take", "melatonin", "5mg")
    assert "this dose is ABOVE 0.5–3 mg/dose (day total 5 mg)" in result.stdout
    assert "Warning: This dose of 5 mg is above" in result.stderr


def test_prn_too_soon_and_over_the_daily_maximum_warn(medlog: Callable[..., Run]) -> None:
    """An as-needed dose too soon after the last, or beyond the daily maximum, warns."""
    ok(
        medlog(
            "add",
            "ibuprofen",
            "--kind",
            "otc",
            "--dose",
            "200mg",
            "--schedule",
            "as needed max 2/day min interval 4h",
            "--start",
            "2026-11-01",
        )
    )
    assert medlog("take", "ibuprofen", "--at", "06:00").stderr == ""
    soon = medlog("take", "ibuprofen", "--at", "08:00")
    assert soon.exit_code == 0
    assert "2h from the one at 06:00" in soon.stderr and "at least 4h" in soon.stderr
    third = medlog("take", "ibuprofen")
    assert "3 doses of Ibuprofen within 24 hours" in third.stderr
    assert "at most 2 in any 24 hours" in third.stderr


def test_skip_then_undo(medlog: Callable[..., Run], lexapro: None, home: Path) -> None:
    """A skip is logged with its reason; undo voids it by appending, never deleting."""
    skipped = medlog("skip", "lexapro", "--reason", "nausea")
    assert skipped.exit_code == 0, skipped.stderr
    assert skipped.stdout == "Skipped Lexapro at 09:15 today (nausea).\n"
    undone = medlog("undo")
    assert undone.exit_code == 0
    assert undone.stdout.startswith("Voided the skip of Lexapro at 2026-11-27 09:15")
    lines = events(home)
    assert [e["type"] for e in lines] == ["skip", "void"]
    assert lines[1]["ref"] == lines[0]["id"]


def test_undo_voids_the_latest_and_then_the_one_before(
    medlog: Callable[..., Run], lexapro: None, home: Path
) -> None:
    """Repeated undo walks back through doses; voids are never themselves undone."""
    ok(medlog("take", "lexapro", "--at", "07:00"))
    ok(medlog("take", "lexapro", "30mg"))
    assert "the 30 mg dose of Lexapro" in medlog("undo").stdout
    assert "the 10 mg dose of Lexapro" in medlog("undo").stdout
    nothing = medlog("undo")
    assert nothing.exit_code == 2 and "nothing to undo" in nothing.stderr
    assert [e["type"] for e in events(home)] == ["dose", "dose", "void", "void"]


def test_undo_by_id_prefix(medlog: Callable[..., Run], lexapro: None, home: Path) -> None:
    """undo ID voids that event; a second undo of it, or an unknown id, is refused."""
    ok(medlog("take", "lexapro", "--at", "07:00"))
    ok(medlog("take", "lexapro"))
    first = str(events(home)[0]["id"])
    assert medlog("undo", first[:8]).exit_code == 0
    assert events(home)[-1]["ref"] == first
    again = medlog("undo", first[:8])
    assert again.exit_code == 2 and "already undone" in again.stderr
    assert medlog("undo", "ffffffff").exit_code == 2
    assert medlog("undo", "zz").exit_code == 2


def test_history_marks_voided_doses(medlog: Callable[..., Run], lexapro: None) -> None:
    """history --format json still lists a voided dose, marked, plus the void itself."""
    ok(medlog("take", "lexapro", now="2026-11-27T09:15"))
    ok(medlog("undo", now="2026-11-27T09:16"))
    document = json.loads(medlog("history", "--format", "json").stdout)
    assert document["schema"] == "medlog.history/1"
    dose, void = document["events"]
    assert dose["voided"] is True and dose["amount"] == 10
    assert void["type"] == "void" and void["ref"] == dose["id"] and void["item"] == "lexapro"
    assert {"id", "type", "item", "amount", "unit", "at", "note", "reason", "voided"} <= set(dose)


def test_a_dose_other_than_the_regimens_is_said(medlog: Medlog, lexapro: None) -> None:
    """One tablet logged while the regimen says 20 mg: take says so (issue 10)."""
    ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-20"))
    result = ok(medlog("take", "lexapro", "1", "tablet"))
    assert "This dose is 10 mg; Lexapro's regimen on 2026-11-27 is 20 mg a dose." in result.stderr


def test_two_doses_at_the_same_minute_warn(medlog: Medlog, lexapro: None) -> None:
    """The same dose logged twice for 08:00 warns the second time, whatever the ids (issue 10)."""
    ok(medlog("take", "lexapro", "--at", "8am"))
    second = ok(medlog("take", "lexapro", "--at", "08:00"))
    assert "This is the 2nd dose of Lexapro today" in second.stderr


def test_a_second_dose_is_warned_whichever_dose_ends_up_extra(medlog: Medlog) -> None:
    """06:30 then 09:15 on an 08:00 schedule: the earlier dose is the extra one, still warned
    (an outside attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00"))
    ok(medlog("take", "lexapro", "--at", "06:30"))
    second = ok(medlog("take", "lexapro"))
    assert "2nd dose of Lexapro today" in second.stderr


def test_a_dose_on_a_day_with_nothing_expected_warns(medlog: Medlog, clock: Clock) -> None:
    """Every 2 days: a dose on the day between, when yesterday's was taken, is extra, and take
    says so (issue 9; issue 20: had yesterday's been missed, it would count for it, late)."""
    clock("2026-11-27T09:00")
    ok(medlog("add", "iron", "--dose", "18mg", "--schedule", "every 2 days 08:00",
              "--start", "2026-11-26"))  # fmt: skip
    ok(medlog("take", "iron", "--at", "yesterday 08:00"))
    result = ok(medlog("take", "iron"))
    assert "Iron expects no dose today (every 2 days 08:00); this one is extra." in result.stderr


def test_an_old_undo_wants_the_id_in_a_script(medlog: Medlog, lexapro: None, home: Path) -> None:
    """A bare undo of something logged over a day ago is refused off a terminal, naming the id
    (issue 10)."""
    ok(medlog("take", "lexapro", now="2026-11-25T08:00"))
    before = snapshot(home)
    result = medlog("undo", now="2026-11-27T09:00")
    assert result.exit_code == 2 and "give its id: medlog undo " in result.stderr
    assert snapshot(home) == before
    event_id = result.stderr.rsplit(" ", 1)[1].strip()
    assert "Voided the 10 mg dose" in ok(medlog("undo", event_id)).stdout


@pytest.mark.timing
def test_an_old_undo_asks_on_a_terminal(medlog: Medlog, lexapro: None, home: Path) -> None:
    """On a terminal a bare undo that reaches back asks; 'n' changes nothing and exits 0
    (issue 10)."""
    ok(medlog("take", "lexapro", now="2026-11-25T08:00"))
    before = snapshot(home)
    later = {"MEDLOG_NOW": "2026-11-27T09:00", "MEDLOG_HOME": str(home)}
    code, screen = in_terminal(["undo"], "n\n", later)
    assert code == 0 and "logged over a day ago. Undo it?" in screen
    assert "Nothing changed." in screen
    assert snapshot(home) == before
    code, screen = in_terminal(["undo"], "y\n", later)
    assert code == 0 and "Voided the 10 mg dose of Lexapro at 2026-11-25 08:00" in screen
