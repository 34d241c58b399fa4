"""catalog.py: every entry loads, has a sourced range, and is found by name or brand."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from medlog import catalog, catalog_text
from medlog.migrations import CATALOG
from medlog.model import LIMIT_KINDS
from medlog.units import format_decimal

NO_RANGE = {
    "st-johns-wort",
    "melatonin",
    *("warfarin", "apixaban", "rivaroxaban", "dabigatran", "edoxaban"),
    *("aspirin", "clopidogrel", "prasugrel", "ticagrelor"),
    *("citalopram", "ciprofloxacin", "levothyroxine"),
}
LEXAPRO = "US FDA prescribing information for LEXAPRO (escitalopram) tablets"


def entry(name: str) -> catalog.Substance:
    """The catalog entry ``name`` finds (it must find one)."""
    found = catalog.find(name, catalog.load())
    assert found is not None, name
    return found


def test_every_fact_has_a_source() -> None:
    """The catalog holds only sourced facts: each range, note, class list, fraction, IU
    factor and interaction names its source; an entry without a range says so."""
    entries = catalog.load()
    assert len(entries) == 30
    for entry in entries:
        if entry.range is not None:
            assert entry.range.source.strip() and entry.range.kind in LIMIT_KINDS
        else:
            assert entry.id in NO_RANGE, entry.id
            assert "no documented" in entry.summary.lower(), entry.id
        assert all(note.source.strip() for note in entry.notes)
        assert all(set(note.shown) <= set(catalog.NOTE_PLACES) for note in entry.notes)
        assert set(entry.outside_us) <= set(entry.aliases)
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
        "vitamin-a": (None, 3000, "mcg"),
    }


def test_find_and_spell() -> None:
    """Lookups ignore case, spaces and hyphens; a brand keeps its capitals."""
    entries = catalog.load()
    entry = catalog.find("LEXAPRO", entries)
    assert entry is not None and catalog.spelled("lexapro", entry) == "Lexapro"
    assert catalog.find("vitamin D3", entries) is not None
    assert catalog.find("unobtainium", entries) is None
    assert [e.id for e in catalog.search("vitamin b", entries)] == ["vitamin-b6", "niacin"]


def test_the_catalog_version_is_the_one_stores_record() -> None:
    """catalog.toml's version is migrations.CATALOG, and no range is newer than the catalog."""
    assert catalog.version() == CATALOG
    assert all(e.range_since <= CATALOG for e in catalog.load())


def test_vitamin_a_has_the_preformed_upper_limit() -> None:
    """Preformed vitamin A, adults 19+: 3,000 mcg RAE (10,000 IU) a day (IOM 2001, via NIH
    ODS), an upper limit added in catalog version 1; 10,000 IU at 0.3 mcg/IU is 3,000 mcg."""
    retinol = entry("retinol")
    assert retinol.range is not None and retinol.mcg_per_iu is not None
    assert (retinol.range.max, retinol.range.kind, retinol.unit) == (3000, "upper_limit", "mcg")
    assert retinol.range.min is None and retinol.range_since == 1
    assert "Institute of Medicine (2001)" in retinol.range.source
    assert "vitamin A fact sheet" in retinol.range.source
    assert 10000 * retinol.mcg_per_iu.value == retinol.range.max
    assert "Beta-carotene does not count" in retinol.summary
    assert retinol.limit_name == "preformed vitamin A"


def test_escitalopram_notes_name_their_label_sections() -> None:
    """The boxed warning (under 25; at add and in the summary), tapering (at stop and at a
    lowering edit), hyponatremia, severe renal impairment and citalopram, each citing the
    label's section."""
    notes = {note.text.split(":")[0].split(" ")[0]: note for note in entry("lexapro").notes}
    boxed = notes["Boxed"]
    assert "under 25" in boxed.text and "suicidal thoughts and behaviors" in boxed.text
    assert boxed.shown == ("add", "summary") and "Boxed Warning" in boxed.source
    taper = notes["Discontinuation"]
    assert "gradual reduction of the dose rather than abrupt cessation" in taper.text
    assert taper.shown == ("stop", "lower") and "Dosage and Administration" in taper.source
    sodium = notes["Hyponatremia"]
    assert "SIADH" in sodium.text and "(hyponatremia)" in sodium.source
    assert "below 20 mL/min" in notes["Severe"].text and "renal" in notes["Severe"].source
    assert "not be taken together" in notes["Escitalopram"].text
    assert all(note.source.startswith(LEXAPRO) for note in notes.values())


