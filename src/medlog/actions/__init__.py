"""Use cases: each takes the store, ``now`` and what the person typed, and returns plain data.

Modules are imported by the command that needs them, so logging a dose loads
only ``actions.doses``. Nothing here prints or exits.
"""

from __future__ import annotations

from medlog.errors import BadInput
from medlog.model import Item, Regimen
from medlog.names import MAX_NAME, clean_text, item_key


def find_item(regimen: Regimen, name: str) -> Item:
    """The item a person means by ``name``; never a guess.

    In order: the exact key; the exact display name (any case); the one item
    whose substance is the catalog entry ``name`` names (a brand, an alias) or
    is ``name``; the one item whose key or name starts with ``name``. Two or
    more candidates at a step is bad input listing them.
    """
    text = clean_text(name, "The item name", MAX_NAME)
    try:
        key = item_key(text)
    except BadInput:  # not a possible key ("@@"): it can still be a prefix of a name
        key = ""
    folded = text.casefold()
    for found in (
        [item for item in regimen.items if item.key == key],
        [item for item in regimen.items if item.name.casefold() == folded],
        _by_substance(regimen, text, key),
        [
            item
            for item in regimen.items
            if (key and item.key.startswith(key))
            or (folded and item.name.casefold().startswith(folded))
        ],
    ):
        if len(found) == 1:
            return found[0]
        if found:
            _ambiguous(name, found)
    return _not_found(regimen, name)


def _by_substance(regimen: Regimen, text: str, key: str) -> list[Item]:
    """Items whose substance is ``key`` or the catalog entry ``text`` names."""
    found = [item for item in regimen.items if key and item.substance == key]
    if found or not any(item.substance for item in regimen.items):
        return found
    from medlog import catalog  # only when nothing matched exactly: logging stays light

    substance = catalog.find(text, catalog.load())
    if substance is None:
        return []
    return [item for item in regimen.items if item.substance == substance.id]


def _ambiguous(name: str, candidates: list[Item]) -> None:
    listed = ", ".join(f"{item.name} ({item.key})" for item in candidates)
    raise BadInput(
        f"{name.strip()!r} could mean {listed}; give the one you mean, e.g. {candidates[0].key}."
    )


def _not_found(regimen: Regimen, name: str) -> Item:
    import difflib

    if not regimen.items:
        raise BadInput(f"There is no item named {name!r}: no items yet. Add one with medlog add.")
    keys = [item.key for item in regimen.items]
    try:
        close = difflib.get_close_matches(item_key(name), keys, n=1)
    except BadInput:
        close = []
    hint = f" Did you mean {close[0]}?" if close else ""
    raise BadInput(f"There is no item named {name!r}.{hint} medlog list shows your items.")
