"""An item's regimen over time, in words: the days it started, changed, stopped (with the
reason given), resumed, and was held.

The report sets check-ins beside these changes (before and after each one); pure code.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from medlog.amounts_text import dose_and_week
from medlog.model import Item, RegimenVersion
from medlog.schedule import format_schedule


class RegimenChange(NamedTuple):
    """A day an item's regimen changed, and the change in words."""

    item: Item
    on: date
    change: str


def regimen_changes(item: Item) -> tuple[RegimenChange, ...]:
    """The days ``item`` started, changed dose or schedule, stopped and resumed, and began and
    ended a hold, in date order.

    A version with ``until == start`` was never in force and makes no change of
    its own (it still ends the version before it). A new version with the same
    dose and schedule as the one it follows directly is no change.
    """
    spans = []
    for number, version in enumerate(item.regimen):
        end = version.until
        if end is None and number + 1 < len(item.regimen):
            end = item.regimen[number + 1].start
        if end is None or end > version.start:
            spans.append((version, end))
    changes: list[RegimenChange] = []
    previous: tuple[RegimenVersion, date | None] | None = None
    for version, end in spans:
        if previous is None:
            changes.append(RegimenChange(item, version.start, "started"))
        else:
            before, before_end = previous
            words = _difference_words(item, before, version)
            if before_end is not None and before_end < version.start:
                changes.append(RegimenChange(item, before_end, "stopped"))
                changes.append(RegimenChange(item, version.start, "; ".join(("resumed", *words))))
            elif words:
                changes.append(RegimenChange(item, version.start, "; ".join(words)))
        previous = (version, end)
    if previous is not None and previous[1] is not None:
        changes.append(RegimenChange(item, previous[1], "stopped"))
    changes = [_with_reason(item, change) for change in changes]
    for held in item.holds:
        why = f" ({held.reason})" if held.reason else ""
        changes.append(RegimenChange(item, held.start, f"on hold through {held.until}{why}"))
        after = held.until + timedelta(days=1)
        if item.version_on(after, holds=False) is not None:
            changes.append(RegimenChange(item, after, "hold ended"))
    return tuple(sorted(changes, key=lambda change: change.on))


def _with_reason(item: Item, change: RegimenChange) -> RegimenChange:
    """A stop with the reason kept with it: "stopped (side effects)"."""
    if change.change != "stopped":
        return change
    reason = next((v.stop_reason for v in item.regimen if v.until == change.on), None)
    return change._replace(change=f"stopped ({reason})") if reason else change


def _difference_words(item: Item, before: RegimenVersion, after: RegimenVersion) -> list[str]:
    words = []
    if (before.dose, before.by_weekday) != (after.dose, after.by_weekday):
        words.append(f"{_dose_text(item, before)} → {_dose_text(item, after)}")
    if before.schedule != after.schedule:
        words.append(f"{format_schedule(before.schedule)} → {format_schedule(after.schedule)}")
    return words


def _dose_text(item: Item, version: RegimenVersion) -> str:
    return dose_and_week(item, version) or "no set dose"
