"""What logging and item commands say back, as plain sentences: ``take``, ``skip``,
``undo``, ``checkin``, ``ask``, ``fill``, ``import``, and ``add``/``edit``/``stop``/``resume``.

Kept light, and free of Rich: ``take`` imports this module on every dose.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from medlog.amounts_text import amount_text, logged_dose, regimen_words, shown_in_on
from medlog.model import Event, Item
from medlog.prescribed import above_prescribed_text
from medlog.ranges import judged, range_text
from medlog.units import format_amount, format_decimal, format_dose

if TYPE_CHECKING:
    from medlog.actions.amend import Amends
    from medlog.actions.checkins import Recorded
    from medlog.actions.doses import Logged, Undone
    from medlog.actions.exchange import Imported
    from medlog.actions.holds import Held
    from medlog.actions.items import ItemChange
    from medlog.actions.merge import Merged
    from medlog.actions.profile import Profiled
    from medlog.actions.several import Batch, Plan, Slot
    from medlog.actions.supply import Filled
    from medlog.attribution import Moved


def day_label(day: date, today: date) -> str:
    """ "today", "yesterday", or the ISO date."""
    if day == today:
        return "today"
    if (today - day).days == 1:
        return "yesterday"
    return day.isoformat()


def dose_text(event: Event, unit: str) -> str:
    return format_dose(event.amount, unit, event.given)


def clock(moment: datetime) -> str:
    """``08:05``, with its zone when it was not this machine's at that moment (``08:00 UTC``)."""
    offset = moment.utcoffset()
    if offset is None or offset == moment.astimezone().utcoffset():
        return f"{moment:%H:%M}"
    if not offset:
        return f"{moment:%H:%M} UTC"
    sign, minutes = (
        ("+" if offset.total_seconds() >= 0 else "-"),
        abs(int(offset.total_seconds())) // 60,
    )
    return f"{moment:%H:%M} UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def logged_text(result: Logged, today: date, *, verbose: bool = False) -> str:
    """What ``take`` or ``skip`` tells the person, in one line: what was logged and, for a dose,
    the day's total against the documented range (its source with ``verbose``)."""
    item, event = result.item, result.event
    when = f"at {clock(event.at)} {day_label(event.day, today)}"
    if event.type == "skip":
        return f"Skipped {item.name} {when}" + (f" ({event.reason}).\n" if event.reason else ".\n")
    return _with_total(
        f"Logged {item.name} {logged_dose(item, event)} {when}", result, today, verbose=verbose
    )


def _with_total(first: str, result: Logged, today: date, *, verbose: bool) -> str:
    """``first`` (what was logged), then the day's total against the documented range."""
    item, event = result.item, result.event
    total = f"day total {amount_text(item, result.day_total, shown_in_on(item, event.day))}"
    moved = f" {counts_for_text(item, result.counts_for)}" if result.counts_for else ""
    if result.prescribed is not None:
        when = day_label(event.day, today)
        moved += (
            f" The day's {above_prescribed_text(item, result.day_total, result.prescribed, when)}."
        )
    if item.range is None:
        return f"{first}; {total} (no documented range).{moved}\n"
    if result.hours_total is not None and result.day_verdict is not None:
        hours = format_amount(result.hours_total, item.unit)
        line = (
            f"{first}; {hours} in 24 hours, {judged(result.day_verdict, item, result.hours_total)}."
        )
    elif result.day_verdict is not None:
        still = " so far" if result.day_verdict == "below" and event.day == today else ""
        line = f"{first}; {total}, {judged(result.day_verdict, item, result.day_total)}{still}."
    else:
        line = f"{first}; this dose is {judged(result.dose_verdict or 'in', item)} ({total})."
    line += moved
    if result.above_across:  # the item's own figure may be under while the substance is not
        names = " and ".join(name.lower() for name in result.above_across)
        line += f" But the {names} from all your items is ABOVE its limit (see the warning)."
    if verbose:
        line += f"\n  Range source: {item.range.source}."
    return line + "\n"


