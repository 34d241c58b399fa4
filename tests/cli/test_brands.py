"""The catalog by name and by brand (issue 24): medlog catalog alone lists each entry on one
line with its kind and range; Advil, Motrin and Tylenol are found by catalog and add with
their source; Tylenol's strengths have labels of their own, so add asks which (or takes
--strength) instead of assuming one."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from medlog import catalog
from tests.conftest import Run, in_terminal, ok, snapshot

Medlog = Callable[..., Run]


def listed(medlog: Medlog) -> dict[str, Any]:
    (item,) = json.loads(ok(medlog("list", "--format", "json")).stdout)["items"]
    return dict(item)


def test_catalog_alone_lists_a_line_per_name(
    medlog: Medlog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100 columns every entry (each strength of acetaminophen) and questionnaire is one
    line with its kind, range and what the range is, its source a numbered footnote."""
    monkeypatch.setenv("COLUMNS", "100")
    shown = ok(medlog("catalog")).stdout
    lines = shown.splitlines()
    rows = lines[2 : next(n for n, line in enumerate(lines) if line.startswith("["))]
    entries = catalog.load()
    expected = sum(max(1, len(entry.products)) for entry in entries) + 2  # PHQ-9, GAD-7
    assert len([line for line in rows if "  " in line]) == expected
    assert len(lines) < 70
    for row in (
        "Escitalopram (Lexapro, Cipralex)   rx              10–20 mg/day          US label [1]",
        "Ibuprofen (Advil, Motrin)          otc             up to 1,200 mg/day    US label [10]",
        "Acetaminophen 325 mg (Tylenol)     otc             up to 3,250 mg/day    US label [11]",
        "Acetaminophen 650 mg (Tylenol)     otc             up to 3,900 mg/day    US label [13]",
        "St John's Wort                     supplement      no documented range",
    ):
        assert row in lines
    assert "[11] US OTC Drug Facts label, acetaminophen Regular Strength 325 mg tablets, " in shown


@pytest.mark.parametrize(
    ("name", "brands"),
    [("advil", "Advil, Motrin"), ("Motrin", "Advil, Motrin"), ("TYLENOL", "Tylenol")],
)
def test_catalog_finds_a_brand_with_its_source(medlog: Medlog, name: str, brands: str) -> None:
    """catalog NAME finds the substance by its brand and says where the brand comes from."""
    shown = ok(medlog("catalog", name)).stdout
    assert f"  Brands: {brands} (source: US OTC Drug Facts labels of " in shown


def test_catalog_shows_each_strengths_directions(medlog: Medlog) -> None:
    """Tylenol's three labels, each with its directions, range and source."""
    shown = " ".join(ok(medlog("catalog", "tylenol")).stdout.split())
    assert "Strengths whose labels differ (medlog add asks which):" in shown
    assert ("Regular Strength 325 mg: 2 tablets every 4 to 6 hours while symptoms last; not more "
            "than 10 tablets (3,250 mg) in 24 hours") in shown  # fmt: skip
    assert "8 HR 650 mg: 2 caplets every 8 hours; not more than 6 caplets (3,900 mg)" in shown
    assert "Range: up to 3,900 mg/day (US label) (source: US OTC Drug Facts label, " in shown


@pytest.mark.parametrize("brand", ["Advil", "motrin"])
def test_add_a_brand_of_ibuprofen(medlog: Medlog, brand: str) -> None:
    """add Advil (or Motrin) fills ibuprofen's label facts and says the brand's source."""
    said = ok(medlog("add", brand)).stdout
    spelled = brand[:1].upper() + brand[1:]
    assert (f"{spelled} is a brand of ibuprofen (source: US OTC Drug Facts labels of Advil and "
            "Motrin products (DailyMed))") in said  # fmt: skip
    item = listed(medlog)
    assert item["substance"] == "ibuprofen" and item["range"]["max"] == 1200


def test_add_tylenol_asks_which_strength(medlog: Medlog, home: Path) -> None:
    """Without a terminal to ask on, add tylenol names the three strengths and --strength, and
    changes nothing."""
    result = medlog("add", "tylenol")
    assert result.exit_code == 2 and not home.exists()
    assert (
        "Tylenol comes in strengths whose labels give different directions (Regular Strength "
        "325 mg, Extra Strength 500 mg, 8 HR 650 mg); say which you have with --strength, e.g. "
        "medlog add tylenol --strength 325mg"
    ) in result.stderr
    assert "(medlog catalog acetaminophen shows each label's directions)" in result.stderr


