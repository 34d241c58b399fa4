"""add, edit, stop, resume, remove, list and catalog through the real command line: keys made
from names, range checks at add and edit, and text a person typed printed as typed."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, ok, snapshot

Medlog = Callable[..., Run]


def test_add_from_catalog_fills_unit_form_strength_range_and_source(
    medlog: Callable[..., Run], home: Path
) -> None:
    """`add lexapro` finds escitalopram by brand and fills everything, with the label as source."""
    result = medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "Added Lexapro (lexapro, rx): 10 mg daily 08:00 from 2026-11-27; 1 tablet = 10 mg."
    )
    assert "10–20 mg/day" in result.stdout
    assert "LEXAPRO (escitalopram)" in result.stdout
    assert result.stderr == ""
    document = tomllib.loads((home / "medlog.toml").read_text())
    item = document["items"]["lexapro"]
    assert item["substance"] == "escitalopram"
    assert (item["unit"], item["form"], item["strength"]) == ("mg", "tablet", "10 mg")
    assert item["range"]["min"] == "10 mg" and item["range"]["max"] == "20 mg"
    assert item["regimen"] == [
        {
            "from": __import__("datetime").date(2026, 11, 27),
            "dose": "10 mg",
            "schedule": "daily 08:00",
        }
    ]
    assert (home / "medlog.toml").stat().st_mode & 0o777 == 0o600
    assert home.stat().st_mode & 0o777 == 0o700


def test_user_options_override_the_catalog(medlog: Callable[..., Run]) -> None:
    """Any option the person gives wins over the catalog."""
    result = medlog(
        "add",
        "lexapro",
        "--strength",
        "20mg",
        "--range",
        "5-10mg/day",
        "--range-source",
        "my psychiatrist, 2026-11",
        "--dose",
        "1 tablet",
    )
    assert result.exit_code == 0, result.stderr
    listing = json.loads(medlog("list", "--format", "json").stdout)
    item = listing["items"][0]
    assert item["strength"] == 20
    assert item["regimen"][0]["dose"] == 20
    assert item["range"] == {
        "min": 5,
        "max": 10,
        "unit": "mg",
        "per": "day",
        "source": "my psychiatrist, 2026-11",
        "kind": "own",
        "total_intake": False,
    }


def test_add_magnesium_glycinate_by_alias(medlog: Callable[..., Run]) -> None:
    """magnesium bisglycinate finds the catalog entry, with the UL note and its source."""
    result = medlog("add", "magnesium bisglycinate", "--dose", "200mg", "--schedule", "daily 21:00")
    assert result.exit_code == 0, result.stderr
    assert "200–400 mg/day" in result.stdout
    assert "350 mg/day of elemental magnesium" in result.stdout
    assert "Institute of Medicine" in result.stdout


def test_add_outside_the_catalog_needs_a_kind(medlog: Callable[..., Run], home: Path) -> None:
    """An item the catalog does not know must say whether it is rx, otc or a supplement."""
    result = medlog("add", "naproxen", "--dose", "200mg", "--schedule", "as needed")
    assert result.exit_code == 2
    assert "--kind" in result.stderr
    assert not (home / "medlog.toml").exists()
    result = medlog(
        "add", "naproxen", "--dose", "200mg", "--schedule", "as needed max 3/day", "--kind", "otc"
    )
    assert result.exit_code == 0, result.stderr


def test_adding_twice_is_refused(medlog: Callable[..., Run], lexapro: None, home: Path) -> None:
    """The same item cannot be added twice; the store is untouched."""
    before = snapshot(home)
    result = medlog("add", "Lexapro")
    assert result.exit_code == 2
    assert "already in your list" in result.stderr
    assert snapshot(home) == before


@pytest.mark.parametrize("name", ["allergies", "Settings", "profile"])
def test_an_item_cannot_take_a_name_keep_gives_the_store(
    medlog: Callable[..., Run], lexapro: None, home: Path, name: str
) -> None:
    """merge and import --keep allergies=theirs (settings=, profile=) name the allergies, the
    settings or the year of birth: an item keyed so would be chosen with them, never apart
    (an item "allergies" for an antihistamine taken theirs with the allergies). Refused."""
    before = snapshot(home)
    result = medlog("add", name, "--kind", "otc", "--dose", "10mg")
    assert result.exit_code == 2
    assert f"--keep {name.lower()}=theirs" in result.stderr and "e.g." in result.stderr
    assert snapshot(home) == before


def test_edit_appends_a_regimen_version(medlog: Callable[..., Run], lexapro: None) -> None:
    """A new dose from a date is a new version; the old one stays for history."""
    result = medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-15")
    assert result.exit_code == 0, result.stderr
    assert "New regimen: 20 mg daily 08:00 from 2026-11-15" in result.stdout
    regimen = json.loads(medlog("list", "--format", "json").stdout)["items"][0]["regimen"]
    assert regimen == [
        {"from": "2026-11-01", "dose": 10, "schedule": "daily 08:00", "until": None,
         "stop_reason": None, "dose_by_weekday": None, "weekly_total": 70, "form": "tablet",
         "strength": 10, "shown_in": None},
        {"from": "2026-11-15", "dose": 20, "schedule": "daily 08:00", "until": None,
         "stop_reason": None, "dose_by_weekday": None, "weekly_total": 140, "form": "tablet",
         "strength": 10, "shown_in": None},
    ]  # fmt: skip


def test_edit_refuses_a_date_before_the_previous_version(
    medlog: Callable[..., Run], lexapro: None, home: Path
) -> None:
    """Only the latest change can be re-dated; nothing is written on refusal."""
    assert medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-15").exit_code == 0
    before = snapshot(home)
    result = medlog("edit", "lexapro", "--dose", "15mg", "--from", "2026-10-01")
    assert result.exit_code == 2
    assert "on or before the start of Lexapro's earlier regimen" in result.stderr
    assert "Give a day after 2026-11-01" in result.stderr
    assert snapshot(home) == before


def test_stop_and_resume_keep_the_gap(medlog: Callable[..., Run], lexapro: None) -> None:
    """Stopping ends the version; resuming starts a new one from today."""
    assert medlog("stop", "lexapro", "--on", "2026-11-20").exit_code == 0
    assert medlog("list").stdout.count("lexapro") == 0
    assert "lexapro" in medlog("list", "--all").stdout
    assert medlog("stop", "lexapro").exit_code == 2
    result = medlog("resume", "lexapro")
    assert result.exit_code == 0, result.stderr
    regimen = json.loads(medlog("list", "--format", "json").stdout)["items"][0]["regimen"]
    assert [(v["from"], v["until"]) for v in regimen] == [
        ("2026-11-01", "2026-11-20"),
        ("2026-11-27", None),
    ]
    assert medlog("resume", "lexapro").exit_code == 2


def test_list_json_matches_the_contract(medlog: Callable[..., Run], lexapro: None) -> None:
    """list --format json is medlog.items/1 with exactly the documented keys."""
    document = json.loads(medlog("list", "--format", "json").stdout)
    assert document["schema"] == "medlog.items/1"
    item = document["items"][0]
    assert set(item) == {
        "item",
        "name",
        "substance",
        "substances",
        "class",
        "ingredients",
        "counts_as",
        "fraction",
        "amount_is",
        "kind",
        "unit",
        "form",
        "strength",
        "prn",
        "range",
        "regimen",
        "stopped",
        "stop_reason",
        "holds",
        "changes",
    }
    assert item["prn"] is False and item["stopped"] is None
    assert item["substances"] == ["escitalopram"] and item["class"] is None


def test_list_on_an_empty_store_says_how_to_start(medlog: Callable[..., Run]) -> None:
    """An empty list is a friendly sentence, exit 0."""
    result = medlog("list")
    assert result.exit_code == 0
    assert "medlog add" in result.stdout


def test_catalog_shows_ranges_with_sources(medlog: Callable[..., Run]) -> None:
    """catalog lists every entry; a query narrows it; every range shows its source."""
    everything = medlog("catalog")
    assert everything.exit_code == 0
    for name in (
        "Escitalopram",
        "Magnesium glycinate",
        "Vitamin D",
        "Zinc",
        "Iron",
        "Vitamin B6",
        "Vitamin C",
        "Calcium",
        "Folic acid",
        "Vitamin E",
        "Niacin",
        "Selenium",
    ):
        assert name in everything.stdout
    facts = r"^  (Range:|Bands:|Note:|Counts as|1 IU =|Classes:|Taken together:)"
    assert len(re.findall(facts, everything.stdout, re.MULTILINE)) == everything.stdout.count(
        "(source:"
    )
    narrowed = medlog("catalog", "magnesium")
    assert "Magnesium glycinate" in narrowed.stdout and "Zinc" not in narrowed.stdout
    nothing = medlog("catalog", "unobtainium")
    assert nothing.exit_code == 0 and "Nothing in the catalog" in nothing.stdout


def test_catalog_lists_the_questionnaires_with_bands_and_sources(
    medlog: Callable[..., Run],
) -> None:
    """The PHQ-9 and GAD-7 are listed beside the substances, each band with its source."""
    everything = medlog("catalog")
    assert "PHQ-9" in everything.stdout and "GAD-7" in everything.stdout
    phq9 = medlog("catalog", "PHQ-9")
    assert phq9.exit_code == 0
    assert "GAD-7" not in phq9.stdout and "Escitalopram" not in phq9.stdout
    words = " ".join(phq9.stdout.split())
    assert "0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe" in words
    assert "J Gen Intern Med 2001" in words and "No permission required" in words
    assert "medlog checkin phq9" in words
    gad7 = " ".join(medlog("catalog", "gad").stdout.split())
    assert "0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe" in gad7
    assert "Arch Intern Med 2006" in gad7


def test_an_item_added_by_mistake_can_be_stopped_the_same_day(medlog: Callable[..., Run]) -> None:
    """Stopping on the first day leaves a version that was never in force; nothing is expected."""
    assert medlog("add", "zinc", "--dose", "15mg").exit_code == 0
    stopped = medlog("stop", "zinc")
    assert stopped.exit_code == 0, stopped.stderr
    report = json.loads(medlog("report", "--format", "json").stdout)
    assert report["items"] == []
    [item] = json.loads(medlog("list", "--all", "--format", "json").stdout)["items"]
    assert [(v["from"], v["until"]) for v in item["regimen"]] == [("2026-11-27", "2026-11-27")]
    fhir = json.loads(medlog("export", "--format", "fhir").stdout)
    assert fhir["entry"] == []


def test_a_list_of_only_stopped_items_says_so(medlog: Callable[..., Run]) -> None:
    """With every item stopped, list says how many --all would show, not "No items yet"."""
    assert medlog("add", "lexapro", "--dose", "10mg", "--start", "2026-11-01").exit_code == 0
    assert medlog("stop", "lexapro", "--on", "2026-11-20").exit_code == 0
    assert medlog("list").stdout == "No item is in force; medlog list --all shows the 1 stopped.\n"
    assert medlog("supply").stdout == "No item is in force today or has a fill logged.\n"


def test_every_option_of_add_and_edit_reaches_the_item() -> None:
    """Each parameter of add and edit is an ItemOptions field (or says which item and when):
    an option added to the command but misspelt in ItemOptions fails here, not silently."""
    import inspect
    from dataclasses import fields

    from medlog.actions.item_options import ItemOptions
    from medlog.cli.items import _RENAMED, NOT_ITEM_OPTIONS, add, edit

    known = {field.name for field in fields(ItemOptions)} | NOT_ITEM_OPTIONS
    for command in (add, edit):
        names = {_RENAMED.get(name, name) for name in inspect.signature(command).parameters}
        assert names - known == set(), command.__name__


def test_an_unknown_parameter_is_a_bug_not_dropped() -> None:
    """_options refuses a name it does not know rather than leaving it out."""
    import pytest

    from medlog.cli.items import _options

    with pytest.raises(TypeError, match="'dosage' is not an item option"):
        _options({"dose": "10mg", "dosage": "20mg"})


def regimen(medlog: Medlog, key: str = "lexapro") -> list[dict[str, Any]]:
    """The item's regimen versions, as list --format json gives them."""
    items = json.loads(ok(medlog("list", "--all", "--format", "json")).stdout)["items"]
    return next(item for item in items if item["item"] == key)["regimen"]  # type: ignore[no-any-return]


