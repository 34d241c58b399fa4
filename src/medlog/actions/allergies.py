"""``medlog allergy add|list|remove``: the allergies kept in medlog.toml.

They live beside the items in medlog.toml (DESIGN.md: the regimen is the TOML a person reads
and edits; the journal holds what happened, when): an allergy is a standing fact about the
person, not an event, and the medication card and the FHIR export read it from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from medlog.allergies import added, allergy, without
from medlog.model import Allergy
from medlog.store import Store


@dataclass(frozen=True)
class Recorded:
    """The allergy as it is now recorded, and whether this command changed it (``replaced``:
    the reaction it had before, when the command gave a new one)."""

    allergy: Allergy
    changed: bool
    replaced: str | None = None


def add(store: Store, now: datetime, name: str, reaction: str | None) -> Recorded:
    """Record an allergy (checked before the store is touched); again with a new reaction,
    its reaction is replaced."""
    new = allergy(name, reaction, now.date())
    with store.locked():
        regimen = store.load_regimen()
        allergies, changed = added(regimen.allergies, new)
        if changed:
            store.save_regimen(regimen._replace(allergies=allergies))
    held = next(found for found in allergies if found.key == new.key)
    before = next((found for found in regimen.allergies if found.key == new.key), None)
    replaced = before.reaction if before is not None and changed else None
    return Recorded(held, changed, replaced)


def listing(store: Store) -> tuple[Allergy, ...]:
    """The allergies in the order they were recorded."""
    return store.load_regimen().allergies


def remove(store: Store, name: str) -> Allergy:
    """Forget an allergy (recorded by mistake, or found not to be one); an unknown name is
    bad input and changes nothing."""
    allergy(name, None, None)  # a bad name is refused before the store is opened
    with store.locked():
        regimen = store.load_regimen()
        gone, kept = without(regimen.allergies, name)
        store.save_regimen(regimen._replace(allergies=kept))
    return gone
