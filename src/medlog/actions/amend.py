"""Correct a logged dose's amount in one step: ``medlog amend ID AMOUNT``.

Nothing is rewritten: under the lock, one append writes a void of the original (with a
reason) and a new dose at the original's time with the right amount, whose ``amends``
holds the original's id, so history shows the correction and where it came from. Several
ids take one amount, all or nothing: ``edit --from`` offers that command for the doses a
change entered late left at the old dose.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from medlog import journal
from medlog.actions import recent_start, shell_quote
from medlog.actions.doses import (
    Found,
    Logged,
    amount_to_log,
    find_event,
    id_prefix,
    replaced,
    said_back,
)
from medlog.errors import BadInput
from medlog.model import Amount, Event, Item, Regimen
from medlog.names import MAX_NOTE, clean_text
from medlog.schedule import slots_on
from medlog.store import Store
from medlog.units import format_amount, format_decimal, format_dose, parse_typed_amount

ONE_DAY = timedelta(days=1)


class Amended(NamedTuple):
    """A dose corrected: the original (now voided) and the new dose with its day's figures."""

    original: Event
    logged: Logged


class Amends(NamedTuple):
    """Every dose one ``amend`` corrected, in the order their ids were given."""

    amended: tuple[Amended, ...]
    torn: bool = False


def amend(
    store: Store, now: datetime, words: Sequence[str], *, reason: str | None = None
) -> Amends:
    """Give the doses whose ids start with the leading ``words`` the amount the last words
    say, converted as ``take`` converts it (2 tablets, 0.02 g); all of them or none."""
    prefixes, typed = _ids_and_amount(words)
    reason = clean_text(reason, "The reason", MAX_NOTE) if reason is not None else None
    with store.locked():
        regimen = store.load_regimen()
        read = journal.read_all(store.journal_path)
        index = _Index(read.events)
        targets: list[tuple[Event, Item]] = []
        for prefix in prefixes:
            target, item = _amendable(index.find(prefix), regimen)
            if target.at > now:  # this device's clock is behind the dose's own time
                raise BadInput(
                    f"The dose {target.id[:8]} ({item.name} at {target.at:%Y-%m-%d %H:%M}) is "
                    f"dated after this device's clock ({now:%Y-%m-%d %H:%M}), and an amended "
                    "dose cannot be logged before it was taken. Check the clock, then amend it; "
                    "nothing was changed."
                )
            if any(target.id == earlier.id for earlier, _ in targets):
                raise BadInput(f"{target.id[:8]} is named twice; nothing was changed.")
            targets.append((target, item))
        written: list[Event] = []
        for target, item in targets:
            value, given = amount_to_log(item, typed, target.day)
            if value == target.amount and target.unit == item.unit:
                raise BadInput(
                    f"The dose {target.id[:8]} ({item.name} at {target.at:%Y-%m-%d %H:%M}) is "
                    f"already {format_amount(value, item.unit)}; nothing was changed."
                )
            said = format_dose(value, item.unit, given)
            written.append(
                Event(
                    journal.new_id(),
                    "void",
                    now,
                    now,
                    ref=target.id,
                    reason=reason or f"amended to {said}",
                )
            )
            written.append(
                Event(
                    journal.new_id(),
                    "dose",
                    target.at,
                    now,
                    item=item.key,
                    amount=value,
                    unit=item.unit,
                    given=given,
                    note=target.note,
                    amends=target.id,
                )
            )
        store.append(written)
    live = journal.live([*read.events, *written])
    amended = []
    for (target, item), dose in zip(targets, written[1::2], strict=True):
        near = [event for event in live if abs(event.day - target.day) <= ONE_DAY]
        logged = said_back(
            regimen,
            item,
            dose,
            near,
            now,
            typed=True,
            at_given=target.at.isoformat(),
            undo=f"medlog undo {dose.id[:8]}",
        )
        amended.append(Amended(target, logged))
    return Amends(tuple(amended), read.torn)


