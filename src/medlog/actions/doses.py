"""Logging: take a dose, skip one, undo (void) the last event or a named one.

These run on every dose a person logs, so they read only the journal's tail
and import nothing they do not use.
"""

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from medlog import journal
from medlog.actions import item_and_rest, needs_quotes, shell_quote, tail_start
from medlog.adherence import ItemDay, governing, item_days_of
from medlog.asneeded import most_in_a_day, nearest
from medlog.attribution import Moved
from medlog.errors import BadInput, quote
from medlog.ingredients import DAY, DayTotal, Window, day_totals, in_24_hours, intakes, window_until
from medlog.matching import seconds_of_day
from medlog.model import Amount, Event, Item, Regimen
from medlog.names import MAX_NOTE, clean_text
from medlog.prescribed import above_prescribed
from medlog.profile import band_starts
from medlog.ranges import (
    Verdict,
    dose_limit_text,
    in_item_unit,
    judge,
    judged,
    judging,
    limit_words,
    over_dose_limit,
    range_text,
)
from medlog.ranges import in_24_hours as in_24_hours_item
from medlog.schedule import format_schedule
from medlog.spacing import gap_text, rule_text, too_close
from medlog.store import Store
from medlog.timeparse import format_duration, parse_when
from medlog.units import exact_amount, format_amount, parse_typed_amount, plain_amount

MIN_ID_PREFIX = 4
ONE_DAY = timedelta(days=1)


class Logged(NamedTuple):
    """A dose or skip just written, with the figures and warnings for its day."""

    item: Item
    event: Event
    day_total: Decimal
    day_verdict: Verdict | None = None
    dose_verdict: Verdict | None = None
    warnings: tuple[str, ...] = ()
    torn: bool = False
    hours_total: Decimal | None = None  # the item's 24 hours up to the dose, when they judge it
    counts_for: Moved | None = None  # the slot of another day the dose answers (a late dose)
    prescribed: Decimal | None = None  # what the regimen sets for the day, when it is above it
    above_across: tuple[str, ...] = ()  # substances whose total across items is above a limit


class Undone(NamedTuple):
    """A void just written and the event it cancelled."""

    void: Event
    target: Event
    item: Item | None
    torn: bool = False


def take(
    store: Store,
    now: datetime,
    words: Sequence[str],
    *,
    at_text: str | None = None,
    note: str | None = None,
) -> Logged:
    """Log a dose: ``words`` name the item and give the amount (default: the regimen's dose
    that day); a date without a time is at the item's dose time that day."""
    note = clean_text(note, "The note", MAX_NOTE) if note is not None else None
    item, rest = item_and_rest(store.load_regimen(), words)
    typed = typed_amount(item, rest, note)
    at = parse_when(at_text, now, default_clock=dose_time(item)) if at_text is not None else now
    with store.locked():
        regimen = store.load_regimen()
        item = still_there(regimen, item)
        event = dose_event(item, typed, at, now, note)
        recent = journal.read_recent(store.journal_path, tail_start(regimen, [item], at.date()))
        store.append([event])
    return said_back(
        regimen, item, event, recent.events, now, typed=typed is not None, at_given=at_text
    )._replace(torn=recent.torn)


