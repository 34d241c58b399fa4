"""report: hand-computed scenarios, every JSON field asserted, and every format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Clock, Run, ok

Medlog = Callable[..., Run]
NULL_RANGE = {
    "days_in_range": None,
    "days_below_range": None,
    "days_above_range": None,
    "doses_out_of_range": None,
}


def report_items(medlog: Medlog, since: str, until: str, *extra: str) -> dict[str, Any]:
    """The JSON report for a period, as {item key: item object}."""
    document = json.loads(
        ok(medlog("report", "--since", since, "--until", until, "--format", "json", *extra)).stdout
    )
    assert document["schema"] == "medlog.report/1"
    assert document["period"]["since"] == since and document["period"]["until"] == until
    return {entry["item"]: entry for entry in document["items"]}


def figures(entry: dict[str, Any]) -> dict[str, Any]:
    """The counting fields of an item object (everything but identity and range)."""
    keep = (
        "expected_doses",
        "taken_doses",
        "counted_doses",
        "skipped_doses",
        "missed_doses",
        "adherence",
        "days_expected",
        "days_covered",
        "on_time",
        "total_amount",
        "days_in_range",
        "days_below_range",
        "days_above_range",
        "doses_out_of_range",
        "below_threshold",
        "pending_doses",
        "extra_doses",
        "as_needed",
        "prn",
    )
    return {key: entry[key] for key in keep}


def test_titration_judges_each_day_by_the_version_in_force(medlog: Medlog, clock: Clock) -> None:
    """10 mg for three days then 20 mg: default-dose takes log 10 then 20; all in range."""
    clock("2026-11-06T20:00")
    ok(
        medlog(
            "add",
            "lexapro",
            "--dose",
            "10mg",
            "--schedule",
            "daily 08:00",
            "--start",
            "2026-11-01",
        )
    )
    ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-04"))
    for day in range(1, 7):
        ok(medlog("take", "lexapro", "--at", f"2026-11-0{day}T08:00"))
    entry = report_items(medlog, "2026-11-01", "2026-11-06")["lexapro"]
    assert entry == {
        "item": "lexapro",
        "name": "Lexapro",
        "substance": "escitalopram",
        "kind": "rx",
        "prn": False,
        "unit": "mg",
        "expected_doses": 6,
        "taken_doses": 6,
        "counted_doses": 6,
        "skipped_doses": 0,
        "missed_doses": 0,
        "adherence": 1,
        "days_expected": 6,
        "days_covered": 6,
        "on_time": 1,
        "total_amount": 90,
        "range": {
            "min": 10,
            "max": 20,
            "unit": "mg",
            "per": "day",
            "source": "US FDA prescribing information for LEXAPRO (escitalopram) tablets, "
            "Dosage and Administration (DailyMed)",
            "kind": "label",
            "total_intake": False,
        },
        "days_in_range": 6,
        "days_below_range": 0,
        "days_above_range": 0,
        "doses_out_of_range": None,
        "below_threshold": False,
        "pending_doses": 0,
        "extra_doses": 0,
        "as_needed": None,
        "dose_limit": None,
        "judged_by": None,
        "stop_reason": None,
        "holds": [],
        "late_doses": 0,
        "early_doses": 0,
        "weekly_totals": None,
    }


def test_missed_skipped_double_and_voided_duplicate(medlog: Medlog, clock: Clock) -> None:
    """A miss, a skip, a double dose above range, and a duplicate undone: by the definitions.

    The missed day and the skipped day had no dose, so they are not judged against the
    range (not "below"); the 200 + 300 mg day is above it and holds one extra dose."""
    clock("2026-11-05T23:00")
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
    ok(medlog("take", "magnesium glycinate", "--at", "2026-11-01T21:00"))
    ok(medlog("skip", "magnesium glycinate", "--at", "2026-11-03T21:00", "--reason", "nausea"))
    ok(medlog("take", "magnesium glycinate", "--at", "2026-11-04T21:00"))
    ok(medlog("take", "magnesium glycinate", "300mg", "--at", "2026-11-04T21:30"))
    ok(medlog("take", "magnesium glycinate", "--at", "2026-11-05T21:00"))
    ok(medlog("take", "magnesium glycinate", "--at", "2026-11-05T21:01"))
    ok(medlog("undo"))
    entry = report_items(medlog, "2026-11-01", "2026-11-05")["magnesium-glycinate"]
    assert figures(entry) == {
        "expected_doses": 5,
        "taken_doses": 4,
        "counted_doses": 3,
        "skipped_doses": 1,
        "missed_doses": 1,
        "adherence": 0.6,
        "days_expected": 5,
        "days_covered": 3,
        "on_time": 1,
        "total_amount": 900,
        "days_in_range": 2,
        "days_below_range": 0,
        "days_above_range": 1,
        "doses_out_of_range": None,
        "below_threshold": True,
        "pending_doses": 0,
        "extra_doses": 1,
        "as_needed": None,
        "prn": False,
    }


def test_doses_either_side_of_midnight(medlog: Medlog, clock: Clock) -> None:
    """23:50 belongs to its day (late but on time); 00:10 to the next (12 h from its slot);
    at 23:59 the third day's 23:00 dose is still within its window: pending, not missed."""
    clock("2026-11-03T23:59")
    ok(
        medlog(
            "add",
            "vitamin d",
            "--dose",
            "50mcg",
            "--schedule",
            "daily 23:00",
            "--start",
            "2026-11-01",
        )
    )
    ok(medlog("take", "vitamin d", "--at", "2026-11-01T23:50"))
    ok(medlog("take", "vitamin d", "--at", "2026-11-02T00:10"))
    entry = report_items(medlog, "2026-11-01", "2026-11-03")["vitamin-d"]
    assert figures(entry) == {
        "expected_doses": 2,
        "taken_doses": 2,
        "counted_doses": 2,
        "skipped_doses": 0,
        "missed_doses": 0,
        "adherence": 1,
        "days_expected": 2,
        "days_covered": 2,
        "on_time": 0.5,
        "total_amount": 100,
        "days_in_range": 2,
        "days_below_range": 0,
        "days_above_range": 0,
        "doses_out_of_range": None,
        "below_threshold": False,
        "pending_doses": 1,
        "extra_doses": 0,
        "as_needed": None,
        "prn": False,
    }
    assert entry["range"]["min"] is None and entry["range"]["max"] == 100


