"""When entries were logged against when they happened: within the hour, later that day, or
back-filled on a later day. Clinicians doubt a patient-kept log mostly because entries may be
filled in just before a visit; these counts answer that honestly. Pure code.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta, timezone
from typing import Literal, NamedTuple

from medlog.model import Event

Timing = Literal["within_hour", "same_day", "later_day"]
_HOUR = timedelta(hours=1)


class Provenance(NamedTuple):
    """How soon after the fact the period's doses, skips and check-ins were logged."""

    events: int
    within_hour: int
    same_day: int
    later_day: int


def timing(event: Event) -> Timing:
    """How soon ``event`` was logged after it happened.

    Tested in order: within an hour of ``at`` (logged before ``at`` counts here
    too); later but on the same local day, read in the UTC offset of ``at``;
    else on a later day: back-filled.
    """
    if event.logged_at - event.at <= _HOUR:
        return "within_hour"
    offset = timezone(event.at.utcoffset() or timedelta(0))
    if event.logged_at.astimezone(offset).date() == event.at.date():
        return "same_day"
    return "later_day"


def backfilled(event: Event) -> bool:
    """True when ``event`` was logged on a later day than it happened."""
    return timing(event) == "later_day"


def provenance(events: Iterable[Event], more: tuple[int, int, int] = (0, 0, 0)) -> Provenance:
    """How soon the doses, skips and check-ins among ``events`` were logged; ``more``: counts
    (within the hour, same day, later day) of entries worked out elsewhere, added."""
    within, same, later = more
    for event in events:
        if event.type in _LOGGED:
            if event.logged_at - event.at <= _HOUR:  # timing's first test, inline: 100,000
                within += 1  # doses in a ten-year report, nearly all logged as taken
            elif timing(event) == "same_day":
                same += 1
            else:
                later += 1
    return Provenance(within + same + later, within, same, later)


_LOGGED = frozenset(("dose", "skip", "checkin"))