def said_back(
    regimen: Regimen,
    item: Item,
    event: Event,
    known: Sequence[Event],
    now: datetime,
    *,
    typed: bool,
    at_given: str | None,
    undo: str = "medlog undo",
) -> Logged:
    """What a dose just logged means: its day's figures (and the slot of another day it counts
    for, if it does), and every warning it deserves.

    ``known`` holds the journal's events from ``tail_start`` of the dose's day (and any other
    dose logged by the same command); ``undo`` is the command that would take it back.
    """
    starts = band_starts(regimen.profile, now.date())
    if starts and event.day < starts[-1]:  # a day of a younger age band: judged by its range
        from medlog.actions.facts import judged_by_age

        regimen = judged_by_age(regimen, now)
        item = regimen.get(item.key) or item
    live = journal.live(known)
    mine = [e for e in live if e.item == item.key and e.id != event.id]
    window = regimen.settings.on_time_window
    day = event.day
    yesterday, figures = item_days_of(item, [*mine, event], day - ONE_DAY, day, window, now)
    before = item_days_of(item, mine, day, day, window, now)[0]
    warnings = off_regimen_warnings(item, event, typed)
    if len(figures.extra_doses) > len(before.extra_doses):
        warnings.append(_extra_warning(item, event, figures, now, undo))
    else:
        warnings += _close_to_another(item, event, (yesterday, figures), undo)
    if at_given is None:  # logged as taken now: perhaps it was yesterday's, forgotten
        warnings += _late_for_yesterday(item, event, figures, yesterday, undo)
    everyone = [e for e in live if e.type == "dose" and e.id != event.id]
    across = total_warnings(regimen, [*everyone, event], event, now.date())
    warnings += [text for _, text in across]
    warnings += spacing_warnings(regimen, everyone, event)
    doses = [e for e in mine if e.type == "dose"] + [event]
    logged = logged_record(item, event, figures, doses, warnings)._replace(
        prescribed=above_prescribed(item, day, figures.total, figures.moved_out),
        above_across=tuple(dict.fromkeys(name for name, _ in across)),
    )
    moved = next((m for m in figures.moved_out if m.dose is event), None)
    return logged._replace(counts_for=moved) if moved else logged


def total_warnings(
    regimen: Regimen, doses: Sequence[Event], event: Event, today: date
) -> list[tuple[str, str]]:
    """The totals of what the dose holds, across items, that pass a documented limit and
    say more than the item's own line (two items, or another limit): a label's maximum over
    the 24 hours up to the dose, an upper limit over the dose's day. Never for a limit that
    is information (a supervised item contributed). Each as (the substance's name, the
    warning)."""
    found = []
    for limit in regimen.limits:
        if in_24_hours(limit):
            seen = window_until(intakes(regimen.items, doses, limit), limit, event.at)
            mine = {share.item.key for share in seen.shares}
            if seen.above and not seen.informational and seen.needs_saying and event.item in mine:
                found.append((limit.name, window_text(seen)))
            continue
        for total in day_totals(regimen.items, doses, (limit,), event.day):
            if (
                total.above
                and total.needs_saying
                and not total.informational
                and event.item in {share.item.key for share in total.shares}
            ):
                found.append((limit.name, total_text(total, today)))
    return found


def window_text(seen: Window) -> str:
    """ "Acetaminophen in the 24 hours up to 14:00: 4000 mg from Tylenol 3000 mg + Cold
    remedy 1000 mg, above the US label's maximum of 3000 mg in 24 hours (source: ...)." """
    limit = seen.limit
    parts = " + ".join(
        f"{share.item.name} {format_amount(share.amount, limit.unit)}" for share in seen.shares
    )
    return (
        f"{limit.name} in the 24 hours up to {seen.until:%H:%M}: "
        f"{format_amount(seen.total, limit.unit)} from {parts}, above "
        f"{limit_words(limit.range, limit.unit, hours=True)} (source: {limit.range.source})."
    )


def over_text(found: DayTotal | Window, today: date) -> str:
    """A substance's total over its limit, for a day or for the 24 hours up to a moment."""
    return window_text(found) if isinstance(found, Window) else total_text(found, today)


def total_text(total: DayTotal, today: date) -> str:
    """ "Magnesium today: 400 mg from Magnesium glycinate 300 mg + Multivitamin 100 mg, above
    the adult upper limit (19+) of 350 mg/day for supplemental magnesium (source: ...)." """
    limit = total.limit
    unit = limit.unit
    parts = " + ".join(
        f"{share.item.name} {format_amount(share.amount, unit)}" for share in total.shares
    )
    basis = f" ({limit.basis})" if limit.basis else ""
    when = "today" if total.day == today else f"on {total.day}"
    scope = f" for {limit.scope}" if limit.scope else ""
    return (
        f"{limit.name} {when}: {format_amount(total.total, unit)}{basis} from {parts}, above "
        f"{limit_words(limit.range, unit)}{scope} (source: {limit.range.source})."
    )


