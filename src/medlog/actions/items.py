"""Items and their regimen: add, edit (a new regimen version), stop, resume, list."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from medlog import catalog
from medlog.actions import find_item
from medlog.catalog import Substance
from medlog.errors import BadInput
from medlog.model import KINDS, Amount, DoseRange, Item, Kind, Regimen, RegimenVersion, Schedule
from medlog.names import MAX_NAME, MAX_NOTE, clean_text, item_key
from medlog.ranges import parse_range, regimen_warnings
from medlog.schedule import doses_per_day, parse_schedule
from medlog.store import Store
from medlog.timeparse import parse_day
from medlog.units import (
    convert,
    convertible,
    exact_amount,
    format_amount,
    is_count,
    item_unit,
    parse_amount,
)

USER_SOURCE = "set by you"


@dataclass(frozen=True)
class ItemOptions:
    """What a person may say about an item on ``add`` or ``edit``; None means not given."""

    dose: str | None = None
    schedule: str | None = None
    range: str | None = None
    range_source: str | None = None
    kind: str | None = None
    unit: str | None = None
    form: str | None = None
    strength: str | None = None


@dataclass(frozen=True)
class ItemChange:
    """An item after a change, what changed, and the catalog entry it was filled from."""

    item: Item
    changes: tuple[str, ...] = ()
    substance: Substance | None = None
    notices: tuple[str, ...] = ()


def add(
    store: Store, now: datetime, name: str, options: ItemOptions, start: str | None = None
) -> ItemChange:
    """Add an item, filling unit, form, strength, range and source from the catalog."""
    display = clean_text(name, "The item name", MAX_NAME)
    key = item_key(display)
    substance = catalog.find(display, catalog.load())
    if substance is not None:
        display = catalog.spelled(display, substance)
    kind = _kind(options.kind, substance, display)
    unit = _unit(options, substance)
    form, strength = _form_and_strength(options, substance, unit)
    version = RegimenVersion(
        start=parse_day(start, now.date()) if start is not None else now.date(),
        schedule=parse_schedule(_schedule_text(options, substance)),
        dose=_dose(options.dose, substance, unit, form, strength),
    )
    dose_range = _range(options, substance, unit, form, strength)
    item = Item(
        key=key,
        name=display,
        kind=kind,
        unit=unit,
        regimen=(version,),
        substance=substance.id if substance else None,
        form=form,
        strength=strength,
        range=dose_range,
    )
    with store.locked():
        regimen = store.load_regimen()
        if regimen.get(key) is not None:
            raise BadInput(
                f"{display!r} is already in your list (as {key}); change it with medlog edit {key}."
            )
        store.save_regimen(regimen._replace(items=(*regimen.items, item)))
    notices = regimen_warnings(item, version)
    if substance and substance.range and dose_range is None and options.range is None:
        notices.append(
            f"The catalog range for {substance.name} is in {substance.unit}, which does not "
            f"convert to {unit}; set your own with --range."
        )
    return ItemChange(item, substance=substance, notices=tuple(notices))


def edit(
    store: Store, now: datetime, name: str, options: ItemOptions, start: str | None = None
) -> ItemChange:
    """Change an item; a new dose or schedule becomes a regimen version from ``start``."""
    if options.unit is not None:
        raise BadInput(
            "An item's unit cannot change, because its history is in that unit. "
            "Stop it and add a new item instead."
        )
    new_start = parse_day(start, now.date()) if start is not None else now.date()
    if start is not None and options.dose is None and options.schedule is None:
        raise BadInput("--from dates a new dose or schedule; give --dose or --schedule with it.")
    schedule = parse_schedule(options.schedule) if options.schedule is not None else None
    with store.locked():
        regimen = store.load_regimen()
        item = find_item(regimen, name)
        changed, changes = _apply(item, options, schedule, new_start)
        if not changes:
            raise BadInput(
                "Nothing to change: give --dose, --schedule, --range, --kind, --form or --strength."
            )
        store.save_regimen(_replace_item(regimen, changed))
    notices = []
    if changed.current != item.current or changed.range != item.range:
        notices += regimen_warnings(changed, changed.current)
    if len(changed.regimen) > 1 and changed.current != item.current:
        notices += _pace_warnings(changed)
    return ItemChange(changed, tuple(changes), notices=tuple(notices))


def _pace_warnings(item: Item) -> list[str]:
    """The catalog's rules on how fast a dose may rise, for the item's newest version."""
    if item.substance is None:
        return []
    substance = catalog.find(item.substance, catalog.load())
    if substance is None or substance.unit != item.unit:
        return []
    new, before = item.regimen[-1], item.regimen[-2]
    new_daily, old_daily = _daily(new), _daily(before)
    if new_daily is None or old_daily is None:
        return []
    warnings = []
    days = (new.start - before.start).days
    raised, earlier = (format_amount(v.dose or Decimal(0), item.unit) for v in (new, before))
    for rule in substance.pace:
        if old_daily < Fraction(rule.to) <= new_daily and days < rule.after_days:
            warnings.append(
                f"{item.name} goes to {raised} on {new.start}, {days} day(s) after {earlier} "
                f"began on {before.start}; the label says: {rule.text} (source: {rule.source}). "
                "medlog keeps the change: the prescriber decides."
            )
    return warnings


def _daily(version: RegimenVersion) -> Fraction | None:
    """The version's amount a day, averaged over its schedule's cycle (None when unknown)."""
    per_day = doses_per_day(version.schedule)
    if version.dose is None or per_day is None:
        return None
    return Fraction(version.dose) * per_day


def _apply(
    item: Item, options: ItemOptions, schedule: Schedule | None, start: date
) -> tuple[Item, list[str]]:
    changes: list[str] = []
    if options.kind is not None:
        item = item._replace(kind=_kind(options.kind, None, item.name))
        changes.append(f"kind is now {item.kind}")
    if options.form is not None or options.strength is not None:
        form, strength = _form_and_strength(
            dataclasses.replace(options, form=options.form or item.form), None, item.unit
        )
        item = item._replace(form=form, strength=strength)
        changes.append(f"form is now {_form_text(item)}")
    if options.range is not None or options.range_source is not None:
        item = item._replace(range=_edited_range(item, options))
        changes.append("range removed" if item.range is None else "range updated")
    if options.dose is not None or schedule is not None:
        item, note = _new_version(item, options, schedule, start)
        changes.append(note)
    return item, changes


def _edited_range(item: Item, options: ItemOptions) -> DoseRange | None:
    if options.range is None:
        if item.range is None:
            raise BadInput("There is no range to give a source to; set one with --range.")
        source = clean_text(options.range_source or "", "The range source", MAX_NOTE)
        return item.range._replace(source=source)
    return _range(options, None, item.unit, item.form, item.strength)


def _new_version(
    item: Item, options: ItemOptions, schedule: Schedule | None, start: date
) -> tuple[Item, str]:
    current = item.current
    if current.until is not None:
        raise BadInput(
            f"{item.name} is stopped since {current.until}; medlog resume {item.key} first."
        )
    dose = (
        _dose(options.dose, None, item.unit, item.form, item.strength)
        if options.dose is not None
        else current.dose
    )
    version = RegimenVersion(start=start, schedule=schedule or current.schedule, dose=dose)
    if start < current.start:
        raise BadInput(
            f"--from {start} is before the current regimen, which starts "
            f"{current.start}; give a later day."
        )
    if start == current.start:
        return (
            item._replace(regimen=(*item.regimen[:-1], version)),
            f"regimen from {start} replaced",
        )
    return (
        item._replace(regimen=(*item.regimen, version)),
        f"new regimen from {start}",
    )


def stop(store: Store, now: datetime, name: str, on: str | None = None) -> ItemChange:
    """End an item's regimen: ``on`` is the first day with nothing expected (default today)."""
    day = parse_day(on, now.date()) if on is not None else now.date()
    with store.locked():
        regimen = store.load_regimen()
        item = find_item(regimen, name)
        current = item.current
        if current.until is not None:
            raise BadInput(f"{item.name} is already stopped from {current.until}.")
        if day < current.start:
            raise BadInput(
                f"{item.name}'s current regimen starts {current.start}; stop it on that day "
                "or later."
            )
        stopped = current._replace(until=day)
        item = item._replace(regimen=(*item.regimen[:-1], stopped))
        store.save_regimen(_replace_item(regimen, item))
    return ItemChange(item)  # the item's summary line already says "stopped from DAY"


