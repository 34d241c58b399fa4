"""Supply: record a fill or a count, see what is on hand, and which items run low.

On hand follows DESIGN.md's time-ordered definition (supply.py), read through the
per-machine checkpoint of ``supply_index.py`` so that a long journal costs only its last
days. The item's ``supply_since`` in medlog.toml (the day of its first fill or count) tells
``today`` and ``due`` that it has a supply to look up, so items never filled cost them
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from medlog import journal, supply_index
from medlog.actions import item_and_rest, recent_start, shell_quote
from medlog.amounts import exact_decimal, read_quantity, spoken
from medlog.errors import BadInput, quote
from medlog.events import MAX_DAYS_SUPPLY, MAX_ON_HAND
from medlog.model import Amount, Event, Item, Regimen
from medlog.names import MAX_NOTE, clean_text
from medlog.ranges import in_item_unit
from medlog.schedule import daily_amount
from medlog.store import Store
from medlog.supply import Outlook, outlook, taken_since, use_words
from medlog.supply import on_hand as on_hand_at
from medlog.timeparse import localize, parse_day
from medlog.units import (
    ANY_FORM,
    MAX_TEXT,
    canonical_unit,
    convert,
    exact_amount,
    format_amount,
    format_decimal,
    is_count,
    parse_amount,
    parse_typed_amount,
    plain_amount,
)

FILL_NOON = time(12)  # a fill dated by its day alone is at noon, as `--at 20 Nov` is


class Filled(NamedTuple):
    """A fill or count just logged, and the item's supply after it."""

    event: Event
    outlook: Outlook
    torn: bool = False
    daily: Fraction | None = None  # the daily amount a worked-out days' supply used


def fill(
    store: Store,
    now: datetime,
    words: Sequence[str],
    *,
    on_text: str | None = None,
    days_text: str | None = None,
    note: str | None = None,
    count_text: str | None = None,
    strength_text: str | None = None,
    size_text: str | None = None,
) -> Filled:
    """Log a fill of ``QUANTITY`` (the words after the name), or with ``count_text`` what is
    on hand now; a fill's days' supply is ``days_text`` or worked out from the regimen.

    A count of the form converts with the strength in force on the fill's day, or the
    fill's own ``strength_text``; "N bottles" with ``size_text`` (what one holds). A
    quantity that would last more than ten years at the regimen is refused, so every
    supply figure stays within medlog's calendar.
    """
    text = clean_text(note, "The note", MAX_NOTE) if note is not None else None
    item, rest = item_and_rest(store.load_regimen(), words)
    if count_text is not None:
        if rest or on_text is not None or days_text is not None:
            raise BadInput(
                "--count records what is on hand now, on its own: "
                f'medlog fill {shell_quote(item.key)} --count "12 tablets".'
            )
        day, at = now.date(), now
        quantity = Quantity(count_text, strength_text, size_text)
        amount, given = _quantity(item, quantity, day, zero=True)
    else:
        if not rest:
            raise BadInput(
                f"Give the quantity filled, e.g. medlog fill {shell_quote(item.key)} 30 "
                f"{item.counted_in}s (or --count to record what is on hand)."
            )
        day = parse_day(on_text, now.date()) if on_text is not None else now.date()
        if day > now.date():
            raise BadInput(f"A fill on {day} is in the future; medlog logs what already happened.")
        at = now if day == now.date() else localize(datetime.combine(day, FILL_NOON))
        quantity = Quantity(" ".join(rest), strength_text, size_text)
        amount, given = _quantity(item, quantity, day, zero=False)
    _within_ten_years(item, amount, day, given)
    days, inferred, daily = (
        (None, False, None) if count_text is not None else _days(item, amount, day, days_text)
    )
    with store.locked():
        regimen = store.load_regimen()
        item = _still_there(regimen, item)
        event = Event(
            journal.new_id(), "fill", at, now, item=item.key, amount=amount, unit=item.unit,
            given=given, note=text, days_supply=days, days_inferred=inferred,
            on_hand=amount if count_text is not None else None, counted=count_text is not None,
        )  # fmt: skip
        tracked = [*tracked_items(regimen), *([item] if item.supply_since is None else [])]
        queries = [supply_index.Query(now), supply_index.Query(now, [event])]
        if not event.counted and at != now:  # what it leaves at its own time
            queries.append(supply_index.Query(at, [event]))
        reading = supply_index.answers(store.journal_path, tracked, queries, item.key)
        (before, after, *own), torn = reading.figures, reading.torn
        on_hand = after[item.key].on_hand
        if not event.counted:  # recorded as this device knows it; no figure reads it
            event = event._replace(on_hand=(own or [after])[0][item.key].on_hand)
        held = on_hand or Decimal(0)
        if max(abs(held), abs(event.on_hand or held)) > MAX_ON_HAND:
            raise BadInput(
                f"That would make {format_amount(held, item.unit)} of {item.name} on "
                f"hand, beyond what medlog keeps ({format_amount(MAX_ON_HAND, item.unit)}); "
                f"record what you have instead: medlog fill {shell_quote(item.key)} --count "
                f'"N {item.counted_in}s".'
            )
        first = before[item.key].on_hand is None  # nothing filled or counted in force yet
        starts = item.supply_since is None or first or day < item.supply_since
        if starts and item.supply_since != day:
            # the first fill or count in force (any before it were undone), or one dated
            # before it: the supply is counted from this day on
            item = item._replace(supply_since=day)
            store.save_regimen(
                regimen._replace(
                    items=tuple(item if i.key == item.key else i for i in regimen.items)
                )
            )
        store.append([event])
    start = recent_start(now.date())
    recent = reading.events  # today's doses, read already, unless the reading began later
    if recent is None or (reading.since is not None and reading.since > start):
        recent = journal.live(journal.read_recent(store.journal_path, start).events)
    today = now.date()
    seen = outlook(item, on_hand, today, taken_since(item, recent, today, today))
    return Filled(event, seen, torn, daily)


