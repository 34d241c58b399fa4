"""Check-in measures are declared once (measures.py): a row added to the table alone reaches
the journal, history, export, every report format and FHIR (issue 19)."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from medlog import measures
from medlog.actions.checkins import check_in
from medlog.measures import Measure
from medlog.store import Store
from medlog.timeparse import parse_when
from tests.conftest import Run, ok

Medlog = Callable[..., Run]
ENERGY = Measure("energy", "rating", "Energy", "0 (none) to 10 (full)", "higher", "energy")


@pytest.fixture
def energy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A throwaway table: the four measures and "energy", 0-10."""
    monkeypatch.setattr(measures, "MEASURES", (*measures.MEASURES, ENERGY))


def test_a_measure_added_to_the_table_reaches_every_output(
    medlog: Medlog, home: Path, energy: None
) -> None:
    """Energy 7, recorded through the action (a real option is one Typer parameter more), is
    in the journal line, history JSON and CSV (its column appended), the report's JSON,
    table, Markdown and HTML, FHIR, and what history says of the check-in."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    now = parse_when("2026-11-27T09:15", datetime.now().astimezone())
    check_in(Store(home), now, {"energy": "7", "mood": "5"})
    line = json.loads((home / "journal.jsonl").read_text().splitlines()[-1])
    assert (line["mood"], line["energy"]) == (5, 7)
    events = json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]
    assert events[-1]["energy"] == 7
    header, row = ok(medlog("history", "--format", "csv")).stdout.splitlines()[-2:]
    assert header.split(",")[-1] == "energy" and row.split(",")[-1] == "7"
    report = json.loads(ok(medlog("report", "--format", "json")).stdout)
    assert report["checkins"]["measures"]["energy"]["mean"] == 7
    for style in ("table", "md", "html"):
        shown = ok(medlog("report", "--format", style)).stdout
        assert "Energy (0-10, 10 best)" in shown, style
    assert "energy 7/10" in ok(medlog("history")).stdout
    fhir = json.loads(ok(medlog("export", "--format", "fhir")).stdout)
    texts = [e["resource"]["code"].get("text") for e in fhir["entry"] if "code" in e["resource"]]
    assert "Energy (0-10, 10 best)" in texts


def test_a_measure_is_checked_like_the_others(home: Path, energy: None) -> None:
    """Energy 11 is refused with the row's own scale, as mood 11 is."""
    from medlog.errors import BadInput

    now = parse_when("2026-11-27T09:15", datetime.now().astimezone())
    with pytest.raises(BadInput, match=r"Energy '11' is not a rating; .*0 \(none\) to 10"):
        check_in(Store(home), now, {"energy": "11"})


def test_every_measure_has_its_option() -> None:
    """`medlog checkin` has a parameter named as each row's key, so a row without its option
    fails here, not silently."""
    from medlog.cli.checkins import checkin

    parameters = inspect.signature(checkin).parameters
    assert [found.key for found in measures.MEASURES if found.key not in parameters] == []


def test_a_key_that_names_no_measure_is_a_bug() -> None:
    """The action refuses a key that is not in the table rather than dropping it."""
    with pytest.raises(ValueError, match="no check-in measure is called 'enrgy'"):
        check_in(Store(Path("/nonexistent")), datetime.now().astimezone(), {"enrgy": "5"})