def test_schedules_take_twelve_hour_times(medlog: Medlog) -> None:
    """--schedule 'daily 8am, 9pm' is stored as daily 08:00,21:00 (issue 10)."""
    ok(
        medlog(
            "add", "zinc", "--kind", "supplement", "--dose", "10mg", "--schedule", "daily 8am, 9pm"
        )
    )
    assert regimen(medlog, "zinc")[0]["schedule"] == "daily 08:00,21:00"


def test_names_transliterate_and_keep_their_capitals(medlog: Medlog) -> None:
    """Johanniskraut Größe becomes johanniskraut-groesse; St John's Wort st-johns-wort
    (issue 10)."""
    ok(medlog("add", "Johanniskraut Größe", "--kind", "supplement", "--dose", "300mg"))
    ok(medlog("add", "St John's Wort", "--kind", "supplement", "--dose", "300mg"))
    items = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    assert [(item["item"], item["name"]) for item in items] == [
        ("johanniskraut-groesse", "Johanniskraut Größe"),
        ("st-johns-wort", "St John's Wort"),
    ]


def test_a_range_from_zero_is_an_upper_limit_and_the_store_still_loads(medlog: Medlog) -> None:
    """`--range 0-1200mg/day` is stored as up to 1200 mg/day; every later command works (an
    outsider's finding, issue 8)."""
    ok(
        medlog(
            "add", "ibuprofen", "--kind", "otc", "--dose", "200mg",
            "--schedule", "as needed", "--range", "0-1200mg/day",
        )
    )  # fmt: skip
    listed = json.loads(ok(medlog("list", "--format", "json")).stdout)
    assert listed["items"][0]["range"]["min"] is None
    assert listed["items"][0]["range"]["max"] == 1200
    ok(medlog("take", "ibuprofen"))
    assert ok(medlog("check")).stdout == ""


