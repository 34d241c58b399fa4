"""Hypothesis drives the command line with arbitrary words: medlog never crashes or lies."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medlog.cli.app import COMMAND_MODULES
from tests.conftest import Run, ok, snapshot

# Every command but demo (it makes directories) and import (it reads a file).
COMMANDS = [name for name in COMMAND_MODULES if name not in ("demo", "import")]
OPTIONS = [
    "--at",
    "--note",
    "--reason",
    "--dose",
    "--schedule",
    "--range",
    "--kind",
    "--unit",
    "--form",
    "--strength",
    "--start",
    "--from",
    "--on",
    "--since",
    "--until",
    "--days",
    "--item",
    "--format",
    "--all",
    "--quiet",
    "--title",
    "--no-notes",
    "--range-source",
]
WORDS = [
    "lexapro",
    "10mg",
    "0.5",
    "tablet",
    "yesterday 21:00",
    "2h ago",
    "daily 08:00",
    "10-20mg/day",
    "json",
    "csv",
    "md",
    "html",
    "table",
    "rx",
    "2026-11-01",
    "today",
    "7",
]
word = st.one_of(st.sampled_from(WORDS + OPTIONS), st.text(max_size=12))
argv = st.tuples(st.sampled_from(COMMANDS), st.lists(word, max_size=6)).map(
    lambda parts: [parts[0], *parts[1]]
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv)
def test_any_command_line_ends_cleanly(
    medlog: Callable[..., Run], home: Path, args: list[str]
) -> None:
    """Any words: exit 0, 1 or 2 with no traceback; exit 2 never changes the store."""
    if not (home / "medlog.toml").exists():
        ok(
            medlog(
                "add",
                "lexapro",
                "--dose",
                "10mg",
                "--schedule",
                "daily 08:00",
                "--start",
                "2026-11-01",
            )
        )
    args = [arg for arg in args if arg != "-o"]  # never write files into the working tree
    before = snapshot(home)
    result = medlog(*args)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert snapshot(home) == before, args
        assert result.stderr.startswith(("Error:", "Usage:")), result.stderr
