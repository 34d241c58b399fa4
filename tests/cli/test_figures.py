"""Figures a clinician can trust (issue 9), through the command line: doses not yet due are
not missed, extra doses are visible, lookups never guess, as-needed limits are rolling 24
hours, and a risky dose change is said when it is made."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from tests.conftest import Run, ok

Medlog = Callable[..., Run]


def lexapro_from(medlog: Medlog, start: str, now: str) -> None:
    """Lexapro 10 mg daily at 08:00 from ``start``."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00",
              "--start", start, now=now))  # fmt: skip


def report(medlog: Medlog, *args: str) -> dict[str, Any]:
    """The JSON report's Lexapro entry."""
    document = json.loads(ok(medlog("report", "--format", "json", *args)).stdout)
    return {entry["item"]: entry for entry in document["items"]}["lexapro"]  # type: ignore[no-any-return]


def test_before_the_morning_dose_nothing_is_missed(medlog: Medlog) -> None:
    """At 07:50, with every earlier dose taken, today's 08:00 dose is pending, not missed."""
    lexapro_from(medlog, "2026-11-01", "2026-11-27T07:50")
    for day in range(1, 27):
        ok(medlog("take", "lexapro", "--at", f"2026-11-{day:02d}T08:00"))
    entry = report(medlog)
    assert (entry["adherence"], entry["missed_doses"], entry["pending_doses"]) == (1, 0, 1)
    assert entry["expected_doses"] == 26
    table = ok(medlog("report")).stdout
    assert "100.0%" in table and "Not yet due, so neither counted nor missed: Lexapro 1" in table
    calendar = next(line for line in table.splitlines() if "Nov 2026" in line)
    assert calendar.rstrip().endswith("#-")
    assert "- not yet due" in table


def test_days_after_today_are_not_counted(medlog: Medlog) -> None:
    """A period running past today expects nothing after now: 1 dose taken is 100 %."""
    lexapro_from(medlog, "2026-11-20", "2026-11-27T09:00")
    ok(medlog("take", "lexapro", "--at", "08:00"))
    entry = report(medlog, "--since", "2026-11-27", "--until", "2026-12-06")
    assert (entry["expected_doses"], entry["missed_doses"], entry["adherence"]) == (1, 0, 1)


def test_a_double_dose_warns_and_shows_in_every_report(medlog: Medlog) -> None:
    """A second 10 mg on a once-daily regimen warns at once and is counted as extra."""
    lexapro_from(medlog, "2026-11-20", "2026-11-27T08:30")
    ok(medlog("take", "lexapro", "--at", "08:00"))
    second = ok(medlog("take", "lexapro"))
    assert second.stderr == (
        "Warning: This is the 2nd dose of Lexapro today; the regimen has one, at 08:00. "
        "If it was a mistake: medlog undo.\n"
    )
    assert report(medlog)["extra_doses"] == 1
    assert "Extra doses\n  Lexapro: 2026-11-27 (2 taken, 1 expected)" in ok(medlog("report")).stdout
    markdown = ok(medlog("report", "--format", "md")).stdout
    assert "## Extra doses" in markdown and "2026-11-27 (2 taken, 1 expected)" in markdown
    html = ok(medlog("report", "--format", "html")).stdout
    assert "<h2>Extra doses</h2>" in html
    rows = list(csv.DictReader(io.StringIO(ok(medlog("report", "--format", "csv")).stdout)))
    assert rows[0]["extra_doses"] == "1"


def test_a_dose_on_a_day_with_nothing_expected_warns(medlog: Medlog) -> None:
    """Every 2 days: a dose on the day between is extra, and take says so."""
    ok(medlog("add", "iron", "--dose", "18mg", "--schedule", "every 2 days 08:00",
              "--start", "2026-11-26", now="2026-11-27T09:00"))  # fmt: skip
    result = ok(medlog("take", "iron"))
    assert "Iron expects no dose today (every 2 days 08:00); this one is extra." in result.stderr


