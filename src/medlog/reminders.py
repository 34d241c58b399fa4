"""Which reminders ``due --notify`` announces now, and what it remembers having announced.

A dose's slot is announced once, at the first run after its time: an item's slot whose next
slot has already come is never announced (a machine asleep all day wakes to one reminder per
item, not a backlog), and a slot logged (taken or skipped) is forgotten, so that an ``undo``
of its dose makes it eligible once more. A slot is known by its item, day and time, so a
moved slot (a schedule edited to 09:00) is a new one. A sparse schedule's slot (weekly),
still open the next day as "late", is announced once more then. An item running low on
supply is announced once a day. Untimed slots count from midday.

Quiet hours defer announcements to their end; what a later slot replaced meanwhile is then
dropped by the rule above. The state is a small JSON document (``derived.py`` places it);
deleting it announces each open slot once more, never more. A clock set back announces
nothing twice (announcements are remembered by slot, not by time) and misses nothing (a slot
counts once the clock passes its time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from medlog.errors import BadInput, quote

STATE_NAME = "reminders.json"
VERSION = 1
UNTIMED = time(12, 0)  # when a slot without a time counts as come
KEEP_DAYS = 8  # announcements of slots further back than this are forgotten
_MAX_TEXT = 40


class Slot(NamedTuple):
    """A scheduled dose of an item: its day and time, and whether it is logged; ``late``: a
    sparse schedule's slot still open on a later day."""

    item: str
    name: str
    day: date
    time: time | None
    logged: bool
    late: bool = False

    def moment(self, now: datetime) -> datetime:
        return datetime.combine(self.day, self.time or UNTIMED, now.tzinfo)

    def key(self) -> str:
        clock = f"{self.time:%H:%M}" if self.time else "any"
        return f"{self.item}|{self.day}|{clock} {'late' if self.late else 'due'}"


class QuietHours(NamedTuple):
    """A daily span of local time without announcements; it may run past midnight."""

    start: time
    end: time

    def hold(self, now: datetime) -> bool:
        """Whether ``now`` falls in the quiet hours."""
        clock = now.time().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_quiet_hours(text: str) -> QuietHours:
    """``22:00-07:00`` (24-hour clock, the end may be the next morning)."""
    from medlog.timeparse import parse_time_of_day

    start, dash, end = text.strip().partition("-")
    try:
        if not dash:
            raise BadInput("")
        found = QuietHours(parse_time_of_day(start.strip()), parse_time_of_day(end.strip()))
    except BadInput:
        found = None
    if found is None or found.start == found.end:
        raise BadInput(
            f"--quiet-hours {quote(text, _MAX_TEXT)} is not a span of the day; write its "
            "start and end as HH:MM-HH:MM, e.g. 22:00-07:00."
        )
    return found


@dataclass(frozen=True)
class State:
    """What was announced (each key and when), and when the last run was."""

    announced: dict[str, str] = field(default_factory=dict)
    last_run: str | None = None

    def document(self) -> dict[str, Any]:
        return {"v": VERSION, "announced": self.announced, "last_run": self.last_run}


def state_of(document: Any) -> State:
    """The state a JSON document holds; anything else (missing, another version, hand-edited
    into nonsense) is an empty state."""
    if not isinstance(document, dict) or document.get("v") != VERSION:
        return State()
    announced = document.get("announced")
    last = document.get("last_run")
    if not isinstance(announced, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in announced.items()
    ):
        return State()
    return State(dict(announced), last if isinstance(last, str) else None)


@dataclass(frozen=True)
class Decision:
    """What to announce now, and the state once it is announced (``before``: the state as
    it stands before announcing, written first, so that a state that cannot be written stops
    the run before it notifies)."""

    doses: tuple[Slot, ...]
    low: tuple[str, ...]  # keys of items running low, announced today
    before: State
    after: State


def decide(
    slots: list[Slot], low: list[str], state: State, now: datetime, quiet: QuietHours | None
) -> Decision:
    """The slots and low supplies to announce at ``now``, given what ``state`` remembers."""
    stamp = now.isoformat(timespec="seconds")
    oldest = now.date() - timedelta(days=KEEP_DAYS)
    logged = {slot.key() for slot in slots if slot.logged}
    logged |= {slot._replace(late=not slot.late).key() for slot in slots if slot.logged}
    kept = {
        key: when
        for key, when in state.announced.items()
        if key not in logged and _day_of(key) >= oldest
    }
    before = State(kept, stamp)
    if quiet is not None and quiet.hold(now):
        return Decision((), (), before, before)
    doses = tuple(slot for slot in _open(slots, now) if slot.key() not in kept)
    fresh = tuple(item for item in low if _low_key(item, now) not in kept)
    announced = dict(kept)
    announced |= {slot.key(): stamp for slot in doses}
    announced |= {_low_key(item, now): stamp for item in fresh}
    return Decision(doses, fresh, before, State(announced, stamp))


def _open(slots: list[Slot], now: datetime) -> list[Slot]:
    """Slots come and not logged whose item has no later slot come yet."""
    found = []
    for slot in slots:
        moment = slot.moment(now)
        if slot.logged or moment > now:
            continue
        replaced = any(
            other.item == slot.item and moment < other.moment(now) <= now for other in slots
        )
        if not replaced:
            found.append(slot)
    return found


def _low_key(item: str, now: datetime) -> str:
    return f"{item}|{now.date()}|low"


def _day_of(key: str) -> date:
    """The day a state key is about ("ITEM|DAY|WHAT"; a malformed key is old)."""
    try:
        return date.fromisoformat(key.rsplit("|", 2)[1])
    except (IndexError, ValueError):
        return date.min
