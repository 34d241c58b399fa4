"""Stops and holds with their reasons (issue 20): medlog hold pauses an item for some days
(nothing expected, so no missed doses; the report shows the hold and why; it ends by itself),
and stop --reason keeps why an item was stopped where the stop is recorded."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, ok, snapshot

Medlog = Callable[..., Run]
NOW = "2026-11-27T09:15"


@pytest.fixture
def warfarin(medlog: Medlog) -> None:
    """Warfarin 5 mg daily at 18:00 from Nov 1, taken every day but Nov 20-24 (held for
    surgery) up to Nov 26."""
    ok(medlog("add", "warfarin", "--kind", "rx", "--dose", "5mg", "--schedule", "daily 18:00",
              "--start", "2026-11-01", now=NOW))  # fmt: skip
    for day in [*range(1, 20), 25, 26]:
        ok(medlog("take", "warfarin", "--at", f"2026-11-{day:02d} 18:00", now=NOW))


def item_of(medlog: Medlog, key: str = "warfarin") -> dict[str, Any]:
    """The report JSON's entry for an item."""
    items = json.loads(ok(medlog("report", "--format", "json", now=NOW)).stdout)["items"]
    return next(entry for entry in items if entry["item"] == key)


def test_a_held_item_expects_nothing_and_the_report_says_why(
    medlog: Medlog, warfarin: None, home: Path
) -> None:
    """Held Nov 20-24 for surgery: 21 doses expected (19 before, 2 after; today's is still to
    come), none missed, 100 %; the report lists the hold with its reason, the calendar marks
    its days h, and the hold is kept in medlog.toml."""
    said = ok(medlog("hold", "warfarin", "--from", "2026-11-20", "--until", "2026-11-24",
                     "--reason", "surgery", now=NOW)).stdout  # fmt: skip
    assert said == (
        "Warfarin is on hold from 2026-11-20 through 2026-11-24 (surgery): nothing is expected "
        "on those days, and doses are expected again from 2026-11-25.\n"
    )
    figures = item_of(medlog)
    assert (figures["expected_doses"], figures["missed_doses"], figures["adherence"]) == (21, 0, 1)
    assert figures["holds"] == [
        {"from": "2026-11-20", "through": "2026-11-24", "reason": "surgery"}
    ]
    report = ok(medlog("report", now=NOW)).stdout
    assert "Warfarin: on hold from 2026-11-20 through 2026-11-24 (surgery); nothing was" in report
    assert "###################hhhhh##-" in report and "h on hold" in report
    markdown = ok(medlog("report", "--format", "md", now=NOW)).stdout
    assert "|  | 2026-11-20 | 2026-11-24 | on hold | nothing expected: surgery |" in markdown
    stored = tomllib.loads((home / "medlog.toml").read_text())["items"]["warfarin"]
    assert stored["holds"] == [
        {"from": date(2026, 11, 20), "through": date(2026, 11, 24), "reason": "surgery"}
    ]


def test_without_the_hold_those_days_are_missed(medlog: Medlog, warfarin: None) -> None:
    """The same month with no hold: the five days are missed (the figures the hold replaces)."""
    figures = item_of(medlog)
    assert (figures["expected_doses"], figures["missed_doses"], figures["holds"]) == (26, 5, [])


