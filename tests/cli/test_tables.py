"""Tables for people: every view fits COLUMNS without breaking a word, a pipe gets 100
columns unless COLUMNS says otherwise, and sources are numbered notes listed once."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Clock, Run, ok

Medlog = Callable[..., Run]


@pytest.fixture
def month(medlog: Medlog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Clock) -> None:
    """The demo's month in this test's store, read at 21:30 on its last day."""
    home = tmp_path / "home"
    clock("2026-11-27T21:30")
    ok(medlog("demo", "--home", str(home)))
    monkeypatch.setenv("MEDLOG_HOME", str(home))


def words_of(medlog: Medlog, args: tuple[str, ...]) -> set[str]:
    """Every word a wide (200-column) rendering of the view shows."""
    return set(ok(medlog(*args)).stdout.split())


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize(
    "args",
    [("report",), ("today",), ("history",), ("list",), ("catalog",), ("list", "--all")],
)
def test_views_fit_the_width_without_breaking_a_word(
    medlog: Medlog, month: None, monkeypatch: pytest.MonkeyPatch, width: int, args: tuple[str, ...]
) -> None:
    """Every line fits COLUMNS; every word shown is a whole word of the wide rendering
    (issue 10)."""
    monkeypatch.setenv("COLUMNS", "200")
    whole = words_of(medlog, args)
    monkeypatch.setenv("COLUMNS", str(width))
    out = ok(medlog(*args)).stdout
    assert all(len(line) <= width for line in out.splitlines()), out
    shown = re.sub(r"\(Left out at this width:.*?\)", "", out, flags=re.DOTALL)
    whole |= {word.strip("()") for word in whole}  # a flag moved under its table: "[a] flag"
    for word in shown.split():
        if re.fullmatch(r"[-=]+|\[[a-z]\]", word):  # the rule under a header, a flag's letter
            continue
        assert word in whole, f"{word!r} is a broken word at {width} columns:\n{out}"
    assert "…" not in out


def test_piped_tables_use_columns_or_100(
    medlog: Medlog, month: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a pipe, tables are at most 100 wide unless COLUMNS says otherwise (issue 10)."""
    monkeypatch.delenv("COLUMNS", raising=False)
    assert max(len(line) for line in ok(medlog("history")).stdout.splitlines()) <= 100


def test_sources_appear_once_as_numbered_notes(
    medlog: Medlog, month: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report table points to each source with a number, listed once under it (issue 10),
    a document cited in several parts once, with its parts (issue 24)."""
    monkeypatch.setenv("COLUMNS", "200")
    out = ok(medlog("report")).stdout
    label = "US FDA prescribing information for LEXAPRO (escitalopram) tablets (DailyMed): Dosage"
    assert " ".join(out.split()).count(label) == 1
    assert " ".join(out.split()).count("US FDA prescribing information for LEXAPRO") == 1
    assert "[1] US FDA prescribing information" in out and "10–20 mg/day (US label) [1]" in out


@pytest.mark.parametrize("width", [60, 80])
def test_the_visit_at_a_glance_wraps_between_words_with_a_hanging_indent(
    tmp_path: Path, width: int
) -> None:
    """On a terminal, report --brief's sentences (a missed-dose list is long) wrap between
    words, each later line indented under its first, never back at column 0 (issue 24)."""
    import io

    from rich.console import Console

    from medlog.actions.demo import demo
    from medlog.cli.exits import now
    from medlog.render.report import print_report

    result = demo(tmp_path / "d", now())
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=width, color_system=None)
    print_report(result.report, console, brief=True)
    lines = screen.getvalue().splitlines()
    assert all(len(line) <= width for line in lines)
    missed = next(n for n, line in enumerate(lines) if line.startswith("  Magnesium glycinate:"))
    assert lines[missed + 1].startswith("    ") and lines[missed + 1].strip()
    words = set(" ".join(result_line.strip() for result_line in lines).split())
    assert "21:00," in words and "(below" in words
