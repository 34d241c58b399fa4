"""``medlog report``: adherence and documented-range figures per item over a period, and
how the person has been (check-ins beside each change of regimen).

One pass over the journal groups the non-voided doses and skips of the period
by item and day; ``adherence.item_period`` does the counting, and
``checkins.checkin_report`` the check-ins, questions and provenance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import chain
from typing import NamedTuple

from medlog import journal
from medlog.actions import find_items
from medlog.actions.facts import LabelNote, judged_by_age, summary_notes
from medlog.actions.interactions import Note
from medlog.actions.interactions import notes as interaction_notes
from medlog.adherence import ItemPeriod, item_period
from medlog.attribution import REACH, can_move
from medlog.checkins import CheckinReport, checkin_report
from medlog.day_summary import Summary
from medlog.errors import BadInput, MedlogError
from medlog.ingredients import (
    Intake,
    Window,
    in_24_hours,
    intakes,
    over_in_24_hours,
    recipe,
    substance_days,
)
from medlog.labs import LabSeries, lab_series
from medlog.model import Allergy, Event, Item, Limit, Regimen, Spacing
from medlog.pdc import Fill, GroupPdc, Member, pdc_groups
from medlog.profile import age_of
from medlog.provenance import Provenance, provenance
from medlog.ranges import judge
from medlog.spacing import misses
from medlog.store import Store
from medlog.timeparse import parse_day, parse_period

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Report:
    """The figures of every item in a period, and when they were made."""

    generated_at: datetime
    since: date
    until: date
    items: tuple[ItemPeriod, ...]
    checkins: CheckinReport
    provenance: Provenance
    torn: bool = False
    voided: tuple[Event, ...] = ()
    pdc: tuple[GroupPdc, ...] = ()
    ingredients: tuple[SubstanceFigures, ...] = ()
    spacing: tuple[SpacingFigures, ...] = ()
    notes: tuple[Note, ...] = ()  # interaction notes on the items taken together
    information: tuple[tuple[Item, str, str], ...] = ()  # (item, fact, source): never judged
    facts: tuple[LabelNote, ...] = ()  # label notes for the summary (a boxed warning)
    missed: tuple[MissedSlot, ...] | None = None  # each missed slot, when asked (--missed)
    labs: tuple[LabSeries, ...] = ()  # lab results, a series per test and unit
    first_entry: date | None = None  # the day of the journal's first entry, if any
    allergies: tuple[Allergy, ...] = ()  # as recorded now (medlog allergy add)

    @property
    def earlier_entries(self) -> bool:
        """Whether the journal holds entries from before the period."""
        return self.first_entry is not None and self.first_entry < self.since

    @property
    def days(self) -> int:
        """How many local days the period covers."""
        return (self.until - self.since).days + 1


class MissedSlot(NamedTuple):
    """A scheduled dose nothing answered once it closed (DESIGN.md: missed): which, when."""

    item: Item
    day: date
    time: time | None  # None: an untimed slot (``daily``), missed when its day ended
    dose: Decimal | None  # the regimen's dose that day


def missed_slots(periods: Iterable[ItemPeriod]) -> tuple[MissedSlot, ...]:
    """Every missed slot of the periods, in time order (an untimed slot at the end of its
    day), then by item name."""
    found = []
    for period in periods:
        for figures in period.days:
            version = period.item.version_on(figures.day)
            dose = version.dose_on(figures.day) if version is not None else None
            found += [
                MissedSlot(period.item, figures.day, slot.time, dose)
                for slot in figures.slots
                if slot.state == "missed"
            ]
    return tuple(sorted(found, key=lambda slot: (slot.day, slot.time or time.max, slot.item.name)))


def report(
    store: Store,
    now: datetime,
    since: str | None = None,
    until: str | None = None,
    days: int | None = None,
    item_names: Sequence[str] | None = None,
    pdc_since: str | None = None,
    *,
    missed: bool = False,
) -> Report:
    """Each item's adherence and range figures from ``since`` to ``until`` (default 30 days),
    and the PDC of each group with fills (its own window: see ``pdc_window``); with
    ``missed``, each missed slot too."""
    regimen = store.load_regimen()

    def plan(first_entry: date | None) -> tuple[date, date, dict[str, date]] | None:
        try:
            whole = _whole_days(regimen, find_items(regimen, item_names) or regimen.items)
            return (*parse_period(now.date(), since, until, days, first_entry), whole)
        except MedlogError:
            return None  # said once the journal is read, as without a summary

    summary = Summary(store.home, regimen, now, plan)
    read = journal.read_all(store.journal_path, look=summary.look)
    summary.forget_touched(read)
    first_entry = summary.first_entry(read)
    first, last = parse_period(now.date(), since, until, days, first_entry)
    pdc_first = parse_day(pdc_since, now.date()) if pdc_since is not None else None
    if pdc_first is not None and pdc_first > last:
        raise BadInput(f"--pdc-since {pdc_first} is after the report's last day, {last}.")
    # Days before an age band the person has entered are judged by their age then; the
    # per-day summary's key is the regimen as loaded, which fixes these too.
    judged = judged_by_age(regimen, now)
    chosen = find_items(judged, item_names) or judged.items
    doses, skips, cancelled, notes, fills, earlier, around = _sorted(read.events, first, last)
    standing = summary.standing_items()
    window = regimen.settings.on_time_window
    # Every dose of the period in one list, when a label's amount in 24 hours or a spacing
    # rule reads them (ten years hold 100,000); the figures of neither need it otherwise.
    taken = (
        [event for by_day in doses.values() for event in _flat(by_day)]
        if regimen.spacing or any(map(in_24_hours, regimen.limits))
        else []
    )
    over_24h = _over_in_24_hours(regimen, [*_flat_items(earlier), *taken], first)
    periods = tuple(
        item_period(
            item,
            first,
            last,
            *_with_around(doses[item.key], skips[item.key], around.get(item.key)),
            window,
            now,
            earlier[item.key],
            len({intake.event.day for intake, _ in over_24h if intake.item.key == item.key}),
            summary.recall(item.key),
        )
        for item in chosen
        if item.key in doses
        or item.key in skips
        or item.key in standing
        or _in_force(item, first, last)
    )
    summary.remember(periods)
    summary.save()
    shown = {period.item.key for period in periods}
    in_period = [event for event in notes if first <= event.day <= last]
    shown_days = (by_item[key] for key in shown for by_item in (doses, skips))
    logged = provenance(
        chain(*(chain.from_iterable(days.values()) for days in shown_days), in_period),
        summary.standing_logged(),
    )
    how = checkin_report(notes, [period.item for period in periods], first, last)
    kept = tuple(event for event in cancelled if event.item in shown)
    labs = lab_series(notes, [period.item for period in periods], first, last)
    if item_names:  # only the results that concern the items asked for
        labs = tuple(series for series in labs if series.items)
    covered = _pdc(regimen.items, fills, last, now.date(), pdc_first, {i.key for i in chosen})
    return Report(
        now, first, last, periods, how, logged, read.torn, kept, covered,
        ingredient_figures(
            regimen,
            {key: by_day for key, by_day in doses.items() if key not in shown},
            shown,
            over_24h,
            _day_totals(periods),
        ),
        spacing_figures(regimen, taken, shown),
        tuple(n for n in interaction_notes(regimen, last) if shown & {n.first.key, n.second.key}),
        _information((period.item for period in periods), age_of(regimen, last)),
        summary_notes((period.item for period in periods), age_of(regimen, last)),
        missed_slots(periods) if missed else None,
        labs,
        first_entry,
        regimen.allergies,
    )  # fmt: skip


ByDay = dict[str, dict[date, list[Event]]]  # by item key, then by day


class Sorted(NamedTuple):
    """The journal's events sorted for a report of ``first`` to ``last``."""

    doses: ByDay  # live doses of the period
    skips: ByDay
    cancelled: list[Event]  # voided doses and skips of the period, for the clinician's notes
    notes: list[Event]  # check-ins, questions and labs, live, of all time
    fills: list[Event]  # of all time: supply carries in from before the PDC window
    earlier: dict[str, list[Event]]  # doses of the day before the period, by item
    around: ByDay  # doses and skips of the days around it: one may count for a day of it


