"""Which dose (or skip) answered which slot of a day: one attribution for report, today and due.

A day's slots are *closed* once the minute of their time plus the on-time window
has passed on the wall clock of the slot's day (an untimed slot at the end of its
day) and *open* before: a dose in that minute is on time, so the slot is open
through it, and a DST change neither stretches nor shrinks the window (``closed``).
Times are compared to the minute (``minute_of``). Doses are matched
one-to-one with slots to, in this order of importance:

1. cover as many closed slots as possible (doses account for closed slots
   first, so a dose taken late this morning answers the morning slot and the
   evening one stays pending), except that a dose taken once an open slot's time
   has come, within its window, is that slot's dose: at 21:00 on an 08:00,20:00
   day it answers 20:00 and leaves 08:00 missed, so nothing calls 20:00 still due
   for a dose taken for it;
2. put as many doses as possible within the on-time window of their slot;
3. keep the total wall-clock distance between doses and their slots smallest.

Skips then answer the slots left, closed ones first. What no dose or skip
answers is *missed* when closed and *pending* when open. For days in the past
(every slot closed) rule 1 is moot and this is the best one-to-one matching
DESIGN.md's on-time definition asks for. Pure code: slots, events and flags in,
pairs out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from medlog.model import Event

# Costs that make one weighted assignment solve the three rules in order: any
# number of on-time misses and distances is cheaper than one open slot taken
# instead of a closed one, and any total distance (24 pairs x 86,400 s at most)
# is cheaper than one dose off time.
_OPEN_COST = 10**12
_LATE_COST = 10**7


def seconds_of_day(clock: time | datetime) -> int:
    """Wall-clock seconds since local midnight."""
    return clock.hour * 3600 + clock.minute * 60 + clock.second


def minute_of(moment: time | datetime) -> int:
    """Wall-clock seconds since local midnight, to the minute: times are judged by the
    minute, so a dose at 10:00:30 is as on time for 08:00 (window 2 h) as one at 10:00."""
    return moment.hour * 3600 + moment.minute * 60


def closed(day: date, slot: int | None, now: datetime, window: int) -> bool:
    """True once the slot of ``day`` at ``slot`` seconds (None: untimed) is closed at ``now``.

    A timed slot is open through the minute its time plus ``window`` seconds is reached
    on the wall clock of its day (counted on past midnight: 23:00 + 2 h is 01:00 the next
    day), and closed after it; an untimed slot is open until its day ends.
    """
    today = now.date()
    if slot is None:
        return day < today
    return (today - day).days * 86400 + minute_of(now) > slot + window


def match_doses(
    slot_seconds: Sequence[int | None],
    closed: Sequence[bool],
    doses: Sequence[Event],
    window: int,
) -> dict[int, int]:
    """Slot index -> dose index, by the three rules above; ``window`` is in seconds.

    ``doses`` must be in time order (then id), so that ties resolve the same way
    whatever order the doses were logged in.
    """
    if not doses or not slot_seconds:
        return {}
    dose_seconds = [(moment := dose.at).hour * 3600 + moment.minute * 60 for dose in doses]
    if all(closed):  # every past day: rule 1 is moot, and the short ways are exact
        if len(doses) == len(slot_seconds) and _in_order_is_best(
            slot_seconds, dose_seconds, window
        ):
            return _IN_ORDER[len(doses)]
        nearest = _each_at_its_nearest(slot_seconds, dose_seconds, window)
        if nearest is not None:
            return nearest
    costs = [
        [
            (0 if closed[n] or _come(slot, seconds, window) else _OPEN_COST)
            + _cost(slot, seconds, window)
            for seconds in dose_seconds
        ]
        for n, slot in enumerate(slot_seconds)
    ]
    if len(slot_seconds) == 1:
        return {0: min(range(len(doses)), key=costs[0].__getitem__)}
    return assign(costs)


def _come(slot: int | None, seconds: int, window: int) -> bool:
    """True when a dose at ``seconds`` was taken once the open slot's time had come, within
    its window: that slot's own dose, never a late one for a closed slot (rule 1's exception)."""
    return slot is not None and 0 <= seconds - slot <= window


def match_skips(
    slot_seconds: Sequence[int | None], closed: Sequence[bool], skips: Sequence[Event]
) -> dict[int, int]:
    """Slot index -> skip index among the slots given: closed slots first, then the nearest."""
    if not skips or not slot_seconds:
        return {}
    skip_seconds = [seconds_of_day(skip.at) for skip in skips]
    costs = [
        [
            (_OPEN_COST if not closed[n] else 0) + (0 if slot is None else abs(seconds - slot))
            for seconds in skip_seconds
        ]
        for n, slot in enumerate(slot_seconds)
    ]
    return assign(costs)


def _cost(slot: int | None, seconds: int, window: int) -> int:
    if slot is None:
        return 0
    distance = abs(seconds - slot)
    return distance + (_LATE_COST if distance > window else 0)


def _in_order_is_best(slots: Sequence[int | None], doses: Sequence[int], window: int) -> bool:
    """True when pairing the n-th dose with the n-th slot already satisfies all three rules.

    With as many doses as slots every slot is covered (rule 1 holds whatever the
    pairing); if each in-order pair is on time, no pairing has more on-time pairs;
    and on a line, pairing sorted points in order gives the smallest total distance
    (a schedule's times are sorted, and so are the doses).
    """
    for slot, dose in zip(slots, doses, strict=True):
        if slot is None or not -window <= dose - slot <= window:
            return False
    return True


_IN_ORDER = [{n: n for n in range(size)} for size in range(25)]  # shared, never changed


def _each_at_its_nearest(
    slots: Sequence[int | None], doses: Sequence[int], window: int
) -> dict[int, int] | None:
    """Each dose (or, with more doses than slots, each slot) paired with its own nearest,
    when those are all different and on time; else None.

    Then, with every slot closed, no pairing does better: it pairs as
    many as possible, all on time, and each pair is as short as it can be.
    """
    if None in slots:
        return None
    timed = [slot for slot in slots if slot is not None]
    pairs: dict[int, int] = {}
    if len(doses) <= len(timed):
        for m, dose in enumerate(doses):
            n = min(range(len(timed)), key=lambda k: abs(timed[k] - dose))
            if n in pairs or abs(timed[n] - dose) > window:
                return None
            pairs[n] = m
        return pairs
    for n, slot in enumerate(timed):
        m = min(range(len(doses)), key=lambda k: abs(doses[k] - slot))
        if m in pairs.values() or abs(doses[m] - slot) > window:
            return None
        pairs[n] = m
    return pairs


def assign(costs: list[list[int]]) -> dict[int, int]:
    """Row -> column pairing as many rows and columns as possible at the least total cost.

    The Hungarian method (Kuhn-Munkres with potentials), O(n^2 m) for n rows and
    m columns; a rectangular matrix is transposed so that rows <= columns.
    """
    rows, columns = len(costs), len(costs[0])
    if rows > columns:
        flipped = assign([list(column) for column in zip(*costs, strict=True)])
        return {row: column for column, row in flipped.items()}
    infinity = float("inf")
    row_potential = [0.0] * (rows + 1)
    column_potential = [0.0] * (columns + 1)
    owner = [0] * (columns + 1)  # owner[j]: the row (1-based) matched to column j; 0: none
    for row in range(1, rows + 1):
        owner[0] = row
        column = 0
        slack = [infinity] * (columns + 1)
        previous = [0] * (columns + 1)
        used = [False] * (columns + 1)
        while True:
            used[column] = True
            current_row = owner[column]
            delta, next_column = infinity, 0
            for j in range(1, columns + 1):
                if not used[j]:
                    reduced = (
                        costs[current_row - 1][j - 1]
                        - row_potential[current_row]
                        - column_potential[j]
                    )
                    if reduced < slack[j]:
                        slack[j], previous[j] = reduced, column
                    if slack[j] < delta:
                        delta, next_column = slack[j], j
            for j in range(columns + 1):
                if used[j]:
                    row_potential[owner[j]] += delta
                    column_potential[j] -= delta
                else:
                    slack[j] -= delta
            column = next_column
            if owner[column] == 0:
                break
        while column:
            owner[column] = owner[previous[column]]
            column = previous[column]
    return {owner[j] - 1: j - 1 for j in range(1, columns + 1) if owner[j]}
