"""The ``catalog`` listing: each substance's documented range, notes and facts with
their sources, then the questionnaires ``checkin`` asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from medlog.ranges import KIND_WORDS, format_range
from medlog.render.tables import styled
from medlog.units import format_decimal

if TYPE_CHECKING:
    from rich.console import Console

    from medlog.catalog import Substance
    from medlog.questionnaires import Questionnaire


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
        console.print(
            styled(f"Nothing in the catalog matches {query!r}. medlog catalog lists it all.")
        )
        return
    for substance in entries:
        aliases = f" (also {', '.join(substance.aliases)})" if substance.aliases else ""
        console.print(styled(f"{substance.name}{aliases}", "bold"))
        console.print(styled(f"  {substance.kind}, in {substance.unit}. {substance.summary}"))
        known = substance.range
        if known is not None:
            documented = format_range(known.min, known.max, substance.unit, known.per)
            kind = KIND_WORDS[known.kind]
            console.print(styled(f"  Range: {documented}{kind} (source: {known.source})"))
        for note in substance.notes:
            console.print(styled(f"  Note: {note.text} (source: {note.source})"))
        for line in _catalog_facts(substance):
            console.print(styled(f"  {line}"))
    for questionnaire in instruments:
        console.print(styled(questionnaire.title, "bold"))
        console.print(
            styled(
                f"  questionnaire, {len(questionnaire.items)} questions scored 0-3, total "
                f"0-{questionnaire.max_total}: medlog checkin {questionnaire.key}"
            )
        )
        console.print(
            styled(f"  Bands: {questionnaire.band_text} (source: {questionnaire.source})")
        )
        console.print(styled(f"  {PERMISSION}"))
    console.print(
        styled("medlog reports documented ranges; it does not give medical advice.", "dim")
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
