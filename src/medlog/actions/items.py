"""Items and their regimen: add, edit, stop, resume, remove, list.

A change of dose or schedule is a new regimen version, so earlier days keep being
judged against what was in force then; a titration entered late can be re-dated;
every change leaves an audit line (``Item.changes``) with when it was made.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from medlog import catalog, journal
from medlog.actions import named, replace_item, with_change
from medlog.actions.amend import left_at_the_old_dose
from medlog.actions.facts import lowered, notes_at, with_catalog_facts
from medlog.actions.interactions import Note, notes, refresh
from medlog.actions.item_options import (
    Doses,
    ItemOptions,
    amount_is_of,
    catalog_range,
    class_of,
    dose_of,
    form_and_strength,
    form_text,
    fraction_of,
    ingredients_of,
    kind_of,
    prescribed_in_iu,
    range_of,
    schedule_text,
    shows_as_range,
    strength_question,
    substances_of,
    unit_of,
)
from medlog.amounts_text import dose_words, regimen_words
from medlog.catalog import Substance
from medlog.errors import BadInput
from medlog.model import (
    USER_SOURCE,
    Amount,
    Change,
    DoseRange,
    Item,
    Regimen,
    RegimenVersion,
    Schedule,
)
from medlog.names import MAX_NAME, MAX_NOTE, clean_text, item_key
from medlog.profile import age_of
from medlog.ranges import limit_words, range_words, regimen_warnings
from medlog.regimen_merge import KEEP_WORDS
from medlog.schedule import (
    WEEKDAY_DOSE_EXAMPLE,
    by_weekday,
    daily_amount,
    parse_schedule,
)
from medlog.store import Store
from medlog.timeparse import parse_day
from medlog.units import convert, convertible, format_amount, format_decimal, is_count

__all__ = ["ItemChange", "ItemOptions", "add", "edit", "listing", "remove", "resume", "stop"]


@dataclass(frozen=True)
class ItemChange:
    """An item after a change, what changed, the catalog entry it was filled from, and what
    the person should be told about it (a range left, a pace rule broken), the catalog's
    notes that concern the change (``facts``: a boxed warning at add, tapering at stop) and
    what medlog applies (``about``: the US label for a name from another country)."""

    item: Item
    changes: tuple[str, ...] = ()
    substance: Substance | None = None
    notices: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()  # interaction notes with the other items, each once
    information: tuple[tuple[str, str], ...] = ()  # (fact, source): shown, never a warning
    facts: tuple[catalog.Note, ...] = ()
    about: tuple[str, ...] = ()


def add(
    store: Store, now: datetime, name: str, options: ItemOptions, start: str | None = None
) -> ItemChange:
    """Add an item, filling unit, form, strength, range and source from the catalog: from
    the entry its name finds, or the one catalog substance --substance names."""
    display, named, substances, substance = _catalog_entry(name, options)
    key = item_key(display)
    if key in KEEP_WORDS:  # --keep allergies=theirs would choose this item with them
        raise BadInput(
            f"{display!r} is what --keep {key}=theirs calls the store's {key} in merge and "
            f"import, so an item cannot take it; name it by what it is, e.g. "
            f"medlog add '{display} pill'."
        )
    age = age_of(store.load_regimen(), now.date())
    kind = kind_of(options.kind, substance, display)
    unit = unit_of(options, substance)
    iu = substance.mcg_per_iu if substance is not None else None
    factor = iu.value if iu is not None else None
    form, strength = form_and_strength(options, substance, unit, factor)
    if substance is not None and substance.products and not is_count(unit):
        if options.strength is None:
            raise BadInput(strength_question(substance, display))
        in_catalog = strength  # the catalog's labels give their strengths in its unit
        if strength is not None and convertible(unit, substance.unit):
            in_catalog = convert(Amount(strength, unit), substance.unit)
        substance = catalog.product(substance, in_catalog)
        if substance.range is None and (options.range is None or options.schedule is None):
            raise BadInput(
                f"{strength_question(substance, substance.name).split(';')[0]}; no label in "
                f"medlog's catalog is for {options.strength.strip()}. Give that label's "
                "maximum and directions yourself with --range and --schedule, e.g. --range "
                "'max 3000mg/day' --schedule 'as needed max 3/day min interval 6h'."
            )
    for_person = catalog.for_age(substance, age) if substance is not None else None
    schedule = parse_schedule(schedule_text(options, substance))
    doses = dose_of(options.dose, substance, unit, form, strength, factor, schedule)
    version = RegimenVersion(
        start=parse_day(start, now.date()) if start is not None else now.date(),
        schedule=schedule,
        dose=doses.dose,
        by_weekday=doses.by_weekday,
        shown_in=prescribed_in_iu(options, unit, factor),
    )
    dose_range = range_of(options, for_person, unit, form, strength, factor)
    notices: list[str] = []
    if for_person and for_person.range and dose_range is None and options.range is None:
        notices.append(
            f"The catalog range for {for_person.name} is in {for_person.unit}, which does not "
            f"convert to {unit}; set your own with --range."
        )
    if options.range is None and dose_range and not shows_as_range(kind, dose_range):
        dose_range = None  # information for a prescription: see information()
    item = Item(
        key=key,
        name=display,
        kind=kind,
        unit=unit,
        regimen=(version,),
        substances=substances,
        form=form,
        strength=strength,
        range=dose_range,
        drug_class=class_of(options.drug_class) if options.drug_class is not None else None,
        counts_as=substance.counts_as if substance is not None else None,
        mcg_per_iu=factor,
        iu_source=iu.source if iu is not None else None,
        dose_limit=catalog_range(substance.dose_limit, substance.unit, unit, factor)
        if substance is not None
        else None,
    )
    item = _contents(item, options, substance)
    item = item._replace(changes=(Change(now, f"added: {_version_text(item, version)}"),))
    with store.locked():
        regimen = store.load_regimen()
        if regimen.get(key) is not None:
            raise BadInput(
                f"{display!r} is already in your list (as {key}); change it with medlog edit {key}."
            )
        regimen = refresh(regimen._replace(items=(*regimen.items, item)), now.date())
        store.save_regimen(regimen)
    item = regimen.get(key) or item  # with its cap, worked out from the regimen's limits
    notices += regimen_warnings(item, version)
    notices += _same_substance(item, regimen, now.date())
    found = tuple(notes(regimen, now.date(), concerning=item))
    about: tuple[str, ...] = ()
    if named is not None and named.id in substances and catalog.outside_us(display, named):
        about = (
            f"{display[:1].upper()}{display[1:]} is a name used outside the US; medlog applies "
            f"the US label for {named.name.lower()}.",
        )
    if named is not None and display in named.brands:
        about = (f"{display} is a brand of {named.name.lower()} (source: {named.brands_source}).",)
    return ItemChange(
        item,
        substance=substance,
        notices=tuple(notices),
        notes=found,
        information=tuple(information(item, substance, age)),
        facts=notes_at(item, "add", age),
        about=about,
    )


def _same_substance(item: Item, regimen: Regimen, today: date) -> list[str]:
    """A sentence for each item not stopped that is the new item's substance too (Advil
    beside Motrin, two brands of ibuprofen): their doses are doses of one substance."""
    entries = {substance.id: substance for substance in catalog.load()}
    found = []
    for other in regimen.items:
        if other.key == item.key or (other.stopped is not None and other.stopped <= today):
            continue
        for shared in [held for held in item.substances if held in other.substances]:
            name = entries[shared].name if shared in entries else shared
            if name[1:2].islower():
                name = name[:1].lower() + name[1:]  # "ibuprofen", "vitamin D"
            found.append(
                f"{item.name} and {other.name} are both {name}: a dose of either is a dose of "
                f"{name}. If they are one product, keep one item (medlog stop {item.key})."
            )
    return found


def _catalog_entry(
    name: str, options: ItemOptions
) -> tuple[str, Substance | None, tuple[str, ...], Substance | None]:
    """A new item's name as the catalog spells it, the entry its name finds, its substances
    (--substance, else that entry's), and the entry its facts come from."""
    display = clean_text(name, "The item name", MAX_NAME)
    named = catalog.find(display, catalog.load())
    if named is not None:
        display = catalog.spelled(display, named)
    substances = (
        substances_of(options.substance)
        if options.substance is not None
        else (named.id,)
        if named
        else ()
    )
    return display, named, substances, catalog.entry_of(substances, display)


def strength_choices(name: str, options: ItemOptions) -> tuple[tuple[str, str], ...]:
    """The strengths whose labels differ for a new item's catalog entry, each as its label's
    words and its --strength ("325 mg"), for ``add`` to ask which when --strength is not
    given (none: nothing to ask)."""
    _, _, _, substance = _catalog_entry(name, options)
    if substance is None or options.strength is not None:
        return ()
    return tuple(
        (catalog.product_words(substance, found), format_amount(found.strength, substance.unit))
        for found in substance.products
    )


def information(
    item: Item, substance: Substance | None, age: int | None = None
) -> list[tuple[str, str]]:
    """(fact, source) for each catalog limit that does not judge the item: for a supervised
    item (a prescription, or a range of the person's own) and, for a person under 19, the
    adults' upper limits, which medlog does not apply as if they fitted. Said, never judged."""
    if substance is None:
        return []
    found = []
    adult = substance.range
    for_person = catalog.for_age(substance, age)
    if age is not None and adult is not None and adult.max is not None and for_person.range is None:
        found.append(
            (
                f"{_sentence(limit_words(adult, substance.unit))} is for adults; children's "
                f"limits are lower, and you are {age} this year, so medlog does not judge "
                f"{item.name} against it.",
                adult.source,
            )
        )
    substance = for_person
    if not item.supervised:
        return found
    whose = "a prescription" if item.kind == "rx" else "an item with a range of your own"
    never = f"for {whose} it is information: medlog never warns about it or counts days over it"
    catalog_range = substance.range
    if catalog_range is not None and catalog_range.max is not None and catalog_range != item.range:
        if catalog_range.kind == "upper_limit":
            found.append(
                (
                    f"{_sentence(limit_words(catalog_range, substance.unit))} is for "
                    f"self-supplementation (IOM: upper limits do not apply to people treated "
                    f"under medical supervision); {never}.",
                    catalog_range.source,
                )
            )
        elif catalog_range.kind == "label" and item.range is not None:
            shown = range_words(catalog_range, substance.unit)
            found.append(
                (f"Your range judges {item.name}; the US label's is {shown}.", catalog_range.source)
            )
        elif catalog_range.kind == "label":
            found.append(
                (f"{_sentence(limit_words(catalog_range, substance.unit))}: {never}.",
                 catalog_range.source)
            )  # fmt: skip
    if substance.dose_limit is not None and substance.dose_limit.max is not None:
        most = format_amount(substance.dose_limit.max, substance.unit)
        found.append(
            (f"The US label's most in one dose, {most}, is derived from its directions; {never}.",
             substance.dose_limit.source)
        )  # fmt: skip
    return found


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _contents(item: Item, options: ItemOptions, substance: Substance | None) -> Item:
    """The item with what a dose holds: --ingredient, --fraction and --amount-is, or the
    catalog's elemental fraction (the label's amounts stay as they are unless compound)."""
    if options.ingredients is not None:
        item = item._replace(ingredients=ingredients_of(options.ingredients))
    if options.fraction is not None:
        item = item._replace(fraction=fraction_of(options.fraction), fraction_source=USER_SOURCE)
    elif item.fraction is None and substance is not None and substance.fraction is not None:
        item = item._replace(
            fraction=substance.fraction.value, fraction_source=substance.fraction.source
        )
    if options.amount_is is not None:
        item = item._replace(amount_is=amount_is_of(options.amount_is))
    if item.amount_is == "compound" and item.fraction is None:
        raise BadInput(
            f"--amount-is compound needs {item.name}'s elemental fraction, and the catalog has "
            "none for it; give one, e.g. --fraction 0.141 (14.1 %)."
        )
    return item


def edit(
    store: Store,
    now: datetime,
    name: str,
    options: ItemOptions,
    start: str | None = None,
    *,
    new_name: str | None = None,
    cancel_planned: bool = False,
) -> ItemChange:
    """Change an item; a new dose or schedule becomes a regimen version from ``start``.

    ``start`` between the previous version's start and the current one's re-dates
    the current version (a change entered late). Without ``start``, a change made
    while a future version is planned takes effect today and leaves the plan as it is.
    """
    if options.unit is not None:
        raise BadInput(
            "An item's unit cannot change, because its history is in that unit. "
            "Stop it and add a new item instead."
        )
    today = now.date()
    new_start = parse_day(start, today) if start is not None else today
    if start is not None and not _versioned(options):
        raise BadInput(
            "--from dates a new dose, schedule, form or strength; give --dose, --schedule, "
            "--form or --strength with it."
        )
    schedule = parse_schedule(options.schedule) if options.schedule is not None else None
    display = clean_text(new_name, "The new name", MAX_NAME) if new_name is not None else None
    with store.locked():
        regimen = store.load_regimen()
        item = named(regimen, name)
        age = age_of(regimen, today)
        changed, changes = _apply(item, options, schedule, new_start, start is not None, today, age)
        if display is not None:
            _name_is_free(regimen, item, display)
            changed = changed._replace(name=display)
            changes.append(f"name {item.name!r} -> {display!r}")
        if cancel_planned:
            changed, note = _cancel_planned(changed, today)
            changes.append(note)
        before = changed
        changed = _contents(changed, options, None)
        if changed != before:
            changes.append(_contents_text(changed))
        if not changes:
            raise BadInput(
                "Nothing to change: give --dose, --schedule, --range, --kind, --form, "
                "--strength, --substance, --class, --ingredient, --fraction, --amount-is, "
                "--name or --cancel-planned."
            )
        changed = with_change(changed, now, "; ".join(changes))
        regimen = refresh(replace_item(regimen, changed), today)
        store.save_regimen(regimen)
    changed = regimen.get(changed.key) or changed  # with its cap from the regimen's limits
    notices = []
    if changed.current != item.current or changed.range != item.range:
        notices += regimen_warnings(changed, changed.current)
    if item.supply_since is not None and changed.strength != item.strength and changed.form:
        notices.append(
            f"{item.name}'s supply is pooled in {item.unit}: what is on hand now counts as "
            f"{changed.form}s of {format_amount(changed.strength or Decimal(0), item.unit)}. "
            f"Doses and fills keep the strength of their own day. If the {changed.form}s you "
            f"have did not change, record them: medlog fill {item.key} --count "
            f'"N {changed.form}s".'
        )
    if len(changed.regimen) > 1 and changed.regimen != item.regimen:
        notices += _pace_warnings(changed)
    notices += left_at_the_old_dose(store, item, changed, today)  # none unless doses changed
    if _contents_text(changed) != _contents_text(item) or changed.substances != item.substances:
        notices.append(  # contents are not versioned like doses: say what that means
            f"Substance totals for every day, past days too, now use what {changed.name} "
            "holds as changed; the audit line in medlog list --all keeps the old contents."
        )
    shown: tuple[Note, ...] = ()
    if options.substance is not None or options.ingredients is not None:
        shown = tuple(notes(regimen, today, concerning=changed))
    facts = notes_at(changed, "add", age) if options.substance is not None else ()
    if lowered(item, changed):
        facts += tuple(note for note in notes_at(changed, "lower") if note not in facts)
    return ItemChange(changed, tuple(changes), notices=tuple(notices), notes=shown, facts=facts)


def _contents_text(item: Item) -> str:
    """What a dose of the item now holds, for the audit line."""
    if item.ingredients:
        held = ", ".join(
            f"{part.substance} {format_amount(part.amount, part.unit)}" for part in item.ingredients
        )
        return f"contents: {held} per {item.counted_in}"
    basis = "as the label states" if item.amount_is == "label" else "of the compound"
    return f"amounts are {basis}" + (
        f" (fraction {format_decimal(item.fraction)})" if item.fraction is not None else ""
    )


def _version_text(item: Item, version: RegimenVersion) -> str:
    return f"{regimen_words(item, version)} from {version.start}"


def _doses_text(item: Item, version: RegimenVersion) -> str:
    return dose_words(item, version) or "no set dose"


def _name_is_free(regimen: Regimen, item: Item, display: str) -> None:
    for other in regimen.items:
        if other.key != item.key and display.casefold() in (other.name.casefold(), other.key):
            raise BadInput(f"{other.name} ({other.key}) already has that name; choose another.")


def _cancel_planned(item: Item, today: date) -> tuple[Item, str]:
    current = item.current
    if current.start <= today or len(item.regimen) == 1:
        raise BadInput(f"{item.name} has no planned change to cancel (none starts after today).")
    return (
        item._replace(regimen=item.regimen[:-1]),
        f"planned change from {current.start} ({_version_text(item, current)}) cancelled",
    )


def _pace_warnings(item: Item) -> list[str]:
    """The catalog's rules on how fast a dose may rise, for each version against the one
    before it (only the versions a change can have touched: the last two)."""
    if item.substance is None:
        return []
    substance = catalog.find(item.substance, catalog.load())
    if substance is None or substance.unit != item.unit or not substance.pace:
        return []
    warnings = []
    for before, new in pairwise(item.regimen[-3:]):
        new_daily, old_daily = daily_amount(new), daily_amount(before)
        if new_daily is None or old_daily is None:
            continue
        days = (new.start - before.start).days
        raised, earlier = (format_amount(v.dose or Decimal(0), item.unit) for v in (new, before))
        for rule in substance.pace:
            if old_daily < Fraction(rule.to) <= new_daily and days < rule.after_days:
                warnings.append(
                    f"{item.name} goes to {raised} on {new.start}, {days} day(s) after "
                    f"{earlier} began on {before.start}; the label says: {rule.text} "
                    f"(source: {rule.source}). medlog keeps the change: the prescriber decides."
                )
    return warnings


def _apply(
    item: Item,
    options: ItemOptions,
    schedule: Schedule | None,
    start: date,
    dated: bool,
    today: date,
    age: int | None = None,
) -> tuple[Item, list[str]]:
    changes: list[str] = []
    if options.kind is not None:
        item = item._replace(kind=kind_of(options.kind, None, item.name))
        changes.append(f"kind is now {item.kind}")
    if options.range is not None or options.range_source is not None:
        item = item._replace(range=_edited_range(item, options))
        changes.append("range removed" if item.range is None else "range updated")
    if options.substance is not None:
        before = item
        item = item._replace(substances=substances_of(options.substance))
        changes.append(f"substances: {', '.join(item.substances) or 'none'}")
        # the facts a catalog item gets, as if it had been added with this --substance
        entry = catalog.entry_of(item.substances, item.name, item.strength)
        for_person = catalog.for_age(entry, age) if entry is not None else None
        item = with_catalog_facts(item, for_person, fill_range=options.range is None)
        if item.range != before.range:
            changes.append("range from the catalog" if item.range else "range removed")
    if options.drug_class is not None:
        item = item._replace(drug_class=class_of(options.drug_class))
        changes.append(f"class: {item.drug_class or 'none'}")
    if _versioned(options):
        before = item
        item, note = _new_version(item, options, schedule, start, dated, today)
        if options.dose is None and options.schedule is None:
            changes.append(f"form is now {form_text(item)} from {start}{_in_form(item)}")
        else:
            changes.append(note)
            if (item.form, item.strength) != (before.form, before.strength):
                changes.append(f"form is now {form_text(item)}")
    return item, changes


def _in_form(item: Item) -> str:
    """What the latest version's dose is in the new form: "; the dose of 10 mg is 0.5
    tablet" (the dose is kept in the item's unit: a new strength never changes it)."""
    version = item.current
    if version.dose is None or item.form is None or not item.strength:
        return ""
    count = (version.dose / item.strength).normalize()
    dose = format_amount(version.dose, item.unit)
    return f"; the dose of {dose} is {format_amount(count, item.form)}"


def _versioned(options: ItemOptions) -> bool:
    """True when the edit changes what a regimen version holds: dose, schedule, form or
    strength (each dated, DESIGN.md "Strength")."""
    return any(
        text is not None
        for text in (options.dose, options.schedule, options.form, options.strength)
    )


def _edited_range(item: Item, options: ItemOptions) -> DoseRange | None:
    if options.range is None:
        if item.range is None:
            raise BadInput("There is no range to give a source to; set one with --range.")
        source = clean_text(options.range_source or "", "The range source", MAX_NOTE)
        return item.range._replace(source=source)
    if options.range_source is None and item.range is not None and item.range.kind is None:
        options = dataclasses.replace(options, range_source=item.range.source)  # keep its source
    return range_of(options, None, item.unit, item.form, item.strength)


def _new_version(
    item: Item,
    options: ItemOptions,
    schedule: Schedule | None,
    start: date,
    dated: bool,
    today: date,
) -> tuple[Item, str]:
    """The item with the new dose or schedule from ``start``, and a line saying what happened."""
    current = item.current
    if current.until is not None:
        raise BadInput(
            f"{item.name} is stopped since {current.until}; medlog resume {item.key} first."
        )
    version = _version(item, current, options, schedule, start)
    item = _explicit_units(item)
    earlier = item.regimen[:-1]
    current = item.current
    described = _version_text(item, version)
    if start > current.start:
        return _with_units(item, (*item.regimen, version)), f"new regimen: {described}"
    if start == current.start:
        return _with_units(item, (*earlier, version)), f"regimen replaced: {described}"
    previous = earlier[-1] if earlier else None
    if not dated and current.start > today and previous is None:
        planned = version._replace(start=current.start)  # not started yet: change the plan
        return _with_units(item, (planned,)), (f"regimen replaced: {_version_text(item, planned)}")
    if not dated and current.start > today:
        # A change planned for later stays; today's change goes in before it.
        if previous is not None and previous.start >= start:
            return _with_units(item, (*earlier[:-1], version, current)), (
                f"regimen replaced: {described}; the change planned from {current.start} stays"
            )
        return _with_units(item, (*earlier, version, current)), (
            f"new regimen: {described}; the change planned from {current.start} stays"
        )
    if previous is not None and (
        start <= previous.start or (previous.until is not None and start < previous.until)
    ):
        raise BadInput(
            f"--from {start} is on or before the start of {item.name}'s earlier regimen "
            f"({_version_text(item, previous)}); medlog re-dates only the latest change. "
            f"Give a day after {previous.start}."
        )
    return (
        _with_units(item, (*earlier, version)),
        f"regimen from {current.start} re-dated: {described}",
    )


def _version(
    item: Item,
    current: RegimenVersion,
    options: ItemOptions,
    schedule: Schedule | None,
    start: date,
) -> RegimenVersion:
    """The new version an edit makes: what it gives, the rest carried over from ``current``
    (its form and strength made explicit)."""
    form, strength = item.units_on(current.start)
    if options.form is not None or options.strength is not None:
        form, strength = form_and_strength(
            dataclasses.replace(options, form=options.form or form),
            None,
            item.unit,
            item.mcg_per_iu,
        )
    schedule = schedule or current.schedule
    if options.dose is not None:
        doses = dose_of(options.dose, None, item.unit, form, strength, item.mcg_per_iu, schedule)
    else:
        doses = Doses(current.dose, current.by_weekday)
        if current.by_weekday:
            groups = tuple(
                ((day,), dose) for day, dose in enumerate(current.by_weekday) if dose is not None
            )
            try:
                by_weekday(groups, schedule, _doses_text(item, current))
            except BadInput as error:
                raise BadInput(
                    f"{error.message} Give the new schedule with its dose, e.g. --dose "
                    f'"{WEEKDAY_DOSE_EXAMPLE}".'
                ) from None
    return RegimenVersion(
        start=start,
        schedule=schedule,
        dose=doses.dose,
        by_weekday=doses.by_weekday,
        form=form,
        strength=strength,
        shown_in=prescribed_in_iu(options, item.unit, item.mcg_per_iu, current.shown_in),
    )


def _explicit_units(item: Item) -> Item:
    """The item with each version's form and strength written out (none left to the item's),
    so that changing the item's own leaves every earlier day's as it was."""
    versions = tuple(
        version._replace(form=form, strength=strength)
        for version in item.regimen
        for form, strength in (item.units_on(version.start),)
    )
    return item._replace(regimen=versions)


def _with_units(item: Item, versions: tuple[RegimenVersion, ...]) -> Item:
    """The item with these versions: its own form and strength those of the latest, and each
    version that has the same left to the item's (medlog.toml writes only the others)."""
    latest = versions[-1]
    form, strength = latest.form, latest.strength
    return item._replace(
        form=form,
        strength=strength,
        regimen=tuple(
            version._replace(form=None, strength=None)
            if (version.form, version.strength) == (form, strength)
            else version
            for version in versions
        ),
    )


def stop(
    store: Store, now: datetime, name: str, on: str | None = None, reason: str | None = None
) -> ItemChange:
    """End an item's regimen: ``on`` is the first day with nothing expected (default today);
    ``reason`` is kept with the stop (medlog.toml's ``stop_reason``, list --all, the report)."""
    day = parse_day(on, now.date()) if on is not None else now.date()
    why = clean_text(reason, "The reason", MAX_NOTE) if reason is not None else None
    with store.locked():
        regimen = store.load_regimen()
        item = named(regimen, name)
        current = item.current
        if current.until is not None:
            raise BadInput(f"{item.name} is already stopped from {current.until}.")
        if day < current.start:
            raise BadInput(
                f"{item.name}'s current regimen starts {current.start}; stop it on that day "
                "or later."
            )
        stopped = current._replace(until=day, stop_reason=why)
        said = f"stopped from {day}" + (f" ({why})" if why else "")
        item = with_change(item._replace(regimen=(*item.regimen[:-1], stopped)), now, said)
        store.save_regimen(refresh(replace_item(regimen, item), now.date()))
    # the item's summary line already says "stopped from DAY"
    return ItemChange(item, facts=notes_at(item, "stop"))


def resume(store: Store, now: datetime, name: str) -> ItemChange:
    """Restart a stopped item from today with its last dose and schedule."""
    today = now.date()
    with store.locked():
        regimen = store.load_regimen()
        item = named(regimen, name)
        current = item.current
        if current.until is None:
            raise BadInput(f"{item.name} is not stopped.")
        if today <= current.until:
            # A stop from today or later is cancelled: the regimen simply goes on, rather
            # than a new version starting the day the old one was stopped.
            versions = (*item.regimen[:-1], current._replace(until=None, stop_reason=None))
            changes: tuple[str, ...] = (f"the stop from {current.until} is cancelled",)
        else:
            versions = (*item.regimen, current._replace(start=today, until=None, stop_reason=None))
            changes = ()  # the summary line says "from TODAY"
        said = changes[0] if changes else "resumed"
        item = with_change(item._replace(regimen=versions), now, said)
        store.save_regimen(refresh(replace_item(regimen, item), now.date()))
    return ItemChange(item, changes)


def remove(store: Store, now: datetime, name: str) -> Item:
    """Delete an item added by mistake; one with any logged event is refused (stop it)."""
    with store.locked():
        regimen = store.load_regimen()
        item = named(regimen, name)
        logged = sum(
            1 for event in journal.read_all(store.journal_path).events if event.item == item.key
        )
        if logged:
            raise BadInput(
                f"{item.name} has {logged} logged event(s), and medlog keeps history. To end it, "
                f"stop it instead: medlog stop {item.key}"
            )
        kept = tuple(other for other in regimen.items if other is not item)
        store.save_regimen(refresh(regimen._replace(items=kept), now.date()))
    return item


def listing(store: Store, include_stopped: bool) -> tuple[tuple[Item, ...], int]:
    """The items in the order they were added (stopped ones only when asked), and how many
    stopped ones were left out."""
    items = store.load_regimen().items
    if include_stopped:
        return items, 0
    shown = tuple(item for item in items if item.stopped is None)
    return shown, len(items) - len(shown)
