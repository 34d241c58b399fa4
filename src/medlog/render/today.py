"""The ``today`` checklist (each slot taken, skipped, due or overdue, then day totals
against the range) and the lines ``due`` prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from medlog.amounts_text import amount_text, logged_dose, shown_in_on
from medlog.prescribed import above_prescribed, above_prescribed_text
from medlog.ranges import judge, judged, range_text
from medlog.render.supply import low_supply_lines
from medlog.render.tables import Col, print_footnotes, print_prose, print_table, styled
from medlog.units import format_amount

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from medlog.actions.today import SlotLine, Today, TodayItem


_STATE_STYLES = {
    "taken": "green",
    "skipped": "yellow",
    "due": "",
    "overdue": "bold red",
    "late": "yellow",
}


def due_text(view: Today) -> str:
    """What ``due`` prints: a line per overdue or due dose, then refill reminders ("" when
    there is nothing to say)."""
    lines = []
    for state, rows in (
        ("overdue", view.overdue()),
        ("missed", view.late()),
        ("due", view.upcoming()),
    ):
        for line, slot in rows:
            clock = _clock(slot, "today")
            dose = line.version.dose_on(view.day) if line.version else None
            amount = (
                f" {amount_text(line.item, dose, line.version.shown_in)}"
                if dose is not None and line.version
                else ""
            )
            lines.append(f"{state:<8} {clock}  {line.item.name}{amount}")
    lines += [f"refill   {text}" for text in low_supply_lines(view.low, view.warning_days)]
    return "".join(line + "\n" for line in lines)


# A slot of a day or two ago that a dose now still answers is missed, as the report counts it
# (DESIGN.md: it is closed), though a dose taken now counts for it, late.
_DUE_WORDS = {"late": "missed"}
LATE_STATUS = "missed; a dose now counts late"

SHORT_PIECES = 3  # a prompt line names at most this many doses, then "+N more"


def short_due_text(view: Today) -> str:
    """What ``due --short`` prints for a shell prompt: one line naming the doses overdue or
    late, then the next ones due ("Lexapro overdue 08:00 · Mg 21:00"), or "" when none are."""
    pieces = [
        f"{line.item.name} {_DUE_WORDS.get(slot.state, slot.state)} {_clock(slot, 'today')}"
        for line, slot in sorted(
            view.overdue() + view.late(), key=lambda pair: pair[1].day or view.day
        )
    ]
    upcoming = view.upcoming()
    if upcoming:
        first = upcoming[0][1]
        pieces += [
            f"{line.item.name} {_clock(slot, 'today')}"
            for line, slot in upcoming
            if (slot.day, slot.time) == (first.day, first.time)
        ]
    if not pieces:
        return ""
    shown = pieces[:SHORT_PIECES]
    if len(pieces) > SHORT_PIECES:
        shown.append(f"+{len(pieces) - SHORT_PIECES} more")
    return " \u00b7 ".join(shown) + "\n"


def print_today(view: Today, console: Console) -> None:
    """Today's checklist: each slot taken, skipped, due or overdue, then day totals vs range."""
    from medlog.summary import footnotes

    print_prose(console, f"Today, {view.day:%a %d %b %Y} (now {view.now:%H:%M})", "bold")
    for item, held in view.held:
        why = f" ({held.reason})" if held.reason else ""
        print_prose(
            console, f"{item.name} is on hold through {held.until}{why}; nothing is expected."
        )
    if not view.items:
        if not view.held:
            print_prose(console, "Nothing is scheduled today. Add an item with: medlog add NAME")
        return
    columns = (Col("Item"), Col("Time"), Col("Status"), Col("Dose", drop=1))
    rows = [row for line in view.items for row in _today_rows(line)]
    print_table(console, columns, rows)
    for item, slot in view.missed_yesterday:
        clock = f"{slot:%H:%M}" if slot else "12:00"
        which = f"{slot:%H:%M} dose" if slot else "dose"
        print_prose(
            console,
            f"Yesterday's {which} of {item.name} was not logged. If you took it, log it as "
            f'yesterday\'s: medlog take {item.key} --at "yesterday {clock}"',
            "yellow",
        )
    for reminder in low_supply_lines(view.low, view.warning_days):
        print_prose(console, reminder, "yellow")
    shown = [line for line in view.items if line.figures.taken or line.item.range]
    notes = footnotes(line.item.range for line in shown)
    if shown:
        print_prose(console, "Day totals", "bold")
        for line in shown:
            print_prose(console, _total_line(line, notes) + _beyond_regimen(line))
        print_footnotes(notes, console)


