"""Which doses, and which items (issue 20): repeated ``--item`` means each of them in
``report`` and ``history``; ``--missed`` lists each missed slot with its date and time."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

import pytest

from tests.conftest import Run, ok

Medlog = Callable[..., Run]
NOW = "2026-11-27T09:15"


@pytest.fixture
def week(medlog: Medlog) -> None:
    """From 11-24: Lexapro 10 mg at 08:00, magnesium glycinate 200 mg at 08:00 and 20:00, a
    multivitamin (untimed, daily). Taken: Lexapro 11-24 and 11-26; magnesium 11-24 08:00 and
    20:00 and 11-25 08:00; the multivitamin 11-24; magnesium skipped 11-26 08:00."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-24", now=NOW))  # fmt: skip
    ok(medlog("add", "magnesium glycinate", "--dose", "200mg", "--schedule", "daily 08:00,20:00",
              "--start", "2026-11-24", now=NOW))  # fmt: skip
    ok(medlog("add", "multivitamin", "--kind", "supplement", "--unit", "tablet", "--dose",
              "1 tablet", "--schedule", "daily", "--start", "2026-11-24", now=NOW))  # fmt: skip
    for day in ("24", "26"):
        ok(medlog("take", "lexapro", "--at", f"2026-11-{day} 08:00", now=NOW))
    for when in ("24 08:00", "24 20:00", "25 08:00"):
        ok(medlog("take", "magnesium", "glycinate", "--at", f"2026-11-{when}", now=NOW))
    ok(medlog("take", "multivitamin", "--at", "2026-11-24 12:00", now=NOW))
    ok(medlog("skip", "magnesium", "glycinate", "--at", "2026-11-26 08:00", now=NOW))


# Worked out by hand for 11-24..11-27 at 09:15 on 11-27 (a 2-hour window: today's 08:00 slots
# are still pending, today's untimed multivitamin is open until midnight).
MISSED = [
    ("2026-11-25", "08:00", "Lexapro", "10 mg"),
    ("2026-11-25", "20:00", "Magnesium glycinate", "200 mg"),
    ("2026-11-25", "any time", "multivitamin", "1 tablet"),
    ("2026-11-26", "20:00", "Magnesium glycinate", "200 mg"),
    ("2026-11-26", "any time", "multivitamin", "1 tablet"),
]


def test_repeated_item_means_each_of_them(medlog: Medlog, week: None) -> None:
    """Item 8: `report --item lexapro --item multivitamin` reports both (it kept only the
    last), in the regimen's order; history the same; a name given twice counts once."""
    report = json.loads(
        ok(medlog("report", "--item", "multivitamin", "--item", "lexapro", "--item", "Lexapro",
                  "--format", "json", now=NOW)).stdout
    )  # fmt: skip
    assert [item["item"] for item in report["items"]] == ["lexapro", "multivitamin"]
    history = json.loads(
        ok(medlog("history", "--item", "lexapro", "--item", "multivitamin", "--format", "json",
                  now=NOW)).stdout
    )  # fmt: skip
    assert sorted({event["item"] for event in history["events"]}) == ["lexapro", "multivitamin"]
    assert len(history["events"]) == 3
    unknown = medlog("report", "--item", "lexapro", "--item", "zinc", now=NOW)
    assert unknown.exit_code == 2 and "There is no item named 'zinc'" in unknown.stderr


