"""demo builds a realistic month in a new store and never touches the real one."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, ok, snapshot

Medlog = Callable[..., Run]


def test_demo_builds_a_month_and_shows_today_and_history(
    medlog: Callable[..., Run], tmp_path: Path, home: Path
) -> None:
    """The demo store holds the titration, misses, a skip and an out-of-range day."""
    target = tmp_path / "demo"
    result = medlog("demo", "--home", str(target))
    assert result.exit_code == 0, result.stderr
    assert "Today, Fri 27 Nov 2026" in result.stdout
    assert "History 2026-11-21 to 2026-11-27" in result.stdout
    assert f"Demo store: {target}" in result.stderr
    assert not home.exists()  # MEDLOG_HOME, the "real" store, is never touched
    assert medlog("--home", str(target), "check").exit_code == 0
    items = json.loads(medlog("--home", str(target), "list", "--format", "json").stdout)["items"]
    lexapro = items[0]
    assert [v["dose"] for v in lexapro["regimen"]] == [10, 20]
    lines = [json.loads(line) for line in (target / "journal.jsonl").read_text().splitlines()]
    assert any(line["type"] == "skip" for line in lines)
    magnesium = [line for line in lines if line.get("item") == "magnesium-glycinate"]
    per_day: dict[str, int] = {}
    for line in magnesium:
        per_day[line["at"][:10]] = per_day.get(line["at"][:10], 0) + int(line["amount"])
    assert max(per_day.values()) > 400
    assert target.stat().st_mode & 0o777 == 0o700


def test_demo_refuses_a_directory_that_holds_anything(
    medlog: Callable[..., Run], tmp_path: Path
) -> None:
    """A non-empty directory (such as a real store) is refused, byte for byte unchanged."""
    target = tmp_path / "real"
    ok(medlog("--home", str(target), "add", "lexapro"))
    before = snapshot(target)
    result = medlog("demo", "--home", str(target))
    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert snapshot(target) == before
    assert medlog("--home", str(target), "demo").exit_code == 2


def test_demo_without_home_uses_a_new_temporary_directory(
    medlog: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    """With no --home the demo makes its own directory and ignores MEDLOG_HOME."""
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    result = medlog("demo")
    assert result.exit_code == 0, result.stderr
    [made] = (tmp_path / "tmp").iterdir()
    assert made.name.startswith("medlog-demo-")
    assert (made / "journal.jsonl").exists()
    assert not home.exists()


def test_the_demo_at_six_shows_today_pending(medlog: Medlog, tmp_path: Any) -> None:
    """Run before the day's first dose, the demo's calendar shows today as not yet due (issue 9)."""
    ok(medlog("demo", "--home", str(tmp_path / "demo"), now="2026-11-27T06:00"))
    result = ok(medlog("--home", str(tmp_path / "demo"), "report", now="2026-11-27T06:00"))
    lines = result.stdout.splitlines()
    calendar = lines.index(next(line for line in lines if line.startswith("  Lexapro  ")))
    assert lines[calendar + 1].strip().startswith("Nov 2026")
    assert lines[calendar + 1].rstrip().endswith("-")


def test_demo_shows_a_lab_result(medlog: Medlog, tmp_path: Path) -> None:
    """The demo holds a 25-OH vitamin D level, shown in its report beside the multivitamin that
    holds vitamin D, with no reference range."""
    target = tmp_path / "demo"
    assert "25-OH vitamin D 24 ng/mL on 10-31" in ok(medlog("demo", "--home", str(target))).stdout
    shown = ok(medlog("--home", str(target), "report")).stdout
    assert "25-OH vitamin D (62292-8), beside the dose changes of Multivitamin" in shown
    assert "25-OH vitamin D 24 ng/mL (annual check-up)" in shown
    lines = [json.loads(line) for line in (target / "journal.jsonl").read_text().splitlines()]
    assert [line["value"] for line in lines if line["type"] == "lab"] == ["24"]


def test_demo_prints_the_visit_at_a_glance(medlog: Medlog, tmp_path: Path) -> None:
    """After today and the last week, the demo prints the report's first page, its headline
    facts (questions, changes, adherence with missed doses, scores, side effects, labs), not
    the tables that follow, and says how to see them (issue 24)."""
    target = tmp_path / "demo"
    result = ok(medlog("demo", "--home", str(target)))
    brief = ok(medlog("--home", str(target), "report", "--brief")).stdout
    assert result.stdout.endswith(brief)
    for fact in (
        "Can I take magnesium at night with Lexapro?",
        "changes: 10 mg → 20 mg on 11-12",
        "Magnesium glycinate: 75.0% (below 80%) of doses taken",
        "PHQ-9 2026-11-25: 6 of 27 (mild)",
        "nausea 10-29 → 11-02",
    ):
        assert fact in result.stdout, fact
    assert "Proportion of days covered" not in result.stdout
    assert f"Try: medlog --home {target} report\n" in result.stderr
