"""The ``catalog`` views: alone, a line per entry (its other names and brands, kind and
range, the sources numbered under the table); with a name, each entry found with its
range, brands, strengths whose labels differ, notes and facts, each with its source, then
the questionnaires ``checkin`` asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from medlog.catalog import product_words
from medlog.ranges import KIND_WORDS, format_range
from medlog.render.tables import print_prose, styled
from medlog.units import format_amount, format_decimal

if TYPE_CHECKING:
    from rich.console import Console

    from medlog.catalog import Substance
    from medlog.model import DoseRange
    from medlog.questionnaires import Questionnaire


def print_names(
    entries: Iterable[Substance], questionnaires: Iterable[Questionnaire], console: Console
) -> None:
    """``medlog catalog`` alone: a row per entry (per strength where labels differ) and per
    questionnaire: its name with its brands, kind, range and what the range is, each source
    a numbered footnote."""
    from medlog.render.tables import Col, print_footnotes, print_table
    from medlog.summary import footnotes

    chosen = list(entries)
    instruments = list(questionnaires)
    rows_of: list[tuple[str, Substance, DoseRange | None]] = []
    for substance in chosen:
        for label in substance.products:
            strength = format_amount(label.strength, substance.unit)
            rows_of.append(
                (_called(substance, f"{substance.name} {strength}"), substance, label.range)
            )
        if not substance.products:
            rows_of.append((_called(substance, substance.name), substance, substance.range))
    notes = footnotes(
        (known for _, _, known in rows_of),
        (questionnaire.source for questionnaire in instruments),
    )
    rows = [
        [
            styled(called),
            styled(substance.kind),
            styled(_range_words(known, substance.unit)),
            styled(_basis(known, notes)),
        ]
        for called, substance, known in rows_of
    ]
    rows += [
        [
            styled(questionnaire.title),
            styled("questionnaire"),
            styled(f"total 0-{questionnaire.max_total}"),
            styled(f"scoring bands [{notes[questionnaire.source]}]"),
        ]
        for questionnaire in instruments
    ]
    columns = (Col("Name"), Col("Kind", drop=1), Col("Range"), Col("From", drop=2))
    print_table(console, columns, rows)
    print_footnotes(notes, console)
    print_prose(
        console,
        "medlog catalog NAME (a brand too: Advil, Tylenol) shows an entry's notes, label "
        "directions and facts, each with its source. medlog reports documented ranges; it "
        "does not give medical advice.",
        "dim",
    )


def _called(substance: Substance, name: str) -> str:
    """A row's name with the entry's brands: "Ibuprofen (Advil, Motrin)". Aliases written
    with a capital are brands too (Lexapro, Cipralex); the others are spellings, found by
    ``medlog catalog NAME`` but not listed."""
    brands = [alias for alias in substance.aliases if alias[:1].isupper()]
    brands += list(substance.brands)
    return f"{name} ({', '.join(brands)})" if brands else name


def _range_words(known: DoseRange | None, unit: str) -> str:
    if known is None:
        return "no documented range"
    return format_range(known.min, known.max, unit, known.per)


def _basis(known: DoseRange | None, notes: dict[str, int]) -> str:
    """What a range is, "US label [1]", "adult upper limit, 19+ [4]"; "" without one."""
    if known is None:
        return ""
    return f"{KIND_WORDS[known.kind].strip(' ()')} [{notes[known.source]}]"


def print_catalog(
    found: Iterable[Substance],
    questionnaires: Iterable[Questionnaire],
    query: str | None,
    console: Console,
) -> None:
    """Catalog entries with their documented range, its source, and notes; then the
    questionnaires `medlog checkin` asks, with their scoring bands and sources."""
    from medlog.questionnaires import PERMISSION

    entries = list(found)
    instruments = list(questionnaires)
    if not entries and not instruments:
        print_prose(
            console, f"Nothing in the catalog matches {query!r}. medlog catalog lists it all."
        )
        return
    for substance in entries:
        also = (*substance.aliases, *substance.brands)
        console.print(
            styled(f"{substance.name} (also {', '.join(also)})" if also else substance.name, "bold")
        )
        print_prose(console, f"  {substance.kind}, in {substance.unit}. {substance.summary}")
        if substance.brands:
            print_prose(
                console,
                f"  Brands: {', '.join(substance.brands)} (source: {substance.brands_source})",
            )
        known = substance.range
        if substance.products:
            print_prose(console, "  Strengths whose labels differ (medlog add asks which):")
            for label in substance.products:
                words = _range_words(label.range, substance.unit) + KIND_WORDS[label.range.kind]
                print_prose(console, f"    {product_words(substance, label)} Range: {words} "
                            f"(source: {label.range.source})")  # fmt: skip
        elif known is not None:
            words = _range_words(known, substance.unit) + KIND_WORDS[known.kind]
            print_prose(console, f"  Range: {words} (source: {known.source})")
        for note in substance.notes:
            print_prose(console, f"  Note: {note.text} (source: {note.source})")
        for line in _catalog_facts(substance):
            print_prose(console, f"  {line}")
    for questionnaire in instruments:
        print_prose(console, questionnaire.title, "bold")
        print_prose(
            console,
            f"  questionnaire, {len(questionnaire.items)} questions scored 0-3, total "
            f"0-{questionnaire.max_total}: medlog checkin {questionnaire.key}",
        )
        print_prose(console, f"  Bands: {questionnaire.band_text} (source: {questionnaire.source})")
        print_prose(console, f"  {PERMISSION}")
    print_prose(
        console, "medlog reports documented ranges; it does not give medical advice.", "dim"
    )


def _catalog_facts(substance: Substance) -> list[str]:
    """What the catalog knows beyond the range: what amounts count as, IU, classes, pairs."""
    from medlog import catalog

    lines = []
    if substance.counts_as and substance.fraction:
        share = format_decimal(substance.fraction.value * 100)
        lines.append(
            f"Counts as {substance.counts_as}: amounts are as labels state them (amount_is "
            f"label); with --amount-is compound, {share} % of the weight (source: "
            f"{substance.fraction.source})."
        )
    if substance.mcg_per_iu:
        lines.append(
            f"1 IU = {format_decimal(substance.mcg_per_iu.value)} mcg (source: "
            f"{substance.mcg_per_iu.source})."
        )
    if substance.classes:
        classes = ", ".join(substance.classes)
        lines.append(f"Classes: {classes} (source: {substance.classes_source}).")
    names = {substance.id, *substance.classes}
    for rule in catalog.interactions():
        if names & set(rule.a) or names & set(rule.b):
            lines.append(f"Taken together: {rule.note} (source: {rule.source})")
    return lines