def _sorted(events: Sequence[Event], first: date, last: date) -> Sorted:
    """One pass over the journal: each event where the report needs it."""
    voided = journal.voided_ids(events)
    found = Sorted(_by_day(), _by_day(), [], [], [], defaultdict(list), _by_day())
    reach = timedelta(days=REACH)
    lowest, highest, before = first - reach, last + reach, first - ONE_DAY
    doses, skips = found.doses, found.skips
    for event in events:  # 100,000 events for ten years: what the loop reads, held locally
        kind = event.type
        if kind == "void":
            continue
        item = event.item
        if item is None:
            if event.id not in voided:
                found.notes.append(event)
            continue
        if kind == "fill":
            if event.id not in voided and not event.counted:
                found.fills.append(event)
            continue
        day = event.at.date()
        if not first <= day <= last:
            if lowest <= day <= highest and event.id not in voided:
                found.around[item][day].append(event)
                if day == before and kind == "dose":
                    found.earlier[item].append(event)  # limits over the 24 hours before
            continue
        if event.id in voided:
            found.cancelled.append(event)
        else:
            (doses if kind == "dose" else skips)[item][day].append(event)
    return found


def _by_day() -> ByDay:
    return defaultdict(lambda: defaultdict(list))


class SubstanceFigures(NamedTuple):
    """A substance over the period, totalled across every item that holds it.

    ``days_above_limit`` counts the days over the limit: per calendar day for an upper
    limit, and for a label's maximum the days holding a dose at which the 24 hours up to
    it passed the maximum. Days to which a supervised item contributed are information
    (``days_as_information``), never over."""

    limit: Limit
    items: tuple[str, ...]
    days_with_intake: int
    days_above_limit: int
    max_day_total: Decimal
    days_as_information: int = 0