def counts_for_text(item: Item, moved: Moved) -> str:
    """ "It counts for Saturday's dose (1 day late)." or "It counts for last night's 23:00
    dose." (the time when the day has several)."""
    if moved.kind == "overnight":
        return f"It counts for last night's {moved.time:%H:%M} dose."
    version = item.version_on(moved.day)
    several = version is not None and len(version.schedule.times) > 1
    slot = f" {moved.time:%H:%M}" if several and moved.time is not None else ""
    days = abs(moved.days)
    return (
        f"It counts for {moved.day:%A}'s{slot} dose ({days} day{'s' if days > 1 else ''} "
        f"{moved.kind})."
    )


def due_plan_text(plan: Plan, kind: str) -> str:
    """What ``take --due`` (or ``skip --due``) is about to log, before it asks: a line per
    item, then the older slots it leaves."""
    doing = "To take" if kind == "dose" else "To skip"
    lines = [f"{doing} at {plan.at:%H:%M} {plan.at.date()}, one dose of each item:"]
    for slot in plan.chosen:
        dose = f" {format_amount(slot.dose, slot.item.unit)}" if slot.dose is not None else ""
        lines.append(f"  {slot.item.name}{dose}: {_slot_words(slot)}")
    lines += [f"  Left as it is: {slot.item.name}: {_slot_words(slot)}" for slot in plan.older]
    return "\n".join(lines) + "\n"


def due_left_text(result: Batch, today: date) -> list[str]:
    """For each older slot ``--due`` left: that it is still not logged, and the two commands;
    for each item it left out for having no regular dose, the command with its amount."""
    from medlog.actions import shell_quote
    from medlog.actions.several import skip_command

    return [
        f"{slot.item.name}'s {_slot_words(slot, today)} was not logged either. If it was "
        f"skipped: {skip_command(slot, today)}; if it was taken: "
        f"{skip_command(slot, today, verb='take')}"
        for slot in result.older
    ] + [
        f"{slot.item.name}'s {_slot_words(slot, today)} is due too; it has no regular dose, so "
        f"say how much: medlog take {shell_quote(slot.item.key)} AMOUNT"
        for slot in result.amountless
    ]


def _slot_words(slot: Slot, today: date | None = None) -> str:
    """ "08:00 dose, overdue" (with its day when not ``today``)."""
    clock = f"{slot.time:%H:%M} dose" if slot.time is not None else "dose of the day"
    if today is not None:
        return clock if slot.day == today else f"{clock} of {slot.day}"
    return f"{clock}, {'overdue' if slot.overdue else 'due'}"


def recorded_text(result: Recorded, today: date) -> str:
    """What ``checkin``, ``ask`` and ``lab`` tell the person: what was kept, in one line.

    A questionnaire's line gives the total, its band, question 9's answer when above 0,
    and that it is a screening score, not a diagnosis.
    """
    event = result.event
    when = f"at {clock(event.at)} {day_label(event.day, today)}"
    if event.type == "question":
        return f"Kept your question {when}: {event.text}\n"
    if event.type == "lab":
        from medlog.labs import result_text

        shown = result_text(event.test or "", event.value or Decimal(0), event.unit or "")
        return f"Kept {shown} {when}" + (f" ({event.note}).\n" if event.note else ".\n")
    checkin = event.checkin
    if checkin is not None and checkin.instrument is not None:
        from medlog.questionnaires import QUESTIONNAIRES, SCREENING, score_words

        title = QUESTIONNAIRES[checkin.instrument].title
        words = score_words(checkin.instrument, checkin.answers)
        return f"{title} {when}: {words}. {SCREENING.capitalize()}.\n"
    from medlog.checkins import checkin_words

    return f"Checked in {when}: {checkin_words(checkin)}.\n"


def filled_text(result: Filled, today: date) -> str:
    """What ``fill`` tells the person: what was logged and how long the supply now lasts."""
    from medlog.render.supply import daily_text, lasts_text, stock_text
    from medlog.supply import quantity_text

    event, seen = result.event, result.outlook
    item = seen.item
    quantity = quantity_text(event, item.unit)
    if event.counted:
        head = f"Counted {item.name}: {quantity} on hand"
    else:
        when = "today" if event.day == today else f"on {event.day}"
        days = f"{event.days_supply} days' supply"
        if event.days_inferred:
            days += f" (worked out from {daily_text(seen, result.daily)}; give --days to set it)"
        head = f"Filled {item.name} {when}: {quantity}, {days}; on hand {stock_text(seen)}"
    if seen.on_hand is not None and seen.on_hand <= 0 and event.counted:
        return f"{head}; time to refill.\n"
    if seen.on_hand is not None and seen.on_hand <= 0:
        return (
            f"{head}: more was logged as taken than filled. If you have some, record it: "
            f'medlog fill {item.key} --count "N {item.counted_in}s".\n'
        )
    return f"{head}{lasts_text(seen)}.\n"


