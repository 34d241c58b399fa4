"""Use cases: each takes the store, ``now`` and what the person typed, and returns plain data.

Modules are imported by the command that needs them, so logging a dose loads
only ``actions.doses``. Nothing here prints or exits.
"""

from __future__ import annotations

from medlog.errors import BadInput
from medlog.model import Item, Regimen
from medlog.names import item_key


def find_item(regimen: Regimen, name: str) -> Item:
    """The item a person means by ``name``: its key, its display name or its substance."""
    key = item_key(name)
    folded = name.strip().casefold()
    for item in regimen.items:
        if key in (item.key, item.substance) or folded == item.name.casefold():
            return item
    return _by_catalog_alias(regimen, name) or _not_found(regimen, name)


def _by_catalog_alias(regimen: Regimen, name: str) -> Item | None:
    from medlog import catalog

    substance = catalog.find(name, catalog.load())
    if substance is None:
        return None
    return next((item for item in regimen.items if item.substance == substance.id), None)


def _not_found(regimen: Regimen, name: str) -> Item:
    import difflib

    if not regimen.items:
        raise BadInput(f"There is no item named {name!r}: no items yet. Add one with medlog add.")
    keys = [item.key for item in regimen.items]
    close = difflib.get_close_matches(item_key(name), keys, n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    raise BadInput(f"There is no item named {name!r}.{hint} medlog list shows your items.")
