"""The catalog's facts where they matter: label notes at add, stop and a lowering edit, a
raise faster than the label's pace, and in the clinician summary; interactions by class;
spacing from the product labels; --substance getting every fact of its substance; a store
written earlier judged by today's catalog."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from medlog.migrations import CATALOG
from tests.conftest import Clock, Run, ok, snapshot

Medlog = Callable[..., Run]
FIXTURES = Path(__file__).parent.parent / "data"
BOXED = "Boxed warning: antidepressants increased the risk of suicidal thoughts"
TAPER = "gradual reduction of the dose rather than abrupt cessation"
IRON = "Accidental overdose of iron-containing products is a leading cause of fatal poisoning"

# How tests/data/schema-2 was written, by medlog before catalog versions (commit fdf8e70),
# with MEDLOG_NOW=2026-11-20T09:00 and TZ=UTC; each `take` with these --at times.
BEFORE_ADDS = [
    ("lexapro", "--dose", "10mg", "--schedule", "daily 08:00"),
    ("magnesium", "glycinate", "--dose", "200mg", "--schedule", "daily 21:00"),
    ("ibuprofen",),
    ("Doctors Best Magnesium", "--substance", "magnesium-glycinate", "--kind", "supplement",
     "--dose", "300mg", "--schedule", "daily 21:00"),
    ("D3 drops", "--substance", "vitamin-d", "--kind", "supplement", "--dose", "25mcg",
     "--schedule", "daily 08:00"),
    ("vitamin a retinol", "--dose", "25000 IU", "--schedule", "daily 08:00"),
    ("ciprofloxacin", "--kind", "rx", "--substance", "ciprofloxacin", "--class", "quinolone",
     "--dose", "500mg", "--schedule", "daily 08:00,20:00"),
    ("levothyroxine", "--kind", "rx", "--substance", "levothyroxine", "--dose", "50mcg",
     "--schedule", "daily 06:00"),
    ("calcium", "--dose", "500mg", "--schedule", "daily 09:00"),
]  # fmt: skip
STARTS = {"ciprofloxacin": "2026-11-10"}  # the others from 2026-10-01
REPORT = ("report", "--since", "2026-11-01", "--until", "2026-11-19", "--format", "json")


def figures(report: dict[str, Any]) -> dict[str, Any]:
    """A report without the items' display names (the catalog spells a name it knows when it
    is added: "Ciprofloxacin"; a store keeps the name as it was typed then)."""
    items = [{k: v for k, v in row.items() if k != "name"} for row in report["items"]]
    return report | {"items": items}


def added(medlog: Medlog, *args: str) -> str:
    """What ``add`` printed (it must succeed)."""
    return ok(medlog("add", *args)).stdout


def test_a_store_from_before_catalog_versions_reports_as_if_added_now(
    medlog: Medlog, home: Path, tmp_path: Path, clock: Clock
) -> None:
    """The schema-2 fixture (written before this catalog) gives, once loaded, the figures of the
    same regimen added now, and reading it writes nothing."""
    clock("2026-11-20T09:00")  # when the fixture was written, so the fresh adds match it
    shutil.copytree(FIXTURES / "schema-2", home)
    before = snapshot(home)
    migrated = ok(medlog(*REPORT)).stdout
    assert snapshot(home) == before
    fresh = tmp_path / "fresh"
    for args in BEFORE_ADDS:
        start = STARTS.get(args[0], "2026-10-01")
        ok(medlog("--home", str(fresh), "add", *args, "--start", start))
    shutil.copy(FIXTURES / "schema-2" / "journal.jsonl", fresh / "journal.jsonl")
    again = ok(medlog("--home", str(fresh), *REPORT)).stdout
    report = json.loads(migrated)
    assert figures(report) == figures(json.loads(again))
    totals = {figures["substance"]: figures for figures in report["ingredients"]}
    assert totals["magnesium"]["items"] == ["doctors-best-magnesium", "magnesium-glycinate"]
    assert totals["magnesium"]["max_day_total"] == 500
    assert totals["vitamin-a"]["limit"]["max"] == 3000
    items = {row["item"]: row for row in report["items"]}
    assert items["doctors-best-magnesium"]["range"]["max"] == 400
    assert items["d3-drops"]["range"]["max"] == 100
    rules = {(m["a"], m["b"], m["after"]) for m in report["spacing_misses"]}
    assert ("doctors-best-magnesium", "ciprofloxacin", "6h") in rules
    assert not any(b == "ciprofloxacin" and after == "4h" for _, b, after in rules)


def test_the_first_write_keeps_the_upgrade_with_an_audit_line(medlog: Medlog, home: Path) -> None:
    """The next write records the catalog's version and the new facts; the file medlog wrote
    before is not taken for a hand edit (no backup); each item that changed says so."""
    shutil.copytree(FIXTURES / "schema-2", home)
    ok(medlog("add", "zinc", "--dose", "10mg"))
    text = (home / "medlog.toml").read_text()
    assert f"catalog = {CATALOG}" in text and not (home / "medlog.toml~").exists()
    assert text.count('counts_as = "magnesium"') == 2 and 'mcg_per_iu = "0.025"' in text
    listed = json.loads(ok(medlog("list", "--format", "json")).stdout)
    drops = next(item for item in listed["items"] if item["item"] == "d3-drops")
    assert drops["range"]["max"] == 100
    history = ok(medlog("list", "--all")).stdout
    assert f"brought up to date with medlog's catalog (version {CATALOG})" in history


def test_an_upgrade_never_overwrites_the_person_s_choices(medlog: Medlog, home: Path) -> None:
    """Their own range and its source, --amount-is compound, --fraction and their own spacing
    rule survive a store being brought up to date; the catalog's facts come back."""
    ok(medlog("add", "Doctors Best", "--substance", "magnesium-glycinate", "--dose", "300mg",
              "--range", "100-200mg/day", "--range-source", "Dr Ames", "--amount-is",
              "compound", "--fraction", "0.2"))  # fmt: skip
    ok(medlog("add", "calcium", "--dose", "500mg"))
    ok(medlog("space", "doctors best", "calcium", "3h"))
    config = home / "medlog.toml"
    old = re.sub(r'catalog = \d+\n|counts_as = "magnesium"\n', "", config.read_text())
    config.write_text(old)
    item = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"][0]
    assert item["range"]["source"] == "Dr Ames" and item["range"]["max"] == 200
    saved = config.read_text()
    assert 'amount_is = "compound"' in saved and 'fraction = "0.2"' in saved
    assert "set by you" in ok(medlog("space")).stdout
    ok(medlog("take", "doctors best", "2000mg"))  # 400 mg of magnesium at 0.2
    report = json.loads(ok(medlog("report", "--format", "json")).stdout)
    magnesium = next(s for s in report["ingredients"] if s["substance"] == "magnesium")
    # A range of their own: the upper limit is information for it, never "over".
    assert (magnesium["max_day_total"], magnesium["days_as_information"]) == (400, 1)