def test_history_missed_lists_each_missed_slot(medlog: Medlog, week: None) -> None:
    """history --missed: a row per missed slot with its date and time, as the report counts
    them (a skip is not a miss; today's open slots are not missed yet)."""
    table = ok(medlog("history", "--missed", now=NOW)).stdout
    rows = [line.split("   ") for line in table.splitlines()[3:]]
    assert [tuple(cell.strip() for cell in row if cell.strip()) for row in rows] == MISSED
    report = json.loads(ok(medlog("report", "--format", "json", now=NOW)).stdout)
    assert sum(item["missed_doses"] for item in report["items"]) == len(MISSED)
    document = json.loads(ok(medlog("history", "--missed", "--format", "json", now=NOW)).stdout)
    assert document["schema"] == "medlog.missed/1"
    assert document["missed"][0] == {
        "date": "2026-11-25", "time": "08:00", "item": "lexapro", "name": "Lexapro", "dose": 10,
        "unit": "mg",
    }  # fmt: skip
    assert document["missed"][2]["time"] is None
    rows = list(csv.reader(io.StringIO(ok(medlog("history", "--missed", "--format", "csv",
                                                 now=NOW)).stdout)))  # fmt: skip
    assert rows[0] == ["date", "time", "item", "name", "dose", "unit"]
    assert rows[4] == ["2026-11-26", "20:00", "magnesium-glycinate", "Magnesium glycinate",
                       "200", "mg"]  # fmt: skip
    markdown = ok(medlog("history", "--missed", "--item", "lexapro", "--format", "md",
                         now=NOW)).stdout  # fmt: skip
    assert "| 2026-11-25 | 08:00 | Lexapro | 10 mg |" in markdown
    assert "Magnesium" not in markdown


def test_nothing_missed_says_so(medlog: Medlog, week: None) -> None:
    """A period with no miss says so in words, in the table and in Markdown."""
    table = ok(medlog("history", "--missed", "--since", "2026-11-24", "--until", "2026-11-24",
                      now=NOW)).stdout  # fmt: skip
    assert table == (
        "Missed doses 2026-11-24 to 2026-11-24: none. No scheduled dose was missed in this "
        "period.\n"
    )


def test_report_missed_in_every_format(medlog: Medlog, week: None) -> None:
    """report --missed adds the list to the table, JSON (`missed`), Markdown and HTML; the
    report without it is unchanged; CSV, a row per item, is refused with the command to use."""
    table = ok(medlog("report", "--missed", now=NOW)).stdout
    assert "Missed doses\nDate" in table and "2026-11-26   20:00      Magnesium glycinate" in table
    assert "Missed doses" not in ok(medlog("report", now=NOW)).stdout
    document = json.loads(ok(medlog("report", "--missed", "--format", "json", now=NOW)).stdout)
    assert [(m["date"], m["time"], m["item"]) for m in document["missed"]][:2] == [
        ("2026-11-25", "08:00", "lexapro"), ("2026-11-25", "20:00", "magnesium-glycinate"),
    ]  # fmt: skip
    assert "missed" not in json.loads(ok(medlog("report", "--format", "json", now=NOW)).stdout)
    markdown = ok(medlog("report", "--missed", "--format", "md", now=NOW)).stdout
    assert "## Missed doses" in markdown and "| 2026-11-25 | any time | multivitamin |" in markdown
    html = ok(medlog("report", "--missed", "--format", "html", now=NOW)).stdout
    assert re.search(r"<h2>Missed doses</h2><table( class=\"keep\")?>", html)
    refused = medlog("report", "--missed", "--format", "csv", now=NOW)
    assert refused.exit_code == 2 and "medlog history --missed --format csv" in refused.stderr


def test_due_never_lists_a_slot_whose_own_dose_was_taken(medlog: Medlog) -> None:
    """Twice a day, the morning dose forgotten, the evening one taken at 21:00: at 21:05 `due`
    and `today` call 08:00 overdue and 20:00 taken (they called 20:00 due, as if the 21:00
    dose were the late morning one), and the report counts one missed."""
    ok(medlog("add", "metformin", "--kind", "rx", "--dose", "500mg", "--schedule",
              "daily 08:00,20:00", "--start", "2026-12-01", now="2026-12-01T07:00"))  # fmt: skip
    ok(medlog("take", "metformin", now="2026-12-01T21:00"))
    due = medlog("due", now="2026-12-01T21:05")
    assert due.exit_code == 1
    assert due.stdout.split() == ["overdue", "08:00", "metformin", "500", "mg"]
    today = ok(medlog("today", now="2026-12-01T21:05")).stdout
    assert "20:00   taken 21:00" in today and "08:00   overdue" in today
    report = json.loads(ok(medlog("report", "--days", "1", "--format", "json",
                                  now="2026-12-01T21:05")).stdout)  # fmt: skip
    figures = report["items"][0]
    assert (figures["missed_doses"], figures["pending_doses"]) == (1, 0)
