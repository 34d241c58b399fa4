"""Doses that belong to another day (DESIGN.md "Definitions"): which slot of which day each
dose counts for, decided before each day is counted.

A dose counts on its own local day, with two exceptions:

- *after midnight*: the first dose within the on-time window after the last slot of the
  day before, when no dose of that day answers that slot, counts for it, on time (a 23:00
  bedtime dose taken at 00:30 covers last night);
- *sparse schedules*: a dose on a day with no slot of its own (the Sunday of a weekly
  Saturday dose, the off day of an every-2-days dose) counts for the nearest closed slot
  within two days before or after it that no dose of its own day answers: late or early,
  counted, never extra and never on time. A dose on a day with a slot of its own never
  moves (a double dose stays extra).

Where DESIGN.md leaves a choice, the choice keeps a day's figures a function of the days
around it (``REACH`` either side), so a report's figures never depend on where its period
starts and ``take`` and ``today`` need only the journal's last days:

- the doses that answer a night slot "of its own day" are that day's doses other than those
  within the window after the night before's slot (which belong to that night if it needs
  them): one night's answer never waits on every night before it;
- "nearest" is the nearest day (on a tie the earlier), then that day's free slot nearest in
  time; doses are placed in time order, and one whose nearest day's free slots were all
  taken by earlier doses from other days stays extra rather than reach further.

Amounts and range verdicts stay on the day a dose was taken. Pure code: each day's own
figures come in (``adherence.item_day`` computes them, and again given the moves), the
moves go out.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal, NamedTuple

from medlog.matching import closed, minute_of, seconds_of_day
from medlog.model import Event, Item

if TYPE_CHECKING:
    from medlog.adherence import ItemDay

REACH = 5
"""Days either side of a day whose doses its figures can depend on: a dose two days away,
placed against slots two days from it, whose own day's doses include the night after."""
SPARSE_DAYS = 2
_DAY = timedelta(days=1)
_DAY_SECONDS = 86400
# The days a dose on a day with no slot of its own looks at, nearest first; on a tie the
# earlier day.
_NEAREST_FIRST = tuple(sign * days for days in range(1, SPARSE_DAYS + 1) for sign in (-1, 1))

MoveKind = Literal["overnight", "late", "early"]


class Moved(NamedTuple):
    """A dose that counts for a slot of another day: which slot, and why."""

    dose: Event
    day: date  # the slot's day
    slot: int  # the slot's place among that day's slots
    time: time | None  # the slot's time
    kind: MoveKind

    @property
    def days(self) -> int:
        """Days from the slot's day to the dose's: 1 is a day late, -1 a day early."""
        return (self.dose.day - self.day).days


class DayMoves(NamedTuple):
    """A day's slots answered by doses of other days, and its doses that count elsewhere."""

    moved_in: tuple[Moved, ...] = ()
    moved_out: tuple[Moved, ...] = ()


FiguresOf = Callable[[date, DayMoves], "ItemDay"]


def can_move(item: Item, window: timedelta) -> bool:
    """False when no dose of the item can belong to another day: every day from its start has
    a slot and its last slot's window ends before midnight. Most items: then nothing here runs,
    and ``take`` and ``today`` read no further back than the day before."""
    reach = _DAY_SECONDS - window.total_seconds()
    for version in item.regimen:
        schedule = version.schedule
        if version.until is not None:
            return True  # the days after a stop have no slot of their own
        if schedule.prn:
            continue
        if schedule.kind == "every" or (schedule.kind == "weekdays" and len(schedule.weekdays) < 7):
            return True
        if schedule.times and seconds_of_day(schedule.times[-1]) >= reach:
            return True
    return False


def days_back(item: Item, window: timedelta, day: date) -> int:
    """How many days before ``day`` the journal must be read to count ``day`` exactly."""
    if can_move(item, window) or (day - item.regimen[0].start).days <= REACH:
        return REACH + 1
    return 1


