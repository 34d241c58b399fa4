"""medlog speaks like a person (issue 10): names and text typed without quotes, a regimen that
can be corrected, an undo that asks before reaching back, and tables that fit the terminal."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Clock, Run, in_terminal, ok, snapshot

Medlog = Callable[..., Run]


def regimen(medlog: Medlog, key: str = "lexapro") -> list[dict[str, Any]]:
    """The item's regimen versions, as list --format json gives them."""
    items = json.loads(ok(medlog("list", "--all", "--format", "json")).stdout)["items"]
    return next(item for item in items if item["item"] == key)["regimen"]  # type: ignore[no-any-return]


# Words people type --------------------------------------------------------------------------


def test_a_name_of_two_words_needs_no_quotes(medlog: Medlog) -> None:
    """add, take, skip, stop and resume all take magnesium glycinate without quotes."""
    ok(medlog("add", "magnesium", "glycinate", "--dose", "200mg", "--schedule", "daily 9pm"))
    taken = ok(medlog("take", "magnesium", "glycinate", "300", "mg", "--at", "08:00"))
    assert taken.stdout.startswith("Logged Magnesium glycinate 300 mg at 08:00 today")
    ok(medlog("skip", "magnesium", "glycinate"))
    ok(medlog("stop", "magnesium", "glycinate", "--on", "2026-12-01"))
    ok(medlog("resume", "magnesium", "glycinate"))


def test_text_that_lost_its_quotes_is_explained(medlog: Medlog, lexapro: None, home: Path) -> None:
    """`--note took with food` shows the command with quotes instead of a bad amount."""
    before = snapshot(home)
    note = medlog("take", "lexapro", "5mg", "--note", "took", "with", "food")
    assert note.exit_code == 2
    assert 'medlog take lexapro 5mg --note "took with food"' in note.stderr
    reason = medlog("skip", "lexapro", "--reason", "too", "tired")
    assert reason.exit_code == 2
    assert 'medlog skip lexapro --reason "too tired"' in reason.stderr
    assert snapshot(home) == before


def test_an_option_split_by_the_shell_is_not_a_name(medlog: Medlog, home: Path) -> None:
    """`add lexapro --dose 20 mg` does not create an item called 'lexapro mg'."""
    result = medlog("add", "lexapro", "--dose", "20", "mg")
    assert result.exit_code == 2
    assert "look like an amount or a time (mg)" in result.stderr
    assert not home.exists()
    ok(medlog("add", "lexapro", "--dose", "20mg"))
    edited = medlog("edit", "lexapro", "--dose", "10", "mg")
    assert edited.exit_code == 2 and "'mg' came after Lexapro's name" in edited.stderr


def test_a_date_alone_takes_the_items_dose_time(medlog: Medlog, lexapro: None) -> None:
    """`--at yesterday` and `--at "20 Nov"` log at the item's 08:00, not at noon."""
    ok(medlog("take", "lexapro", "--at", "yesterday"))
    ok(medlog("take", "lexapro", "--at", "20 Nov"))
    events = json.loads(ok(medlog("history", "--format", "json")).stdout)["events"]
    assert [event["at"] for event in events] == [
        "2026-11-20T08:00:00+00:00",
        "2026-11-26T08:00:00+00:00",
    ]


def test_a_time_in_another_zone_is_shown_in_that_zone(
    medlog: Medlog, lexapro: None, zone: Callable[[str], None]
) -> None:
    """--at 2026-11-24T08:00Z in New York shows '08:00 UTC', not the local 03:00."""
    zone("America/New_York")
    result = ok(medlog("take", "lexapro", "--at", "2026-11-24T08:00Z"))
    assert "at 08:00 UTC 2026-11-24;" in result.stdout


def test_schedules_take_twelve_hour_times(medlog: Medlog) -> None:
    """--schedule 'daily 8am, 9pm' is stored as daily 08:00,21:00."""
    ok(
        medlog(
            "add", "zinc", "--kind", "supplement", "--dose", "10mg", "--schedule", "daily 8am, 9pm"
        )
    )
    assert regimen(medlog, "zinc")[0]["schedule"] == "daily 08:00,21:00"


def test_a_dose_other_than_the_regimens_is_said(medlog: Medlog, lexapro: None) -> None:
    """One tablet logged while the regimen says 20 mg: take says so."""
    ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-20"))
    result = ok(medlog("take", "lexapro", "1", "tablet"))
    assert "This dose is 10 mg; Lexapro's regimen on 2026-11-27 is 20 mg a dose." in result.stderr