def test_a_dose_outside_the_range_is_said_at_add_and_edit(medlog: Medlog) -> None:
    """40 mg of Lexapro a day is above 10-20 mg/day: add and edit warn, and keep the change
    (issue 9)."""
    added = ok(medlog("add", "lexapro", "--dose", "40mg", "--schedule", "daily 08:00"))
    assert "Lexapro at 40 mg daily 08:00 comes to 40 mg a day, above the documented range" in (
        added.stderr
    )
    assert "the prescriber decides" in added.stderr
    edited = ok(medlog("edit", "lexapro", "--schedule", "daily 08:00,20:00"))
    assert "comes to 80 mg a day, above" in edited.stderr
    fine = ok(medlog("edit", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00"))
    assert fine.stderr == ""


def test_a_weekly_dose_is_averaged_over_its_week(medlog: Medlog) -> None:
    """70 mg once a week is 10 mg a day on average: within 10-20 mg/day, no warning (issue 9)."""
    result = ok(medlog("add", "lexapro", "--dose", "70mg", "--schedule", "weekly sun 08:00"))
    assert result.stderr == ""


def test_stop_says_it_once(medlog: Medlog) -> None:
    """stop prints one line about the stop, not two (issue 9)."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    result = ok(medlog("stop", "lexapro", "--on", "2026-11-30"))
    assert result.stdout.lower().count("stopped from 2026-11-30") == 1


def test_stop_then_resume_on_the_same_day_keeps_one_regimen(medlog: Medlog) -> None:
    """add, stop and resume on one day leave the item active with a single version (an
    outsider's finding, issue 8)."""
    ok(medlog("add", "x", "--kind", "rx", "--dose", "10mg"))
    ok(medlog("stop", "x"))
    ok(medlog("resume", "x"))
    [item] = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    assert item["stopped"] is None
    assert [(v["from"], v["until"]) for v in item["regimen"]] == [("2026-11-27", None)]
    assert ok(medlog("check")).stdout == ""


def test_stop_on_the_start_day_then_resume_that_day(medlog: Medlog) -> None:
    """`stop --on <start>` and `resume` on that day: the regimen goes on from its start (an
    outsider's finding, issue 8)."""
    ok(medlog("add", "x", "--kind", "rx", "--dose", "10mg", "--start", "2026-11-20"))
    ok(medlog("stop", "x", "--on", "2026-11-20", now="2026-11-20T09:00"))
    ok(medlog("resume", "x", now="2026-11-20T10:00"))
    ok(medlog("take", "x", now="2026-11-21T08:00"))
    assert ok(medlog("check", now="2026-11-21T08:00")).stdout == ""


def test_remove_only_an_item_with_nothing_logged(medlog: Medlog, lexapro: None) -> None:
    """An item added by mistake goes; one with doses is refused, pointing at stop (issue 10)."""
    ok(medlog("add", "lexpro", "--kind", "rx", "--dose", "10mg"))
    assert "Removed lexpro" in ok(medlog("remove", "lexpro")).stdout
    ok(medlog("take", "lexapro"))
    refused = medlog("remove", "lexapro")
    assert refused.exit_code == 2 and "medlog stop lexapro" in refused.stderr


@pytest.mark.parametrize("query", ["[/bold]", "[bold red]x", ":smile:"])
def test_rich_markup_in_user_text_is_printed_as_typed(medlog: Medlog, query: str) -> None:
    """Text a person typed is never read as Rich markup or emoji codes (an outsider's finding,
    issue 8)."""
    result = medlog("catalog", query)
    assert result.exit_code == 0, result.stderr
    assert query in result.stdout
