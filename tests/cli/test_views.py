"""today, due, history and check through the real command line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Clock, Run, ok, snapshot

Medlog = Callable[..., Run]


@pytest.fixture
def day(medlog: Callable[..., Run], lexapro: None) -> None:
    """Lexapro (08:00) and magnesium (21:00) and a PRN item, with this morning's dose taken."""
    ok(
        medlog(
            "add",
            "magnesium glycinate",
            "--dose",
            "200mg",
            "--schedule",
            "daily 21:00",
            "--start",
            "2026-11-01",
        )
    )
    ok(
        medlog(
            "add",
            "ibuprofen",
            "--kind",
            "otc",
            "--dose",
            "200mg",
            "--schedule",
            "as needed max 3/day min interval 4h",
            "--start",
            "2026-11-01",
        )
    )
    ok(medlog("take", "lexapro", "--at", "08:10"))


def test_today_lists_taken_due_and_as_needed(medlog: Callable[..., Run], day: None) -> None:
    """The checklist shows each slot's state, and the day totals against ranges whose sources
    are numbered notes under them."""
    result = medlog("today")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Today, Fri 27 Nov 2026 (now 09:15)" in out
    assert "taken 08:10" in out
    assert "Magnesium glycinate   21:00       due" in out
    assert "0 today of at most 3; within its limits now" in out
    assert "Lexapro: 10 mg, within 10–20 mg/day (US label) [1]" in out
    assert (
        "Magnesium glycinate: nothing taken yet (documented range 200–400 mg/day (typical) [2])"
        in out
    )
    assert "[1] US FDA prescribing information for LEXAPRO" in out
    assert "\x1b[" not in out  # a pipe gets plain text


def test_today_marks_overdue_after_the_window(medlog: Callable[..., Run], day: None) -> None:
    """A slot whose time plus the two-hour window has passed is overdue."""
    out = medlog("today", now="2026-11-27T23:30").stdout
    assert "overdue" in out


def test_due_exit_codes(medlog: Callable[..., Run], day: None) -> None:
    """due exits 0 with nothing overdue, 1 when a dose is overdue; --quiet prints nothing."""
    calm = medlog("due")
    assert calm.exit_code == 0
    assert calm.stdout == "due      21:00  Magnesium glycinate 200 mg\n"
    late = medlog("due", now="2026-11-27T23:30")
    assert late.exit_code == 1
    assert late.stdout.startswith("overdue  21:00  Magnesium glycinate")
    quiet = medlog("due", "--quiet", now="2026-11-27T23:30")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (1, "", "")


def test_today_on_an_empty_store(medlog: Callable[..., Run]) -> None:
    """A new user's today says how to begin."""
    result = medlog("today")
    assert result.exit_code == 0
    assert "medlog add" in result.stdout


def test_history_formats_and_filters(medlog: Callable[..., Run], day: None) -> None:
    """history filters by item and period, in table, json and csv."""
    ok(
        medlog(
            "take", "magnesium glycinate", "--at", "yesterday 21:00", "--note", "=cmd|' /C calc'!A0"
        )
    )
    table = medlog("history")
    assert "Lexapro" in table.stdout and "Magnesium glycinate" in table.stdout
    only = json.loads(medlog("history", "--item", "lexapro", "--format", "json").stdout)
    assert [e["item"] for e in only["events"]] == ["lexapro"]
    today_only = json.loads(medlog("history", "--since", "today", "--format", "json").stdout)
    assert len(today_only["events"]) == 1
    rows = list(csv.reader(io.StringIO(medlog("history", "--format", "csv").stdout, newline="")))
    assert rows[0] == [
        "id",
        "type",
        "item",
        "amount",
        "unit",
        "at",
        "note",
        "reason",
        "voided",
        "given",
        "ref",
        "logged_at",
        "mood",
        "anxiety",
        "sleep_minutes",
        "sleep_quality",
        "side_effects",
        "instrument",
        "answers",
        "text",
        "days_supply",
        "days_inferred",
        "on_hand",
        "count",
        "item9",
        "amends",
    ]
    assert rows[1][6] == "'=cmd|' /C calc'!A0"
    assert rows[1][3] == "200"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--since", "2026-11-20", "--until", "2026-11-10"), "after --until"),
        (("--since", "last week"), "not a day"),
        (("--until", "2026-02-30"), "not a real date"),
        (("--item", "nothing"), "no item named"),
    ],
)
def test_history_refuses_bad_periods(
    medlog: Callable[..., Run], day: None, args: tuple[str, ...], words: str
) -> None:
    """Bad periods and unknown items are exit 2 with a sentence."""
    result = medlog("history", *args)
    assert result.exit_code == 2
    assert words in result.stderr