def spacing_warnings(regimen: Regimen, doses: Sequence[Event], event: Event) -> list[str]:
    """Each spacing rule the dose breaks, with the other dose and the rule's source."""
    names = {item.key: item.name for item in regimen.items}
    return [
        f"{names.get(other.item or '', other.item)} at {other.at:%H:%M} and "
        f"{names.get(event.item or '', event.item)} at {event.at:%H:%M} are "
        f"{gap_text(other.at - event.at)} apart; the rule is {rule_text(rule, names)} "
        f"(source: {rule.source})."
        for rule, other in too_close(regimen.spacing, event, doses)
    ]


def typed_amount(item: Item, rest: list[str], note: str | None) -> tuple[Amount, str | None] | None:
    """The amount the words after the name give, or None; words that lost the quotes of
    ``--note`` are explained rather than read as a bad amount."""
    if not rest:
        return None
    try:
        return parse_typed_amount(" ".join(rest))
    except BadInput:
        if note is None and not any(char.isdigit() for char in " ".join(rest)):
            raise BadInput(  # take mag glycinate: "mag" found an item, "glycinate" no amount
                f"{quote(' '.join(rest))} is neither an amount nor part of an item's name; medlog "
                f"read the words before it as {item.name}. medlog list shows your items."
            ) from None
        if note is None:
            raise
    for count in range(len(rest) - 1, -1, -1):
        try:
            if count:
                parse_typed_amount(" ".join(rest[:count]))
        except BadInput:
            continue
        head = " ".join([shell_quote(item.key), *rest[:count]])
        raise needs_quotes(f"take {head}", rest[count:], "--note", note) from None
    raise AssertionError("count 0 always answers")  # pragma: no cover


def dose_time(item: Item) -> Callable[[date], time | None]:
    """The item's first dose time on a day, for a date typed without a time."""

    def on(day: date) -> time | None:
        version = item.version_on(day, holds=False)
        return version.schedule.times[0] if version and version.schedule.times else None

    return on


def still_there(regimen: Regimen, item: Item) -> Item:
    """The item again under the lock (another command may have changed or removed it)."""
    current = regimen.get(item.key)
    if current is None:
        raise BadInput(f"{item.name} was just removed by another medlog command; nothing logged.")
    return current


def dose_event(
    item: Item,
    typed: tuple[Amount, str | None] | None,
    at: datetime,
    now: datetime,
    note: str | None,
) -> Event:
    """The dose to append: what was typed, or the regimen's dose on ``at``'s day."""
    value, given = amount_to_log(item, typed, at.date())
    return Event(
        journal.new_id(),
        "dose",
        at,
        now,
        item=item.key,
        amount=value,
        unit=item.unit,
        given=given,
        note=note,
    )


def amount_to_log(
    item: Item, typed: tuple[Amount, str | None] | None, day: date
) -> tuple[Decimal, str | None]:
    """The dose in the item's unit, and what was typed when it says more than that number."""
    if typed is not None:
        amount, written = typed
        value = exact_amount(in_item_unit(item, amount, day), item.unit, "The dose")
        if amount.unit == item.unit:
            return value, written
        return value, written or plain_amount(amount.value, amount.unit)
    version = next((v for v in reversed(item.regimen) if v.start <= day), None)
    if version is None:
        raise BadInput(
            f"{item.name} starts on {item.regimen[0].start}, after {day}; "
            f"give the amount you took: {_with_amount(item)}."
        )
    dose = version.dose_on(day)
    if dose is None:
        why = f"no dose on {day:%A}s" if version.by_weekday else "no regular dose"
        raise BadInput(f"{item.name} has {why}; give the amount you took: {_with_amount(item)}.")
    return dose, None


def _with_amount(item: Item) -> str:
    """The take command with a place for the amount, never a number medlog made up (10 g of
    acetaminophen would be an overdose to copy)."""
    counted = f" or '1 {item.form}'" if item.form and item.strength else ""
    return f"medlog take {item.key} AMOUNT (in {item.unit}{counted})"


