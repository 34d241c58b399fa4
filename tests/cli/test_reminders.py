"""Reminders without a daemon (issue 23): the shell prompt's line (due --short), desktop
notifications (due --notify) and the timer that runs them (remind)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import Run, ok

Medlog = Callable[..., Run]


@pytest.fixture
def two(medlog: Medlog) -> None:
    """Lexapro at 08:00 and magnesium at 21:00, daily from 2026-11-01."""
    ok(medlog("add", "Lexapro", "--kind", "rx", "--dose", "10mg", "--schedule", "daily 08:00",
              "--start", "2026-11-01"))  # fmt: skip
    ok(medlog("add", "Mg", "--kind", "otc", "--dose", "200mg", "--schedule", "daily 21:00",
              "--start", "2026-11-01"))  # fmt: skip


# due --short ----------------------------------------------------------------------------------


def test_short_names_the_overdue_then_the_next_due(medlog: Medlog, two: None) -> None:
    """One line: what is overdue, then the next dose due; exit 0 even with one overdue."""
    result = medlog("due", "--short", now="2026-11-27T12:00")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "Lexapro overdue 08:00 \u00b7 Mg 21:00\n",
        "",
    )


def test_short_says_nothing_when_all_is_logged(medlog: Medlog, two: None) -> None:
    """Nothing due or overdue: no line at all (a prompt shows nothing)."""
    ok(medlog("take", "lexapro", now="2026-11-27T08:05"))
    ok(medlog("take", "mg", now="2026-11-27T21:05"))
    result = medlog("due", "--short", now="2026-11-27T22:00")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_short_on_an_empty_store_is_silent(medlog: Medlog) -> None:
    """A prompt on a machine with no store yet prints nothing and succeeds."""
    result = medlog("due", "--short")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_short_stays_one_line(medlog: Medlog) -> None:
    """Many doses overdue: still one line, the rest counted."""
    for n in range(5):
        ok(medlog("add", f"item{n}", "--kind", "otc", "--dose", "1mg", "--schedule", "daily 08:00",
                  "--start", "2026-11-01"))  # fmt: skip
    result = ok(medlog("due", "--short", now="2026-11-27T12:00"))
    assert result.stdout == (
        "item0 overdue 08:00 \u00b7 item1 overdue 08:00 \u00b7 item2 overdue 08:00 \u00b7 +2 more\n"
    )


def test_short_names_a_weekly_dose_late(medlog: Medlog) -> None:
    """A weekly dose a day late is named with its weekday."""
    ok(medlog("add", "Alendronate", "--kind", "rx", "--dose", "70mg", "--schedule",
              "weekly sat 08:00", "--start", "2026-11-01", now="2026-11-01T07:00"))  # fmt: skip
    result = ok(medlog("due", "--short", now="2026-11-29T09:00"))
    assert result.stdout == "Alendronate late Sat 08:00\n"


def test_short_and_quiet_together_are_refused(medlog: Medlog, two: None) -> None:
    """--short and --quiet ask for different outputs: exit 2, one sentence."""
    result = medlog("due", "--short", "--quiet")
    assert result.exit_code == 2
    assert "choose one" in result.stderr