def test_two_doses_at_the_same_minute_warn(medlog: Medlog, lexapro: None) -> None:
    """The same dose logged twice for 08:00 warns the second time, whatever the ids."""
    ok(medlog("take", "lexapro", "--at", "8am"))
    second = ok(medlog("take", "lexapro", "--at", "08:00"))
    assert "This is the 2nd dose of Lexapro today" in second.stderr


def test_yesterdays_forgotten_dose_is_pointed_out(medlog: Medlog, clock: Clock) -> None:
    """today names yesterday's missed dose; a morning dose far from its 21:00 slot asks if it
    was yesterday's."""
    ok(medlog("add", "magnesium glycinate", "--dose", "200mg", "--schedule", "daily 21:00",
              "--start", "2026-11-20"))  # fmt: skip
    clock("2026-11-27T07:40")
    today = ok(medlog("today")).stdout
    assert "Yesterday's 21:00 dose of Magnesium glycinate was not logged" in today
    assert 'medlog take magnesium-glycinate --at "yesterday 21:00"' in today
    late = ok(medlog("take", "magnesium", "glycinate"))
    assert "If it was yesterday's: medlog undo" in late.stderr


def test_names_transliterate_and_keep_their_capitals(medlog: Medlog) -> None:
    """Johanniskraut Größe becomes johanniskraut-groesse; St John's Wort st-johns-wort."""
    ok(medlog("add", "Johanniskraut Größe", "--kind", "supplement", "--dose", "300mg"))
    ok(medlog("add", "St John's Wort", "--kind", "supplement", "--dose", "300mg"))
    items = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    assert [(item["item"], item["name"]) for item in items] == [
        ("johanniskraut-groesse", "Johanniskraut Größe"),
        ("st-johns-wort", "St John's Wort"),
    ]


# A regimen you can correct ---------------------------------------------------------------------