class SpacingFigures(NamedTuple):
    """How often two items were taken closer than their spacing rule."""

    rule: Spacing
    misses: int


def ingredient_figures(
    regimen: Regimen,
    doses: Mapping[str, Mapping[date, Sequence[Event]]],
    shown: set[str],
    over_24h: Sequence[tuple[Intake, Window]] = (),
    totals: Mapping[str, Mapping[date, Decimal]] | None = None,
) -> tuple[SubstanceFigures, ...]:
    """Each limited substance held by a shown item: days with intake, days above the limit
    (information days apart), the largest day total and the items it came from, from the
    ``doses`` of the items not shown (they count toward a substance's total too) and the shown
    items' day totals (``totals``, by item key and day: ``_day_totals``)."""
    if not regimen.limits:
        return ()
    found = substance_days(regimen.items, doses, regimen.limits, totals)
    supervised = {item.key for item in regimen.items if item.supervised}
    figures = []
    for limit in regimen.limits:
        days = found.get(limit.substance, [])
        keys = {key for _, held in days for key in held}
        if not days or not keys & shown:
            continue
        above = [held for total, held in days if judge(total, limit.range) == "above"]
        information = sum(1 for held in above if supervised.intersection(held))
        if in_24_hours(limit):
            over = len({i.event.day for i, seen in over_24h if seen.limit == limit})
        elif limit.range.kind == "upper_limit":
            over = len(above) - information
        else:
            over, information = len(above), 0
        figures.append(
            SubstanceFigures(
                limit,
                tuple(sorted(keys)),
                len(days),
                over,
                max(total for total, _ in days),
                information,
            )
        )
    return tuple(figures)


def _over_in_24_hours(
    regimen: Regimen, doses: Sequence[Event], first: date
) -> list[tuple[Intake, Window]]:
    """The doses from ``first`` on at which a label's amount in any 24 hours was passed,
    across every item holding its substance (``doses`` reach back a day, so the first
    day's windows are whole)."""
    over = []
    for limit in regimen.limits:
        if in_24_hours(limit):
            found = over_in_24_hours(intakes(regimen.items, doses, limit), limit)
            over += [(intake, seen) for intake, seen in found if intake.event.day >= first]
    return over