def logged_record(
    item: Item,
    event: Event,
    figures: ItemDay,
    doses: list[Event],
    found: list[str],
) -> Logged:
    """The dose just logged, its day's total and verdict (or, for a label's maximum in any
    24 hours, the 24 hours up to it), and every warning it deserves."""
    day = event.day
    item = item.judged_on(day)
    total = figures.total
    warnings: list[str] = []
    day_verdict = dose_verdict = None
    hours_total = None
    dose_range = item.range
    if dose_range is not None and in_24_hours_item(item):
        hours_total = sum(
            (d.amount for d in doses if d.amount is not None and event.at - DAY < d.at <= event.at),
            Decimal(0),
        )
        day_verdict = judge(hours_total, dose_range)
        if day_verdict == "above":
            warnings.append(
                f"{item.name}: {format_amount(hours_total, item.unit)} in the 24 hours up to "
                f"{event.at:%H:%M}, {judged(day_verdict, item, hours_total, loud=False)} (source: "
                f"{dose_range.source})."
            )
    elif dose_range is not None and dose_range.per == "day":
        day_verdict = figures.day_verdict or judge(total, dose_range)
        if day_verdict == "above":
            source = (judging(item, total) or dose_range).source
            warnings.append(
                f"{item.name} on {day} now totals {format_amount(total, item.unit)}, "
                f"{judged(day_verdict, item, total, loud=False)} (source: {source})."
            )
    elif dose_range is not None and event.amount is not None:
        dose_verdict = judge(event.amount, dose_range)
        if dose_verdict != "in":
            warnings.append(
                f"This dose of {format_amount(event.amount, item.unit)} is {dose_verdict} the "
                f"documented range of {range_text(item)} (source: {dose_range.source})."
            )
    if event.amount is not None and over_dose_limit(item, event.amount):
        source = item.dose_limit.source if item.dose_limit else ""
        warnings.append(
            f"This dose of {format_amount(event.amount, item.unit)} is above "
            f"{dose_limit_text(item)} (source: {source})."
        )
    warnings += found
    warnings.extend(_prn_warnings(item, event, doses))
    held = item.held_on(day) if item.holds else None
    if held is not None:
        why = f" ({held.reason})" if held.reason else ""
        warnings.append(
            f"{item.name} is on hold from {held.start} through {held.until}{why}; logged anyway."
        )
    elif item.version_on(day) is None:
        warnings.append(f"{item.name} is not in your regimen on {day}; logged anyway.")
    return Logged(
        item, event, total, day_verdict, dose_verdict, tuple(warnings), False, hours_total
    )


def off_regimen_warnings(item: Item, event: Event, typed: bool) -> list[str]:
    """A typed amount that is not the regimen's dose that day (during a titration, say)."""
    version = item.version_on(event.day)
    dose = version.dose_on(event.day) if version is not None else None
    if not typed or version is None or dose is None or version.schedule.prn:
        return []
    if event.amount == dose:
        return []
    return [
        f"This dose is {format_amount(event.amount or Decimal(0), item.unit)}; {item.name}'s "
        f"regimen on {event.day} is {format_amount(dose, item.unit)} a dose."
    ]


def _late_for_yesterday(
    item: Item, event: Event, figures: ItemDay, yesterday: ItemDay, undo: str
) -> list[str]:
    """A dose far from any of today's times while yesterday's went unlogged: probably that one."""
    missed = [slot for slot in yesterday.slots if slot.state == "missed"]
    mine = next((slot for slot in figures.slots if slot.dose is event), None)
    if not missed or mine is None or mine.time is None:
        return []
    if abs(seconds_of_day(event.at) - seconds_of_day(mine.time)) <= 3 * 3600:
        return []
    late = missed[-1].time
    clock = f"{late:%H:%M}" if late else "12:00"
    return [
        f"Yesterday's {clock} dose of {item.name} was not logged, and this one counts for "
        f"today's {mine.time:%H:%M}. If it was yesterday's: {undo}, then medlog take "
        f'{item.key} --at "yesterday {clock}".'
    ]