class Quantity(NamedTuple):
    """What a fill or count says it is: "30 tablets", "1 bottle"; the strength of one of its
    form when stated (``--strength``), and the size of one bottle (``--size``)."""

    text: str
    strength: str | None = None
    size: str | None = None


BOTTLES = ("bottle", "bottles")


def _quantity(
    item: Item, quantity: Quantity, day: date, *, zero: bool
) -> tuple[Decimal, str | None]:
    """The quantity in the item's unit, and what was typed when it said more than that."""
    text = quantity.text
    if len(text) > MAX_TEXT:
        parse_typed_amount(text)  # says it is too long
    said = spoken(text)
    if said.startswith("-") and not said.startswith("--"):
        raise BadInput(f"{quote(text)} is negative; a quantity must be more than zero.")
    counted = read_quantity(said, quote(text)) if len(text) <= MAX_TEXT else None
    if zero and counted is not None and counted.numerator == 0:  # a count of none left
        unit = canonical_unit(counted.rest) if counted.rest else item.counted_in
        in_item_unit(item, Amount(Decimal(1), unit))
        return Decimal(0), text.strip()
    if counted is not None and counted.rest.removesuffix(".") in BOTTLES:
        return _bottles(item, quantity, counted, day)
    if quantity.size is not None:
        raise BadInput(
            f'--size is what one bottle holds; give the bottles, e.g. "1 bottle" --size '
            f'"{quantity.size.strip()[:20]}".'
        )
    typed, written = parse_typed_amount(text)
    value = exact_amount(_in_unit(item, typed, day, quantity.strength), item.unit, "The quantity")
    if quantity.strength is not None:
        each = parse_amount(quantity.strength)
        return value, f"{plain_amount(typed.value, typed.unit)} of {plain_amount(*each)}"
    if typed.unit == item.unit:
        return value, written
    return value, written or plain_amount(typed.value, typed.unit)


