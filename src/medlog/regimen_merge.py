"""Two copies of one regimen as one: what ``medlog merge`` and ``medlog import`` do with a
medlog.toml from another device, by a rule said out loud.

"Mine" is this store's medlog.toml, "theirs" the other copy, whatever the file times. Copies
of medlog.toml have no common ancestor, so nothing can tell a removal from an addition:

- an item on one side only is kept (an item removed on one device comes back, and the
  merge says so);
- an item on both sides keeps its versions from both, united by their ``from`` day; two
  versions with one ``from`` and different contents, two different stops, or different
  details (name, unit, kind, range, form, contents...) are a collision: the person keeps
  one side for that item (``keep``);
- the person's own spacing rules are united the same way (one pair, two different gaps: a
  collision of the pair), and different settings are a collision of the settings;
- a year of birth on one side only is kept (its facts are chosen again for that age); two
  different years are a collision of the profile;
- allergies of both copies are kept (one removed on one device comes back, and the merge
  says so); one allergy with two different reactions is a collision of the allergies;
- limits and the catalog's spacing rules are never taken from either copy: the caller makes
  them again from this medlog's catalog.

Pure code: two regimens and the person's choices in, one regimen and what changed out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from itertools import pairwise
from typing import Literal, NamedTuple

from medlog.errors import BadInput
from medlog.model import (
    USER_SOURCE,
    Allergy,
    Change,
    Item,
    Profile,
    Regimen,
    RegimenVersion,
    Spacing,
)

Side = Literal["mine", "theirs"]
SETTINGS = "settings"  # the key a choice about the settings is given under
PROFILE = "profile"  # the key a choice about the year of birth is given under
ALLERGIES = "allergies"  # the key a choice about the allergies is given under
EVERY = "*"  # the key of a choice for every collision not named
KEEP_WORDS = (SETTINGS, PROFILE, ALLERGIES)  # no item may be keyed so (``actions.items.add``)


class Collision(NamedTuple):
    """Something both copies hold differently: an item (by key), the settings, or a pair's
    spacing rule ("a+b"), and how they differ, in words."""

    key: str
    name: str
    how: str


class United(NamedTuple):
    """The merged regimen, a sentence per change, and the collisions nobody chose a side for
    (the regimen then holds "mine" for them)."""

    regimen: Regimen
    changes: tuple[str, ...]
    collisions: tuple[Collision, ...]


def unite(mine: Regimen, theirs: Regimen, keep: Mapping[str, Side]) -> United:
    """One regimen from two copies, by the rules above; ``keep`` says, by item key, SETTINGS or
    pair ("a+b"), which side wins a collision (a missing key: none chosen yet)."""
    changes: list[str] = []
    collisions: list[Collision] = []
    items = _items(mine, theirs, keep, changes, collisions)
    settings = mine.settings
    if theirs.settings != mine.settings and mine.items and theirs.items:
        side = keep.get(SETTINGS, keep.get(EVERY))
        if side is None:
            collisions.append(Collision(SETTINGS, "settings", "the settings differ"))
        elif side == "theirs":
            settings = theirs.settings
            changes.append("the settings: the other copy's")
    elif not mine.items:
        settings = theirs.settings
    spacing = _spacing(mine.spacing, theirs.spacing, keep, changes, collisions)
    profile = _profile(mine.profile, theirs.profile, keep, changes, collisions)
    allergies = _allergies(mine.allergies, theirs.allergies, keep, changes, collisions)
    united = mine._replace(
        settings=settings, items=items, spacing=spacing, profile=profile, allergies=allergies
    )
    return United(united, tuple(changes), tuple(collisions))


def _items(
    mine: Regimen,
    theirs: Regimen,
    keep: Mapping[str, Side],
    changes: list[str],
    collisions: list[Collision],
) -> tuple[Item, ...]:
    """Every item of both copies, in this store's order, then those only the other has."""
    items = []
    theirs_by_key = {item.key: item for item in theirs.items}
    for item in mine.items:
        other = theirs_by_key.get(item.key)
        if other is None:
            if theirs.items:
                changes.append(
                    f"kept {item.name}, which the other copy does not have (if it was removed "
                    f"there, stop it again: medlog stop {item.key})"
                )
            items.append(item)
            continue
        joined, how = _join(item, other)
        if how is None:
            if joined != item:
                changes.append(f"{item.name}: versions from both copies")
            items.append(joined)
            continue
        side = keep.get(item.key, keep.get(EVERY))
        if side is None:
            collisions.append(Collision(item.key, item.name, how))
        elif side == "theirs":
            changes.append(f"{item.name}: the other copy's ({how})")
        kept = other if side == "theirs" else item
        items.append(kept._replace(changes=_audit(item, other)))
    mine_keys = {item.key for item in mine.items}
    for other in theirs.items:
        if other.key not in mine_keys:
            changes.append(f"added {other.name} from the other copy")
            items.append(other._replace(supply_since=None))  # worked out from its fills here
    return tuple(items)


