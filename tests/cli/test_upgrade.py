"""A store written by medlog 0.1 is judged by today's rules from its first read (issue 21).

tests/data/v0.1 was written by medlog at commit 7bd75c6 (medlog.toml schema 1, event schema
1), with TZ=UTC and MEDLOG_NOW set to each moment: the three ``add`` commands of ``ADDS`` at
2026-10-01 07:00; Vitamin D taken each Saturday at 09:05 from 10-03 to 11-14; Lexapro at
08:10 every day from 10-01 to 11-18 but 10-12; magnesium glycinate at 21:05 every day but
10-25 (skipped, "travel"), with a second 200 mg on 10-20 at 22:00 and 400 mg on 11-09. The
files are byte for byte what that medlog wrote.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from medlog.migrations import SCHEMA
from tests.conftest import Clock, Run, ok, snapshot

Medlog = Callable[..., Run]
FIXTURE = Path(__file__).parent.parent / "data" / "v0.1"
ADDS = [
    ("vitamin d", "--kind", "rx", "--unit", "mcg", "--dose", "1250mcg", "--schedule",
     "weekly sat 09:00", "--start", "2026-10-03"),
    ("magnesium glycinate", "--dose", "200mg", "--schedule", "daily 21:00", "--start",
     "2026-10-01"),
    ("lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start", "2026-10-01"),
]  # fmt: skip
PERIOD = ("--since", "2026-10-01", "--until", "2026-11-18")


def test_a_0_1_store_reports_byte_for_byte_as_the_same_regimen_added_now(
    medlog: Medlog, home: Path, tmp_path: Path, clock: Clock
) -> None:
    """Read in place (nothing written), the 0.1 store gives the report, in every format, of
    the same regimen added with this medlog beside the same journal: the weekly prescription
    vitamin D is no longer "above" a supplement limit every week, magnesium glycinate's days
    are judged against magnesium's upper limit, and its substances are totalled."""
    shutil.copytree(FIXTURE, home)
    before = snapshot(home)
    fresh = tmp_path / "fresh"
    clock("2026-10-01T07:00")
    for args in ADDS:
        ok(medlog("--home", str(fresh), "add", *args))
    shutil.copy(FIXTURE / "journal.jsonl", fresh / "journal.jsonl")
    clock("2026-11-20T09:00")
    for form in ("json", "table", "md", "csv", "html"):
        upgraded = ok(medlog("report", *PERIOD, "--format", form))
        added = ok(medlog("--home", str(fresh), "report", *PERIOD, "--format", form))
        assert upgraded.stdout == added.stdout, form
        assert upgraded.stderr == added.stderr == "", form
    assert snapshot(home) == before
    report = json.loads(ok(medlog("report", *PERIOD, "--format", "json")).stdout)
    items = {row["item"]: row for row in report["items"]}
    assert items["vitamin-d"]["range"] is None and not items["vitamin-d"]["days_above_range"]
    assert items["magnesium-glycinate"]["days_above_range"] == 2  # 400 mg on 10-20 and 11-09
    assert items["magnesium-glycinate"]["judged_by"]["max"] == 350
    vitamin_d = next(row for row in report["ingredients"] if row["substance"] == "vitamin-d")
    assert vitamin_d["days_as_information"] == 7


def test_the_first_write_to_a_0_1_store_is_not_called_a_hand_edit(
    medlog: Medlog, home: Path, clock: Clock
) -> None:
    """The first command that writes keeps the upgrade silently: a layout medlog 0.1 wrote is
    never taken for a hand edit, and no backup is made."""
    shutil.copytree(FIXTURE, home)
    home.chmod(0o700)  # as medlog made them; a clone of the repository has 0755 and 0644
    for path in home.iterdir():
        path.chmod(0o600)
    clock("2026-11-20T09:00")
    written = ok(medlog("add", "zinc", "--dose", "10mg"))
    assert "held comments or a layout" not in written.stderr
    assert not any(path.name.endswith("~") for path in home.iterdir())
    assert f"schema = {SCHEMA}" in (home / "medlog.toml").read_text()
    ok(medlog("check"))
