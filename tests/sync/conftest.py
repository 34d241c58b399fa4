"""What the sync tests share: running medlog on one device's store, and what every reading
command says about a store, to compare a synced store with one that logged everything."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tests.conftest import MEDLOG_COMMAND

# run(home, now, *args) -> (exit code, stdout, stderr)
Device = Callable[..., tuple[int, str, str]]

READINGS = (
    ("check",),
    ("today",),
    ("report", "--format", "json"),
    ("supply",),
    ("history", "--format", "json", "--since", "2026-10-01"),
)


def process(home: Path, now: str, *args: str) -> tuple[int, str, str]:
    """Run the installed medlog on the store ``home`` at the clock ``now``, as a person would."""
    done = subprocess.run(
        [*MEDLOG_COMMAND, "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=dict(os.environ) | {"MEDLOG_NOW": now},
        check=False,
        timeout=60,
    )
    assert done.returncode != 70, f"medlog {' '.join(args)} hit a bug:\n{done.stderr}"
    return done.returncode, done.stdout, done.stderr


def in_process(home: Path, now: str, *args: str) -> tuple[int, str, str]:
    """Run medlog's command line in this process (much faster than a new one) on ``home``."""
    from medlog.cli.app import app

    result = CliRunner().invoke(app, ["--home", str(home), *args], env={"MEDLOG_NOW": now})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code != 70, f"medlog {' '.join(args)} hit a bug:\n{result.stderr}"
    return result.exit_code, result.stdout, result.stderr


def readings(run: Device, home: Path, now: str) -> dict[str, Any]:
    """What check, today, report, supply and history say about the store at ``now``: the exit
    code and stdout of each; JSON without event ids (two stores that logged the same doses gave
    them different ids) and with events in a fixed order (one instant may hold two)."""
    seen: dict[str, Any] = {}
    for args in READINGS:
        code, out, _ = run(home, now, *args)
        if "json" in args:
            document = _without_ids(json.loads(out))
            if "events" in document:
                document["events"].sort(key=lambda event: json.dumps(event, sort_keys=True))
            seen[args[0]] = (code, document)
        else:
            seen[args[0]] = (code, out)
    return seen


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_ids(v) for key, v in value.items() if key not in ("id", "ref")}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def logged_ids(home: Path) -> set[str]:
    """The id of every line of the store's journal.jsonl."""
    path = home / "journal.jsonl"
    lines = path.read_text().splitlines() if path.exists() else []
    return {json.loads(line)["id"] for line in lines if line.strip()}


def history_ids(run: Device, home: Path, now: str) -> list[str]:
    """The id of every event ``history`` shows, duplicates kept."""
    code, out, err = run(home, now, *READINGS[-1])
    assert code == 0, err
    return [event["id"] for event in json.loads(out)["events"]]