def _bottles(item: Item, quantity: Quantity, counted: Any, day: date) -> tuple[Decimal, str | None]:
    """ "2 bottles" of ``--size`` each (2.5 mL, 80 drops, 30 tablets)."""
    example = f'medlog fill {shell_quote(item.key)} "1 bottle" --size "{_size_example(item)}"'
    if quantity.size is None:
        raise BadInput(f"Say what one bottle holds, from its label: {example}.")
    number = exact_decimal(counted.numerator, counted.denominator)
    if number is None or number != number.to_integral_value():
        raise BadInput(f"Give whole bottles, e.g. {example}.")
    size, _ = parse_typed_amount(quantity.size)
    each = _in_unit(item, size, day, quantity.strength)
    value = exact_amount(number * each, item.unit, "The quantity")
    plural = "bottle" if number == 1 else "bottles"
    return value, f"{format_decimal(number)} {plural} of {plain_amount(size.value, size.unit)}"


def _size_example(item: Item) -> str:
    """A bottle's size in what the item is counted in, so the hint works as typed: drops for
    drops (medlog never turns mL into drops), mL for a liquid, a month of doses for a mass."""
    counted = item.counted_in
    if counted == "drop":
        return plain_amount(Decimal(80), counted)
    if is_count(counted):
        return plain_amount(Decimal(30), counted)
    if counted == "mL":
        return plain_amount(Decimal(100), counted)
    dose = item.current.highest_dose
    return plain_amount(30 * dose if dose else Decimal(100), counted)


def _in_unit(item: Item, typed: Amount, day: date, strength_text: str | None) -> Decimal:
    """A typed quantity in the item's unit: a count with the fill's own strength when it
    states one, else with the strength in force on ``day``; a count the item cannot convert
    names the one command that lets it."""
    if strength_text is not None:
        if not is_count(typed.unit):
            raise BadInput(
                f"--strength is the amount in one of what was filled; give the quantity as a "
                f"count, e.g. 30 tablets --strength {strength_text.strip()[:20]}."
            )
        stated = parse_amount(strength_text)
        if is_count(stated.unit):
            raise BadInput("--strength is the amount in one tablet (or capsule), e.g. 20mg.")
        each = convert(stated, item.unit, mcg_per_iu=item.mcg_per_iu)
        return typed.value * exact_amount(each, item.unit, "--strength")
    try:
        return in_item_unit(item, typed, day)
    except BadInput:
        form, strength = item.units_on(day)
        if (
            not is_count(typed.unit)
            or typed.unit == ANY_FORM
            or is_count(item.unit)
            or (form == typed.unit and strength is not None)
        ):
            raise
        kind = typed.unit
        version = item.version_on(day) or item.current
        example = version.highest_dose or Decimal(100)
        per = plain_amount(example, item.unit).replace(" ", "")
        what = (
            "it has no form"
            if form is None
            else (f"its form is {form}" if form != typed.unit else f"it has no strength per {form}")
        )
        raise BadInput(
            f"Cannot count {item.name} in {kind}s: {what}. Say what one {kind} holds (its "
            f"label says), then fill again: medlog edit {shell_quote(item.key)} --form {kind} "
            f"--strength {per} (or state it on this fill: --strength {per})."
        ) from None


def _within_ten_years(item: Item, amount: Decimal, day: date, given: str | None) -> None:
    """Refuse a quantity that would last more than MAX_DAYS_SUPPLY at the regimen in force on
    ``day``: a slip of unit or dose (100000 mcg at 1 mcg a month), never a real supply."""
    version = item.version_on(day)
    daily = daily_amount(version) if version is not None else None
    if not daily or Fraction(amount) / daily <= MAX_DAYS_SUPPLY:
        return
    lasts = int(Fraction(amount) / daily)
    shown = given or format_amount(amount, item.unit)
    raise BadInput(
        f"{shown} of {item.name} would last about {lasts:,} days at {use_words(item, daily)}, "
        f"more than "
        f"the {MAX_DAYS_SUPPLY:,} days (10 years) medlog takes for one fill. Check the "
        f"quantity and its unit, and the dose (medlog list); nothing was logged."
    )