def imported_text(result: Imported) -> str:
    """What ``import`` tells the person: what it added and what was already here."""
    items = ", ".join(result.items_added) or "none"
    allergies = (
        f"; allergies added: {', '.join(result.allergies_added)}" if result.allergies_added else ""
    )
    return (
        f"Imported {result.events_added} event(s) and {len(result.items_added)} item(s) "
        f"({items}){allergies}; {result.events_present} event(s) were already here.\n"
    )


def merged_text(result: Merged) -> str:
    """What ``merge`` tells the person: what it absorbed, what it added, where the copies
    went, and each change to the regimen."""
    names = ", ".join(path.name for path in result.files) or "git's conflict markers"
    lines = [
        f"Merged {names}: {result.events_added} event(s) added, {result.events_present} "
        "already here."
    ]
    lines += [f"  {change[:1].upper()}{change[1:]}." for change in result.changes]
    if result.moved_to is not None:
        lines.append(f"  The copies are kept in {result.moved_to}.")
    return "\n".join(lines) + "\n"


def event_text(target: Event, item: Item | None) -> str:
    """An event in words: "the 10 mg dose of Lexapro at 2026-11-27 08:05"."""
    if target.type == "lab":
        from medlog.labs import result_text

        shown = result_text(target.test or "", target.value or Decimal(0), target.unit or "")
        return f"the lab result {shown} at {target.at:%Y-%m-%d %H:%M}"
    if target.type in ("checkin", "question"):
        from medlog.checkins import checkin_words

        what = (
            "question"
            if target.type == "question"
            else f"check-in ({checkin_words(target.checkin)})"
        )
        return f"the {what} at {target.at:%Y-%m-%d %H:%M}"
    from medlog.supply import quantity_text

    name = item.name if item else target.item
    unit = item.unit if item else (target.unit or "")
    what = {
        "dose": f"{logged_dose(item, target) if item else dose_text(target, unit)} dose",
        "fill": f"{'count' if target.counted else 'fill'} of " + quantity_text(target, unit),
    }.get(target.type, target.type)
    return f"the {what} of {name} at {target.at:%Y-%m-%d %H:%M}"


def undone_text(result: Undone) -> str:
    """What ``undo`` tells the person: which event it voided."""
    target = result.target
    line = (
        f"Voided {event_text(target, result.item)} (id {target.id[:8]}); "
        "history still shows it, marked voided."
    )
    if target.amends is not None:
        line += (
            f" It had corrected {target.amends[:8]}, which stays voided: no dose is logged at "
            "that time now."
        )
    return line + "\n"


def amended_text(result: Amends, today: date) -> str:
    """What ``amend`` tells the person: a line per dose corrected, with its day's total."""
    lines = []
    for amended in result.amended:
        logged, original = amended.logged, amended.original
        item, event = logged.item, logged.event
        when = f"at {clock(event.at)} {day_label(event.day, today)}"
        first = (
            f"Amended {item.name} {when} from {dose_text(original, item.unit)} to "
            f"{dose_text(event, item.unit)} (now {event.id[:8]}; {original.id[:8]} stays in "
            "history, voided)"
        )
        lines.append(_with_total(first, logged, today, verbose=False))
    return "".join(lines)


