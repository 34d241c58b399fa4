"""Doses that belong to another day (issue 20): a weekly dose taken a day or two late or early
counts for its slot, a bedtime dose after midnight covers last night, and a slot closes at the
minute after its time plus the on-time window, on the wall clock of its day."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from medlog.export.day_marks import mark_shape
from tests.conftest import Run, ok

Medlog = Callable[..., Run]

# 2026-11-21 is a Saturday.
SATURDAY, SUNDAY, MONDAY, TUESDAY = "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"


def weekly(medlog: Medlog) -> None:
    """Alendronate 70 mg every Saturday at 08:00 from November 1st."""
    ok(medlog("add", "Alendronate", "--kind", "rx", "--dose", "70mg", "--schedule",
              "weekly sat 08:00", "--start", "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip


def entry(medlog: Medlog, key: str, now: str, since: str = "2026-11-15") -> dict[str, Any]:
    """The item's figures in the JSON report from ``since`` to today."""
    document = json.loads(
        ok(medlog("report", "--since", since, "--format", "json", now=now)).stdout
    )
    return {item["item"]: item for item in document["items"]}[key]  # type: ignore[no-any-return]


def counts(figures: dict[str, Any]) -> tuple[Any, ...]:
    """(expected, counted, missed, extra, adherence, on_time, late, early)."""
    return tuple(
        figures[key]
        for key in ("expected_doses", "counted_doses", "missed_doses", "extra_doses",
                    "adherence", "on_time", "late_doses", "early_doses")
    )  # fmt: skip


def calendar_line(medlog: Medlog, now: str) -> str:
    """The report calendar's November row."""
    table = ok(medlog("report", "--since", "2026-11-15", now=now)).stdout
    return next(line for line in table.splitlines() if "Nov 2026" in line).rstrip()


# A weekly dose taken late or early ----------------------------------------------------------


def test_a_weekly_dose_a_day_late_counts_for_saturday(medlog: Medlog) -> None:
    """Due Saturday, taken Sunday: counted for Saturday, late, not on time, not extra; take
    says so; the calendar marks Saturday late and Sunday nothing expected."""
    weekly(medlog)
    taken = ok(medlog("take", "alendronate", now=f"{SUNDAY}T09:00"))
    assert taken.stdout == (
        "Logged Alendronate 70 mg at 09:00 today; day total 70 mg (no documented range). "
        "It counts for Saturday's dose (1 day late).\n"
    )
    assert taken.stderr == ""
    figures = entry(medlog, "alendronate", f"{SUNDAY}T09:05")
    assert counts(figures) == (1, 1, 0, 0, 1, 0, 1, 0)
    assert (figures["taken_doses"], figures["days_covered"], figures["total_amount"]) == (1, 1, 70)
    assert calendar_line(medlog, f"{SUNDAY}T09:05").endswith(".l.")
    report = ok(medlog("report", "--since", "2026-11-15", now=f"{SUNDAY}T09:05")).stdout
    assert "Taken late or early\n  Alendronate: 2026-11-21 taken 2026-11-22 (1 day late)" in report
    assert "Extra doses" not in report


def test_a_weekly_dose_two_days_late_still_counts(medlog: Medlog) -> None:
    """Due Saturday, taken Monday: counted for Saturday, two days late."""
    weekly(medlog)
    taken = ok(medlog("take", "alendronate", "--at", f"{MONDAY}T08:30", now=f"{MONDAY}T10:00"))
    assert taken.stdout.endswith("It counts for Saturday's dose (2 days late).\n")
    assert counts(entry(medlog, "alendronate", f"{MONDAY}T10:00")) == (1, 1, 0, 0, 1, 0, 1, 0)


def test_a_weekly_dose_three_days_late_is_missed_and_extra(medlog: Medlog) -> None:
    """Due Saturday, taken Tuesday: too far; Saturday is missed and the dose is extra."""
    weekly(medlog)
    taken = ok(medlog("take", "alendronate", now=f"{TUESDAY}T09:00"))
    assert "counts for" not in taken.stdout
    assert "expects no dose today (weekly sat 08:00); this one is extra" in taken.stderr
    assert counts(entry(medlog, "alendronate", f"{TUESDAY}T09:05")) == (1, 0, 1, 1, 0, None, 0, 0)
    assert calendar_line(medlog, f"{TUESDAY}T09:05").endswith(".x..o")


