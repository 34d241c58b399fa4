"""The medication card: what an emergency department or a new clinician asks for first.

What is taken now (dose, schedule, since when, and a pause in force), the ranges the person
set with their source, the allergies (or plainly that none are recorded), and what was
stopped in the last 90 days with the reason. As plain cells, for the terminal, Markdown
and the one-page HTML card alike. Pure: a regimen and a day in, rows out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from medlog.amounts_text import dose_and_week, regimen_words
from medlog.model import Allergy, Item, Regimen, RegimenVersion
from medlog.ranges import range_text
from medlog.schedule import format_schedule

STOPPED_DAYS = 90  # items stopped this many days back or fewer are shown with the reason


class Taken(NamedTuple):
    """An item taken now: its dose and schedule in force today and the day that version
    began (``started``: the item's first day, when earlier); a hold in force, in words."""

    name: str
    dose: str
    schedule: str
    since: date
    started: date
    held: str | None


class OwnRange(NamedTuple):
    """A range the person set for a current item, in words, with the source they gave."""

    name: str
    range: str
    source: str


class Stopped(NamedTuple):
    """An item stopped in the last 90 days: what it was, its last day, and why."""

    name: str
    was: str
    last_day: date
    reason: str | None


class Card(NamedTuple):
    """The card's sections for ``today``."""

    today: date
    taken: tuple[Taken, ...]
    ranges: tuple[OwnRange, ...]
    allergies: tuple[Allergy, ...]
    stopped: tuple[Stopped, ...]


def card(regimen: Regimen, today: date) -> Card:
    """The card as of ``today``: items in force today (holds included, said), ranges of the
    person's own on them, allergies, and items whose stop fell in the last 90 days."""
    taken: list[Taken] = []
    ranges: list[OwnRange] = []
    stopped: list[Stopped] = []
    for item in regimen.items:
        version = item.version_on(today, holds=False)
        if version is not None:
            taken.append(_taken(item, version, today))
            if item.range is not None and item.range.kind is None:
                ranges.append(OwnRange(item.name, range_text(item), item.range.source))
        elif item.stopped is not None and item.stopped <= today:
            last = item.stopped - timedelta(days=1)
            if (today - last).days <= STOPPED_DAYS and item.stopped > item.current.start:
                was = regimen_words(item, item.current)
                stopped.append(Stopped(with_substance(item), was, last, item.current.stop_reason))
    return Card(today, tuple(taken), tuple(ranges), regimen.allergies, tuple(stopped))


def with_substance(item: Item) -> str:
    """The item's name with its one active substance when the name does not say it, as an
    emergency department needs it: "Lexapro (escitalopram)", "Magnesium glycinate"."""
    if len(item.substances) != 1:
        return item.name
    substance = item.substances[0].replace("-", " ")
    if substance.lower() in item.name.lower():
        return item.name
    return f"{item.name} ({substance})"


def _taken(item: Item, version: RegimenVersion, today: date) -> Taken:
    hold = item.held_on(today)
    held = None
    if hold is not None:
        held = f"on hold through {hold.until}" + (f" ({hold.reason})" if hold.reason else "")
    return Taken(
        with_substance(item),
        dose_and_week(item, version) or "no set dose",
        format_schedule(version.schedule),
        version.start,
        item.regimen[0].start,
        held,
    )


TITLE = "Medication card"
TAKEN_TITLE = "Taking now"
TAKEN_HEADER = ("Medicine or supplement", "Dose", "Schedule", "Since")
NOTHING_TAKEN = "Nothing is taken now."
RANGES_TITLE = "Ranges you set"
RANGES_HEADER = ("Item", "Range", "Source")
ALLERGIES_TITLE = "Allergies"
STOPPED_TITLE = f"Stopped in the last {STOPPED_DAYS} days"
STOPPED_HEADER = ("Item", "Was", "Last day", "Why stopped")
DISCLAIMER = "Made by medlog from what the person recorded; check it with them."


def taken_rows(found: Card) -> list[list[str]]:
    """Each item taken now as cells: name, dose, schedule, since (and when it started, and a
    hold in force)."""
    rows = []
    for taken in found.taken:
        since = str(taken.since)
        if taken.started != taken.since:
            since += f" (started {taken.started})"
        if taken.held is not None:
            since += f"; {taken.held}"
        rows.append([taken.name, taken.dose, taken.schedule, since])
    return rows


def range_rows(found: Card) -> list[list[str]]:
    return [[own.name, own.range, own.source] for own in found.ranges]


def stopped_rows(found: Card) -> list[list[str]]:
    return [
        [stop.name, stop.was, str(stop.last_day), stop.reason or "no reason recorded"]
        for stop in found.stopped
    ]