@pytest.mark.parametrize(
    ("strength", "schedule", "most", "per_dose", "dose"),
    [
        ("325mg", "as needed max 5/day min interval 4h", 3250, 650, 650),
        ("500 mg", "as needed max 3/day min interval 6h", 3000, 1000, 1000),
        ("650mg", "as needed max 3/day min interval 8h", 3900, 1300, 1300),
    ],
)
def test_add_tylenol_with_its_strength_takes_that_label(
    medlog: Medlog, strength: str, schedule: str, most: int, per_dose: int, dose: int
) -> None:
    """--strength picks the label: its dose, schedule, 24-hour maximum (with its source) and
    per-dose maximum."""
    added = ok(medlog("add", "tylenol", "--strength", strength)).stdout
    assert "Liver warning: severe liver damage may occur" in " ".join(added.split())
    item = listed(medlog)
    assert item["regimen"][0]["schedule"] == schedule and item["regimen"][0]["dose"] == dose
    assert item["range"]["max"] == most and item["strength"] == int(strength[:3])
    assert f"{strength[:3]} mg" in item["range"]["source"]
    taken = medlog("take", "tylenol", f"{per_dose + 1}mg")
    assert f"above the US label's most in one dose, {per_dose:,} mg" in taken.stderr


def test_a_strength_without_a_label_needs_its_own(medlog: Medlog, home: Path) -> None:
    """A strength none of the labels is for is refused until the person gives the label's
    maximum and directions; then those are the item's."""
    result = medlog("add", "tylenol", "--strength", "400mg")
    assert result.exit_code == 2 and "no label in medlog's catalog is for 400mg" in result.stderr
    assert not home.exists()
    ok(medlog("add", "tylenol", "--strength", "400mg", "--range", "max 2400mg/day",
              "--schedule", "as needed max 3/day min interval 6h"))  # fmt: skip
    item = listed(medlog)
    assert item["range"]["max"] == 2400 and item["range"]["source"] == "set by you"


def test_add_tylenol_on_a_terminal_asks(home: Path) -> None:
    """On a terminal, add lists the labels and takes a number (here 1: Regular Strength)."""
    before = snapshot(home)
    env = {"MEDLOG_HOME": str(home), "MEDLOG_NOW": os.environ["MEDLOG_NOW"]}
    code, screen = in_terminal(["add", "tylenol"], "1\n", env, columns=100)
    assert code == 0, screen
    assert "1. Regular Strength 325 mg: 2 tablets every 4 to 6 hours" in screen
    assert "Which do you have? [1-3]" in screen
    assert "Added Tylenol (tylenol, otc): 650 mg as needed max 5/day min interval 4h" in screen
    assert snapshot(home) != before


def test_a_labels_strength_in_another_unit_is_that_label(medlog: Medlog) -> None:
    """--unit g with --strength 500mg is Extra Strength's tablet, in grams: its label's
    maximum, not "no label in medlog's catalog is for 500mg"."""
    ok(medlog("add", "tylenol", "--unit", "g", "--form", "tablet", "--strength", "500mg"))
    item = listed(medlog)
    assert item["unit"] == "g" and item["strength"] == 0.5
    assert item["range"]["max"] == 3 and "500 mg" in item["range"]["source"]


@pytest.mark.parametrize("answer", ["9", "0", "1.5", "500"])
def test_a_number_not_on_the_list_is_told_so(home: Path, answer: str) -> None:
    """A number that is not one of the labels listed is told so ("not one of 1-3"), not "has
    no unit" as though an amount had been asked for; nothing is added."""
    before = snapshot(home)
    env = {"MEDLOG_HOME": str(home), "MEDLOG_NOW": os.environ["MEDLOG_NOW"]}
    code, screen = in_terminal(["add", "tylenol"], f"{answer}\n", env, columns=100)
    assert code == 2, screen
    assert f"'{answer}' is not one of 1-3" in screen and "has no unit" not in screen
    assert "e.g. 500mg" in screen
    assert snapshot(home) == before


@pytest.mark.parametrize(
    ("first", "then", "said"),
    [("advil", "motrin", "Motrin and Advil are both ibuprofen"),
     ("ibuprofen", "advil", "Advil and Ibuprofen are both ibuprofen"),
     ("lexapro", "escitalopram", "Escitalopram and Lexapro are both escitalopram")],
)  # fmt: skip
def test_a_second_item_of_one_substance_says_so(
    medlog: Medlog, first: str, then: str, said: str
) -> None:
    """Advil and then Motrin (two brands of ibuprofen): add says the two are one substance,
    whose doses count together, instead of adding a second ibuprofen without a word."""
    ok(medlog("add", first))
    added = ok(medlog("add", then))
    assert f"{said}: a dose of either is a dose of {said.rsplit(maxsplit=1)[-1]}." in added.stderr
    ok(medlog("stop", then))
    ok(medlog("stop", first))
    assert "are both" not in ok(medlog("add", "tylenol", "--strength", "325mg")).stderr