def test_a_double_dose_on_the_slot_day_stays_extra(medlog: Medlog) -> None:
    """Two doses on Saturday and one on Sunday: Saturday's own dose answers it, so the second
    Saturday dose and the Sunday dose are both extra (a dose on a slot day never moves)."""
    weekly(medlog)
    for when in (f"{SATURDAY}T08:00", f"{SATURDAY}T20:00", f"{SUNDAY}T08:00"):
        ok(medlog("take", "alendronate", "--at", when, now=f"{SUNDAY}T09:00"))
    assert counts(entry(medlog, "alendronate", f"{SUNDAY}T09:00")) == (1, 1, 0, 2, 1, 1, 0, 0)


def test_a_weekly_dose_a_day_early_counts_once_saturday_has_passed(medlog: Medlog) -> None:
    """Taken Friday: extra while Saturday's slot is still open, then early for Saturday once
    it closes with no dose of its own."""
    weekly(medlog)
    ok(medlog("take", "alendronate", "--at", "2026-11-20T08:00", now="2026-11-20T08:05"))
    before = entry(medlog, "alendronate", f"{SATURDAY}T09:00")
    assert (before["pending_doses"], before["extra_doses"], before["early_doses"]) == (1, 1, 0)
    after = entry(medlog, "alendronate", f"{SATURDAY}T10:01")
    assert counts(after) == (1, 1, 0, 0, 1, 0, 0, 1)
    assert calendar_line(medlog, f"{SATURDAY}T10:01").endswith(".e")


def test_today_shows_saturday_missed_and_still_answerable_until_two_days_pass(
    medlog: Medlog,
) -> None:
    """Sunday and Monday show Saturday's dose as missed, as the report counts it, and that a
    dose now counts for it (due exits 1 with a missed line); once taken, as taken late; on
    Tuesday it is no longer offered."""
    weekly(medlog)
    sunday = ok(medlog("today", now=f"{SUNDAY}T09:00")).stdout
    assert "Alendronate   Sat 08:00   missed; a dose now counts late   70 mg" in sunday
    assert "Yesterday's" not in sunday
    due = medlog("due", now=f"{SUNDAY}T09:00")
    assert (due.exit_code, due.stdout) == (1, "missed   Sat 08:00  Alendronate 70 mg\n")
    assert "missed; a dose now counts late" in ok(medlog("today", now=f"{MONDAY}T09:00")).stdout
    tuesday = ok(medlog("today", now=f"{TUESDAY}T09:00")).stdout
    assert "late" not in tuesday and "nothing expected today" in tuesday
    assert medlog("due", now=f"{TUESDAY}T09:00").exit_code == 0
    ok(medlog("take", "alendronate", now=f"{MONDAY}T09:00"))
    monday = ok(medlog("today", now=f"{MONDAY}T09:05")).stdout
    assert "Alendronate   Sat 08:00   taken 09:00 (2 days late)   70 mg" in monday
    assert medlog("due", now=f"{MONDAY}T09:05").exit_code == 0


def test_skipping_a_dose_already_taken_late_changes_nothing(medlog: Medlog) -> None:
    """Saturday's dose taken on Sunday, then a skip logged for Saturday: nothing was due."""
    weekly(medlog)
    ok(medlog("take", "alendronate", now=f"{SUNDAY}T09:00"))
    skipped = ok(medlog("skip", "alendronate", "--at", f"{SATURDAY}T08:00", now=f"{SUNDAY}T09:05"))
    assert "Nothing of Alendronate was still due on 2026-11-21" in skipped.stderr


