"""The catalog's file (``data/catalog.toml``) as text, and one entry's own tables read from
it without the rest.

Every ``take`` loads medlog.toml, and the loader checks each IU factor there against the
catalog's (``regimen_validator.iu_factor``). Importing catalog.py (its records, its imports)
and parsing the whole file for that cost about a fifth of a take; reading the one entry's
tables gives the same factor. tests/unit/test_catalog.py holds it to ``catalog.entry_of``'s.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from medlog.names import valid_key

CATALOG = Path(__file__).parent / "data" / "catalog.toml"


@cache
def text() -> str:
    """The catalog file's text (read once per run)."""
    return CATALOG.read_text("utf-8")


def factor(table: dict[str, str] | None, key: str) -> tuple[Decimal, str] | None:
    """A sourced number of an entry (``iu = { mcg_per_iu = "0.025", source = "..." }``)."""
    return None if table is None else (Decimal(table[key]), table["source"])


def iu_factor(substances: tuple[str, ...], name: str) -> tuple[Decimal, str] | None:
    """The IU factor (mcg per IU, its source) of the entry ``catalog.entry_of`` finds: for
    one substance with an entry of its own, from that entry's tables alone."""
    key = substances[0] if len(substances) == 1 else ""
    start = text().find(f"\n[substances.{key}]\n") + 1 if valid_key(key) else 0
    if not start:
        from medlog.catalog import entry_of

        found = entry_of(substances, name)
        iu = None if found is None else found.mcg_per_iu
        return None if iu is None else (iu.value, iu.source)
    own = (f"[substances.{key}.", f"[[substances.{key}.")
    lines = text()[start:].splitlines(keepends=True)
    end = next(
        (
            n
            for n, line in enumerate(lines[1:], 1)
            if line.startswith("[") and not line.startswith(own)
        ),
        len(lines),
    )
    table = "".join(lines[:end])
    if (line := _IU_LINE.search(table)) is not None:  # as the file writes it: one line
        return Decimal(line[1]), line[2]
    import tomllib  # spared a take (3 ms) by the line above, when it can

    entry: dict[str, Any] = tomllib.loads(table)["substances"][key]
    return factor(entry.get("iu"), "mcg_per_iu")


# An entry's IU factor as the catalog writes it, its source free of escapes; the test that
# holds iu_factor to entry_of's for every entry holds this to TOML's reading.
_IU_LINE = re.compile(
    r'^iu = \{ mcg_per_iu = "([0-9]+(?:\.[0-9]+)?)", source = "([^"\\\n]*)" \}$', re.MULTILINE
)