def test_every_two_days_with_a_dose_a_day_late(medlog: Medlog, clock: Clock) -> None:
    """Expected on days 1, 3, 5 from the start; the dose on day 4, a day with no slot of its
    own, counts for day 3 (late, not on time, not extra). The three days with a dose are
    judged against the range: amounts stay on the day they were taken."""
    clock("2026-11-06T20:00")
    ok(
        medlog(
            "add",
            "iron",
            "--dose",
            "18mg",
            "--schedule",
            "every 2 days 08:00",
            "--start",
            "2026-11-01",
        )
    )
    for day in ("01", "04", "05"):
        ok(medlog("take", "iron", "--at", f"2026-11-{day}T08:00"))
    entry = report_items(medlog, "2026-11-01", "2026-11-06")["iron"]
    assert figures(entry) == {
        "expected_doses": 3,
        "taken_doses": 3,
        "counted_doses": 3,
        "skipped_doses": 0,
        "missed_doses": 0,
        "adherence": 1,
        "days_expected": 3,
        "days_covered": 3,
        "on_time": 0.6667,
        "total_amount": 54,
        "days_in_range": 3,
        "days_below_range": 0,
        "days_above_range": 0,
        "doses_out_of_range": None,
        "below_threshold": False,
        "pending_doses": 0,
        "extra_doses": 0,
        "as_needed": None,
        "prn": False,
    }
    assert (entry["late_doses"], entry["early_doses"]) == (1, 0)


def test_monday_wednesday_friday(medlog: Medlog, clock: Clock) -> None:
    """Only Mon, Wed, Fri are expected; with Friday's dose not taken, Thursday's counts for it
    a day early (Wednesday's own dose answers Wednesday)."""
    clock("2026-11-08T20:00")
    ok(
        medlog(
            "add",
            "zinc",
            "--dose",
            "15mg",
            "--schedule",
            "mon,wed,fri 09:00",
            "--start",
            "2026-11-02",
        )
    )
    for when in ("2026-11-02T09:10", "2026-11-04T09:00", "2026-11-05T09:00"):
        ok(medlog("take", "zinc", "--at", when))
    entry = report_items(medlog, "2026-11-02", "2026-11-08")["zinc"]
    assert figures(entry) == {
        "expected_doses": 3,
        "taken_doses": 3,
        "counted_doses": 3,
        "skipped_doses": 0,
        "missed_doses": 0,
        "adherence": 1,
        "days_expected": 3,
        "days_covered": 3,
        "on_time": 0.6667,
        "total_amount": 45,
        "days_in_range": 3,
        "days_below_range": 0,
        "days_above_range": 0,
        "doses_out_of_range": None,
        "below_threshold": False,
        "pending_doses": 0,
        "extra_doses": 0,
        "as_needed": None,
        "prn": False,
    }
    assert (entry["late_doses"], entry["early_doses"]) == (0, 1)