def test_the_hold_ends_by_itself(medlog: Medlog) -> None:
    """Held today through tomorrow: today nothing is due and today says why; the day after
    the hold, the dose is due again with no command."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start",
              "2026-11-01", now=NOW))  # fmt: skip
    ok(medlog("hold", "lexapro", "--until", "tomorrow", "--reason", "procedure", now=NOW))
    today = ok(medlog("today", now=NOW)).stdout
    assert "Lexapro is on hold through 2026-11-28 (procedure); nothing is expected." in today
    assert medlog("due", now="2026-11-27T11:00").exit_code == 0
    after = medlog("due", now="2026-11-29T11:00")
    assert (after.exit_code, after.stdout) == (1, "overdue  08:00  Lexapro 10 mg\n")
    assert "on hold" not in ok(medlog("today", now="2026-11-29T11:00")).stdout


def test_a_dose_taken_while_held_is_logged_with_a_warning(medlog: Medlog, warfarin: None) -> None:
    """A dose on a held day is kept (it was taken) and the warning names the hold."""
    ok(medlog("hold", "warfarin", "--until", "2026-11-30", "--reason", "surgery", now=NOW))
    result = ok(medlog("take", "warfarin", now=NOW))
    assert (
        "Warfarin is on hold from 2026-11-27 through 2026-11-30 (surgery); logged anyway."
        in result.stderr
    )


def test_end_ends_a_hold_early_or_cancels_a_planned_one(medlog: Medlog, warfarin: None) -> None:
    """--end on a hold in force ends it yesterday; on one not begun, takes it away; both leave
    an audit line."""
    ok(medlog("hold", "warfarin", "--from", "2026-11-25", "--until", "2026-12-05", now=NOW))
    assert ok(medlog("hold", "warfarin", "--end", now=NOW)).stdout == (
        "Ended the hold of Warfarin: held from 2026-11-25 through 2026-11-26; doses are "
        "expected again from today.\n"
    )
    ok(medlog("hold", "warfarin", "--from", "2026-12-10", "--until", "2026-12-12", now=NOW))
    assert (
        "Cancelled the hold of Warfarin from 2026-12-10"
        in ok(medlog("hold", "warfarin", "--end", now=NOW)).stdout
    )
    holds = json.loads(ok(medlog("list", "--format", "json", now=NOW)).stdout)["items"][0]["holds"]
    assert holds == [{"from": "2026-11-25", "through": "2026-11-26", "reason": None}]
    changes = ok(medlog("list", "--all", now=NOW)).stdout
    assert "hold from 2026-11-25 through 2026-12-05 ended; expected again today" in changes
    assert "hold from 2026-12-10 through 2026-12-12 cancelled" in changes


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--until", "2026-11-22", "--from", "2026-11-23"], "before the hold's first day"),
        (["--from", "2026-11-21", "--until", "2026-11-23"], "already on hold from 2026-11-20"),
        (["--from", "2026-10-20", "--until", "2026-10-23"], "starts on 2026-11-01"),
        (["--until", "2028-01-01"], "at most 365 days"),
        (["--until", "soon"], "is not a day medlog understands"),
        ([], "Give the last day of the hold"),
        (["--end", "--until", "2026-12-01"], "give it alone"),
        (["--until", "2026-12-01", "--reason", "\x1b[2J"], "control"),
    ],
)
def test_bad_holds_are_refused_and_change_nothing(
    medlog: Medlog, warfarin: None, home: Path, args: list[str], words: str
) -> None:
    """Exit 2, one sentence, an unchanged store for each refused hold."""
    ok(medlog("hold", "warfarin", "--from", "2026-11-20", "--until", "2026-11-24", now=NOW))
    before = snapshot(home)
    result = medlog("hold", "warfarin", *args, now=NOW)
    assert result.exit_code == 2, result.stderr
    assert words in result.stderr
    assert snapshot(home) == before


def test_nothing_to_hold(medlog: Medlog, home: Path) -> None:
    """An as-needed item, a stopped item, an unknown item and an item with no hold to end:
    exit 2, the store unchanged."""
    ok(medlog("add", "ibuprofen", "--kind", "otc", "--dose", "200mg", "--schedule", "as needed",
              now=NOW))  # fmt: skip
    ok(medlog("add", "zinc", "--dose", "10mg", "--start", "2026-11-01", now=NOW))
    ok(medlog("stop", "zinc", "--on", "2026-11-20", now=NOW))
    before = snapshot(home)
    for args, words in (
        (["ibuprofen", "--until", "2026-12-01"], "taken as needed"),
        (["zinc", "--until", "2026-12-01"], "stopped on 2026-11-27"),
        (["nothing", "--until", "2026-12-01"], "nothing"),
        (["zinc", "--end"], "not on hold"),
    ):
        result = medlog("hold", *args, now=NOW)
        assert result.exit_code == 2 and words in result.stderr, (args, result.stderr)
    assert snapshot(home) == before


def test_a_stop_keeps_its_reason(medlog: Medlog, warfarin: None, tmp_path: Path) -> None:
    """stop --reason: the reason is kept with the stop in medlog.toml, shown by list --all,
    in the report (headline, regimen table, JSON) and FHIR, and travels in an export."""
    said = ok(medlog("stop", "warfarin", "--on", "2026-11-26", "--reason", "bleeding gums",
                     now=NOW)).stdout  # fmt: skip
    assert "stopped from 2026-11-26 (bleeding gums)" in said
    listed = ok(medlog("list", "--all", now=NOW)).stdout
    assert "warfarin: stopped from 2026-11-26 (bleeding gums)" in listed
    item = json.loads(ok(medlog("list", "--all", "--format", "json", now=NOW)).stdout)["items"][0]
    assert item["stop_reason"] == item["regimen"][0]["stop_reason"] == "bleeding gums"
    markdown = ok(medlog("report", "--format", "md", now=NOW)).stdout
    assert "Warfarin stopped from 2026-11-26 (reason: bleeding gums; was 5 mg" in markdown
    assert "2026-11-25, then stopped (bleeding gums)" in markdown
    assert item_of(medlog)["stop_reason"] == "bleeding gums"
    bundle = json.loads(ok(medlog("export", "--format", "fhir", now=NOW)).stdout)
    (statement,) = [e["resource"] for e in bundle["entry"]
                    if e["resource"]["resourceType"] == "MedicationStatement"]  # fmt: skip
    assert statement["status"] == "stopped"
    assert statement["statusReason"] == [{"text": "bleeding gums"}]
    path = tmp_path / "all.json"
    ok(medlog("export", "-o", str(path), now=NOW))
    other = tmp_path / "other"
    ok(medlog("--home", str(other), "import", str(path), now=NOW))
    assert "(bleeding gums)" in ok(medlog("--home", str(other), "list", "--all", now=NOW)).stdout


def test_resume_before_the_stop_takes_the_reason_away(medlog: Medlog, warfarin: None) -> None:
    """A stop planned for later and then cancelled keeps no reason."""
    ok(medlog("stop", "warfarin", "--on", "2026-12-01", "--reason", "course ends", now=NOW))
    ok(medlog("resume", "warfarin", now=NOW))
    item = json.loads(ok(medlog("list", "--format", "json", now=NOW)).stdout)["items"][0]
    assert item["stop_reason"] is None and item["regimen"][0]["stop_reason"] is None


def test_resume_after_a_stop_with_a_reason_leaves_a_loadable_store(
    medlog: Medlog, warfarin: None
) -> None:
    """Stopped for a reason, resumed later: the new version carries no stop reason (it
    carried the old one, and the loader then refused medlog.toml: found by the long state
    machine); the stopped version keeps its reason."""
    ok(medlog("stop", "warfarin", "--on", "2026-11-20", "--reason", "bleeding", now=NOW))
    ok(medlog("resume", "warfarin", now=NOW))
    assert ok(medlog("check", now=NOW)).stdout == ""
    item = json.loads(ok(medlog("list", "--format", "json", now=NOW)).stdout)["items"][0]
    assert [v["stop_reason"] for v in item["regimen"]] == ["bleeding", None]


def test_holds_travel_in_exports_and_fhir(medlog: Medlog, warfarin: None, tmp_path: Path) -> None:
    """A hold is exported with its item (import keeps it) and noted on the FHIR statement."""
    ok(medlog("hold", "warfarin", "--from", "2026-11-20", "--until", "2026-11-24", "--reason",
              "surgery", now=NOW))  # fmt: skip
    bundle = json.loads(ok(medlog("export", "--format", "fhir", now=NOW)).stdout)
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
    (statement,) = [e["resource"] for e in bundle["entry"]
                    if e["resource"]["resourceType"] == "MedicationStatement"]  # fmt: skip
    assert {"text": "On hold from 2026-11-20 through 2026-11-24 (surgery)."} in statement["note"]
    path = tmp_path / "all.json"
    ok(medlog("export", "-o", str(path), now=NOW))
    other = tmp_path / "other"
    ok(medlog("--home", str(other), "import", str(path), now=NOW))
    figures = json.loads(ok(medlog("--home", str(other), "report", "--format", "json",
                                   now=NOW)).stdout)["items"][0]  # fmt: skip
    assert (figures["missed_doses"], len(figures["holds"])) == (0, 1)


def test_a_hand_edited_hold_is_checked(medlog: Medlog, warfarin: None, home: Path) -> None:
    """Overlapping holds or a hold with no last day in medlog.toml are exit 3 naming the key."""
    ok(medlog("hold", "warfarin", "--from", "2026-11-20", "--until", "2026-11-24", now=NOW))
    config = home / "medlog.toml"
    text = config.read_text()
    config.write_text(text.replace("through = 2026-11-24", "until = 2026-11-24"))
    result = medlog("today", now=NOW)
    assert result.exit_code == 3 and "items.warfarin.holds[1]" in result.stderr
    config.write_text(
        text.replace(
            "holds = [",
            "holds = [\n    { from = 2026-11-22, through = 2026-11-23 },",
        )
    )
    result = medlog("today", now=NOW)
    assert result.exit_code == 3 and "must not overlap" in result.stderr