def test_bleeding_is_noted_for_the_classes_not_one_name() -> None:
    """Every anticoagulant and antiplatelet the sources name belongs to its catalog class,
    and the escitalopram bleeding note names the classes."""
    classes = {"anticoagulant": {"warfarin", "apixaban", "rivaroxaban", "dabigatran", "edoxaban"},
               "antiplatelet": {"aspirin", "clopidogrel", "prasugrel", "ticagrelor"}}  # fmt: skip
    for name, members in classes.items():
        assert {e.id for e in catalog.load() if name in e.classes} == members
    bleeding = [rule for rule in catalog.interactions() if "bleeding" in rule.note]
    assert len(bleeding) == 1 and {"nsaid", *classes} == set(bleeding[0].b)
    assert "increased risk of bleeding" in bleeding[0].source


def test_spacing_rules_follow_the_product_labels() -> None:
    """Ciprofloxacin (quinolones): 2 h before or 6 h after magnesium, calcium, iron, zinc
    (its label); levothyroxine 4 h from calcium and iron (its label); tetracyclines keep the
    NIH ODS rule of 2 h before or 4 h after magnesium."""
    rules = {(tuple(r.a), tuple(r.b)): r for r in catalog.interactions() if r.before is not None}
    quinolone = rules[("magnesium", "calcium", "iron", "zinc"), ("quinolone",)]
    assert (quinolone.before, quinolone.after) == (timedelta(hours=2), timedelta(hours=6))
    assert "CIPRO (ciprofloxacin)" in quinolone.source
    thyroid = rules[("levothyroxine",), ("calcium", "iron")]
    assert (thyroid.before, thyroid.after) == (timedelta(hours=4), timedelta(hours=4))
    assert "SYNTHROID" in thyroid.source
    tetracycline = rules[("magnesium",), ("tetracycline",)]
    assert (tetracycline.before, tetracycline.after) == (timedelta(hours=2), timedelta(hours=4))
    assert "quinolone" in entry("ciprofloxacin").classes


def test_iron_carries_the_required_warning_word_for_word() -> None:
    """21 CFR 101.17(e): the warning on iron-containing supplements, as the rule states it."""
    (warning,) = entry("iron").notes
    assert (
        "'WARNING: Accidental overdose of iron-containing products is a leading cause of fatal "
        "poisoning in children under 6. Keep this product out of reach of children. In case of "
        "accidental overdose, call a doctor or poison control center immediately.'"
    ) in warning.text
    assert warning.source.startswith("21 CFR 101.17(e)") and warning.shown == ("add",)


def test_calcium_states_the_age_51_limit_as_information() -> None:
    """2,500 mg for 19-50 and 2,000 mg from 51 (IOM 2011); no advice to edit --range."""
    (note,) = entry("calcium").notes
    assert "2,000 mg a day from age 51" in note.text and "--range" not in note.text
    assert "Institute of Medicine (2011)" in note.source


def test_names_from_other_countries_are_marked() -> None:
    """Cipralex and paracetamol are names used outside the US; Lexapro is not."""
    assert catalog.outside_us("cipralex", entry("cipralex"))
    assert catalog.outside_us("Paracetamol", entry("paracetamol"))
    assert not catalog.outside_us("Lexapro", entry("lexapro"))


def test_a_store_s_earlier_copy_of_a_range_is_known() -> None:
    """Magnesium glycinate's range source as catalogs before version 1 worded it."""
    assert "'The Connection Between Lexapro and Magnesium Glycinate' (typical dose)" in (
        entry("magnesium glycinate").range_sources
    )