def test_as_needed_too_soon_and_over_the_daily_maximum(medlog: Medlog, clock: Clock) -> None:
    """PRN expects nothing: adherence is null; use, days over max and too-soon are counted."""
    clock("2026-11-03T20:00")
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
            "--range",
            "none",
        )
    )
    for when in (
        "2026-11-01T08:00",
        "2026-11-01T10:00",
        "2026-11-02T08:00",
        "2026-11-02T13:00",
        "2026-11-02T18:00",
    ):
        ok(medlog("take", "ibuprofen", "--at", when))
    entry = report_items(medlog, "2026-11-01", "2026-11-03")["ibuprofen"]
    assert figures(entry) == {
        "expected_doses": 0,
        "taken_doses": 5,
        "counted_doses": 0,
        "skipped_doses": 0,
        "missed_doses": 0,
        "adherence": None,
        "days_expected": 0,
        "days_covered": 0,
        "on_time": None,
        "total_amount": 1000,
        **NULL_RANGE,
        "below_threshold": False,
        "pending_doses": 0,
        "extra_doses": 0,
        "as_needed": {
            "doses": 5,
            "per_week": 11.67,
            "days_over_max": 1,
            "too_soon": 1,
            "doses_after_stop": 0,
            "days_over_24h_amount": 0,
            "doses_over_dose_max": 0,
        },
        "prn": True,
    }
    assert entry["range"] is None


def test_stopped_and_resumed(medlog: Medlog, clock: Clock) -> None:
    """Nothing is expected between the stop and the resume."""
    clock("2026-11-03T22:00")
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
    ok(medlog("stop", "magnesium glycinate", "--on", "2026-11-04"))
    ok(medlog("resume", "magnesium glycinate", now="2026-11-06T08:00"))
    clock("2026-11-07T22:00")
    for day in ("01", "02", "03", "06", "07"):
        ok(medlog("take", "magnesium glycinate", "--at", f"2026-11-{day}T21:00"))
    entry = report_items(medlog, "2026-11-01", "2026-11-07")["magnesium-glycinate"]
    assert figures(entry) == {
        "expected_doses": 5,
        "taken_doses": 5,
        "counted_doses": 5,
        "skipped_doses": 0,
        "missed_doses": 0,
        "adherence": 1,
        "days_expected": 5,
        "days_covered": 5,
        "on_time": 1,
        "total_amount": 1000,
        "days_in_range": 5,
        "days_below_range": 0,
        "days_above_range": 0,
        "doses_out_of_range": None,
        "below_threshold": False,
        "pending_doses": 0,
        "extra_doses": 0,
        "as_needed": None,
        "prn": False,
    }


@pytest.mark.parametrize(
    ("zone_name", "first", "change"),
    [
        ("America/New_York", "2026-10-29", "2026-11-01"),
        ("Europe/London", "2026-10-22", "2026-10-25"),
    ],
)
def test_a_week_across_a_dst_change(
    medlog: Medlog,
    zone: Callable[[str], None],
    zone_name: str,
    first: str,
    change: str,
    clock: Clock,
) -> None:
    """08:00 doses every day of a week with a clock change are all on time, one per day."""
    from datetime import date, timedelta

    zone(zone_name)
    start = date.fromisoformat(first)
    last = start + timedelta(days=6)
    clock(f"{last}T20:00")
    ok(
        medlog(
            "add",
            "lexapro",
            "--dose",
            "10mg",
            "--schedule",
            "daily 08:00",
            "--start",
            first,
        )
    )
    for offset in range(7):
        ok(medlog("take", "lexapro", "--at", f"{start + timedelta(days=offset)}T08:00"))
    entry = report_items(medlog, first, str(last))["lexapro"]
    assert figures(entry) == {
        "expected_doses": 7,
        "taken_doses": 7,
        "counted_doses": 7,
        "skipped_doses": 0,
        "missed_doses": 0,
        "adherence": 1,
        "days_expected": 7,
        "days_covered": 7,
        "on_time": 1,
        "total_amount": 70,
        "days_in_range": 7,
        "days_below_range": 0,
        "days_above_range": 0,
        "doses_out_of_range": None,
        "below_threshold": False,
        "pending_doses": 0,
        "extra_doses": 0,
        "as_needed": None,
        "prn": False,
    }
    history = json.loads(
        ok(medlog("history", "--since", first, "--until", str(last), "--format", "json")).stdout
    )["events"]
    offsets = {event["at"][:10]: event["at"][19:] for event in history}
    assert offsets[change] != offsets[first]


