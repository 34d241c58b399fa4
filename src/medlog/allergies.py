"""Allergies and intolerances the person records: the one rule every one of them passes.

``medlog allergy add``, ``medlog import`` and the loader of medlog.toml all build an
``Allergy`` through ``allergy``, so what one accepts the others read back. A name is checked
as an item's name is (``names.py``: printable text on one line, at most 80 characters, a key
of letters and digits); the reaction as a note is. Pure functions: no I/O, no printing.
"""

from __future__ import annotations

from datetime import date

from medlog.errors import BadInput
from medlog.model import Allergy
from medlog.names import MAX_NAME, MAX_NOTE, clean_text, item_key

NONE_RECORDED = "No allergies recorded"
"""Said plainly wherever allergies are shown and there are none (never an empty section)."""


def allergy(name: str, reaction: str | None, recorded: date | None) -> Allergy:
    """An allergy to ``name``, or bad input saying what is wrong with the name or reaction."""
    shown = clean_text(name, "The allergy's name", MAX_NAME)
    try:
        key = item_key(shown)
    except BadInput:
        raise BadInput(
            f"{shown!r} cannot be an allergy's name; use letters and digits, e.g. penicillin "
            "or 'sulfa drugs' (at most 40 characters once spaces become hyphens)."
        ) from None
    said = None if reaction is None else clean_text(reaction, "The reaction", MAX_NOTE)
    return Allergy(key, shown, said, recorded)


def added(allergies: tuple[Allergy, ...], new: Allergy) -> tuple[tuple[Allergy, ...], bool]:
    """The allergies with ``new`` recorded, and whether anything changed: an allergy already
    recorded keeps its day, and takes the new reaction when one is given."""
    for n, held in enumerate(allergies):
        if held.key == new.key:
            if new.reaction is None or new.reaction == held.reaction:
                return allergies, False
            changed = held._replace(reaction=new.reaction)
            return (*allergies[:n], changed, *allergies[n + 1 :]), True
    return (*allergies, new), True


def without(allergies: tuple[Allergy, ...], name: str) -> tuple[Allergy, tuple[Allergy, ...]]:
    """The allergy named ``name`` and the others; bad input when none is recorded by it."""
    key = allergy(name, None, None).key
    for held in allergies:
        if held.key == key:
            return held, tuple(other for other in allergies if other is not held)
    recorded = ", ".join(held.name for held in allergies) or "none"
    raise BadInput(
        f"No allergy to {name.strip()!r} is recorded (recorded: {recorded}); "
        "medlog allergy list shows them."
    )


def allergy_words(held: Allergy) -> str:
    """An allergy for people: "Penicillin (reaction: hives)", or "Penicillin"."""
    return held.name + (f" (reaction: {held.reaction})" if held.reaction else "")
