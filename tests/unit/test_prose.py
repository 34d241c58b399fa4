"""render/prose.py: sentences fitted to a terminal, never split mid-word (issue 24)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from medlog.render.prose import fit

COMMAND = 'medlog take lexapro --at "yesterday 08:00"'


def test_a_warning_wraps_between_words_with_a_hanging_indent() -> None:
    """At 60 columns the double-dose warning breaks between words, later lines indented."""
    text = (
        "Warning: This is the 2nd dose of Lexapro today; the regimen has one, at 08:00. If you "
        "did not take it: medlog undo. If you took it, leave it logged: your clinician should "
        "see it."
    )
    lines = fit(text, 60).split("\n")
    assert all(len(line) <= 60 for line in lines)
    assert all(line.startswith("  ") and not line.startswith("   ") for line in lines[1:])
    assert " ".join(" ".join(lines).split()) == text


def test_a_command_to_copy_is_never_split() -> None:
    """The suggested command stays whole on one line, moving down rather than break in two."""
    for width in range(30, 90):
        for lead in ("If you took it:", "If you took it, log it as yesterday's:"):
            fitted = fit(f"Yesterday's dose was not logged. {lead} {COMMAND}", width)
            assert any(COMMAND in line for line in fitted.split("\n")), (width, fitted)


def test_short_lines_and_indents_are_kept() -> None:
    """A line that fits is left alone; an indented line keeps its indent, plus two."""
    assert fit("short\n  also short", 20) == "short\n  also short"
    assert fit("  Lexapro: 20 mg, within 10–20 mg/day (US label) [1]", 30) == (
        "  Lexapro: 20 mg, within 10–20\n    mg/day (US label) [1]"
    )


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz.,;:'-–", min_size=1, max_size=14).filter(
    lambda word: word != "medlog"  # a command, kept whole past the width
)


@given(st.lists(words, min_size=1, max_size=40), st.integers(20, 120))
def test_fitting_keeps_every_word_whole(sentence: list[str], width: int) -> None:
    """Any sentence at any width: the same words in the same order, each line within the
    width (no word here is longer than it)."""
    text = " ".join(sentence)
    lines = fit(text, width).split("\n")
    assert " ".join(lines).split() == text.split()
    assert all(len(line) <= width for line in lines)


def test_medlog_as_the_subject_of_a_sentence_is_not_a_command() -> None:
    """ "medlog applies adults' limits ..." wraps as prose; the command after it stays whole."""
    text = (
        "No year of birth is kept; medlog applies adults' limits as the catalog gives them "
        "(set one with medlog profile --born YEAR)."
    )
    for width in (40, 60, 80):
        lines = fit(text, width).split("\n")
        assert all(len(line) <= width for line in lines), lines
        assert any("medlog profile --born YEAR)." in line for line in lines), lines


def test_the_command_names_are_medlogs_commands() -> None:
    """prose.COMMANDS (kept light for take) is the command line's set of commands."""
    from medlog.cli.app import COMMAND_MODULES
    from medlog.render.prose import COMMANDS

    assert set(COMMAND_MODULES) == COMMANDS


def test_a_command_ends_where_a_parenthesis_opens() -> None:
    """ "medlog hold NAME --until DAY --reason surgery (or --end to end one)": the command is
    kept whole, the remark after it wraps as prose."""
    command = "medlog hold NAME --until 2026-12-03 --reason surgery"
    text = f"Error: Give the last day of the hold, e.g. {command} (or --end to end one)."
    lines = fit(text, 60).split("\n")
    assert all(len(line) <= 60 for line in lines), lines
    assert any(command in line for line in lines), lines


def test_a_command_in_parentheses_is_kept_whole() -> None:
    """ "(medlog fill NAME --count)" stays on one line."""
    text = (
        "On hand counts from your first fill or count: fills add, each dose logged takes off, "
        "and a count (medlog fill NAME --count) resets it."
    )
    for width in range(30, 90):
        assert any("(medlog fill NAME --count)" in line for line in fit(text, width).split("\n"))


def test_styled_prose_keeps_each_words_style_across_the_break() -> None:
    """A day total (the item's words green, the range's note red) fitted to 30 columns: the
    same lines as the plain sentence, and the words after the break still red."""
    import io
    import re

    from rich.console import Console
    from rich.text import Text

    from medlog.render.tables import print_prose

    line = Text("  Magnesium glycinate: 500 mg,", style="green")
    line.append(" above 200–400 mg/day (typical) [2]", style="red")
    shown = io.StringIO()
    console = Console(file=shown, width=30, force_terminal=True, color_system="standard")
    print_prose(console, line)
    screen = shown.getvalue()
    assert re.sub(r"\x1b\[[0-9;]*m", "", screen).rstrip("\n") == fit(line.plain, 30)
    assert "\x1b[31mabove 200–400 mg/day" in screen and "\x1b[31m(typical) [2]" in screen
    assert "\x1b[32m  Magnesium glycinate:" in screen