def _close_to_another(item: Item, event: Event, days: Sequence[ItemDay], undo: str) -> list[str]:
    """A dose close in time to another that answers a slot of another day (a late dose, one
    just after midnight): each counts for its own slot, so the extra-dose rule cannot see a
    double dose. Said when the two doses are closer than half the time between their slots."""
    answered = {
        slot.dose.id: (figures.day, slot.time)
        for figures in days
        for slot in figures.slots
        if slot.dose is not None
    }
    mine = answered.get(event.id)
    if mine is None:
        return []
    for figures in days:
        for slot in figures.slots:
            other = slot.dose
            if other is None or other.id == event.id:
                continue
            theirs = (figures.day, slot.time)
            if other.day == theirs[0] and event.day == mine[0]:
                continue  # both count on their own day: the extra-dose rule judges them
            gap = abs(event.at - other.at)
            if gap * 2 >= abs(_slot_moment(*mine) - _slot_moment(*theirs)):
                continue
            side = "after" if event.at > other.at else "before"
            return [
                f"This dose of {item.name} is {format_duration(gap)} {side} the one at "
                f"{other.at:%H:%M} {other.day:%a %d %b}, which counts for {_slot_words(*theirs)}; "
                f"this one counts for {_slot_words(*mine)}. {_undo_words(undo)}"
            ]
    return []


def _slot_moment(day: date, at: time | None) -> datetime:
    """A slot's wall time (an untimed slot at noon), to compare how far apart two slots are."""
    return datetime.combine(day, at or time(12))


def _slot_words(day: date, at: time | None) -> str:
    """ "the 23:00 dose of Thu 26 Nov", "the dose of Thu 26 Nov"."""
    clock = f"{at:%H:%M} " if at is not None else ""
    return f"the {clock}dose of {day:%a %d %b}"


def _undo_words(command: str) -> str:
    """How to take back a dose that was never taken, and to keep one that was."""
    return (
        f"If you did not take it: {command}. If you took it, leave it logged: your clinician "
        "should see it."
    )


def _extra_warning(item: Item, event: Event, figures: ItemDay, now: datetime, command: str) -> str:
    """Says a dose goes beyond what the schedule asked that day: how to take it back if it was
    never taken, and to keep it if it was (a real double dose is for the clinician to see)."""
    when = "today" if event.day == now.date() else f"on {event.day}"
    undo = _undo_words(command)
    version = item.version_on(event.day)
    if not figures.slots:
        if version is None:
            return f"{item.name} expects no dose {when}. {undo}"
        return (
            f"{item.name} expects no dose {when} ({format_schedule(version.schedule)}); "
            f"this one is extra. {undo}"
        )
    times = [f"{slot.time:%H:%M}" for slot in figures.slots if slot.time is not None]
    count = _NUMBERS.get(len(figures.slots), str(len(figures.slots)))
    at = f", at {' and '.join([', '.join(times[:-1]), times[-1]] if len(times) > 1 else times)}"
    return (
        f"This is the {_ordinal(figures.taken)} dose of {item.name} {when}; the regimen has "
        f"{count}{at if times else ''}. {undo}"
    )


_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def _ordinal(number: int) -> str:
    """2 -> "2nd", 3 -> "3rd", 11 -> "11th"."""
    suffixes = {1: "st", 2: "nd", 3: "rd"}
    suffix = "th" if 11 <= number % 100 <= 13 else suffixes.get(number % 10, "th")
    return f"{number}{suffix}"


def _prn_warnings(item: Item, event: Event, doses: list[Event]) -> list[str]:
    """The as-needed limits a dose breaks: at most N in any 24 hours, a minimum interval.

    They apply after a stop too: the last schedule's limits still hold; and before the
    item's first day (a dose backdated before it was added), its first schedule's do.
    """
    rules = governing(item, event.day) or item.regimen[0]
    if rules is None or not rules.schedule.prn:
        return []
    schedule = rules.schedule
    warnings = []
    if schedule.max_per_day is not None:
        count = most_in_a_day(doses, event)
        if count > schedule.max_per_day:
            warnings.append(
                f"This makes {count} doses of {item.name} within 24 hours; your regimen "
                f"allows at most {schedule.max_per_day} in any 24 hours."
            )
    interval = schedule.min_interval
    closest = nearest(doses, event)
    if interval is not None and closest is not None and abs(closest.at - event.at) < interval:
        warnings.append(
            f"This dose is {format_duration(abs(closest.at - event.at))} from the one at "
            f"{closest.at:%H:%M}; your regimen asks for at least {format_duration(interval)} "
            "between doses."
        )
    return warnings


