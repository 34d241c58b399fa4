"""How the command line reads what people type: a name of several words without quotes, text
that lost its quotes, an option the shell split, and a misspelt option."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, ok, snapshot

Medlog = Callable[..., Run]


def test_a_name_of_two_words_needs_no_quotes(medlog: Medlog) -> None:
    """add, take, skip, stop and resume all take magnesium glycinate without quotes (issue 10)."""
    ok(medlog("add", "magnesium", "glycinate", "--dose", "200mg", "--schedule", "daily 9pm"))
    taken = ok(medlog("take", "magnesium", "glycinate", "300", "mg", "--at", "08:00"))
    assert taken.stdout.startswith("Logged Magnesium glycinate 300 mg at 08:00 today")
    ok(medlog("skip", "magnesium", "glycinate"))
    ok(medlog("stop", "magnesium", "glycinate", "--on", "2026-12-01"))
    ok(medlog("resume", "magnesium", "glycinate"))


def test_text_that_lost_its_quotes_is_explained(medlog: Medlog, lexapro: None, home: Path) -> None:
    """`--note took with food` shows the command with quotes instead of a bad amount (issue 10)."""
    before = snapshot(home)
    note = medlog("take", "lexapro", "5mg", "--note", "took", "with", "food")
    assert note.exit_code == 2
    assert 'medlog take lexapro 5mg --note "took with food"' in note.stderr
    reason = medlog("skip", "lexapro", "--reason", "too", "tired")
    assert reason.exit_code == 2
    assert 'medlog skip lexapro --reason "too tired"' in reason.stderr
    assert snapshot(home) == before


def test_an_option_split_by_the_shell_is_not_a_name(medlog: Medlog, home: Path) -> None:
    """`add lexapro --dose 20 mg` does not create an item called 'lexapro mg' (issue 10)."""
    result = medlog("add", "lexapro", "--dose", "20", "mg")
    assert result.exit_code == 2
    assert "look like an amount or a time (mg)" in result.stderr
    assert not home.exists()
    ok(medlog("add", "lexapro", "--dose", "20mg"))
    edited = medlog("edit", "lexapro", "--dose", "10", "mg")
    assert edited.exit_code == 2 and "'mg' came after Lexapro's name" in edited.stderr


def test_small_messages_say_what_is_wrong(medlog: Medlog) -> None:
    """A misspelt option says it is not an option; an empty --range-source says it is empty (an
    outside attacker's finding)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    unknown = medlog("take", "lexapro", "--nte", "x")
    assert unknown.exit_code == 2 and "is not an option" in unknown.stderr
    empty = medlog("edit", "lexapro", "--range", "5-10mg/day", "--range-source", "")
    assert empty.exit_code == 2 and "empty" in empty.stderr