def spacing_figures(
    regimen: Regimen, doses: list[Event], shown: set[str]
) -> tuple[SpacingFigures, ...]:
    """Each spacing rule between shown items, with how many pairs of doses broke it."""
    return tuple(
        SpacingFigures(rule, len(misses(rule, doses)))
        for rule in regimen.spacing
        if {rule.a, rule.b} & shown
    )


def _pdc(
    items: tuple[Item, ...],
    fills: list[Event],
    until: date,
    today: date,
    since: date | None,
    shown: set[str],
) -> tuple[GroupPdc, ...]:
    """The PDC of each group with a fill in its window that holds one of ``shown`` (every item,
    or the one --item names), whatever the report's own period."""
    by_key = {item.key: item for item in items}
    members = [
        Member(
            item.key, item.substances, item.drug_class, item.prn, item.stopped, item.kind == "rx"
        )
        for item in items
    ]
    dispensed = [
        Fill(fill.item, by_key[fill.item].substances, fill.day, fill.days_supply)
        for fill in fills
        if fill.item in by_key and fill.days_supply is not None
    ]
    found = pdc_groups(members, dispensed, until, today, since)
    return tuple(group for group in found if shown.intersection(group.items))


def _whole_days(regimen: Regimen, chosen: Sequence[Item]) -> dict[str, date]:
    """The chosen items whose days the per-day summary may stand in for without reading their
    doses, each with its start (``day_summary.Plan``): nothing but its own adherence figures,
    its day totals and how soon it was logged needs them. Not an item whose dose can count on
    another day, nor an as-needed one (its limits look at each dose), nor one in a spacing
    rule or holding a substance with a limit over any 24 hours (they look at dose times);
    nor, with --item, any other item (its doses still count toward substance totals)."""
    window = regimen.settings.on_time_window
    spaced = {key for rule in regimen.spacing for key in (rule.a, rule.b)}
    rolling = [limit for limit in regimen.limits if in_24_hours(limit)]
    return {
        item.key: item.regimen[0].start
        for item in chosen
        if not can_move(item, window)
        and not any(version.schedule.prn for version in item.regimen)
        and item.key not in spaced
        and not recipe(item, rolling)
    }


def _day_totals(periods: Iterable[ItemPeriod]) -> dict[str, dict[date, Decimal]]:
    """Each day's total of the periods' items' doses (in each item's unit), as ``item_day``
    worked it out, for ``ingredients.substance_days``: the days with a dose of known amount
    (every amount is above zero, so a total of zero is a day without one). Their doses are
    then not added up a second time."""
    return {
        period.item.key: {figures.day: figures.total for figures in period.days if figures.total}
        for period in periods
    }


def _information(items: Iterable[Item], age: int | None) -> tuple[tuple[Item, str, str], ...]:
    """The catalog limits that are information for the items shown: a prescription's upper
    limit, an OTC label maximum under a prescriber's directions, an adult limit for a person
    under 19."""
    from medlog import catalog
    from medlog.actions.items import information

    found = []
    for item in items:
        substance = catalog.find(item.substance, catalog.load()) if item.substance else None
        found += [(item, fact, source) for fact, source in information(item, substance, age)]
    return tuple(found)


def _with_around(
    doses: dict[date, list[Event]],
    skips: dict[date, list[Event]],
    around: dict[date, list[Event]] | None,
) -> tuple[dict[date, list[Event]], dict[date, list[Event]]]:
    """An item's doses and skips by day, with those of the days around the period."""
    if not around:
        return doses, skips
    doses, skips = dict(doses), dict(skips)
    for day, events in around.items():
        doses[day] = [event for event in events if event.type == "dose"]
        skips[day] = [event for event in events if event.type == "skip"]
    return doses, skips


def _flat_items(by_item: dict[str, list[Event]]) -> list[Event]:
    return [event for events in by_item.values() for event in events]


def _flat(by_day: dict[date, list[Event]]) -> list[Event]:
    return [event for events in by_day.values() for event in events]


def _in_force(item: Item, first: date, last: date) -> bool:
    """True when some regimen version of the item is in force on a day of the period."""
    for version in item.regimen:
        ends = version.until
        if version.start <= last and (ends is None or ends > max(first, version.start)):
            return True
    return False