def resume(store: Store, now: datetime, name: str) -> ItemChange:
    """Restart a stopped item from today with its last dose and schedule."""
    today = now.date()
    with store.locked():
        regimen = store.load_regimen()
        item = find_item(regimen, name)
        current = item.current
        if current.until is None:
            raise BadInput(f"{item.name} is not stopped.")
        if today <= current.until:
            # A stop from today or later is cancelled: the regimen simply goes on, rather
            # than a new version starting the day the old one was stopped.
            versions = (*item.regimen[:-1], current._replace(until=None))
            changes: tuple[str, ...] = (f"the stop from {current.until} is cancelled",)
        else:
            versions = (
                *item.regimen,
                RegimenVersion(start=today, schedule=current.schedule, dose=current.dose),
            )
            changes = ()  # the summary line says "from TODAY"
        item = item._replace(regimen=versions)
        store.save_regimen(_replace_item(regimen, item))
    return ItemChange(item, changes)


def listing(store: Store, include_stopped: bool) -> tuple[Item, ...]:
    """The items in the order they were added; stopped ones only when asked."""
    items = store.load_regimen().items
    return items if include_stopped else tuple(item for item in items if item.stopped is None)


def _replace_item(regimen: Regimen, item: Item) -> Regimen:
    items = tuple(item if existing.key == item.key else existing for existing in regimen.items)
    return regimen._replace(items=items)


