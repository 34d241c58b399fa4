"""medlog edit's success paths through the real command line: --kind, --form/--strength,
--range-source, --range none and --name each change what they say and nothing else; a
regimen entered late is re-dated, a planned change cancelled, and every change is audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import Clock, Journal, Run, ok, snapshot

Medlog = Callable[..., Run]


def item_json(medlog: Medlog, key: str) -> dict[str, Any]:
    """One item as `list --all --format json` gives it."""
    items = json.loads(ok(medlog("list", "--all", "--format", "json")).stdout)["items"]
    return next(item for item in items if item["item"] == key)


def lines(result: Run) -> list[str]:
    """The lines a command printed on stdout."""
    return result.stdout.splitlines()


# --kind -----------------------------------------------------------------------------------------


def test_kind_changes_and_leaves_an_audit_line(medlog: Medlog, journal_lines: Journal) -> None:
    """supplement -> otc: the listing shows otc, and list --all says 'kind is now otc'."""
    ok(medlog("add", "Fish oil", "--kind", "supplement", "--dose", "1000mg", "--schedule", "daily"))
    result = ok(medlog("edit", "fish", "oil", "--kind", "otc"))
    assert lines(result) == [
        "Changed Fish oil (fish-oil, otc): 1,000 mg daily from 2026-11-27.",
        "  Kind is now otc.",
    ]
    assert result.stderr == ""
    item = item_json(medlog, "fish-oil")
    assert item["kind"] == "otc"
    assert item["changes"][-1] == {"at": "2026-11-27T09:15:00+00:00", "change": "kind is now otc"}
    assert [{key: version[key] for key in ("from", "dose", "schedule", "until")}
            for version in item["regimen"]] == [
        {"from": "2026-11-27", "dose": 1000, "schedule": "daily", "until": None}
    ]  # fmt: skip
    assert "2026-11-27 09:15  fish-oil: kind is now otc" in ok(medlog("list", "--all")).stdout
    assert journal_lines() == []  # an edit is a regimen change, not a logged event


# --form / --strength ----------------------------------------------------------------------------


def test_form_and_strength_turn_a_tablet_into_milligrams(
    medlog: Medlog, journal_lines: Journal
) -> None:
    """An item in mg given --form tablet --strength 10mg logs `take NAME 1 tablet` as 10 mg."""
    ok(medlog("add", "Pain away", "--kind", "otc", "--dose", "20mg", "--schedule", "as needed"))
    assert item_json(medlog, "pain-away")["form"] is None
    result = ok(medlog("edit", "pain-away", "--form", "tablet", "--strength", "10mg"))
    assert lines(result) == [
        "Changed Pain away (pain-away, otc): 20 mg as needed from 2026-11-27; 1 tablet = 10 mg.",
        "  Form is now tablet of 10 mg from 2026-11-27; the dose of 20 mg is 2 tablets.",
    ]
    assert result.stderr == ""
    item = item_json(medlog, "pain-away")
    assert (item["unit"], item["form"], item["strength"]) == ("mg", "tablet", 10)
    assert item["changes"][-1]["change"] == (
        "form is now tablet of 10 mg from 2026-11-27; the dose of 20 mg is 2 tablets"
    )
    taken = ok(medlog("take", "pain-away", "1", "tablet"))
    assert taken.stdout.startswith("Logged Pain away 10 mg (1 tablet) at 09:15 today")
    [event] = journal_lines()
    assert (event["item"], event["amount"], event["unit"], event["given"]) == (
        "pain-away",
        "10",
        "mg",
        "1 tablet",
    )


def test_a_new_strength_alone_keeps_the_form(medlog: Medlog, journal_lines: Journal) -> None:
    """A second edit of only --strength 20mg keeps the tablet; doses already logged stay 10 mg."""
    ok(medlog("add", "Pain away", "--kind", "otc", "--dose", "20mg", "--schedule", "as needed"))
    ok(medlog("edit", "pain-away", "--form", "tablet", "--strength", "10mg"))
    ok(medlog("take", "pain-away", "1", "tablet", "--at", "08:00"))
    result = ok(medlog("edit", "pain-away", "--strength", "20mg"))
    assert lines(result) == [
        "Changed Pain away (pain-away, otc): 20 mg as needed from 2026-11-27; 1 tablet = 20 mg.",
        "  Form is now tablet of 20 mg from 2026-11-27; the dose of 20 mg is 1 tablet.",
    ]
    item = item_json(medlog, "pain-away")
    assert (item["form"], item["strength"]) == ("tablet", 20)
    taken = ok(medlog("take", "pain-away", "1", "tablet"))
    assert taken.stdout.startswith("Logged Pain away 20 mg (1 tablet) at 09:15 today")
    assert [(e["amount"], e["given"]) for e in journal_lines()] == [
        ("10", "1 tablet"),
        ("20", "1 tablet"),
    ]


# --range-source and --range none ----------------------------------------------------------------


def test_range_source_alone_changes_only_the_source(
    medlog: Medlog, lexapro_added: None, home: Path
) -> None:
    """Lexapro's label range keeps its numbers; only range.source becomes the person's text."""
    before = item_json(medlog, "lexapro")
    result = ok(medlog("edit", "lexapro", "--range-source", "my psychiatrist, 2026-11"))
    assert lines(result) == [
        "Changed Lexapro (lexapro, rx): 10 mg daily 08:00 from 2026-11-20; 1 tablet = 10 mg.",
        "  Range updated.",
        "  Documented range: 10–20 mg/day (US label) [1].",
        "  [1] my psychiatrist, 2026-11",
    ]
    assert result.stderr == ""
    after = item_json(medlog, "lexapro")
    assert after["range"] == before["range"] | {"source": "my psychiatrist, 2026-11"}
    assert after["range"]["min"] == 10 and after["range"]["max"] == 20
    assert after["changes"][-1]["change"] == "range updated"
    unchanged = {k: v for k, v in after.items() if k not in {"range", "changes"}}
    assert unchanged == {k: v for k, v in before.items() if k not in {"range", "changes"}}


def test_range_source_without_a_range_is_refused(medlog: Medlog, home: Path) -> None:
    """An item with no range has nothing to give a source to: exit 2 and the store is untouched."""
    ok(medlog("add", "Fish oil", "--kind", "supplement", "--dose", "1000mg", "--schedule", "daily"))
    before = snapshot(home)
    result = medlog("edit", "fish-oil", "--range-source", "my pharmacist")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "There is no range to give a source to; set one with --range." in result.stderr
    assert snapshot(home) == before
    assert item_json(medlog, "fish-oil")["range"] is None


def test_range_none_removes_the_range(medlog: Medlog, lexapro_added: None) -> None:
    """--range none drops Lexapro's documented range; a dose is then judged against none."""
    result = ok(medlog("edit", "lexapro", "--range", "none"))
    assert lines(result) == [
        "Changed Lexapro (lexapro, rx): 10 mg daily 08:00 from 2026-11-20; 1 tablet = 10 mg.",
        "  Range removed.",
    ]
    assert result.stderr == ""
    item = item_json(medlog, "lexapro")
    assert item["range"] is None
    assert item["changes"][-1]["change"] == "range removed"
    taken = ok(medlog("take", "lexapro"))
    assert taken.stdout.startswith(
        "Logged Lexapro 10 mg at 09:15 today; day total 10 mg (no documented range)."
    )


