"""What logging and item commands say back, as plain sentences: ``take``, ``skip``,
``undo``, ``checkin``, ``ask``, ``fill``, ``import``, and ``add``/``edit``/``stop``/``resume``.

Kept light, and free of Rich: ``take`` imports this module on every dose.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from medlog.actions.doses import Logged, Undone
from medlog.amounts_text import amount_text, logged_dose, regimen_words, shown_in_on
from medlog.model import Event, Item
from medlog.ranges import judged, range_text
from medlog.units import format_amount, format_decimal, format_dose

if TYPE_CHECKING:
    from medlog.actions.checkins import Recorded
    from medlog.actions.exchange import Imported
    from medlog.actions.items import ItemChange
    from medlog.actions.supply import Filled


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
    first = f"Logged {item.name} {logged_dose(item, event)} {when}"
    total = f"day total {amount_text(item, result.day_total, shown_in_on(item, event.day))}"
    if item.range is None:
        return f"{first}; {total} (no documented range).\n"
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
    if verbose:
        line += f"\n  Range source: {item.range.source}."
    return line + "\n"


def recorded_text(result: Recorded, today: date) -> str:
    """What ``checkin`` and ``ask`` tell the person: what was kept, in one line.

    A questionnaire's line gives the total, its band, question 9's answer when above 0,
    and that it is a screening score, not a diagnosis.
    """
    event = result.event
    when = f"at {clock(event.at)} {day_label(event.day, today)}"
    if event.type == "question":
        return f"Kept your question {when}: {event.text}\n"
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
    return (
        f"Imported {result.events_added} event(s) and {len(result.items_added)} item(s) "
        f"({items}); {result.events_present} event(s) were already here.\n"
    )


def event_text(target: Event, item: Item | None) -> str:
    """An event in words: "the 10 mg dose of Lexapro at 2026-11-27 08:05"."""
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
    return (
        f"Voided {event_text(target, result.item)} (id {target.id[:8]}); "
        "history still shows it, marked voided.\n"
    )


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


def item_summary(item: Item) -> str:
    """ "10 mg daily 08:00 from 2026-11-20; 1 tablet = 10 mg" and any stop; a dose by weekday
    with its weekly total, IU first where prescribed in IU."""
    version = item.current
    parts = [f"{regimen_words(item, version)} from {version.start}"]
    if version.until is not None:
        parts.append(f"stopped from {version.until}")
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
