"""Side effects as dated episodes: when each began, when it was at its worst, and when it faded.

An episode of a side effect opens at the first check-in that records it above "none" and
ends at the first check-in that records it as "none" (its ``gone`` day), or, when it is
simply no longer mentioned, after ``QUIET_DAYS`` days without a mention (then ``gone`` is
unknown: the person never said). A later mention opens a new episode.

Names are compared as stored (``checkin_rules.side_effect_name``: case, width and spaces folded),
and nothing else: "trouble sleeping" and "insomnia" stay two side effects. Merging them would
need a sourced list of synonyms that medlog does not have, and a guess could hide a change a
clinician should see; ``checkin --side-effect`` completes the names already used instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from medlog.model import SEVERITIES, Event, Severity

QUIET_DAYS = 7  # an episode not mentioned for this many days has ended


class Episode(NamedTuple):
    """One stretch of one side effect, from its first to its last day recorded above none."""

    name: str
    first: date
    last: date
    worst: Severity
    worst_first: date  # the first day at its worst
    days: int  # days recorded above none
    gone: date | None  # the check-in that recorded it as none; None: not (yet) said


def episodes(events: Iterable[Event], since: date, until: date) -> tuple[Episode, ...]:
    """The episodes of each side effect recorded up to ``until`` that reach into the days
    ``since..until``, by first day, then name. ``events`` are check-ins in time order."""
    open_: dict[str, Episode] = {}
    found: list[Episode] = []
    for event in events:
        if event.day > until or event.checkin is None:
            continue
        for effect in event.checkin.side_effects:
            current = open_.get(effect.name)
            if current is not None and (event.day - current.last).days > QUIET_DAYS:
                found.append(open_.pop(effect.name))
                current = None
            if effect.severity == "none":
                if current is not None:
                    found.append(open_.pop(effect.name)._replace(gone=event.day))
                continue
            open_[effect.name] = _with_day(current, effect.name, event.day, effect.severity)
    found += open_.values()
    kept = [episode for episode in found if (episode.gone or episode.last) >= since]
    return tuple(sorted(kept, key=lambda episode: (episode.first, episode.name)))


def _with_day(current: Episode | None, name: str, day: date, severity: Severity) -> Episode:
    """The episode with one more day recorded at ``severity`` (a new one when ``current`` is
    None)."""
    if current is None:
        return Episode(name, day, day, severity, day, 1, None)
    worse = SEVERITIES.index(severity) > SEVERITIES.index(current.worst)
    return current._replace(
        last=day,
        worst=severity if worse else current.worst,
        worst_first=day if worse else current.worst_first,
        days=current.days + (day != current.last),
    )
