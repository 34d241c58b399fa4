"""The bundled catalog of documented ranges (data/catalog.toml), each with its source.

Loaded only by the commands that need it (``add``, ``catalog``), so logging a
dose never pays for it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from medlog.model import DoseRange, Kind
from medlog.schedule import parse_schedule
from medlog.units import item_unit, parse_amount


@dataclass(frozen=True, slots=True)
class Note:
    """A fact from the catalog that is not a range, with where it comes from."""

    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Pace:
    """How fast a dose may rise: a daily amount of at least ``to`` only ``after_days`` days
    after the lower dose before it began, with where the rule comes from."""

    to: Decimal
    after_days: int
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Substance:
    """A catalog entry: what ``medlog add`` fills in for a known substance or brand."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: Kind
    unit: str
    summary: str
    form: str | None = None
    strength: Decimal | None = None
    strengths: tuple[Decimal, ...] = ()
    dose: Decimal | None = None
    schedule: str | None = None
    range: DoseRange | None = None
    notes: tuple[Note, ...] = ()
    pace: tuple[Pace, ...] = ()


@cache
def load() -> tuple[Substance, ...]:
    """Every catalog entry, in file order (read once per run)."""
    text = resources.files("medlog").joinpath("data/catalog.toml").read_text("utf-8")
    document = tomllib.loads(text)
    return tuple(_substance(key, entry) for key, entry in document["substances"].items())


def _amount(text: str, unit: str) -> Decimal:
    amount = parse_amount(text)
    if amount.unit != unit:
        raise ValueError(f"catalog amount {text!r} is not in {unit}")
    return amount.value


def _substance(key: str, entry: dict[str, Any]) -> Substance:
    unit = item_unit(entry["unit"])
    raw_range = entry.get("range")
    dose_range = None
    if raw_range is not None:
        dose_range = DoseRange(
            min=_amount(raw_range["min"], unit) if "min" in raw_range else None,
            max=_amount(raw_range["max"], unit) if "max" in raw_range else None,
            per=raw_range["per"],
            source=raw_range["source"],
        )
    schedule = entry.get("schedule")
    if schedule is not None:
        parse_schedule(schedule)
    return Substance(
        id=key,
        name=entry["name"],
        aliases=tuple(entry.get("aliases", ())),
        kind=entry["kind"],
        unit=unit,
        summary=entry["summary"],
        form=item_unit(entry["form"]) if "form" in entry else None,
        strength=_amount(entry["strength"], unit) if "strength" in entry else None,
        strengths=tuple(_amount(text, unit) for text in entry.get("strengths", ())),
        dose=_amount(entry["dose"], unit) if "dose" in entry else None,
        schedule=schedule,
        range=dose_range,
        notes=tuple(Note(note["text"], note["source"]) for note in entry.get("notes", ())),
        pace=tuple(
            Pace(_amount(rule["to"], unit), int(rule["after_days"]), rule["text"], rule["source"])
            for rule in entry.get("pace", ())
        ),
    )


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def find(name: str, substances: tuple[Substance, ...]) -> Substance | None:
    """The entry whose id, name or an alias is ``name`` (ignoring case, spaces and hyphens)."""
    wanted = _fold(name)
    for substance in substances:
        if wanted in {_fold(substance.id), _fold(substance.name), *map(_fold, substance.aliases)}:
            return substance
    return None


def search(query: str, substances: tuple[Substance, ...]) -> tuple[Substance, ...]:
    """Entries whose id, name or aliases contain ``query``; all of them for an empty query."""
    wanted = _fold(query)
    return tuple(
        substance
        for substance in substances
        if any(wanted in _fold(text) for text in (substance.id, substance.name, *substance.aliases))
    )


def spelled(name: str, substance: Substance) -> str:
    """How the catalog spells ``name``: "lexapro" -> "Lexapro", "escitalopram" -> "Escitalopram"."""
    wanted = _fold(name)
    for alias in substance.aliases:
        if _fold(alias) == wanted:
            return alias if alias != alias.lower() else name
    if wanted in (_fold(substance.id), _fold(substance.name)):
        return substance.name
    return name