def test_take_on_a_current_store_never_loads_the_catalog(medlog: Medlog, home: Path) -> None:
    """A store brought up to date is never given to the catalog again: take stays light."""
    ok(medlog("add", "lexapro", "--dose", "10mg"))
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "medlog", "take", "lexapro"],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()}
    assert "Logged Lexapro" in run.stdout and "medlog.catalog" not in loaded
    assert "medlog.regimen_toml" in loaded  # the list is the take's own


def test_vitamin_a_is_judged_against_the_preformed_upper_limit(medlog: Medlog) -> None:
    """25,000 IU of retinol is 7,500 mcg RAE, above the adult UL of 3,000 mcg (IOM 2001),
    whether the item is named for it or points at it with --substance."""
    added(medlog, "vitamin a retinol")
    taken = ok(medlog("take", "vitamin a retinol", "25000 IU"))
    assert "25,000 IU (7,500 mcg)" in taken.stdout and "3,000 mcg/day" in taken.stdout
    assert "Institute of Medicine (2001)" in taken.stderr
    shown = added(medlog, "Vitamin A 25k", "--substance", "vitamin-a", "--dose", "25000 IU")
    assert "25,000 IU (7,500 mcg) daily" in shown
    assert "up to 3,000 mcg/day (adult upper limit, 19+" in shown


