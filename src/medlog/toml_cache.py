"""medlog.toml as parsed, kept as JSON beside the store's other derived files.

Every command reads medlog.toml, and ``take`` spends about a tenth of its time importing
``tomllib`` and parsing the file. The document ``tomllib.loads`` gave for the file's bytes
is kept in the user cache directory (``derived``: never in the store, sealed, 0600) under a
digest of those bytes, and read back when the bytes are the same. It is only ever a
shortcut: the regimen is still checked key by key from it (``regimen_validator``), and a
missing, unreadable or foreign copy means the file is parsed again and the copy replaced.

TOML has values JSON has not (dates, times, date-times, floats such as inf), so every
table, array and such value is kept as a pair: its kind and its JSON form. A bare string,
integer or boolean is itself; nothing else is bare, so no key or string is ever read as
anything but what it was.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from medlog import derived

NAME = "medlog-toml.json"

Document = dict[str, Any]


def parsed(raw: bytes, home: Path, parse: Callable[[], Document]) -> Document:
    """The document ``parse`` gives for medlog.toml's bytes ``raw`` (``home``: the store's
    folder): the copy kept for these bytes when there is one, else ``parse``'s, then kept."""
    where = derived.folder(home, "cache") / NAME
    key = derived.digest(raw)
    kept = derived.load(where)
    if type(kept) is list and len(kept) == 2 and kept[0] == key:
        try:
            found = _revived(kept[1])
        except (AttributeError, TypeError, ValueError, KeyError, RecursionError):
            found = None
        if type(found) is dict:
            return found
    document = parse()
    with suppress(RecursionError):  # nested deeper than a copy can hold: parsed each time
        derived.save(where, [key, _kept(document)])
    return document


def _kept(value: Any) -> Any:
    """``value`` (as tomllib gives it) in the form this file keeps."""
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        return value
    if kind is dict:
        return ["table", {key: _kept(item) for key, item in value.items()}]
    if kind is list:
        return ["array", [_kept(item) for item in value]]
    if kind is float:
        return ["float", repr(value)]
    if kind is datetime or kind is date or kind is time:
        return [kind.__name__, value.isoformat()]
    raise TypeError(f"not a TOML value: {kind.__name__}")


_READ: dict[str, Callable[[Any], Any]] = {
    "float": float,
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
}


def _revived(value: Any) -> Any:
    """A kept value as tomllib gave it."""
    if type(value) is not list:
        return value
    kind, body = value
    if kind == "table":
        return {key: _revived(item) for key, item in body.items()}
    if kind == "array":
        return [_revived(item) for item in body]
    return _READ[kind](body)