def test_a_titration_entered_late_is_re_dated(medlog: Medlog) -> None:
    """20 mg entered today, really from the 24th: --from re-dates it, and past days are
    judged again against the corrected history."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00",
              "--start", "2026-11-10"))  # fmt: skip
    for day in range(20, 27):
        ok(medlog("take", "lexapro", "20mg", "--at", f"2026-11-{day}T08:00"))
    ok(medlog("edit", "lexapro", "--dose", "20mg"))
    fixed = ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-24"))
    assert "Regimen from 2026-11-27 re-dated: 20 mg daily 08:00 from 2026-11-24" in fixed.stdout
    assert [(v["from"], v["dose"]) for v in regimen(medlog)] == [
        ("2026-11-10", 10),
        ("2026-11-24", 20),
    ]
    report = json.loads(
        ok(
            medlog("report", "--since", "2026-11-24", "--until", "2026-11-26", "--format", "json")
        ).stdout
    )
    assert report["items"][0]["days_above_range"] == 0


def test_every_change_leaves_an_audit_line(medlog: Medlog, lexapro: None, clock: Clock) -> None:
    """list --all shows when each change was made; JSON keeps them too."""
    ok(medlog("edit", "lexapro", "--dose", "20mg", now="2026-11-27T10:00"))
    clock("2026-11-27T11:00")
    ok(medlog("stop", "lexapro", "--on", "2026-12-01"))
    shown = ok(medlog("list", "--all")).stdout
    assert "2026-11-27 10:00  lexapro: new regimen: 20 mg daily 08:00 from 2026-11-27" in shown
    assert "2026-11-27 11:00  lexapro: stopped from 2026-12-01" in shown
    item = json.loads(ok(medlog("list", "--all", "--format", "json")).stdout)["items"][0]
    assert [change["change"].split(":")[0] for change in item["changes"]] == [
        "added",
        "new regimen",
        "stopped from 2026-12-01",
    ]


def test_a_planned_change_can_be_cancelled_and_does_not_block_edits(
    medlog: Medlog, lexapro: None
) -> None:
    """A change planned for December stays while today's edit goes in before it; then it can
    be cancelled."""
    ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-12-10"))
    moved = ok(medlog("edit", "lexapro", "--schedule", "daily 20:00"))
    assert "the change planned from 2026-12-10 stays" in moved.stdout
    assert [(v["from"], v["schedule"]) for v in regimen(medlog)] == [
        ("2026-11-01", "daily 08:00"),
        ("2026-11-27", "daily 20:00"),
        ("2026-12-10", "daily 08:00"),
    ]
    cancelled = ok(medlog("edit", "lexapro", "--cancel-planned"))
    assert "Planned change from 2026-12-10" in cancelled.stdout
    assert [v["from"] for v in regimen(medlog)] == ["2026-11-01", "2026-11-27"]
    assert medlog("edit", "lexapro", "--cancel-planned").exit_code == 2


def test_a_display_name_can_change_and_the_key_stays(medlog: Medlog, lexapro: None) -> None:
    """edit --name renames; take still finds the item by its key and by the new name."""
    ok(medlog("edit", "lexapro", "--name", "Lexapro (morning)"))
    ok(medlog("take", "lexapro"))
    ok(medlog("take", "Lexapro (morning)", "--at", "08:00"))
    [item] = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    assert (item["item"], item["name"]) == ("lexapro", "Lexapro (morning)")


def test_remove_only_an_item_with_nothing_logged(medlog: Medlog, lexapro: None) -> None:
    """An item added by mistake goes; one with doses is refused, pointing at stop."""
    ok(medlog("add", "lexpro", "--kind", "rx", "--dose", "10mg"))
    assert "Removed lexpro" in ok(medlog("remove", "lexpro")).stdout
    ok(medlog("take", "lexapro"))
    refused = medlog("remove", "lexapro")
    assert refused.exit_code == 2 and "medlog stop lexapro" in refused.stderr


def test_an_old_undo_wants_the_id_in_a_script(medlog: Medlog, lexapro: None, home: Path) -> None:
    """A bare undo of something logged over a day ago is refused off a terminal, naming the id."""
    ok(medlog("take", "lexapro", now="2026-11-25T08:00"))
    before = snapshot(home)
    result = medlog("undo", now="2026-11-27T09:00")
    assert result.exit_code == 2 and "give its id: medlog undo " in result.stderr
    assert snapshot(home) == before
    event_id = result.stderr.rsplit(" ", 1)[1].strip()
    assert "Voided the 10 mg dose" in ok(medlog("undo", event_id)).stdout


def test_an_old_undo_asks_on_a_terminal(medlog: Medlog, lexapro: None, home: Path) -> None:
    """On a terminal a bare undo that reaches back asks; 'n' changes nothing and exits 0."""
    ok(medlog("take", "lexapro", now="2026-11-25T08:00"))
    before = snapshot(home)
    later = {"MEDLOG_NOW": "2026-11-27T09:00", "MEDLOG_HOME": str(home)}
    code, screen = in_terminal(["undo"], "n\n", later)
    assert code == 0 and "logged over a day ago. Undo it?" in screen
    assert "Nothing changed." in screen
    assert snapshot(home) == before
    code, screen = in_terminal(["undo"], "y\n", later)
    assert code == 0 and "Voided the 10 mg dose of Lexapro at 2026-11-25 08:00" in screen


# Tables that fit --------------------------------------------------------------------------------


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
    """Every line fits COLUMNS; every word shown is a whole word of the wide rendering."""
    monkeypatch.setenv("COLUMNS", "200")
    whole = words_of(medlog, args)
    monkeypatch.setenv("COLUMNS", str(width))
    out = ok(medlog(*args)).stdout
    assert all(len(line) <= width for line in out.splitlines()), out
    shown = re.sub(r"\(Left out at this width:.*?\)", "", out, flags=re.DOTALL)
    for word in shown.split():
        if re.fullmatch(r"[-=]+", word):  # the rule under a header
            continue
        assert word in whole, f"{word!r} is a broken word at {width} columns:\n{out}"
    assert "…" not in out


def test_piped_tables_use_columns_or_100(
    medlog: Medlog, month: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a pipe, tables are at most 100 wide unless COLUMNS says otherwise."""
    monkeypatch.delenv("COLUMNS", raising=False)
    assert max(len(line) for line in ok(medlog("history")).stdout.splitlines()) <= 100


def test_sources_appear_once_as_numbered_notes(
    medlog: Medlog, month: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report table points to each source with a number, listed once under it."""
    monkeypatch.setenv("COLUMNS", "200")
    out = ok(medlog("report")).stdout
    label = "US FDA prescribing information for LEXAPRO (escitalopram) tablets, Dosage and"
    assert " ".join(out.split()).count(label) == 1
    assert "[1] US FDA prescribing information" in out and "10–20 mg/day (US label) [1]" in out


def test_usage_lines_name_arguments_plainly(medlog: Medlog) -> None:
    """Every command's usage line says NAME, never Typer's {NAME}."""
    from medlog.cli.app import COMMAND_MODULES

    for command in COMMAND_MODULES:
        usage = ok(medlog(command, "--help")).stdout.splitlines()[0]
        assert usage.startswith(f"Usage: medlog {command}") and "{" not in usage, usage