def test_late_and_early_doses_in_csv_markdown_and_html(medlog: Medlog, home: Any) -> None:
    """The CSV's last item columns, the Markdown summary and the HTML calendar carry them."""
    weekly(medlog)
    ok(medlog("take", "alendronate", now=f"{SUNDAY}T09:00"))
    now = f"{SUNDAY}T09:05"
    rows = ok(medlog("report", "--since", "2026-11-15", "--format", "csv", now=now)).stdout
    header, row = (line.split(",") for line in rows.splitlines()[:2])
    assert dict(zip(header, row, strict=True))["late_doses"] == "1"
    assert header[-3:] == ["late_doses", "early_doses", "item9_alerts"]
    markdown = ok(medlog("report", "--since", "2026-11-15", "--format", "md", now=now)).stdout
    assert "- Alendronate: 2026-11-21 taken 2026-11-22 (1 day late)" in markdown
    html = ok(medlog("report", "--since", "2026-11-15", "--format", "html", now=now)).stdout
    assert "Sat 2026-11-21: taken late" in html and mark_shape("late") in html


# After midnight -------------------------------------------------------------------------


def bedtime(medlog: Medlog) -> None:
    """A 25 mg bedtime dose at 23:00 from November 26th."""
    ok(medlog("add", "Nightcap", "--kind", "rx", "--dose", "25mg", "--schedule", "daily 23:00",
              "--start", "2026-11-26", now="2026-11-26T12:00"))  # fmt: skip


def test_a_bedtime_dose_after_midnight_covers_last_night(medlog: Medlog) -> None:
    """23:00 taken at 00:30: last night's dose, on time; tonight's own dose is not extra."""
    bedtime(medlog)
    waiting = ok(medlog("today", now="2026-11-27T00:20")).stdout
    assert "Nightcap   Thu 23:00   due" in waiting
    taken = ok(medlog("take", "nightcap", now="2026-11-27T00:30"))
    assert taken.stdout.endswith("It counts for last night's 23:00 dose.\n")
    assert taken.stderr == ""
    ok(medlog("take", "nightcap", "--at", "2026-11-27T22:55", now="2026-11-27T22:56"))
    figures = entry(medlog, "nightcap", "2026-11-28T12:00", since="2026-11-26")
    assert counts(figures) == (2, 2, 0, 0, 1, 1, 0, 0)


def test_a_dose_after_the_night_window_is_the_new_day_s(medlog: Medlog) -> None:
    """23:00 taken at 01:01: the window has closed; last night is missed, the dose is today's."""
    bedtime(medlog)
    taken = ok(medlog("take", "nightcap", now="2026-11-27T01:01"))
    assert "counts for" not in taken.stdout
    figures = entry(medlog, "nightcap", "2026-11-28T12:00", since="2026-11-26")
    assert counts(figures) == (2, 1, 1, 0, 0.5, 0, 0, 0)


# The slot's closing minute, on the wall clock of its day -------------------------------------


def lexapro(medlog: Medlog, schedule: str, start: str, now: str) -> None:
    """Lexapro 10 mg on ``schedule`` from ``start``."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", schedule, "--start", start,
              now=now))  # fmt: skip


def pending_missed(medlog: Medlog, now: str, since: str) -> tuple[int, int]:
    """Lexapro's (pending, missed) doses in the report at ``now``."""
    figures = entry(medlog, "lexapro", now, since=since)
    return figures["pending_doses"], figures["missed_doses"]


def test_a_slot_is_open_through_its_closing_minute(medlog: Medlog) -> None:
    """08:00 with a 2 h window: pending at 10:00 and 10:00:59 (a dose then is on time), missed
    from 10:01; due says overdue only then."""
    lexapro(medlog, "daily 08:00", "2026-11-27", "2026-11-27T07:00")
    for now, expected in (("10:00", (1, 0)), ("10:00:59", (1, 0)), ("10:01", (0, 1))):
        assert pending_missed(medlog, f"2026-11-27T{now}", "2026-11-27") == expected
    assert medlog("due", now="2026-11-27T10:00").exit_code == 0
    assert medlog("due", now="2026-11-27T10:01").exit_code == 1
    ok(medlog("take", "lexapro", now="2026-11-27T10:00:30"))
    assert entry(medlog, "lexapro", "2026-11-27T12:00", since="2026-11-27")["on_time"] == 1