# --name -----------------------------------------------------------------------------------------


def test_name_renames_the_display_name_and_keeps_the_key(
    medlog: Medlog, lexapro_added: None, journal_lines: Journal
) -> None:
    """--name changes what medlog calls the item; the key, and commands using it, stay."""
    result = ok(medlog("edit", "lexapro", "--name", "Escitalopram 10"))
    assert lines(result)[:2] == [
        "Changed Escitalopram 10 (lexapro, rx): 10 mg daily 08:00 from 2026-11-20; "
        "1 tablet = 10 mg.",
        "  Name 'Lexapro' -> 'Escitalopram 10'.",
    ]
    assert result.stderr == ""
    item = item_json(medlog, "lexapro")
    assert (item["item"], item["name"]) == ("lexapro", "Escitalopram 10")
    assert item["changes"][-1]["change"] == "name 'Lexapro' -> 'Escitalopram 10'"
    taken = ok(medlog("take", "lexapro"))
    assert taken.stdout.startswith("Logged Escitalopram 10 10 mg at 09:15 today")
    assert [event["item"] for event in journal_lines()] == ["lexapro"]


def test_a_name_another_item_has_is_refused(
    medlog: Medlog, lexapro_added: None, home: Path
) -> None:
    """Renaming to another item's name or key is exit 2 and writes nothing."""
    ok(medlog("add", "Fish oil", "--kind", "supplement", "--dose", "1000mg", "--schedule", "daily"))
    before = snapshot(home)
    for taken in ("Fish oil", "fish-oil"):
        result = medlog("edit", "lexapro", "--name", taken)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert "Fish oil (fish-oil) already has that name; choose another." in result.stderr
    assert snapshot(home) == before


def regimen(medlog: Medlog, key: str = "lexapro") -> list[dict[str, Any]]:
    """The item's regimen versions, as list --format json gives them."""
    items = json.loads(ok(medlog("list", "--all", "--format", "json")).stdout)["items"]
    return next(item for item in items if item["item"] == key)["regimen"]  # type: ignore[no-any-return]


def test_a_titration_entered_late_is_re_dated(medlog: Medlog) -> None:
    """20 mg entered today, really from the 24th: --from re-dates it, and past days are
    judged again against the corrected history (issue 10)."""
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
    """list --all shows when each change was made; JSON keeps them too (issue 10)."""
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
    be cancelled (issue 10)."""
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
    """edit --name renames; take still finds the item by its key and by the new name (issue 10)."""
    ok(medlog("edit", "lexapro", "--name", "Lexapro (morning)"))
    ok(medlog("take", "lexapro"))
    ok(medlog("take", "Lexapro (morning)", "--at", "08:00"))
    [item] = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    assert (item["item"], item["name"]) == ("lexapro", "Lexapro (morning)")
