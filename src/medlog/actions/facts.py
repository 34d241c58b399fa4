"""The catalog's facts on an item, and a store brought up to date with them.

``with_catalog_facts`` is what ``add`` (and ``edit --substance``) copies from the catalog
into an item: what its amounts count as, the compound's elemental share, the IU factor and
the documented range, never over the person's own choices. ``notes_at`` picks the catalog
notes to show at ``add``, ``stop``, an ``edit`` that lowers the dose, or in the clinician
summary. ``up_to_date`` judges a store written with an older catalog by this one's facts,
exactly as if its items had been added now. Notes are facts with sources, never advice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import pairwise
from typing import NamedTuple

from medlog import catalog
from medlog.actions.interactions import refresh
from medlog.actions.item_options import ItemOptions, range_of, shows_as_range
from medlog.actions.item_options import catalog_range as in_item_unit
from medlog.catalog import Note, Substance
from medlog.errors import BadInput
from medlog.ingredients import contents
from medlog.migrations import CATALOG
from medlog.model import USER_SOURCE, Change, DoseRange, EarlierRange, Item, Regimen
from medlog.profile import age_of, band_starts
from medlog.schedule import daily_amount


def with_catalog_facts(item: Item, entry: Substance | None, *, fill_range: bool) -> Item:
    """The item with the facts of ``entry`` (None: the catalog has none): what a dose counts
    as, the IU factor, the compound's share unless the person gave their own (--fraction),
    and the documented range in the item's unit. A range the catalog gave is replaced; the
    person's own stays; a missing one is filled only when ``fill_range``."""
    iu = entry.mcg_per_iu if entry is not None else None
    factor = iu.value if iu is not None else None
    item = item._replace(
        counts_as=entry.counts_as if entry is not None else None,
        mcg_per_iu=factor,
        iu_source=iu.source if iu is not None else None,
        dose_limit=None
        if entry is None
        else in_item_unit(entry.dose_limit, entry.unit, item.unit, factor),
    )
    if item.fraction_source != USER_SOURCE:
        share = entry.fraction if entry is not None else None
        if share is not None:
            item = item._replace(fraction=share.value, fraction_source=share.source)
        elif item.amount_is == "label":  # a compound's amounts keep the share they need
            item = item._replace(fraction=None, fraction_source=None)
    if item.range is None and not fill_range:
        return item
    if item.range is not None and not from_catalog(item.range):
        return item
    return item._replace(range=catalog_range(item, entry) if entry is not None else None)


def catalog_range(item: Item, entry: Substance) -> DoseRange | None:
    """The catalog's range for the item, in its unit; None when it does not convert, and for
    a prescription when it is an upper limit (information, not the item's range)."""
    found = range_of(ItemOptions(), entry, item.unit, item.form, item.strength, item.mcg_per_iu)
    return found if found is None or shows_as_range(item.kind, found) else None


def from_catalog(dose_range: DoseRange) -> bool:
    """True when a range is a copy of the catalog's (its source is one the catalog has given,
    now or in an earlier version), not one the person set."""
    return any(dose_range.source in entry.range_sources for entry in catalog.load())


def held(item: Item) -> tuple[str, ...]:
    """The substances an item holds, its own first: what it is, counts as, or lists."""
    found = [*item.substances, *(part.substance for part in contents(item))]
    return tuple(dict.fromkeys(found))


def notes_at(item: Item, place: str, age: int | None = None) -> tuple[Note, ...]:
    """The catalog notes shown at ``place`` (add, stop, lower, summary) for every substance
    the item holds: an iron product's warning for a multivitamin listing iron. A note for an
    age on (escitalopram's for elderly patients) only when the person's ``age`` reaches it."""
    entries = {entry.id: entry for entry in catalog.load()}
    found = [
        note
        for substance in held(item)
        if substance in entries
        for note in entries[substance].notes
        if place in note.shown and (note.from_age is None or (age or 0) >= note.from_age)
    ]
    return tuple(dict.fromkeys(found))


class LabelNote(NamedTuple):
    """A catalog note for the clinician summary, with the items of the report it concerns."""

    items: tuple[Item, ...]
    note: Note


def summary_notes(items: Iterable[Item], age: int | None = None) -> tuple[LabelNote, ...]:
    """Each note shown in the clinician summary (a boxed warning; a note for the person's
    ``age``) once, in catalog order, with the items that hold its substance."""
    found: dict[Note, list[Item]] = {}
    for item in items:
        for note in notes_at(item, "summary", age):
            found.setdefault(note, []).append(item)
    return tuple(LabelNote(tuple(held_by), note) for note, held_by in found.items())


