"""The limits of an as-needed schedule, as labels state them: "at most N in any 24 hours",
"at least 4 hours between doses".

``max N/day`` is a rolling 24 hours, not a calendar day: after doses at 08:00,
14:00 and 20:00 with ``max 3/day``, the next is allowed at 08:00 the next day,
not at midnight, and the report's ``days_over_max`` counts the days on which a
dose made more than N in the 24 hours up to it.
Pure code: doses and moments in, moments and counts out.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Literal

from medlog.model import Event, Schedule

DAY = timedelta(hours=24)


Bound = Literal["interval", "count", "label"]
"""Which limit holds the next dose back: the minimum interval, at most N in any 24 hours,
or a label's amount in any 24 hours."""


def next_allowed(
    schedule: Schedule, doses: Sequence[Event], now: datetime
) -> tuple[datetime, Bound] | None:
    """When the regimen's limits allow another dose, and which limit binds; None when
    another is allowed now.

    The later of the last dose plus the minimum interval and, when N doses fall
    within the 24 hours before ``now``, the time the earliest of the last N
    leaves that window.
    """
    taken = sorted(dose.at for dose in doses if dose.at <= now)
    moments: list[tuple[datetime, Bound]] = []
    if taken and schedule.min_interval is not None:
        moments.append((taken[-1] + schedule.min_interval, "interval"))
    most = schedule.max_per_day
    if most is not None:
        window = [moment for moment in taken if moment > now - DAY]
        if len(window) >= most:
            moments.append((window[len(window) - most] + DAY, "count"))
    latest = max(moments, default=None)
    return latest if latest is not None and latest[0] > now else None


def in_last_day(doses: Sequence[Event], now: datetime) -> int:
    """How many of ``doses`` fall in the 24 hours up to ``now``."""
    return sum(1 for dose in doses if now - DAY < dose.at <= now)


def most_in_a_day(doses: Sequence[Event], dose: Event) -> int:
    """The most doses in any 24 hours that include ``dose`` (``dose`` among ``doses``)."""
    moments = sorted(event.at for event in doses)
    best = 0
    for start in moments:
        if start <= dose.at < start + DAY:
            best = max(best, sum(1 for moment in moments if start <= moment < start + DAY))
    return best


def over_max_days(doses: Sequence[Event], most: Callable[[Event], int | None]) -> set[date]:
    """The days on which a dose made more than ``most(dose)`` doses in the 24 hours up to it
    (that dose included); ``most`` gives the limit in force for a dose, None for none."""
    moments = sorted(dose.at for dose in doses)
    days = set()
    for dose in doses:
        limit = most(dose)
        if limit is None:
            continue
        within = bisect_right(moments, dose.at) - bisect_right(moments, dose.at - DAY)
        if within > limit:
            days.add(dose.day)
    return days


def nearest(doses: Sequence[Event], dose: Event) -> Event | None:
    """The other dose closest in time to ``dose`` (before or after it), if any."""
    others = [event for event in doses if event.id != dose.id]
    return min(others, key=lambda event: abs(event.at - dose.at), default=None)