def _audit(mine: Item, theirs: Item) -> tuple[Change, ...]:
    """Both copies' audit lines, oldest first, each once: the side not kept was still changed
    (Principle 3: what was fixed, and when, stays visible)."""
    return tuple(sorted(dict.fromkeys((*mine.changes, *theirs.changes))))


def _join(mine: Item, theirs: Item) -> tuple[Item, str | None]:
    """One item from both copies of it, or mine and how they collide."""
    if _details(mine) != _details(theirs):
        return mine, "its details differ (name, unit, kind, range, form, contents or holds)"
    starts: dict[date, RegimenVersion] = {}
    for version in (*mine.regimen, *theirs.regimen):
        held = starts.get(version.start)
        if held is None:
            starts[version.start] = version
        elif held != version:
            what = (
                "a different stop"
                if held._replace(until=None) == version._replace(until=None)
                else "a different dose or schedule"
            )
            return mine, f"{what} from {version.start}"
    versions = tuple(starts[start] for start in sorted(starts))
    for earlier, later in pairwise(versions):
        if earlier.until is not None and later.start < earlier.until:
            return mine, f"a stop from {earlier.until} that a version from {later.start} overlaps"
    since = [day for day in (mine.supply_since, theirs.supply_since) if day is not None]
    return mine._replace(
        regimen=versions, changes=_audit(mine, theirs), supply_since=min(since, default=None)
    ), None


def _details(item: Item) -> Item:
    """What must match for two copies of an item to be one: all but its versions, its audit
    lines, the day supply tracking began, what is worked out (its cap) and the ranges copied
    from the catalog, which depend on the person's age: the caller chooses them again for the
    united regimen's year of birth."""
    catalogs = item.range is not None and item.range.kind is not None  # not the person's own
    return item._replace(
        regimen=(),
        changes=(),
        supply_since=None,
        cap=None,
        range=None if catalogs else item.range,
        dose_limit=None,
    )


def _spacing(
    mine: tuple[Spacing, ...],
    theirs: tuple[Spacing, ...],
    keep: Mapping[str, Side],
    changes: list[str],
    collisions: list[Collision],
) -> tuple[Spacing, ...]:
    """The person's own spacing rules of both copies; the catalog's are made again later."""
    own = {_pair(rule): rule for rule in mine if rule.source == USER_SOURCE}
    found = list(mine)
    for rule in theirs:
        if rule.source != USER_SOURCE:
            continue
        key = _pair(rule)
        held = own.get(key)
        if held is None:
            found.append(rule)
            changes.append(f"added your spacing rule between {rule.a} and {rule.b}")
        elif sides(held) != sides(rule):
            side = keep.get(key, keep.get(EVERY))
            if side is None:
                collisions.append(
                    Collision(key, f"{rule.a} and {rule.b}", "your spacing rule differs")
                )
            elif side == "theirs":
                found[found.index(held)] = rule
                changes.append(f"your spacing rule between {rule.a} and {rule.b}: theirs")
    return tuple(found)


