"""Several doses at once: ``take A, B, C``, ``take --due``, and ``skip`` the same.

Commas separate items, since a name may span words without quotes. Every item is found,
every amount read and every time parsed before anything is written; then one append
under the lock writes them all, or nothing is written. ``--due`` takes the latest due or
overdue slot of each item (never two doses of one item at once) and names the older
overdue ones, for ``skip``; what it will log is shown and confirmed outside the lock and
worked out again under it, so another command logging in between cannot make a double dose.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Literal, NamedTuple

from medlog import journal
from medlog.actions import item_and_rest, shell_quote, tail_start
from medlog.actions.doses import (
    Logged,
    dose_event,
    dose_time,
    said_back,
    skip_said_back,
    skippable,
    skipped_item,
    still_there,
    typed_amount,
)
from medlog.adherence import counts_for_now, item_days_of
from medlog.errors import BadInput
from medlog.matching import seconds_of_day
from medlog.model import Amount, Event, Item, Regimen
from medlog.names import MAX_NOTE, clean_text
from medlog.store import Store
from medlog.timeparse import parse_when

Kind = Literal["dose", "skip"]


class Slot(NamedTuple):
    """A scheduled dose of an item on a day, not logged yet: due now, or overdue."""

    item: Item
    day: date
    time: time | None
    overdue: bool
    dose: Decimal | None  # the regimen's dose that day (None: it has no regular dose)


class Plan(NamedTuple):
    """What ``--due`` will log (a slot per item) and the older slots it leaves, for skip."""

    chosen: tuple[Slot, ...]
    older: tuple[Slot, ...]
    at: datetime
    amountless: tuple[Slot, ...] = ()  # due, but with no regular dose to take: left out


class Batch(NamedTuple):
    """Doses or skips logged by one command, each with its figures and warnings (each warning
    once), and the older overdue slots ``--due`` left (for skip)."""

    logged: tuple[Logged, ...]
    older: tuple[Slot, ...] = ()
    torn: bool = False
    at: datetime | None = None  # the moment --due judged (None: several items named)
    amountless: tuple[Slot, ...] = ()  # due, with no regular dose: --due left them out


Confirm = Callable[[Plan, Kind], None]


def several(text_words: Sequence[str]) -> bool:
    """True when the words name several items (``take lexapro, multivitamin``)."""
    return any("," in word for word in text_words)


def split_items(regimen: Regimen, words: Sequence[str]) -> list[list[str]]:
    """The words of each item, split at commas (an item whose own name holds a comma is
    kept whole); empty parts are dropped."""
    text = " ".join(words)
    for item in regimen.items:
        if "," in item.name:
            text = re.sub(re.escape(item.name), item.key, text, flags=re.IGNORECASE)
    parts = [part.split() for part in text.split(",")]
    return [part for part in parts if part]


def take_several(
    store: Store,
    now: datetime,
    words: Sequence[str],
    *,
    at_text: str | None = None,
    note: str | None = None,
) -> Batch:
    """Log a dose of each item the comma-separated ``words`` name (each its regimen dose that
    day unless an amount follows its name), at ``at_text`` or now; all or none."""
    note = clean_text(note, "The note", MAX_NOTE) if note is not None else None
    regimen = store.load_regimen()
    _named(regimen, words, "take")
    wanted: list[tuple[Item, tuple[Amount, str | None] | None, datetime]] = []
    for part in split_items(regimen, words):
        item, rest = item_and_rest(regimen, part)
        at = _when(at_text, now, item)
        wanted.append((item, typed_amount(item, rest, note), at))
    _once_each([item for item, _, _ in wanted], "take")
    with store.locked():
        regimen = store.load_regimen()
        events = [
            dose_event(still_there(regimen, named), typed, at, now, note)
            for named, typed, at in wanted
        ]
        recent = journal.read_recent(store.journal_path, _earliest(regimen, events))
        store.append(events)
    known = [*recent.events, *events]
    logged = [
        said_back(
            regimen,
            still_there(regimen, item),
            event,
            known,
            now,
            typed=typed is not None,
            at_given=at_text,
            undo=f"medlog undo {event.id[:8]}",
        )
        for (item, typed, _), event in zip(wanted, events, strict=True)
    ]
    return Batch(_each_warning_once(logged), torn=recent.torn)


def skip_several(
    store: Store,
    now: datetime,
    words: Sequence[str],
    *,
    at_text: str | None = None,
    reason: str | None = None,
) -> Batch:
    """Log a skip of each item the comma-separated ``words`` name; all or none."""
    reason = clean_text(reason, "The reason", MAX_NOTE) if reason is not None else None
    regimen = store.load_regimen()
    _named(regimen, words, "skip")
    wanted = []
    for part in split_items(regimen, words):
        item = skipped_item(regimen, part, reason)
        wanted.append((item, _when(at_text, now, item)))
    _once_each([item for item, _ in wanted], "skip")
    with store.locked():
        regimen = store.load_regimen()
        events = []
        for item, at in wanted:
            current = skippable(still_there(regimen, item), at.date())
            events.append(Event(journal.new_id(), "skip", at, now, item=current.key, reason=reason))
        recent = journal.read_recent(store.journal_path, _earliest(regimen, events))
        store.append(events)
    known = [*recent.events, *events]
    logged = [
        skip_said_back(regimen, still_there(regimen, item), event, known, now)
        for (item, _), event in zip(wanted, events, strict=True)
    ]
    return Batch(tuple(logged), torn=recent.torn)


def log_due(
    store: Store,
    now: datetime,
    kind: Kind,
    words: Sequence[str] = (),
    *,
    at_text: str | None = None,
    text: str | None = None,
    confirm: Confirm | None = None,
) -> Batch:
    """Take (or skip) the latest due or overdue slot of each item at ``at_text`` or now: one
    dose per item at most. ``confirm`` sees the plan first, outside the lock (it raises to
    decline or refuse); under the lock the plan is worked out again and must not have changed.
    ``text`` is the doses' note or the skips' reason."""
    verb = "take" if kind == "dose" else "skip"
    if words:
        raise BadInput(
            f"{verb} --due finds the items itself; give either --due or the names, e.g. "
            f"medlog {verb} {' '.join(words)}"
        )
    what = "The note" if kind == "dose" else "The reason"
    text = clean_text(text, what, MAX_NOTE) if text is not None else None
    at = parse_when(at_text, now) if at_text is not None else now
    regimen = store.load_regimen()
    plan = due_plan(regimen, _live_near(store, regimen, at.date())[0], at, kind)
    if not plan.chosen:
        return Batch((), plan.older, at=at, amountless=plan.amountless)
    if confirm is not None:
        confirm(plan, kind)
    with store.locked():
        regimen = store.load_regimen()
        live, recent = _live_near(store, regimen, at.date())
        again = due_plan(regimen, live, at, kind)
        if _keys(again) != _keys(plan):
            raise BadInput(
                "What is due changed while you were asked (another medlog command logged "
                f"something); nothing was logged. Run medlog {verb} --due again."
            )
        events = [_due_event(kind, slot.item, at, now, text) for slot in again.chosen]
        store.append(events)
    known = [*recent.events, *events]
    logged: list[Logged] = []
    for slot, event in zip(again.chosen, events, strict=True):
        if kind == "skip":
            logged.append(skip_said_back(regimen, slot.item, event, known, now))
            continue
        logged.append(
            said_back(
                regimen,
                slot.item,
                event,
                known,
                now,
                typed=False,
                at_given=at_text,
                undo=f"medlog undo {event.id[:8]}",
            )
        )
    return Batch(_each_warning_once(logged), again.older, recent.torn, at, again.amountless)


def due_plan(regimen: Regimen, live: Sequence[Event], at: datetime, kind: Kind = "dose") -> Plan:
    """At ``at``: for each item, the latest slot of its day that is overdue or due (its time,
    less the on-time window, has come), and the item's other such slots, older. To take, an
    item with no regular dose is left out (``amountless``): only the person knows how much.

    An item with a dose in the on-time window before ``at`` is left out: a dose at 21:00 on
    an 08:00,20:00 schedule counts for the missed 08:00 (DESIGN.md: doses account for closed
    slots first), so 20:00 is still due, but --due never offers a second dose minutes later.
    """
    window = regimen.settings.on_time_window
    early = int(window.total_seconds())
    day = at.date()
    chosen: list[Slot] = []
    older: list[Slot] = []
    amountless: list[Slot] = []
    for item in regimen.items:
        version = item.version_on(day)
        if version is None or version.schedule.prn:
            continue
        if any(e.type == "dose" and e.item == item.key and at - window < e.at <= at for e in live):
            continue
        mine = [e for e in live if e.item == item.key]
        figures = item_days_of(item, mine, day, day, window, at)[0]
        found = [
            Slot(item, day, slot.time, slot.state == "missed", version.dose_on(day))
            for slot in figures.slots
            if slot.state == "missed"
            or (
                slot.state == "pending"
                and (slot.time is None or seconds_of_day(slot.time) - early <= seconds_of_day(at))
            )
        ]
        if not found and kind == "dose":  # a skip never moves: only a dose answers these
            waiting = counts_for_now(item, mine, window, at)
            if waiting is not None and (then := item.version_on(waiting.day)) is not None:
                found = [Slot(item, waiting.day, waiting.time, True, then.dose_on(waiting.day))]
        if found and found[-1].dose is None and kind == "dose":
            amountless.append(found[-1])
        elif found:
            chosen.append(found[-1])
            older += found[:-1]
    return Plan(tuple(chosen), tuple(older), at, tuple(amountless))


def skip_command(slot: Slot, today: date, *, verb: str = "skip") -> str:
    """``medlog skip lexapro --at 08:00`` for a slot (its date when it is not today's)."""
    clock = f"{slot.time:%H:%M}" if slot.time is not None else "12:00"
    when = clock if slot.day == today else f"{slot.day} {clock}"
    return f"medlog {verb} {shell_quote(slot.item.key)} --at {shell_quote(when)}"


def _named(regimen: Regimen, words: Sequence[str], verb: str) -> None:
    """Refuse a command that names no item at all."""
    if not split_items(regimen, words):
        raise BadInput(
            f"Name the item to {verb}, e.g. medlog {verb} lexapro (several: medlog {verb} "
            f"lexapro, multivitamin; what is due: medlog {verb} --due)."
        )


def _when(at_text: str | None, now: datetime, item: Item) -> datetime:
    return parse_when(at_text, now, default_clock=dose_time(item)) if at_text is not None else now


def _once_each(items: Sequence[Item], verb: str) -> None:
    """Refuse an item named twice: one command never logs two of one item's doses."""
    seen: set[str] = set()
    for item in items:
        if item.key in seen:
            raise BadInput(
                f"{item.name} is named twice; medlog {verb} logs one of each item at a time. "
                "Nothing was logged."
            )
        seen.add(item.key)


def _earliest(regimen: Regimen, events: Sequence[Event]) -> datetime:
    keys = {event.item for event in events}
    items = [item for item in regimen.items if item.key in keys]
    return tail_start(regimen, items, min(event.day for event in events))


def _live_near(
    store: Store, regimen: Regimen, day: date
) -> tuple[list[Event], journal.JournalRead]:
    recent = journal.read_recent(store.journal_path, tail_start(regimen, regimen.items, day))
    return journal.live(recent.events), recent


def _keys(plan: Plan) -> list[tuple[str, time | None]]:
    return [(slot.item.key, slot.time) for slot in plan.chosen]


def _due_event(kind: Kind, item: Item, at: datetime, now: datetime, text: str | None) -> Event:
    """The dose (the regimen's, that day) or skip for a due slot."""
    if kind == "skip":
        return Event(journal.new_id(), "skip", at, now, item=item.key, reason=text)
    return dose_event(item, None, at, now, text)


def _each_warning_once(logged: Sequence[Logged]) -> tuple[Logged, ...]:
    """The results with each warning kept only where it first appears (a substance's total
    over its limit concerns every dose that holds it, and is said once)."""
    said: set[str] = set()
    kept = []
    for result in logged:
        fresh = tuple(warning for warning in result.warnings if warning not in said)
        said.update(fresh)
        kept.append(result._replace(warnings=fresh))
    return tuple(kept)
