"""catalog.py: every entry loads, has a sourced range, and is found by name or brand."""

from __future__ import annotations

from decimal import Decimal

from medlog import catalog
from medlog.model import LIMIT_KINDS


def test_every_fact_has_a_source() -> None:
    """The catalog holds only sourced facts: each range, note, class list, fraction, IU
    factor and interaction names its source; an entry without a range says so."""
    entries = catalog.load()
    assert len(entries) == 18
    for entry in entries:
        if entry.range is not None:
            assert entry.range.source.strip() and entry.range.kind in LIMIT_KINDS
        else:
            assert entry.id in {"vitamin-a", "st-johns-wort", "melatonin"}, entry.id
        assert all(note.source.strip() for note in entry.notes)
        assert not entry.classes or (entry.classes_source or "").strip()
        for factor in (entry.fraction, entry.mcg_per_iu):
            assert factor is None or (factor.source.strip() and 0 < factor.value <= 1)
    for rule in catalog.interactions():
        assert rule.source.strip() and rule.note.strip() and rule.a and rule.b


def test_iu_factors_are_the_sourced_ones_only() -> None:
    """Vitamin D 1 mcg = 40 IU and retinol 1 IU = 0.3 mcg RAE; never vitamin E."""
    factors = {e.id: e.mcg_per_iu.value for e in catalog.load() if e.mcg_per_iu is not None}
    assert factors == {"vitamin-d": Decimal("0.025"), "vitamin-a": Decimal("0.3")}


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
    """200-400 mg/day from the source article (typical), counting toward magnesium, whose
    NIH UL of 350 mg/day elemental is an upper limit; 14.1 % elemental, with its source."""
    entry = catalog.find("magnesium-bisglycinate", catalog.load())
    assert entry is not None and entry.range is not None
    assert (entry.range.min, entry.range.max, entry.range.kind) == (200, 400, "typical")
    assert entry.counts_as == "magnesium"
    assert entry.fraction is not None and entry.fraction.value == Decimal("0.141")
    texts = " ".join(note.text for note in entry.notes)
    assert "350 mg/day" in texts and "elemental" in texts and "bisphosphonates" in texts
    element = catalog.find("magnesium", catalog.load())
    assert element is not None and element.range is not None
    assert (element.range.max, element.range.kind) == (350, "upper_limit")


def test_upper_limits_have_no_minimum() -> None:
    """Supplement ULs are upper limits only, in the documented units."""
    limits = {
        entry.id: (entry.range.min, entry.range.max, entry.unit)
        for entry in catalog.load()
        if entry.range is not None and entry.range.min is None
    }
    assert limits == {
        "magnesium": (None, 350, "mg"),
        "ibuprofen": (None, 1200, "mg"),
        "acetaminophen": (None, 3000, "mg"),
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