def _profile(
    mine: Profile | None,
    theirs: Profile | None,
    keep: Mapping[str, Side],
    changes: list[str],
    collisions: list[Collision],
) -> Profile | None:
    """The year of birth of either copy (the facts for that age are chosen again here)."""
    if theirs is None or (mine is not None and mine.born == theirs.born):
        return mine
    if mine is None:
        changes.append(f"the year of birth: {theirs.born}, from the other copy")
        return theirs._replace(year=0)
    side = keep.get(PROFILE, keep.get(EVERY))
    if side is None:
        collisions.append(
            Collision(PROFILE, "the year of birth", f"{mine.born} here, {theirs.born} there")
        )
    elif side == "theirs":
        changes.append(f"the year of birth: {theirs.born}, the other copy's")
        return theirs._replace(year=0)
    return mine


def _allergies(
    mine: tuple[Allergy, ...],
    theirs: tuple[Allergy, ...],
    keep: Mapping[str, Side],
    changes: list[str],
    collisions: list[Collision],
) -> tuple[Allergy, ...]:
    """The allergies of both copies, this store's first; one recorded differently on each
    side is this store's unless the person keeps theirs."""
    found = list(mine)
    held = {allergy.key: n for n, allergy in enumerate(mine)}
    differ = []
    for allergy in theirs:
        if allergy.key not in held:
            changes.append(f"the allergy to {allergy.name}, from the other copy")
            found.append(allergy)
        elif mine[held[allergy.key]] != allergy:
            differ.append((held[allergy.key], allergy))
    if differ:
        side = keep.get(ALLERGIES, keep.get(EVERY))
        names = ", ".join(allergy.name for _, allergy in differ)
        if side is None:
            collisions.append(Collision(ALLERGIES, "allergies", f"{names} recorded differently"))
        elif side == "theirs":
            for n, allergy in differ:
                found[n] = allergy
            changes.append(f"the allergies ({names}): the other copy's")
    return tuple(found)


def _pair(rule: Spacing) -> str:
    return "+".join(sorted((rule.a, rule.b)))


def sides(rule: Spacing) -> tuple[str, str, timedelta, timedelta]:
    """A rule as one reading of it: "b 1h before or 5h after a" is "a 5h before or 1h after
    b", and a rule the same both ways reads the same whichever item comes first."""
    if rule.a <= rule.b:
        return rule.a, rule.b, rule.before, rule.after
    return rule.b, rule.a, rule.after, rule.before


def check_keep(keep: Mapping[str, Side], regimens: Iterable[Regimen], command: str) -> None:
    """Refuse a ``--keep KEY=...`` whose key names nothing in the copies (a typo would
    otherwise be ignored, and the merge go on without the choice the person meant)."""
    known: dict[str, None] = {}
    for regimen in regimens:
        known.update(dict.fromkeys(item.key for item in regimen.items))
        known.update(
            dict.fromkeys(_pair(rule) for rule in regimen.spacing if rule.source == USER_SOURCE)
        )
    known.update(dict.fromkeys(KEEP_WORDS))
    unknown = [key for key in keep if key != EVERY and key not in known]
    if unknown:
        raise BadInput(
            f"--keep {unknown[0][:40]!r} names nothing in either copy; nothing was changed. "
            f"The keys {command} knows here: {', '.join(known)} (or mine or theirs for all)."
        )


def parse_keep(texts: Iterable[str]) -> dict[str, Side]:
    """``--keep mine``, ``--keep theirs`` (every collision) or ``--keep lexapro=theirs`` (one
    item, the settings, the profile, the allergies, or a pair's spacing rule "a+b"),
    repeated: the choices by key, with "*" for every collision not named."""
    found: dict[str, Side] = {}
    for text in texts:
        key, _, side = text.strip().rpartition("=")
        side = side.strip().casefold()
        if side not in ("mine", "theirs") or (not key and "=" in text):
            raise BadInput(
                f"--keep {text[:40]!r} is not a choice; use mine, theirs, or ITEM=mine|theirs."
            )
        chosen: Side = "mine" if side == "mine" else "theirs"
        named = key.strip() or EVERY
        if found.get(named, chosen) != chosen:
            which = "every collision" if named == EVERY else named
            raise BadInput(f"--keep says both mine and theirs for {which}; give one side.")
        found[named] = chosen
    return found