def test_escitalopram_shows_its_boxed_warning_and_label_notes_at_add(medlog: Medlog) -> None:
    """The boxed warning (under 25), hyponatremia, severe renal impairment and citalopram,
    each with the label section as its source; tapering is kept for stop."""
    shown = added(medlog, "lexapro", "--dose", "10mg")
    assert BOXED in shown and "(under 25)" in shown and "Boxed Warning" in shown
    assert "Hyponatremia" in shown and "below 20 mL/min" in shown and "citalopram" in shown
    assert TAPER not in shown


def test_the_boxed_warning_is_in_the_clinician_summary(medlog: Medlog, lexapro: None) -> None:
    """report --format md and html list the boxed warning under 'Notes from the labels', with
    its source among the summary's sources."""
    markdown = ok(medlog("report", "--format", "md")).stdout
    assert "## Notes from the labels" in markdown and f"Lexapro: {BOXED}" in markdown
    assert "Boxed Warning and Warnings and Precautions 5.1" in markdown
    page = ok(medlog("report", "--format", "html")).stdout
    assert "<h2>Notes from the labels</h2>" in page and BOXED in page


def test_a_summary_without_escitalopram_has_no_label_notes(medlog: Medlog) -> None:
    """Magnesium alone: no 'Notes from the labels' section."""
    added(medlog, "magnesium glycinate", "--dose", "200mg")
    assert "Notes from the labels" not in ok(medlog("report", "--format", "md")).stdout


def test_stop_and_a_lowering_edit_show_the_tapering_note(medlog: Medlog, lexapro: None) -> None:
    """The label's gradual-reduction note appears at stop and at an edit that lowers the daily
    amount, never at one that raises it or changes only the time."""
    raised = ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-10")).stdout
    assert TAPER not in raised
    moved = ok(medlog("edit", "lexapro", "--schedule", "daily 09:00")).stdout
    assert TAPER not in moved
    lowered = ok(medlog("edit", "lexapro", "--dose", "10mg", "--from", "2026-11-28")).stdout
    assert TAPER in lowered and "discontinuation" in lowered
    stopped = ok(medlog("stop", "lexapro", "--on", "2026-12-01")).stdout
    assert TAPER in stopped and "Stopped Lexapro" in stopped


def test_stop_of_an_item_without_the_note_says_nothing_more(medlog: Medlog) -> None:
    """Stopping magnesium glycinate prints no tapering note."""
    added(medlog, "magnesium glycinate", "--dose", "200mg")
    assert "Note:" not in ok(medlog("stop", "magnesium glycinate")).stdout


@pytest.mark.parametrize(
    "drug",
    ["warfarin", "apixaban", "rivaroxaban", "dabigatran", "edoxaban",
     "aspirin", "clopidogrel", "prasugrel", "ticagrelor"],
)  # fmt: skip
def test_the_bleeding_note_covers_anticoagulants_and_antiplatelets(
    medlog: Medlog, lexapro: None, drug: str
) -> None:
    """Each anticoagulant and antiplatelet beside escitalopram gets the label's bleeding note."""
    shown = added(medlog, drug, "--dose", "5mg")
    assert "With Lexapro: Aspirin, NSAIDs, other antiplatelet drugs" in shown
    assert "increased risk of bleeding" in shown


def test_citalopram_beside_escitalopram_is_noted(medlog: Medlog, lexapro: None) -> None:
    """The label: escitalopram is the active isomer of citalopram; not to be taken together."""
    shown = added(medlog, "citalopram", "--dose", "20mg")
    assert "With Lexapro: Escitalopram is the active isomer of racemic citalopram" in shown
    assert "Drug Interactions" in shown


