"""``medlog hold``: pause an item for some days (surgery, a procedure, a prescriber's word)
with the reason; nothing is expected while it is held, and the hold ends by itself.

A hold is kept on the item beside its regimen versions (``Item.holds``), so it changes no dose
or schedule: the day after the hold, the regimen in force simply goes on. Every hold leaves an
audit line, as every change of an item does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from medlog.actions import named, replace_item, with_change
from medlog.actions.interactions import refresh
from medlog.errors import BadInput
from medlog.model import Hold, Item
from medlog.names import MAX_NOTE, clean_text
from medlog.regimen_validator import MAX_HOLD_DAYS
from medlog.store import Store
from medlog.timeparse import parse_day

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Held:
    """An item after ``hold``: the hold made, or the one ``--end`` ended (``ended``: the
    day it now ends; ``removed``: a hold that had not begun, taken away)."""

    item: Item
    hold: Hold
    ended: date | None = None
    removed: bool = False


def hold(
    store: Store,
    now: datetime,
    name: str,
    until: str,
    *,
    start: str | None = None,
    reason: str | None = None,
) -> Held:
    """Hold an item from ``start`` (default today) through ``until``, both included."""
    today = now.date()
    first = parse_day(start, today) if start is not None else today
    last = parse_day(until, today)
    why = clean_text(reason, "The reason", MAX_NOTE) if reason is not None else None
    if last < first:
        raise BadInput(f"--until {last} is before the hold's first day, {first}.")
    if (last - first).days >= MAX_HOLD_DAYS:
        raise BadInput(
            f"A hold is at most {MAX_HOLD_DAYS - 1} days after its first day; for longer, "
            "stop the item (medlog stop NAME --reason ...) and resume it later."
        )
    with store.locked():
        regimen = store.load_regimen()
        item = named(regimen, name)
        _can_hold(item, first, last)
        made = Hold(first, last, why)
        holds = tuple(sorted((*item.holds, made)))
        said = f"on hold from {first} through {last}" + (f" ({why})" if why else "")
        item = with_change(item._replace(holds=holds), now, said)
        store.save_regimen(refresh(replace_item(regimen, item), today))
    return Held(item, made)


def end_hold(store: Store, now: datetime, name: str) -> Held:
    """End the item's hold early: the one in force today ends yesterday (or, begun today, is
    taken away); without one, the next planned hold is taken away."""
    today = now.date()
    with store.locked():
        regimen = store.load_regimen()
        item = named(regimen, name)
        current = item.held_on(today)
        planned = [held for held in item.holds if held.start > today]
        if current is None and not planned:
            raise BadInput(f"{item.name} is not on hold, and no hold of it is planned.")
        chosen = current or planned[0]
        kept = [held for held in item.holds if held != chosen]
        removed = chosen.start >= today
        if removed:
            said = f"hold from {chosen.start} through {chosen.until} cancelled"
        else:
            kept.append(chosen._replace(until=today - ONE_DAY))
            said = f"hold from {chosen.start} through {chosen.until} ended; expected again today"
        item = with_change(item._replace(holds=tuple(sorted(kept))), now, said)
        store.save_regimen(refresh(replace_item(regimen, item), today))
    return Held(item, chosen, None if removed else today - ONE_DAY, removed)


def _can_hold(item: Item, first: date, last: date) -> None:
    """Refuse a hold of nothing: before the item starts, of an as-needed item, over days it
    is stopped, or over another hold."""
    if first < item.regimen[0].start:
        raise BadInput(
            f"{item.name} starts on {item.regimen[0].start}; a hold starts on that day or later."
        )
    version = item.version_on(first, holds=False)
    if version is None:
        raise BadInput(f"{item.name} is stopped on {first}; there is nothing to hold.")
    if version.schedule.prn:
        raise BadInput(
            f"{item.name} is taken as needed, so nothing is expected of it and there is "
            "nothing to hold."
        )
    for held in item.holds:
        if held.start <= last and first <= held.until:
            because = f" ({held.reason})" if held.reason else ""
            raise BadInput(
                f"{item.name} is already on hold from {held.start} through {held.until}"
                f"{because}. End it first (medlog hold {item.key} --end) or choose other days."
            )