def skip(
    store: Store,
    now: datetime,
    words: Sequence[str],
    *,
    at_text: str | None = None,
    reason: str | None = None,
) -> Logged:
    """Log a scheduled dose as deliberately not taken (honest, but not adherent)."""
    reason = clean_text(reason, "The reason", MAX_NOTE) if reason is not None else None
    item = skipped_item(store.load_regimen(), words, reason)
    at = parse_when(at_text, now, default_clock=dose_time(item)) if at_text is not None else now
    with store.locked():
        regimen = store.load_regimen()
        item = skippable(still_there(regimen, item), at.date())
        recent = journal.read_recent(store.journal_path, tail_start(regimen, [item], at.date()))
        event = Event(journal.new_id(), "skip", at, now, item=item.key, reason=reason)
        store.append([event])
    return skip_said_back(regimen, item, event, recent.events, now)._replace(torn=recent.torn)


def skipped_item(regimen: Regimen, words: Sequence[str], reason: str | None) -> Item:
    """The item ``skip`` names; words after the name are explained (a reason without quotes)."""
    item, rest = item_and_rest(regimen, words)
    if rest and reason is not None:
        raise needs_quotes(f"skip {shell_quote(item.key)}", rest, "--reason", reason)
    if rest:
        raise BadInput(
            f"{' '.join(rest)!r} came after the item name; skip takes only the item, e.g. "
            f"medlog skip {shell_quote(item.key)} --reason {shell_quote(' '.join(rest))}"
        )
    return item


def skippable(item: Item, day: date) -> Item:
    """``item``, when it has a scheduled dose to skip on ``day`` (an as-needed one has none)."""
    version = item.version_on(day)
    if version is not None and version.schedule.prn:
        raise BadInput(f"{item.name} is taken as needed, so there is no dose to skip.")
    return item


def skip_said_back(
    regimen: Regimen, item: Item, event: Event, known: Sequence[Event], now: datetime
) -> Logged:
    """What a skip just logged means: whether it answered a dose still due that day."""
    mine = [e for e in journal.live(known) if e.item == item.key and e.id != event.id]
    window = regimen.settings.on_time_window
    figures = item_days_of(item, [*mine, event], event.day, event.day, window, now)[0]
    warnings: tuple[str, ...] = ()
    if not any(slot.skip is event for slot in figures.slots):
        warnings = (
            f"Nothing of {item.name} was still due on {event.day}; the skip is "
            "logged but changes no figures.",
        )
    return Logged(item, event, figures.total, warnings=warnings)


# A bare undo reaching further back than this asks first: it is probably not the dose
# the person has in mind.
UNDO_WITHOUT_ASKING = timedelta(hours=24)


def undo(
    store: Store,
    now: datetime,
    event_id: str | None = None,
    *,
    reason: str | None = None,
    confirm: Callable[[Event, Item | None], None] | None = None,
) -> Undone:
    """Void the most recently logged event, or the one whose id starts with ``event_id``.

    A bare undo whose target was logged more than a day ago first calls ``confirm``
    (which raises to refuse or decline), outside the lock: a question must not hold up
    other writers. Under the lock the target is found again, so nothing else was undone.
    A bare undo never reaches a correction made by ``medlog amend``: it says what to type.
    """
    reason = clean_text(reason, "The reason", MAX_NOTE) if reason is not None else None
    prefix = id_prefix(event_id) if event_id is not None else None
    if prefix is None and confirm is not None:
        regimen = store.load_regimen()
        first = _undoable(
            find_event(journal.backward(store.journal_path, journal.JournalRead())), regimen
        )
        if now - first.logged_at > UNDO_WITHOUT_ASKING:
            confirm(first, regimen.get(first.item or ""))
            prefix = first.id
    with store.locked():
        regimen = store.load_regimen()
        read = journal.JournalRead()
        found = find_event(journal.backward(store.journal_path, read), prefix)
        target = _undoable(found, regimen) if prefix is None else _voidable(found)
        void = Event(journal.new_id(), "void", now, now, ref=target.id, reason=reason)
        store.append([void])
    item = regimen.get(target.item) if target.item else None
    return Undone(void, target, item, read.torn)