def test_check_is_silent_on_a_sound_store(medlog: Callable[..., Run], day: None) -> None:
    """check prints nothing and exits 0 when all is well."""
    result = medlog("check")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_check_reports_each_problem(medlog: Callable[..., Run], day: None, home: Path) -> None:
    """check lists a torn tail, one id with two contents, a void of an unknown id, an unknown
    item and a broken line."""
    journal = home / "journal.jsonl"
    lines = journal.read_text().splitlines()
    first = json.loads(lines[0])
    unknown_item = dict(first, id="feed0001", item="ghost")
    void = {
        "v": 1,
        "id": "feed0002",
        "type": "void",
        "at": first["at"],
        "logged_at": first["at"],
        "ref": "nope",
    }
    journal.write_text(
        "\n".join(
            [
                *lines,
                json.dumps(first | {"note": "edited"}),
                json.dumps(unknown_item),
                json.dumps(void),
                "garbage",
            ]
        )
        + "\n"
        + '{"v":1'
    )
    result = medlog("check")
    assert result.exit_code == 1
    assert "incomplete line" in result.stdout
    assert f"two different events have the id {first['id']}" in result.stdout
    assert "'ghost'" in result.stdout
    assert "refers to nope" in result.stdout
    assert "line 5: not a JSON object" in result.stdout


def test_a_broken_journal_line_is_exit_3_and_untouched(
    medlog: Callable[..., Run], day: None, home: Path
) -> None:
    """Reports refuse a corrupt journal with exit 3 naming the line; the file is not changed."""
    journal = home / "journal.jsonl"
    journal.write_text("garbage\n" + journal.read_text())
    before = snapshot(home)
    result = medlog("history")
    assert result.exit_code == 3
    assert "journal.jsonl, line 1" in result.stderr
    assert "Traceback" not in result.stderr
    assert medlog("take", "lexapro").exit_code == 3  # a short journal's tail holds the bad line
    assert snapshot(home) == before


def test_a_torn_last_line_warns_and_is_set_aside(
    medlog: Callable[..., Run], day: None, home: Path
) -> None:
    """A crash mid-write leaves a torn tail: readers warn and go on; the next write repairs."""
    journal = home / "journal.jsonl"
    with journal.open("a") as handle:
        handle.write('{"v":1,"id":"half')
    before = journal.read_bytes()
    today = medlog("today")
    assert today.exit_code == 0
    assert "incomplete line" in today.stderr
    assert journal.read_bytes() == before
    taken = medlog("take", "magnesium glycinate")
    assert taken.exit_code == 0
    assert (home / "journal.jsonl.torn").read_text() == '{"v":1,"id":"half\n'
    assert all(json.loads(line) for line in journal.read_text().splitlines())
    assert medlog("check").exit_code == 0


def test_yesterdays_forgotten_dose_is_pointed_out(medlog: Medlog, clock: Clock) -> None:
    """today names yesterday's missed dose; a morning dose far from its 21:00 slot asks if it
    was yesterday's (issue 10)."""
    ok(medlog("add", "magnesium glycinate", "--dose", "200mg", "--schedule", "daily 21:00",
              "--start", "2026-11-20"))  # fmt: skip
    clock("2026-11-27T07:40")
    today = ok(medlog("today")).stdout
    assert "Yesterday's 21:00 dose of Magnesium glycinate was not logged" in today
    assert 'medlog take magnesium-glycinate --at "yesterday 21:00"' in today
    late = ok(medlog("take", "magnesium", "glycinate"))
    assert "If it was yesterday's: medlog undo" in late.stderr


def test_today_says_nothing_taken_for_an_upper_limit(medlog: Medlog) -> None:
    """A day with no dose of vitamin D says nothing was taken, not 'each dose within' (issue 9)."""
    ok(medlog("add", "vitamin d", "--dose", "25mcg", "--schedule", "daily 08:00"))
    today = " ".join(ok(medlog("today", now="2026-11-27T07:00")).stdout.split())
    assert (
        "Vitamin D: nothing taken yet (documented range up to 100 mcg/day (adult upper limit, "
        "19+; food counts toward it too, and medlog counts only what is logged) [1])" in today
    )
    assert "each dose within" not in today


def test_due_lists_by_time(medlog: Medlog) -> None:
    """due orders doses by their time, not by item (issue 9)."""
    ok(medlog("add", "zinc", "--dose", "10mg", "--schedule", "daily 20:00"))
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00,13:00"))
    lines = medlog("due", now="2026-11-27T07:00").stdout.splitlines()
    assert [line.split()[1] for line in lines] == ["08:00", "13:00", "20:00"]


def test_due_exits_1_only_for_an_overdue_dose(medlog: Medlog, lexapro: None) -> None:
    """due: 0 before the window closes, 1 once a dose is overdue (an outsider's finding, issue
    8)."""
    assert medlog("due", now="2026-11-27T09:00").exit_code == 0
    assert medlog("due", now="2026-11-27T10:01").exit_code == 1


def test_check_names_an_event_dated_in_the_future(medlog: Medlog, home: Path) -> None:
    """check reports an event dated after it was logged (a journal edited to 2099) (an outside
    attacker's finding)."""
    ok(medlog("checkin", "--mood", "5"))
    journal = home / "journal.jsonl"
    journal.write_text(journal.read_text().replace('"at":"2026-11-27', '"at":"2099-11-27'))
    result = medlog("check")
    assert result.exit_code == 1 and "after it was logged" in result.stdout