def test_lookup_prefers_the_exact_item(medlog: Medlog) -> None:
    """lexapro and escitalopram both exist: `take escitalopram` logs escitalopram."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("add", "escitalopram", "--dose", "10mg"))
    ok(medlog("take", "escitalopram", "5mg"))
    events = json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]
    assert [event["item"] for event in events] == ["escitalopram"]


def test_lookup_by_exact_name_over_a_longer_one(medlog: Medlog) -> None:
    """'vitamin d3' and 'vitamin d': `take "vitamin d"` logs vitamin d."""
    ok(medlog("add", "vitamin d3", "--dose", "25mcg"))
    ok(medlog("add", "vitamin d", "--dose", "50mcg"))
    ok(medlog("take", "vitamin d"))
    events = json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]
    assert [event["item"] for event in events] == ["vitamin-d"]


def test_lookup_by_a_unique_prefix_or_brand(medlog: Medlog) -> None:
    """`magnesium` finds magnesium-glycinate; a brand finds the item of its substance."""
    ok(medlog("add", "magnesium glycinate", "--dose", "200mg"))
    ok(medlog("add", "escitalopram", "--dose", "10mg"))
    ok(medlog("take", "magnesium"))
    ok(medlog("take", "Cipralex"))
    events = json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]
    assert [event["item"] for event in events] == ["magnesium-glycinate", "escitalopram"]


def test_an_ambiguous_name_lists_the_candidates(medlog: Medlog) -> None:
    """Two items start with 'vitamin': exit 2 naming both, nothing logged."""
    ok(medlog("add", "vitamin d3", "--dose", "25mcg"))
    ok(medlog("add", "vitamin c", "--dose", "500mg"))
    result = medlog("take", "vitamin")
    assert result.exit_code == 2
    assert "vitamin d3 (vitamin-d3)" in result.stderr and "Vitamin C (vitamin-c)" in result.stderr


def ibuprofen(medlog: Medlog, schedule: str = "as needed max 3/day min interval 6h") -> None:
    """Ibuprofen 200 mg as needed from 2026-11-01."""
    ok(medlog("add", "ibuprofen", "--kind", "otc", "--dose", "200mg", "--schedule", schedule,
              "--start", "2026-11-01", now="2026-11-27T21:00"))  # fmt: skip


def test_the_daily_maximum_is_a_rolling_24_hours(medlog: Medlog) -> None:
    """max 3/day after 08:00, 14:00, 20:00: the next dose is allowed at 08:00 the next day."""
    ibuprofen(medlog)
    for clock in ("08:00", "14:00", "20:00"):
        ok(medlog("take", "ibuprofen", "--at", clock))
    today = " ".join(ok(medlog("today")).stdout.split())
    assert "3 today of at most 3; the most in any 24 hours allows another from Sat 08:00" in today
    early = ok(medlog("take", "ibuprofen", now="2026-11-28T01:00"))
    assert "This makes 4 doses of Ibuprofen within 24 hours" in early.stderr


def test_doses_after_a_stop_are_counted_and_still_judged(medlog: Medlog) -> None:
    """After a stop, as-needed doses stay in the table (labelled) and the limits still warn."""
    ibuprofen(medlog, "as needed max 2/day min interval 4h")
    ok(medlog("take", "ibuprofen", "--at", "2026-11-20T08:00"))
    ok(medlog("stop", "ibuprofen", "--on", "2026-11-25"))
    ok(medlog("take", "ibuprofen", "--at", "2026-11-26T08:00"))
    late = ok(medlog("take", "ibuprofen", "--at", "2026-11-26T09:00"))
    third = ok(medlog("take", "ibuprofen", "--at", "2026-11-26T10:00"))
    assert "at least 4h between doses" in late.stderr and "not in your regimen" in late.stderr
    assert "at most 2 in any 24 hours" in third.stderr
    document = json.loads(ok(medlog("report", "--format", "json")).stdout)
    need = document["items"][0]["as_needed"]
    assert (need["doses"], need["doses_after_stop"], need["days_over_max"]) == (4, 3, 1)
    assert "4 (3 after the stop)" in ok(medlog("report")).stdout


def test_a_dose_outside_the_range_is_said_at_add_and_edit(medlog: Medlog) -> None:
    """40 mg of Lexapro a day is above 10-20 mg/day: add and edit warn, and keep the change."""
    added = ok(medlog("add", "lexapro", "--dose", "40mg", "--schedule", "daily 08:00"))
    assert "Lexapro at 40 mg daily 08:00 comes to 40 mg a day, above the documented range" in (
        added.stderr
    )
    assert "the prescriber decides" in added.stderr
    edited = ok(medlog("edit", "lexapro", "--schedule", "daily 08:00,20:00"))
    assert "comes to 80 mg a day, above" in edited.stderr
    fine = ok(medlog("edit", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00"))
    assert fine.stderr == ""


def test_a_weekly_dose_is_averaged_over_its_week(medlog: Medlog) -> None:
    """70 mg once a week is 10 mg a day on average: within 10-20 mg/day, no warning."""
    result = ok(medlog("add", "lexapro", "--dose", "70mg", "--schedule", "weekly sun 08:00"))
    assert result.stderr == ""


def test_raising_too_fast_is_said_with_the_labels_words(medlog: Medlog) -> None:
    """20 mg two days after 10 mg began: the catalog's pace rule warns, with its source."""
    lexapro_from(medlog, "2026-11-20", "2026-11-20T09:00")
    fast = ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-22"))
    assert "Lexapro goes to 20 mg on 2026-11-22, 2 day(s) after 10 mg began on 2026-11-20" in (
        fast.stderr
    )
    assert "An increase to 20 mg should come after at least 1 week" in fast.stderr
    assert "(source: US FDA prescribing information" in fast.stderr


