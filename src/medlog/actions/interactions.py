"""The regimen as a combination: limits on substances totalled across items, spacing
rules between items, and the catalog's interaction notes, each with its source.

``refresh`` copies from the catalog into the regimen what ``take`` needs (the limit of
every substance the items hold, the spacing rules between pairs of items), so logging
a dose never reads the catalog. The notes are facts with sources, never advice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from medlog import catalog
from medlog.actions import find_item
from medlog.errors import BadInput
from medlog.ingredients import contents, contents_problem, with_caps
from medlog.model import USER_SOURCE, Item, Limit, Regimen, Spacing
from medlog.names import item_key
from medlog.store import Store
from medlog.timeparse import parse_duration


class Note(NamedTuple):
    """An interaction note that concerns two items of the regimen."""

    first: Item
    second: Item
    interaction: catalog.Interaction


def refresh(regimen: Regimen, today: date) -> Regimen:
    """The regimen with its limits and catalog spacing rules made from its items now; the
    person's own spacing rules stay while both their items do."""
    entries = {substance.id: substance for substance in catalog.load()}
    held = {part.substance for item in regimen.items for part in contents(item)}
    limits = []
    for substance in sorted(held):
        entry = entries.get(substance)
        limit = entry.range if entry is not None else None
        if entry is not None and limit is not None and limit.kind in ("label", "upper_limit"):
            factor = entry.mcg_per_iu.value if entry.mcg_per_iu else None
            limits.append(
                Limit(
                    entry.id, entry.name, limit, entry.unit, entry.basis, factor, entry.limit_name
                )
            )
    keys = {item.key for item in regimen.items}
    own = tuple(rule for rule in regimen.spacing if _own(rule) and {rule.a, rule.b} <= keys)
    found = list(own)
    for note in notes(regimen, today):
        rule = note.interaction
        if rule.before is None or rule.after is None:
            continue
        spacing = Spacing(note.first.key, note.second.key, rule.before, rule.after, rule.source)
        if not any(_same_pair(s, spacing) and s.source == spacing.source for s in found):
            found.append(spacing)  # beside the person's own rule for the pair, if any
    problem = contents_problem(regimen.items, limits)
    if problem is not None:
        raise BadInput(f"{problem}. Nothing was changed.")
    return with_caps(regimen._replace(limits=tuple(limits), spacing=tuple(found)))


def names(item: Item) -> set[str]:
    """Everything an interaction note may call the item: its key, substances, what it
    counts as and holds, its --class, and the catalog's classes for its substances."""
    found = {item.key, *item.substances, *(part.substance for part in contents(item))}
    if item.counts_as:
        found.add(item.counts_as)
    if item.drug_class:
        slug = item_key(item.drug_class)
        found |= {slug, slug.removesuffix("s")}
    entries = {substance.id: substance for substance in catalog.load()}
    for substance in list(found):
        entry = entries.get(substance)
        if entry is not None:
            found |= set(entry.classes)
    return found


def notes(regimen: Regimen, today: date, concerning: Item | None = None) -> list[Note]:
    """The interaction notes between two items in force today (or stopped within a note's
    ``within_days``), each pair once; only those involving ``concerning`` when given."""
    found = []
    for rule in catalog.interactions():
        pool = [item for item in regimen.items if _present(item, today, rule.within_days)]
        for first, second in _pairs(pool):
            matched = _match(rule, first, second)
            if matched is None:
                continue
            a, b = matched
            if not (_present(a, today, 0) or _present(b, today, 0)):
                continue  # both stopped: nothing is taken together any more
            if concerning is None or concerning.key in (a.key, b.key):
                found.append(Note(a, b, rule))
    return found


def _pairs(items: list[Item]) -> Iterable[tuple[Item, Item]]:
    for n, first in enumerate(items):
        for second in items[n + 1 :]:
            yield first, second


def _match(rule: catalog.Interaction, first: Item, second: Item) -> tuple[Item, Item] | None:
    """The pair as the rule names it (its ``a`` side first), or None."""
    one, two = names(first), names(second)
    if one & set(rule.a) and two & set(rule.b):
        return first, second
    if two & set(rule.a) and one & set(rule.b):
        return second, first
    return None


def _present(item: Item, today: date, within_days: int) -> bool:
    """True when the item is in force today, or was stopped no more than ``within_days``
    days ago."""
    if item.version_on(today) is not None:
        return True
    stopped = item.stopped
    return (
        stopped is not None
        and today - stopped <= timedelta(days=within_days)
        and (stopped <= today)
    )


def space(
    store: Store,
    first: str,
    second: str,
    *,
    apart: str | None = None,
    before: str | None = None,
    after: str | None = None,
) -> tuple[Spacing, Regimen]:
    """Keep ``second`` at least ``apart`` from ``first`` either way, or at least ``before``
    before it and ``after`` after it; replaces the person's earlier rule for the same two
    items. A catalog rule for them stays beside it: ``take`` warns on either."""
    if apart is not None and (before is not None or after is not None):
        raise BadInput("Give a gap both ways (e.g. 2h), or --before and --after, not both.")
    if apart is None and (before is None or after is None):
        raise BadInput(
            "Say how far apart: medlog space A B 2h, or medlog space A B --before 2h --after 4h."
        )
    gaps = [_gap(apart or before, "before"), _gap(apart or after, "after")]
    with store.locked():
        regimen = store.load_regimen()
        a, b = find_item(regimen, first), find_item(regimen, second)
        if a.key == b.key:
            raise BadInput(f"{a.name} and {b.name} are the same item; name two items.")
        rule = Spacing(a.key, b.key, gaps[0], gaps[1], USER_SOURCE)
        kept = tuple(s for s in regimen.spacing if not (_same_pair(s, rule) and _own(s)))
        regimen = regimen._replace(spacing=(*kept, rule))
        store.save_regimen(regimen)
    return rule, regimen


def unspace(store: Store, first: str, second: str) -> tuple[Spacing, Regimen]:
    """Remove the person's own rule between two items; a catalog rule cannot be removed."""
    with store.locked():
        regimen = store.load_regimen()
        a, b = find_item(regimen, first), find_item(regimen, second)
        pair = [s for s in regimen.spacing if {s.a, s.b} == {a.key, b.key}]
        found = [s for s in pair if _own(s)]
        if pair and not found:
            raise BadInput(
                f"The rule between {a.name} and {b.name} comes from {pair[0].source}; medlog "
                "keeps sourced rules (only your own, set with medlog space, can be removed)."
            )
        if not found:
            raise BadInput(f"There is no spacing rule between {a.name} and {b.name}.")
        regimen = regimen._replace(spacing=tuple(s for s in regimen.spacing if s not in found))
        store.save_regimen(regimen)
    return found[0], regimen


def _same_pair(one: Spacing, other: Spacing) -> bool:
    return {one.a, one.b} == {other.a, other.b}


def _own(rule: Spacing) -> bool:
    return rule.source == USER_SOURCE


def _gap(text: str | None, option: str) -> timedelta:
    gap = parse_duration(text or "")
    if not timedelta(minutes=1) <= gap <= timedelta(hours=48):
        raise BadInput(f"A gap of {text!r} ({option}) is not between 1 minute and 48 hours.")
    return gap