_BOUND_WORDS = {
    "interval": "the minimum interval",
    "count": "the most in any 24 hours",
    "label": "the label's 24-hour maximum",
}


def _today_rows(line: TodayItem) -> Iterable[tuple[Text, ...]]:
    item = line.item
    name = styled(item.name)
    if line.as_needed is not None:
        need = line.as_needed
        limit = f" of at most {need.max_per_day}" if need.max_per_day is not None else ""
        count = f"{need.taken} today"
        if need.in_24_hours != need.taken:
            count += f", {need.in_24_hours} in 24 hours"
        when = "within its limits now"
        if need.next_allowed is not None:
            moment, bound = need.next_allowed
            at = f"{moment:%H:%M}" if moment.date() == line.figures.day else f"{moment:%a %H:%M}"
            when = f"{_BOUND_WORDS[bound]} allows another from {at}"
        yield name, styled("as needed"), styled(f"{count}{limit}; {when}"), styled("")
        return
    for slot in line.slots:
        clock = _clock(slot, "any time")
        state: str = LATE_STATUS if slot.state == "late" else slot.state
        if slot.event is not None:
            state += f" {slot.event.at:%H:%M}"
            if slot.kind in ("late", "early") and slot.day is not None:
                days = abs((slot.event.day - slot.day).days)
                state += f" ({days} day{'s' if days > 1 else ''} {slot.kind})"
            if slot.event.type == "skip" and slot.event.reason:
                state += f" ({slot.event.reason})"
        planned = line.version.dose_on(line.figures.day) if line.version else None
        dose = (
            logged_dose(item, slot.event)
            if slot.event
            else (
                amount_text(item, planned, line.version.shown_in)
                if line.version and planned is not None
                else ""
            )
        )
        yield name, styled(clock), styled(state, _STATE_STYLES[slot.state]), styled(dose)
        name = styled("")
    for extra in line.figures.extra_doses:
        yield (
            name,
            styled("extra"),
            styled(f"taken {extra.at:%H:%M}", "yellow"),
            styled(logged_dose(item, extra)),
        )
        name = styled("")
    if not line.slots and not line.figures.extra_doses:
        yield name, styled(""), styled("nothing expected today"), styled("")


def _clock(slot: SlotLine, untimed: str) -> str:
    """A slot's time, with its weekday when it is another day's ("Sat 10:00")."""
    if slot.day is None:
        return f"{slot.time:%H:%M}" if slot.time else untimed
    return f"{slot.day:%a} {slot.time:%H:%M}" if slot.time else f"{slot.day:%a}"


def _beyond_regimen(line: TodayItem) -> str:
    """The day's total beside what the regimen sets for today, when it is above it."""
    item, figures = line.item, line.figures
    prescribed = above_prescribed(item, figures.day, figures.total, figures.moved_out)
    if prescribed is None:
        return ""
    return f"; {above_prescribed_text(item, figures.total, prescribed, 'today')}"


def _total_line(line: TodayItem, notes: dict[str, int]) -> Text:
    item, figures = line.item, line.figures
    total = amount_text(item, figures.total, shown_in_on(item, figures.day))
    if item.range is None:
        return styled(f"  {item.name}: {total} (no documented range)")
    documented = f"{range_text(item)} [{notes[item.range.source]}]"
    if item.range.per == "dose":
        off = figures.doses_out_of_range
        verdict = f"{off} dose(s) outside" if off else "each dose within"
        return styled(f"  {item.name}: {total}; {verdict} {documented}")
    if line.hours_total:
        hours = line.hours_total
        verdict = judge(hours, item.range)
        words = judged(verdict, item, hours)
        return styled(
            f"  {item.name}: {total} today; {format_amount(hours, item.unit)} in the last 24 "
            f"hours, {words} [{notes[item.range.source]}]",
            {"above": "bold red", "in": "green", "below": ""}[verdict],
        )
    if not figures.taken and line.hours_total is not None:
        return styled(f"  {item.name}: nothing taken in the last 24 hours ({documented})")
    if not figures.taken:
        still = " yet" if figures.pending else ""
        return styled(f"  {item.name}: nothing taken{still} (documented range {documented})")
    if figures.day_verdict is None:
        return styled(f"  {item.name}: {total} so far, of {documented}")
    style = {"above": "bold red", "in": "green", "below": ""}[figures.day_verdict]
    words = judged(figures.day_verdict, item, figures.total)
    return styled(f"  {item.name}: {total}, {words} [{notes[item.range.source]}]", style)
