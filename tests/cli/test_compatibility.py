"""README "Compatibility": a store written by a newer medlog is refused with "upgrade",
never called broken; a key unknown at a known schema number is named as a hand edit."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from medlog.events import EVENT_SCHEMA
from medlog.migrations import SCHEMA
from tests.conftest import Run, ok, snapshot

Medlog = Callable[..., Run]
NEWER = Path(__file__).parent.parent / "data" / "newer"


@pytest.mark.parametrize("command", [["today"], ["report"], ["take", "lexapro"]])
def test_a_newer_journal_line_says_upgrade(medlog: Medlog, home: Path, command: list[str]) -> None:
    """A line of event schema 99 (a newer medlog's, with a key this one does not know):
    exit 3, "upgrade medlog", nothing about fixing it by hand, and the store unchanged."""
    shutil.copytree(NEWER, home)
    before = snapshot(home)
    result = medlog(*command)
    assert result.exit_code == 3
    assert "written by a newer medlog (event schema 99); upgrade medlog" in result.stderr
    assert "by hand" not in result.stderr
    assert snapshot(home) == before


def test_check_lists_a_newer_line_as_upgrade(medlog: Medlog, home: Path) -> None:
    """`medlog check` names the newer line with "upgrade medlog" and exits 1."""
    shutil.copytree(NEWER, home)
    result = medlog("check")
    assert result.exit_code == 1
    assert "line 2: written by a newer medlog (event schema 99); upgrade medlog" in result.stdout


def test_a_newer_medlog_toml_says_upgrade(medlog: Medlog, home: Path) -> None:
    """medlog.toml of a schema newer than this medlog's: exit 3 and "Upgrade medlog"."""
    shutil.copytree(NEWER, home)
    (home / "journal.jsonl").unlink()
    config = home / "medlog.toml"
    config.write_text(config.read_text().replace(f"schema = {SCHEMA}", f"schema = {SCHEMA + 1}"))
    result = medlog("today")
    assert result.exit_code == 3
    assert "written by a newer medlog" in result.stderr and "Upgrade medlog" in result.stderr
    assert "by hand" not in result.stderr


def test_an_unknown_key_at_a_known_schema_is_a_hand_edit(medlog: Medlog, home: Path) -> None:
    """A key this medlog does not know on a line of its own schema: every new key comes with
    a new schema number, so this is named as a hand edit, with the line."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("take", "lexapro"))
    journal = home / "journal.jsonl"
    journal.write_text(journal.read_text().replace('"unit":"mg"', '"unit":"mg","taken":1'))
    result = medlog("today")
    assert result.exit_code == 3
    assert (
        f"line 1: unknown key 'taken' in a dose event of schema {EVENT_SCHEMA} (a hand edit?)"
        in result.stderr
    )


def test_a_key_newer_than_its_line_is_a_hand_edit(medlog: Medlog, home: Path) -> None:
    """``amends`` came with event schema 3: on a schema-2 line it is named as a hand edit, and
    on a line of its own schema it must be an event id."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    ok(medlog("take", "lexapro"))
    journal = home / "journal.jsonl"
    written = journal.read_text()
    journal.write_text(
        written.replace('"v":3', '"v":2').replace('"unit":"mg"', '"unit":"mg","amends":"a1"')
    )
    result = medlog("today")
    assert result.exit_code == 3
    assert "line 1: unknown key 'amends' in a dose event of schema 2 (a hand edit?)" in (
        result.stderr
    )
    journal.write_text(written.replace('"unit":"mg"', '"unit":"mg","amends":"a b"'))
    assert "'amends' must be the id of the dose it corrects" in medlog("today").stderr