def _schedule_text(options: ItemOptions, substance: Substance | None) -> str:
    """--schedule, else the catalog's, else once daily."""
    if options.schedule is not None:
        return options.schedule
    if substance is not None and substance.schedule is not None:
        return substance.schedule
    return "daily"


def _kind(text: str | None, substance: Substance | None, name: str) -> Kind:
    if text is None:
        if substance is None:
            raise BadInput(
                f"{name!r} is not in the catalog, so say what it is: --kind rx, otc or supplement."
            )
        return substance.kind
    kind = text.strip().lower()
    for known in KINDS:
        if kind == known:
            return known
    raise BadInput(f"--kind {text!r} is not a kind; use rx, otc or supplement.")


def _unit(options: ItemOptions, substance: Substance | None) -> str:
    """The item's unit: --unit, the catalog's, or the unit of the amounts the person gave.

    A dose given as a count of the item's form (``--dose 1 tablet --form tablet``)
    says nothing about the unit; without any other hint the unit is mg.
    """
    if options.unit is not None:
        return item_unit(options.unit)
    if substance is not None:
        return substance.unit
    if options.strength is not None:
        return parse_amount(options.strength).unit
    if options.dose is not None:
        unit = parse_amount(options.dose).unit
        if not (is_count(unit) and options.form is not None):
            return unit
    if options.range is not None and options.range.strip().lower() != "none":
        low, high, _ = parse_range(options.range)
        for bound in (high, low):
            if bound is not None and bound.unit:
                return bound.unit
    return "mg"


def _form_and_strength(
    options: ItemOptions, substance: Substance | None, unit: str
) -> tuple[str | None, Decimal | None]:
    if is_count(unit):
        if options.strength is not None:
            raise BadInput(
                f"An item counted in {unit}s has no strength; give its unit as a "
                "mass instead, e.g. --unit mg --form tablet --strength 10mg."
            )
        if options.form is not None and item_unit(options.form) != unit:
            raise BadInput(f"An item counted in {unit}s cannot have the form {options.form}.")
        return unit, None
    if options.form is not None:
        form = item_unit(options.form)
        if not is_count(form):
            raise BadInput(
                f"--form {options.form!r} is not a form; use one of tablet, "
                "capsule, drop, puff, softgel or scoop."
            )
    elif substance is not None and substance.form is not None and substance.unit == unit:
        form = substance.form
    else:
        form = None
    if options.strength is not None:
        if form is None:
            raise BadInput("--strength needs a form, e.g. --form tablet --strength 10mg.")
        given = parse_amount(options.strength)
        if is_count(given.unit):
            raise BadInput(f"--strength is the amount in one {form}, e.g. 10mg, not a count.")
        return form, exact_amount(convert(given, unit), unit, "--strength")
    if substance is not None and form == substance.form and substance.strength is not None:
        return form, substance.strength
    return form, None


def _dose(
    text: str | None,
    substance: Substance | None,
    unit: str,
    form: str | None,
    strength: Decimal | None,
) -> Decimal | None:
    if text is None:
        if substance is not None and substance.dose is not None and substance.unit == unit:
            return substance.dose
        return None
    amount = parse_amount(text)
    return exact_amount(
        convert(amount, unit, form=form, strength=_strength(strength, unit)), unit, "The dose"
    )


def _range(
    options: ItemOptions,
    substance: Substance | None,
    unit: str,
    form: str | None,
    strength: Decimal | None,
) -> DoseRange | None:
    text = options.range
    if text is None and options.range_source is not None:
        raise BadInput("--range-source says where your own --range comes from; give --range too.")
    if text is not None and text.strip().lower() == "none":
        return None
    if text is None:
        if substance is None or substance.range is None:
            return None
        if not convertible(substance.unit, unit):
            return None
        factor = convert(Amount(Decimal(1), substance.unit), unit)
        found = substance.range
        return DoseRange(
            min=None if found.min is None else exact_amount(found.min * factor, unit, "The range"),
            max=None if found.max is None else exact_amount(found.max * factor, unit, "The range"),
            per=found.per,
            source=found.source,
        )
    low, high, per = parse_range(text)
    bounds = [
        None
        if bound is None
        else exact_amount(
            convert(
                Amount(bound.value, bound.unit or unit),
                unit,
                form=form,
                strength=_strength(strength, unit),
            ),
            unit,
            "The range",
        )
        for bound in (low, high)
    ]
    if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
        raise BadInput(f"The range {text.strip()!r} has its minimum above its maximum.")
    source = (
        clean_text(options.range_source, "The range source", MAX_NOTE)
        if options.range_source
        else USER_SOURCE
    )
    return DoseRange(
        min=bounds[0], max=bounds[1], per="dose" if per == "dose" else "day", source=source
    )


def _strength(strength: Decimal | None, unit: str) -> Amount | None:
    return None if strength is None else Amount(strength, unit)


def _form_text(item: Item) -> str:
    if item.form is None:
        return "none"
    if item.strength is None:
        return item.form
    return f"{item.form} of {format_amount(item.strength, item.unit)}"