@pytest.mark.parametrize("mineral", ["magnesium glycinate", "calcium", "iron", "zinc"])
def test_ciprofloxacin_is_kept_2h_before_or_6h_after_minerals(medlog: Medlog, mineral: str) -> None:
    """The ciprofloxacin label: 2 h before or 6 h after magnesium, calcium, iron or zinc; a dose
    5 h after the mineral is too close (the old 4 h rule let it pass)."""
    added(medlog, mineral, "--dose", "10mg")
    shown = added(medlog, "cipro", "--dose", "500mg")
    assert "6 hours after" in shown and "CIPRO (ciprofloxacin)" in shown
    ok(medlog("take", mineral, "--at", "02:00"))
    taken = ok(medlog("take", "cipro", "--at", "07:00"))
    assert "5h apart" in taken.stderr and "6h after" in taken.stderr


def test_tetracyclines_keep_the_nih_rule(medlog: Medlog) -> None:
    """Doxycycline (class tetracycline) with magnesium: 2 h before or 4 h after (NIH ODS)."""
    added(medlog, "magnesium glycinate", "--dose", "200mg")
    added(medlog, "doxycycline", "--kind", "rx", "--class", "tetracycline", "--dose", "100mg")
    rules = ok(medlog("space")).stdout
    assert "at least 2h before or 4h after" in rules and "NIH Office" in rules


@pytest.mark.parametrize("mineral", ["calcium", "iron"])
def test_levothyroxine_is_kept_4h_from_calcium_and_iron(medlog: Medlog, mineral: str) -> None:
    """The levothyroxine label: at least 4 hours before or after calcium and iron."""
    added(medlog, "levothyroxine", "--dose", "50mcg")
    shown = added(medlog, mineral, "--dose", "10mg")
    assert "4 hours before or after" in shown and "SYNTHROID" in shown
    ok(medlog("take", "levothyroxine", "--at", "05:00"))
    assert "3h apart" in ok(medlog("take", mineral, "--at", "08:00")).stderr


def test_iron_products_carry_the_child_poisoning_warning(medlog: Medlog) -> None:
    """Iron, and a multivitamin listing iron, show the 21 CFR 101.17(e) warning at add;
    zinc does not."""
    assert IRON in added(medlog, "iron", "--dose", "18mg")
    multivitamin = added(medlog, "multivitamin", "--kind", "supplement", "--unit", "tablet",
                         "--dose", "1 tablet", "--ingredient", "iron 18mg")  # fmt: skip
    assert IRON in multivitamin and "21 CFR 101.17(e)" in multivitamin
    assert IRON not in added(medlog, "zinc", "--dose", "10mg")


def test_a_substance_named_with_substance_counts_toward_its_total(medlog: Medlog) -> None:
    """Doctors Best --substance magnesium-glycinate counts as magnesium: 300 + 300 mg is 600 mg,
    above the 350 mg upper limit, with the catalog's range and notes."""
    shown = added(medlog, "Doctors Best Magnesium", "--substance", "magnesium-glycinate",
                  "--dose", "300mg")  # fmt: skip
    assert "200–400 mg/day (typical)" in shown and "Amounts are magnesium" in shown
    added(medlog, "magnesium glycinate", "--dose", "300mg")
    ok(medlog("take", "doctors best magnesium"))
    taken = ok(medlog("take", "magnesium glycinate"))
    assert "600 mg from Doctors Best Magnesium 300 mg + Magnesium glycinate 300 mg" in taken.stderr


def test_substance_vitamin_d_accepts_iu(medlog: Medlog) -> None:
    """--substance vitamin-d brings the IU factor: 1000 IU is 25 mcg, judged against 100 mcg."""
    shown = added(medlog, "Nature D3", "--substance", "vitamin-d", "--dose", "1000 IU")
    assert "1,000 IU (25 mcg) daily" in shown and "up to 100 mcg/day" in shown
    assert "1,000 IU (25 mcg)" in ok(medlog("take", "nature d3", "1000 IU")).stdout