def moves(
    days: Mapping[date, "ItemDay"],
    figures_of: FiguresOf,
    window: timedelta,
    now: datetime,
) -> dict[date, DayMoves]:
    """The days that lend or borrow doses, with their moves.

    ``days``: each day's own figures (no moves) over consecutive days; ``figures_of``: a day's
    figures again, given moves. Days outside ``days`` are taken to hold nothing.
    """
    seconds = int(window.total_seconds())
    found: dict[date, DayMoves] = {}
    _add(found, _overnight(days, figures_of, seconds))
    current = dict(days)
    for day, day_moves in found.items():
        current[day] = figures_of(day, day_moves)
    _add(found, _sparse(current, now, seconds))
    return found


def _add(found: dict[date, DayMoves], moved: Iterable[Moved]) -> None:
    for move in moved:
        into = found.get(move.day, DayMoves())
        found[move.day] = into._replace(moved_in=(*into.moved_in, move))
        out = found.get(move.dose.day, DayMoves())
        found[move.dose.day] = out._replace(moved_out=(*out.moved_out, move))


def _overnight(days: Mapping[date, "ItemDay"], figures_of: FiguresOf, window: int) -> list[Moved]:
    """Each night slot left without a dose of its own day, with the first dose after midnight
    within the window after it."""
    found = []
    for day, figures in days.items():
        after = _after_midnight(days, day + _DAY, window)
        if not after:
            continue
        own = _after_midnight(days, day, window)
        answered = figures
        if own:  # this day's early doses are last night's, if it needs them: not this night's
            night = len(days[day - _DAY].slots) - 1
            answered = figures_of(
                day, DayMoves(moved_out=tuple(_night(dose, days, day, night) for dose in own))
            )
        last = len(answered.slots) - 1
        if answered.slots[last].dose is None:
            found.append(_night(after[0], days, day, last))
    return found


def _night(dose: Event, days: Mapping[date, "ItemDay"], day: date, slot: int) -> Moved:
    return Moved(dose, day, slot, days[day].slots[slot].time, "overnight")


def _after_midnight(days: Mapping[date, "ItemDay"], day: date, window: int) -> tuple[Event, ...]:
    """The doses of ``day`` within the on-time window after the last slot of the day before."""
    here, before = days.get(day), days.get(day - _DAY)
    if here is None or before is None or not here.doses or not before.slots:
        return ()
    last = before.slots[-1].time
    if last is None:
        return ()
    reach = seconds_of_day(last) + window - _DAY_SECONDS
    if reach < 0:
        return ()
    return tuple(dose for dose in here.doses if minute_of(dose.at) <= reach)


def _sparse(days: Mapping[date, "ItemDay"], now: datetime, window: int) -> list[Moved]:
    """Each dose of a day with no slot of its own (an extra dose there: as-needed doses never
    are) placed on the nearest closed slot no dose of its own day answers."""
    lone = sorted(
        (dose for figures in days.values() if not figures.slots for dose in figures.extra_doses),
        key=lambda dose: (dose.at, dose.id),
    )
    taken: set[tuple[date, int]] = set()
    found = []
    for dose in lone:
        for offset in _NEAREST_FIRST:
            day = dose.day + timedelta(days=offset)
            free = _free(days.get(day), now, window)
            if free:
                break
        else:
            continue
        left = [(n, clock) for n, clock in free if (day, n) not in taken]
        if not left:
            continue  # earlier doses took that day's slots: this one is extra
        moment = minute_of(dose.at) - offset * _DAY_SECONDS
        n, clock = min(left, key=lambda pair: abs(_seconds(pair[1]) - moment))
        taken.add((day, n))
        found.append(Moved(dose, day, n, clock, "late" if offset < 0 else "early"))
    return found


def _seconds(clock: time | None) -> int:
    return 0 if clock is None else seconds_of_day(clock)


def _free(figures: "ItemDay | None", now: datetime, window: int) -> list[tuple[int, time | None]]:
    """The day's closed slots no dose answers: (place, time)."""
    if figures is None:
        return []
    free = []
    for n, slot in enumerate(figures.slots):
        clock = slot.time
        if slot.state == "missed" or (
            slot.state == "skipped"
            and closed(figures.day, None if clock is None else _seconds(clock), now, window)
        ):
            free.append((n, clock))
    return free
