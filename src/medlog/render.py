"""How results look to people: short plain sentences for logging, Rich tables for views.

Rich is imported only by the functions that draw tables, so ``take`` never
pays for it. On a terminal tables have colour; in a pipe they are plain text
(Rich drops styles when stdout is not a terminal, and honours NO_COLOR).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, TextIO, cast

from medlog.actions.doses import Logged, Undone
from medlog.model import Event, Item
from medlog.ranges import range_text
from medlog.schedule import format_schedule
from medlog.units import format_amount, format_dose

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from medlog.actions.history import History
    from medlog.actions.items import ItemChange
    from medlog.actions.report import Report
    from medlog.actions.today import Today, TodayItem
    from medlog.catalog import Substance

_VERDICT_WORDS = {"in": "within", "below": "below", "above": "ABOVE"}
_STATE_STYLES = {"taken": "green", "skipped": "yellow", "due": "", "overdue": "bold red"}


def day_label(day: date, today: date) -> str:
    """ "today", "yesterday", or the ISO date."""
    if day == today:
        return "today"
    if (today - day).days == 1:
        return "yesterday"
    return day.isoformat()


def _dose_text(event: Event, unit: str) -> str:
    return format_dose(event.amount, unit, event.given)


def logged_text(result: Logged, today: date) -> str:
    """What ``take`` or ``skip`` tells the person: what was logged and where the day stands."""
    item, event = result.item, result.event
    when = f"at {event.at:%H:%M} {day_label(event.day, today)}"
    if event.type == "skip":
        first = f"Skipped {item.name} {when}" + (f" ({event.reason})." if event.reason else ".")
        return first + "\n"
    first = f"Logged {item.name} {_dose_text(event, item.unit)} {when}."
    day = "today" if event.day == today else f"on {event.day}"
    total = format_amount(result.day_total, item.unit)
    if item.range is None:
        second = f"{item.name} {day}: {total} in all (no documented range)."
    elif result.day_verdict is not None:
        still = " so far" if result.day_verdict == "below" and event.day == today else ""
        second = (
            f"{item.name} {day}: {total} in all, {_VERDICT_WORDS[result.day_verdict]} the "
            f"documented range of {range_text(item)}{still} (source: {item.range.source})."
        )
    else:
        verdict = _VERDICT_WORDS[result.dose_verdict or "in"]
        second = (
            f"{item.name} {day}: {total} in all; this dose is {verdict} the documented range "
            f"of {range_text(item)} (source: {item.range.source})."
        )
    return f"{first}\n{second}\n"


def undone_text(result: Undone) -> str:
    """What ``undo`` tells the person: which event it voided."""
    target = result.target
    name = result.item.name if result.item else target.item
    unit = result.item.unit if result.item else (target.unit or "")
    what = f"{_dose_text(target, unit)} dose" if target.type == "dose" else "skip"
    return (
        f"Voided the {what} of {name} at {target.at:%Y-%m-%d %H:%M} (id {target.id[:8]}); "
        "history still shows it, marked voided.\n"
    )


def item_text(change: ItemChange, verb: str) -> str:
    """What ``add``, ``edit``, ``stop`` and ``resume`` tell the person."""
    item = change.item
    lines = [f"{verb} {item.name} ({item.key}, {item.kind}): {_item_summary(item)}."]
    lines.extend(f"  {text[0].upper()}{text[1:]}." for text in change.changes)
    if item.range is not None:
        lines.append(f"  Documented range: {range_text(item)} (source: {item.range.source}).")
    if change.substance is not None:
        lines.extend(
            f"  Note: {note.text} (source: {note.source})" for note in change.substance.notes
        )
    return "\n".join(lines) + "\n"


def _item_summary(item: Item) -> str:
    """ "10 mg daily 08:00 from 2026-11-20; 1 tablet = 10 mg" and any stop."""
    version = item.current
    dose = f"{format_amount(version.dose, item.unit)} " if version.dose is not None else ""
    parts = [f"{dose}{format_schedule(version.schedule)} from {version.start}"]
    if version.until is not None:
        parts.append(f"stopped from {version.until}")
    if item.form and item.strength is not None:
        parts.append(f"1 {item.form} = {format_amount(item.strength, item.unit)}")
    elif item.form:
        parts.append(f"counted in {item.form}s")
    return "; ".join(parts)


class _PlainText:
    """A file for Rich that drops trailing spaces, so piped tables are clean text."""

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        if lines:
            self.target.write("".join(line.rstrip() + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.target.write(self.pending.rstrip())
            self.pending = ""
        self.target.flush()

    def isatty(self) -> bool:
        return False


_PIPE_WIDTH = 200  # wide enough that piped tables never wrap a row
_PLAIN_HEAD_BOX = "    \n    \n -- \n    \n    \n    \n    \n    \n"


def _console_class() -> type[Console]:
    """Rich's Console, but a closed pipe stays a BrokenPipeError for medlog's exit point.

    (Rich's own handling exits with status 1, which ``medlog due`` uses for "overdue".)
    """
    from rich.console import Console

    class PipeAwareConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return PipeAwareConsole


def make_console(*, stderr: bool = False) -> Console:
    """A Rich console for stdout (data) or stderr (talk); plain, unwrapped text in a pipe."""
    Console = _console_class()
    stream = sys.stderr if stderr else sys.stdout
    # Names, notes and queries are the person's text: never read as Rich markup or emoji codes.
    if stream.isatty() or os.environ.get("FORCE_COLOR"):
        return Console(file=stream, highlight=False, soft_wrap=True, markup=False, emoji=False)
    return Console(
        file=cast(TextIO, _PlainText(stream)),
        highlight=False,
        soft_wrap=True,
        width=_PIPE_WIDTH,
        markup=False,
        emoji=False,
    )


def plain_text(draw: Callable[[Console], None]) -> str:
    """What ``draw`` prints, as plain text without colour (for a file)."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    draw(
        Console(
            file=cast(TextIO, _PlainText(buffer)),
            highlight=False,
            soft_wrap=True,
            width=_PIPE_WIDTH,
            color_system=None,
            markup=False,
            emoji=False,
        )
    )
    return buffer.getvalue()