def test_calcium_from_51_and_the_elderly_note_from_65() -> None:
    """Calcium's 2,000 mg a day from 51 cites the 2011 report (CATALOG-SOURCES.md); under 19
    no adult upper limit applies; escitalopram's note for elderly patients is from 65 and says
    the label names no age."""
    calcium = entry("calcium")
    ((from_age, band),) = calcium.ages
    assert (from_age, band.max, band.kind, band.from_age) == (51, 2000, "upper_limit", 51)
    assert band.source.startswith("Institute of Medicine (2011), Dietary Reference Intakes for "
                                  "Calcium and Vitamin D")  # fmt: skip
    assert band.source in calcium.range_sources
    assert catalog.for_age(calcium, 50).range == calcium.range
    assert catalog.for_age(calcium, 51).range == band
    assert catalog.for_age(calcium, 18).range is None
    assert catalog.for_age(entry("lexapro"), 10).range == entry("lexapro").range  # a label's
    (elderly,) = [note for note in entry("lexapro").notes if note.from_age is not None]
    assert elderly.from_age == 65 and "names no age" in elderly.text and "65" in elderly.text


def test_acetaminophen_strengths_match_their_labels() -> None:
    """Regular Strength 325 mg: 2 tablets every 4-6 hours, at most 10 in 24 hours; Extra
    Strength 500 mg: 2 every 6 hours, at most 6; 8 HR 650 mg: 2 every 8 hours, at most 6
    (CATALOG-SOURCES.md, OTC label directions). Each is that label's, with its source."""
    from medlog.schedule import parse_schedule

    entry = catalog.find("tylenol", catalog.load())
    assert entry is not None and entry.id == "acetaminophen"
    found = {
        product.name: (
            product.strength, product.dose, product.range.max, product.dose_limit.max,
            parse_schedule(product.schedule).max_per_day,
            parse_schedule(product.schedule).min_interval,
        )
        for product in entry.products
    }  # fmt: skip
    hours = timedelta(hours=1)
    assert found == {
        "Regular Strength": (325, 650, 3250, 650, 5, 4 * hours),
        "Extra Strength": (500, 1000, 3000, 1000, 3, 6 * hours),
        "8 HR": (650, 1300, 3900, 1300, 3, 8 * hours),
    }
    for product in entry.products:
        label = f"{format_decimal(product.strength)} mg"
        assert label in product.range.source and product.range.source in entry.range_sources
        assert product.dose_limit.source.startswith(product.range.source)
        assert "derived from the label's directions" in product.dose_limit.source
    assert entry.range == entry.products[1].range  # an unknown strength: Extra Strength's


def test_brands_are_found_with_their_source() -> None:
    """Advil and Motrin are ibuprofen, Tylenol is acetaminophen (US Drug Facts labels)."""
    entries = catalog.load()
    for brand, substance in (("Advil", "ibuprofen"), ("motrin", "ibuprofen"),
                             ("TYLENOL", "acetaminophen")):  # fmt: skip
        found = catalog.find(brand, entries)
        assert found is not None and found.id == substance
        assert "Drug Facts" in (found.brands_source or "")
        assert catalog.search(brand[:4], entries)[0].id == substance
    assert catalog.spelled("advil", catalog.find("advil", entries)) == "Advil"  # type: ignore[arg-type]


def test_an_iu_factor_read_from_its_own_entry_is_entry_ofs() -> None:
    """``catalog_text.iu_factor`` reads one entry's tables alone for a single substance: for
    every entry, found by its id, by its name or among two substances, and for ids the
    catalog does not hold, it gives what ``entry_of`` finds in the whole catalog."""
    entries = catalog.load()
    asked = [((entry.id,), entry.id) for entry in entries]
    asked += [((entry.id,), entry.name) for entry in entries]
    asked += [(("unknown-thing",), entry.name) for entry in entries]
    asked += [((entry.id, "zinc"), entry.id) for entry in entries]
    asked += [(("a.b",), "x"), (("vitamin-d]",), "vitamin d"), (("",), "")]
    assert any(entry.mcg_per_iu is not None for entry in entries)
    for substances, name in asked:
        found = catalog.entry_of(substances, name)
        factor = None if found is None else found.mcg_per_iu
        expected = None if factor is None else (factor.value, factor.source)
        assert catalog_text.iu_factor(substances, name) == expected, (substances, name)