def test_a_dose_logged_with_another_zones_offset(medlog: Medlog, clock: Clock) -> None:
    """Each dose belongs to the day of its own wall time, whatever the local zone says."""
    clock("2026-11-02T20:00")
    ok(
        medlog(
            "add",
            "lexapro",
            "--dose",
            "10mg",
            "--schedule",
            "daily 08:00",
            "--start",
            "2026-11-01",
        )
    )
    ok(medlog("take", "lexapro", "--at", "2026-11-01T23:30:00-05:00"))  # Nov 2 04:30 in UTC
    ok(medlog("take", "lexapro", "--at", "2026-11-02T08:00:00+09:00"))  # Nov 1 23:00 in UTC
    entry = report_items(medlog, "2026-11-01", "2026-11-02")["lexapro"]
    assert figures(entry) == {
        "expected_doses": 2,
        "taken_doses": 2,
        "counted_doses": 2,
        "skipped_doses": 0,
        "missed_doses": 0,
        "adherence": 1,
        "days_expected": 2,
        "days_covered": 2,
        "on_time": 0.5,
        "total_amount": 20,
        "days_in_range": 2,
        "days_below_range": 0,
        "days_above_range": 0,
        "doses_out_of_range": None,
        "below_threshold": False,
        "pending_doses": 0,
        "extra_doses": 0,
        "as_needed": None,
        "prn": False,
    }


def test_a_per_dose_range_counts_doses_outside(medlog: Medlog, clock: Clock) -> None:
    """With a per-dose range each dose is judged; day counts are null."""
    clock("2026-11-02T23:00")
    ok(
        medlog(
            "add",
            "melatonin",
            "--kind",
            "supplement",
            "--dose",
            "1mg",
            "--schedule",
            "daily 22:00",
            "--range",
            "0.5-3mg/dose",
            "--start",
            "2026-11-01",
        )
    )
    ok(medlog("take", "melatonin", "--at", "2026-11-01T22:00"))
    ok(medlog("take", "melatonin", "5mg", "--at", "2026-11-02T22:00"))
    entry = report_items(medlog, "2026-11-01", "2026-11-02")["melatonin"]
    assert (entry["days_in_range"], entry["doses_out_of_range"]) == (None, 1)
    assert entry["range"]["per"] == "dose"


@pytest.fixture
def month(medlog: Medlog, tmp_path: Any) -> None:
    """The demo's month in the test store (MEDLOG_HOME)."""
    import os

    ok(medlog("--home", os.environ["MEDLOG_HOME"], "demo"))