class _Index:
    """The journal's events by id, for finding many ids at once (``edit --from`` may offer a
    hundred): each prefix is a binary search, never a pass over the journal."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = events
        self.ids = sorted((event.id.replace("-", ""), n) for n, event in enumerate(events))
        self.voided: dict[str, Event] = {}
        self.amended: dict[str, Event] = {}
        for event in events:
            if event.type == "void" and event.ref is not None:
                self.voided.setdefault(event.ref, event)
            if event.amends is not None:
                self.amended.setdefault(event.amends, event)

    def find(self, prefix: str) -> Found:
        """What ``doses.find_event`` finds for ``prefix``, with its refusals."""
        start = bisect_left(self.ids, (prefix, -1))
        matches: list[Event] = []
        for found_id, n in self.ids[start:]:
            if not found_id.startswith(prefix):
                break
            if not matches or matches[-1].id != self.events[n].id:  # a line twice is one event
                matches.append(self.events[n])
        if len(matches) != 1:
            return find_event(iter(matches), prefix)  # says none, or more than one
        target = matches[0]
        return Found(target, self.voided.get(target.id), self.amended.get(target.id))


def _ids_and_amount(words: Sequence[str]) -> tuple[list[str], tuple[Amount, str | None]]:
    """The id prefixes the words start with and the amount the rest say: the longest run of
    last words that reads as an amount (``3f2a9c1e 1/2 tablet``)."""
    option = next((word for word in words if word.startswith("--")), None)
    if option is not None:
        raise BadInput(f"{option[:40]!r} is not an option of amend; see medlog amend --help.")
    if len(words) < 2:
        raise BadInput(
            "Give the dose's id, then the amount it should have been, e.g. medlog amend "
            "3f2a9c1e 20mg (medlog history shows ids)."
        )
    for start in range(1, len(words)):
        try:
            typed = parse_typed_amount(" ".join(words[start:]))
        except BadInput:
            continue
        ids = [part for word in words[:start] for part in word.split(",") if part]
        return [id_prefix(text) for text in ids], typed
    parse_typed_amount(words[-1])  # raises its own refusal
    raise BadInput(f"{' '.join(words[1:])!r} is not an amount, e.g. 20mg or '1/2 tablet'.")


def _amendable(found: Found, regimen: Regimen) -> tuple[Event, Item]:
    """The dose an id names and its item, when it can be amended; else what to do instead."""
    target = found.event
    short = target.id[:8]
    when = f"{target.at:%Y-%m-%d %H:%M}"
    if target.type == "void":
        raise BadInput(
            f"{short} is itself a correction (an undo), not a dose; amend changes the amount "
            "of a dose (medlog history shows the dose it voided)."
        )
    item = regimen.get(target.item or "")
    key = item.key if item else target.item or "NAME"
    if target.type == "skip":
        raise BadInput(
            f"{short} is a skip, not a dose. If it was taken after all: medlog undo {short}, "
            f"then medlog take {shell_quote(key)} --at {shell_quote(when)}"
        )
    if target.type != "dose":
        what = {"fill": "a fill or count", "checkin": "a check-in", "question": "a question"}
        raise BadInput(
            f"{short} is {what.get(target.type, target.type)}, not a dose; amend changes the "
            f"amount of a dose (medlog undo {short} voids it, to log it again as it was)."
        )
    if found.amended_by is not None:
        raise replaced(found.amended_by)
    if found.voided_by is not None:
        raise BadInput(
            f"That dose was undone on {found.voided_by.at:%Y-%m-%d %H:%M}, so there is "
            f"nothing to amend. If it was taken: medlog take {shell_quote(key)} AMOUNT --at "
            f"{shell_quote(when)}"
        )
    if item is None:
        raise BadInput(
            f"{short} is a dose of {target.item!r}, which is not an item in medlog.toml; "
            "medlog check says more."
        )
    return target, item


def left_at_the_old_dose(store: Store, before: Item, after: Item, today: date) -> list[str]:
    """For a change of dose that reaches back (``edit --from`` a past day, or a re-dated
    version): the doses already logged on the days it changed that differ from the new
    dose, and the one command that corrects them, per new dose."""
    changed = {v.start for v in after.regimen if v not in before.regimen} | {
        v.start for v in before.regimen if v not in after.regimen
    }
    first = min(changed, default=today + ONE_DAY)
    if first > today:
        return []
    read = journal.read_recent(store.journal_path, recent_start(first))
    by_day: dict[date, list[Event]] = {}
    for event in journal.live(read.events):
        if event.type == "dose" and event.item == after.key and first <= event.day <= today:
            by_day.setdefault(event.day, []).append(event)
    wrong: dict[Decimal, list[Event]] = {}
    for day, logged in by_day.items():
        new, old = _dose_in_force(after, day), _dose_in_force(before, day)
        version = after.version_on(day)
        if new is None or new == old or version is None:
            continue
        if len(logged) > len(slots_on(version.schedule, day, version.start)):
            continue  # more doses than slots (2 x 10 mg for one 20 mg): each at 20 mg is double
        wrong.setdefault(new, []).extend(e for e in logged if e.amount != new)
    wrong = {new: doses for new, doses in wrong.items() if doses}
    notices = []
    for new, doses in wrong.items():
        doses.sort(key=lambda event: (event.at, event.id))
        listed = ", ".join(
            f"{event.at:%Y-%m-%d %H:%M} {format_dose(event.amount, after.unit, event.given)} "
            f"({event.id[:8]})"
            for event in doses
        )
        count = f"{len(doses)} dose{'s' if len(doses) > 1 else ''}"
        dose = format_amount(new, after.unit)
        notices.append(
            f"{count} of {after.name} already logged from {doses[0].day} "
            f"{'differ' if len(doses) > 1 else 'differs'} from the new "
            f"dose of {dose}: {listed}. If {dose} was taken, correct "
            f"{'them' if len(doses) > 1 else 'it'} (history keeps each original, voided, "
            f"with a link): medlog amend {' '.join(e.id[:8] for e in doses)} "
            f"{format_decimal(new)}{after.unit}"
        )
    return notices


def _dose_in_force(item: Item, day: date) -> Decimal | None:
    """The regular dose ``item`` asks for on ``day`` (None: none, or as needed)."""
    version = item.version_on(day)
    if version is None or version.schedule.prn:
        return None
    return version.dose_on(day)