def item_text(change: ItemChange, verb: str) -> str:
    """What ``add``, ``edit``, ``stop`` and ``resume`` tell the person."""
    item = change.item
    lines = [f"{verb} {item.name} ({item.key}, {item.kind}): {item_summary(item)}."]
    lines.extend(f"  {text[0].upper()}{text[1:]}." for text in change.changes)
    lines.extend(f"  {text}" for text in change.about)
    sources: dict[str, int] = {}
    if item.range is not None:
        number = sources.setdefault(item.range.source, len(sources) + 1)
        lines.append(f"  Documented range: {range_text(item)} [{number}].")
    for note in change.facts:
        number = sources.setdefault(note.source, len(sources) + 1)
        lines.append(f"  Note: {note.text} [{number}]")
    if item.ingredients:
        held = ", ".join(
            f"{part.substance} {format_amount(part.amount, part.unit)}" for part in item.ingredients
        )
        lines.append(f"  Each {item.counted_in} holds: {held}.")
    elif item.counts_as is not None:
        share = format_decimal((item.fraction or Decimal(0)) * 100)
        basis = (
            f"the compound's weight; {share} % of it is {item.counts_as}"
            if item.amount_is == "compound"
            else f"{item.counts_as}, as the label states it (--amount-is compound for the "
            "compound's weight)"
        )
        lines.append(f"  Amounts are {basis}.")
    for text, source in change.information:
        number = sources.setdefault(source, len(sources) + 1)
        lines.append(f"  Information: {text} [{number}]")
    for pair in change.notes:
        other = pair.second if pair.first.key == item.key else pair.first
        number = sources.setdefault(pair.interaction.source, len(sources) + 1)
        lines.append(f"  With {other.name}: {pair.interaction.note} [{number}]")
    lines += [f"  [{number}] {source}" for source, number in sources.items()]
    return "\n".join(lines) + "\n"


def held_text(result: Held) -> str:
    """What ``hold`` tells the person: the days held, the reason, and when doses are expected
    again; or that a hold was ended or cancelled."""
    item, held = result.item, result.hold
    why = f" ({held.reason})" if held.reason else ""
    if result.removed:
        return f"Cancelled the hold of {item.name} from {held.start} through {held.until}{why}.\n"
    if result.ended is not None:
        return (
            f"Ended the hold of {item.name}{why}: held from {held.start} through "
            f"{result.ended}; doses are expected again from today.\n"
        )
    return (
        f"{item.name} is on hold from {held.start} through {held.until}{why}: nothing is "
        f"expected on those days, and doses are expected again from "
        f"{held.until + timedelta(days=1)}.\n"
    )


def profile_text(result: Profiled, year: int) -> str:
    """What ``profile`` tells the person: the year of birth and the age medlog uses, the facts
    that depend on it (each with its source) and the items whose limits changed."""
    profile = result.profile
    if profile is None:
        head = "No year of birth is kept; medlog applies adults' limits as the catalog gives"
        if result.saved:
            head = "Forgot the year of birth; medlog applies adults' limits as the catalog gives"
        return head + " them (set one with medlog profile --born YEAR).\n"
    lines = [
        f"{'Kept' if result.saved else 'Profile'}: born {profile.born}, so {result.age} in "
        f"{year} (medlog knows only the year: it uses the age you reach this year)."
    ]
    sources: dict[str, int] = {}
    for fact, source in result.rules:
        number = sources.setdefault(source, len(sources) + 1)
        lines.append(f"  {fact} [{number}]")
    if not result.rules:
        lines.append("  No documented limit or note in medlog's catalog depends on this age.")
    lines += [
        f"  Now {item.name}: {range_text(item)}."
        if item.range
        else f"  Now {item.name}: no documented range applies."
        for item in result.changed
    ]
    lines += [f"  [{number}] {source}" for source, number in sources.items()]
    return "\n".join(lines) + "\n"


def item_summary(item: Item) -> str:
    """ "10 mg daily 08:00 from 2026-11-20; 1 tablet = 10 mg" and any stop; a dose by weekday
    with its weekly total, IU first where prescribed in IU."""
    version = item.current
    parts = [f"{regimen_words(item, version)} from {version.start}"]
    if version.until is not None:
        why = f" ({version.stop_reason})" if version.stop_reason else ""
        parts.append(f"stopped from {version.until}{why}")
    if item.holds:  # the latest hold, past or to come
        held = item.holds[-1]
        why = f" ({held.reason})" if held.reason else ""
        parts.append(f"held from {held.start} through {held.until}{why}")
    if item.form and item.strength is not None:
        strength = amount_text(item, item.strength, version.shown_in)
        parts.append(f"1 {item.form} = {strength}")
    elif item.form:
        parts.append(f"counted in {item.form}s")
    if len(item.substances) > 1:
        parts.append(" + ".join(item.substances))
    if item.drug_class is not None:
        parts.append(f"class {item.drug_class}")
    return "; ".join(parts)
