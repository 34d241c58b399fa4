"""Every kind of bad input: exit 2, one clear message, no traceback, a store unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Run, ok, snapshot

Medlog = Callable[..., Run]

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
    ("add", "magnesium glycinate", "--dose", "200-400mg"),
    ("take", "lex", "tablets"),
    # an option the command lacks, where the name is (it was taken for the name)
    ("take", "--lexapro"),
    ("take", "\u2014lexapro"),
    ("take", "lexapro", "\u2014" + HUGE),
    ("take", "lexapro", "\u2014"),
    ("fill", "--lexapro", "30", "tablets"),
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
    ("edit", "lexapro", "--dose", "20mg", "--from", "1960-01-01"),
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
    # more amounts
    ("take", "lexapro", "0.0000001mg"),
    ("take", "lexapro", "12345678mg"),
    ("take", "lexapro", "10mg", "5mg"),
    ("take", "lexapro", ".mg"),
    ("take", "lexapro", "10..5mg"),
    ("take", "lexapro", "1/3", "tablet"),
    ("take", "lexapro", "⅓", "tablet"),
    ("take", "lexapro", "ten", "mg"),
    ("take", "lexapro", "0x10", "mg"),
    ("take", "lexapro", "1_000", "mg"),
    ("take", "lexapro", "+5mg"),
    ("take", "lexapro", "5", "mg", "of"),
    ("take", "lexapro", "--frobnicate"),
    ("take", "lexapro", "\udcff mg"),
    # more times
    ("take", "lexapro", "--at", "08:60"),
    ("take", "lexapro", "--at", "8"),
    ("take", "lexapro", "--at", "now+1h"),
    ("take", "lexapro", "--at", "tonight"),
    ("take", "lexapro", "--at", "2h"),
    ("take", "lexapro", "--at", "ago"),
    ("take", "lexapro", "--at", "2026-11-27T08:05+25:00"),
    ("take", "lexapro", "--at", "T08:05"),
    ("take", "lexapro", "--at", ""),
    ("undo", "--reason", "x" * 600),
    # more days and periods
    ("history", "--since", "2026-00-10"),
    ("history", "--since", "2026-11-31"),
    ("history", "--since", "1969-12-31"),
    ("history", "--until", "31/12/2026"),
    ("history", "--since", "next monday"),
    ("history", "--since", "99999 days ago"),
    ("report", "--until", "3000-01-01"),
    ("report", "--days", "-1"),
    ("report", "--days", "99999999"),
    ("report", "--days", "7", "--until", "2026-11-20"),
    ("report", "--item", ""),
    ("report", "--title", "\x00", "--format", "html"),
    ("report", "--title", "t" * 200, "--format", "md"),
    ("stop", "lexapro", "--on", "2026-10-31"),
    ("add", "vitamin k", "--kind", "supplement", "--start", "1969-01-01"),
    # more names
    ("add", "a" * 41, "--kind", "rx"),
    ("add", "---", "--kind", "rx"),
    ("add", "lexapro\x7f", "--kind", "rx"),
    ("add", "\udcff", "--kind", "rx"),
    ("edit", "nothing", "--dose", "5mg"),
    ("stop", "nothing"),
    ("resume", "nothing"),
    ("skip", "nothing"),
    # more schedules
    ("add", "vitamin k", "--kind", "supplement", "--schedule", "daily 08:00;09:00"),
    ("add", "vitamin k", "--kind", "supplement", "--schedule", ""),
    ("add", "lexapro", "--range-source", "my doctor"),
    ("--home", "", "today"),
    ("demo", "--home", ""),
    ("add", "vitamin k", "--kind", "supplement", "--schedule", "every days"),
    ("add", "vitamin k", "--kind", "supplement", "--schedule", "weekly"),
    ("add", "vitamin k", "--kind", "supplement", "--schedule", "mon,,wed"),
    ("add", "vitamin k", "--kind", "supplement", "--schedule", "as needed max 3/week"),
    ("add", "vitamin k", "--kind", "supplement", "--schedule", "as needed min interval"),
    ("add", "vitamin k", "--kind", "supplement", "--schedule", "daily 08:00 extra"),
    ("add", "vitamin k", "--kind", "supplement", "--schedule", "every 2 weeks"),
    ("edit", "lexapro", "--schedule", "sometimes"),
    # more ranges, kinds, units, forms, strengths
    ("add", "vitamin k", "--kind", "supplement", "--range", "10-20mg/week"),
    ("add", "vitamin k", "--kind", "supplement", "--range", "max"),
    ("add", "vitamin k", "--kind", "supplement", "--range", "min -5mg"),
    ("add", "vitamin k", "--kind", "supplement", "--range", "10-20 furlongs/day"),
    ("add", "vitamin k", "--kind", "supplement", "--range", "1e3-2e3mg"),
    ("add", "vitamin k", "--kind", "supplement", "--range", "max 0mg/day"),
    ("add", "vitamin k", "--kind", "supplement", "--range", "10-"),
    ("add", "vitamin k", "--kind", "RX!"),
    ("add", "vitamin k", "--kind", "supplement", "--unit", "mg/ml"),
    ("add", "vitamin k", "--kind", "supplement", "--form", "mg"),
    ("add", "vitamin k", "--kind", "supplement", "--form", "tablet", "--strength", "1 tablet"),
    ("add", "vitamin k", "--kind", "supplement", "--form", "tablet", "--strength", "0mg"),
    ("add", "vitamin k", "--kind", "supplement", "--unit", "capsule", "--strength", "5mg"),
    ("add", "vitamin k", "--kind", "supplement", "--range-source", "\x01"),
    ("edit", "lexapro", "--range", "nonsense"),
    ("edit", "lexapro", "--kind", "drug"),
    ("edit", "lexapro", "--form", "puff", "--strength", "1 puff"),
    # ids, files, formats
    ("undo", "abc"),
    ("undo", "g1234567"),
    ("undo", "' or 1=1"),
    ("import", "/nonexistent/backup.json"),
    ("import", "/"),
    ("export", "--format", "pdf"),
    ("export", "-o", "backup.txt"),
    ("report", "-o", "report.pdf"),
    ("history", "-o", "history.ics"),
    ("report", "--format", "message", "-o", "summary.html"),
    ("report", "--format", "md", "-o", "summary.htm"),
    ("history", "--format", "csv", "-o", "history.HTML"),
    ("list", "--all", "--format", "xml"),
    ("due", "extra"),
    ("today", "extra"),
    ("--home",),
]


def test_there_are_at_least_a_hundred_bad_inputs() -> None:
    """The table covers at least 100 malformed inputs across the commands."""
    assert len(BAD_INPUTS) >= 100
    assert len({args[0] for args in BAD_INPUTS}) >= 14


@pytest.mark.parametrize("args", BAD_INPUTS, ids=lambda args: " ".join(args)[:50])
def test_bad_input_is_exit_2_and_changes_nothing(
    medlog: Callable[..., Run],
    lexapro: None,
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    """Malformed input gets exit 2, a short message naming the problem, and no store change."""
    ok(medlog("take", "lexapro", "--at", "08:00"))
    monkeypatch.chdir(tmp_path)  # -o files would land here
    before = snapshot(home)
    before_cwd = sorted(tmp_path.iterdir())
    result = medlog(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Error:" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert len(result.stderr) < 1500
    assert snapshot(home) == before
    assert sorted(tmp_path.iterdir()) == before_cwd


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
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


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--unit", "mcg", "--dose", "10g"], "10,000,000 mcg"),
        (["--unit", "g", "--dose", "0.5mcg"], "0.0000005 g"),
        (["--unit", "mcg", "--dose", "1mg", "--range", "1-20g/day"], "20,000,000 mcg"),
        (
            ["--form", "tablet", "--strength", "0.333mg", "--dose", "0.333333 tablet"],
            "0.110999889 mg",
        ),
    ],
)
def test_amounts_that_cannot_be_stored_exactly_are_refused_at_input(
    medlog: Medlog, home: Path, args: list[str], words: str
) -> None:
    """A converted amount too large or too fine to store exactly is exit 2, saying what fits (an
    outsider's finding, issue 8)."""
    result = medlog("add", "x", "--kind", "rx", *args)
    assert result.exit_code == 2, result.stdout
    assert words in result.stderr and "1,000,000" in result.stderr
    assert not home.exists()


def test_invisible_letters_are_refused_in_text(medlog: Medlog) -> None:
    """A note made only of an invisible letter (U+3164) is exit 2 saying it is invisible (an
    outside attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    result = medlog("take", "lexapro", "--note", "\u3164")
    assert result.exit_code == 2 and "invisible" in result.stderr


def test_a_combining_grapheme_joiner_is_refused_in_a_name(medlog: Medlog, home: Path) -> None:
    """A name holding U+034F (invisible: "lex\u034fapro" looks like lexapro) was accepted
    (outside attack, finding 8): exit 2 saying it is invisible, nothing written; a note too."""
    result = medlog("add", "lex\u034fapro", "--kind", "rx", "--dose", "10mg")
    assert result.exit_code == 2 and "invisible" in result.stderr and "\\u034f" in result.stderr
    assert not home.exists()
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    before = snapshot(home)
    assert medlog("take", "lexapro", "--note", "a\u034fb").exit_code == 2
    assert snapshot(home) == before


def test_a_clock_in_year_9999_is_bad_input(medlog: Medlog, monkeypatch: pytest.MonkeyPatch) -> None:
    """MEDLOG_NOW far out of range is exit 2, not an OverflowError (an outsider's finding, issue
    8)."""
    monkeypatch.setenv("MEDLOG_NOW", "9999-12-31T23:00")
    result = medlog("today")
    assert result.exit_code == 2 and "MEDLOG_NOW" in result.stderr


def test_bad_input_on_a_new_store_creates_nothing(medlog: Medlog, home: Path) -> None:
    """A refused command leaves no directory and no lock behind (an outsider's finding, issue 8)."""
    assert medlog("take", "nothing").exit_code == 2
    assert medlog("add", "x", "--kind", "rx", "--dose", "ten").exit_code == 2
    assert not home.exists()


def test_a_failed_command_leaves_no_lock_and_no_empty_journal(medlog: Medlog, home: Path) -> None:
    """Bad input leaves the store as it was: no new medlog.lock, no journal made (an outside
    attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    (home / "medlog.lock").unlink()
    (home / "journal.jsonl").unlink()  # as in a store made before add made the journal
    before = snapshot(home)
    assert medlog("take", "lexapro", "1e999").exit_code == 2
    assert snapshot(home) == before
    assert sorted(path.name for path in home.iterdir()) == ["medlog.toml"]


def test_an_amount_asked_for_is_never_a_number_medlog_made_up(medlog: Medlog) -> None:
    """An item without a regular dose asks for the amount with a place for it, not an
    example number to copy (it suggested 10 g of an item kept in grams)."""
    ok(medlog("add", "salt", "--kind", "supplement", "--unit", "g", "--schedule", "as needed"))
    refused = medlog("take", "salt")
    assert refused.exit_code == 2
    assert "medlog take salt AMOUNT (in g)." in refused.stderr
    assert not any(char.isdigit() for char in refused.stderr)


def test_a_span_for_a_dose_and_a_name_half_found_say_what_to_do(medlog: Medlog) -> None:
    """--dose 200-400mg points to --range; "take mag glycinate" (where "mag" finds the item)
    says the rest was neither an amount nor part of a name, not "'glycinate' is not an
    amount"."""
    span = medlog("add", "magnesium glycinate", "--dose", "200-400mg")
    assert span.exit_code == 2
    assert "a span such as '200-400mg' goes in --range" in " ".join(span.stderr.split())
    ok(medlog("add", "magnesium glycinate", "--dose", "200mg"))
    half = medlog("take", "mag", "glycinate")
    assert half.exit_code == 2
    assert "'glycinate' is neither an amount nor part of an item's name" in " ".join(
        half.stderr.split()
    )