def test_raising_after_a_week_is_quiet(medlog: Medlog) -> None:
    """20 mg eight days after 10 mg began breaks no rule."""
    lexapro_from(medlog, "2026-11-20", "2026-11-20T09:00")
    assert ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-28")).stderr == ""


def test_today_says_nothing_taken_for_an_upper_limit(medlog: Medlog) -> None:
    """A day with no dose of vitamin D says nothing was taken, not 'each dose within'."""
    ok(medlog("add", "vitamin d", "--dose", "25mcg", "--schedule", "daily 08:00"))
    today = " ".join(ok(medlog("today", now="2026-11-27T07:00")).stdout.split())
    assert (
        "Vitamin D: nothing taken yet (documented range up to 100 mcg/day (adult upper limit, "
        "19+; food counts toward it too, and medlog counts only what is logged) [1])" in today
    )
    assert "each dose within" not in today


def test_stop_says_it_once(medlog: Medlog) -> None:
    """stop prints one line about the stop, not two."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    result = ok(medlog("stop", "lexapro", "--on", "2026-11-30"))
    assert result.stdout.lower().count("stopped from 2026-11-30") == 1


def test_due_lists_by_time(medlog: Medlog) -> None:
    """due orders doses by their time, not by item."""
    ok(medlog("add", "zinc", "--dose", "10mg", "--schedule", "daily 20:00"))
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00,13:00"))
    lines = medlog("due", now="2026-11-27T07:00").stdout.splitlines()
    assert [line.split()[1] for line in lines] == ["08:00", "13:00", "20:00"]


def test_the_demo_at_six_shows_today_pending(medlog: Medlog, tmp_path: Any) -> None:
    """Run before the day's first dose, the demo's calendar shows today as not yet due."""
    result = ok(medlog("demo", "--home", str(tmp_path / "demo"), now="2026-11-27T06:00"))
    lines = result.stdout.splitlines()
    calendar = lines.index(next(line for line in lines if line.startswith("  Lexapro  ")))
    assert lines[calendar + 1].strip().startswith("Nov 2026")
    assert lines[calendar + 1].rstrip().endswith("-")