def lowered(before: Item, after: Item) -> bool:
    """True when a change made a regimen version whose daily amount is below the one before
    it (a taper step), so the notes on lowering a dose apply."""
    for earlier, version in pairwise(after.regimen):
        if version in before.regimen:
            continue
        old, new = daily_amount(earlier), daily_amount(version)
        if old is not None and new is not None and new < old:
            return True
    return False


def up_to_date(regimen: Regimen, now: datetime) -> Regimen:
    """The regimen of a store written with an older catalog, or whose facts were chosen for
    another age than the person's this year, with this catalog's facts for that age: its
    items' as ``add`` would copy them now (the person's own range, fraction, --amount-is and
    spacing rules stay), its limits and catalog spacing rules made again. A regimen whose new
    facts cannot stand together (an ingredient in a unit a new limit cannot use) is left as
    it was: every write says why."""
    today = now.date()
    profile = regimen.profile
    was = profile.age_in(profile.year) if profile is not None and profile.year else None
    items = brought_up_to_date(
        regimen.items, regimen.catalog or 0, now, age_of(regimen, today), was
    )
    if profile is not None:
        profile = profile._replace(year=today.year)
    try:
        return refresh(regimen._replace(items=items, catalog=CATALOG, profile=profile), today)
    except BadInput:
        return regimen


def judged_by_age(regimen: Regimen, now: datetime) -> Regimen:
    """The regimen with, on each item whose documented range or cap was another for a younger
    age, the ranges that judge its days before each age band the person has entered
    (``Item.ranges_before``): a day is judged by the facts for the person's age on that day.
    The same regimen when medlog knows no year of birth, or no band changes a range."""
    starts = band_starts(regimen.profile, now.date())
    if not starts:
        return regimen
    variants = [
        (start, up_to_date(regimen, datetime.combine(start - timedelta(days=1), now.timetz())))
        for start in starts
    ]
    items = []
    for item in regimen.items:
        earlier = tuple(
            EarlierRange(start, other.range, other.cap)
            for start, variant in variants
            if (other := variant.get(item.key)) is not None
        )
        differ = any((band.range, band.cap) != (item.range, item.cap) for band in earlier)
        items.append(item._replace(ranges_before=earlier) if differ else item)
    return regimen._replace(items=tuple(items))


def made_again(before: Regimen, after: Regimen, now: datetime) -> Regimen:
    """A regimen united from two copies (``after``) with its limits and catalog spacing rules
    made again, and its facts chosen again when it gained or changed a year of birth."""
    if after.profile != before.profile:
        return up_to_date(after, now)
    return refresh(after, now.date())


def brought_up_to_date(
    items: Iterable[Item],
    since: int,
    now: datetime,
    age: int | None = None,
    was: int | None = None,
) -> tuple[Item, ...]:
    """Items written with catalog version ``since`` (0: before versions) for a person then
    ``was`` years old (None: unknown), with this catalog's facts for ``age`` as ``add`` copies
    them now; each item that changed gets an audit line. An upper limit left out while the
    person was under 19 is filled once they are not."""
    found = []
    adult_again = (
        was is not None
        and was < catalog.ADULT_AGE
        and not (age is not None and age < catalog.ADULT_AGE)
    )
    for item in items:
        entry = catalog.entry_of(item.substances, item.name, item.strength)
        # Before catalog versions, add filled facts only for a name the catalog knows: an
        # item named otherwise (--substance on a product's own name) never got its range.
        named = catalog.find(item.name, catalog.load())
        never_filled = since == 0 and (named.id if named else None) != (entry.id if entry else None)
        fill = entry is not None and (
            never_filled
            or entry.range_since > since
            or (adult_again and entry.range is not None and entry.range.kind == "upper_limit")
        )
        adjusted = None if entry is None else catalog.for_age(entry, age)
        upgraded = with_catalog_facts(item, adjusted, fill_range=fill)
        if upgraded != item:
            why = (
                f"brought up to date with medlog's catalog (version {CATALOG})"
                if since < CATALOG
                else f"facts chosen for age {age}"
                if age is not None
                else "facts chosen for an adult of unknown age"
            )
            upgraded = upgraded._replace(changes=(*item.changes, Change(now, why)))
        found.append(upgraded)
    return tuple(found)
