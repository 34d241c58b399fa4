"""catalog.py: every entry loads, has a sourced range, and is found by name or brand."""

from __future__ import annotations

from medlog import catalog


def test_every_entry_has_a_sourced_range() -> None:
    """The catalog holds only sourced facts: each range and note names its source."""
    entries = catalog.load()
    assert len(entries) == 12
    for entry in entries:
        assert entry.range is not None and entry.range.source.strip()
        assert all(note.source.strip() for note in entry.notes)


def test_escitalopram_matches_the_label() -> None:
    """Lexapro/Cipralex: 10-20 mg/day, 10 mg tablets, strengths 5/10/20, label as source."""
    entry = catalog.find("Cipralex", catalog.load())
    assert entry is not None and entry.id == "escitalopram"
    assert entry.range is not None
    assert (entry.range.min, entry.range.max, entry.range.per) == (10, 20, "day")
    assert "LEXAPRO" in entry.range.source
    assert (entry.form, entry.strength, entry.strengths) == ("tablet", 10, (5, 10, 20))
    assert any("MAOI" in note.text for note in entry.notes)


def test_magnesium_glycinate_keeps_the_ul_and_elemental_notes() -> None:
    """200-400 mg/day from the source article, plus the NIH UL of 350 mg elemental."""
    entry = catalog.find("magnesium-bisglycinate", catalog.load())
    assert entry is not None and entry.range is not None
    assert (entry.range.min, entry.range.max) == (200, 400)
    texts = " ".join(note.text for note in entry.notes)
    assert "350 mg/day" in texts and "elemental" in texts and "bisphosphonates" in texts


def test_upper_limits_have_no_minimum() -> None:
    """Supplement ULs are upper limits only, in the documented units."""
    limits = {
        entry.id: (entry.range.min, entry.range.max, entry.unit)
        for entry in catalog.load()
        if entry.range is not None and entry.range.min is None
    }
    assert limits == {
        "vitamin-d": (None, 100, "mcg"),
        "zinc": (None, 40, "mg"),
        "iron": (None, 45, "mg"),
        "vitamin-b6": (None, 100, "mg"),
        "vitamin-c": (None, 2000, "mg"),
        "calcium": (None, 2500, "mg"),
        "folic-acid": (None, 1000, "mcg"),
        "vitamin-e": (None, 1000, "mg"),
        "niacin": (None, 35, "mg"),
        "selenium": (None, 400, "mcg"),
    }


def test_find_and_spell() -> None:
    """Lookups ignore case, spaces and hyphens; a brand keeps its capitals."""
    entries = catalog.load()
    entry = catalog.find("LEXAPRO", entries)
    assert entry is not None and catalog.spelled("lexapro", entry) == "Lexapro"
    assert catalog.find("vitamin D3", entries) is not None
    assert catalog.find("unobtainium", entries) is None
    assert [e.id for e in catalog.search("vitamin b", entries)] == ["vitamin-b6", "niacin"]