def test_edit_substance_brings_the_catalog_facts(medlog: Medlog, home: Path) -> None:
    """An item added without a substance, then edit --substance magnesium-glycinate, counts
    as magnesium with the catalog's range and shows its notes; --substance none removes them."""
    added(medlog, "Calm Caps", "--kind", "supplement", "--dose", "300mg")
    changed = ok(medlog("edit", "calm caps", "--substance", "magnesium-glycinate")).stdout
    assert "Range from the catalog" in changed and "350 mg/day of elemental magnesium" in changed
    assert 'counts_as = "magnesium"' in (home / "medlog.toml").read_text()
    cleared = ok(medlog("edit", "calm caps", "--substance", "none")).stdout
    assert "Range removed" in cleared
    assert "counts_as" not in (home / "medlog.toml").read_text()
    kept = ok(medlog("edit", "calm caps", "--substance", "zinc", "--range", "none")).stdout
    assert "Documented range" not in kept
    assert "calm-caps.range" not in (home / "medlog.toml").read_text()


def test_calcium_states_the_age_51_limit_without_telling_anyone_to_edit(medlog: Medlog) -> None:
    """The 2,000 mg limit from 51 is information with its 2011 source; no --range advice."""
    shown = added(medlog, "calcium", "--dose", "500mg")
    assert "2,000 mg a day from age 51" in shown and "--range" not in shown
    assert "Institute of Medicine (2011)" in shown


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("cipralex", "Cipralex is a name used outside the US; medlog applies the US label for "
                     "escitalopram."),
        ("paracetamol", "Paracetamol is a name used outside the US; medlog applies the US label "
                        "for acetaminophen."),
    ],
)  # fmt: skip
def test_a_name_from_another_country_says_the_us_label_applies(
    medlog: Medlog, name: str, said: str
) -> None:
    """Cipralex and paracetamol find their substance and say whose label is applied."""
    assert said in added(medlog, name, *(["--strength", "500mg"] if name == "paracetamol" else []))


def test_a_us_name_says_nothing_about_other_countries(medlog: Medlog) -> None:
    """Lexapro is a US brand: no sentence about another country."""
    assert "outside the US" not in added(medlog, "lexapro")


def test_an_export_from_before_catalog_versions_imports_beside_its_upgraded_store(
    medlog: Medlog, tmp_path: Path
) -> None:
    """An export written before catalog versions (no catalog, an item without the facts
    --substance now brings) matches the same item here, brought up to date alike."""
    added(medlog, "Doctors Best", "--substance", "magnesium-glycinate", "--dose", "300mg")
    exported = tmp_path / "export.json"
    ok(medlog("export", "-o", str(exported)))
    document = json.loads(exported.read_text())
    assert document["catalog"] == CATALOG
    del document["catalog"]
    item = document["items"]["doctors-best"]
    for key in ("counts_as", "fraction", "fraction_source", "range"):
        del item[key]
    exported.write_text(json.dumps(document))
    result = ok(medlog("import", str(exported)))
    assert "0 item(s)" in result.stdout


def lexapro_from(medlog: Medlog, start: str) -> None:
    """Lexapro 10 mg daily at 08:00 from ``start``."""
    ok(medlog("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start", start))


def test_raising_too_fast_is_said_with_the_labels_words(medlog: Medlog, clock: Clock) -> None:
    """20 mg two days after 10 mg began: the catalog's pace rule warns, with its source
    (issue 9)."""
    clock("2026-11-20T09:00")
    lexapro_from(medlog, "2026-11-20")
    fast = ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-22"))
    assert "Lexapro goes to 20 mg on 2026-11-22, 2 day(s) after 10 mg began on 2026-11-20" in (
        fast.stderr
    )
    assert "An increase to 20 mg should come after at least 1 week" in fast.stderr
    assert "(source: US FDA prescribing information" in fast.stderr


def test_raising_after_a_week_is_quiet(medlog: Medlog, clock: Clock) -> None:
    """20 mg eight days after 10 mg began breaks no rule (issue 9)."""
    clock("2026-11-20T09:00")
    lexapro_from(medlog, "2026-11-20")
    assert ok(medlog("edit", "lexapro", "--dose", "20mg", "--from", "2026-11-28")).stderr == ""