def test_table_flags_and_strips(
    medlog: Medlog, month: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table names items, flags under 80 %, shows a calendar strip and a legend."""
    monkeypatch.setenv("COLUMNS", "200")  # wide enough that no cell wraps
    out = ok(medlog("report")).stdout
    assert "Report 2026-10-29 to 2026-11-27 (30 days)" in out
    assert "(below 80%)" in out
    assert "Calendar, one mark a day" in out and "# all taken" in out
    assert "Outside the documented range" in out and "(above)" in out
    assert "\x1b[" not in out


def test_csv_and_md_match_the_json(medlog: Medlog, month: None) -> None:
    """CSV has a header and one row per item with the JSON's figures; md has the tables."""
    document = json.loads(ok(medlog("report", "--format", "json")).stdout)
    rows = list(
        csv.DictReader(io.StringIO(ok(medlog("report", "--format", "csv")).stdout, newline=""))
    )
    assert [row["item"] for row in rows] == [entry["item"] for entry in document["items"]]
    for row, entry in zip(rows, document["items"], strict=True):
        assert row["counted_doses"] == str(entry["counted_doses"])
        assert row["range_source"] == (entry["range"]["source"] if entry["range"] else "")
    md = ok(medlog("report", "--format", "md")).stdout
    assert md.startswith("# Medication summary\n\n2026-10-29 to 2026-11-27 (30 days).")
    assert "| Item | Adherence |" in md and "```text" in md


def test_item_filter_and_days(medlog: Medlog, month: None) -> None:
    """--item keeps one item; --days 7 is the week ending today."""
    document = json.loads(
        ok(medlog("report", "--item", "lexapro", "--days", "7", "--format", "json")).stdout
    )
    assert [entry["item"] for entry in document["items"]] == ["lexapro"]
    assert document["period"] == {"since": "2026-11-21", "until": "2026-11-27", "days": 7}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--since", "2026-11-20", "--until", "2026-11-10"), "after --until"),
        (("--since", "someday"), "not a day"),
        (("--days", "0"), "--days"),
        (("--days", "7", "--since", "2026-11-01"), "--days"),
        (("--format", "pdf"), "Invalid value"),
        (("--item", "nothing"), "no item named"),
        (("--days", "x"), "Invalid value"),
    ],
)
def test_bad_periods_are_exit_2(
    medlog: Medlog, month: None, args: tuple[str, ...], words: str
) -> None:
    """Malformed or reversed periods are refused with exit 2 and a sentence."""
    result = medlog("report", *args)
    assert result.exit_code == 2
    assert words in result.stderr


def test_empty_store_report(medlog: Medlog) -> None:
    """A report with no items says so in every format."""
    assert "No items" in ok(medlog("report")).stdout
    assert json.loads(ok(medlog("report", "--format", "json")).stdout)["items"] == []
    assert "No items" in ok(medlog("report", "--format", "md")).stdout


def lexapro_from(medlog: Medlog, start: str) -> None:
    """Lexapro 10 mg daily at 08:00 from ``start``."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start", start))


def lexapro_entry(medlog: Medlog, *args: str) -> dict[str, Any]:
    """The JSON report's Lexapro entry."""
    document = json.loads(ok(medlog("report", "--format", "json", *args)).stdout)
    return {entry["item"]: entry for entry in document["items"]}["lexapro"]  # type: ignore[no-any-return]


def test_before_the_morning_dose_nothing_is_missed(medlog: Medlog, clock: Clock) -> None:
    """At 07:50, with every earlier dose taken, today's 08:00 dose is pending, not missed
    (issue 9)."""
    clock("2026-11-27T07:50")
    lexapro_from(medlog, "2026-11-01")
    for day in range(1, 27):
        ok(medlog("take", "lexapro", "--at", f"2026-11-{day:02d}T08:00"))
    entry = lexapro_entry(medlog)
    assert (entry["adherence"], entry["missed_doses"], entry["pending_doses"]) == (1, 0, 1)
    assert entry["expected_doses"] == 26
    table = ok(medlog("report")).stdout
    assert "100.0%" in table and "Not yet due, so neither counted nor missed: Lexapro 1" in table
    calendar = next(line for line in table.splitlines() if "Nov 2026" in line)
    assert calendar.rstrip().endswith("#-")
    assert "- not yet due" in table


def test_days_after_today_are_not_counted(medlog: Medlog, clock: Clock) -> None:
    """A period running past today expects nothing after now: 1 dose taken is 100 % (issue 9)."""
    clock("2026-11-27T09:00")
    lexapro_from(medlog, "2026-11-20")
    ok(medlog("take", "lexapro", "--at", "08:00"))
    entry = lexapro_entry(medlog, "--since", "2026-11-27", "--until", "2026-12-06")
    assert (entry["expected_doses"], entry["missed_doses"], entry["adherence"]) == (1, 0, 1)


def test_a_double_dose_warns_and_shows_in_every_report(medlog: Medlog, clock: Clock) -> None:
    """A second 10 mg on a once-daily regimen warns at once and is counted as extra (issue 9)."""
    clock("2026-11-27T08:30")
    lexapro_from(medlog, "2026-11-20")
    ok(medlog("take", "lexapro", "--at", "08:00"))
    second = ok(medlog("take", "lexapro"))
    assert second.stderr == (
        "Warning: This is the 2nd dose of Lexapro today; the regimen has one, at 08:00. "
        "If you did not take it: medlog undo. If you took it, leave it logged: your clinician "
        "should see it.\n"
    )
    assert lexapro_entry(medlog)["extra_doses"] == 1
    assert "Extra doses\n  Lexapro: 2026-11-27 (2 taken, 1 expected)" in ok(medlog("report")).stdout
    markdown = ok(medlog("report", "--format", "md")).stdout
    assert "## Extra doses" in markdown and "2026-11-27 (2 taken, 1 expected)" in markdown
    html = ok(medlog("report", "--format", "html")).stdout
    assert "<h2>Extra doses</h2>" in html
    rows = list(csv.DictReader(io.StringIO(ok(medlog("report", "--format", "csv")).stdout)))
    assert rows[0]["extra_doses"] == "1"


