"""``medlog profile``: the person's year of birth, kept in medlog.toml so that the documented
limits can say who they apply to: calcium's upper limit from 51, no adult upper limit applied
under 19 as if it fitted, the escitalopram label's note for elderly patients from 65.

Setting or clearing it chooses every item's catalog facts again for the age, as ``add`` would
copy them now (a range of the person's own stays), with an audit line on each item changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from medlog import catalog
from medlog.actions.facts import brought_up_to_date, notes_at
from medlog.actions.interactions import refresh
from medlog.catalog import Note
from medlog.migrations import CATALOG
from medlog.model import Item, Profile
from medlog.profile import age_of, parse_born
from medlog.ranges import limit_words
from medlog.store import Store

CLEAR = "none"


@dataclass(frozen=True)
class Profiled:
    """The profile now, the person's age this year, the age rules that apply to them (fact,
    source), the items whose facts changed, and the notes for their age on the items."""

    profile: Profile | None
    age: int | None
    rules: tuple[tuple[str, str], ...] = ()
    changed: tuple[Item, ...] = ()
    notes: tuple[tuple[Item, Note], ...] = ()
    saved: bool = False


def show(store: Store, now: datetime) -> Profiled:
    """The profile as it is, with what it means this year."""
    regimen = store.load_regimen()
    return _profiled(regimen.profile, age_of(regimen, now.date()), regimen.items)


def set_born(store: Store, now: datetime, born: str) -> Profiled:
    """Keep the year of birth (``none`` forgets it) and choose every item's facts again."""
    today = now.date()
    year = None if born.strip().casefold() == CLEAR else parse_born(born, today)
    with store.locked():
        regimen = store.load_regimen()
        was = age_of(regimen, today)
        profile = None if year is None else Profile(year, today.year)
        age = None if profile is None else profile.age_in(today.year)
        items = brought_up_to_date(regimen.items, CATALOG, now, age, was)
        changed = tuple(item for item, old in zip(items, regimen.items, strict=True) if item != old)
        regimen = refresh(regimen._replace(items=items, profile=profile), today)
        store.save_regimen(regimen)
    result = _profiled(profile, age, regimen.items)
    return Profiled(result.profile, age, result.rules, changed, result.notes, saved=True)


def _profiled(profile: Profile | None, age: int | None, items: tuple[Item, ...]) -> Profiled:
    if age is None:
        return Profiled(profile, None)
    return Profiled(profile, age, tuple(rules_for(age)), (), tuple(_age_notes(items, age)))


def rules_for(age: int) -> list[tuple[str, str]]:
    """The catalog's facts that depend on age, as they apply at ``age``: (fact, source)."""
    found = []
    if age < catalog.ADULT_AGE:
        found.append(
            (
                "medlog's upper limits are for adults (19+), and children's are lower, so "
                "medlog does not judge any item against them; it shows them as information.",
                "Institute of Medicine Dietary Reference Intakes (the UL definition; adult ULs "
                "are for ages 19+), as the NIH Office of Dietary Supplements fact sheets "
                "tabulate them",
            )
        )
    for substance in catalog.load():
        for from_age, dose_range in substance.ages:
            if age >= from_age:
                found.append(
                    (
                        f"{substance.name}: {limit_words(dose_range, substance.unit)}; medlog "
                        f"applies it from the year you turn {from_age}.",
                        dose_range.source,
                    )
                )
        for note in substance.notes:
            if note.from_age is not None and age >= note.from_age:
                found.append((f"{substance.name}: {note.text}", note.source))
    return found


def _age_notes(items: tuple[Item, ...], age: int) -> list[tuple[Item, Note]]:
    """Each item's notes that are shown for this age only."""
    return [
        (item, note)
        for item in items
        for note in notes_at(item, "add", age)
        if note.from_age is not None
    ]