def _days(
    item: Item, amount: Decimal, day: date, days_text: str | None
) -> tuple[int, bool, Fraction | None]:
    """The days' supply as dispensed, or the quantity over the regimen's daily amount on
    ``day``, rounded down (and True: it was worked out, from that daily amount)."""
    if days_text is not None:
        spoken = days_text.strip()
        if not spoken.isdigit() or not 0 < int(spoken) <= MAX_DAYS_SUPPLY:
            raise BadInput(
                f"--days {days_text[:20]!r} is not a days' supply; give whole days, 1 to "
                f"{MAX_DAYS_SUPPLY:,} (the label's 'days supply', e.g. --days 30)."
            )
        return int(spoken), False, None
    version = item.version_on(day)
    daily = daily_amount(version) if version is not None else None
    if not daily:
        why = (
            "is taken as needed"
            if version is not None and version.schedule.prn
            else "has no regular dose"
            if version is not None
            else f"is not in your regimen on {day}"
        )
        raise BadInput(
            f"{item.name} {why}, so medlog cannot tell how long the fill lasts; give the "
            "days' supply on the label, e.g. --days 30."
        )
    days = int(Fraction(amount) / daily)
    if days < 1:
        raise BadInput(
            f"That is less than a day's supply of {item.name} at {use_words(item, daily)}; "
            "give --days."
        )
    return days, True, daily


def _still_there(regimen: Regimen, item: Item) -> Item:
    found = regimen.get(item.key)
    if found is None:
        raise BadInput(f"{item.name} was removed while this command ran; nothing was logged.")
    return found


class Stock(NamedTuple):
    """An item's supply for ``medlog supply``: its outlook and its latest fill."""

    outlook: Outlook
    last_fill: Event | None


def tracked_items(regimen: Regimen) -> list[Item]:
    """The items with a supply to look up: filled or counted at least once."""
    return [item for item in regimen.items if item.supply_since is not None]


def supply(store: Store, now: datetime) -> tuple[list[Stock], bool]:
    """Every item in force today or with a fill or count logged, with what is on hand now
    and its latest fill (``supply_index``: the last days of the journal, and a checkpoint)."""
    regimen = store.load_regimen()
    today = now.date()
    tracked = tracked_items(regimen)
    found, torn = supply_index.figures(store.journal_path, tracked, now)
    recent = journal.read_recent(store.journal_path, recent_start(today))
    live = journal.live(recent.events)
    stocks = []
    for item in regimen.items:
        figures = found.get(item.key, supply_index.Figures(None, None))
        if figures.on_hand is None and item.version_on(today) is None:
            continue
        taken = taken_since(item, live, today, today)
        stocks.append(Stock(outlook(item, figures.on_hand, today, taken), figures.last_fill))
    return stocks, torn or recent.torn


def outlooks(regimen: Regimen, events: Sequence[Event], now: datetime) -> list[Outlook]:
    """Each item in force today with a supply, from every event of the journal (for an export,
    which reads them all anyway): on hand by supply.py's definition, and its refill-by day."""
    today = now.date()
    live = journal.live(events)
    return [
        outlook(item, on_hand_at(item, live, now), today, taken_since(item, live, today, today))
        for item in tracked_items(regimen)
        if item.version_on(today) is not None
    ]


def running_low(
    store: Store, regimen: Regimen, now: datetime, recent: Sequence[Event]
) -> list[Outlook]:
    """Items in force today whose supply lasts ``refill_warning_days`` or less (``recent``:
    the live events of the last days, for what was taken today)."""
    today = now.date()
    tracked = tracked_items(regimen)
    if not any(item.version_on(today) is not None for item in tracked):
        return []
    found, _ = supply_index.figures(store.journal_path, tracked, now)
    limit = regimen.settings.refill_warning_days
    seen = [
        outlook(item, found[item.key].on_hand, today, taken_since(item, recent, today, today))
        for item in tracked
        if item.version_on(today) is not None
    ]
    return [line for line in seen if _low(line, today, limit)]


def _low(seen: Outlook, today: date, limit: int) -> bool:
    """True when the supply lasts ``limit`` days or less: for a sparse regimen, when the first
    dose it does not cover is that close (a weekly dose's average would warn weeks early)."""
    if seen.sparse:
        return seen.refill_by is not None and (seen.refill_by - today).days <= limit
    return seen.days_left is not None and seen.days_left <= limit