def test_on_time_counts_a_dose_near_a_slot_still_open(medlog: Medlog) -> None:
    """08:00,20:00; a dose at 19:00; at 21:00 it is on time (for 20:00), as at 22:00 (an outside
    attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00,20:00",
              "--start", "2026-11-27", now="2026-11-27T07:00"))  # fmt: skip
    ok(medlog("take", "lexapro", now="2026-11-27T19:00"))
    for now in ("2026-11-27T21:00", "2026-11-27T22:30"):
        item = json.loads(ok(medlog("report", "--format", "json", now=now)).stdout)["items"][0]
        assert item["on_time"] == 1, now


def test_the_default_window_keeps_the_baseline(
    medlog: Medlog, month: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two weeks after the demo month, the default 30 days no longer hold the first PHQ-9 and
    GAD-7: every format still shows each as the baseline and says earlier entries exist and
    how to include them (issue 24)."""
    later = "2026-12-10T09:00"
    earlier = (
        "Entries go back to 2026-10-29, before this period: medlog report --since start "
        "includes them."
    )
    baseline = "PHQ-9 2026-10-29: 11 of 27 (moderate), before this period: its baseline"
    monkeypatch.setenv("COLUMNS", "400")  # one sentence a line
    table = ok(medlog("report", now=later)).stdout
    markdown = ok(medlog("report", "--format", "md", now=later)).stdout
    html = ok(medlog("report", "--format", "html", now=later)).stdout
    for text in (table, markdown, html):
        assert earlier in text and baseline in text
        assert "GAD-7 2026-10-29: 9 of 21 (mild), before this period" in text
    document = json.loads(ok(medlog("report", "--format", "json", now=later)).stdout)
    assert document["first_entry"] == "2026-10-29"
    assert document["checkins"]["baselines"]["phq9"] == {
        "date": "2026-10-29", "total": 11, "band": "moderate",
    }  # fmt: skip
    phq9_chart = html[html.index("PHQ-9 (0-27") : html.index("GAD-7 (0-21")]
    assert "2026-10-29: 11</title>" in phq9_chart


def test_since_start_reaches_the_first_entry(medlog: Medlog, month: None) -> None:
    """--since start covers from the first entry, in report and history alike, and then no
    earlier entries are said to exist."""
    later = "2026-12-10T09:00"
    document = json.loads(
        ok(medlog("report", "--since", "start", "--format", "json", now=later)).stdout
    )
    assert document["period"]["since"] == "2026-10-29"
    assert document["checkins"]["baselines"] == {}
    markdown = ok(medlog("report", "--since", "Start", "--format", "md", now=later)).stdout
    assert "Entries go back" not in markdown
    history = json.loads(
        ok(medlog("history", "--since", "start", "--format", "json", now=later)).stdout
    )
    assert history["period"]["since"] == "2026-10-29"


def test_month_words_are_refused_with_the_store_unchanged(
    medlog: Medlog, month: None, home: Any
) -> None:
    """--since "last month" is exit 2 with a sentence saying why and what to type."""
    from tests.conftest import snapshot

    before = snapshot(home)
    result = medlog("report", "--since", "last month")
    assert result.exit_code == 2 and result.stdout == ""
    assert "means different things to different people" in result.stderr
    assert "30 days ago" in result.stderr
    assert snapshot(home) == before


def test_a_one_day_period_says_1_day(medlog: Callable[..., Run]) -> None:
    """A report of one day said "(1 days)" (outside attack, finding 8): table, Markdown and
    HTML say "(1 day)", and 2 days stay plural."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    assert "(1 day), generated" in ok(medlog("report", "--days", "1")).stdout
    assert "(1 day). Generated" in ok(medlog("report", "--days", "1", "--format", "md")).stdout
    assert "(1 day). " in ok(medlog("report", "--days", "1", "--format", "html")).stdout
    assert "(2 days), generated" in ok(medlog("report", "--days", "2")).stdout