def _table(console: Console, *columns: str, title: str | None = None) -> Table:
    """A table with a rule under its header: Unicode on a terminal, ASCII otherwise."""
    from rich import box
    from rich.table import Table

    rule = box.SIMPLE_HEAD if console.is_terminal else box.Box(_PLAIN_HEAD_BOX, ascii=True)
    return Table(
        *columns, box=rule, title=title, title_justify="left", show_edge=False, pad_edge=False
    )


def _text(value: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(value, style=style)


def print_today(view: Today, console: Console) -> None:
    """Today's checklist: each slot taken, skipped, due or overdue, then day totals vs range."""
    console.print(_text(f"Today, {view.day:%a %d %b %Y} (now {view.now:%H:%M})", "bold"))
    if not view.items:
        console.print(_text("Nothing is scheduled today. Add an item with: medlog add NAME"))
        return
    table = _table(console, "Item", "Time", "Status", "Dose")
    for line in view.items:
        for row in _today_rows(line):
            table.add_row(*row)
    console.print(table)
    totals = [_total_line(line) for line in view.items if line.figures.taken or line.item.range]
    if totals:
        console.print(_text("Day totals", "bold"))
        for text in totals:
            console.print(text)


def _today_rows(line: TodayItem) -> Iterable[tuple[Text, ...]]:
    item = line.item
    name = _text(item.name)
    if line.as_needed is not None:
        need = line.as_needed
        limit = f" of at most {need.max_per_day}" if need.max_per_day is not None else ""
        when = "next dose any time"
        if need.next_allowed is not None:
            when = f"next dose from {need.next_allowed:%H:%M}"
            if need.next_allowed.date() != line.figures.day:
                when = f"next dose from {need.next_allowed:%a %H:%M}"
        yield name, _text("as needed"), _text(f"{need.count} today{limit}; {when}"), _text("")
        return
    for slot in line.slots:
        clock = f"{slot.time:%H:%M}" if slot.time else "any time"
        state: str = slot.state
        if slot.event is not None:
            state += f" {slot.event.at:%H:%M}"
            if slot.event.type == "skip" and slot.event.reason:
                state += f" ({slot.event.reason})"
        dose = (
            _dose_text(slot.event, item.unit)
            if slot.event
            else (
                format_amount(line.version.dose, item.unit)
                if line.version and line.version.dose is not None
                else ""
            )
        )
        yield name, _text(clock), _text(state, _STATE_STYLES[slot.state]), _text(dose)
        name = _text("")
    for extra in line.figures.extra_doses:
        yield (
            name,
            _text("extra"),
            _text(f"taken {extra.at:%H:%M}", "yellow"),
            _text(_dose_text(extra, item.unit)),
        )
        name = _text("")
    if not line.slots and not line.figures.extra_doses:
        yield name, _text(""), _text("nothing expected today"), _text("")


def _total_line(line: TodayItem) -> Text:
    item, figures = line.item, line.figures
    total = format_amount(figures.total, item.unit)
    if item.range is None:
        return _text(f"  {item.name}: {total} (no documented range)")
    source = f" (source: {item.range.source})"
    documented = range_text(item)
    if item.range.per == "dose":
        off = figures.doses_out_of_range
        verdict = f"{off} dose(s) outside" if off else "each dose within"
        return _text(f"  {item.name}: {total}; {verdict} {documented}{source}")
    if figures.day_verdict is None:
        waiting = "nothing taken yet" if not figures.taken else "so far"
        return _text(f"  {item.name}: {total} {waiting}, of {documented}{source}")
    style = {"above": "bold red", "in": "green", "below": ""}[figures.day_verdict]
    words = {"above": ", ABOVE", "in": ", within", "below": ", below"}[figures.day_verdict]
    return _text(f"  {item.name}: {total}{words} {documented}{source}", style)


def print_items(items: Iterable[Item], console: Console) -> None:
    """The item list: name, kind, current dose and schedule, range and its source."""
    table = _table(console, "Item", "Name", "Kind", "Regimen", "Range (source)")
    count = 0
    for item in items:
        count += 1
        documented = "none" if item.range is None else (f"{range_text(item)} ({item.range.source})")
        table.add_row(
            _text(item.key),
            _text(item.name),
            _text(item.kind),
            _text(_item_summary(item)),
            _text(documented),
        )
    if count:
        console.print(table)
    else:
        console.print(_text("No items yet. Add one with: medlog add NAME (see medlog add --help)"))


def print_history(view: History, today: date, console: Console) -> None:
    """Events of the period in time order; voided ones struck through and marked."""
    from medlog import summary

    table = _table(console, *summary.HISTORY_HEADER, title=f"History {view.since} to {view.until}")
    for entry in view.entries:
        cells = summary.history_cells(entry, today)
        style = (
            "strike dim"
            if entry.voided_by is not None
            else ("dim" if entry.target is not None else "")
        )
        row = [_text(cell) for cell in cells]
        row[2], row[3] = _text(cells[2], style), _text(cells[3], style)
        table.add_row(*row)
    if view.entries:
        console.print(table)
    else:
        console.print(_text(f"Nothing logged from {view.since} to {view.until}."))


def print_catalog(found: Iterable[Substance], query: str | None, console: Console) -> None:
    """Catalog entries with their documented range, its source, and notes."""
    entries = list(found)
    if not entries:
        console.print(
            _text(f"Nothing in the catalog matches {query!r}. medlog catalog lists it all.")
        )
        return
    for substance in entries:
        aliases = f" (also {', '.join(substance.aliases)})" if substance.aliases else ""
        console.print(_text(f"{substance.name}{aliases}", "bold"))
        console.print(_text(f"  {substance.kind}, in {substance.unit}. {substance.summary}"))
        if substance.range is not None:
            documented = range_text(
                Item(
                    substance.id,
                    substance.name,
                    substance.kind,
                    substance.unit,
                    (),
                    range=substance.range,
                )
            )
            console.print(_text(f"  Range: {documented} (source: {substance.range.source})"))
        for note in substance.notes:
            console.print(_text(f"  Note: {note.text} (source: {note.source})"))
    console.print(
        _text("medlog reports documented ranges; it does not give medical advice.", "dim")
    )


_MARK_STYLES = {
    "#": "green",
    "+": "yellow",
    "x": "bold red",
    "s": "cyan",
    "-": "",
    ".": "dim",
    "o": "dark_orange",
    "*": "blue",
    "!": "bold magenta",
}


def print_report(view: Report, console: Console) -> None:
    """The report: one row per item, as-needed use, a calendar strip per item, then the
    days that stood out (extra doses, outside the documented range)."""
    from medlog import summary

    console.print(_text(summary.period_title(view), "bold"))
    if not view.items:
        console.print(_text("No items were in your regimen in this period."))
        return
    scheduled = summary.scheduled_rows(view)
    if scheduled:
        table = _table(console, *summary.SCHEDULED_HEADER)
        for period, cells in scheduled:
            row = [_text(cell) for cell in cells]
            if period.below_threshold:
                row[1] = _text(cells[1], "bold red")
            table.add_row(*row)
        console.print(table)
    if waiting := summary.pending_note(view):
        console.print(_text(waiting, "dim"))
    as_needed = summary.as_needed_rows(view)
    if as_needed:
        table = _table(console, *summary.AS_NEEDED_HEADER, title="As needed")
        for _, cells in as_needed:
            table.add_row(*(_text(cell) for cell in cells))
        console.print(table)
    _print_calendar(view, console)
    _print_section("Extra doses", summary.extra_dose_lines(view), console)
    _print_section("Outside the documented range", summary.out_of_range_lines(view), console)
    console.print(
        _text(
            f"Adherence is doses taken as scheduled over doses expected; below "
            f"{summary.THRESHOLD_TEXT} is flagged. Figures come from your own log; medlog does "
            "not give medical advice.",
            "dim",
        )
    )


def _print_calendar(view: Report, console: Console) -> None:
    """Each item's days as marks, a row per month, under a ruler, with the legend."""
    from medlog import summary

    console.print(_text("Calendar, one mark a day", "bold"))
    months = summary.calendar_rows(view)
    width = max(len(month.label) for month in months)
    console.print(_text(f"  {'':<{width}}  {'':<8}  {summary.CALENDAR_RULER}", "dim"))
    for month in months:
        strip = _text(f"  {month.label:<{width}}  {month.month:<8}  ")
        for mark in month.text():
            strip.append(mark, _MARK_STYLES.get(mark, ""))
        console.print(strip)
    console.print(_text(f"  {summary.LEGEND}", "dim"))
    if note := summary.calendar_note(view):
        console.print(_text(f"  {note}", "dim"))


def _print_section(title: str, sentences: list[str], console: Console) -> None:
    """A bold title and its sentences, indented; nothing when there are none."""
    if sentences:
        console.print(_text(title, "bold"))
        for sentence in sentences:
            console.print(_text(f"  {sentence}"))