def id_prefix(text: str) -> str:
    """The id or the first digits of one, as typed; bad input when it cannot be one."""
    prefix = text.strip().lower()
    if (
        len(prefix) < MIN_ID_PREFIX
        or len(prefix) > 64
        or not all(c in "0123456789abcdef-" for c in prefix)
    ):
        raise BadInput(
            f"{text[:70]!r} is not an event id; give at least {MIN_ID_PREFIX} of "
            "its hex digits, as medlog history shows them."
        )
    return prefix.replace("-", "")


class Found(NamedTuple):
    """An event found by its id, and what later lines did to it."""

    event: Event
    voided_by: Event | None = None
    amended_by: Event | None = None  # the dose that corrects it (``medlog amend``)


def find_event(events_newest_first: Iterator[Event], prefix: str | None = None) -> Found:
    """The one event whose id starts with ``prefix`` or, without one, the latest event that is
    neither a void nor voided; bad input when there is none, or more than one."""
    voided: dict[str, Event] = {}
    amended: dict[str, Event] = {}
    matches: list[Event] = []
    for event in events_newest_first:
        if event.type == "void" and event.ref:
            voided.setdefault(event.ref, event)
        if event.amends is not None:
            amended.setdefault(event.amends, event)
        if prefix is None:
            if event.type != "void" and event.id not in voided:
                return Found(event)
        elif event.id.replace("-", "").startswith(prefix):
            matches.append(event)
    if prefix is None:
        raise BadInput("There is nothing to undo: no dose, skip, check-in or question is logged.")
    if not matches:
        raise BadInput(
            f"No event has an id starting with {prefix!r}; medlog history --format json lists ids."
        )
    if len(matches) > 1:
        raise BadInput(
            f"{len(matches)} events have ids starting with {prefix!r}; give more digits."
        )
    target = matches[0]
    return Found(target, voided.get(target.id), amended.get(target.id))


def _undoable(found: Found, regimen: Regimen) -> Event:
    """The latest event, for a bare undo: never a correction made by ``amend``, which a bare
    undo would turn into no dose at all."""
    target = found.event
    if target.amends is not None:
        short = target.id[:8]
        item = regimen.get(target.item or "")
        now_is = format_amount(target.amount or Decimal(0), target.unit or "")
        raise BadInput(
            f"The latest entry corrects an earlier dose (medlog amend): "
            f"{item.name if item else target.item} at {target.at:%Y-%m-%d %H:%M} is now "
            f"{now_is}. To change the amount again: medlog amend {short} AMOUNT. If no dose "
            f"was taken then at all: medlog undo {short}."
        )
    return target


def replaced(newer: Event) -> BadInput:
    """The refusal for a dose ``medlog amend`` replaced: what to do with the one that did."""
    short = newer.id[:8]
    return BadInput(
        f"That dose was amended: {short} replaced it. To change the amount again: medlog "
        f"amend {short} AMOUNT; if no dose was taken then at all: medlog undo {short}."
    )


def _voidable(found: Found) -> Event:
    """The event an ``undo ID`` names, when it can be voided."""
    target = found.event
    if target.type == "void":
        raise BadInput(
            "That event is itself a correction, and corrections cannot be undone. To restore "
            "what it voided, log it again with its time: medlog take NAME AMOUNT --at "
            "'YYYY-MM-DD HH:MM' (medlog history shows both)."
        )
    if found.amended_by is not None:
        raise replaced(found.amended_by)
    if found.voided_by is not None:
        raise BadInput(f"That event was already undone on {found.voided_by.at:%Y-%m-%d %H:%M}.")
    return target
