"""Every kind of bad input: exit 2, one clear message, no traceback, a store unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Run, snapshot

HUGE = "x" * 100_000

BAD_INPUTS = [
    # amounts
    ("take", "lexapro", "nan"),
    ("take", "lexapro", "inf"),
    ("take", "lexapro", "1e999"),
    ("take", "lexapro", "-5mg"),
    ("take", "lexapro", "0mg"),
    ("take", "lexapro", "10"),
    ("take", "lexapro", "10", "furlongs"),
    ("take", "lexapro", "1,000mg"),
    ("take", "lexapro", "400", "IU"),
    ("take", "lexapro", "1", "capsule"),
    ("take", "lexapro", HUGE),
    # times
    ("take", "lexapro", "--at", "tomorrow"),
    ("take", "lexapro", "--at", "23:59"),
    ("take", "lexapro", "--at", "2026-02-30T08:00"),
    ("take", "lexapro", "--at", "25:00"),
    ("take", "lexapro", "--at", "1800-01-01T08:00"),
    ("take", "lexapro", "--at", HUGE),
    ("skip", "lexapro", "--at", "next week"),
    # names and text
    ("take", "nothing"),
    ("take", "lex\x1bapro"),
    ("take", HUGE),
    ("take", "lexapro", "--note", "line one\nline two"),
    ("take", "lexapro", "--note", HUGE),
    ("skip", "lexapro", "--reason", "\x00"),
    ("add", ""),
    ("add", "!!!", "--kind", "rx"),
    ("add", "tab\tname", "--kind", "rx"),
    ("add", HUGE, "--kind", "rx"),
    ("add", "lexapro"),
    # schedules, ranges, kinds, units
    ("add", "vitamin k", "--kind", "supplement", "--schedule", "hourly"),
    ("add", "vitamin k", "--kind", "supplement", "--schedule", "daily 25:00"),
    ("add", "vitamin k", "--kind", "supplement", "--range", "20-10mg/day"),
    ("add", "vitamin k", "--kind", "supplement", "--range", "lots"),
    ("add", "vitamin k", "--kind", "supplement", "--dose", "10mg", "--range", "10-20 IU/day"),
    ("add", "vitamin k", "--kind", "vitamin"),
    ("add", "vitamin k", "--kind", "supplement", "--unit", "kg"),
    ("add", "vitamin k", "--kind", "supplement", "--form", "gummy"),
    ("add", "vitamin k", "--kind", "supplement", "--strength", "10mg"),
    ("add", "vitamin k", "--kind", "supplement", "--start", "2026-13-01"),
    ("edit", "lexapro", "--dose", "20mg", "--from", "2025-01-01"),
    ("edit", "lexapro", "--unit", "mcg"),
    ("edit", "lexapro"),
    ("edit", "lexapro", "--from", "2026-12-01"),
    ("stop", "lexapro", "--on", "2026-10-01"),
    ("stop", "lexapro", "--on", "soon"),
    ("resume", "lexapro"),
    # ids, periods, formats, usage
    ("undo", "zz"),
    ("undo", "ffffffffffff"),
    ("history", "--since", "2026-11-20", "--until", "2026-11-01"),
    ("history", "--format", "xml"),
    ("list", "--format", "yaml"),
    ("history", "--item", "nothing"),
    ("take",),
    ("frobnicate",),
]


@pytest.mark.parametrize("args", BAD_INPUTS, ids=lambda args: " ".join(args)[:50])
def test_bad_input_is_exit_2_and_changes_nothing(
    medlog: Callable[..., Run], lexapro: None, home: Path, args: tuple[str, ...]
) -> None:
    """Malformed input gets exit 2, a short message naming the problem, and no store change."""
    medlog("take", "lexapro", "--at", "08:00")
    before = snapshot(home)
    result = medlog(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Error:" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert len(result.stderr) < 1500
    assert snapshot(home) == before


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=4))
def test_random_amount_words_never_crash(
    medlog: Callable[..., Run], lexapro: None, words: list[str]
) -> None:
    """Any words after `take lexapro` either log a dose or are refused with exit 2."""
    result = medlog("take", "lexapro", *words)
    assert result.exit_code in (0, 2)
    if result.exit_code == 2:
        assert result.stderr.startswith(("Error:", "Usage:"))
