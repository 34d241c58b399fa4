"""The ``list`` table: each item's regimen and documented range, and its changes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from medlog.model import Item
from medlog.ranges import range_text
from medlog.render.confirmations import item_summary
from medlog.render.tables import Col, print_footnotes, print_prose, print_table, styled

if TYPE_CHECKING:
    from rich.console import Console

    from medlog.catalog import Note


def print_items(
    items: Iterable[Item],
    console: Console,
    *,
    changes: bool = False,
    hidden: int = 0,
    age_notes: Iterable[tuple[Item, Note]] = (),
) -> None:
    """The item list: key, name, kind, current dose and schedule, range (its source as a
    footnote), and under it the label notes for the person's age (escitalopram's for elderly
    patients); with ``changes``, every change made to each item and when. ``hidden``: how
    many stopped items were left out (said only when nothing else is listed)."""
    from medlog.summary import footnotes

    chosen = list(items)
    if not chosen and hidden:
        print_prose(console, f"No item is in force; medlog list --all shows the {hidden} stopped.")
        return
    if not chosen:
        print_prose(console, "No items yet. Add one with: medlog add NAME (see medlog add --help)")
        return
    keys = {item.key for item in chosen}
    beside = [(item, note) for item, note in age_notes if item.key in keys]
    notes = footnotes((item.range for item in chosen), (note.source for _, note in beside))
    columns = (Col("Item"), Col("Name", drop=2), Col("Kind", drop=3), Col("Regimen"), Col("Range"))
    rows = [
        [
            styled(item.key),
            styled(item.name),
            styled(item.kind),
            styled(item_summary(item)),
            styled(
                "none" if item.range is None else f"{range_text(item)} [{notes[item.range.source]}]"
            ),
        ]
        for item in chosen
    ]
    print_table(console, columns, rows)
    for item, note in beside:
        print_prose(console, f"{item.name}, for your age: {note.text} [{notes[note.source]}]")
    print_footnotes(notes, console)
    if changes:
        print_prose(console, "Changes", "bold")
        for item in chosen:
            for change in item.changes:
                print_prose(console, f"  {change.at:%Y-%m-%d %H:%M}  {item.key}: {change.what}")
