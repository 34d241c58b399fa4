"""--at through the command line: a date alone, a time with another zone's offset, the earliest
documented time, and the times refused (year 9999, impossible offsets, a day not yet begun
here). The grammar itself is tests/unit/test_timeparse.py and tests/unit/test_phrasings.py."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.conftest import Run, ok

Medlog = Callable[..., Run]


def test_a_date_alone_takes_the_items_dose_time(medlog: Medlog, lexapro: None) -> None:
    """`--at yesterday` and `--at "20 Nov"` log at the item's 08:00, not at noon (issue 10)."""
    ok(medlog("take", "lexapro", "--at", "yesterday"))
    ok(medlog("take", "lexapro", "--at", "20 Nov"))
    events = json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]
    assert [event["at"] for event in events] == [
        "2026-11-20T08:00:00+00:00",
        "2026-11-26T08:00:00+00:00",
    ]


def test_a_time_in_another_zone_is_shown_in_that_zone(
    medlog: Medlog, lexapro: None, zone: Callable[[str], None]
) -> None:
    """--at 2026-11-24T08:00Z in New York shows '08:00 UTC', not the local 03:00 (issue 10)."""
    zone("America/New_York")
    result = ok(medlog("take", "lexapro", "--at", "2026-11-24T08:00Z"))
    assert "at 08:00 UTC 2026-11-24;" in result.stdout


def test_1971_is_accepted_as_documented(medlog: Medlog, zone: Callable[[str], None]) -> None:
    """The earliest documented time, 1971-01-01 00:00, is accepted in New York (an outsider's
    finding, issue 8)."""
    zone("America/New_York")
    ok(medlog("add", "x", "--kind", "rx", "--dose", "1mg", "--start", "1971-01-01"))
    ok(medlog("take", "x", "--at", "1971-01-01T00:00"))


@pytest.mark.parametrize(
    "args",
    [
        ["take", "lexapro", "--at", "9999-12-31T23:59"],
        ["take", "lexapro", "--at", "2026-11-27T08:00+23:59"],
        ["report", "--since", "9999-12-31"],
    ],
)
def test_edge_times_are_bad_input(medlog: Medlog, lexapro: None, args: list[str]) -> None:
    """Year 9999 and impossible offsets are exit 2 with a sentence (an outsider's finding, issue
    8)."""
    result = medlog(*args)
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr


def test_a_time_on_a_day_not_yet_begun_here_is_refused(medlog: Medlog) -> None:
    """--at 2026-11-28T08:00+14:00 at 19:00 UTC the day before is exit 2: that day has not begun
    here (an outside attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-20"))
    result = medlog("take", "lexapro", "--at", "2026-11-28T08:00+14:00", now="2026-11-27T19:00")
    assert result.exit_code == 2 and "has not begun here" in result.stderr