def test_a_spring_forward_does_not_stretch_the_window(medlog: Medlog, zone: Any) -> None:
    """New York, 2026-03-08: 01:30 + 2 h closes at 03:30 on the wall clock (one hour of real
    time after the jump), not at 04:30."""
    zone("America/New_York")
    lexapro(medlog, "daily 01:30", "2026-03-08", "2026-03-07T12:00")
    assert pending_missed(medlog, "2026-03-08T03:30", "2026-03-08") == (1, 0)
    assert pending_missed(medlog, "2026-03-08T03:31", "2026-03-08") == (0, 1)


def test_a_fall_back_does_not_shrink_the_window(medlog: Medlog, zone: Any) -> None:
    """New York, 2026-11-01: 00:30 + 2 h closes at 02:30 on the wall clock (three hours of real
    time, the clock going back at 02:00), not at 01:30 after the change."""
    zone("America/New_York")
    lexapro(medlog, "daily 00:30", "2026-11-01", "2026-10-31T12:00")
    assert pending_missed(medlog, "2026-11-01T02:00", "2026-11-01") == (1, 0)
    assert pending_missed(medlog, "2026-11-01T02:30", "2026-11-01") == (1, 0)
    assert pending_missed(medlog, "2026-11-01T02:31", "2026-11-01") == (0, 1)


def test_a_second_dose_minutes_after_a_late_one_is_said(medlog: Medlog) -> None:
    """A bedtime dose at 00:30 covers last night; another at 00:40 counts for tonight's slot,
    so it is not extra, yet two doses ten minutes apart are a double dose (outside attack,
    finding 2): take says so, with how to undo, and logs it as typed."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 23:00", "--start",
              "2026-11-20", now="2026-11-20T09:00"))  # fmt: skip
    late = ok(medlog("take", "lexapro", "--at", "00:30", now="2026-11-27T00:50"))
    assert late.stderr == ""
    second = ok(medlog("take", "lexapro", "--at", "00:40", now="2026-11-27T00:50"))
    assert " ".join(second.stderr.split()) == (
        "Warning: This dose of Lexapro is 10m after the one at 00:30 Fri 27 Nov, which counts "
        "for the 23:00 dose of Thu 26 Nov; this one counts for the 23:00 dose of Fri 27 Nov. "
        "If you did not take it: medlog undo. If you took it, leave it logged: your clinician "
        "should see it."
    )
    tonight = ok(medlog("take", "lexapro", "--at", "23:00", now="2026-11-28T23:05"))
    assert tonight.stderr == ""


def test_today_due_and_report_agree_that_a_late_weekly_slot_is_missed(medlog: Medlog) -> None:
    """The day after a weekly slot, the report counted it missed while today said "late"
    (outside attack, finding 4): DESIGN.md's definition rules (a closed slot with no dose is
    missed), so today and due say missed too, and that a dose now still counts for it."""
    weekly(medlog)
    figures = entry(medlog, "alendronate", f"{SUNDAY}T09:00")
    assert (figures["missed_doses"], figures["pending_doses"]) == (1, 0)
    today = ok(medlog("today", now=f"{SUNDAY}T09:00")).stdout
    assert "missed; a dose now counts late" in today and "late, not" not in today
    short = ok(medlog("due", "--short", now=f"{SUNDAY}T09:00")).stdout
    assert short == "Alendronate missed Sat 08:00\n"


def test_take_due_answers_a_late_weekly_slot(medlog: Medlog) -> None:
    """`take --due` the day after a weekly slot logs the dose that counts for it, late (it
    said nothing was due; outside attack, finding 4); a second --due then finds nothing."""
    weekly(medlog)
    taken = ok(medlog("take", "--due", "--yes", now=f"{SUNDAY}T09:00"))
    assert "It counts for Saturday's dose (1 day late)." in taken.stdout
    assert counts(entry(medlog, "alendronate", f"{SUNDAY}T09:05"))[:4] == (1, 1, 0, 0)
    again = medlog("take", "--due", "--yes", now=f"{SUNDAY}T09:05")
    assert "Nothing is due" in again.stdout + again.stderr
    today = ok(medlog("today", now=f"{SUNDAY}T09:00")).stdout
    assert "taken 09:00 (1 day late)" in today and "missed;" not in today
