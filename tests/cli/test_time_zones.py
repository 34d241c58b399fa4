"""DST changes, a time-zone change (even of more than a day) and a TZ no place uses, through
the command line."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Clock, Run, ok, snapshot

Medlog = Callable[..., Run]
Process = Callable[..., subprocess.CompletedProcess[str]]


def journal_times(home: Path) -> list[str]:
    """The `at` of each journal line."""
    return [json.loads(line)["at"] for line in (home / "journal.jsonl").read_text().splitlines()]


def test_a_week_across_fall_back_in_new_york(
    medlog: Callable[..., Run], home: Path, zone: Callable[[str], None], clock: Clock
) -> None:
    """Doses at 08:00 keep their wall time and the right offset on each side of the change."""
    zone("America/New_York")
    clock("2026-11-04T09:00")
    ok(
        medlog(
            "add",
            "lexapro",
            "--dose",
            "10mg",
            "--schedule",
            "daily 08:00",
            "--start",
            "2026-10-28",
        )
    )
    for day in range(29, 32):
        assert medlog("take", "lexapro", "--at", f"2026-10-{day}T08:00").exit_code == 0
    for day in range(1, 5):
        assert medlog("take", "lexapro", "--at", f"2026-11-0{day}T08:00").exit_code == 0
    times = journal_times(home)
    assert times[2] == "2026-10-31T08:00:00-04:00"
    assert times[3] == "2026-11-01T08:00:00-05:00"
    today = medlog("today")
    assert "taken 08:00" in today.stdout
    assert medlog("due").exit_code == 0


def test_the_fall_back_night_itself(
    medlog: Callable[..., Run], zone: Callable[[str], None], home: Path
) -> None:
    """01:30 happens twice on fall-back night; medlog logs the first without crashing."""
    zone("America/New_York")
    ok(
        medlog(
            "add",
            "melatonin",
            "--kind",
            "supplement",
            "--dose",
            "1mg",
            "--schedule",
            "as needed",
            now="2026-11-01T03:00",
        )
    )
    result = medlog("take", "melatonin", "--at", "01:30", now="2026-11-01T03:00")
    assert result.exit_code == 0, result.stderr
    assert journal_times(home) == ["2026-11-01T01:30:00-04:00"]


def test_spring_forward_gap_resolves_without_crashing(
    medlog: Callable[..., Run], zone: Callable[[str], None], home: Path
) -> None:
    """02:30 on spring-forward night in Europe/London and New York is logged a real instant."""
    zone("Europe/London")
    ok(medlog("add", "melatonin", "--kind", "supplement", "--dose", "1mg", now="2026-03-29T09:00"))
    assert medlog("take", "melatonin", "--at", "01:30", now="2026-03-29T09:00").exit_code == 0
    zone("America/New_York")
    assert (
        medlog(
            "take", "melatonin", "1mg", "--at", "2026-03-08T02:30", now="2026-03-29T09:00"
        ).exit_code
        == 0
    )
    assert journal_times(home) == ["2026-03-29T02:30:00+01:00", "2026-03-08T03:30:00-04:00"]


def test_a_dose_keeps_the_day_it_was_lived_after_travel(
    medlog: Callable[..., Run], zone: Callable[[str], None], home: Path
) -> None:
    """A 23:30 dose in New York stays that New York day's dose after flying to London."""
    zone("America/New_York")
    ok(
        medlog(
            "add",
            "lexapro",
            "--dose",
            "10mg",
            "--schedule",
            "daily 08:00",
            "--start",
            "2026-11-20",
            now="2026-11-26T23:45",
        )
    )
    ok(medlog("take", "lexapro", "--at", "23:30", now="2026-11-26T23:45"))
    zone("Europe/London")
    later = medlog("history", "--format", "json", now="2026-11-27T09:00")
    [event] = json.loads(later.stdout)["events"]
    assert event["at"] == "2026-11-26T23:30:00-05:00"
    today = medlog("today", now="2026-11-27T11:00")
    assert "overdue" in today.stdout  # the New York dose was yesterday's, not today's
    ok(medlog("take", "lexapro", now="2026-11-27T11:05"))
    assert "taken 11:05" in medlog("today", now="2026-11-27T11:10").stdout
    assert journal_times(home)[-1] == "2026-11-27T11:05:00+00:00"


@pytest.mark.parametrize("zone", ["UTC-15", "UTC+13", "XXX-24:59"])
def test_a_time_zone_no_place_uses_is_refused_before_writing(
    medlog_process: Process, home: Path, zone: str
) -> None:
    """TZ=UTC-15 gives +15:00, which medlog refuses to read back: refused before a write (an
    outside attacker's finding)."""
    assert medlog_process("add", "lexapro", "--dose", "10mg").returncode == 0
    before = snapshot(home)
    result = medlog_process("take", "lexapro", env={"TZ": zone})
    assert result.returncode == 2
    assert "gives a UTC offset no zone uses" in result.stderr
    assert snapshot(home) == before
    assert medlog_process("today").returncode == 0


def test_a_zone_jump_of_more_than_a_day_keeps_today_and_the_report_agreeing(
    medlog: Medlog, zone: Callable[[str], None]
) -> None:
    """Logged in Chatham (+13:45), read in Pago Pago (-11:00): today still sees the dose (an
    outside attacker's finding)."""
    zone("Pacific/Chatham")
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-20",
              now="2026-11-27T00:10"))  # fmt: skip
    ok(medlog("take", "lexapro", now="2026-11-27T00:10"))
    zone("Pacific/Pago_Pago")
    today = ok(medlog("today", now="2026-11-27T22:00")).stdout
    assert "taken" in today
    again = ok(medlog("take", "lexapro", now="2026-11-27T22:00"))
    assert "2nd dose" in again.stderr
