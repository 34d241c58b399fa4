"""``medlog card`` on a terminal: the card's sections as plain lines (no Rich), each line
fitted to the terminal by ``cli/exits.out``."""

from __future__ import annotations

from medlog.allergies import NONE_RECORDED, allergy_words
from medlog.card import (
    ALLERGIES_TITLE,
    DISCLAIMER,
    NOTHING_TAKEN,
    RANGES_TITLE,
    STOPPED_TITLE,
    TAKEN_TITLE,
    TITLE,
    Card,
    range_rows,
    stopped_rows,
    taken_rows,
)


def card_text(found: Card) -> str:
    """The card for a terminal or a .txt file: a heading per section, an indented line per
    entry; allergies always, saying so when there are none."""
    lines = [f"{TITLE}, {found.today}", "", TAKEN_TITLE]
    rows = taken_rows(found)
    lines += [
        f"  {name}: {dose}, {schedule}, since {since}" for name, dose, schedule, since in rows
    ]
    lines += [] if rows else [f"  {NOTHING_TAKEN}"]
    if found.ranges:
        lines += ["", RANGES_TITLE]
        lines += [
            f"  {name}: {shown} (source: {source})" for name, shown, source in range_rows(found)
        ]
    lines += ["", ALLERGIES_TITLE]
    lines += [f"  {allergy_words(held)}" for held in found.allergies] or [f"  {NONE_RECORDED}."]
    if found.stopped:
        lines += ["", STOPPED_TITLE]
        lines += [
            f"  {name}: {was}; last day {last}; why: {why}"
            for name, was, last, why in stopped_rows(found)
        ]
    return "\n".join([*lines, "", DISCLAIMER]) + "\n"
