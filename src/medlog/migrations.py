"""medlog.toml's schema and catalog versions, and one migration step per older schema.

A document is migrated in memory as it is read, one version at a time; each old schema has
a fixture store under tests/data/schema-N/. A file newer than this medlog is refused with
"upgrade medlog", and never changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from medlog.errors import StoreProblem

SCHEMA = 4
# The version of the bundled catalog (catalog.toml's `version`) whose facts this medlog copies
# into medlog.toml; kept here so that loading a current store never reads the catalog.
CATALOG = 1


def _from_schema_1(document: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 adds keys (each item's ``changes``, ...) and changes none: nothing to move."""
    return document


def _from_schema_2(document: dict[str, Any]) -> dict[str, Any]:
    """Schema 3 adds keys (the top-level ``catalog``, an item's ``dose_limit``, a range's
    ``total_intake``) and changes none. A store without ``catalog`` was written before
    medlog recorded its catalog's version, and is brought up to date with the catalog as it
    loads."""
    return document


def _from_schema_3(document: dict[str, Any]) -> dict[str, Any]:
    """Schema 4 adds the top-level ``allergies`` table and changes nothing else."""
    return document


# One step per old schema: MIGRATIONS[n] turns a schema-n document into schema n+1. Each
# has a fixture of a store that schema wrote, under tests/data/schema-N/.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _from_schema_1,
    2: _from_schema_2,
    3: _from_schema_3,
}


def migrate(document: dict[str, Any], path: Path) -> dict[str, Any]:
    """The document upgraded to the current schema, one version at a time (in memory)."""
    version = document.get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreProblem(f"{path} has no valid 'schema' number; medlog has not changed it.")
    if version > SCHEMA:
        raise StoreProblem(
            f"{path} uses schema {version}, written by a newer medlog (this one reads up to "
            f"{SCHEMA}). Upgrade medlog; the file has not been changed."
        )
    while version < SCHEMA:
        document = MIGRATIONS[version](document)
        version += 1
        document["schema"] = version
    return document
